"""The package parts of a DOCX besides its body: honest properties and settings, and none of
python-docx's default-template leftovers.

In: the python-docx document a skeleton is made from (`docx_styles`), or a brief's package.
Out: the same document without the parts python-docx's template brings that describe another
document or another program (its blank thumbnail, a bibliography item in customXml, a
stylesWithEffects.xml that knows none of the brief's styles, web-view settings), with an
app.xml that names briefgen as the application, a font table of the fonts the styles name (not
the template's), and a settings.xml that the ECMA-376 schema accepts; and core properties that
hold only what is known (docs/word.md)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn

from briefgen import __version__

# What python-docx's default template brings that no brief is: the package's thumbnail (a
# blank page), a bibliography sources item, Word 2010's copy of the styles without ours, web-view
# settings (optional, for saving as a web page), and a font table of the template's fonts
# (Calibri, Cambria, MS Mincho...), replaced by one of the fonts the styles name.
_LEFTOVER_TYPES = frozenset({
    RT.THUMBNAIL, RT.CUSTOM_XML, RT.FONT_TABLE, RT.WEB_SETTINGS, RT.EXTENDED_PROPERTIES,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
})

APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>briefgen/{version}</Application>'
    "<DocSecurity>0</DocSecurity></Properties>"
)


FONT_TABLE = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "{fonts}</w:fonts>"
)


def tidy_package(doc, fonts: tuple[str, ...]) -> None:
    """Drop the template's leftover parts (by their relationships: a part nothing relates to is
    not written), write app.xml (briefgen's name and version) and the font table (`fonts`: the
    fonts the styles name) afresh, and make settings.xml valid."""
    package = doc.part.package
    for rels in (package.rels, doc.part.rels):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in _LEFTOVER_TYPES]:
            del rels[r_id]
    app = APP_XML.format(version=__version__).encode()
    package.relate_to(Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, app,
                           package), RT.EXTENDED_PROPERTIES)
    named = "".join(f'<w:font w:name="{escape(font, {chr(34): "&quot;"})}"/>'
                    for font in dict.fromkeys(fonts))
    table = FONT_TABLE.format(fonts=named).encode()
    doc.part.relate_to(Part(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, table, package),
                       RT.FONT_TABLE)
    _settings(doc.settings.element)


# Settings the template carries about its own editing history, its own thumbnail, or its own
# identity (w14:docId: the same number in every document made from python-docx's template).
_NOT_OURS = ("w:rsids", "w:savePreviewPicture", "w:proofState", "w14:docId")


def _settings(settings) -> None:
    """The zoom the schema requires (`w:percent`; the template's `bestFit` alone is not valid),
    no revision ids, proofing state, preview picture or document id from the template, and the
    theme fonts' language without the template's Japanese for East Asian text (`docx._in_language`
    names the brief's own)."""
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None:
        for name in list(zoom.attrib):
            del zoom.attrib[name]
        zoom.set(qn("w:percent"), "100")
    for name in _NOT_OURS:
        for found in settings.findall(qn(name)):
            settings.remove(found)
    for lang in settings.findall(qn("w:themeFontLang")):
        lang.attrib.pop(qn("w:eastAsia"), None)


# The core properties a brief may leave empty: an empty element claims a value nobody gave.
_MAYBE_EMPTY = ("dc:creator", "dc:title", "dc:subject", "cp:keywords", "dc:description",
                "cp:category", "cp:lastPrinted")


def drop_empty(package) -> None:
    """Remove the core properties with no value (an author of a brief without `from`), and the
    date last printed, which a brief never was."""
    (element,) = (rel.target_part.element for rel in package.rels.values()
                  if rel.reltype == RT.CORE_PROPERTIES)
    for name in _MAYBE_EMPTY:
        for found in element.findall(qn(name)):
            if name == "cp:lastPrinted" or not (found.text or "").strip():
                element.remove(found)
