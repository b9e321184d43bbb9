"""Right-to-left and shaped scripts in the PDF, read back with tools nobody here wrote.

Arabic, Persian, Hebrew, Devanagari, Bengali and Thai, alone and mixed with Latin, numbers and
brackets: every word printed comes back from poppler's `pdftotext` (NFKC-normalised), right to
left runs in reading order; every glyph drawn is a real glyph of an embedded font (the fonts'
own cmaps read with fontTools); a right-to-left paragraph is aligned right with its bullet on
the right; no line passes a margin; the brief stays on one page; rebuilds are byte-identical.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from conftest import FACTS_DIR, ROOT, pdf_pages, run_tool
from fontTools.ttLib import TTFont

import briefgen
from briefgen.design.theme import Theme
from briefgen.input.facts import load_facts
from briefgen.layout.font_coverage import texts
from briefgen.pipeline import build

SHAPED = ROOT / "tests" / "data" / "fonts" / "shaped.yaml"
IRAN = FACTS_DIR / "scripts" / "iran-nuclear-talks.yaml"
INDIA = FACTS_DIR / "scripts" / "india-election-2024.yaml"
FILES = (SHAPED, IRAN, INDIA)
WORD = re.compile(r"\w+")
THEME = Theme()  # the default template's: its margins
LEFT, RIGHT = THEME.margin_left, THEME.page_size[0] - THEME.margin_right


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[Path, tuple[Path, tuple[str, ...]]]:
    """Each facts file's PDF (built in this process) and the build's notes."""
    folder = tmp_path_factory.mktemp("shaped")
    out = {}
    for facts in FILES:
        brief = build(facts, ("pdf",))
        path = folder / f"{facts.stem}.pdf"
        path.write_bytes(brief.outputs["pdf"])
        out[facts] = path, brief.notes
    return out


def printed_texts(facts: Path, notes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(field, text) of every text of the facts that the brief kept (not dropped to fit)."""
    dropped = {m.group(1) for note in notes for m in [re.search(r"dropped (\S+) \(", note)] if m}
    return [(field, text) for field, text in texts(load_facts(facts))
            if field.split(".")[0] not in dropped]


@pytest.mark.parametrize("facts", FILES, ids=lambda p: p.stem)
def test_every_printed_word_comes_back_from_pdftotext(pdfs, facts):
    path, notes = pdfs[facts]
    got = set(WORD.findall(nfkc(run_tool("pdftotext", "-enc", "UTF-8", path, "-").stdout)))
    kept = printed_texts(facts, notes)
    assert len(kept) >= 6
    missing = [(field, word) for field, text in kept
               for word in WORD.findall(nfkc(text))
               if word not in got]
    assert not missing, missing


@pytest.mark.parametrize("phrase", [
    "שר החוץ אמר כי ישראל עוקבת אחר השיחות",  # a right-to-left paragraph
    "وزير الخارجية يقول إن المحادثات",  # right to left inside an English title
    "عباس عراقچی گفت مذاکرات",  # Persian inside an English paragraph
    "प्रधानमंत्री नरेंद्र मोदी ने कहा कि चुनाव के परिणाम",  # conjuncts, vowel signs before
    "প্রধানমন্ত্রী শেখ হাসিনা বলেছেন",
])
def test_right_to_left_and_shaped_phrases_read_in_logical_order(pdfs, phrase):
    path, _ = pdfs[SHAPED]
    text = " ".join(nfkc(run_tool("pdftotext", "-enc", "UTF-8", path, "-").stdout).split())
    assert phrase in text, text


