"""The DOCX skeleton: the page and the Word styles of a theme, made once and kept.

In: a `Theme`. Out: a `docx_package.Skeleton`, the package every DOCX of that theme is written
into (`writers.docx`). The page size and margins, and one named Word style per kind of piece
(Heading 1, List Bullet, Quote, Header, Footer, a table style and a few briefgen styles) with
the same font, size, exact line height and colour as the PDF, so a user can restyle the memo in
Word. A skeleton takes longer to make than a brief to write, so it is kept in the user's cache
folder (`briefgen.disk_cache`) as well as in memory.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from briefgen import disk_cache as cache
from briefgen.caches import current, memo
from briefgen.design.theme import FONT_FAMILIES, Theme
from briefgen.layout.flow import Style, styles
from briefgen.writers import docx_package

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


def font_name(theme: Theme, heading: bool) -> str:
    """The font a style names: Arial or Times New Roman for sans and serif, else the family a
    theme names, as its fonts spell it (the heading font for headings and the title)."""
    font = theme.heading_family if heading else theme.font
    if font in FONT_FAMILIES:
        return FONT_FAMILIES[font]["docx"]
    from briefgen.layout.fonts import for_theme

    return for_theme(theme, heading).primary.name


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
    _set_fonts(target.element.get_or_add_rPr(), font_name(theme, style.heading))
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
    _unlike_the_pdf(target.element)
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return target


# What a built-in style of python-docx's template carries that the PDF does not draw: the Title
# style's letter spacing, kerning and bottom border, say (a title that fits one line in the
# PDF wrapped in Word and LibreOffice, 17 pt wider).
_NOT_DRAWN = {"w:rPr": ("w:spacing", "w:kern", "w:w", "w:position"), "w:pPr": ("w:pBdr", "w:shd")}


def _unlike_the_pdf(style) -> None:
    """Remove from a style's run and paragraph properties what the PDF does not draw."""
    for part, names in _NOT_DRAWN.items():
        props = style.find(qn(part))
        for name in names if props is not None else ():
            for found in props.findall(qn(name)):
                props.remove(found)


def _setup(doc, theme: Theme, styles: dict[str, Style]) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Pt(v) for v in theme.page_size)
    section.top_margin, section.bottom_margin = Pt(theme.margin_top), Pt(theme.margin_bottom)
    section.left_margin, section.right_margin = Pt(theme.margin_left), Pt(theme.margin_right)
    section.header_distance = section.footer_distance = Pt(theme.banner_offset)
    for fonts_element in doc.styles.element.iter(qn("w:rFonts")):  # every style: the theme's font
        _set_fonts(fonts_element.getparent(), font_name(theme, False))
    _east_asian_layout(doc)
    for key, name in STYLE_NAMES.items():
        _paragraph_style(doc, name, styles[key], theme)
    for name in ("Header", "Footer"):
        _paragraph_style(doc, name, styles["banner"], theme).paragraph_format.alignment = \
            WD_ALIGN_PARAGRAPH.CENTER
    table_style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table_style.base_style = doc.styles["Normal Table"]


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


@memo("docx.skeleton")
def skeleton(theme: Theme) -> docx_package.Skeleton:
    """The skeleton for a theme: made once per theme, then opened for each brief. It is kept in
    the user's cache folder (`briefgen.disk_cache`), so a fresh process reads it instead
    of making it again (which takes longer than writing a brief): named after the theme and the
    styles made from it, in a folder named after the code that makes it (this module,
    `docx_package` with the speedups it uses, and python-docx's version)."""
    where = current().disk_folder("docx-skeletons", docx.__version__,
                                  Path(__file__).read_bytes(), *docx_package.code())
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
