"""An accessible, honest DOCX (docs/word.md): header rows marked only where a table has one, the
document's language, honest file properties, no leftovers of python-docx's default template,
and links told by an underline as well as colour, in the DOCX and the PDF. Read back with
python-docx, the zip's parts, pandoc and pypdf."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pypdf
from conftest import FACTS_DIR, run_tool
from conftest import SEED as SEED_NAME
from docx.oxml.ns import qn

import briefgen
from briefgen.pipeline import build

SEED = FACTS_DIR / SEED_NAME
TEMPLATE = Path(briefgen.__file__).parent.parent.parent / "templates" / "default" / "brief.xml.j2"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _headed_template(tmp_path: Path) -> Path:
    """The built-in template with a header row (When | What) on the timeline table."""
    text = TEMPLATE.read_text(encoding="utf-8")
    marker = 'drop="first">'
    assert marker in text
    made = tmp_path / "brief.xml.j2"
    made.write_text(text.replace(marker, marker + "<head><cell>When</cell><cell>What</cell>"
                                 "</head>", 1), encoding="utf-8")
    return made


def _rows(document) -> list[list[tuple[bool, str]]]:
    """Each table's rows: (marked as a header row, the row's text)."""
    return [[(row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None,
              " | ".join(cell.text for cell in row.cells)) for row in table.rows]
            for table in document.tables]


def _first_row_claimed(table) -> bool:
    return table._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstRow")) == "1"


def _first_column_claimed(table) -> bool:
    return table._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstColumn")) == "1"


def test_no_table_of_a_built_in_brief_claims_a_header_row() -> None:
    document = docx.Document(io.BytesIO(build(SEED).outputs["docx"]))
    assert len(document.tables) == 3  # the TO/FROM block, the timeline, the figures
    assert all(not marked for rows in _rows(document) for marked, _ in rows)
    assert not any(_first_row_claimed(table) for table in document.tables)
    # each row is named by its first cell (a label, a date, a figure), as the PDF's TH /Row
    assert all(_first_column_claimed(table) for table in document.tables)


def test_a_table_with_a_header_marks_that_row_and_no_other(tmp_path: Path) -> None:
    outputs = build(SEED, template=str(_headed_template(tmp_path))).outputs
    document = docx.Document(io.BytesIO(outputs["docx"]))
    fields, timeline, figures = _rows(document)
    assert timeline[0] == (True, "When | What")
    assert all(not marked for marked, _ in timeline[1:]) and len(timeline) > 3
    assert all(not marked for marked, _ in fields + figures)
    claimed = [_first_row_claimed(table) for table in document.tables]
    assert claimed == [False, True, False]
    assert [_first_column_claimed(table) for table in document.tables] == [True, False, True]


def test_pandoc_reads_header_cells_only_where_there_is_a_header(tmp_path: Path) -> None:
    plain = tmp_path / "plain.docx"
    plain.write_bytes(build(SEED).outputs["docx"])
    headed = tmp_path / "headed.docx"
    headed.write_bytes(build(SEED, template=str(_headed_template(tmp_path))).outputs["docx"])
    html = run_tool("pandoc", "-t", "html", plain).stdout
    assert html.count("<table") == 3 and "<th" not in html
    html = run_tool("pandoc", "-t", "html", headed).stdout
    assert re.findall(r"<th[^>]*>([^<]*)</th>", html) == ["When", "What"]


def test_app_xml_names_briefgen_and_its_version_and_nothing_untrue() -> None:
    app = _parts(build(SEED).outputs["docx"])["docProps/app.xml"].decode()
    assert f"<Application>briefgen/{briefgen.__version__}</Application>" in app
    for leftover in ("Microsoft", "Template", "TotalTime", "Pages", "Words", "Company",
                     "Manager", "AppVersion", "TitlesOfParts"):
        assert leftover not in app, leftover


def test_core_properties_hold_what_is_known_and_the_briefs_date() -> None:
    document = docx.Document(io.BytesIO(build(SEED).outputs["docx"]))
    props = document.core_properties
    assert props.title == "Japan opens a dedicated diplomatic mission to NATO"
    assert props.author == "Regional Security Desk"
    assert props.created.date().isoformat() == props.modified.date().isoformat() == "2025-02-03"
    core = _parts(build(SEED).outputs["docx"])["docProps/core.xml"].decode()
    assert "lastPrinted" not in core and "<cp:keywords" not in core
    assert "<dc:description" not in core and "<cp:category" not in core


def test_a_brief_without_from_has_no_creator_element() -> None:
    core = _parts(build(FACTS_DIR / "tiny.yaml").outputs["docx"])["docProps/core.xml"].decode()
    assert "creator" not in core
    assert "<dc:title>" in core


def test_no_leftovers_of_python_docx_s_template() -> None:
    parts = _parts(build(SEED).outputs["docx"])
    names = set(parts)
    assert not any(n.startswith("customXml/") for n in names)
    assert "docProps/thumbnail.jpeg" not in names
    assert "word/stylesWithEffects.xml" not in names
    assert "word/webSettings.xml" not in names
    fonts = re.findall(rb'<w:font w:name="([^"]+)"', parts["word/fontTable.xml"])
    assert fonts == [b"Arial"]  # the built-in theme's, not the template's Calibri, Cambria...
    wiring = b"".join(parts[n] for n in names if n.endswith(".rels") or n.startswith("[Content"))
    for gone in (b"thumbnail", b"customXml", b"stylesWithEffects", b"jpeg", b"webSettings"):
        assert gone not in wiring, gone
    # every relationship points to a part in the package
    for name in (n for n in names if n.endswith(".rels")):
        folder = name.replace("_rels/", "").removesuffix(".rels").rsplit("/", 1)
        base = folder[0] + "/" if len(folder) == 2 else ""
        for target, mode in re.findall(rb'Target="([^"]+)"(?: TargetMode="(\w+)")?', parts[name]):
            if mode != b"External":
                path = Path(base + target.decode()).as_posix()
                while "/../" in "/" + path:
                    path = re.sub(r"[^/]+/\.\./", "", path, count=1)
                assert path.lstrip("/") in names, (name, target)


def test_settings_are_valid_and_in_the_briefs_language() -> None:
    settings = _parts(build(SEED).outputs["docx"])["word/settings.xml"].decode()
    assert re.search(r'<w:zoom w:percent="100"/>', settings)
    assert "rsid" not in settings and "savePreviewPicture" not in settings
    assert "docId" not in settings  # python-docx's template's, the same in every document
    assert '<w:themeFontLang w:val="en-US"/>' in settings  # not the template's Japanese
    french = _parts(build(SEED, language="fr").outputs["docx"])
    assert '<w:themeFontLang w:val="fr"/>' in french["word/settings.xml"].decode()
    assert re.search(r'<w:lang w:val="fr"', french["word/styles.xml"].decode())
    japanese = _parts(build(SEED, language="ja").outputs["docx"])["word/settings.xml"].decode()
    assert re.search(r'<w:themeFontLang [^>]*w:eastAsia="ja"', japanese)


def _link_runs(document) -> list:
    return [r for p in document.paragraphs for link in p._p.findall(qn("w:hyperlink"))
            for r in link.findall(qn("w:r"))]


def test_docx_links_are_underlined_in_the_link_colour() -> None:
    data = build(FACTS_DIR / "mpox-emergency-2024.yaml").outputs["docx"]
    document = docx.Document(io.BytesIO(data))
    runs = _link_runs(document)
    assert runs
    for r in runs:
        assert r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == "Hyperlink"
    styles = _parts(data)["word/styles.xml"].decode()
    style = re.search(r'<w:style [^>]*w:styleId="Hyperlink".*?</w:style>', styles).group(0)
    assert '<w:u w:val="single"/>' in style and '<w:color w:val="1F3864"/>' in style


def _strokes(page) -> list[tuple[float, tuple[float, ...]]]:
    """The width and stroke colour of each horizontal line stroked on the page: what reportlab
    draws a link's underline with."""
    found, colour, start = [], (), None
    for operands, op in pypdf.generic.ContentStream(page.get_contents(), page.pdf).operations:
        if op == b"RG":
            colour = tuple(round(float(v), 3) for v in operands)
        elif op == b"m":
            start = [float(v) for v in operands]
        elif op == b"l" and start and abs(float(operands[1]) - start[1]) < 0.01:
            found.append((abs(float(operands[0]) - start[0]), colour))
    return found