def test_thai_breaks_between_words(tmp_path):
    """A Thai text with no spaces, longer than a line, breaks where a word ends (PyThaiNLP's
    dictionary), never inside one: each line of the PDF ends with a whole word."""
    thai = "กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทยและมีประชากรมากกว่าสิบล้านคน" * 3
    facts = tmp_path / "t.yaml"
    facts.write_text(f"title: Thai\nsummary: \"{thai}\"\n", encoding="utf-8")
    (tmp_path / "t.pdf").write_bytes(build(facts, ("pdf",)).outputs["pdf"])
    lines = [line.strip() for line in run_tool("pdftotext", "-enc", "UTF-8", tmp_path / "t.pdf",
                                               "-").stdout.splitlines()]
    start = next(i for i, line in enumerate(lines) if line and thai.startswith(line))
    broken = []
    for line in lines[start:]:
        if not line or not thai.replace(" ", "").count(line):
            break
        broken.append(line)
    assert len(broken) >= 2 and "".join(broken) == thai, broken
    from pythainlp.tokenize import word_tokenize

    ends, at = set(), 0
    for word in word_tokenize(thai, engine="newmm"):
        at += len(word)
        ends.add(at)
    at = 0
    for line in broken[:-1]:
        at += len(line)
        assert at in ends, (line, at)


def _fonts_and_codes(pdf: pikepdf.Pdf):
    """(font dictionary, codes drawn with it) for every font the page's text uses."""
    page = pdf.pages[0]
    fonts = page.Resources.Font
    used: dict[str, set[int]] = {}
    current = None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "Tf":
            current = str(operands[0])
        elif op == "Tj":
            used.setdefault(current, set()).update(bytes(operands[0]))
        elif op == "TJ":
            for item in operands[0]:
                if isinstance(item, pikepdf.String):
                    used.setdefault(current, set()).update(bytes(item))
    return [(fonts[name], codes) for name, codes in used.items()]


@pytest.mark.parametrize("facts", FILES, ids=lambda p: p.stem)
def test_every_glyph_drawn_is_a_real_glyph_of_an_embedded_font(pdfs, facts):
    path, _ = pdfs[facts]
    with pikepdf.open(path) as pdf:
        checked = set()
        for font, codes in _fonts_and_codes(pdf):
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor, font.BaseFont
            face = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
            cmap = face["cmap"].getcmap(1, 0) or face["cmap"].getcmap(3, 0)
            order = face.getGlyphOrder()
            for code in codes:
                glyph = cmap.cmap.get(code)
                assert glyph is not None and glyph != order[0], (str(font.BaseFont), code)
            checked.add(str(font.BaseFont).split("+")[-1])
    assert any(name.startswith("Noto") for name in checked), checked


def test_the_scripts_are_drawn_in_their_noto_faces(pdfs):
    path, _ = pdfs[SHAPED]
    rows = run_tool("pdffonts", path).stdout.splitlines()[2:]
    names = {row.split()[0].split("+")[-1] for row in rows}
    assert {"NotoNaskhArabic-Regular", "NotoSansDevanagari-Regular", "NotoSansBengali-Regular",
            "NotoSansThai-Regular"} <= names, names
    assert all(" yes yes yes " in f" {' '.join(row.split()[-5:-2])} " for row in rows), rows


def _words_with_boxes(path: Path) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, word) of every word pdftotext finds on the first page (its letters
    as drawn: a right-to-left word's reversed)."""
    html = run_tool("pdftotext", "-bbox", "-enc", "UTF-8", path, "-").stdout
    return [(float(a), float(b), float(c), w) for a, b, c, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        html)]


def test_a_right_to_left_paragraph_is_aligned_right_with_its_bullet_on_the_right(pdfs):
    path, _ = pdfs[SHAPED]
    boxes = _words_with_boxes(path)
    hebrew = [b for b in boxes if any("\u0590" <= c <= "\u05ff" for c in b[3])]
    line_y = hebrew[0][1]
    line = [b for b in boxes if abs(b[1] - line_y) < 2]
    bullet = [b for b in line if b[3] == "\u2022"]
    assert len(bullet) == 1
    text_right = max(b[2] for b in line if b[3] != "\u2022")
    assert bullet[0][0] > text_right  # the bullet right of the text
    assert RIGHT - 3 <= bullet[0][2] <= RIGHT + 0.5  # at the right margin
    left_bullets = [b for b in boxes if b[3] == "\u2022" and b[0] < LEFT + 20]
    assert len(left_bullets) == 3  # the left-to-right items keep theirs on the left


