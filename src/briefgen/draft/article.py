"""Reading an article: a text, Markdown or HTML file -> its headline, date, publisher and
paragraphs of main text.

A saved web page goes through trafilatura, which keeps the article's text and leaves out the
navigation, the comments and the site's furniture; a text or Markdown file is split at blank
lines. What is not the story (a dateline, a byline, a line such as "RELEASE : 12-164") is taken
out of the paragraphs: the dateline gives the article's date, unless `--date` does.

Bounds: a file over `MAX_BYTES` is refused before it is parsed; only the first `MAX_CHARS` of
main text are drafted from (a longer text is cut at a paragraph and the draft says so); parsing
a page, and drafting, stop after `time_limit.MAX_SECONDS` (an HTML bomb cannot hang the command).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from briefgen.draft import Options
from briefgen.errors import BriefgenError, Problem

MAX_BYTES = 5 * 1024 * 1024  # a long feature is ~100 KB of HTML; a saved page rarely 2 MB
MAX_CHARS = 60_000  # about 10,000 words: far beyond what a one-page brief is drafted from

# the days an article's own date may be: relative dates ("next year", "in the 1970s") are read
# against it, and a page's placeholder date (0001-01-01) is no date
FIRST_DAY = datetime.date(1800, 1, 1)
LAST_DAY = datetime.date(2199, 12, 31)

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
# "WASHINGTON -- ", "MUZAFFARABAD, Pakistan -- ", "KIEV (Reuters) - ": the place the story was
# filed from, not part of its first sentence
_PLACE_LINE = re.compile(r"^[A-Z][A-Z.'\- ]{2,40}(?:, [A-Z][\w.' ]{1,30})?\s*"
                         r"(?:\([^)]{1,30}\)\s*(?:--|\u2014|\u2013|-)|--|\u2014|\u2013)\s+(?=\S)")
# a lead opening with its place and date: "GENEVA, March 3, 2025 \u2014", "PARIS, 3 March 2025
# (AFP) -"; the date is the article's (when no other is given) and is no event of its story
_DATED_PLACE = re.compile(r"^[A-Z][A-Z.'\- ]{2,40}(?:, [A-Z][a-z.]{1,12})?, (?P<date>[A-Z][a-z]+"
                          r"\.? \d{1,2},? \d{4}|\d{1,2}\.? [A-Z][a-z\u00e4]+\.? \d{4}|"
                          r"\d{4}-\d\d-\d\d)"
                          r"\s*(?:\([^)]{1,30}\)\s*)?(?:--|\u2014|\u2013|-)\s+(?=\S)")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.\w+")
# what ends a sentence: a full stop, a closing quotation mark of any language (German “, «)
_TERMINAL = re.compile(r"[.!?:;\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a)\]\u2026]$")


@dataclass
class Article:
    """An article as the draft reads it. `paragraphs[0]` is paragraph 1 of the comments."""

    file: str
    title: str
    paragraphs: list[str]
    date: datetime.date | None = None
    publisher: str | None = None
    url: str | None = None
    cut: bool = False  # the text was longer than MAX_CHARS and was cut
    notes: list[str] = field(default_factory=list)


def fail(file: str, message: str) -> BriefgenError:
    """The one-line error for an article that cannot be drafted from."""
    return BriefgenError([Problem(file, message)])


def read_article(path: str, options: Options) -> Article:
    """Read the article at `path`: raises `BriefgenError` for a file that is missing, empty,
    binary, too large or without article text."""
    data = _read(path)
    if _HTML_START.match(data[:4096]) or path.lower().endswith((".html", ".htm", ".xhtml")):
        from briefgen.draft.web_page import read_page

        title, paragraphs, meta = read_page(path, data)
    else:
        text = _decode(path, data)
        markdown = path.lower().endswith((".md", ".markdown")) or text.lstrip().startswith("# ")
        if markdown:
            from briefgen.draft.markdown_text import plain_paragraphs

            title, paragraphs = plain_paragraphs(text)
        else:
            title, paragraphs = _text_paragraphs(text)
        meta = {}
    return _finish(path, title, paragraphs, meta, options)


def _read(path: str) -> bytes:
    """The file's bytes, refused when missing, empty, too large or binary."""
    from briefgen.input.files import TooLarge, read_bytes, reason

    try:
        data = read_bytes(path, MAX_BYTES)
    except TooLarge as exc:
        raise fail(path, f"is {exc.size / 1048576:.1f} MB; an article may be at most "
                         f"{MAX_BYTES // 1048576} MB (give the article's own text)") from None
    except OSError as exc:
        raise fail(path, f"cannot read: {reason(exc)}") from None
    if not data.strip():
        raise fail(path, "is empty: there is no article to draft from")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or _utf16_without_mark(data[:4096]):
        raise fail(path, "is UTF-16 text: save the article as UTF-8")
    if b"\x00" in data[:65536]:
        raise fail(path, "is not text, Markdown or HTML (it holds binary data)")
    return data


def _utf16_without_mark(head: bytes) -> bool:
    """Text saved as UTF-16 without a byte-order mark: every other byte is zero."""
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return (odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0) or (
        even.count(0) >= 0.9 * len(even) and odd.count(0) == 0)


def url_problem(url: str) -> str | None:
    """Why `url` cannot be an article's address in a facts file, or None."""
    from urllib.parse import urlsplit

    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "holds a space or a control character"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return "is not a web address"
    if parts.scheme.lower() not in ("http", "https") or not host:
        return "is not a web address starting http:// or https://"
    if "@" in parts.netloc:
        return "holds a user name or password before the host: give the address without them"
    return None


