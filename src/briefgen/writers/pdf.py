"""The PDF writer: a laid-out brief -> PDF bytes, with reportlab.

In: a `LaidOut` (`briefgen.layout.laid_out`). Out: the PDF's bytes. It decides nothing: it draws
the flowables the layout stage measured (or measures the pieces again when the brief came without
them), the logo where the layout placed it, the banner's font runs, and the shared metadata.
The PDF is tagged (PDF/UA-1): `pdf_plan` plans its structure tree, `pdf_tags` marks what is drawn,
`pdf_structure` writes the tree and the XMP metadata before the file is saved.
"""

from __future__ import annotations

import io

from reportlab.lib import colors

from briefgen.layout import banner
from briefgen.layout.laid_out import CREATOR, LaidOut, LogoBox
from briefgen.layout.paragraphs import pdf_font
from briefgen.speedups.platypus import BaseDocTemplate, PageTemplate
from briefgen.writers import pdf_tounicode as tounicode
from briefgen.writers.pdf_plan import Node, Target, plan
from briefgen.writers.pdf_structure import finish
from briefgen.writers.pdf_tags import TaggedCanvas, table_hook, tag_frame

tounicode.install()  # text above U+FFFF copies back as printed (reportlab writes it wrongly)


def _draw_logo(canvas, box: LogoBox, page_height: float) -> None:
    """The logo where the layout put it: top left in the top margin (right in a right-to-left
    brief). Pillow, which reportlab decodes it with, may warn about a file it reads anyway (a
    palette's transparency, say): not the user's concern. It is given as the bytes that were
    checked, not a path: reportlab names an image drawn from a path after the path, and a brief
    must not change when its template folder moves."""
    import warnings

    from reportlab.lib.utils import ImageReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        image = ImageReader(io.BytesIO(box.logo.data))
        canvas.drawImage(image, box.x, page_height - box.y - box.height, box.width, box.height,
                         mask="auto")


def _draw_banner(canvas, laid_out: LaidOut, marking: Node | None) -> None:
    """The banner's line on each of its baselines, centred where the layout put it, piece by
    piece in its fonts, in its style's colour. The first page's top line is the `marking`
    paragraph, read first and once; every other line is page furniture, an artifact (the top
    line a header, the bottom one a footer), so the marking is not read again."""
    placed = laid_out.banner
    size, colour = placed.style.size, placed.style.colour
    shaped = banner.shaped_line(placed.text, laid_out.theme, size, True, colour)
    pieces = banner.line(placed.text, laid_out.theme)
    canvas.setFillColor(colors.HexColor(colour))
    for y, where in zip(placed.baselines, ("Header", "Footer")):
        if marking is not None and where == "Header":
            canvas.begin(marking)
        else:
            canvas.artifact("Pagination", where)
        _draw_pieces(canvas, pieces, shaped, placed.x, y, size, "centre")
        canvas.addLiteral("EMC")


def _draw_pieces(canvas, pieces, shaped, x: float, y: float, size: float, align: str) -> None:
    """A one-line text centred on `x`, ending at it ("right") or starting there ("left"): as a
    shaped line when it needs shaping (`banner.shaped_line`), else piece by piece."""
    from briefgen.layout.shaped_paragraph import draw_line

    width = shaped.width if shaped is not None else sum(w for _, _, w in pieces)
    x -= {"centre": width / 2, "right": width, "left": 0.0}[align]
    if shaped is not None:
        draw_line(canvas, shaped, x, y, size)
        return
    for font, piece, piece_width in pieces:
        canvas.setFont(font, size)
        canvas.drawString(x, y, piece)
        x += piece_width


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


def _draw_marks(canvas, laid_out: LaidOut, page: int) -> None:
    """A longer brief's page number ("Page 1 of 2", right-aligned) and, from page 2 on, its
    running header (left-aligned), where the layout put them (`laid_out.PageMarks`); the other
    way round in a right-to-left brief (`PageMarks.rtl`)."""
    marks, theme = laid_out.marks, laid_out.theme
    size = marks.style.size
    canvas.setFillColor(colors.HexColor(marks.style.colour))
    lines = [(marks.number(page, laid_out.pages), marks.number_baseline, "Footer")]
    if page > 1:
        lines.append((marks.running, marks.running_baseline, "Header"))
    for text, y, where in lines:
        canvas.artifact("Pagination", where)
        pieces = banner.pieces(text, theme, size, False)
        shaped = banner.shaped_line(text, theme, size, False, marks.style.colour)
        right = (where == "Footer") != marks.rtl
        _draw_pieces(canvas, pieces, shaped, marks.right if right else marks.left, y, size,
                     "right" if right else "left")
        canvas.addLiteral("EMC")


