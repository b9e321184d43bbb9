"""The pieces briefgen composes (dates, citation marks, links, each part of a source entry or a
quote's attribution) are ordered each on its own beside right-to-left text, in every format.

Read back from the PDF with poppler's pdftotext, from the Markdown and the HTML as written: an
English brief's source with a Hebrew title still reads "title, 9 Jun 2024, https://..." left to
right; an Arabic brief's links end with their "/" and a citation mark stays out of the date
before it; an English quote in an Arabic brief has its marks facing it.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import DIRECTION_MARKS, ROOT, docx_text, run_tool

from briefgen.pipeline import build

DATA = ROOT / "tests" / "data" / "bidi"
ISRAEL = DATA / "israel-war-cabinet-2024.yaml"  # English, sources with Hebrew titles
EGYPT = DATA / "egypt-float-2024.yaml"  # Arabic, a quote and sources in English
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def _pdf_text(tmp_path: Path, facts: Path, **options) -> str:
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(build(facts, ("pdf",), **options).outputs["pdf"])
    text = run_tool("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-").stdout
    return text.translate(DIRECTION_MARKS)  # zero wide, at bidi islands' edges: not letters


def test_an_english_source_with_a_hebrew_title_keeps_its_date_and_link_in_order(tmp_path):
    """Was '/Jun 2024, https://www.haaretz.co.il ,"…" ,(Haaretz) הארץ 9': the entry taken for
    a right-to-left paragraph, the day cut from its month, the link's '/' at the far left."""
    text = _pdf_text(tmp_path, ISRAEL)
    line = next(x for x in text.splitlines() if "haaretz.co.il" in x)
    assert line.lstrip().startswith("[2]"), line
    assert line.rstrip().endswith("9 Jun 2024, https://www.haaretz.co.il/"), line


def test_an_arabic_brief_s_links_and_citations_stay_whole(tmp_path):
    text = _pdf_text(tmp_path, EGYPT)
    for host in ("www.cbe.org.eg", "www.imf.org", "gate.ahram.org.eg"):
        assert f"https://{host}/" in text, host
    assert "/https" not in text
    by = next(x for x in text.splitlines() if "Georgieva" in x)
    assert "[2]" in by and "6 [2]" not in by and "[2] 6" not in by, by


def test_the_composed_pieces_are_isolated_in_the_markdown_and_html(tmp_path):
    brief = build(ISRAEL, ("md", "html"))
    for name in ("md", "html"):
        out = brief.outputs[name].decode("utf-8")
        assert f"{FSI}9 Jun 2024{PDI}" in out, name
        assert f"{LRI}https://www.haaretz.co.il/{PDI}" in out, name
    assert f"{LRI}[2]{PDI}" in brief.outputs["md"].decode("utf-8")
    assert f'{LRI}[<a href="#source-2"' in brief.outputs["html"].decode("utf-8")


def test_a_brief_without_right_to_left_text_has_no_isolates(tmp_path):
    brief = build(ROOT / "facts" / "japan-nato-mission.yaml", ("md", "html"))
    for out in brief.outputs.values():
        assert not any(c in out.decode("utf-8") for c in (LRI, FSI, PDI, "\u2067"))


def test_an_english_quote_in_an_arabic_brief_has_its_marks_facing_it(tmp_path):
    """Arabic's marks (” … “) were put round the left-to-right quote, facing outwards."""
    brief = build(EGYPT, ("md", "pdf"))
    assert "“This is a very important step for Egypt.”" in brief.outputs["md"].decode("utf-8")
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(brief.outputs["pdf"])
    words = run_tool("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-").stdout
    assert ">“This</word>" in words and ">Egypt.”</word>" in words  # as drawn, left to right


IRAN = ROOT / "facts" / "scripts" / "iran-nuclear-talks.yaml"  # Persian and Arabic quotes


def _drawn_words(tmp_path: Path, pdf: bytes) -> str:
    path = tmp_path / "q.pdf"
    path.write_bytes(pdf)
    text = run_tool("pdftotext", "-bbox", "-enc", "UTF-8", path, "-").stdout
    return text.translate(DIRECTION_MARKS)  # the text layer's zero-wide marks are not drawn


def test_an_english_quote_in_a_hebrew_brief_has_marks_facing_it(tmp_path):
    """Hebrew's marks are one mark twice (” … ”): swapping them changed nothing, and the English
    quote opened with ”."""
    brief = build(EGYPT, ("md", "pdf", "docx"), language="he")
    quote = "“This is a very important step for Egypt.”"
    assert quote in brief.outputs["md"].decode("utf-8")
    words = _drawn_words(tmp_path, brief.outputs["pdf"])
    assert ">“This</word>" in words and ">Egypt.”</word>" in words
    (tmp_path / "q.docx").write_bytes(brief.outputs["docx"])
    assert any(quote in p for p in docx_text(tmp_path / "q.docx"))


def test_an_english_source_title_in_a_hebrew_brief_has_marks_facing_it(tmp_path):
    """The entry runs right to left: ” on the title's right, “ on its left, shown “Reporting …”."""
    brief = build(IRAN, ("md", "pdf"), language="he")
    md = brief.outputs["md"].decode("utf-8")
    assert f"”{FSI}Reporting on the April 2025 rounds in Muscat and Rome (as cited){PDI}“" in md
    assert f"”{FSI}بيان وزارة الخارجية" in md and f"(as cited){PDI}”" in md  # a Hebrew-way title
    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<',
                       _drawn_words(tmp_path, brief.outputs["pdf"]))
    top = next(y for _, y, w in words if w == "Reporting")
    line = "".join(w for _, _, w in sorted((float(x), y, w) for x, y, w in words if y == top))
    assert "“Reporting" in line and "cited)”," in line, line  # as drawn, left to right


def test_guillemets_are_left_for_the_bidi_algorithm_to_mirror(tmp_path):
    """A Persian quote in a French brief keeps « … » in logical order (swapped, it showed its
    marks pointing inwards, and its no-break spaces on the outside)."""
    md = build(IRAN, ("md",), language="fr").outputs["md"].decode("utf-8")
    assert "«\u00a0گفت‌وگوها" in md and "atmosphere).\u00a0»" in md
