"""Right-to-left and complex-script text in the DOCX, read back: a mixed Arabic/English brief, a
whole brief in Arabic and one in Hebrew, and a Hindi/English brief (tests/data/facts). Every
input word is in the DOCX's text in logical order (python-docx and pandoc); the properties Word
and LibreOffice need are there (paragraph w:bidi, run w:rtl, the complex-script font, size,
bold, italic and language, a right-to-left brief's tables and section), in the schema's order
(openxml-audit); and LibreOffice lays each brief out on one page with the DOCX's words, right
to left where the text is."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, docx_header_footer, docx_text, pdf_pages, run_tool, soffice_to_pdf
from lxml import etree
from openxml_audit import OpenXmlValidator

from briefgen.design.theme import Theme
from briefgen.input.facts import load_facts
from briefgen.layout.runs import spans
from briefgen.pipeline import build

DATA = ROOT / "tests" / "data" / "facts"
BRIEFS = ("mixed-arabic-english", "rtl-arabic-brief", "hebrew-brief", "mixed-hindi-english")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ARABIC, HEBREW, DEVANAGARI = (re.compile(p) for p in ("[\u0600-\u06ff]", "[\u0590-\u05ff]",
                                                      "[\u0900-\u097f]"))
# right-to-left letters (Hebrew and Arabic; not the Arabic comma, a neutral)
RTL_LETTERS = re.compile("[\u05d0-\u05ea\u0620-\u064a\u066e-\u06d3]")


def briefs_in(folder: Path, kind: str) -> dict[str, Path]:
    """Each brief of `BRIEFS` built in one format (`kind`) into `folder`: {name: its file}."""
    made = {}
    for name in BRIEFS:
        path = folder / f"{name}.{kind}"
        path.write_bytes(build(DATA / f"{name}.yaml", formats=(kind,)).outputs[kind])
        made[name] = path
    return made


@pytest.fixture(scope="module")
def docx_files(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("scripts")
    made = briefs_in(out, "docx")
    # over two pages: page numbers and the running header (the key points told twelve times)
    facts = yaml.safe_load((DATA / "hebrew-brief.yaml").read_text("utf-8"))
    facts["key_points"] = [{**p, "text": f"{p['text']} ({n})"} for n in range(12)
                           for p in facts["key_points"]]
    longer = out / "hebrew-two-pages.yaml"
    longer.write_text(yaml.safe_dump(facts, allow_unicode=True), "utf-8")
    two = out / "hebrew-two-pages.docx"
    brief = build(longer, formats=("docx",), pages=2)
    assert brief.pages == 2
    two.write_bytes(brief.outputs["docx"])
    made["hebrew-two-pages"] = two
    return made


def _xml(path: Path, part: str = "word/document.xml"):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def _text(p) -> str:
    """The paragraph's text less the bidi controls around composed pieces (they print
    nothing; the DOCX writes the isolates as marks and embeddings: `writers.docx_isolates`)."""
    return re.sub("[\u200e\u200f\u202a-\u202c\u2066-\u2069]", "",
                  "".join(t.text or "" for t in p.iter(f"{W}t")))


def _facts_texts(name: str) -> list[str]:
    """The texts a facts file gives the brief, in the order the brief prints them."""
    facts = load_facts(DATA / f"{name}.yaml")
    texts = [facts.title, facts.summary, *(p.text for p in facts.key_points),
             *(e.event for e in facts.timeline), *(q.text for q in facts.quotes),
             *(q.speaker for q in facts.quotes)]
    return [t for t in texts if t]


@pytest.mark.parametrize("name", BRIEFS)
def test_every_input_word_is_in_the_docx_text_in_logical_order(docx_files, name):
    """python-docx's text and pandoc's hold each fact's text, word for word, in the order it
    was written (logical order), and the facts in the brief's order."""
    body = " ".join(" ".join(docx_text(docx_files[name])).split())
    plain = " ".join(run_tool("pandoc", "-t", "plain", "--wrap=none",
                              docx_files[name]).stdout.split())
    position = 0
    for text in _facts_texts(name):
        wanted = " ".join(text.split())
        found = body.find(wanted, position)
        assert found >= 0, (wanted, body)
        position = found + len(wanted)
        for word in wanted.split():
            assert word in plain, (word, plain)


