"""The DOCX skeleton: the page and the Word styles of a theme, made once and kept.

In: a `Theme`. Out: a `docx_package.Skeleton`, the package every DOCX of that theme is written
into (`writers.docx`). The page size and margins, and one named Word style per kind of piece
(Normal, Title, Heading 1, List Bullet, Quote, Header, Footer, a table style and a few briefgen
styles) with the same font, size, line height ("at least" the PDF's: `docx_lines`), space
before (`docx_gaps`) and colour as the PDF, and character styles for citation marks, links and
speakers, so a user can restyle the memo in Word, through its styles (docs/word.md). The
styles of the body's size and colour take them from Normal. A skeleton takes longer to make
than a brief to write, so it is kept in the user's cache folder (`briefgen.disk_cache`) as well
as in memory.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

from briefgen import __version__
from briefgen import disk_cache as cache
from briefgen.caches import current, memo
from briefgen.design.theme import FONT_FAMILIES, Theme
from briefgen.layout import fonts
from briefgen.layout.flow import Style, styles
from briefgen.writers import docx_gaps as gaps
from briefgen.writers import docx_lines, docx_package, docx_parts

# Word style used for each kind of piece (and each paragraph role).
STYLE_NAMES = {
    "heading": "Heading 1", "item": "List Bullet", "number": "Brief Source", "quote": "Quote",
    "attribution": "Brief Attribution", "cell": "Brief Table Text", "field": "Brief Field",
    "label": "Brief Field Label", "body": "Normal", "lead": "Brief Bottom Line",
    "title": "Title", "masthead": "Brief Masthead", "note": "Brief Note",
}
# Character styles: what a run looks like that differs from its paragraph's style.
CHARACTER_STYLES = {"cite": "Brief Citation", "link": "Hyperlink", "speaker": "Brief Speaker"}
TABLE_STYLE = "Brief Table"
# Each role's styles that differ from its own only in the space before (`docx_gaps`).
VARIANT_NAMES = tuple(gaps.variant_name(name, gap) for key, name in STYLE_NAMES.items()
                      for gap in gaps.variants(key))
# Word style ids: the names without spaces (checked against python-docx when a skeleton is made).
STYLE_IDS = {name: name.replace(" ", "") for name in (
    *STYLE_NAMES.values(), *VARIANT_NAMES, "Header", "Footer", TABLE_STYLE,
    *CHARACTER_STYLES.values())}
LANGUAGE = "en-US"  # the language the styles' text is in (w:lang)


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


def house_font_and_language(doc, theme: Theme) -> None:
    """The one place the styles' font and language are set: the document defaults and Normal
    name the theme's font in every script slot, as does every style that names a font of its
    own (python-docx's Heading 1 and Title name theme fonts); the defaults name the language
    (w:lang)."""
    element = doc.styles.element
    defaults = element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(doc.styles["Normal"].element.get_or_add_rPr(), font_name(theme, False))
    for fonts_element in element.iter(qn("w:rFonts")):
        _set_fonts(fonts_element.getparent(), font_name(theme, False))
    lang = defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        defaults.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _line(fmt, style: Style, theme: Theme) -> None:
    """The style's line height: at least the PDF's (`docx_lines`), exact if the theme's font is
    taller than that line."""
    tall = not docx_lines.fits(fonts.for_theme(theme).primary, style.size, style.line)
    fmt.line_spacing = Pt(style.line)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY if tall else WD_LINE_SPACING.AT_LEAST


# The roles whose text is the body's by definition (`layout.flow.styles`): their styles take
# size, line height and colour from Normal, so that restyling Normal in Word restyles them too.
BODY_SIZED = ("lead", "item", "quote", "field", "label")


def _look(target, key: str, style: Style, body: Style, theme: Theme) -> None:
    """A style's font and line (left to Normal for `BODY_SIZED` roles: python-docx's own size,
    line and colour of a style such as Quote are removed), bold, italic and capitals."""
    font, fmt = target.font, target.paragraph_format
    inherits = key in BODY_SIZED and (style.size, style.line) == (body.size, body.line)
    if inherits:
        font.size = None
        fmt.line_spacing = None
    else:
        font.size = Pt(style.size)
        _line(fmt, style, theme)
    same_colour = key in BODY_SIZED and style.colour == body.colour
    font.color.rgb = None if same_colour else RGBColor.from_string(style.colour[1:])
    font.bold = style.bold
    font.italic = style.italic
    font.all_caps = style.caps


def _paragraph_style(doc, key: str, name: str, styles: dict[str, Style], theme: Theme,
                     space: float):
    """The paragraph style `name` for role `key` (`banner` for Header and Footer), based on
    Normal, with `space` points before it and none after."""
    style, body = styles[key], styles["body"]
    styles = doc.styles
    try:
        target = styles[name]
    except KeyError:
        target = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        target.base_style = styles["Normal"]
    target.quick_style = True
    _look(target, key, style, body, theme)
    heading_font = font_name(theme, True) if style.heading else None
    if heading_font and heading_font != font_name(theme, False):  # others take Normal's font
        _set_fonts(target.element.get_or_add_rPr(), heading_font)
    fmt = target.paragraph_format
    fmt.space_before = Pt(space)
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


def _variants(doc, key: str, base, theme: Theme) -> None:
    """The styles based on a role's style that differ only in the space before (`docx_gaps`):
    hidden in Word's gallery until a brief uses them. Written as XML: python-docx's add_style
    looks through every style by name first, which made the skeleton twice as slow to make."""
    sizes = gaps.gaps(theme)
    for gap in gaps.variants(key):
        name = gaps.variant_name(base.name, gap)
        doc.styles.element.append(parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" '
            f'w:styleId="{STYLE_IDS[name]}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{base.style_id}"/><w:semiHidden/><w:unhideWhenUsed/>'
            f'<w:pPr><w:spacing w:before="{gaps.twips(sizes[gap])}"/></w:pPr></w:style>'))


def _character_styles(doc, styles: dict[str, Style]) -> None:
    """Citation marks in the muted colour, links in the accent and underlined (not told by
    colour alone), speakers in bold."""
    body = styles["body"]
    looks = {"cite": {"colour": body.cite}, "link": {"colour": body.link, "underline": True},
             "speaker": {"bold": True}}
    for key, name in CHARACTER_STYLES.items():
        made = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        colour = looks[key].get("colour")
        if colour:
            made.font.color.rgb = RGBColor.from_string(colour[1:])
        if looks[key].get("bold"):
            made.font.bold = True
        if looks[key].get("underline"):
            made.font.underline = True


def _setup(doc, theme: Theme, styles: dict[str, Style]) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Pt(v) for v in theme.page_size)
    section.top_margin, section.bottom_margin = Pt(theme.margin_top), Pt(theme.margin_bottom)
    section.left_margin, section.right_margin = Pt(theme.margin_left), Pt(theme.margin_right)
    section.header_distance = section.footer_distance = Pt(theme.banner_offset)
    house_font_and_language(doc, theme)
    _east_asian_layout(doc)
    sizes = gaps.gaps(theme)
    for key, name in STYLE_NAMES.items():
        own = sizes[gaps.DEFAULT_GAP.get(key, "block")]
        made = _paragraph_style(doc, key, name, styles, theme, own)
        _variants(doc, key, made, theme)
    for name in ("Header", "Footer"):
        _paragraph_style(doc, "banner", name, styles, theme, 0.0) \
            .paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _character_styles(doc, styles)
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
    for name, style_id in STYLE_IDS.items():
        assert doc.styles[name].style_id == style_id, name
    docx_parts.tidy_package(doc, (font_name(theme, False), font_name(theme, True)))
    return docx_package.zip_entries(docx_package.entries(doc.part.package))


# the modules that decide the styles and the package's other parts (app.xml names the version)
_CODE = (__file__, gaps.__file__, docx_lines.__file__, docx_parts.__file__)


@memo("docx.skeleton")
def skeleton(theme: Theme) -> docx_package.Skeleton:
    """The skeleton for a theme: made once per theme, then opened for each brief. It is kept in
    the user's cache folder (`briefgen.disk_cache`), so a fresh process reads it instead
    of making it again (which takes longer than writing a brief): named after the theme and the
    styles made from it, in a folder named after the code that makes it (this module,
    `docx_package` with the speedups it uses, and python-docx's version)."""
    where = current().disk_folder("docx-skeletons", docx.__version__, __version__,
                                  *(Path(module).read_bytes() for module in _CODE),
                                  *docx_package.code())
    name = cache.digest(repr(theme), repr(sorted(styles(theme).items())),
                        repr(docx_lines.height(fonts.for_theme(theme).primary)))
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
