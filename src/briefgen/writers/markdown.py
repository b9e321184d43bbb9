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
There is no raw HTML, no logo and no metadata. Every character of text is printed literally,
escaped where Markdown would read it as markup (`writers.markdown_inline`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefgen.compose import document as d
from briefgen.layout.flow import Piece, lists_gathered
from briefgen.writers.markdown_inline import escape, inline

if TYPE_CHECKING:
    from briefgen.layout.laid_out import LaidOut

_NUMBER = re.compile(r"\[(\d{1,9})\]")  # a numbered source's number, printed as [1]
_BULLETS = ("-", "*")  # two lists in a row alternate: with the same marker they would be one
_DELIMITERS = (".", ")")


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
    last_list: tuple[bool, bool] | None = None  # the list just written: ordered, alternate
    for piece in lists_gathered(laid_out.pieces):
        if isinstance(piece, list):
            first = _ordered(piece)
            alternate = last_list == (first is not None, False)
            out.append(_list(piece, first, alternate))
            last_list = (first is not None, alternate)
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
