"""Text as Markdown: the escaping, the emphasis and the links of one line of the Markdown brief.

In: runs of text (`compose.document.Run`: text, bold, italic, a link's address) and the style
of the piece they are in. Out: one line of Markdown that reads back as exactly that text, in
that look (`writers.markdown` puts the lines into blocks).

Every character of text is printed literally: where Markdown would read one as markup, it is
escaped with a backslash (the backslash, the backtick, `*`, `_`, `<`, `|`, `~` and `#` anywhere;
`&` before an entity; a bracket where it would make a link; `-`, `+`, `=`, `>`, `[` and `1.`
where a block starts). A link goes exactly where its address says: in the destination, the
characters CommonMark would read (a backslash, brackets, `<` and `>`, `&` before an entity, `|`
in a table cell) are escaped, and white space is percent-encoded.
Emphasis that Markdown cannot express at its place (`*` between a letter outside and
punctuation inside, or right after other emphasis, with which its `*`s would run together) is
left out: the words stay exact, only their look is lost.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from briefgen.compose import document as d
    from briefgen.layout.flow import Style

# Markup anywhere in a line: escapes, code, emphasis, HTML and autolinks, table cells,
# strikethrough, headings; `&` where it would start an entity such as `&amp;`; brackets where
# they would make a link (`](`) or a wiki link (`[[`). Other brackets are left as they are, so
# a citation reads [1]: with no link reference definitions in the document (a `[` is escaped
# where a block starts), `[1]` cannot be a link.
_ANYWHERE = re.compile(r"[\\`*_<|~#]|&(?=#?[0-9A-Za-z]+;)|\[(?=\[)|\](?=\()")
_IN_LINK = re.compile(r"[\\`*_<|~#\[\]]|&(?=#?[0-9A-Za-z]+;)")  # a link's text: every bracket
# Markup where a block starts: list items, quotes, setext underlines, ordered list numbers, link
# reference definitions and task list boxes.
_AT_START = re.compile(r"[-+=>\[]|\d{1,9}(?=[.)])")
_DESTINATION = re.compile(r"[\\()<>]|&(?=#?[0-9A-Za-z]+;)")  # ends or changes a link address
_WHITE = re.compile(r"[\x00-\x20\x7f]")  # white space and controls: not in a link address


def escape(text: str, at_start: bool = False, in_link: bool = False) -> str:
    """Text as Markdown that reads back as exactly this text. `at_start`: it starts a block;
    `in_link`: it is a link's text."""
    text = (_IN_LINK if in_link else _ANYWHERE).sub(lambda m: "\\" + m.group(), text)
    found = _AT_START.match(text) if at_start else None
    if found and found.group().isdigit():
        return text[:found.end()] + "\\" + text[found.end():]
    return "\\" + text if found else text


# ---- emphasis: where CommonMark lets `*` open and close ---------------------------------------


def _space(char: str | None) -> bool:
    """Unicode white space as CommonMark counts it; the start or end of a line counts too."""
    return char is None or char in "\t\n\x0b\x0c\r" or unicodedata.category(char) == "Zs"


def _punctuation(char: str, inside: bool) -> bool:
    """CommonMark 0.31 counts symbols as punctuation, older renderers do not: a character inside
    the emphasis is taken as punctuation if either does, one outside only if both do."""
    category = unicodedata.category(char)
    return category.startswith("P") or (char.isascii() and category.startswith("S")) \
        or (inside and category.startswith("S"))


def _can_open(before: str | None, first: str) -> bool:
    return not _space(first) and (
        not _punctuation(first, True) or _space(before) or _punctuation(before, False))


def _can_close(last: str, after: str | None) -> bool:
    return not _space(last) and (
        not _punctuation(last, True) or _space(after) or _punctuation(after, False))


# ---- inline text ------------------------------------------------------------------------------


class _Part(NamedTuple):
    """Runs in one emphasis: the white space at their ends (kept out of the emphasis), the
    Markdown between (escaped text and links) and the emphasis marks."""

    lead: str
    body: str
    trail: str
    marks: str

    def first(self) -> str | None:
        """The first character this part prints, when it is printed without emphasis."""
        text = self.lead + self.body + self.trail
        return text[0] if text else None


