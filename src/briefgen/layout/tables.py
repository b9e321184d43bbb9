"""Table geometry: how a fields block or a table is laid out, decided once for both writers.

In: a fields or table `Piece` of the flow and the `Theme`. Out: a `Grid`: column widths, the rows
of cells, each column's style, the cell paddings, the rule under the last row and the shading of
alternate rows. The PDF's reportlab table and the DOCX's Word table are both made from it, so
the two formats cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.layout.flow import Piece, Style, grid

RULE_WIDTH = 0.75  # the rule under a fields block, in points
RIGHT_PADDING = 6.0  # keeps a cell's text off the next column
TABLE_LEFT_PADDING = 4.0  # a table's shaded rows start at the margin, its text a little inside
WHITE = "#FFFFFF"


@dataclass(frozen=True)
class Grid:
    """One table's geometry. Lengths in points, colours as '#RRGGBB'."""

    widths: tuple[float, ...]
    rows: tuple[tuple[d.Runs, ...], ...]
    kinds: tuple[str, ...]  # each column's cell kind: "label" and "field", or "cell"
    styles: tuple[Style, ...]  # each column's text style
    top: float  # padding above the text of every cell
    bottom: float
    left: float
    right: float
    rule: str | None  # colour of the rule (RULE_WIDTH) under the last row, if any
    shade: str | None  # colour of the first row and every second row after it (others: WHITE)


def row_headers(block: d.Table) -> bool:
    """Whether the first cell of each row of a table is a row header (it names the row: a
    timeline's date, the figures' figure, the first column of a template's own table): so for
    every table without a header row. The one rule for every format that tags tables (the tagged
    PDF's TH /Scope /Row, the HTML's `<th scope="row">`)."""
    return block.header is None


def table_grid(piece: Piece, theme: Theme) -> Grid:
    """The geometry of a "fields" or "table" piece."""
    block = piece.block
    widths, rows = grid(block, theme)
    pad = theme.cell_padding
    if isinstance(block, d.Fields):
        return Grid(tuple(widths), tuple(rows), ("label", "field"), (piece.small, piece.style),
                    pad, pad, 0.0, RIGHT_PADDING, theme.accent, None)
    return Grid(tuple(widths), tuple(rows), ("cell",) * len(widths),
                (piece.style,) * len(widths), pad, pad, TABLE_LEFT_PADDING, RIGHT_PADDING,
                None, theme.shade)
