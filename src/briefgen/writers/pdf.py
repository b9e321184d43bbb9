"""The PDF writer: Document + Theme -> PDF bytes, with reportlab.

It also lends the fit stage its measurements (`measure`): reportlab knows where lines really
break, and the DOCX uses fonts with the same widths, so one measurement serves both formats.
Each piece of the flow is made of paragraphs from `writers.paragraphs`, laid out once per size
(`Layout`), and drawn from there.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from dataclasses import dataclass, replace

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from briefgen.caches import memo
from briefgen.compose import document as d
from briefgen.design.logo import Logo
from briefgen.design.theme import Theme
from briefgen.layout import banner
from briefgen.writers import pdf_tounicode as tounicode
from briefgen.layout.flow import ATTRIBUTION_SPACE, Piece, Style, grid, label_width, pieces
from briefgen.layout.paragraphs import paragraph, pdf_font
from briefgen.speedups.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

BULLET = "•"
tounicode.install()  # text above U+FFFF copies back as printed (reportlab writes it wrongly)


@dataclass(frozen=True)
class Measure:
    """Heights in points: the whole flow, and what each droppable item takes up."""

    height: float
    items: dict[str, float]


Cell = Callable[[d.Runs, Style], Paragraph]


def _table(piece: Piece, theme: Theme, cell: Cell) -> Table:
    """A fields block or table; `cell` makes each cell's paragraph (`Layout` reuses them when a
    drop has changed the table, so the rows that stay are not laid out again)."""
    block = piece.block
    widths, rows = grid(block, theme)
    pad = theme.cell_padding
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("FONTNAME", (0, 0), (-1, -1), pdf_font(theme, False, False)),  # else Helvetica is named
    ]
    if isinstance(block, d.Fields):
        data = [[cell(label, piece.small), cell(value, piece.style)] for label, value in rows]
        commands.append(("LINEBELOW", (0, -1), (-1, -1), 0.75, colors.HexColor(theme.accent)))
    else:
        data = [[cell(runs, piece.style) for runs in cells] for cells in rows]
        commands += [("LEFTPADDING", (0, 0), (-1, -1), 4),
                     ("ROWBACKGROUNDS", (0, 0), (-1, -1),
                      [colors.HexColor(theme.shade), colors.white])]
    return Table(data, colWidths=widths, hAlign="LEFT", style=TableStyle(commands),
                 splitInRow=1)  # a row taller than a page (--allow-overflow) splits


def _piece_flowables(piece: Piece, theme: Theme, cell: Cell) -> list[Flowable]:
    """A piece's flowables, without the space above the piece (`Layout` adds it): a quote gives
    two, its text and its attribution."""
    block = piece.block
    if piece.kind == "heading":
        return [paragraph((d.Run(block.title),), piece.style, theme)]
    if piece.kind == "paragraph":
        return [paragraph(block.runs, piece.style, theme)]
    if piece.kind in ("item", "number"):
        bullet = block.number if piece.kind == "number" else BULLET
        return [paragraph(block.runs, piece.style, theme, bullet=bullet)]
    if piece.kind == "quote":
        return [paragraph(block.runs, piece.style, theme),
                paragraph(block.attribution, piece.small, theme, ATTRIBUTION_SPACE)]
    return [_table(piece, theme, cell)]


@memo("pdf.inside")
def _inside(theme: Theme) -> Theme:
    """The theme as far as the inside of a piece depends on it: the spacing between pieces
    changes nothing inside one, and a piece's text sizes are in its own styles. (The one other
    thing a text size sets, the width of the fields' label column, is in a fields piece's key.)"""
    return replace(theme, body_size=0.0, small_size=0.0, heading_size=0.0, section_space=0.0,
                   heading_space=0.0, block_space=0.0)


@memo("pdf.spaced")
def _with_space(style: ParagraphStyle, space: float) -> ParagraphStyle:
    spaced = copy.copy(style)
    spaced.spaceBefore = space
    return spaced


def _spaced(flowable: Flowable, space: float) -> Flowable:
    """A piece's first flowable with the space above it (a shallow copy: the lines are shared)."""
    if not space:
        return flowable
    spaced = copy.copy(flowable)
    if isinstance(spaced, Table):
        spaced.spaceBefore = space
    else:
        spaced.style = _with_space(flowable.style, space)
    return spaced


