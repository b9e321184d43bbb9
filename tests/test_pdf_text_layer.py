"""Text stays text: every word of a right-to-left brief reads back from the PDF, in logical order.

Briefs in Arabic (with numbers, Latin names, harakat and shadda), in English with Urdu and with
Persian names and quotes (zero-width non-joiners inside words), and in Hebrew are built; their
Markdown, written from the same laid-out brief, says which words it shows (section headings
aside: the PDF prints its own labels). poppler's pdftotext (the reader the issue names) must give
every one of those words, exactly as written (NFKC; bidi formatting characters aside), and in
order within a line, but for one case it reads wrongly from any PDF; PDFium (Chromium's PDF
engine) too, but for the cases it reads wrongly from any PDF. Both are named below. The PDF
draws zero-wide direction marks where poppler needs them (`layout.text_layer`), unpainted: none
in a brief without right-to-left text, and rebuilds are identical.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pypdfium2
import pytest
from conftest import ROOT, run_tool, script_words

from briefgen.pipeline import build

BIDI = ROOT / "tests" / "data" / "bidi"
BRIEFS = {
    "egypt": BIDI / "egypt-float-2024.yaml",  # Arabic
    "pakistan": BIDI / "pakistan-floods-2022.yaml",  # English with Urdu
    "iran": ROOT / "facts" / "scripts" / "iran-nuclear-talks.yaml",  # English with Persian
    "israel": BIDI / "israel-war-cabinet-2024.yaml",  # English with Hebrew
    "hebrew": ROOT / "tests" / "data" / "facts" / "hebrew-brief.yaml",  # Hebrew
}
# What poppler reads wrongly from any PDF of the same text (LibreOffice's PDF of the DOCX
# alike): on a page with more left-to-right letters than right-to-left ones poppler reads every
# line left to right (TextOutputDev.cc: `primaryLR = lrCount >= 0`), taking a right-to-left
# stretch and the spaces and brackets around it as one, reversed; a right-to-left paragraph
# that starts with a number, the figure "3 (مسقط، رم، مسقط)", then reads "... مسقط3".
POPPLER_MISREADS = {"iran": Counter({"مسقط": 1, "3": 1})}
# What PDFium reads wrongly from any PDF of the same text (LibreOffice's and Chromium's alike):
# in a right-to-left line it turns around the parts of a Latin word glued to a number ("€7.4bn"
# as "€bn7.4") and of a reference ("MEA/EGY/2024/031" as "/2024/031EGY/MEA"); it swaps the
# halves of a Persian word around its zero-width non-joiner ("غنی‌سازی" as "سازی‌غنی"); and
# splits a Nastaliq word whose letters are drawn at stepped heights (Urdu "رحمٰن").
PDFIUM_MISREADS = {"egypt": {"4bn", "7", "egy", "031"}, "hebrew": {"pol", "025"},
                   "iran": {"غنی\u200cسازی"}, "pakistan": {"رحمٰن"}}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, tuple[Path, list[str]]]:
    """Each brief's PDF and the words its Markdown shows (headings and link targets aside)."""
    folder = tmp_path_factory.mktemp("text-layer")
    out = {}
    for name, facts in BRIEFS.items():
        brief = build(facts, ("pdf", "md"))
        path = folder / f"{name}.pdf"
        path.write_bytes(brief.outputs["pdf"])
        markdown = brief.outputs["md"].decode("utf-8")
        body = "\n".join(line for line in markdown.splitlines() if not line.startswith("## "))
        out[name] = path, script_words(re.sub(r"\]\([^)]*\)", "] ", body))
    return out


def _missing(shown: list[str], written: list[str]) -> Counter:
    return Counter(written) - Counter(shown)


@pytest.mark.parametrize("name", BRIEFS)
def test_pdftotext_gives_every_word_as_written(built, name):
    path, written = built[name]
    assert len(written) > 150
    shown = script_words(run_tool("pdftotext", "-enc", "UTF-8", path, "-").stdout)
    assert _missing(shown, written) == POPPLER_MISREADS.get(name, Counter())


@pytest.mark.parametrize("name", BRIEFS)
def test_pdfium_gives_every_word_as_written(built, name):
    path, written = built[name]
    document = pypdfium2.PdfDocument(path)
    shown = script_words("\n".join(page.get_textpage().get_text_range() for page in document))
    assert set(_missing(shown, written)) == PDFIUM_MISREADS.get(name, set())


@pytest.mark.parametrize("phrase", [
    "في 6 مارس 2024 رفع البنك المركزي المصري الفائدة 600 نقطة أساس",  # numbers in Arabic
    "نحو 49.5 جنيهًا للدولار، ووسّع صندوق النقد الدولي (IMF) برنامجه إلى 8 مليارات دولار",
    "Kristalina Georgieva، IMF Managing Director، 6 مارس 2024",
])
def test_pdftotext_reads_an_arabic_line_in_logical_order(built, phrase):
    """Was "في  6مارس", "30.85قبل", "جنيها" with its tanwin on a line of its own."""
    text = run_tool("pdftotext", "-enc", "UTF-8", built["egypt"][0], "-").stdout
    assert " ".join(script_words(phrase)) in " ".join(script_words(text))


