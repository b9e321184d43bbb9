"""The banner: the brief's marking, printed in bold on one line at the top and the bottom of the
page, each piece of it in the first font of the chain that has its characters.

In: the marking and the `Theme`. Out: the line as (reportlab font, text, width) pieces, and its
width, which must fit the text width: checked before any fitting, with no more of reportlab than
its font metrics. The PDF writer draws the pieces; the DOCX writer writes the same font runs
(`layout.runs`).
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen.design.theme import Theme
from briefgen.input.text import one_line
from briefgen.layout.runs import spans


def line(text: str, theme: Theme) -> list[tuple[str, str, float]]:
    """(reportlab font, text, width in points) of each piece of the banner line: the text as
    printed on one line (`briefgen.input.text`), each piece in a face that has its characters in
    bold (or, where no bold face has one, in regular), as any other text."""
    return pieces(text, theme, theme.banner_size, True)


def pieces(text: str, theme: Theme, size: float, bold: bool) -> list[tuple[str, str, float]]:
    """(reportlab font, text, width in points) of each piece of a one-line text at this size,
    bold or regular: the banner's, and a longer brief's running header and page number."""
    out = []
    for span in spans(one_line(text), theme, bold, False):
        font = span.pdf_font
        out.append((font, span.text, stringWidth(span.text, font, size)))
    return out


def width(text: str, theme: Theme) -> float:
    """How wide the banner line is, in points (it must fit on one line)."""
    return sum(w for _, _, w in line(text, theme))