class Layout:
    """One brief's flowables, each piece made and laid out once. The fit stage measures through
    it, and the PDF is drawn from the flowables it measured last, so no piece is laid out twice.
    A piece is known by what its inside depends on: not the space above it, nor the theme's
    sizes but those of its own styles, and for a heading only its title. So a piece that a drop
    only moved, or that a tightening step left at the same sizes (a table in small text while
    the body text shrinks, say), is not laid out again; nor is a table cell that stays."""

    def __init__(self) -> None:
        self._done: dict[tuple, tuple[list[Flowable], float, tuple[float, ...]]] = {}
        self._cells: dict[tuple[d.Runs, Style, Theme], Paragraph] = {}

    def _piece(self, piece: Piece, theme: Theme, inside: Theme) -> tuple[list[Flowable], float,
                                                                         tuple[float, ...]]:
        """A piece's flowables, laid out without the space above it; the height they take; and
        each table row's height. `inside` is `_inside(theme)`."""
        key = (piece.kind, piece.style, piece.small, inside,
               piece.block.title if piece.kind == "heading" else piece.block,
               label_width(theme) if piece.kind == "fields" else None)
        if key not in self._done:

            def cell(runs: d.Runs, style: Style) -> Paragraph:
                if (runs, style, inside) not in self._cells:
                    self._cells[runs, style, inside] = paragraph(runs, style, theme)
                return self._cells[runs, style, inside]

            made = _piece_flowables(piece, theme, cell)
            used = 0.0
            rows: tuple[float, ...] = ()
            for flowable in made:
                _, height = flowable.wrap(theme.text_width, 1e6)
                used += flowable.getSpaceBefore() + height
                if isinstance(flowable, Table) and isinstance(piece.block, d.Table):
                    rows = tuple(flowable._rowHeights[1 if piece.block.header else 0:])
            self._done[key] = made, used, rows
        return self._done[key]

    def measure(self, document: d.Document, theme: Theme) -> Measure:
        """Lay the flow out on an endless page of the theme's width and report the heights."""
        total = 0.0
        items: dict[str, float] = {}
        inside = _inside(theme)
        for piece in pieces(document, theme):
            _, content, rows = self._piece(piece, theme, inside)
            used = piece.space + content
            total += used
            if isinstance(piece.block, d.Table):
                for row, row_height in zip(piece.block.rows, rows):
                    if row.key:
                        items[row.key] = row_height
            elif piece.kind != "heading" and getattr(piece.block, "key", None):
                items[piece.block.key] = used
        return Measure(total, items)

    def flowables(self, document: d.Document, theme: Theme) -> list[Flowable]:
        """The document's flowables, in order."""
        out: list[Flowable] = []
        inside = _inside(theme)
        for piece in pieces(document, theme):
            first, *rest = self._piece(piece, theme, inside)[0]
            out += [_spaced(first, piece.space), *rest]
        return out


def measure(document: d.Document, theme: Theme) -> Measure:
    """The heights of a document laid out on its own."""
    return Layout().measure(document, theme)


def logo_box(theme: Theme) -> tuple[Logo, tuple[float, float, float, float]]:
    """The logo (checked as it is read: `briefgen.design.logo`) and where it goes: x and y of its top
    left corner from the page's top left, width and height, in points. Its height is the
    theme's; its width keeps the image's proportions."""
    from briefgen.design.logo import placed

    logo, width = placed(theme.logo, theme.logo_height, theme.text_width)
    return logo, (theme.margin_left, theme.banner_offset / 2, width, theme.logo_height)


def _draw_logo(canvas, placed: tuple[Logo, tuple[float, float, float, float]],
               page_height: float) -> None:
    """The logo, top left in the top margin. Pillow, which reportlab decodes it with, may warn
    about a file it reads anyway (a palette's transparency, say): not the user's concern. It is
    given as the bytes that were checked, not a path: reportlab names an image drawn from a path
    after the path, and a brief must not change when its template folder moves."""
    import warnings

    from reportlab.lib.utils import ImageReader

    logo, (x, y, w, h) = placed
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        image = ImageReader(io.BytesIO(logo.data))
        canvas.drawImage(image, x, page_height - y - h, w, h, mask="auto")


def _timestamp(iso_date: str):
    """The PDF's creation and modification dates: the brief's date at midnight UTC (reportlab's
    own would be the clock, or a fixed date in invariant mode)."""
    import calendar
    import datetime
    import time

    from reportlab.lib.utils import TimeStamp

    stamp = TimeStamp(invariant=1)
    if iso_date:
        moment = calendar.timegm(datetime.date.fromisoformat(iso_date).timetuple())
        stamp.t, stamp.lt = moment, time.gmtime(moment)
        stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def render(document: d.Document, theme: Theme,
           layout: Layout | None = None) -> tuple[bytes, int]:
    """The PDF's bytes and its number of pages; drawn from the flowables the layout (the fit
    stage's, say) has already laid out, when it has them."""
    buffer = io.BytesIO()
    width, height = theme.page_size
    pages = []
    logo = logo_box(theme) if theme.logo else None  # checked here: reportlab rewraps errors

    def decorate(canvas, doc) -> None:
        if not pages:
            canvas._doc._timeStamp = _timestamp(document.date)
        pages.append(doc.page)
        if logo:
            _draw_logo(canvas, logo, height)
        if not document.banner:
            return
        canvas.saveState()
        canvas.setFillColor(colors.HexColor(theme.text))
        top = height - theme.banner_offset - theme.banner_size
        banner.draw_centred(canvas, document.banner, theme, width / 2, top)
        banner.draw_centred(canvas, document.banner, theme, width / 2,
                            theme.banner_offset)
        canvas.restoreState()

    frame = Frame(theme.margin_left, theme.margin_bottom, theme.text_width, theme.text_height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc = BaseDocTemplate(
        buffer, pagesize=(width, height), pageTemplates=[PageTemplate("page", [frame],
                                                                      onPage=decorate)],
        leftMargin=theme.margin_left, rightMargin=theme.margin_right,
        topMargin=theme.margin_top, bottomMargin=theme.margin_bottom,
        title=document.title, author=document.author, subject=document.title,
        creator="briefgen", producer="briefgen", invariant=1, lang=document.language,
        initialFontName=pdf_font(theme, False, False), initialFontSize=theme.body_size,
    )
    doc.build((layout or Layout()).flowables(document, theme))
    return buffer.getvalue(), len(pages)


def write(document: d.Document, theme: Theme) -> bytes:
    return render(document, theme)[0]
