"""The HTML brief's tables: the TO/FROM/DATE/SUBJECT block and the brief's tables.

In: the writer of the brief being written (`writers.html`: its theme, its runs, its languages
and direction) and one `fields` or `table` piece. Out: the piece's `<table>` as HTML lines.

The TO/FROM block is a table of `<th scope="row">` labels and their values. A table is a
`<table>` with `<th>` only where it has headers: its header row, or, in a table without one
(a timeline, the figures), each row's first cell as its row header, as the tagged PDF does
(`layout.tables.row_headers`). Both take their cells from the grid (`layout.tables`), so the
HTML has the PDF's paddings, rules, shading and column widths.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.compose import document as d
from briefgen.compose.date_labels import brief_day
from briefgen.layout.tables import RIGHT_PADDING, RULE_WIDTH, row_headers, table_grid
from briefgen.writers import html_brief as brief
from briefgen.writers import html_direction as rtl
from briefgen.writers.html_css import css, points, text_style

if TYPE_CHECKING:
    from briefgen.layout.flow import Piece
    from briefgen.writers.html import Writer

ONE_LINE_LABEL = 16  # characters: a longer header label may wrap (a phone has ~340 px)

_e = brief.escape


def fields(self: Writer, piece: Piece) -> str:
    """The TO/FROM block: a table of row headers. Its cells are the grid's
    (`layout.tables`), but not its label column's width, which needs the fonts measured
    (reportlab): the browser sizes the column to its widest label instead, a short label
    on one line, a long one (an audience's own) wrapped so that a phone need not scroll."""
    block: d.Fields = piece.block
    label, value, theme = piece.small or piece.style, piece.style, self.theme
    pad = " ".join(points(v, theme) for v in (theme.cell_padding, RIGHT_PADDING,
                                              theme.cell_padding, 0.0))
    cell = text_style(value, theme, padding=pad, vertical_align="top")
    day = (brief_day(self.laid.document) or "") if self.foreign else ""
    rows = []
    for name, text in block.rows:
        short = len(name + block.colon) <= ONE_LINE_LABEL
        head = text_style(label, theme, padding=pad, text_align="left",
                          vertical_align="top", white_space="nowrap" if short else None,
                          width="1%")
        lang = self.foreign if d.plain_text(text) != day else ""
        lang, look = rtl.cell(lang, cell, text, self.direction)
        rows.append(f'<tr><th scope="row" style="{head}">{_e(name + block.colon)}</th>'
                    f'<td{lang} style="{look}">{self.runs(text, value)}</td></tr>')
    rule = f"{points(RULE_WIDTH, theme)} solid {theme.accent}"
    table = css(border_collapse="collapse", width="100%", border_bottom=rule)
    return "\n".join([f'<table style="{table};{self.margin(piece)}">', *rows, "</table>"])


def table(self: Writer, piece: Piece) -> str:
    """A table: its columns' widths as the grid's shares, its rows shaded in turn, and its
    header row or its rows' first cells as headers."""
    block: d.Table = piece.block
    grid = table_grid(piece, self.theme)  # a table's geometry measures nothing
    named = row_headers(block)  # the first cell of each row names it: as in the PDF
    total = sum(grid.widths)
    cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in grid.widths)
    out = [f'<table style="{css(border_collapse="collapse", width="100%")};'
           f'table-layout:fixed;{self.margin(piece)}">', f"<colgroup>{cols}</colgroup>"]
    padding = " ".join(points(v, self.theme) for v in (grid.top, grid.right, grid.bottom,
                                                       grid.left))
    for n, cells in enumerate(grid.rows):
        header = n == 0 and block.header is not None
        shade = grid.shade if grid.shade and n % 2 == 0 else "#FFFFFF"
        parts = []
        for k, (cell, style) in enumerate(zip(cells, grid.styles)):
            tag, scope = ("th", "col") if header else \
                ("th", "row") if named and k == 0 else ("td", None)
            look = text_style(style, self.theme, padding=padding,
                              text_align="left", vertical_align="top",
                              font_weight="bold" if header or style.bold else "normal")
            attr = f' scope="{scope}"' if scope else self.foreign
            attr, look = rtl.cell(attr, look, cell, self.direction)
            parts.append(f'<{tag}{attr} style="{look}">{self.runs(cell, style)}</{tag}>')
        row = f'<tr style="{css(background_color=shade)}">{"".join(parts)}</tr>'
        out.append(f"<thead>{row}</thead>" if header else row)
    return "\n".join([*out, "</table>"])
