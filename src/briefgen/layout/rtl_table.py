"""A table laid out right to left that is drawn in reading order.

reportlab lays a table's columns out from the left, so a right-to-left brief's table is given to
it mirrored (`layout.measure`: the first column, the labels, last, at the right). reportlab then
draws each row's cells from the left, which put the value before its label in the PDF's content
stream: a screen reader following the page, and outloud's reading-order check (ORD-001, the
page's marked content against its structure tree), met them in the wrong order. This table keeps
the mirrored columns for its shading and rules, and between the two (`_drawBkgrnd`, then the
cells, then `_drawLines`, the order of reportlab's `Table.draw`) turns each row's cells and
their places back, so the cells are drawn first column first, each at its mirrored place. A
split part of it is made by its class (reportlab's `split`), so it is drawn the same way.

Drawn in that order, a row's cells run on leftwards, and a text extractor that follows right-to-
left text (MuPDF's, which outloud reads words with) took the label's last word and the value's
first for one word ("إلى:مدير"). So each cell but a row's last ends with a space, drawn at its
left edge: nothing shows, and copied text has "إلى: مدير" as it should.
"""

from __future__ import annotations

from briefgen.speedups.platypus import Table


class RightToLeftTable(Table):
    """A mirrored table whose cells are drawn in reading order (module doc)."""

    def _drawBkgrnd(self):  # reportlab: the shading, drawn just before the cells
        super()._drawBkgrnd()
        self._turn()

    def _drawCell(self, cellval, cellstyle, pos, size):  # reportlab: one cell, in its tag
        super()._drawCell(cellval, cellstyle, pos, size)
        if pos[0] > min(self._colpositions[:-1]):  # a row's last cell is its leftmost
            _space_after(self.canv, cellval, cellstyle, pos, size)

    def _drawLines(self):  # reportlab: the rules, drawn just after the cells
        self._turn()
        super()._drawLines()

    def _turn(self) -> None:
        """Each row's cells, their styles and their columns' places and widths in the other
        order (its own inverse: done twice, nothing changed). `_colpositions` holds each
        column's left edge and, last, the table's right edge, which stays last."""
        self._cellvalues = [row[::-1] for row in self._cellvalues]
        self._cellStyles = [row[::-1] for row in self._cellStyles]
        edges = self._colpositions
        self._colpositions = [*edges[-2::-1], edges[-1]]
        self._colWidths = self._colWidths[::-1]


def _space_after(canvas, cellval, cellstyle, pos, size) -> None:
    """A space in the cell's font at its text's left end, on its first line (see the module)."""
    first = cellval[0] if isinstance(cellval, (list, tuple)) and cellval else cellval
    style = getattr(first, "style", None)
    if style is None:
        return
    canvas.saveState()
    canvas.setFont(style.fontName, style.fontSize)
    top = pos[1] + size[1] - cellstyle.topPadding
    canvas.drawString(pos[0] + cellstyle.leftPadding, top - style.leading + 0.2 * style.fontSize,
                      " ")
    canvas.restoreState()
