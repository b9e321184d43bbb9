"""The PDF and DOCX writers: the same words, order, styles and spacing from one Document."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import docx
import pypdf
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.shared import Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph, Table

from briefgen.compose import document as d
from briefgen.design.theme import TIGHTEN_STEPS, Theme
from briefgen.layout import paragraphs
from briefgen.layout.flow import ATTRIBUTION_SPACE, Style, pieces, styles
from briefgen.layout.laid_out import lay_out
from briefgen.layout.measure import Layout, measure
from briefgen.speedups import fragments as speedy_fragments
from briefgen.writers import docx as docx_writer
from briefgen.writers import docx_styles, pdf

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
THEME = Theme()
URL = "https://example.org/reports/2025?id=7&lang=en"
BANNER = "UNCLASSIFIED"


def flowables(layout: Layout, document: d.Document, theme: Theme) -> list:
    """The measured flowables of a document, as the PDF writer draws them."""
    return layout.flowables(pieces(document, theme), theme)


def render(document: d.Document, theme: Theme) -> tuple[bytes, int]:
    """The PDF of a document laid out as it is, and the pages its layout says it takes."""
    laid = lay_out(document, theme)
    return pdf.write(laid), laid.pages


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def small_document(banner: str | None = BANNER, link: str = URL) -> d.Document:
    return d.Document(
        banner=banner,
        title="Harbour barrier brief",
        author="Resilience desk",
        date="2025-02-03",
        sections=(
            d.Section(None, (
                d.Paragraph((d.Run("Briefing memo"),), "masthead"),
                d.Fields((("TO", (d.Run("Director of works"),)),
                          ("DATE", (d.Run("3 February 2025"),)),
                          ("SUBJECT", (d.Run("Harbour barrier delays", bold=True),)))),
            ), key="header"),
            d.Section(None, (d.Paragraph((d.Run("Harbour barrier status"),), "title"),),
                      key="title"),
            d.Section("Bottom line", (
                d.Paragraph((d.Run("The barrier opens a year late and over budget."),), "lead"),
                d.Paragraph((d.Run("Plain body text follows here."),), "body"),
            ), key="summary"),
            d.Section("Key points", (d.BulletList((
                d.ListItem(key="key_points[0]", runs=(d.Run("Costs rose by "),
                                                      d.Run("forty", bold=True),
                                                      d.Run(" million "),
                                                      d.Run("[1]", cite=True))),
                d.ListItem(key="key_points[1]", priority=2,
                           runs=(d.Run("Works resume in "), d.Run("spring", italic=True),
                                 d.Run("."))),
            )),), key="key_points"),
            d.Section("Timeline", (
                d.Table((0.2, 0.8), (
                    d.Row(key="timeline[0]", cells=((d.Run("2019"),),
                                                    (d.Run("Contract signed"),))),
                    d.Row(key="timeline[1]", cells=((d.Run("2024", italic=True),),
                                                    (d.Run("Storm surge test"),))),
                ), header=((d.Run("When"),), (d.Run("What"),)), drop_from="first"),
                d.Paragraph((d.Run("Dates in italics are approximate."),), "note"),
            ), key="timeline"),
            d.Section("Key quote", (d.Quote(
                key="quotes[0]", runs=(d.Run("“We waited five years.”"),),
                attribution=(d.Run("— "), d.Run("Mayor Jones", bold=True),
                             d.Run(", city hall"))),), key="quotes"),
            d.Section("Sources", (d.BulletList((
                d.ListItem(number="[1]", runs=(d.Run("Harbour News, “Barrier late”, "),
                                               d.Run(link, href=link))),
                d.ListItem(number="[2]", runs=(d.Run("City council minutes"),)),
            ), numbered=True),), key="sources"),
            d.Section(None, (d.Paragraph((d.Run("Prepared by the desk"),), "note"),),
                      key="footer"),
        ),
    )


@pytest.fixture(scope="module")
def document() -> d.Document:
    return small_document()


@pytest.fixture(scope="module")
def pdf_bytes(document) -> bytes:
    return pdf.write(lay_out(document, THEME))


@pytest.fixture(scope="module")
def docx_bytes(document) -> bytes:
    return docx_writer.write(lay_out(document, THEME))


@pytest.fixture(scope="module")
def word(docx_bytes):
    return docx.Document(io.BytesIO(docx_bytes))


def parts(docx_bytes: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        return {name: z.read(name) for name in z.namelist()}


def xml(docx_bytes: bytes, name: str) -> etree._Element:
    return etree.fromstring(parts(docx_bytes)[name])


# -- reading text back --------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Words, case-folded (headings are upper case in the PDF, all-caps styled in the DOCX),
    without bullets (the DOCX draws those from its list numbering)."""
    return [t.casefold() for t in text.split() if any(c.isalnum() for c in t)]


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def paragraph_text(p: etree._Element) -> str:
    out = []
    for el in p.iter(w("t"), w("tab"), w("br")):
        out.append(el.text or "" if el.tag == w("t") else " ")
    return "".join(out)