def _decode(path: str, data: bytes) -> str:
    """UTF-8 text (a byte-order mark dropped), or a one-line error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(path, f"is not UTF-8 text (byte {exc.start + 1} is not UTF-8): save the "
                         "article as UTF-8") from None
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > 8:
        raise fail(path, "is not text, Markdown or HTML (it holds binary data)")
    return text


WRAPPED = 100  # characters: a block with no longer line is hard-wrapped prose


def blocks(text: str) -> list[str]:
    """Paragraphs: text between blank lines, each folded to one line. A block whose lines are
    not hard-wrapped (one is longer than `WRAPPED`) holds a paragraph a line: a text saved with
    single newlines between its paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for block in re.split(r"\n[ \t\f]*\n", text):
        lines = block.split("\n")
        if len(lines) > 1 and max(len(line) for line in lines) > WRAPPED:
            out += [" ".join(line.split()) for line in lines if line.strip()]
        elif block.strip():
            out.append(" ".join(block.split()))
    return out


def _text_paragraphs(text: str) -> tuple[str, list[str]]:
    """A plain text's headline (its first line, when it reads as one) and its paragraphs."""
    paragraphs = blocks(text)
    first = text.strip().split("\n", 1)[0].strip()
    if paragraphs and looks_like_headline(first):
        rest = paragraphs[0][len(" ".join(first.split())):].strip()
        paragraphs = ([rest] if rest else []) + paragraphs[1:]
        return " ".join(first.split()), paragraphs
    return "", paragraphs


def looks_like_headline(line: str) -> bool:
    """A short line that does not end a sentence: a headline."""
    words = line.split()
    return 0 < len(words) <= 25 and len(line) <= 200 and not re.search(r"[.;:,]$", line)


def _finish(path: str, title: str, paragraphs: list[str], meta: dict[str, str],
            options: Options) -> Article:
    """Take the dateline and the furniture out, bound the length, check there is a story."""
    publisher = meta.get("publisher")
    if publisher and (len(publisher) > 60 or len(set(publisher.lower().split())
                                                & set(title.lower().split())) >= 3):
        publisher = None  # the page's title again, not its site's name
    if publisher and "@" in publisher:
        publisher = None  # the host of an address with credentials in it, not a site's name
    article = Article(path, _printable(title), [], publisher=publisher and _printable(publisher))
    article.url = options.url or _page_url(meta.get("url"), article.notes)
    found = options.date or _iso(meta.get("date"))
    total = 0
    for text in paragraphs:
        day = _day(text)
        if day is not None:
            found = found or day
            continue
        if _is_furniture(text) or text == title:
            continue
        placed = _DATED_PLACE.match(text) if not article.paragraphs else None
        if placed and _day(placed.group("date")):
            found = found or _day(placed.group("date"))
            text = text[placed.end():]
        text = _printable(_PLACE_LINE.sub("", text))
        if total + len(text) > MAX_CHARS:
            article.cut = True
            if not article.paragraphs:  # one paragraph longer than the bound: its start
                article.paragraphs.append(_cut(text, MAX_CHARS))
            break
        article.paragraphs.append(text)
        total += len(text)
    article.date = found
    if not article.paragraphs:
        raise fail(path, "holds no article text (no paragraph of sentences was found)")
    if not article.title:
        article.title = _title_from(article.paragraphs[0])
    return article


_ENGLISH_MONTHS = ("January", "January", "February", "March", "April", "May", "June", "July",
                   "August", "September", "October", "November", "December")


def _day(text: str) -> datetime.date | None:
    """The date of a dateline's date or a date line, English or German ("3. M\u00e4rz 2025")."""
    from briefgen.draft.event_dates import dateline
    from briefgen.draft.sentences import GERMAN_MONTHS

    german = re.fullmatch(r"(\d{1,2})\. (\w+) (\d{4})", text.strip().rstrip("."))
    if german and german.group(2) in GERMAN_MONTHS:
        month = _ENGLISH_MONTHS[GERMAN_MONTHS.index(german.group(2))]
        text = f"{german.group(1)} {month} {german.group(3)}"
    return dateline(text)


def _page_url(url: str | None, notes: list[str]) -> str | None:
    """The page's own address, left out (with a note in the draft) when a facts file cannot
    hold it (a user name and password in it, a script address)."""
    if url and url_problem(url):
        notes.append(f"The page's address was left out of the source: it {url_problem(url)}.")
        return None
    return url


def _printable(text: str) -> str:
    """The text without the characters no output may hold (control characters)."""
    from briefgen.input.text import forbidden

    if forbidden(text) is None:
        return text
    return " ".join("".join(c for c in text if forbidden(c) is None).split())


def _cut(text: str, size: int) -> str:
    """The start of a text too long to draft from whole, ended at a sentence if one ends."""
    head = text[:size]
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    return head[:end + 1] if end > 0 else head.rsplit(" ", 1)[0]


def _is_furniture(text: str) -> bool:
    """A line around the story rather than of it: no sentence end and only a few words
    ("Follow NASA: RSS | Twitter", "- end -", "VOA News", a contact block)."""
    words = text.split()
    # word by word: a pattern such as `\S+@\S+` over the whole text is quadratic on a long run
    # of letters without a space
    if len(words) < 30 and (words[-1].startswith(("http://", "https://"))
                            or any(_EMAIL.fullmatch(w) for w in words if "@" in w)):
        return True
    return not _TERMINAL.search(text) and len(words) < 15


def _iso(text: str | None) -> datetime.date | None:
    """A page's `YYYY-MM-DD` publication date, if it has one."""
    if not text:
        return None
    try:
        day = datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def _title_from(lead: str) -> str:
    """No headline: the lead's first words stand in (the draft marks the title for rewriting)."""
    words = lead.split()
    title = " ".join(words[:12]).rstrip(",.;:")
    return title + ("\u2026" if len(words) > 12 else "")
