"""The marks of direction an author types (U+200E LRM, U+200F RLM, U+061C ALM) are kept: a range
`21–22` beside Hebrew, which the bidi algorithm shows as `22–21`, prints `21–22` when written
`‎21–22‎`, in every format. Read back from the PDF (pdftotext's words and their places), from
LibreOffice's PDF of the DOCX and from Chromium's PDF of the HTML; no font is asked for a mark:
nothing drawn, no width, no word cut in two."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DIRECTION_MARKS, ROOT, run_tool, soffice_to_pdf

from briefgen.pipeline import build

MARKED = ROOT / "tests" / "data" / "bidi" / "marks-he.yaml"
LRM, RLM = "\u200e", "\u200f"
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>')


def _words(pdf: Path) -> list[tuple[float, float, float, str]]:
    """(line's top, left, right, text) of every word pdftotext finds, rounded to the line."""
    out = run_tool("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-").stdout
    return [(round(float(y)), float(x0), float(x1), w) for x0, y, x1, w in WORD.findall(out)]


def _range_lines(pdf: Path) -> list[str]:
    """Each line holding the range's numbers, its digits and dash as they are shown, left to
    right (pdftotext gives a line's words with their places)."""
    lines: dict[int, list[tuple[float, str]]] = {}
    for top, left, _, word in _words(pdf):
        word = re.sub("[\u061c\u200e\u200f\u2066-\u2069]", "", word)  # in Chromium's text
        if re.fullmatch(r"[\d–]+", word):
            lines.setdefault(top, []).append((left, word))
    shown = ("".join(w for _, w in sorted(ws)) for _, ws in sorted(lines.items()))
    return [line for line in shown if "–" in line]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("marks")
    brief = build(MARKED, ("pdf", "docx", "html", "md"), language="he")
    for name, data in brief.outputs.items():
        (folder / f"b.{name}").write_bytes(data)
    return folder, brief


def test_the_marked_range_prints_in_order_in_the_pdf(outputs):
    """Without the marks (removed on input until now) both lines showed 22–21."""
    folder, _ = outputs
    assert _range_lines(folder / "b.pdf") == ["21–22", "22–21"]


def test_no_mark_is_drawn_or_takes_room_or_cuts_a_word(outputs):
    folder, _ = outputs
    # The PDF's text layer writes zero-wide LRM/RLM of its own at bidi islands' edges (unpainted:
    # tests/test_pdf_text_layer.py); what matters here is that the author's mark cuts no word
    # and takes no room.
    words = [(x0, x1, w.translate(DIRECTION_MARKS)) for _, x0, x1, w in _words(folder / "b.pdf")]
    widths = {w: round(x1 - x0, 2) for x0, x1, w in words if w in ("שלוםעולם", "םלועםולש")}
    assert len(widths) == 1, widths  # the marked word and the plain one: one word, one width
    assert run_tool("pdffonts", folder / "b.pdf").returncode == 0


def test_the_docx_html_and_markdown_carry_the_marks(outputs):
    folder, brief = outputs
    for name in ("html", "md"):
        out = brief.outputs[name].decode("utf-8")
        assert f"{LRM}21–22{LRM}" in out and f"שלום{RLM}עולם" in out, name
    run_tool("unzip", "-o", "-q", folder / "b.docx", "word/document.xml", "-d", folder / "x")
    xml = (folder / "x" / "word" / "document.xml").read_text(encoding="utf-8")
    assert f"{LRM}21–22{LRM}" in xml and f"שלום{RLM}עולם" in xml


def test_libreoffice_and_chromium_show_the_marked_range_in_order(outputs):
    folder, _ = outputs
    office = soffice_to_pdf([folder / "b.docx"], folder / "lo", folder / "profile")
    assert _range_lines(office[folder / "b.docx"]) == ["21–22", "22–21"]
    printed = folder / "chromium.pdf"
    run_tool("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--print-to-pdf={printed}", (folder / "b.html").as_uri())
    assert _range_lines(printed) == ["21–22", "22–21"]
