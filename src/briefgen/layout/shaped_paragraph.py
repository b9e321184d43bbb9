"""A paragraph with right-to-left or shaped text, as a reportlab flowable.

In: the paragraph's `Segment`s, its reportlab `ParagraphStyle` (size, leading, indents, space
above, bullet font), its bullet and its direction. Out: a flowable the layout measures and the
PDF writer draws like any other paragraph (`layout.paragraphs` makes one when a run of the
paragraph needs shaping). Its lines come from `layout.shaped_lines`: broken on the shaped widths,
each ordered by the bidi algorithm. A right-to-left paragraph is aligned right, its indents and
its bullet (or number) on the right; a left-to-right one is aligned left, as every other
paragraph is.

Text stays text (`draw_line`): copying, searching and screen readers get the words as written,
whatever glyphs shaping made. A link's text is its Link element's marked content, with its
annotation, as in every other paragraph (`writers.pdf_links`).
"""

from __future__ import annotations

import unicodedata

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen.layout.direction import paragraph_direction
from briefgen.layout.shaped_lines import Breaker, Line, Segment
from briefgen.layout.text_layer import (
    MARKS,
    NUDGE,
    actual_text,
    direction_marks,
    draw_direction_mark,
    draw_glyphs,
    draw_mark,
    label_needs_mark,
)
from briefgen.speedups.platypus import Flowable

UNDERLINE = 0.06  # below the baseline, and thickness, in ems: as reportlab's links


def from_runs(runs, style, look, paragraph_style, bullet: str | None) -> ShapedParagraph:
    """The paragraph of a block's runs (`layout.paragraphs` asks for it when a run needs
    shaping, or when it runs right to left in a brief that does), in `look` (its fonts, bold,
    italic, capitals and colours: `paragraphs._Look`) and reportlab's `paragraph_style`. Its
    direction is its first strong character's, else the brief's (`Style.rtl`)."""
    segments = []
    for run in runs:
        bold, italic = look.bold or run.bold, look.italic or run.italic
        colour = look.colour
        if run.cite and look.cite:
            colour = look.cite
        if run.href and look.link:
            colour = look.link
        for piece in look.chain.pieces(run.text.upper() if look.caps else run.text, bold, italic):
            segments.append(Segment(piece.text, piece.family.pdf_font(piece.bold, piece.italic),
                                    colour, bool(run.href), run.href))
    way = paragraph_direction("".join(run.text for run in runs), "rtl" if style.rtl else "ltr")
    return ShapedParagraph(segments, paragraph_style, bullet, way)


def _note(canvas, font_name: str, private: tuple[tuple[int, str], ...]) -> None:
    """Note on the canvas what glyphs without a character stand for, by the face's PostScript
    name and the glyph's code, the first use in the document deciding: the PDF writer gives
    these to the ToUnicode maps (`writers.pdf_tounicode.noted`)."""
    from reportlab.pdfbase import pdfmetrics

    name = pdfmetrics.getFont(font_name).face.name
    noted = canvas.__dict__.setdefault("shaped_texts", {})
    for code, text in private:
        noted.setdefault((name, code), text)


def _has_marks(text: str) -> bool:
    return any(unicodedata.category(c).startswith("M") for c in text)


