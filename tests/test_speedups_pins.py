"""The library internals briefgen leans on (listed in `briefgen.speedups`), each checked to exist
and to behave as relied on, so that an upgrade of reportlab or python-docx that breaks one fails
here, by name, rather than as a wrong brief. Internals with tests of their own elsewhere are
named in the table; this file checks the rest."""

from __future__ import annotations

import ast
import inspect
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.layout import paragraphs
from briefgen.layout.flow import Style
from briefgen.speedups import docx_skeleton, docx_zip
from briefgen.speedups import platypus as rl

STYLE = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
WORDS = "The harbour barrier opens late and over budget, the ministry said on Monday. " * 12


# ---- reportlab ---------------------------------------------------------------------------------


def test_reportlab_compiles_its_web_address_pattern_at_import_and_only_matches_with_it():
    # speedups/platypus.py: `re.compile` looked up on the module `re` at the top level (so the
    # lazy patch sees it), and the pattern only ever used through `.match`
    from reportlab.platypus import paragraph

    source = inspect.getsource(paragraph)
    tree = ast.parse(source)
    assigned = [node for node in tree.body if isinstance(node, ast.Assign)
                and any(getattr(t, "id", None) == "uri_pat" for t in node.targets)]
    assert len(assigned) == 1
    call = assigned[0].value
    assert ast.unparse(call.func) == "re.compile"
    uses = re.findall(r"uri_pat\.(\w+)", source)
    assert uses and set(uses) == {"match"}


def test_a_fragment_clones_with_new_attributes_and_keeps_the_rest():
    # speedups/fragments.py: ParaFrag.clone(**changes), and the parser's `__tag__` and `link`
    (fragment,) = rl.Paragraph('<a href="https://x.test" color="#ff0000">x</a>', STYLE).frags
    assert fragment.link[0][1] == "https://x.test" and isinstance(fragment.link, list)
    copy = fragment.clone(fontSize=7, __tag__="b")
    assert copy.fontSize == 7 and copy.__tag__ == "b" and copy.link == fragment.link
    assert fragment.fontSize == 10
    assert rl.cleanBlockQuotedText("  a\n  b  ") == "a b"


def test_same_frag_compares_nobr():
    # speedups/fragments.py sets nobr=False on every fragment: sameFrag must read it as one of
    # the attributes it compares, or setting it would change nothing (and cost nothing either)
    from reportlab.lib.rl_accel import sameFrag

    (fragment,) = rl.Paragraph("word", STYLE).frags
    plain, set_off = fragment.clone(), fragment.clone(nobr=False)
    assert sameFrag(set_off, fragment.clone(nobr=False))
    assert not sameFrag(set_off, fragment.clone(nobr=True))
    assert not sameFrag(plain, set_off)  # unset is not False: every fragment gets it, or none


def test_a_paragraph_s_wrap_depends_on_its_width_only():
    # speedups/wrap_once.py
    paragraph = rl.Paragraph(WORDS, STYLE)
    tall = paragraph.wrap(300, 1e6)
    lines = list(paragraph.blPara.lines)
    assert paragraph.wrap(300, 10) == tall
    assert paragraph.blPara.lines == lines
    assert paragraph.wrap(200, 1e6) != tall


def test_wrap_breaks_lines_through_break_lines_and_a_split_half_keeps_its_lines():
    # layout/line_breaks.py overrides breakLines (and breakLinesCJK); the first half of a split
    # carries its lines in blPara and says so with _splitpara
    calls = []

    class Counted(rl.Paragraph):
        def breakLines(self, width):
            calls.append(width)
            return super().breakLines(width)

    Counted(WORDS, STYLE).wrap(300, 1e6)
    assert len(calls) == 1 and set(calls[0]) == {300}  # every line's width
    first, second = Counted(WORDS, STYLE).split(300, 40)
    assert first._splitpara == 1 and len(first.blPara.lines) == 3
    assert not getattr(second, "_splitpara", 0)
    east_asian = ParagraphStyle("e", parent=STYLE, wordWrap="CJK")
    made = []

    class CJK(rl.Paragraph):
        def breakLinesCJK(self, widths):
            made.append(widths)
            return super().breakLinesCJK(widths)

    CJK("東京" * 40, east_asian).wrap(100, 1e6)
    assert len(made) == 1 and set(made[0]) == {100}