def _runs_with(root, pattern: re.Pattern[str]):
    return [r for r in root.iter(f"{W}r") if pattern.search(_text(r))]


def _paragraphs(root):
    return list(root.iter(f"{W}p"))


def test_the_mixed_brief_marks_right_to_left_paragraphs_and_runs(docx_files):
    """In an English brief, a paragraph whose first strong character is Arabic is w:bidi (the
    key point, the timeline's event, the quote), the others are not; each run with Arabic
    letters is w:rtl, with the complex-script size of its style and the complex-script font the
    font chain picks for it; a bold Arabic run (the subject, the speaker) is w:bCs, an italic
    one (the quote) w:iCs."""
    root = _xml(docx_files["mixed-arabic-english"])
    def bidi(start: str) -> bool:
        found = [p for p in _paragraphs(root) if _text(p).lstrip("“”").startswith(start)]
        assert len(found) == 1, start
        return found[0].find(f"{W}pPr/{W}bidi") is not None

    assert bidi("الاتفاق يعيد") and bidi("إعلان الاتفاق") and bidi("إن عودة")
    assert not bidi("China closed") and not bidi("Saudi Arabia and") and not bidi("— Prince")
    theme = Theme()
    runs = _runs_with(root, RTL_LETTERS)
    assert len(runs) > 20
    for r in runs:
        rpr = r.find(f"{W}rPr")
        assert rpr.find(f"{W}rtl") is not None
        # the face the font chain prints it in, in its style (bold and italic as printed)
        printed = spans(_text(r), theme, rpr.find(f"{W}bCs") is not None,
                        rpr.find(f"{W}iCs") is not None)
        assert len(printed) == 1 and printed[0].fallback is not None
        assert rpr.find(f"{W}rFonts").get(f"{W}cs") == printed[0].fallback
        assert int(rpr.find(f"{W}szCs").get(f"{W}val")) in (19, 20, 21, 22, 23, 24, 25, 26)
    bold = [r for r in runs if r.find(f"{W}rPr/{W}bCs") is not None]
    assert {"السعودية", "فيصل"} <= {w for r in bold for w in _text(r).split()}
    assert any(r.find(f"{W}rPr/{W}iCs") is not None and "المملكة" in _text(r) for r in runs)
    # the Latin runs of a paragraph holding Arabic carry the complex-script size too
    # (LibreOffice counts the spaces and digits between Arabic words as complex script), but
    # never w:rtl (only the spaces between two Arabic runs are)
    for p in _paragraphs(root):
        if ARABIC.search(_text(p)):
            for r in p.iter(f"{W}r"):
                if _text(r):
                    assert r.find(f"{W}rPr/{W}szCs") is not None
                    rtl = r.find(f"{W}rPr/{W}rtl") is not None
                    if RTL_LETTERS.search(_text(r)):
                        assert rtl
                    if any(unicodedata.bidirectional(c) == "L" for c in _text(r)):
                        assert not rtl  # ISO/IEC 29500-1, 17.3.2.30


def test_the_complex_script_size_is_its_style_s(docx_files):
    """w:szCs is the size the run's paragraph style gives its Latin text (w:sz), so Arabic
    prints at the PDF's size: the body's and the title's."""
    root = _xml(docx_files["mixed-arabic-english"])
    styles = _xml(docx_files["mixed-arabic-english"], "word/styles.xml")

    def size(style_id: str) -> int:
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        found = style.find(f"{W}rPr/{W}sz")
        if found is not None:
            return int(found.get(f"{W}val"))
        based = style.find(f"{W}basedOn")
        return size(based.get(f"{W}val"))

    checked = 0
    for p in _paragraphs(root):
        style = p.find(f"{W}pPr/{W}pStyle")
        for r in p.iter(f"{W}r"):
            found = r.find(f"{W}rPr/{W}szCs")
            if found is not None and style is not None:
                assert int(found.get(f"{W}val")) == size(style.get(f"{W}val"))
                checked += 1
    assert checked > 20