def _decorator(laid_out: LaidOut, figure: Node | None, marking: Node | None):
    """What reportlab draws on every page: the logo (on the first page only, when there are
    more), tagged as the `figure` element, and the banner at the top and the bottom; a longer
    brief's page number and running header (`_draw_marks`). On the first page it also sets the
    document's dates."""
    height = laid_out.theme.page_size[1]
    started = []

    def decorate(canvas, doc) -> None:
        if not started:
            canvas._doc._timeStamp = _timestamp(laid_out.metadata.date)
            started.append(doc.page)
        if laid_out.logo and (laid_out.marks is None or doc.page == 1):
            canvas.begin(figure)
            _draw_logo(canvas, laid_out.logo, height)
            canvas.end()
        if laid_out.marks is not None:
            canvas.saveState()
            _draw_marks(canvas, laid_out, doc.page)
            canvas.restoreState()
        if not laid_out.banner:
            return
        canvas.saveState()
        _draw_banner(canvas, laid_out, marking if doc.page == 1 else None)
        canvas.restoreState()

    return decorate


def _flowables(laid_out: LaidOut, targets: list[list[Target]]) -> tuple[list, dict]:
    """What the PDF draws: the measured flowables, with a page break before each piece the
    layout starts on a new page (`layout.pages`); and each flowable's target in the structure
    tree (`pdf_plan`), by its id. A table is drawn from a copy that tags its cells as it draws
    them; a flowable met twice (two equal pieces share one) is copied, to have an id of its
    own."""
    import copy

    from reportlab.platypus import PageBreak

    from briefgen.layout.measure import Layout
    from briefgen.speedups.platypus import Table

    layout = laid_out.layout if laid_out.layout is not None else Layout()
    out: list = []
    found: dict[int, Target] = {}
    breaks = set(laid_out.breaks)
    for i, (group, group_targets) in enumerate(
            zip(layout.groups(laid_out.pieces, laid_out.theme), targets)):
        if i in breaks:
            out.append(PageBreak())
        for flowable, target in zip(group, group_targets):
            if isinstance(flowable, Table):
                flowable = copy.copy(flowable)
                flowable._renderCB = table_hook(target)
            elif id(flowable) in found:
                flowable = copy.copy(flowable)
            found[id(flowable)] = target
            out.append(flowable)
    return out, found


def write(laid_out: LaidOut) -> bytes:
    """The PDF's bytes, drawn from the flowables the layout stage has already laid out, tagged
    (PDF/UA-1): its structure tree planned from the pieces (`pdf_plan`), its marked content
    recorded as it is drawn (`pdf_tags`), the tree and the metadata added before it is saved
    (`pdf_structure`)."""
    from briefgen.layout.pages import body_frame, page_frame

    theme, meta = laid_out.theme, laid_out.metadata
    root, marking, figure, targets = plan(laid_out, laid_out.logo_alt)
    if figure is not None:
        box, height = laid_out.logo, theme.page_size[1]
        bottom = height - box.y - box.height
        figure.attrs = (f"<< /O /Layout /BBox [{box.x:.2f} {bottom:.2f} "
                        f"{box.x + box.width:.2f} {bottom + box.height:.2f}] >>")
    buffer = io.BytesIO()
    width, height = theme.page_size
    frame = page_frame(theme) if laid_out.pages > 1 else body_frame(theme)
    flowables, found = _flowables(laid_out, targets)
    tag_frame(frame, found)
    page = PageTemplate("page", [frame], onPage=_decorator(laid_out, figure, marking))
    doc = BaseDocTemplate(
        buffer, pagesize=(width, height), pageTemplates=[page],
        leftMargin=theme.margin_left, rightMargin=theme.margin_right,
        topMargin=theme.margin_top, bottomMargin=theme.margin_bottom,
        title=meta.title, author=meta.author, subject=meta.subject,
        creator=CREATOR, producer=CREATOR, invariant=1, lang=meta.language,
        initialFontName=pdf_font(theme, False, False), initialFontSize=theme.body_size,
    )
    doc._doSave = 0  # saved below, once the structure tree is added
    doc.build(flowables, canvasmaker=TaggedCanvas)
    finish(doc.canv, root, meta)
    with tounicode.noted(doc.canv.__dict__.get("shaped_texts", {})):
        doc.canv.save()
    return buffer.getvalue()