def test_pdf_links_are_underlined_in_the_link_colour() -> None:
    brief = build(FACTS_DIR / "mpox-emergency-2024.yaml")
    page = pypdf.PdfReader(io.BytesIO(brief.outputs["pdf"])).pages[0]
    links = [a.get_object() for a in page["/Annots"] if a.get_object()["/Subtype"] == "/Link"]
    assert len(links) == 5
    lines = _strokes(page)
    link_colour = tuple(round(int("1F3864"[i:i + 2], 16) / 255, 3) for i in (0, 2, 4))
    for link in links:
        x0, _, x1, _ = (float(v) for v in link["/Rect"])
        assert any(abs(width - (x1 - x0)) < 0.5 and colour == link_colour
                   for width, colour in lines), link["/Rect"]


def test_the_underline_takes_no_room(tmp_path: Path, monkeypatch) -> None:
    """The same fit (sizes, drops) and the same lines, line by line, as without the underline."""
    from briefgen.layout import paragraphs

    facts = FACTS_DIR / "mpox-emergency-2024.yaml"
    texts, notes = [], []
    for underline in (True, False):
        if not underline:
            markup = paragraphs._markup  # noqa: SLF001 - the markup less its underline
            monkeypatch.setattr(paragraphs, "_markup", lambda runs, look: markup(
                runs, look).replace(' underline="1"', ""))
        briefgen.clear_caches()
        brief = build(facts, formats=("pdf",))
        (tmp_path / f"{underline}.pdf").write_bytes(brief.outputs["pdf"])
        texts.append(run_tool("pdftotext", "-layout", tmp_path / f"{underline}.pdf", "-").stdout)
        notes.append(brief.notes)
    briefgen.clear_caches()
    assert texts[0] == texts[1] and notes[0] == notes[1]
    assert "https://www.who.int/" in texts[0]


