"""The DOCX writer: Document + Theme -> DOCX bytes, with python-docx.

It walks the same flow as the PDF writer and gives every piece the same font, size, exact line
height and space before, so Word and LibreOffice break lines where reportlab did. A character the
theme's font lacks is printed in the fallback font the PDF uses for it (`briefgen.layout.fonts`): its run
names that font in every script slot, so Word and LibreOffice cannot pick another one. Everything is
styled through named Word styles (Heading 1, List Bullet, Quote, Header, Footer, a table style and
a few briefgen styles), so a user can restyle the memo in Word.

The page and the styles are set once per theme, in a skeleton package (`docx_package`) that is
kept in the user's cache folder. Each brief opens the skeleton with only the two parts it writes
into parsed, builds its paragraphs, runs and cells element by element in the schema's order,
and is zipped with the skeleton's other parts as they were deflated once. The same brief and
theme always give the same bytes.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from briefgen.edge import disk_cache as cache
from briefgen.layout import fonts
from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.writers import docx_package
from briefgen.layout.flow import ATTRIBUTION_SPACE, Piece, Style, grid, pieces, styles

# Word style used for each kind of piece (and each paragraph role).
STYLE_NAMES = {
    "heading": "Heading 1", "item": "List Bullet", "number": "Brief Source", "quote": "Quote",
    "attribution": "Brief Attribution", "cell": "Brief Table Text", "field": "Brief Field",
    "label": "Brief Field Label", "body": "Normal", "lead": "Brief Bottom Line",
    "title": "Title", "masthead": "Brief Masthead", "note": "Brief Note",
}
TABLE_STYLE = "Brief Table"
# Word style ids: the names without spaces (checked against python-docx when a skeleton is made).
STYLE_IDS = {name: name.replace(" ", "") for name in (*STYLE_NAMES.values(), "Header", "Footer",
                                                      TABLE_STYLE)}
BREAKS = re.compile(r"[\t\r\n]")  # what python-docx's Run.text turns into w:tab and w:br


def _set_fonts(rpr, name: str) -> None:
    """Name one font for every script slot, dropping theme fonts that would override it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), name)


def _paragraph_style(doc, name: str, style: Style, theme: Theme):
    styles = doc.styles
    try:
        target = styles[name]
    except KeyError:
        target = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        target.base_style = styles["Normal"]
    target.quick_style = True
    font = target.font
    font.size = Pt(style.size)
    font.bold = style.bold
    font.italic = style.italic
    font.all_caps = style.caps
    font.color.rgb = RGBColor.from_string(style.colour[1:])
    _set_fonts(target.element.get_or_add_rPr(), theme.docx_font)
    fmt = target.paragraph_format
    fmt.line_spacing = Pt(style.line)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.left_indent = Pt(style.indent)
    fmt.first_line_indent = Pt(-style.hanging)
    fmt.widow_control = False
    fmt.keep_with_next = name == "Heading 1"
    for contextual in target.element.pPr.findall(qn("w:contextualSpacing")):
        target.element.pPr.remove(contextual)  # List Bullet's: Word would drop the space before
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return target


def _setup(doc, theme: Theme, styles: dict[str, Style]) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Pt(v) for v in theme.page_size)
    section.top_margin, section.bottom_margin = Pt(theme.margin_top), Pt(theme.margin_bottom)
    section.left_margin, section.right_margin = Pt(theme.margin_left), Pt(theme.margin_right)
    section.header_distance = section.footer_distance = Pt(theme.banner_offset)
    for fonts_element in doc.styles.element.iter(qn("w:rFonts")):  # every style: the theme's font
        _set_fonts(fonts_element.getparent(), theme.docx_font)
    _east_asian_layout(doc)
    for key, name in STYLE_NAMES.items():
        _paragraph_style(doc, name, styles[key], theme)
    banner = Style(theme.banner_size, theme.line(theme.banner_size), bold=True,
                   colour=theme.text)
    for name in ("Header", "Footer"):
        _paragraph_style(doc, name, banner, theme).paragraph_format.alignment = \
            WD_ALIGN_PARAGRAPH.CENTER
    table_style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table_style.base_style = doc.styles["Normal Table"]