def body_blocks(word_doc) -> list[DocxParagraph | DocxTable]:
    """The body's paragraphs and tables in order."""
    out = []
    for child in word_doc.element.body.iterchildren():
        if child.tag == w("p"):
            out.append(DocxParagraph(child, word_doc))
        elif child.tag == w("tbl"):
            out.append(DocxTable(child, word_doc))
    return out


def docx_text(word_doc) -> str:
    lines = []
    for block in body_blocks(word_doc):
        if isinstance(block, DocxParagraph):
            lines.append(paragraph_text(block._p))
        else:
            for row in block.rows:
                for cell in row.cells:
                    lines += [paragraph_text(p._p) for p in cell.paragraphs]
    return "\n".join(lines)


def used_style_names(word_doc) -> set[str]:
    """The styles the body, header and footer use, the ones they are based on, and Normal."""
    section = word_doc.sections[0]
    paragraphs = list(section.header.paragraphs) + list(section.footer.paragraphs)
    found = [word_doc.styles["Normal"]]
    for block in body_blocks(word_doc):
        if isinstance(block, DocxParagraph):
            paragraphs.append(block)
        else:
            found.append(block.style)
            paragraphs += [p for row in block.rows for cell in row.cells for p in cell.paragraphs]
    found += [p.style for p in paragraphs]
    names = set()
    for style in found:
        while style is not None and style.name not in names:
            names.add(style.name)
            style = style.base_style
    return names


def role_style(style):
    """A paragraph's role style: its own, or the one its spacing variant is based on."""
    return style.base_style if style.name in docx_styles.VARIANT_NAMES else style


def resolved(style, attribute: str):
    """A paragraph or character format value as its style chain gives it (None: not set)."""
    while style is not None:
        fmt = style.paragraph_format if attribute in ("space_before", "space_after",
                                                      "line_spacing", "line_spacing_rule") \
            else style.font
        value = getattr(fmt, attribute)
        if value is not None:
            return value
        style = style.base_style
    return None


def styled_paragraphs(word_doc) -> list[tuple[str, str, float | None]]:
    """(role style name, text, space before in points as the paragraph's style chain gives it)
    of every body paragraph, cells included."""
    out = []

    def add(p: DocxParagraph) -> None:
        before = p.paragraph_format.space_before or resolved(p.style, "space_before")
        out.append((role_style(p.style).name, paragraph_text(p._p),
                    None if before is None else before.pt))

    for block in body_blocks(word_doc):
        if isinstance(block, DocxParagraph):
            add(block)
        else:
            for row in block.rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        add(p)
    return out


# -- the same words ---------------------------------------------------------------------------


def test_pdf_and_docx_have_the_same_words_in_the_same_order(pdf_bytes, word):
    text = pdf_text(pdf_bytes)
    lines = text.split("\n")
    # the banner is printed at the top and the bottom of the page
    assert text.count(BANNER) == 2
    body = [line for line in lines if line.strip() != BANNER]
    pdf_words = words("\n".join(body))
    assert pdf_words == words(docx_text(word))
    assert pdf_words[:3] == ["briefing", "memo", "to:"]
    assert pdf_words[-4:] == ["prepared", "by", "the", "desk"]
    for phrase in ("costs rose by forty million [1]", "when what 2019 contract signed",
                   "“we waited five years.” mayor jones, city hall", URL.casefold()):
        assert phrase in " ".join(pdf_words)


def test_words_match_without_a_banner():
    doc = small_document(banner=None)
    data, pages = render(doc, THEME)
    assert pages == 1
    word_doc = docx.Document(io.BytesIO(docx_writer.write(lay_out(doc, THEME))))
    assert words(pdf_text(data)) == words(docx_text(word_doc))
    section = word_doc.sections[0]
    assert [p.text for p in section.header.paragraphs] == [""]
    assert [p.text for p in section.footer.paragraphs] == [""]


def test_fact_characters_are_printed_literally():
    text = "Tags <b>bold</b> & <a href='x'>link</a> &amp; {{ 7*7 }}"
    doc = d.Document(None, (d.Section(None, (d.Paragraph((d.Run(text),)),)),))
    assert pdf_text(pdf.write(lay_out(doc, THEME))).strip() == text
    word_doc = docx.Document(io.BytesIO(docx_writer.write(lay_out(doc, THEME))))
    assert docx_text(word_doc) == text


