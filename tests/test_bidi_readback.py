"""The pieces briefgen isolates (dates, citation marks, links, each part of a source entry and
of an attribution) read in the right order where other programs lay the brief out: Chromium
(its PDF of the HTML) and LibreOffice (its PDF of the DOCX), beside briefgen's own PDF. Each
file's words are read back with their places (pdftotext -bbox) and each line put in the order
it is shown, left to right. An English brief's source with a Hebrew title reads
"[2] … 9 Jun 2024, https://www.haaretz.co.il/" from the left; an Arabic brief's years keep their
space from the month before them (LibreOffice, given the isolates, drew "6 مارس2024"), and its
links stay whole."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, run_tool, soffice_to_pdf

from briefgen.pipeline import build

DATA = ROOT / "tests" / "data" / "bidi"
BRIEFS = {"israel": DATA / "israel-war-cabinet-2024.yaml",  # English, Hebrew source titles
          "egypt": DATA / "egypt-float-2024.yaml"}  # Arabic, English quote and sources
READERS = ("pdf", "docx", "html")
CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # Chromium keeps them
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>')
ARABIC_WORD = re.compile("[\u0620-\u064a\u066e-\u06d3]{2,}")  # letters (NFKC), no comma
YEAR = re.compile(r"\d{4}[،,]?")


@pytest.fixture(scope="module")
def shown(tmp_path_factory) -> dict[tuple[str, str], list[list[tuple[float, float, str]]]]:
    """(brief, reader) -> the lines of the file as shown: each line's words (left, right,
    text), left to right."""
    folder = tmp_path_factory.mktemp("readback")
    pdfs: dict[tuple[str, str], Path] = {}
    for name, facts in BRIEFS.items():
        brief = build(facts, ("pdf", "docx", "html"))
        for kind, data in brief.outputs.items():
            (folder / f"{name}.{kind}").write_bytes(data)
        pdfs[name, "pdf"] = folder / f"{name}.pdf"
        pdfs[name, "html"] = folder / f"{name}-chromium.pdf"
        run_tool("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                 "--no-pdf-header-footer", f"--print-to-pdf={pdfs[name, 'html']}",
                 (folder / f"{name}.html").as_uri())
    office = soffice_to_pdf([folder / f"{n}.docx" for n in BRIEFS], folder / "lo", folder / "p")
    pdfs.update({(docx.stem, "docx"): pdf for docx, pdf in office.items()})
    return {key: _lines(pdf) for key, pdf in pdfs.items()}


def _lines(pdf: Path) -> list[list[tuple[float, float, str]]]:
    xml = run_tool("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-").stdout
    lines: dict[tuple[int, float], list[tuple[float, float, str]]] = {}
    for page, body in enumerate(re.findall(r"<page .*?</page>", xml, re.S)):
        for left, top, right, word in WORD.findall(body):
            word = unicodedata.normalize("NFKC", CONTROLS.sub("", word))
            if word:
                lines.setdefault((page, round(float(top))), []).append(
                    (float(left), float(right), word))
    return [sorted(words) for _, words in sorted(lines.items())]


def _text(line: list[tuple[float, float, str]]) -> str:
    """The line's words, a space between two only where a gap shows one (Chromium's text
    layer makes a word of a link's first letter, drawn where the isolate before it is)."""
    out, end = "", None
    for left, right, word in line:
        out += word if end is None or left - end < 0.5 else " " + word
        end = right
    return out


@pytest.mark.parametrize("reader", READERS)
def test_an_english_source_with_a_hebrew_title_reads_left_to_right(shown, reader):
    line = next(_text(x) for x in shown["israel", reader] if "haaretz.co.il" in _text(x))
    assert line.startswith("[2]"), line
    assert line.endswith("9 Jun 2024, https://www.haaretz.co.il/"), line
    assert "Haaretz" in line and "“" in line and "”," in line, line


@pytest.mark.parametrize("reader", ["docx", "html"])  # briefgen's PDF: tests/test_bidi_pieces.py
def test_an_arabic_brief_s_years_keep_their_space_from_the_month(shown, reader):
    lines = shown["egypt", reader]
    pairs = [(a, b) for line in lines for a, b in zip(line, line[1:])
             if (YEAR.fullmatch(a[2]) and ARABIC_WORD.fullmatch(b[2]))
             or (ARABIC_WORD.fullmatch(a[2]) and YEAR.fullmatch(b[2]))]
    assert len(pairs) >= 8, pairs  # the header's date, the timeline's, the sources'
    glued = [(a[2], b[2]) for a, b in pairs if b[0] - a[1] < 1.0]
    assert glued == [], glued


@pytest.mark.parametrize("reader", READERS)
def test_an_arabic_brief_s_links_stay_whole(shown, reader):
    text = "\n".join(_text(x) for x in shown["egypt", reader])
    for host in ("www.cbe.org.eg", "www.imf.org", "www.reuters.com", "gate.ahram.org.eg"):
        assert f"https://{host}/" in text, (host, text)
    assert "/https" not in text


@pytest.mark.parametrize("reader", READERS)
def test_an_arabic_brief_s_citation_stays_out_of_the_date(shown, reader):
    """The English quote's attribution: "[2]" apart from the date "6 مارس 2024" before it."""
    line = next(_text(x) for x in shown["egypt", reader] if "Georgieva" in _text(x))
    assert line.startswith("[2]"), line  # the attribution's end, at the left
    assert not re.search(r"\[2\] ?6\b|\b6 ?\[2\]", line), line