def _pieces(text: str, theme: Theme, bold: bool = False,
            italic: bool = False) -> list[tuple[str | None, bool, bool, str]]:
    """(font, bold, italic, text) pieces of a text in this style: font None for the theme's font
    (named by the style), else the fallback font the PDF prints those characters with; bold and
    italic as the PDF prints them (regular where the style's face lacks a character)."""
    chain = fonts.for_theme(theme)
    return [(None if piece.family is chain.primary else piece.family.name, piece.bold,
             piece.italic, piece.text) for piece in chain.pieces(text, bold, italic)]


def _east_asian_layout(doc) -> None:
    """Paragraph defaults that keep East Asian text as wide as in the PDF: no extra space between
    East Asian and Latin text or digits, and no punctuation hanging past the right margin. Word
    honours all three; LibreOffice (up to 7.x at least) ignores autoSpaceDE/DN and always adds
    about a fifth of an em at each such boundary, which the fit's safety margin absorbs."""
    ppr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    anchor = ppr.find(qn("w:spacing"))
    for tag in ("w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN"):  # the schema's order
        element = OxmlElement(tag)
        element.set(qn("w:val"), "0")
        if anchor is not None:
            anchor.addprevious(element)
        else:
            ppr.append(element)


def _child(parent, tag: str, **attributes: str):
    """Append a new `tag` element to `parent`, with these w: attributes, and return it. The
    writer builds paragraphs and runs in the schema's order with this: python-docx's setters
    look for each of the (up to forty) elements that may follow the one they add, every time,
    which was most of the time a brief took."""
    element = OxmlElement(tag, {qn(f"w:{name}"): value for name, value in attributes.items()})
    parent.append(element)
    return element


def _format(paragraph, key: str, space: float = 0.0) -> None:
    """Give an empty paragraph the Word style for `key`, by its id (python-docx's lookup by name
    would parse styles.xml), and `space` points before it."""
    ppr = _child(paragraph._p, "w:pPr")
    _child(ppr, "w:pStyle", val=STYLE_IDS[STYLE_NAMES[key]])
    if space:
        _child(ppr, "w:spacing", before=str(Pt(space).twips))  # python-docx's rounding