@pytest.mark.parametrize("facts", FILES, ids=lambda p: p.stem)
def test_no_line_passes_a_margin_and_the_brief_is_one_page(pdfs, facts):
    path, _ = pdfs[facts]
    assert pdf_pages(path) == 1
    for x_min, _, x_max, word in _words_with_boxes(path):
        assert x_min >= LEFT - 0.5 and x_max <= RIGHT + 0.5, (word, x_min, x_max)


def test_a_long_right_to_left_text_is_broken_into_lines_and_fitted(tmp_path):
    """Measured as shaped: a long Arabic paragraph takes several lines, each within the
    margins, and a brief of many of them is cut to one page by priority."""
    sentence = "قال وزير الخارجية إن المحادثات كانت بناءة وإن الجولة المقبلة ستعقد في مسقط "
    items = "".join(f"  - text: \"{sentence * 3}\"\n    priority: {1 if i < 3 else 3}\n"
                    for i in range(30))
    facts = tmp_path / "a.yaml"
    facts.write_text(f"title: Talks\nsummary: \"{sentence}\"\nkey_points:\n{items}",
                     encoding="utf-8")
    brief = build(facts, ("pdf",))
    (tmp_path / "a.pdf").write_bytes(brief.outputs["pdf"])
    assert brief.pages == 1 and pdf_pages(tmp_path / "a.pdf") == 1
    assert any("dropped key_points[29]" in note for note in brief.notes), brief.notes
    boxes = _words_with_boxes(tmp_path / "a.pdf")
    assert all(LEFT - 0.5 <= x0 and x1 <= RIGHT + 0.5 for x0, _, x1, _ in boxes)
    lines = {round(y) for _, y, _, w in boxes if nfkc(w)[::-1] == "مسقط"}
    assert len(lines) >= 9  # the word 3 times a line: 3 lines for each of 3 items


def test_rebuilds_are_byte_identical_whatever_was_built_before(pdfs, tmp_path):
    """In this process after other briefs, after clearing the caches, and in a fresh process:
    the same bytes (shaped glyphs' private codes are never written)."""
    again = build(SHAPED, ("pdf",)).outputs["pdf"]
    assert again == pdfs[SHAPED][0].read_bytes()
    briefgen.clear_caches()
    assert build(SHAPED, ("pdf",)).outputs["pdf"] == again
    out = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "briefgen", "build", str(SHAPED), "-f", "pdf", "-o",
                    str(out)], check=True, capture_output=True, timeout=120)
    assert (out / "shaped.pdf").read_bytes() == again


def test_a_character_no_font_has_beside_arabic_is_a_located_error(tmp_path, capsys):
    from briefgen.edge.cli import run

    facts = tmp_path / "f.yaml"
    facts.write_text("title: T\nsummary: Fine.\nkey_points:\n  - \"قال ሰላም\"\n",
                     encoding="utf-8")
    assert run(["build", str(facts), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {facts}:4: key_points[0].text: no font of the brief has "
                          "'\u1230' (U+1230)"), err
    assert err.count("\n") == 1 and not (tmp_path / "o").exists()


def test_a_link_in_a_right_to_left_source_is_a_tagged_link_over_its_text(pdfs):
    """The IRNA source (a Persian title) has an address: an annotation over its printed text,
    with the address as /Contents and a /StructParent (its Link element)."""
    path, _ = pdfs[IRAN]
    (box,) = [b for b in _words_with_boxes(path) if b[3] == "https://www.irna.ir/"]
    height = THEME.page_size[1]
    with pikepdf.open(path) as pdf:
        (annot,) = [a for a in pdf.pages[0].Annots if str(a.Contents) == "https://www.irna.ir/"]
        x0, y0, x1, y1 = (float(v) for v in annot.Rect)
        assert "/StructParent" in annot
    assert x0 == pytest.approx(box[0], abs=0.5) and x1 == pytest.approx(box[2], abs=0.5)
    assert y0 <= height - box[1] - 6 and y1 >= height - box[1]
