"""The banner: the brief's marking, printed in bold on one line at the top and the bottom of the
page, each piece of it in the first font of the chain that has its characters.

Apart from the PDF writer so that checking the banner's width, before any fitting, needs no more
of reportlab than its font metrics.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen.layout import fonts
from briefgen.input.text import one_line
from briefgen.design.theme import Theme


def _pieces(text: str, theme: Theme) -> list[tuple[str, str, float]]:
    """(reportlab font, text, width in points) of each piece of the banner line: the text as
    printed on one line (`briefgen.input.text`), each piece in a face that has its characters in bold
    (or, where no bold face has one, in regular), as any other text."""
    size = theme.banner_size
    out = []
    for piece in fonts.for_theme(theme).pieces(one_line(text), True, False):
        font = piece.family.pdf_font(piece.bold, piece.italic)
        out.append((font, piece.text, stringWidth(piece.text, font, size)))
    return out


def width(text: str, theme: Theme) -> float:
    """How wide the banner line is, in points (it must fit on one line)."""
    return sum(w for _, _, w in _pieces(text, theme))


def draw_centred(canvas, text: str, theme: Theme, x: float, y: float) -> None:
    """Draw the banner line centred on x."""
    pieces = _pieces(text, theme)
    x -= sum(w for _, _, w in pieces) / 2
    for font, piece, piece_width in pieces:
        canvas.setFont(font, theme.banner_size)
        canvas.drawString(x, y, piece)
        x += piece_width