def _run(parent, font: str | None, piece: str, colour: str | None = None, bold: bool = False,
         italic: bool = False, off: str = ""):
    """A new, empty w:r at the end of `parent`. Its properties: `font` (a fallback font, named in
    every script slot so the application cannot choose another; East Asian text gets the
    eastAsia hint too), bold, italic, the style's bold or italic turned off (`off`: "b", "i" or
    both, where the face printing the piece is regular) and `colour` ('#RRGGBB')."""
    r = _child(parent, "w:r")
    if font or bold or italic or off or colour:
        rpr = _child(r, "w:rPr")
        if font:
            slots = _child(rpr, "w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)
            if fonts.has_east_asian(piece):
                slots.set(qn("w:hint"), "eastAsia")
        if bold or "b" in off:
            _child(rpr, "w:b", **({"val": "0"} if "b" in off else {}))
        if italic or "i" in off:
            _child(rpr, "w:i", **({"val": "0"} if "i" in off else {}))
        if colour:
            _child(rpr, "w:color", val=str(RGBColor.from_string(colour[1:])))
    return r


def _add_text(r, text: str) -> None:
    """`text` into a run as python-docx's Run.text puts it; its character-by-character scan for
    tabs and line breaks (w:tab, w:br) is only run when there are some."""
    if BREAKS.search(text):
        r.text = text
    else:
        r.add_t(text)


def _look(bold: bool, italic: bool, style: Style) -> dict[str, object]:
    """A run's bold and italic as printed, against its paragraph style's: `_run`'s arguments."""
    off = ("b" if style.bold and not bold else "") + ("i" if style.italic and not italic else "")
    return {"bold": bold and not style.bold, "italic": italic and not style.italic, "off": off}


def _add_runs(paragraph, runs: d.Runs, style: Style, theme: Theme) -> None:
    for run in runs:
        if run.href:
            _add_link(paragraph, run, style, theme)
            continue
        for font, bold, italic, piece in _pieces(run.text, theme, style.bold or run.bold,
                                                 style.italic or run.italic):
            r = _run(paragraph._p, font, piece, colour=theme.muted if run.cite else None,
                     **_look(bold, italic, style))
            _add_text(r, piece)


def _add_link(paragraph, run: d.Run, style: Style, theme: Theme) -> None:
    rel = paragraph.part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = _child(paragraph._p, "w:hyperlink")
    link.set(qn("r:id"), rel)
    for font, bold, italic, piece in _pieces(run.text, theme, style.bold, style.italic):
        text = _child(_run(link, font, piece, colour=theme.accent,
                           **_look(bold, italic, style)), "w:t")
        text.text = piece
        text.set(qn("xml:space"), "preserve")


def _paragraph(container, runs: d.Runs, key: str, style: Style, theme: Theme,
               space: float, prefix: str = ""):
    paragraph = container.add_paragraph()
    _format(paragraph, key, space)
    if prefix:
        _add_text(_run(paragraph._p, None, prefix), prefix + "\t")
    _add_runs(paragraph, runs, style, theme)
    return paragraph


def _twips(points: float) -> str:
    """Twentieths of a point, for the table's cell margins."""
    return str(round(points * 20))


def _table(doc, piece: Piece, theme: Theme) -> None:
    block = piece.block
    widths, rows = grid(block, theme)
    if isinstance(block, d.Fields):
        kinds = ["label", "field"]
        left = 0.0
    else:
        kinds = ["cell"] * len(widths)
        left = 4.0
    # not doc.add_table: it looks the default table style up in styles.xml, left unparsed
    table = doc._body.add_table(len(rows), len(widths), Pt(sum(widths)))
    table._tbl.tblPr.style = STYLE_IDS[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", theme.cell_padding), ("left", left), ("bottom", theme.cell_padding),
                        ("right", 6.0)):
        _child(margins, f"w:{side}", w=_twips(value), type="dxa")
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption",
                                           "w:tblDescription")
    for column, w in zip(table.columns, widths):
        column.width = Pt(w)
    for r, (row, cells) in enumerate(zip(table.rows, rows)):
        for c, (cell, runs) in enumerate(zip(row.cells, cells)):
            cell.width = Pt(widths[c])
            paragraph = cell.paragraphs[0]
            # a table has no space before of its own: the first row's paragraphs take it
            _format(paragraph, kinds[c], piece.space if r == 0 else 0.0)
            style = piece.small if kinds[c] == "label" else piece.style
            _add_runs(paragraph, runs, style, theme)
            tc_pr = cell._tc.get_or_add_tcPr()
            if isinstance(block, d.Fields) and r == len(rows) - 1:
                _child(_child(tc_pr, "w:tcBorders"), "w:bottom", val="single", sz="6", space="0",
                       color=theme.accent[1:])
            elif not isinstance(block, d.Fields) and r % 2 == 0:
                _child(tc_pr, "w:shd", val="clear", color="auto", fill=theme.shade[1:])


def _make_skeleton(theme: Theme) -> bytes:
    """The skeleton's .docx bytes, made with python-docx's style API."""
    doc = docx.Document()
    _setup(doc, theme, styles(theme))
    body = doc.element.body
    for paragraph in list(doc.paragraphs):  # the template's empty first paragraph
        body.remove(paragraph._p)
    for name in (*STYLE_NAMES.values(), "Header", "Footer", TABLE_STYLE):
        assert doc.styles[name].style_id == STYLE_IDS[name], name
    return docx_package.zip_entries(docx_package.entries(doc.part.package))


@functools.lru_cache(maxsize=16)
def _skeleton(theme: Theme) -> docx_package.Skeleton:
    """The skeleton for a theme: made once per theme, then opened for each brief. It is kept in
    the user's cache folder (`briefgen.edge.disk_cache`), so a fresh process reads it instead of making it
    again (which takes longer than writing a brief): named after the theme and the styles made
    from it, in a folder named after the code that makes it (this module, `docx_package` with the
    speedups it uses, and python-docx's version)."""
    where = cache.folder("docx-skeletons", docx.__version__, Path(__file__).read_bytes(),
                         *docx_package.code())
    name = cache.digest(repr(theme), repr(sorted(styles(theme).items())))
    path = where / f"{name}.docx" if where is not None else None
    data = cache.read(path) if path is not None else None
    if data is not None:
        try:
            return docx_package.Skeleton.read(data)
        except Exception:  # noqa: BLE001 - a damaged entry is made again
            pass
    data = _make_skeleton(theme)
    if path is not None:
        cache.write(path, data)
    return docx_package.Skeleton.read(data)