class ShapedParagraph(Flowable):
    """A paragraph whose lines are shaped and ordered (see the module's docstring)."""

    def __init__(self, segments: list[Segment], style, bullet: str | None = None,
                 direction: str = "ltr", lines: list[Line] | None = None) -> None:
        super().__init__()
        self.segments = segments
        self.style = style
        self.bulletText = bullet  # `writers.pdf_tags` tags a paragraph with one as a list item
        self.direction = direction
        self._lines = lines  # given: a split part, whose lines are fixed
        self._width: float | None = None

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    def _broken(self, width: float) -> list[Line]:
        if self._lines is not None:
            return self._lines
        if self._width != width:
            breaker = Breaker(self.segments, self.direction, self.style.fontSize)
            self.lines = breaker.lines([max(width - self.style.leftIndent, 1.0)])
            self._width = width
        return self.lines

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = len(self._broken(availWidth)) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        lines = self._broken(availWidth)
        fits = int((availHeight + 1e-6) // self.style.leading)
        if fits <= 0 or fits >= len(lines):
            return [] if fits <= 0 else [self]
        first = ShapedParagraph(self.segments, self.style, self.bulletText, self.direction,
                                lines[:fits])
        rest_style = self.style.clone("rest", spaceBefore=0)
        rest = ShapedParagraph(self.segments, rest_style, None, self.direction, lines[fits:])
        return [first, rest]

    def draw(self) -> None:
        style = self.style
        lines = self._broken(self.width)
        rtl = self.direction == "rtl"
        y = self.height - style.fontSize
        if self.bulletText:
            self._draw_bullet(y, rtl)
        at_right = rtl or style.alignment == TA_RIGHT  # a Latin cell of a right-to-left table
        for line in lines:
            x = self.width - style.leftIndent - line.width if at_right else style.leftIndent
            self._draw_line(line, x, y)
            y -= style.leading

    def _draw_bullet(self, y: float, rtl: bool) -> None:
        """The bullet or number where the hanging indent puts it (mirrored right to left),
        then the tagging canvas is told the label is drawn (`writers.pdf_tags`)."""
        canvas, style = self.canv, self.style
        font, size = style.bulletFontName, style.bulletFontSize
        text = self.bulletText
        x = style.bulletIndent
        if rtl:
            x = self.width - style.bulletIndent - stringWidth(text, font, size)
        canvas.setFillColor(getattr(style, "bulletColor", None) or style.textColor)
        canvas.setFont(font, size)
        canvas.drawString(x, y, text)
        if rtl and label_needs_mark(text):  # just left of it, where the item's text resumes
            draw_mark(canvas, MARKS[True], x - NUDGE, y, size,
                      [font, *(s.font for s in self.segments)])
        told = getattr(canvas, "bullet_drawn", None)
        if told is not None:
            told()

    def _draw_line(self, line: Line, x: float, y: float) -> None:
        draw_line(self.canv, line, x, y, self.style.fontSize)


def draw_line(canvas, line: Line, x: float, y: float, size: float) -> None:
    """A shaped line from `x`, its runs each where the bidi order puts it, drawn in reading
    order (so the content's order is the words'): a paragraph's lines, and the banner's or the
    running header's when they need shaping (`layout.banner.shaped_line`). A left-to-right run
    whose glyphs do not read back as its text (a Devanagari vowel sign drawn before its
    consonant), or that has marks (which readers attach to the letter the mark is drawn over,
    not always the one it follows), is marked with its text as /ActualText; others are not:
    their glyphs' ToUnicode entries say their text. A right-to-left run never is: readers
    (poppler) take its characters as drawn and put them back in reading order, which they
    would undo in an /ActualText."""
    placed = []
    for run in line.runs:
        placed.append((run.start, x, run))
        x += run.width
    placed.sort(key=lambda p: p[0])  # drawn in reading order
    marks = direction_marks(placed, line.rtl)
    for k, (_, x, run) in enumerate(placed):
        for mark in marks.get(k, ()):
            draw_direction_mark(canvas, *mark, y, size)
        segment = run.segment
        colour = colors.HexColor(segment.colour)
        canvas.setFillColor(colour)
        canvas.setFont(segment.font, size)
        marked = not run.rtl and (not run.in_order or _has_marks(run.text))
        tagged = segment.href and getattr(canvas, "current", None) is not None
        if tagged:  # a tagging canvas (`writers.pdf_tags.TaggedCanvas`)
            canvas.begin_link()
        if marked:
            canvas.addLiteral(f"/Span <</ActualText {actual_text(run.text)}>> BDC")
        draw_glyphs(canvas, run, x, y, size)
        if run.private:
            _note(canvas, segment.font, run.private)
        if marked:
            canvas.addLiteral("EMC")
        if segment.href:
            rect = (x, y - 0.25 * size, x + run.width, y + 0.8 * size)
            if tagged:
                canvas.end_link(segment.href, rect)
            else:
                canvas.linkURL(segment.href, rect, relative=1, thickness=0)
        if segment.underline:
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(UNDERLINE * size)
            canvas.line(x, y - UNDERLINE * size * 2, x + run.width, y - UNDERLINE * size * 2)
    for mark in marks.get(len(placed), ()):  # after an island that ends the line
        draw_direction_mark(canvas, *mark, y, size)
