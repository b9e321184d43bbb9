"""The banner: the brief's marking, printed in bold on one line at the top and the bottom of the
page, each piece of it in the first font of the chain that has its characters.

In: the marking and the `Theme`. Out: the line as (reportlab font, text, width) pieces, and its
width, which must fit the text width: checked before any fitting, with no more of reportlab than
its font metrics (a line with right-to-left or shaped text is shaped and ordered as a
paragraph's, `shaped_line`). The PDF writer draws the pieces; the DOCX writer writes the same font
runs (`layout.runs`).
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen.design.theme import Theme
from briefgen.input.text import one_line
from briefgen.layout import shaping
from briefgen.layout.direction import paragraph_direction
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


def shaped_line(text: str, theme: Theme, size: float, bold: bool, colour: str = "#000000"):
    """A one-line text with right-to-left or shaped text as a `shaped_lines.Line` (its runs
    shaped and in the order shown, `shaped_paragraph.draw_line` draws it); None for any other
    text, drawn piece by piece (`pieces`)."""
    printed = one_line(text)
    if not shaping.needs(printed):
        return None
    from briefgen.layout.shaped_lines import Breaker, Segment

    segments = [Segment(span.text, span.pdf_font, colour)
                for span in spans(printed, theme, bold, False)]
    breaker = Breaker(segments, paragraph_direction(printed), size)
    return breaker.line(0, len(breaker.text))


def width(text: str, theme: Theme) -> float:
    """How wide the banner line is, in points (it must fit on one line)."""
    shaped = shaped_line(text, theme, theme.banner_size, True)
    return shaped.width if shaped is not None else sum(w for _, _, w in line(text, theme))