def test_docx_banner_in_header_and_footer(word):
    section = word.sections[0]
    assert [p.text for p in section.header.paragraphs] == [BANNER]
    assert [p.text for p in section.footer.paragraphs] == [BANNER]
    assert section.header.paragraphs[0].style.name == "Header"
    assert section.footer.paragraphs[0].style.name == "Footer"


# -- DOCX styles, spacing and fonts -------------------------------------------------------------


def test_docx_paragraphs_use_the_expected_style_names(word):
    found = [(style, text) for style, text, _ in styled_paragraphs(word)]
    assert found == [
        ("Brief Masthead", "Briefing memo"),
        ("Brief Field Label", "TO:"), ("Brief Field", "Director of works"),
        ("Brief Field Label", "DATE:"), ("Brief Field", "3 February 2025"),
        ("Brief Field Label", "SUBJECT:"), ("Brief Field", "Harbour barrier delays"),
        ("Title", "Harbour barrier status"),
        ("Heading 1", "Bottom line"),
        ("Brief Bottom Line", "The barrier opens a year late and over budget."),
        ("Normal", "Plain body text follows here."),
        ("Heading 1", "Key points"),
        ("List Bullet", "Costs rose by forty million [1]"),
        ("List Bullet", "Works resume in spring."),
        ("Heading 1", "Timeline"),
        ("Brief Table Text", "When"), ("Brief Table Text", "What"),
        ("Brief Table Text", "2019"), ("Brief Table Text", "Contract signed"),
        ("Brief Table Text", "2024"), ("Brief Table Text", "Storm surge test"),
        ("Brief Note", "Dates in italics are approximate."),
        ("Heading 1", "Key quote"),
        ("Quote", "“We waited five years.”"),
        ("Brief Attribution", "— Mayor Jones, city hall"),
        ("Heading 1", "Sources"),
        ("Brief Source", f"[1] Harbour News, “Barrier late”, {URL}"),
        ("Brief Source", "[2] City council minutes"),
        ("Brief Note", "Prepared by the desk"),
    ]


def test_docx_tables_use_the_brief_table_style(word):
    tables = [b for b in body_blocks(word) if isinstance(b, DocxTable)]
    assert len(tables) == 2
    assert all(t.style.name == "Brief Table" for t in tables)


@pytest.mark.parametrize("step", [0, TIGHTEN_STEPS])
def test_docx_styles_have_at_least_line_spacing_and_sizes(document, step):
    theme = THEME.tightened(step)
    word_doc = docx.Document(io.BytesIO(docx_writer.write(lay_out(document, theme))))
    flow_styles = styles(theme)
    own_gap = {"heading": theme.section_space, "item": theme.block_space / 2,
               "number": theme.block_space / 2, "attribution": ATTRIBUTION_SPACE,
               "masthead": 0, "cell": 0, "field": 0, "label": 0}
    for key, name in docx_styles.STYLE_NAMES.items():
        style = word_doc.styles[name]
        expected = flow_styles[key]
        assert resolved(style, "line_spacing_rule") == WD_LINE_SPACING.AT_LEAST, name
        assert resolved(style, "line_spacing").pt == theme.line(expected.size) == expected.line
        assert resolved(style, "size").pt == expected.size, name
        assert style.paragraph_format.space_after.pt == 0, name
        assert style.paragraph_format.space_before.pt == \
            pytest.approx(own_gap.get(key, theme.block_space), abs=0.05), name
    normal = word_doc.styles["Normal"].element.find(f"{w('pPr')}/{w('spacing')}")
    assert normal.get(w("lineRule")) == "atLeast"
    assert int(normal.get(w("line"))) == round(theme.line(theme.body_size) * 20)


def test_docx_body_sized_styles_take_size_and_line_from_normal(word):
    # so that a Word user who restyles Normal restyles all text of the body's size
    for name in ("List Bullet", "Quote", "Brief Bottom Line", "Brief Field", "Brief Field Label"):
        style = word.styles[name]
        assert style.base_style.name == "Normal"
        assert style.font.size is None and style.paragraph_format.line_spacing is None, name
    for name in ("Heading 1", "Title", "Brief Note", "Brief Source", "Brief Table Text"):
        assert word.styles[name].font.size is not None, name