def test_a_persian_word_keeps_its_zero_width_non_joiner(built):
    """HarfBuzz draws U+200C as a blank of no advance; its glyph stands for U+200C."""
    shown = script_words(run_tool("pdftotext", "-enc", "UTF-8", built["iran"][0], "-").stdout)
    assert "غنی\u200cسازی" in shown and "گفت\u200cوگوها" in shown


def test_a_brief_without_right_to_left_text_draws_no_direction_mark(tmp_path):
    path = tmp_path / "japan.pdf"
    path.write_bytes(build(ROOT / "facts" / "japan-nato-mission.yaml", ("pdf",)).outputs["pdf"])
    text = run_tool("pdftotext", "-enc", "UTF-8", path, "-").stdout
    assert "\u200e" not in text and "\u200f" not in text


def test_an_arabic_brief_rebuilds_byte_identical():
    first = build(BRIEFS["egypt"], ("pdf",)).outputs["pdf"]
    assert build(BRIEFS["egypt"], ("pdf",)).outputs["pdf"] == first


def _text_objects(path: Path) -> list[tuple[str, int]]:
    """(text, text render mode) of each text object PDFium finds on the first page."""
    import ctypes

    import pypdfium2.raw as c

    page = pypdfium2.PdfDocument(path)[0]
    textpage = page.get_textpage()
    out = []
    for obj in page.get_objects(filter=[c.FPDF_PAGEOBJ_TEXT]):
        size = c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
        buffer = ctypes.create_string_buffer(size)
        c.FPDFTextObj_GetText(obj.raw, textpage.raw,
                              ctypes.cast(buffer, ctypes.POINTER(c.FPDF_WCHAR)), size)
        out.append((buffer.raw[:size - 2].decode("utf-16-le"),
                    c.FPDFTextObj_GetTextRenderMode(obj.raw)))
    return out


def test_the_direction_marks_are_text_that_is_not_painted(built):
    """Liberation draws U+200E and U+200F as visible signs: the marks are drawn invisible (text
    render mode 3), and nothing else is."""
    objects = _text_objects(built["egypt"][0])
    marks = [mode for text, mode in objects if text.strip() in ("\u200e", "\u200f")]
    assert len(marks) > 20 and set(marks) == {pypdfium2.raw.FPDF_TEXTRENDERMODE_INVISIBLE}
    assert {mode for text, mode in objects if text.strip() not in ("\u200e", "\u200f")} == \
        {pypdfium2.raw.FPDF_TEXTRENDERMODE_FILL}


@pytest.mark.parametrize("phrase", [
    "كتاب سماءً",  # a tanwin on the line's last letter, the leftmost glyph drawn
    "قال أيضاً إن الوضع جيد جداً",  # on a final alif, as Arabic often spells it
    "بً",
    "بً.",
    "سماءً كتاب",  # mid-line
    "كتابًا",
    "The sky سماءً is blue",  # the marked word between English ones
    "שָׁלוֹם עוֹלָם",  # Hebrew: shin with its dot drawn as one glyph, the qamats apart
    "עוֹלָם שָׁלוֹם",
    "עוֹלָךְ",  # final kaf with sheva: one glyph, 1094 wide in the face's units, 534 drawn
    "ںآ",  # Urdu noon ghunna before a letter: Noto Naskh's glyph of U+FBE8, read back "ى"
])
def test_a_marked_letter_reads_with_its_word_at_a_line_end(tmp_path, phrase):
    """On a page read left to right (an English brief) poppler reads a line from its left end,
    anything but a right-to-left letter there first: the tanwin on the last letter came back
    before the line (`ً• كتاب سماء`), a Hebrew qamats before its shin, and a final kaf with
    sheva on a line of its own. The phrase's line reads back as it, words and marks."""
    facts = tmp_path / "f.yaml"
    facts.write_text(f'title: "x"\nsummary: Mixed.\nkey_points:\n  - text: "{phrase}"\n'
                     "    priority: 1\n", encoding="utf-8")
    path = tmp_path / "f.pdf"
    path.write_bytes(build(facts, ("pdf",)).outputs["pdf"])
    text = run_tool("pdftotext", "-enc", "UTF-8", path, "-").stdout
    lines = [script_words(line) for line in text.splitlines()]
    assert script_words(phrase) in lines, text


def test_a_lam_alef_reads_whole_in_a_bold_title(tmp_path):
    """Noto Naskh Bold draws lam-alef as the ligature and, for the alef, a glyph of no advance
    where the ligature starts: poppler read that alef as a word of its own (`ل` / `ء آ`)."""
    facts = tmp_path / "f.yaml"
    facts.write_text('title: "ก ءلآ"\nsummary: Mixed.\nkey_points:\n  - text: "א"\n'
                     "    priority: 1\n", encoding="utf-8")
    path = tmp_path / "f.pdf"
    path.write_bytes(build(facts, ("pdf",)).outputs["pdf"])
    text = run_tool("pdftotext", "-enc", "UTF-8", path, "-").stdout
    assert "ءلآ" in script_words(text), text