def test_hindi_is_complex_script_left_to_right(docx_files):
    """Devanagari runs carry the complex-script font and size (Word formats them with those)
    but no w:rtl, and no paragraph turns right to left."""
    root = _xml(docx_files["mixed-hindi-english"])
    runs = _runs_with(root, DEVANAGARI)
    assert len(runs) >= 5
    font = spans("भारत", Theme())[0].fallback
    for r in runs:
        rpr = r.find(f"{W}rPr")
        assert rpr.find(f"{W}rFonts").get(f"{W}cs") == font
        assert rpr.find(f"{W}szCs") is not None and rpr.find(f"{W}rtl") is None
    assert root.find(f".//{W}bidi") is None


def test_a_latin_brief_gets_none_of_it(tmp_path):
    """The seed brief in English: no direction or complex-script property anywhere."""
    data = build(ROOT / "facts" / "japan-nato-mission.yaml", formats=("docx",)).outputs["docx"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml")
    for tag in (b"<w:bidi", b"<w:rtl", b"<w:szCs", b"<w:bCs", b"<w:iCs", b"bidiVisual"):
        assert tag not in xml


@pytest.mark.parametrize(("name", "tag"), [("rtl-arabic-brief", "ar"), ("hebrew-brief", "he"),
                                           ("hebrew-two-pages", "he")])
def test_a_right_to_left_brief_is_right_to_left_throughout(docx_files, name, tag):
    """Every paragraph of the body, header and footer is w:bidi but one whose first strong
    character is Latin (a reference such as GAT/2023/088), every table w:bidiVisual (the
    TO/FROM block, the timeline, the figures), the section w:bidi; the document's language is
    the brief's, as the complex-script language too (w:lang/@w:bidi, w:themeFontLang)."""
    path = docx_files[name]
    parts = ["word/document.xml"]
    with zipfile.ZipFile(path) as archive:
        parts += [n for n in archive.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
        styles = archive.read("word/styles.xml").decode()
        settings = archive.read("word/settings.xml").decode()
        core = archive.read("docProps/core.xml").decode()
    paragraphs, latin = 0, []
    for part in parts:
        root = _xml(path, part)
        for p in _paragraphs(root):
            first = next((c for c in _text(p) if unicodedata.bidirectional(c) in
                          ("L", "R", "AL")), None)
            if first is not None and unicodedata.bidirectional(first) == "L":
                assert p.find(f"{W}pPr/{W}bidi") is None, (part, _text(p))
                latin.append(_text(p))
            else:
                assert p.find(f"{W}pPr/{W}bidi") is not None, (part, _text(p))
                paragraphs += 1
    assert all(re.fullmatch(r"[A-Z]{3}/\d{4}/\d{3}", text) for text in latin), latin
    root = _xml(path)
    tables = root.findall(f".//{W}tbl")
    assert len(tables) >= 3
    assert all(t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables)
    assert root.find(f"{W}body/{W}sectPr/{W}bidi") is not None
    assert paragraphs > 20
    default = re.search(r"<w:rPrDefault>.*?<w:lang ([^>]*)/>", styles, re.S).group(1)
    assert f'w:val="{tag}"' in default and f'w:bidi="{tag}"' in default
    assert f'<w:themeFontLang w:val="{tag}" w:bidi="{tag}"/>' in settings
    assert f"<dc:language>{tag}</dc:language>" in core
    for r in _runs_with(root, RTL_LETTERS):
        assert r.find(f"{W}rPr/{W}rtl") is not None and r.find(f"{W}rPr/{W}szCs") is not None


def test_page_marks_of_a_right_to_left_brief(docx_files):
    """A Hebrew brief over two pages: its "Page N of M" line is right to left, in Hebrew."""
    path = docx_files["hebrew-two-pages"]
    with zipfile.ZipFile(path) as archive:
        footers = [archive.read(n).decode() for n in archive.namelist()
                   if re.fullmatch(r"word/footer\d*\.xml", n)]
    assert any("עמוד" in f and "מתוך" in f and "NUMPAGES" in f for f in footers)


@pytest.mark.parametrize("name", [*BRIEFS, "hebrew-two-pages"])
def test_the_properties_are_in_the_schema_s_order(docx_files, name):
    """openxml-audit (the Open XML SDK's schema data) finds nothing: every new element is
    where CT_PPr, CT_RPr, CT_TblPr and CT_SectPr put it."""
    result = OpenXmlValidator().validate(str(docx_files[name]))
    assert result.is_valid, [str(e) for e in result.errors]


def test_the_schema_check_sees_an_element_out_of_order(docx_files, tmp_path):
    """The check above can fail: w:rtl put before w:szCs is reported."""
    source = docx_files["rtl-arabic-brief"]
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(bad, "w") as out:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "word/document.xml":
                data = re.sub(rb'(<w:szCs w:val="\d+"/>)(<w:rtl/>)', rb"\2\1", data, count=1)
            out.writestr(name, data)
    result = OpenXmlValidator().validate(str(bad))
    assert not result.is_valid


# ---- LibreOffice ------------------------------------------------------------------------------

BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                       "\u2066\u2067\u2068\u2069"), None)
# Devanagari, Bengali and Thai vowel signs and marks pdftotext may put after a line break
MARKS = re.compile(r"\s+(?=[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983"
                   r"\u09bc-\u09d7\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])")