def test_docx_body_paragraphs_carry_no_spacing_size_or_colour(docx_bytes):
    # spacing, sizes and colours live in the styles: no paragraph or run of the body has any
    root = xml(docx_bytes, "word/document.xml")
    for tag in ("spacing", "sz", "szCs", "color", "ind"):
        assert list(root.iter(w(tag))) == [], tag
    assert len(list(root.iter(w("p")))) > 20


def test_docx_paragraphs_have_no_line_spacing_of_their_own(docx_bytes):
    root = xml(docx_bytes, "word/document.xml")
    for spacing in root.iter(w("spacing")):
        assert spacing.get(w("line")) is None and spacing.get(w("lineRule")) is None


def test_docx_space_before_only(docx_bytes, word):
    # every style the brief uses says "no space after" itself, overriding the template's
    # document default; no paragraph adds space after of its own
    for name in sorted(used_style_names(word)):
        style = word.styles[name]
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            assert resolved(style, "space_after") == Pt(0), name
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        for spacing in xml(docx_bytes, name).iter(w("spacing")):
            assert spacing.get(w("after")) in (None, "0"), (name, etree.tostring(spacing))


def test_docx_space_before_equals_the_flows(document, word):
    expected: list[float] = []
    for piece in pieces(document, THEME):
        if piece.kind == "quote":
            expected += [piece.space, ATTRIBUTION_SPACE]
        elif piece.kind in ("fields", "table"):
            block = piece.block
            rows = len(block.rows) + (1 if getattr(block, "header", None) else 0)
            columns = 2 if isinstance(block, d.Fields) else len(block.widths)
            expected += [piece.space] * columns + [0.0] * (columns * (rows - 1))
        else:
            expected.append(piece.space)
    found = [before or 0.0 for _, _, before in styled_paragraphs(word)]
    assert found == pytest.approx(expected)
    assert THEME.section_space in found and THEME.heading_space in found


def _theme_attributes(fonts: etree._Element) -> list[str]:
    return [k for k in fonts.attrib if "Theme" in k]


def test_docx_fonts_are_named_in_document_and_defaults(docx_bytes):
    styles_xml = xml(docx_bytes, "word/styles.xml")
    default = styles_xml.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    assert default is not None
    assert _theme_attributes(default) == []
    assert {default.get(w(s)) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Arial"}
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        for fonts in xml(docx_bytes, name).iter(w("rFonts")):
            assert _theme_attributes(fonts) == [], name
            assert fonts.get(w("ascii")) in (None, "Arial")


def test_docx_used_styles_name_arial_and_no_theme_font(word):
    names = used_style_names(word)
    assert {"Heading 1", "List Bullet", "Quote", "Brief Source", "Normal", "Header",
            "Brief Table"} <= names
    for name in names:
        for fonts in word.styles[name].element.iter(w("rFonts")):
            assert _theme_attributes(fonts) == [], name
            assert fonts.get(w("ascii")) == "Arial", name


def test_docx_no_style_names_a_theme_font(docx_bytes):
    # "Arial everywhere": a style the brief does not use yet (Heading 2, Subtitle) or the
    # character style linked to one it does (Heading 1 Char, Title Char) still names the
    # template's theme fonts (Calibri/Cambria), which Word shows when a user applies it.
    styles_xml = xml(docx_bytes, "word/styles.xml")
    themed = sorted({s.get(w("styleId")) for s in styles_xml.iter(w("style"))
                     for f in s.iter(w("rFonts")) if _theme_attributes(f)})
    assert themed == []


def test_docx_serif_theme_names_times(document):
    theme = Theme(font="serif")
    data = docx_writer.write(lay_out(document, theme))
    root = xml(data, "word/styles.xml")
    default = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    assert default.get(w("ascii")) == "Times New Roman"
    assert "Arial" not in parts(data)["word/document.xml"].decode()


def test_docx_page_setup(word):
    section = word.sections[0]
    assert section.page_width == Pt(612) and section.page_height == Pt(792)
    assert section.left_margin == Pt(THEME.margin_left)
    assert section.top_margin == Pt(THEME.margin_top)


def test_docx_a4_page(document):
    theme = Theme(page="a4")
    section = docx.Document(io.BytesIO(docx_writer.write(lay_out(document, theme)))).sections[0]
    assert section.page_width.pt == pytest.approx(theme.page_size[0], abs=0.05)
    assert section.page_height.pt == pytest.approx(theme.page_size[1], abs=0.05)


# schema order of the children of w:tblPr (ECMA-376 Part 1, CT_TblPr)
TBL_PR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]