def test_a_split_makes_its_parts_with_the_paragraph_s_own_class():
    # layout/line_breaks.py overrides split: reportlab's makes both parts by calling
    # self.__class__(None, style, bulletText=..., frags=...), and leaves the whole's lines in
    # blPara.lines, the first part's lines a prefix of them
    made = []

    class Own(rl.Paragraph):
        def __init__(self, *args, **kwargs):
            made.append((args, kwargs))
            super().__init__(*args, **kwargs)

    whole = Own(WORDS, STYLE)
    whole.wrap(300, 1e6)
    lines = list(whole.blPara.lines)
    first, second = whole.split(300, 40)
    assert type(first) is Own and type(second) is Own and len(made) == 3
    assert all(args[0] is None and "frags" in kwargs for args, kwargs in made[1:])
    assert whole.blPara.lines == lines and first.blPara.lines == lines[:3]


def test_a_frame_keeps_its_place_in_attributes_it_adds_by():
    # layout/pages.py counts pages with a Frame as Frame._add does, without drawing:
    # _atTop, _y, _y1p, _getAvailableWidth(), and rl_config._FUZZ as its tolerance
    frame = rl.Frame(10, 20, 300, 400, leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0)
    assert frame._atTop == 1 and frame._y == 420 and frame._y1p == 20
    assert frame._getAvailableWidth() == 300
    para = rl.Paragraph(WORDS, STYLE)

    source = inspect.getsource(rl.Frame._add)
    for name in ("_atTop", "_y1p", "_getAvailableWidth()", "_FUZZ", "getSpaceBefore",
                 "getSpaceAfter"):
        assert name in source, name
    _, height = para.wrap(300, 400)
    assert frame.add(para, Canvas(io.BytesIO())) == 1
    assert frame._y == 420 - height and frame._atTop == 0
    assert frame.split(rl.Paragraph(WORDS * 4, STYLE), None)  # split with no canvas


def test_the_line_records_paragraphs_builds_are_reportlab_s():
    # layout/line_breaks.py: cjkU, makeCJKParaLine, ParaLines, _handleBulletWidth, _FUZZ
    from reportlab.rl_config import _FUZZ

    (fragment,) = rl.Paragraph("ab", STYLE).frags
    chars = [rl.cjkU(c, fragment, "utf8") for c in "ab"]
    assert chars[0].frag is fragment and chars[0].width == pytest.approx(5.56)
    line = rl.makeCJKParaLine(chars, 100, 11.12, 88.88, False, False)
    assert line.kind == 1 and line.currentWidth == 11.12 and line.extraSpace == 88.88
    assert "".join(word.text for word in line.words) == "ab"
    lines = rl.ParaLines(kind=1, lines=[line])
    assert lines.kind == 1 and lines.lines == [line]
    widths = [100.0]
    rl._handleBulletWidth(None, STYLE, widths)
    assert widths == [100.0]
    assert 0 < _FUZZ < 1e-3


def test_a_table_keeps_its_row_heights_after_wrap():
    # layout/measure.py reads Table._rowHeights for the fit stage's table rows
    cell = rl.Paragraph("x", STYLE)
    table = rl.Table([[cell], [rl.Paragraph(WORDS[:200], STYLE)]], colWidths=[200])
    table.wrap(200, 1e6)
    assert len(table._rowHeights) == 2 and table._rowHeights[1] > table._rowHeights[0]


def test_a_canvas_dates_its_pdf_from_its_doc_s_time_stamp():
    # writers/pdf.py sets canvas._doc._timeStamp to the brief's date
    from reportlab.lib.utils import TimeStamp

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=0)
    stamp = TimeStamp(invariant=1)
    stamp.YMDhms = (2025, 2, 3, 0, 0, 0)
    canvas._doc._timeStamp = stamp
    canvas.showPage()
    canvas.save()
    assert b"D:20250203000000" in buffer.getvalue()


def test_a_truetype_face_tells_its_glyphs_family_and_flags():
    # layout/fonts.py: TTFont.face.charToGlyph, familyName, flags
    from reportlab.pdfbase.ttfonts import FF_ITALIC, TTFont

    path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf")
    face = TTFont("PinDejaVu", str(path)).face
    assert face.charToGlyph.get(ord("A"), 0) != 0 and face.charToGlyph.get(0xE000, 0) == 0
    assert face.familyName in (b"DejaVu Sans", "DejaVu Sans")
    assert face.flags & FF_ITALIC


def test_paragraphs_built_by_briefgen_are_reportlab_paragraphs_that_break_as_relied_on():
    made = paragraphs.paragraph((d.Run("A" * 300),), Style(10.0, 12.0), Theme())
    assert isinstance(made, rl.Paragraph)
    width, height = made.wrap(200, 1e6)
    assert height == 12.0 * len(made.blPara.lines) and len(made.blPara.lines) > 1


