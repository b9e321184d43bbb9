"""The PDF writer: Document + Theme -> PDF bytes, with reportlab.

It also lends the fit stage its measurements (`measure`): reportlab knows where lines really
break, and the DOCX uses fonts with the same widths, so one measurement serves both formats.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table
from reportlab.platypus import TableStyle

from briefgen import document as d
from briefgen.theme import Theme
from briefgen.writers.flow import ATTRIBUTION_SPACE, FIELD_LABEL_WIDTH, Piece, Style, pieces

BULLET = "•"


@dataclass(frozen=True)
class Measure:
    """Heights in points: the whole flow, and what each droppable item takes up."""

    height: float
    items: dict[str, float]


def _font(theme: Theme, bold: bool, italic: bool) -> str:
    regular, bold_font, italic_font, bold_italic = theme.pdf_fonts
    return {(False, False): regular, (True, False): bold_font, (False, True): italic_font,
            (True, True): bold_italic}[(bold, italic)]


def _paragraph_style(style: Style, theme: Theme, space: float = 0.0) -> ParagraphStyle:
    return ParagraphStyle(
        "s", fontName=_font(theme, style.bold, style.italic), fontSize=style.size,
        leading=style.line, textColor=colors.HexColor(style.colour), spaceBefore=space,
        spaceAfter=0, leftIndent=style.indent, firstLineIndent=0,
        bulletIndent=style.indent - style.hanging, bulletFontName=_font(theme, False, False),
        bulletFontSize=style.size, splitLongWords=1, embeddedHyphenation=1, allowWidows=1,
        allowOrphans=1, uriWasteReduce=0.3,
    )


def _markup(runs: d.Runs, style: Style, theme: Theme) -> str:
    """reportlab's paragraph markup for these runs. Every character of text is escaped here,
    the one place fact text enters reportlab, so it is always printed literally."""
    parts = []
    for run in runs:
        text = escape(run.text.upper() if style.caps else run.text)
        if run.bold and not style.bold:
            text = f"<b>{text}</b>"
        if run.italic and not style.italic:
            text = f"<i>{text}</i>"
        if run.cite:
            text = f'<font color="{theme.muted}">{text}</font>'
        if run.href:
            text = f'<a href={quoteattr(run.href)} color="{theme.accent}">{text}</a>'
        parts.append(text)
    return "".join(parts)


def _para(runs: d.Runs, style: Style, theme: Theme, space: float = 0.0,
          bullet: str | None = None) -> Paragraph:
    return Paragraph(_markup(runs, style, theme), _paragraph_style(style, theme, space),
                     bulletText=bullet)


def _table(piece: Piece, theme: Theme) -> Table:
    block = piece.block
    width = theme.text_width
    pad = theme.cell_padding
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]
    if isinstance(block, d.Fields):
        widths = [FIELD_LABEL_WIDTH, width - FIELD_LABEL_WIDTH]
        data = [[_para(((d.Run(label + ":"),)), piece.small, theme),
                 _para(runs, piece.style, theme)] for label, runs in block.rows]
        commands.append(("LINEBELOW", (0, -1), (-1, -1), 0.75, colors.HexColor(theme.accent)))
    else:
        widths = [width * w for w in block.widths]
        rows = ([block.header] if block.header else []) + [row.cells for row in block.rows]
        data = [[_para(cell, piece.style, theme) for cell in cells] for cells in rows]
        commands += [("LEFTPADDING", (0, 0), (-1, -1), 4),
                     ("ROWBACKGROUNDS", (0, 0), (-1, -1),
                      [colors.HexColor(theme.shade), colors.white])]
    table = Table(data, colWidths=widths, hAlign="LEFT", style=TableStyle(commands))
    table.spaceBefore = piece.space
    return table


def flowables(document: d.Document, theme: Theme) -> list[tuple[Piece, Flowable]]:
    """Each piece's flowables, in order (a quote gives two: its text and its attribution)."""
    out: list[tuple[Piece, Flowable]] = []
    for piece in pieces(document, theme):
        block = piece.block
        if piece.kind == "heading":
            out.append((piece, _para((d.Run(block.title),), piece.style, theme, piece.space)))
        elif piece.kind == "paragraph":
            out.append((piece, _para(block.runs, piece.style, theme, piece.space)))
        elif piece.kind in ("item", "number"):
            bullet = block.number if piece.kind == "number" else BULLET
            out.append((piece, _para(block.runs, piece.style, theme, piece.space, bullet)))
        elif piece.kind == "quote":
            out.append((piece, _para(block.runs, piece.style, theme, piece.space)))
            out.append((piece, _para(block.attribution, piece.small, theme, ATTRIBUTION_SPACE)))
        else:
            out.append((piece, _table(piece, theme)))
    return out


def measure(document: d.Document, theme: Theme) -> Measure:
    """Lay the flow out on an endless page of the theme's width and report the heights."""
    total = 0.0
    items: dict[str, float] = {}
    for piece, flowable in flowables(document, theme):
        _, height = flowable.wrap(theme.text_width, 1e6)
        used = flowable.getSpaceBefore() + height
        total += used
        key = getattr(piece.block, "key", None)
        if isinstance(flowable, Table) and isinstance(piece.block, d.Table):
            heights = flowable._rowHeights[1 if piece.block.header else 0:]
            for row, row_height in zip(piece.block.rows, heights):
                if row.key:
                    items[row.key] = row_height
        elif key and piece.kind != "heading":
            items[key] = items.get(key, 0.0) + used
    return Measure(total, items)


def render(document: d.Document, theme: Theme) -> tuple[bytes, int]:
    """The PDF's bytes and its number of pages."""
    buffer = io.BytesIO()
    width, height = theme.page_size
    pages = []

    def decorate(canvas, doc) -> None:  # noqa: ANN001 - reportlab's callback signature
        pages.append(doc.page)
        if not document.banner:
            return
        canvas.saveState()
        canvas.setFont(_font(theme, True, False), theme.banner_size)
        canvas.setFillColor(colors.HexColor(theme.text))
        top = height - theme.banner_offset - theme.banner_size
        canvas.drawCentredString(width / 2, top, document.banner)
        canvas.drawCentredString(width / 2, theme.banner_offset, document.banner)
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
    )
    doc.build([flowable for _, flowable in flowables(document, theme)])
    return buffer.getvalue(), len(pages)


def write(document: d.Document, theme: Theme) -> bytes:
    return render(document, theme)[0]