def canonical_words(text: str) -> Counter:
    """The words of a text as compared across readers: NFKC, case folded, without bidi
    controls (pdftotext writes embeddings around right-to-left stretches) or punctuation;
    Arabic words as written, vowel marks and all."""
    text = unicodedata.normalize("NFKC", text).translate(BIDI_CONTROLS).casefold()
    text = MARKS.sub("", text)
    out: Counter = Counter()
    for token in re.split(r"[\s\u2022\ue000-\uf8ff]+", text):
        kept = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in token)
        out.update(kept.split())
    return out


LAM_ALEF = re.compile("\u0644[\u0622\u0623\u0625\u0627]")  # one glyph in Arabic fonts
TANWIN = re.compile("[\u064b-\u064d]")


def assert_same_words_as_libreoffice_draws_them(shown: str, written: str) -> None:
    """LibreOffice's PDF has the DOCX's words, but for one known difference, exactly: it draws
    a lam-alef ligature (one glyph for two letters) or a tanwin after its word's other glyphs,
    so `pdftotext -raw` reads them there ("الاتفاق" as "اتفاقلا"). Such a word must have the
    same letters; any other word must be the same. (briefgen's own PDF has no such
    difference: tests/test_pdf_text_layer.py.)"""
    extra, missing = canonical_words(shown), canonical_words(written)
    extra, missing = extra - missing, missing - extra
    for word in list(missing.elements()):
        moved = next((w for w in extra if sorted(w) == sorted(word)), None)
        if moved is not None and (LAM_ALEF.search(word) or TANWIN.search(word)):
            extra[moved] -= 1
            missing[word] -= 1
    assert +extra == Counter() and +missing == Counter(), (+extra, +missing)


