"""Web addresses: what a facts file's `url` (or a template's `<a href>`) may be, and the one form
every format writes a link's target in.

In: an address as the user wrote it. Out: `url_problem`, what makes it no web address (None if
it is one); `link_target`, the address in ASCII, as the PDF's /URI (7-bit ASCII only), the
DOCX's relationship, the HTML's `href` and the Markdown link all take it: the host in IDNA
(`bücher.example` -> `xn--bcher-kva.example`) and every other character that may not stand in
a URL percent-encoded as UTF-8 (`straße` -> `stra%C3%9Fe`, `|` -> `%7C`). The text printed stays
as the user wrote it; only the target changes. The same address always gives the same target,
and a target gives itself back (writing it twice changes nothing).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")  # a % that starts no %XX
# what each part keeps as it is: the characters RFC 3986 allows there, and % (a %XX stays)
_SAFE = {"path": "/!$&'()*+,;=:@%", "query": "/?!$&'()*+,;=:@%", "fragment": "/?!$&'()*+,;=:@%"}


def url_problem(text: str) -> str | None:
    """Why `text` is no web address a brief can link to, if it is not: not http(s) with a host,
    white space, a user name or password before the host (`user:pass@host`: a link that can
    show one site and open another), a backslash (browsers read it as `/`, other readers do
    not), a `%` not followed by two hexadecimal digits, or a host with no internet name."""
    try:
        parts = urlsplit(text)
        web = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a malformed address, such as a stray ']' in the host
        web = False
    if not web or any(ch.isspace() for ch in text):
        return "must be a web address starting http:// or https://"
    if "@" in parts.netloc:
        return "must not hold a user name or password before the host (user:pass@)"
    if "\\" in text:
        return "must not hold a backslash (\\); a web address uses /"
    if _PERCENT.search(text):
        return "has a % not followed by two hexadecimal digits (write a percent sign as %25)"
    if _host(parts.hostname or "") is None:
        return "has a host that is no internet name (each part of it 1 to 63 letters, long)"
    return None


def _host(name: str) -> str | None:
    """The host name in ASCII: as written if it is ASCII, else in IDNA; None if it has none."""
    if name.isascii():
        return name
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def link_target(text: str) -> str:
    """The address as a link's target, in ASCII (module doc). An address `url_problem` refuses
    is not checked again: its characters are encoded all the same (a template's own link)."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return quote(text, safe="/:?#[]@!$&'()*+,;=%")
    host = parts.hostname or ""
    netloc = parts.netloc
    if not host.isascii():
        ascii_host = _host(host) or quote(host)
        netloc = netloc.replace(host, ascii_host) if host in netloc else \
            netloc.lower().replace(host, ascii_host)
    scheme = text[:len(parts.scheme)]  # as written: urlsplit lowers it (HTTPS:// stays)
    return urlunsplit((scheme, quote(netloc, safe=":@[]%"),
                       *(quote(_PERCENT.sub("%25", getattr(parts, name)), safe=_SAFE[name])
                         for name in ("path", "query", "fragment"))))