def _run_languages(paragraph) -> list[tuple[str, str | None]]:
    """Each run's text in a w:p (links' runs too) and its w:lang w:val, if any."""
    out = []
    for r in paragraph.iter(qn("w:r")):
        lang = r.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        out.append((text, None if lang is None else lang.get(qn("w:val"))))
    return out


def test_the_facts_text_is_marked_in_its_language_where_the_brief_is_in_another(
        tmp_path: Path) -> None:
    """English facts (no `language:`) built in Spanish: the runs holding the facts' text (the
    summary, items, quotes, table cells, the header block's values) say en-US in document.xml;
    the words the brief adds (headings, labels, the date) do not; the part stays valid."""
    from openxml_audit import OpenXmlValidator
    from test_docx_validity import _check

    data = build(SEED, language="es").outputs["docx"]
    _check(data, tmp_path, OpenXmlValidator())
    body = docx.Document(io.BytesIO(data)).element.body
    styled = {}
    for p in body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        styled.setdefault(style.get(qn("w:val")) if style is not None else "", []).append(p)
    langs = {name: {lang for p in ps for text, lang in _run_languages(p) if text.strip()}
             for name, ps in styled.items()}
    facts_styles = [name for name in langs
                    if re.match(r"BriefBottomLine|ListBullet|Quote|BriefAttribution", name)]
    assert len(facts_styles) >= 4, sorted(langs)
    assert all(langs[name] == {"en-US"} for name in facts_styles), langs
    assert all(langs[name] == {None} for name in langs if name.startswith("Heading")), langs
    header = body.find(qn("w:tbl"))
    cells = [[_run_languages(tc.find(qn("w:p"))) for tc in tr.iter(qn("w:tc"))]
             for tr in header.iter(qn("w:tr"))]
    labels = {lang for row in cells for text, lang in row[0]}
    values = {text: lang for row in cells for text, lang in row[1]}
    assert labels == {None}
    assert values["3 de febrero de 2025"] is None  # the date, in the brief's language
    assert "en-US" in values.values()
    timeline = [t for t in body.iter(qn("w:tbl"))][1:]
    assert any(lang == "en-US" for t in timeline for p in t.iter(qn("w:p"))
               for _, lang in _run_languages(p))


def test_a_brief_in_its_facts_language_marks_no_run() -> None:
    """The facts' language is the brief's: the default language says it; no run repeats it."""
    english = _parts(build(SEED).outputs["docx"])["word/document.xml"]
    assert b"<w:lang " not in english
    french = _parts(build(FACTS_DIR.parent / "examples" / "house" / "retraites-2023.yaml")
                    .outputs["docx"])["word/document.xml"]
    assert b"<w:lang " not in french
    japanese = _parts(build(FACTS_DIR / "japan-nato-mission.yaml", language="ja")
                      .outputs["docx"])["word/document.xml"].decode()
    assert re.search(r'<w:lang w:val="en-US"/>', japanese)
