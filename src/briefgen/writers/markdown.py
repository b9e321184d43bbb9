"""The Markdown writer: a laid-out brief -> Markdown bytes, for email, chat and wikis.

In: the laid-out brief (its `document`, its `theme` and its `pieces` in reading order, those the
PDF is drawn from, so both have the same sections, items and order). Out: CommonMark with GFM
pipe tables, UTF-8, LF line ends, one trailing newline; the same brief gives the same bytes.

What each piece becomes: the banner a bold line at the top and the bottom; a section title a
level-2 heading (as written: capitals are the PDF's style) and a title paragraph a level-1
heading; a list a bullet list, and sources
numbered [1], [2], ... an ordered list 1., 2., ...; a quote a block quote with its attribution
as a second paragraph; a table a pipe table (an empty header row when it has none, as a pipe
table must have one); the TO/FROM/DATE/SUBJECT block one bold label and its value a line (hard
line breaks). A piece's bold or italic style, and each run's, is emphasis; a link is a link.
There is no raw HTML, no logo and no metadata.

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

from briefgen.compose import document as d
from briefgen.layout.flow import Piece, Style

if TYPE_CHECKING:
    from briefgen.layout.laid_out import LaidOut

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
_NUMBER = re.compile(r"\[(\d{1,9})\]")  # a numbered source's number, printed as [1]
_BULLETS = ("-", "*")  # two lists in a row alternate: with the same marker they would be one
_DELIMITERS = (".", ")")


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


# ---- blocks -----------------------------------------------------------------------------------


def _heading(piece: Piece) -> str:
    return "## " + inline((d.Run(piece.block.title),))


def _paragraph(piece: Piece) -> str:
    block: d.Paragraph = piece.block
    if block.role == "title":
        text = inline(block.runs)
        return "# " + text if text else ""
    return inline(block.runs, piece.style, at_start=True)


def _quote(piece: Piece) -> str:
    block: d.Quote = piece.block
    lines = [inline(block.runs, piece.style, at_start=True),
             inline(block.attribution, piece.small, at_start=True)]
    return "\n>\n".join("> " + line for line in lines if line)


def _fields(piece: Piece, laid_out: LaidOut) -> str:
    """One line a field, its label in the label style, lines joined by hard line breaks."""
    rows = laid_out.table(piece).rows
    lines = []
    for n, (label, value) in enumerate(rows):
        end = None if n == len(rows) - 1 else "\\"
        text = inline(value, piece.style, before=" ", after=end)
        head = inline(label, piece.small, at_start=True, after=" " if text else end)
        lines.append(head + (" " + text if text else "") + (end or ""))
    return "\n".join(lines)


def _table(piece: Piece, laid_out: LaidOut) -> str:
    """A pipe table of the laid-out grid's rows, each cell in its column's style; an empty
    header row first when the table has none."""
    grid = laid_out.table(piece)
    rows = list(grid.rows) if piece.block.header else [((),) * len(grid.widths), *grid.rows]
    lines = ["|" + "".join(f" {inline(cell, style, cell=True)} |"
                           for cell, style in zip(cells, grid.styles)) for cells in rows]
    lines.insert(1, "|" + " --- |" * len(grid.widths))
    return "\n".join(lines)


def _ordered(items: list[Piece]) -> int | None:
    """The first number of a numbered list whose numbers are [k], [k+1], ...; else None."""
    numbers = [_NUMBER.fullmatch(p.block.number or "") for p in items]
    if items[0].kind != "number" or not all(numbers):
        return None
    first = int(numbers[0].group(1))
    return first if all(int(m.group(1)) == first + n for n, m in enumerate(numbers)) else None


def _list(items: list[Piece], first: int | None, alternate: bool) -> str:
    """Consecutive items of one list: an ordered list from `first`, or a bullet list whose
    numbered items start with their number as written. `alternate`: the other marker."""
    ordered = first is not None
    lines = []
    for n, piece in enumerate(items):
        block: d.ListItem = piece.block
        if ordered:
            marker = f"{first + n}{_DELIMITERS[alternate]} "
            text = inline(block.runs, piece.style, at_start=True)
        else:
            marker = _BULLETS[alternate] + " "
            number = escape(block.number, True) + " " if piece.kind == "number" and \
                block.number else ""
            text = number + inline(block.runs, piece.style, at_start=not number,
                                   before=" " if number else None)
        lines.append((marker + text).rstrip(" "))
    return "\n".join(lines)


def blocks(laid_out: LaidOut) -> list[str]:
    """The brief's Markdown blocks in reading order, the banner first and last. An item piece
    says whether it ends its list (`Piece.last`): two lists in a row stay two lists."""
    document: d.Document = laid_out.document
    banner = inline((d.Run(document.banner, bold=True),), at_start=True) \
        if document.banner else ""
    out = [banner]
    items: list[Piece] = []
    last_list: tuple[bool, bool] | None = None  # the list just written: ordered, alternate
    for piece in laid_out.pieces:
        if piece.kind in ("item", "number"):
            items.append(piece)
            if piece.last:
                first = _ordered(items)
                alternate = last_list == (first is not None, False)
                out.append(_list(items, first, alternate))
                last_list = (first is not None, alternate)
                items.clear()
            continue
        last_list = None
        out.append(_fields(piece, laid_out) if piece.kind == "fields" else
                   _table(piece, laid_out) if piece.kind == "table" else
                   _WRITERS[piece.kind](piece))
    out.append(banner)
    return [block for block in out if block]


_WRITERS = {"heading": _heading, "paragraph": _paragraph, "quote": _quote}


def write(laid_out: LaidOut) -> bytes:
    """The brief as Markdown: blocks separated by a blank line, ending with one newline."""
    return ("\n\n".join(blocks(laid_out)) + "\n").encode("utf-8")