def test_docx_table_properties_are_valid(docx_bytes):
    # Word rejects a tblPr whose children repeat or are out of schema order.
    for tbl_pr in xml(docx_bytes, "word/document.xml").iter(w("tblPr")):
        tags = [etree.QName(child).localname for child in tbl_pr]
        assert len(tags) == len(set(tags)), tags
        assert tags == sorted(tags, key=TBL_PR_ORDER.index), tags


def test_docx_metadata(word):
    props = word.core_properties
    assert props.title == "Harbour barrier brief"
    assert props.author == "Resilience desk"
    assert props.created.date().isoformat() == "2025-02-03"


# -- links ------------------------------------------------------------------------------------


def test_docx_link_is_a_hyperlink_relationship(docx_bytes, word):
    rels = {r.rId: r for r in word.part.rels.values() if r.reltype == RELATIONSHIP_TYPE.HYPERLINK}
    assert [r.target_ref for r in rels.values()] == [URL]
    assert all(r.is_external for r in rels.values())
    links = list(xml(docx_bytes, "word/document.xml").iter(w("hyperlink")))
    assert len(links) == 1
    assert links[0].get(f"{{{R}}}id") in rels
    assert paragraph_text(links[0]) == URL


def test_pdf_link_is_a_link_annotation(pdf_bytes):
    page = pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages[0]
    annotations = [a.get_object() for a in page.get("/Annots", [])]
    links = [a for a in annotations if a["/Subtype"] == "/Link"]
    assert [a["/A"]["/URI"] for a in links] == [URL]


def test_no_links_without_hrefs():
    doc = small_document(link="none")
    doc = d.Document(None, doc.sections[:3])
    page = pypdf.PdfReader(io.BytesIO(pdf.write(lay_out(doc, THEME)))).pages[0]
    assert "/Annots" not in page
    word_doc = docx.Document(io.BytesIO(docx_writer.write(lay_out(doc, THEME))))
    assert not [r for r in word_doc.part.rels.values()
                if r.reltype == RELATIONSHIP_TYPE.HYPERLINK]


# -- PDF details --------------------------------------------------------------------------------


def test_pdf_uses_only_the_theme_fonts(pdf_bytes):
    # Liberation Sans, embedded (subset: a six-letter tag before the name)
    page = pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages[0]
    fonts = {f.get_object()["/BaseFont"].split("+")[-1]
             for f in page["/Resources"]["/Font"].values()}
    assert fonts <= {"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic",
                     "LiberationSans-BoldItalic"}
    assert "LiberationSans" in fonts and "LiberationSans-Bold" in fonts


def test_pdf_metadata_and_page_size(pdf_bytes):
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Harbour barrier brief"
    assert reader.metadata.author == "Resilience desk"
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(THEME.page_size)


# -- reproducible output ------------------------------------------------------------------------