def _body(segments: list[tuple[str, str | None]], start: int, end: int, at_start: bool,
          cell: bool) -> str:
    """Characters start..end of the segments (text, link) as Markdown: text escaped, a link as
    [text](address). `cell`: they are in a table cell."""
    out: list[str] = []
    position = 0
    for text, href in segments:
        piece = text[max(start - position, 0):max(end - position, 0)]
        position += len(text)
        if piece and href:
            if out and out[-1].endswith("!"):  # `![`: an image
                out[-1] = out[-1][:-1] + "\\!"
            out.append(f"[{escape(piece, in_link=True)}]({_destination(href, cell)})")
        elif piece:
            out.append(escape(piece, at_start and not out))
    return "".join(out)


def _parts(runs: d.Runs, style: Style | None, at_start: bool, cell: bool) -> list[_Part]:
    """The runs cut where their emphasis changes. `at_start` goes to the first part that prints
    more than white space: a line's leading white space is not printed (as for unstyled text),
    so that part starts the block, whatever look the white space before it has."""
    bold, italic = (style.bold, style.italic) if style else (False, False)
    spans: list[tuple[str, list[tuple[str, str | None]]]] = []  # marks, [(text, link)]
    for run in runs:
        marks = "*" * (2 * (bold or run.bold) + (italic or run.italic))
        if not spans or spans[-1][0] != marks:
            spans.append((marks, []))
        segments = spans[-1][1]
        if segments and segments[-1][1] == run.href:
            segments[-1] = (segments[-1][0] + run.text, run.href)
        else:
            segments.append((run.text, run.href))
    parts = []
    for n, (marks, segments) in enumerate(spans):
        text = "".join(t for t, _ in segments)
        start, end = 0, len(text)
        while start < end and _space(text[start]):
            start += 1
        while end > start and _space(text[end - 1]):
            end -= 1
        body = _body(segments, start, end, at_start and not any(p.body for p in parts), cell)
        if body.endswith("]") and end == len(text) and n < len(spans) - 1:
            body = body[:-1] + "\\]"  # the next part may start with `(`
        parts.append(_Part(text[:start], body, text[end:], marks))
    return parts


def inline(runs: d.Runs, style: Style | None = None, *, at_start: bool = False,
           before: str | None = None, after: str | None = None, cell: bool = False) -> str:
    """Runs as one line of Markdown, in `style`'s bold and italic as well as their own.
    `before` and `after`: the characters around the line (None: a line's start or end);
    `cell`: the line is a table cell."""
    parts = _parts(runs, style, at_start, cell)
    out: list[str] = []
    last = before  # the last character printed
    closed = False  # does `out` end with a closing `*`?
    for i, part in enumerate(parts):
        following = next((p.first() for p in parts[i + 1:]), after)
        if part.lead and (out or before is not None):  # at a line's start: indentation
            out.append(part.lead)
            last, closed = part.lead[-1], False
        body = part.body
        if part.marks and body and not closed and _can_open(last, body[0]) \
                and _can_close(body[-1], following):  # not closed: `**a***b*` is one run
            out.append(f"{part.marks}{body}{part.marks}")
            last, closed = "*", True
        elif body:
            if body[0] == "[" and last == "!" and out:  # `![`: an image
                out[-1] = out[-1][:-1] + "\\!"
            out.append(body)
            last, closed = body[-1], False
        if part.trail:
            out.append(part.trail)
            last, closed = part.trail[-1], False
    return "".join(out)


def _destination(href: str, cell: bool) -> str:
    """A link's address as a Markdown link destination that the reader's href is exactly: the
    characters that would end or change it escaped (`&#64;` would become `@`, another host),
    white space and control characters (only a template can write them) percent-encoded, as
    a browser would. `cell`: in a table cell, where a `|` would end the cell."""
    escaped = _DESTINATION.sub(lambda m: "\\" + m.group(), href)
    escaped = escaped.replace("|", "\\|") if cell else escaped
    return _WHITE.sub(lambda m: f"%{ord(m.group()):02X}", escaped)
