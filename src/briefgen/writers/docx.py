"""The DOCX writer: Document + Theme -> DOCX bytes, with python-docx.

It walks the same flow as the PDF writer and gives every piece the same font, size, exact line
height and space before, so Word and LibreOffice break lines where reportlab did. A character the
theme's font lacks is printed in the fallback font the PDF uses for it (`briefgen.fonts`): its run
names that font in every script slot, so Word and LibreOffice cannot pick another one. Everything is
styled through named Word styles (Heading 1, List Bullet, Quote, Header, Footer, a table style and
a few briefgen styles), so a user can restyle the memo in Word.
"""

from __future__ import annotations

import datetime
import functools
import io
import zipfile

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from briefgen import document as d
from briefgen import fonts
from briefgen.theme import Theme
from briefgen.writers.flow import ATTRIBUTION_SPACE, Piece, Style, grid, pieces, styles

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
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


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


def _pieces(text: str, theme: Theme) -> list[tuple[str | None, str]]:
    """(font, text) pieces: font None for the theme's font (named by the style), else the
    fallback font the PDF prints those characters with."""
    chain = fonts.for_theme(theme)
    return [(None if family is chain.primary else family.name, piece)
            for family, piece in chain.runs(text)]


def _name_font(rpr, name: str, piece: str) -> None:
    """Name one font in every script slot of a run, so the application cannot choose another;
    East Asian text gets the eastAsia hint too."""
    _set_fonts(rpr, name)
    if fonts.has_east_asian(piece):
        rpr.find(qn("w:rFonts")).set(qn("w:hint"), "eastAsia")


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


def _add_runs(paragraph, runs: d.Runs, style: Style, theme: Theme) -> None:
    for run in runs:
        if run.href:
            _add_link(paragraph, run, theme)
            continue
        for font, piece in _pieces(run.text, theme):
            out = paragraph.add_run(piece)
            if font:
                _name_font(out._r.get_or_add_rPr(), font, piece)
            if run.bold and not style.bold:
                out.bold = True
            if run.italic and not style.italic:
                out.italic = True
            if run.cite:
                out.font.color.rgb = RGBColor.from_string(theme.muted[1:])


def _add_link(paragraph, run: d.Run, theme: Theme) -> None:
    rel = paragraph.part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    for font, piece in _pieces(run.text, theme):
        element = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        element.append(rpr)
        if font:
            _name_font(rpr, font, piece)
        colour = OxmlElement("w:color")
        colour.set(qn("w:val"), theme.accent[1:])
        rpr.append(colour)
        text = OxmlElement("w:t")
        text.text = piece
        text.set(qn("xml:space"), "preserve")
        element.append(text)
        link.append(element)
    paragraph._p.append(link)


def _set_style(paragraph, key: str) -> None:
    """Give a paragraph the Word style for `key` by its id (python-docx's own lookup by name
    scans every style, each time)."""
    paragraph._p.get_or_add_pPr().style = STYLE_IDS[STYLE_NAMES[key]]


def _paragraph(container, runs: d.Runs, key: str, style: Style, theme: Theme,
               space: float, prefix: str = ""):
    paragraph = container.add_paragraph()
    _set_style(paragraph, key)
    if space:
        paragraph.paragraph_format.space_before = Pt(space)
    if prefix:
        paragraph.add_run(prefix + "\t")
    _add_runs(paragraph, runs, style, theme)
    return paragraph


def _cell_setting(parent, tag: str, **values: str) -> None:
    element = OxmlElement(tag)
    for attr, value in values.items():
        element.set(qn(f"w:{attr}"), value)
    parent.append(element)


def _twips(points: float) -> str:
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
    table = doc.add_table(rows=len(rows), cols=len(widths))
    table._tbl.tblPr.style = STYLE_IDS[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", theme.cell_padding), ("left", left), ("bottom", theme.cell_padding),
                        ("right", 6.0)):
        _cell_setting(margins, f"w:{side}", w=_twips(value), type="dxa")
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption",
                                           "w:tblDescription")
    for column, w in zip(table.columns, widths):
        column.width = Pt(w)
    for r, cells in enumerate(rows):
        for c, runs in enumerate(cells):
            cell = table.cell(r, c)
            cell.width = Pt(widths[c])
            paragraph = cell.paragraphs[0]
            _set_style(paragraph, kinds[c])
            style = piece.small if kinds[c] == "label" else piece.style
            _add_runs(paragraph, runs, style, theme)
            tc_pr = cell._tc.get_or_add_tcPr()
            if isinstance(block, d.Fields) and r == len(rows) - 1:
                borders = OxmlElement("w:tcBorders")
                _cell_setting(borders, "w:bottom", val="single", sz="6", space="0",
                              color=theme.accent[1:])
                tc_pr.append(borders)
            elif not isinstance(block, d.Fields) and r % 2 == 0:
                _cell_setting(tc_pr, "w:shd", val="clear", color="auto", fill=theme.shade[1:])
    if piece.space:
        _space_before_table(doc, table, piece.space)


def _space_before_table(doc, table, space: float) -> None:
    """A table has no space-before of its own: give it to the first paragraph of each cell."""
    for cell in table.rows[0].cells:
        cell.paragraphs[0].paragraph_format.space_before = Pt(space)


@functools.lru_cache(maxsize=16)
def _skeleton(theme: Theme) -> bytes:
    """An empty document with the page and every style set for this theme: made once per theme
    and process, then opened afresh for each brief."""
    doc = docx.Document()
    _setup(doc, theme, styles(theme))
    body = doc.element.body
    for paragraph in list(doc.paragraphs):  # the template's empty first paragraph
        body.remove(paragraph._p)
    for name in (*STYLE_NAMES.values(), "Header", "Footer", TABLE_STYLE):
        assert doc.styles[name].style_id == STYLE_IDS[name], name
    return _package(doc)


def render(document: d.Document, theme: Theme) -> bytes:
    doc = docx.Document(io.BytesIO(_skeleton(theme)))
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
    return _package(doc)


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

    x, y, width, height = (Pt(v) for v in logo_box(theme))
    run = doc.sections[0].header.paragraphs[0].add_run()
    inline = run.add_picture(theme.logo, width=width, height=height)._inline
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


def _package(doc) -> bytes:
    """The .docx file: python-docx's parts, zipped in its order with fixed timestamps, so the
    same brief gives the same bytes (python-docx stamps the clock into the zip)."""
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from docx.opc.pkgwriter import _ContentTypesItem  # python-docx's [Content_Types].xml maker

    package = doc.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:

        def put(uri, blob: bytes) -> None:
            info = zipfile.ZipInfo(uri.membername, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, blob)

        put(CONTENT_TYPES_URI, _ContentTypesItem.from_parts(parts).blob)
        put(PACKAGE_URI.rels_uri, package.rels.xml)
        for part in parts:
            put(part.partname, part.blob)
            if len(part.rels):
                put(part.partname.rels_uri, part.rels.xml)
    return out.getvalue()


def write(document: d.Document, theme: Theme) -> bytes:
    return render(document, theme)
