"""Font runs: a text cut into spans, each printed in one face of the theme's font chain.

In: a text, the `Theme`, and the bold and italic of its style. Out: `Span`s in reading order.
Every writer that names fonts itself takes its spans from here (the DOCX writer writes one run
per span, the PDF banner draws span by span), so both print each character in the same face; the
PDF's paragraphs cut their markup by the same chain (`layout.paragraphs`).
"""

from __future__ import annotations

from typing import NamedTuple

from briefgen.design.theme import Theme
from briefgen.layout import fonts
from briefgen.layout.fonts import Family


class Span(NamedTuple):
    """A stretch of text printed in one face: `family`'s face for `bold` and `italic` (regular
    where the style's face lacks a character: `font_chain.Piece`)."""

    text: str
    family: Family
    bold: bool
    italic: bool
    primary: bool  # printed in the theme's own font (the one a DOCX style names)

    @property
    def fallback(self) -> str | None:
        """The fallback font's name as a DOCX names it; None for the theme's own font."""
        return None if self.primary else self.family.name

    @property
    def pdf_font(self) -> str:
        """The face as reportlab knows it (registered on first use)."""
        return self.family.pdf_font(self.bold, self.italic)


def spans(text: str, theme: Theme, bold: bool = False, italic: bool = False,
          heading: bool = False) -> list[Span]:
    """The text (normalised as printed) as spans in this style, in the text font's chain (the
    heading font's, `heading`). Raises FontError for a character no font of the chain has."""
    chain = fonts.for_theme(theme, heading)
    return [Span(piece.text, piece.family, piece.bold, piece.italic,
                 piece.family is chain.primary)
            for piece in chain.pieces(text, bold, italic)]