def test_docx_zip_has_fixed_timestamps(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        infos = z.infolist()
        assert infos
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert z.testzip() is None


def test_docx_two_writes_give_identical_bytes(document, docx_bytes):
    assert docx_writer.write(lay_out(document, THEME)) == docx_bytes


def test_pdf_two_writes_give_identical_bytes(document, pdf_bytes):
    assert pdf.write(lay_out(document, THEME)) == pdf_bytes


def test_pdf_bytes_do_not_depend_on_the_clock(document, pdf_bytes, monkeypatch):
    import time

    monkeypatch.setattr(time, "time", lambda: 1e9)
    assert pdf.write(lay_out(document, THEME)) == pdf_bytes


# -- measuring ----------------------------------------------------------------------------------


def laid_out_height(document: d.Document, theme: Theme) -> float:
    """How far reportlab's own frame moves down when it lays the flow out on a tall page."""
    tall = 100_000.0
    canvas = Canvas(io.BytesIO(), pagesize=(theme.page_size[0], tall))
    frame = Frame(0, 0, theme.text_width, tall, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0)
    for flowable in flowables(Layout(), document, theme):
        assert frame.add(flowable, canvas)
    return frame._y2 - frame._y


@pytest.mark.parametrize("step", [0, 2, TIGHTEN_STEPS])
def test_measure_equals_the_sum_of_pieces(document, step):
    theme = THEME.tightened(step)
    measured = measure(document, theme)
    total = 0.0
    for flowable in flowables(Layout(), document, theme):
        _, h = flowable.wrap(theme.text_width, 1e6)
        total += flowable.getSpaceBefore() + h
    assert measured.height == pytest.approx(total)
    assert measured.height == pytest.approx(laid_out_height(document, theme))


def test_measure_reports_each_droppable_item(document):
    measured = measure(document, THEME)
    assert set(measured.items) == {"key_points[0]", "key_points[1]", "timeline[0]",
                                   "timeline[1]", "quotes[0]"}
    assert all(h > 0 for h in measured.items.values())
    # a one-line list item takes a line and its gap
    assert measured.items["key_points[1]"] == pytest.approx(
        THEME.line(THEME.body_size) + THEME.block_space / 2)
    # a quote counts its text and its attribution
    assert measured.items["quotes[0]"] > THEME.line(THEME.body_size) + \
        THEME.line(THEME.small_size)


def test_measure_grows_with_more_text(document):
    base = measure(document, THEME).height
    one_more = d.Section("More", (d.Paragraph((d.Run("One more line."),)),))
    longer = d.Document(document.banner, document.sections + (one_more,))
    assert measure(longer, THEME).height > base
    words_ = " ".join(["word"] * 200)
    longest = d.Document(document.banner, document.sections + (
        d.Section("More", (d.Paragraph((d.Run(words_),)),)),))
    assert measure(longest, THEME).height > measure(longer, THEME).height


def test_measure_shrinks_when_tightened(document):
    heights = [measure(document, THEME.tightened(s)).height
               for s in range(TIGHTEN_STEPS + 1)]
    assert heights == sorted(heights, reverse=True)
    assert heights[-1] < heights[0]


def without_first_key_point(document: d.Document) -> d.Document:
    sections = []
    for section in document.sections:
        blocks = tuple(replace(b, items=b.items[1:])
                       if isinstance(b, d.BulletList) and not b.numbered else b
                       for b in section.blocks)
        sections.append(replace(section, blocks=blocks))
    return replace(document, sections=tuple(sections))


def laid_out(flowable) -> object:
    """What a flowable's layout is kept in; a copy made only to add space above shares it."""
    return flowable._cellvalues if isinstance(flowable, Table) else flowable.blPara


def test_a_layout_lays_out_again_only_what_a_step_or_a_drop_changed(document):
    layout = Layout()
    before = flowables(layout, document, THEME)
    # the body text and headings shrink: the table and whatever else is in small text (or
    # the title's size) is reused; the fields, whose label column follows the body size, and
    # every paragraph at the old body size (headings are that size too) are laid out again
    assert THEME.heading_size == THEME.body_size
    after = flowables(layout, document, replace(THEME, body_size=THEME.body_size - 1,
                                               heading_size=THEME.body_size - 1))
    tables = [(a, b) for a, b in zip(before, after) if isinstance(a, Table)]
    (fields_before, fields_after), (table_before, table_after) = tables
    assert laid_out(table_after) is laid_out(table_before)
    assert laid_out(fields_after) is not laid_out(fields_before)
    paragraphs = [(a, b) for a, b in zip(before, after) if isinstance(a, Paragraph)]
    again = [a.text for a, b in paragraphs if laid_out(a) is not laid_out(b)]
    assert [a.text for a, _ in paragraphs if a.style.fontSize == THEME.body_size] == \
        [text for text in again if not text.startswith("— ")]  # (a quote's attribution
    assert {a.text for a, _ in paragraphs} - set(again) == {  # goes with its text)
        "Harbour barrier status", "Dates in italics are approximate.", "City council minutes",
        "Prepared by the desk", f'Harbour News, “Barrier late”, <a href="{URL}" '
                                f'color="{THEME.accent}" underline="1">{URL}</a>'.replace("&", "&amp;")}
    # a drop lays out nothing again: the section's heading stays, the rest only moves
    old = {id(laid_out(f)) for f in before}
    dropped = flowables(layout, without_first_key_point(document), THEME)
    assert len(dropped) == len(before) - 1
    assert all(id(laid_out(f)) in old for f in dropped)


@pytest.mark.parametrize("steps", [(0, 4, 2, 1), (4, 0, 3), (2, 2, 0)])
def test_a_reused_layout_measures_what_a_fresh_one_does(document, steps):
    layout = Layout()
    for step in steps:
        for doc in (document, without_first_key_point(document)):
            theme = THEME.tightened(step)
            assert layout.measure(doc, theme) == Layout().measure(doc, theme)


def test_measure_of_an_empty_document_is_zero():
    assert measure(d.Document(None, ()), THEME).height == 0
    assert measure(d.Document(None, (d.Section("Empty", ()),)), THEME).height == 0


# -- long unbreakable words ---------------------------------------------------------------------

LONG = "x" * 300
LONG_URL = "https://example.org/" + "/".join(["averyveryverylongpathsegment"] * 12) + "?q=" + \
    "y" * 80


def long_words_document() -> d.Document:
    return d.Document(LONG[:80], (
        d.Section(None, (d.Fields((("TO", (d.Run(LONG),)),)),)),
        d.Section("Heading " + LONG[:100], (d.Paragraph((d.Run(LONG),), "lead"),)),
        d.Section("Points", (d.BulletList((d.ListItem(runs=(d.Run(LONG), d.Run(" [1]", cite=True))),
                                           d.ListItem(runs=(d.Run(LONG_URL, href=LONG_URL),)))),)),
        d.Section("Timeline", (d.Table((0.2, 0.8), (
            d.Row(cells=((d.Run(LONG),), (d.Run("short"),))),
        )),)),
        d.Section("Quote", (d.Quote(runs=(d.Run(LONG),), attribution=(d.Run("— Someone"),)),)),
        d.Section("Sources", (d.BulletList((
            d.ListItem(number="[1]", runs=(d.Run("Title, "), d.Run(LONG_URL, href=LONG_URL))),
        ), numbered=True),)),
    ))


def test_long_unbreakable_words_wrap_and_are_measured_as_laid_out():
    # A word or URL wider than the line starts on a line of its own and is cut where the line is
    # full (as Word and LibreOffice do), and the measure counts every line it takes: the pages
    # the PDF gets are the pages the measure predicts.
    doc = long_words_document()
    doc = d.Document(None, doc.sections)  # no banner between the lines of page 1 and page 2
    data, pages = render(doc, THEME)
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == pages
    assert pages == -(-measure(doc, THEME).height // THEME.text_height)
    # every x is still there, broken over lines rather than lost or printed past the edge
    assert pdf_text(data).count("x") >= 300 * 5
    assert re.sub(r"\s", "", pdf_text(data)).count(LONG_URL) == 2


def test_long_unbreakable_words_in_docx():
    doc = long_words_document()
    word_doc = docx.Document(io.BytesIO(docx_writer.write(lay_out(doc, THEME))))
    assert docx_text(word_doc).count(LONG) == 5
    assert LONG_URL in docx_text(word_doc)


def test_long_url_keeps_its_link_target():
    doc = long_words_document()
    page = pypdf.PdfReader(io.BytesIO(pdf.write(lay_out(doc, THEME)))).pages[0]
    uris = {a.get_object()["/A"]["/URI"] for a in page["/Annots"]}
    assert uris == {LONG_URL}


def test_no_break_space_and_unicode_punctuation_survive():
    text = "10\u00a0km — “quoted” – ‘single’ … café"
    doc = d.Document(None, (d.Section(None, (d.Paragraph((d.Run(text),)),)),))
    word_doc = docx.Document(io.BytesIO(docx_writer.write(lay_out(doc, THEME))))
    assert docx_text(word_doc) == text
    extracted = pdf_text(pdf.write(lay_out(doc, THEME)))
    assert re.sub(r"\s", " ", extracted).strip() == text.replace("\u00a0", " ")


def test_docx_run_formatting(word):
    runs = {}
    for block in body_blocks(word):
        if isinstance(block, DocxParagraph):
            for run in block.runs:
                runs[run.text] = run
    assert runs["forty"].bold is True
    assert runs["spring"].italic is True
    assert runs["[1]"].style.name == "Brief Citation" and runs["[1]"].font.color.rgb is None
    assert runs["[1]"].style.font.color.rgb == RGBColor.from_string(THEME.muted[1:])
    assert runs["Costs rose by "].bold is None and runs["Costs rose by "].italic is None
    assert word.styles["Heading 1"].font.all_caps is True
    assert word.styles["Brief Masthead"].font.all_caps is True
    assert word.styles["Quote"].font.italic is True
    assert word.styles["Heading 1"].font.color.rgb == RGBColor.from_string(THEME.accent[1:])


PLAIN_TEXTS = ["plain", " lead", "trail ", "a  b", "a\tb", "line\nbreak", "x\r\ny", "nb\u00a0sp",
               "\u2003em space", "a\u200bb", "soft\u00adhy", "日本語 テキスト", "a\n\n\nb",
               "\u3000ideographic", "x\u2028y", "end\n", "quotes \"'\u201c\u201d", "  ", ""]


def reportlab_fragments(markup: str, font: str, colour: str = "#123456") -> list[dict]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("p", fontName=font, textColor=colors.HexColor(colour))
    return [vars(fragment) for fragment in Paragraph(markup, style).frags]


def made_fragments(markup: str, font: str, colour: str = "#123456") -> list[dict]:
    return [vars(fragment) for fragment in paragraphs._parsed(markup, font, colour)]


@pytest.mark.parametrize("text", PLAIN_TEXTS)
def test_plain_text_gets_the_parser_s_fragments_without_the_parser(text):
    # whitespace and all: the fragments made directly are what reportlab's parser makes
    font = paragraphs.pdf_font(THEME, False, True)
    assert made_fragments(text, font) == reportlab_fragments(text, font)


TEXT = st.text(alphabet=st.sampled_from(list(
    "ab Z09.,;:!?-/&<>\"'\n\t\u00a0\u00ad\u2019\u201c\u2014é日本語한ΩЖ♞⊕"
    "\U0001d5a0\u1681\u2d30\u2713")), max_size=12)  # the last: in some faces of DejaVu Sans only
RUNS = st.lists(st.builds(d.Run, TEXT, st.booleans(), st.booleans(), st.booleans(),
                          st.none() | st.sampled_from(["https://example.org/a?b=1&c=2",
                                                       "http://x.test/'q'\"", " https://y.test "])),
                min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(RUNS, st.booleans(), st.booleans(), st.booleans())
def test_markup_of_any_runs_gets_the_parser_s_fragments_without_the_parser(runs, bold, italic,
                                                                            caps):
    style = Style(10.0, 12.0, bold=bold, italic=italic, colour="#222222", caps=caps,
                  cite=THEME.muted, link=THEME.accent)  # as the flow's styles carry them
    markup = paragraphs._markup(tuple(runs), paragraphs._look(style, THEME))
    font = paragraphs.pdf_font(THEME, bold, italic)
    made = speedy_fragments.without_parser(markup, font, style.colour)
    if made is None:  # left to the parser: only markup with no text in it
        assert not reportlab_fragments(markup, font, style.colour)
        return
    assert [vars(f) for f in made] == reportlab_fragments(markup, font, style.colour)


@pytest.mark.parametrize("markup", ["<u>underlined</u>", "<b>unclosed", "a</i>", "<br/>x",
                                    '<font size="3">x</font>', "&nbsp;x", "&#60;x"])
def test_markup_briefgen_does_not_write_goes_to_the_parser(markup):
    font = paragraphs.pdf_font(THEME, False, False)
    assert speedy_fragments.without_parser(markup, font, "#123456") is None


# ---- the PDF's text layer copies back what was printed ------------------------------------------

ASTRAL = "\U0001d5a0\U0001d5c6 \U0001f600"  # 𝖠𝗆 😀: DejaVu Sans prints them


def test_text_above_u_ffff_copies_back_from_the_pdf_exactly(tmp_path):
    from conftest import run_tool

    text = f"Sans {ASTRAL} end"
    doc = d.Document(None, (d.Section(None, (d.Paragraph((d.Run(text),)),
                                             d.Paragraph((d.Run(text, bold=True),)))),),
                     title=text)
    path = tmp_path / "astral.pdf"
    path.write_bytes(pdf.write(lay_out(doc, THEME)))
    poppler = run_tool("pdftotext", "-raw", "-enc", "UTF-8", path, "-").stdout
    assert poppler.splitlines()[:2] == [text, text]
    assert pdf_text(path.read_bytes()).splitlines()[:2] == [text, text]  # pypdf reads it too
    assert run_tool("pdfinfo", "-enc", "UTF-8", path).stdout.count(text) == 2  # Title, Subject


def test_the_tounicode_map_holds_utf16_surrogate_pairs_and_bmp_entries_as_before():
    from reportlab.pdfbase import ttfonts

    from briefgen.writers import pdf_tounicode as tounicode

    assert ttfonts.makeToUnicodeCMap is tounicode.to_unicode_cmap  # installed by the writer
    subset = [0, 32, 0x41, 0xE9, 0x4E2D, 0xFFFD, 0x1D5A0, 0x1F600]
    lines = tounicode.to_unicode_cmap("X", subset).splitlines()
    assert "<06> <D835DDA0>" in lines and "<07> <D83DDE00>" in lines
    bmp = subset[:6]
    assert tounicode.to_unicode_cmap("X", bmp) == tounicode._ORIGINAL("X", bmp)
    assert "<06> <1D5A0>" in tounicode._ORIGINAL("X", subset)  # what reportlab writes alone


def test_reportlab_writes_each_subset_s_map_through_the_name_replaced():
    # the correction relies on TTFont.addObjects calling the module's makeToUnicodeCMap
    import inspect

    from reportlab.pdfbase import ttfonts

    assert "makeToUnicodeCMap(baseFontName, subset)" in inspect.getsource(
        ttfonts.TTFont.addObjects)