@pytest.fixture(scope="module")
def libreoffice(docx_files, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("lo")
    files = [docx_files[name] for name in BRIEFS]
    converted = soffice_to_pdf(files, out / "pdf", out / "profile")
    return {name: converted[docx_files[name]] for name in BRIEFS}


@pytest.mark.parametrize("name", BRIEFS)
def test_libreoffice_lays_it_out_on_one_page_with_the_same_words(docx_files, libreoffice, name):
    pdf = libreoffice[name]
    assert pdf_pages(pdf) == 1
    shown = run_tool("pdftotext", "-raw", pdf, "-").stdout
    path = docx_files[name]
    written = "\n".join([*docx_text(path), *docx_header_footer(path)])
    assert_same_words_as_libreoffice_draws_them(shown, written)


def _lines(pdf: Path) -> list[tuple[float, float, str]]:
    """(left, right, text) of each line pdftotext finds, its words' extent."""
    xml = run_tool("pdftotext", "-bbox-layout", pdf, "-").stdout
    root = etree.fromstring(xml.encode())
    out = []
    for line in root.iter("{http://www.w3.org/1999/xhtml}line"):
        words = [w for w in line.iter("{http://www.w3.org/1999/xhtml}word")
                 if not re.fullmatch("[\u2022\ue000-\uf8ff]", w.text or "")]  # not a bullet
        if not words:
            continue
        out.append((min(float(w.get("xMin")) for w in words),
                    max(float(w.get("xMax")) for w in words), " ".join(w.text for w in words)))
    return out


def test_libreoffice_starts_right_to_left_paragraphs_at_the_right(libreoffice):
    """In the mixed brief the Arabic key point ends at the right margin (its bullet's indent
    before it) and the English ones start at the left; in the Arabic brief the masthead and
    the summary's lines end at the right margin."""
    theme = Theme()
    right = theme.page_size[0] - theme.margin_right
    left = theme.margin_left
    lines = _lines(libreoffice["mixed-arabic-english"])
    arabic = next(line for line in lines if "security" in line[2])
    english = next(line for line in lines if "China" in line[2])
    assert right - 30 < arabic[1] <= right + 1 and arabic[0] > left + 60
    assert english[0] < left + 30 and english[1] < right - 60
    lines = _lines(libreoffice["rtl-arabic-brief"])
    assert lines[0][1] > right - 2 and lines[0][0] > right - 150  # the masthead
    assert sum(1 for line in lines if RTL_LETTERS.search(line[2]) and line[1] > right - 2) > 10


# ---- the brief's words in Arabic and Hebrew ---------------------------------------------------

# typed here, not read from briefgen's catalogue: masthead, a label, a section title, the note
# under the timeline, the footer, a loose date of each kind, the quotation marks
WORDS = {
    "rtl-arabic-brief": ("مذكرة إحاطة", "إلى:", "المرجع:", "النقاط الرئيسية", "التسلسل الزمني",
                         "التواريخ المكتوبة بخط مائل تقريبية.", "أواخر عقد 1990", "بحلول 2027",
                         "10 مارس 2023", "إعداد: فريق تحليل شؤون الخليج، 20 نوفمبر 2023",
                         "”إن عودة", "والحوار.“"),
    "hebrew-brief": ("תזכיר תדריך", "אל:", "סימוכין:", "עיקרי הדברים", "ציר זמן",
                     "תאריכים בכתב נטוי הם משוערים.", "סוף 2026", "1 בנוב׳ 2022",
                     "הוכן על ידי צוות ניתוח פוליטי, 29 בדצמבר 2022", "”זכינו", "ישראל.”"),
}


@pytest.mark.parametrize("name", WORDS)
def test_the_brief_s_words_are_arabic_or_hebrew(docx_files, name):
    path = docx_files[name]
    joined = "\n".join([*docx_text(path), *docx_header_footer(path)])
    text = re.sub("[\u200e\u200f\u202a-\u202c\u2066-\u2069]", "", joined)  # print nothing
    for word in WORDS[name]:
        assert word in text, (word, text)


@pytest.mark.parametrize("tag", ["ar", "he"])
def test_english_facts_in_an_arabic_or_hebrew_brief(tmp_path, tag):
    """The seed's English facts with --language ar or he: the brief's words right to left, the
    English sentences left to right, the facts' runs marked English, valid, and LibreOffice lays
    it out on one page."""
    brief = build(ROOT / "facts" / "japan-nato-mission.yaml", formats=("docx",), language=tag)
    path = tmp_path / f"seed-{tag}.docx"
    path.write_bytes(brief.outputs["docx"])
    root = _xml(path)
    masthead, summary = (next(p for p in _paragraphs(root) if _text(p).startswith(start))
                         for start in (("מזכר", "מזכרת", "תזכיר", "مذكرة"), "Japan opened"))
    assert masthead.find(f"{W}pPr/{W}bidi") is not None  # the brief's words
    assert summary.find(f"{W}pPr/{W}bidi") is None  # an English sentence: left to right
    assert any(r.find(f"{W}rPr/{W}lang") is not None and
               r.find(f"{W}rPr/{W}lang").get(f"{W}val") == "en-US" for r in root.iter(f"{W}r"))
    assert OpenXmlValidator().validate(str(path)).is_valid
    pdf = soffice_to_pdf([path], tmp_path / "pdf", tmp_path / "profile")[path]
    assert pdf_pages(pdf) == 1
    assert_same_words_as_libreoffice_draws_them(
        run_tool("pdftotext", "-raw", pdf, "-").stdout,
        "\n".join([*docx_text(path), *docx_header_footer(path)]))