def test_a_frame_is_called_through_add_and_split_and_draws_nothing_when_it_refuses():
    # writers/pdf_tags.py: the document template calls `frame.add` and `frame.split` (so an
    # instance's own replace the class's), `add` is `_add`, and a refused flowable leaves the
    # canvas's page stream `_code` as it was
    from reportlab.platypus import doctemplate
    from reportlab.platypus.frames import Frame

    source = inspect.getsource(doctemplate.BaseDocTemplate.handle_flowable)
    assert "frame.add(f, canv, trySplit=self.allowSplitting)" in source
    assert "frame.split(f,canv)" in source
    assert Frame.add is Frame._add
    canvas = Canvas(io.BytesIO())
    frame = Frame(0, 0, 200, 30, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    before = list(canvas._code)
    assert not frame.add(rl.Paragraph(WORDS, STYLE), canvas)
    assert canvas._code == before
    assert frame.add(rl.Paragraph("A line.", STYLE), canvas) and canvas._code != before


def test_a_paragraph_draws_its_bullet_first_through_the_module_s_draw_bullet():
    # writers/pdf_tags.py wraps paragraph._drawBullet, looked up by name when a paragraph is
    # drawn, before the paragraph's own text object
    from reportlab.platypus import paragraph

    from briefgen.writers import pdf_tags

    assert paragraph._drawBullet is pdf_tags._draw_bullet
    source = inspect.getsource(paragraph.Paragraph.drawPara)
    assert source.index("_drawBullet(canvas") < source.index("tx = self.beginText(")
    seen = []
    canvas = Canvas(io.BytesIO())
    canvas.bullet_drawn = lambda: seen.append(len(canvas._code))
    item = rl.Paragraph("An item.", STYLE, bulletText="•")
    item.wrapOn(canvas, 200, 100)
    item.drawOn(canvas, 0, 0)
    assert len(seen) == 1 and seen[0] < len(canvas._code)


class _Recorder(Canvas):
    """A plain canvas whose text objects record reportlab's `_linkRecord` calls and whose
    link annotations are noted, each with where its text object's `_code` then ended."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.events, self.tx = [], None

    def beginText(self, x=0, y=0, direction=None):
        tx = super().beginText(x, y, direction)
        tx._linkRecord = lambda link, event: self.events.append(
            (event, link, len(tx._code), tx._code[-1]))
        self.tx = tx
        return tx

    def linkURL(self, url, rect, *args, **kwargs):
        self.events.append(("annot", url, len(self.tx._code)))
        return super().linkURL(url, rect, *args, **kwargs)


def test_a_paragraph_records_where_each_link_s_text_starts_and_ends_on_each_line():
    # writers/pdf_links.py: the text object's `_linkRecord(link, "start")` right after the
    # link's first fragment on a line is written (one `_code` entry), `(link, "end")` before
    # what follows it or at the line's end, the line's annotations after the line; a paragraph
    # in one style (blPara kind 0) records nothing and annotates each line of its text
    from reportlab.platypus import paragraph

    assert "linkRecord = getattr(tx,'_linkRecord'" in inspect.getsource(paragraph._putFragLine)
    canvas = _Recorder(io.BytesIO())
    text = ('Before <a href="https://x.test/a" underline="1">the link that runs over the end '
            'of a line</a> after.')
    made = rl.Paragraph(text, STYLE)
    made.wrapOn(canvas, 120, 100)
    made.drawOn(canvas, 0, 0)
    events = canvas.events
    starts = [e for e in events if e[0] == "start"]
    assert [e[0] for e in events] == ["start", "end", "annot", "start", "end", "annot"]
    assert all(e[1] == (0, "https://x.test/a") for e in starts + [events[1], events[4]])
    assert starts[0][3].startswith("(the link") and ") Tj" in starts[0][3]  # just written
    assert events[1][2] <= events[2][2] and events[4][2] <= events[5][2]
    canvas = _Recorder(io.BytesIO())
    whole = rl.Paragraph('<a href="https://x.test/b">all link over two lines here</a>', STYLE)
    whole.wrapOn(canvas, 60, 100)
    whole.drawOn(canvas, 0, 0)
    assert whole.blPara.kind == 0 and len(whole.blPara.lines) > 1
    assert [e[0] for e in canvas.events] == ["annot"] * len(whole.blPara.lines)


def test_a_table_tells_its_render_callback_each_cell_and_its_parts_keep_it():
    # writers/pdf.py, pdf_tags.py: `_renderCB` (the `renderCB` argument) called around the
    # shading, each row and cell, and the rules; a split's parts get the same callback
    events = []
    data = [[rl.Paragraph(f"{r}{c}", STYLE) for c in "ab"] for r in range(6)]
    table = rl.Table(data, repeatRows=1)
    table._renderCB = lambda t, event, *args: events.append((event, *args[:2]))
    canvas = Canvas(io.BytesIO())
    table.wrapOn(canvas, 200, 1000)
    table.drawOn(canvas, 0, 0)
    assert events[:3] == [("startTable",), ("startBG",), ("endBG",)]
    assert events[3:6] == [("startRow", 0), ("startCell", 0, 0), ("endCell",)]
    assert events[-3:] == [("startLines",), ("endLines",), ("endTable",)]
    assert sum(e[0] == "startCell" for e in events) == 12
    parts = table.split(200, 60)
    assert len(parts) == 2 and all(p._renderCB is table._renderCB for p in parts)
    assert parts[1].repeatRows == 1  # the second part starts with the header row again
    cell = parts[1]._cellvalues[0][0]
    assert (cell[0] if isinstance(cell, (list, tuple)) else cell) is data[0][0]
    assert len(parts[0]._cellvalues) + len(parts[1]._cellvalues) - 1 == len(data)


def test_a_doc_template_saves_only_when_asked_and_a_page_writes_its_keys():
    # writers/pdf.py sets `_doSave` to save the canvas itself; writers/pdf_tags.py adds Tabs and
    # StructParents to a page through its `__NoDefault__`
    from reportlab.pdfbase.pdfdoc import PDFCatalog, PDFName, PDFPage
    from reportlab.platypus import doctemplate

    assert "getattr(self,'_doSave',1)" in inspect.getsource(
        doctemplate.BaseDocTemplate._endBuild)
    page = PDFPage()
    page.__NoDefault__ = [*PDFPage.__NoDefault__, "Tabs"]
    page.Tabs = PDFName("S")
    assert "Tabs" in page.__NoDefault__ and "Tabs" not in PDFPage.__NoDefault__
    assert "self.__NoDefault__" in inspect.getsource(PDFPage.format)  # PDFCatalog's
    assert PDFPage.format is PDFCatalog.format


# ---- python-docx -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def skeleton_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("skeleton")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_package_reader_gives_its_parts_again_on_every_call(skeleton_bytes):
    # speedups/docx_skeleton.py: iter_sparts read once for the kept names, then again to open
    from docx.opc.pkgreader import PackageReader

    reader = PackageReader.from_file(io.BytesIO(skeleton_bytes))
    first = list(reader.iter_sparts())
    assert first == list(reader.iter_sparts())
    partname, content_type, reltype, blob = first[0]
    assert isinstance(partname, PackURI) and isinstance(blob, bytes)
    assert {"/word/document.xml", "/word/styles.xml"} <= {str(part[0]) for part in first}


def test_unmarshalling_with_a_factory_parses_only_what_it_is_asked_to(skeleton_bytes):
    # speedups/docx_skeleton.py: Unmarshaller.unmarshal, PartFactory and a plain Part
    reader, kept = docx_skeleton.read(skeleton_bytes)
    document = docx_skeleton.open_document(reader)
    parts = {str(part.partname): part for part in document.part.package.parts}
    assert {name for name, part in parts.items() if isinstance(part, XmlPart)} \
        == set(docx_skeleton.EDITED_PARTS) & set(parts)
    styles = parts["/word/styles.xml"]
    assert type(styles) is Part and b"<w:styles" in styles.blob
    assert "word/styles.xml" in kept and "word/document.xml" not in kept
    assert document.paragraphs[0].text == "skeleton"


def test_the_hand_made_members_are_python_docx_s_own_save(skeleton_bytes):
    # speedups/docx_zip.py: _ContentTypesItem, before_marshal, package rels, and the order and
    # bytes of the members OpcPackage.save writes
    package = docx.Document(io.BytesIO(skeleton_bytes)).part.package
    saved = io.BytesIO()
    package.save(saved)
    with zipfile.ZipFile(saved) as archive:
        theirs = [(info.filename, archive.read(info)) for info in archive.infolist()]
    mine = [(entry.name, entry.blob()) for entry in docx_zip.entries(package)]
    assert mine == theirs


def test_the_docx_writer_s_element_handles_exist():
    # writers/docx.py: Paragraph._p, Document._body, Table._tbl, _Cell._tc, _Row._tr,
    # InlineShape._inline, CT_R.add_t
    from docx.oxml.ns import qn
    from PIL import Image

    document = docx.Document()
    paragraph = document.add_paragraph()
    assert paragraph._p.tag == qn("w:p")
    table = document._body.add_table(1, 1, docx.shared.Pt(100))
    assert table._tbl.tag == qn("w:tbl") and table.cell(0, 0)._tc.tag == qn("w:tc")
    assert table.rows[0]._tr.tag == qn("w:tr")
    assert table.rows[0]._tr.get_or_add_trPr().tag == qn("w:trPr")
    run = paragraph.add_run()
    run._r.add_t("text")
    assert paragraph.text == "text"
    picture = io.BytesIO()
    Image.new("RGB", (4, 4)).save(picture, "PNG")
    assert run.add_picture(picture)._inline.tag == qn("wp:inline")


# ---- the tables name every internal used, with the file that uses it ----------------------------

SOURCE = Path(__file__).resolve().parent.parent / "src" / "briefgen"
PUBLIC = {("os", "_exit")}  # documented in the standard library, despite the underscore


def _rows() -> list[tuple[str, str]]:
    """The speedups tables' rows as (where, upstream names): a line with a first cell starts a
    row, unless the line before it ended its first cell with a comma."""
    import briefgen.speedups

    rows: list[list[str]] = []
    joined = False
    for line in briefgen.speedups.__doc__.splitlines():
        if not line.startswith("|") or line.startswith("|-"):
            continue
        first, names = (cell.strip() for cell in line.strip("|").split("|")[:2])
        if first in ("module", "where"):  # a header
            continue
        if first and not joined:
            rows.append(["", ""])
        rows[-1][0] += " " + first
        rows[-1][1] += " " + names
        joined = first.endswith((",", "("))
    return [(where, names) for where, names in rows]


def _private_uses(path: Path) -> set[str]:
    """The underscored names a module takes from other objects: `x._name`, except on self and
    cls (its own), and `from module import _name`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.startswith("__"):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if owner not in ("self", "cls") and (owner, node.attr) not in PUBLIC:
                found.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and path.name != "platypus.py":  # it re-exports
            found |= {a.name for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")}
    return found


def test_every_internal_used_is_in_a_row_naming_its_file():
    rows = _rows()
    missing = []
    for path in sorted(SOURCE.rglob("*.py")):
        for name in sorted(_private_uses(path)):
            listed = any(re.search(rf"\b{path.stem}\b", where)
                         and re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}\b", names)
                         for where, names in rows)
            if not listed and (path.name, name) != ("caches.py", "_tables"):  # its own class
                missing.append(f"{path.relative_to(SOURCE)}: {name}")
    assert not missing, missing


def test_reportlab_keeps_its_info_dictionary_on_the_document_and_formats_it_there():
    # writers/pdf_structure.py: `_Info` replaces PDFDocument.info before the save, reading
    # its title, author, subject, keywords, producer, creator and trapped, and the document's
    # `_timeStamp` and the info's `_dateFormatter` for the dates
    from reportlab.pdfbase.pdfdoc import PDFDocument, PDFInfo

    doc = PDFDocument(invariant=1)
    assert isinstance(doc.info, PDFInfo) and hasattr(doc, "_timeStamp")
    for name in ("title", "author", "subject", "keywords", "producer", "creator", "trapped",
                 "_dateFormatter"):
        assert hasattr(doc.info, name), name
    source = inspect.getsource(PDFDocument.GetPDFData)
    assert "self.Reference(self.info)" in source


def test_a_table_draws_its_shading_then_its_cells_then_its_rules():
    # layout/rtl_table.py: the cells turned back between `_drawBkgrnd` and `_drawLines`, each
    # drawn by `_drawCell` from `_cellvalues`, `_cellStyles`, `_colpositions`, `_colWidths`
    from reportlab.platypus.tables import Table

    source = inspect.getsource(Table.draw)
    order = [source.index(name) for name in ("self._drawBkgrnd()", "self._drawCell(",
                                             "self._drawLines()")]
    assert order == sorted(order)
    for name in ("_cellvalues", "_cellStyles", "_colpositions[:-1]", "_colWidths"):
        assert name in source, name
    assert "self.__class__(" in inspect.getsource(Table._splitRows)
