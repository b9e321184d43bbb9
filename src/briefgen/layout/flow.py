"""The flow both writers lay out: every piece of a document in reading order, with its style and
the exact space above it.

In: a `Document` and a `Theme`. Out: `Piece`s. Both writers walk the same pieces, so the PDF and the
DOCX get the same order, styles and spacing. Space only ever comes *before* a piece (never after),
because Word adds a paragraph's space-after to the next one's space-before while reportlab
overlaps them; with space on one side only, both give the same gap.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from briefgen.caches import memo
from briefgen.compose import document as d
from briefgen.design.theme import FONT_FAMILIES, Theme
from briefgen.layout.direction import language_direction

ATTRIBUTION_SPACE = 1.0
NUMBER_WIDTH = 20.0  # room for "[10]" before a numbered source


@dataclass(frozen=True)
class Style:
    """How a piece of text looks: size and line height in points, colour as '#RRGGBB'."""

    size: float
    line: float
    bold: bool = False
    italic: bool = False
    colour: str = "#000000"
    caps: bool = False
    indent: float = 0.0  # left indent of every line
    hanging: float = 0.0  # the first line starts this much to the left of `indent`
    cite: str | None = None  # colour of citation marks ('#RRGGBB'; None: the text's own)
    link: str | None = None  # colour of links ('#RRGGBB'; None: the text's own)
    heading: bool = False  # printed in the theme's heading font (`Theme.heading_font`)
    # the brief's language runs right to left (`direction.language_direction`): a text with no
    # strong character runs right to left, and the PDF mirrors tables and the header block
    rtl: bool = False


@dataclass(frozen=True)
class Piece:
    """One thing to lay out. `kind`: heading, paragraph, item, number, quote, fields, table.
    An item or number says whether it ends its list, for a writer that draws a list as one thing
    (Markdown); the layout's measuring does not key on it."""

    kind: str
    space: float
    style: Style
    block: object  # the Section (for a heading) or the document block / list item
    small: Style | None = None  # second style: attributions, table cells, field labels
    last: bool = False  # an item or number: the last of its list
    section: int = 0  # the index of its section in the document


def lists_gathered(pieces: Sequence[Piece]) -> Iterator[Piece | list[Piece]]:
    """The pieces in reading order, each list's item or number pieces gathered into one list
    (up to its last item, `Piece.last`: two lists in a row stay two), for a writer that writes
    a list as one thing (Markdown, HTML)."""
    items: list[Piece] = []
    for piece in pieces:
        if piece.kind not in ("item", "number"):
            yield piece
            continue
        items.append(piece)
        if piece.last:
            yield items
            items = []
    if items:
        yield items


LABEL_SLACK = 2.0  # points a label column keeps beyond its widest label: Word's widths round
LABEL_MOST = 0.4  # of the text width: the widest a label column grows (a longer label wraps)


def label_width(theme: Theme, block: d.Fields | None = None) -> float:
    """The TO/FROM/DATE/SUBJECT label column: room for "SUBJECT:" in bold capitals of any of the
    theme's fonts (at most 5 em), and its padding; wider when a label of `block` with its colon
    needs more ("DESTINATAIRE :"), so that no label breaks, up to LABEL_MOST of the text."""
    least = round(theme.body_size * 5.2 + 8)
    if block is None or not block.rows:
        return least
    from briefgen.layout.tables import RIGHT_PADDING

    widest = _widest(tuple(name + block.colon for name, _ in block.rows), theme)
    wanted = math.ceil(widest + RIGHT_PADDING + LABEL_SLACK)
    return max(least, min(wanted, math.floor(theme.text_width * LABEL_MOST)))


@memo("layout.labels")
def _widest(labels: tuple[str, ...], theme: Theme) -> float:
    """The width of the widest of these labels, bold at the body size, in the fonts that print
    each of their characters."""
    from briefgen.layout.banner import pieces as measured

    return max(sum(w for _, _, w in measured(label, theme, theme.body_size, True))
               for label in labels)