def render(document: d.Document, theme: Theme) -> bytes:
    skeleton = _skeleton(theme)
    doc = skeleton.open()
    for piece in pieces(document, theme):
        block = piece.block
        if piece.kind == "heading":
            _paragraph(doc, (d.Run(block.title),), "heading", piece.style, theme, piece.space)
        elif piece.kind == "paragraph":
            _paragraph(doc, block.runs, block.role, piece.style, theme, piece.space)
        elif piece.kind == "item":
            paragraph = _paragraph(doc, block.runs, "item", piece.style, theme, piece.space)
            paragraph.paragraph_format.left_indent = Pt(piece.style.indent)
            paragraph.paragraph_format.first_line_indent = Pt(-piece.style.hanging)
        elif piece.kind == "number":
            _paragraph(doc, block.runs, "number", piece.style, theme, piece.space,
                       prefix=block.number or "")
        elif piece.kind == "quote":
            _paragraph(doc, block.runs, "quote", piece.style, theme, piece.space)
            _paragraph(doc, block.attribution, "attribution", piece.small, theme,
                       ATTRIBUTION_SPACE)
        else:
            _table(doc, piece, theme)
    _banners(doc, document.banner, theme)
    if theme.logo:
        _logo(doc, theme)
    _metadata(doc, document)
    return docx_package.zip_entries(docx_package.entries(doc.part.package, skeleton.kept))


def _banners(doc, banner: str | None, theme: Theme) -> None:
    section = doc.sections[0]
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        paragraph._p.get_or_add_pPr().style = STYLE_IDS[
            "Header" if part is section.header else "Footer"]
        if banner:
            _add_runs(paragraph, (d.Run(banner),), Style(theme.banner_size, 0, bold=True), theme)


def _logo(doc, theme: Theme) -> None:
    """The logo as a floating picture in the page header, placed from the page's corner exactly
    where the PDF draws it; floating, it cannot push the text down."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from briefgen.writers.pdf import logo_box

    logo, box = logo_box(theme)
    x, y, width, height = (Pt(v) for v in box)
    run = doc.sections[0].header.paragraphs[0].add_run()
    inline = run.add_picture(io.BytesIO(logo.data), width=width, height=height)._inline
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp", "a", "pic", "r")} distT="0" distB="0" distL="0" distR="0" '
        'simplePos="0" relativeHeight="0" behindDoc="0" locked="1" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{int(x)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{int(y)}</wp:posOffset></wp:positionV>'
        '</wp:anchor>')
    for name in ("extent", "effectExtent"):
        found = inline.find(qn(f"wp:{name}"))
        if found is not None:
            anchor.append(found)
    anchor.append(parse_xml(f'<wp:wrapNone {nsdecls("wp")}/>'))
    for name in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        anchor.append(inline.find(qn(name)))
    inline.getparent().replace(inline, anchor)


def _metadata(doc, document: d.Document) -> None:
    props = doc.core_properties
    props.title = _property(document.title)
    props.author = _property(document.author)
    props.subject = _property(document.title)
    props.last_modified_by = "briefgen"
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    moment = datetime.datetime(1980, 1, 1)
    if document.date:
        moment = datetime.datetime.fromisoformat(document.date)
    props.created = props.modified = moment
    props.last_printed = moment


def _property(text: str) -> str:
    """A document property: Word allows 255 characters, so a longer text is cut with '…'."""
    return text if len(text) <= 255 else text[:254] + "…"


def write(document: d.Document, theme: Theme) -> bytes:
    return render(document, theme)


def prepare(theme: Theme) -> None:
    """Make the theme's skeleton and read its fonts now (the DOCX process does so while the
    brief is fitted): the regular, bold and italic faces, whose characters decide each piece's
    face in those styles."""
    _skeleton(theme)
    for bold, italic in ((False, False), (True, False), (False, True)):
        _pieces("A", theme, bold, italic)