def grid(block: d.Fields | d.Table, theme: Theme) -> tuple[list[float], list[tuple[d.Runs, ...]]]:
    """A fields block or table as column widths in points and rows of cells: a fields block's
    label (with its colon) and value, or a table's header (if any) and rows."""
    if isinstance(block, d.Fields):
        label = label_width(theme, block)
        return ([label, theme.text_width - label],
                [((d.Run(name + block.colon),), runs) for name, runs in block.rows])
    rows = ([block.header] if block.header else []) + [row.cells for row in block.rows]
    return [theme.text_width * w for w in block.widths], rows


@memo("layout.numbers")
def _number_width(theme: Theme) -> float:
    """Room for a source's number: NUMBER_WIDTH, or in a font family a theme names, as wide as
    "[88]" and a space in it, so that [10] and [1] start their text at the same place."""
    if theme.font in FONT_FAMILIES:  # Liberation's "[88]" fits NUMBER_WIDTH
        return NUMBER_WIDTH
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from briefgen.layout.fonts import for_theme

    regular = for_theme(theme).primary.pdf_font(False, False)
    return max(NUMBER_WIDTH, math.ceil(stringWidth("[88] ", regular, theme.small_size)) + 2)


def styles(theme: Theme) -> dict[str, Style]:
    """Every style of the brief, by role, decided here once for every writer: sizes, line
    heights and colours, citation marks in the theme's muted colour and links in its accent, and
    the banner (the marking at the top and the bottom of each page), bold in the text's colour."""
    body, small = theme.body_size, theme.small_size
    line, small_line = theme.line(body), theme.line(small)

    def style(size: float, height: float, **look) -> Style:
        return Style(size, height, cite=theme.muted, link=theme.accent, **look)

    return {
        "body": style(body, line, colour=theme.text),
        "lead": style(body, line, colour=theme.text),
        "title": style(theme.title_size, theme.line(theme.title_size), bold=True,
                       colour=theme.accent, heading=True),
        "masthead": style(theme.heading_size, theme.line(theme.heading_size), bold=True,
                          colour=theme.accent, caps=True, heading=True),
        "note": style(small, small_line, italic=True, colour=theme.muted),
        "heading": style(theme.heading_size, theme.line(theme.heading_size), bold=True,
                         colour=theme.accent, caps=True, heading=True),
        "item": style(body, line, colour=theme.text, indent=theme.bullet_indent,
                      hanging=theme.bullet_indent),
        "number": style(small, small_line, colour=theme.text, indent=_number_width(theme),
                        hanging=_number_width(theme)),
        "quote": style(body, line, italic=True, colour=theme.text, indent=theme.quote_indent),
        "attribution": style(small, small_line, colour=theme.muted, indent=theme.quote_indent),
        "cell": style(small, small_line, colour=theme.text),
        "field": style(body, line, colour=theme.text),
        "label": style(body, line, bold=True, colour=theme.accent),
        "banner": style(theme.banner_size, theme.line(theme.banner_size), bold=True,
                        colour=theme.text),
    }


def pieces(document: d.Document, theme: Theme) -> list[Piece]:
    """The document's pieces in order. Empty sections are left out. In a brief whose language
    runs right to left, every style says so (`Style.rtl`)."""
    s = styles(theme)
    if language_direction(document.language) == "rtl":
        s = {role: replace(style, rtl=True) for role, style in s.items()}
    out: list[Piece] = []

    def add(kind: str, gap: float, style: Style, block: object, small: Style | None = None,
            last: bool = False) -> None:
        out.append(Piece(kind, gap if out else 0.0, style, block, small, last, index))

    for index, section in enumerate(document.sections):
        if not section.blocks:
            continue
        gap = theme.section_space
        if section.title:
            add("heading", gap, s["heading"], section)
            gap = theme.heading_space
        for block in section.blocks:
            if isinstance(block, d.Paragraph):
                add("paragraph", gap, s[block.role], block)
            elif isinstance(block, d.BulletList):
                kind = "number" if block.numbered else "item"
                for n, item in enumerate(block.items):
                    add(kind, gap, s[kind], item, None, n == len(block.items) - 1)
                    gap = theme.block_space / 2
            elif isinstance(block, d.Quote):
                add("quote", gap, s["quote"], block, s["attribution"])
            elif isinstance(block, d.Fields):
                add("fields", gap, s["field"], block, s["label"])
            elif isinstance(block, d.Table):
                add("table", gap, s["cell"], block)
            gap = theme.block_space
    return out
