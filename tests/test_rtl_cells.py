"""A right-to-left brief's table cells and quotes look the same in the PDF, the DOCX and the HTML.

- a Latin value in a mirrored table (a reference, an English name, an English timeline event)
  sits at the table's start side, the right, next to its label, not across the page from it;
- a value of digits alone (49.5) in a right-to-left cell keeps its bold in the DOCX: Word and
  LibreOffice format it with the complex-script bold (`w:bCs`);
- an Arabic quote prints upright in the PDF (Noto Naskh Arabic has no italic), so the DOCX does
  not slant it either (`w:iCs w:val="0"` against the Quote style's `w:iCs`).

The PDFs (ours and LibreOffice's of the DOCX) are read back with poppler's word boxes.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import built_by_command, run_tool, soffice_to_pdf, word_boxes
from docx.oxml.ns import qn
from lxml import etree

FACTS = """\
title: "مصر: تعويم الجنيه"
date: 2024-03-20
language: ar
memo:
  to: مدير إدارة الشرق الأوسط
  from: Director, Middle East Desk
  reference: MEA/EGY/2024/031
summary: رفع البنك المركزي الفائدة إلى 27.25% وهبط الجنيه إلى 49.5 للدولار.
timeline:
  - date: 2024-03-06
    event: The central bank floats the pound.
quotes:
  - text: "ما حدث اليوم هو توحيد لسعر الصرف، وليس تخفيضًا لقيمة العملة."
    speaker: حسن عبد الله
figures:
  - label: الجنيه مقابل الدولار
    value: "49.5"
  - label: سعر الفائدة
    value: 27.25%
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("rtl-cells")
    out = built_by_command(work, "egypt", FACTS)
    out["lo"] = soffice_to_pdf([out["docx"]], work / "lo", work / "profile")[out["docx"]]
    return out


def _gap(found, label: str, value: str) -> float:
    """Points between a value's right end and its label's left end on the same line (a value
    at the far left margin is some 400 points from its label)."""
    lab = next(b for b in found if b[3].startswith(label))
    val = next(b for b in found if b[3] == value and abs(b[1] - lab[1]) < 5)
    assert val[2] < lab[0], (lab, val)
    return lab[0] - val[2]


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_a_latin_value_sits_next_to_its_label_on_the_right(built, which):
    found = word_boxes(built[which])
    # the label column is as wide as its widest label; the value column starts at its left
    assert _gap(found, "المرجع", "MEA/EGY/2024/031") < 80
    assert _gap(found, "من", "Desk") < 80


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_an_english_timeline_event_is_aligned_to_the_table_s_right(built, which):
    found = word_boxes(built[which])
    pound = next(b for b in found if b[3] == "pound.")
    date = next(b for b in found if b[3] == "2024" and abs(b[1] - pound[1]) < 5)
    assert date[0] - pound[2] < 80  # (the date column is 2024's width and more)


def _document(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _runs(root, text: str):
    return [r for r in root.iter(qn("w:r"))
            if "".join(t.text or "" for t in r.iter(qn("w:t"))) == text]


def test_the_docx_aligns_a_latin_cell_of_a_right_to_left_table_right(built):
    (run_,) = _runs(_document(built["docx"]), "MEA/EGY/2024/031")
    ppr = run_.getparent().find(qn("w:pPr"))
    assert ppr.find(qn("w:bidi")) is None
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "right"


def test_a_value_of_digits_keeps_its_bold_in_a_right_to_left_cell(built):
    (run_,) = _runs(_document(built["docx"]), "49.5")
    rpr = run_.find(qn("w:rPr"))
    assert rpr.find(qn("w:b")) is not None
    assert rpr.find(qn("w:bCs")) is not None and rpr.find(qn("w:bCs")).get(qn("w:val")) is None
    lo = {b[3] for b in word_boxes(built["lo"])}
    assert "49.5" in lo
    fonts = run_tool("pdffonts", built["lo"]).stdout
    assert "Bold" in fonts


def test_an_arabic_quote_is_upright_in_the_docx_as_in_the_pdf(built):
    root = _document(built["docx"])
    quote = next(p for p in root.iter(qn("w:p"))
                 if "توحيد" in "".join(t.text or "" for t in p.iter(qn("w:t"))))
    arabic = [r for r in quote.iter(qn("w:r"))
              if any("\u0600" <= c <= "\u06ff" for t in r.iter(qn("w:t")) for c in t.text)]
    assert arabic
    for r in arabic:
        ics = r.find(qn("w:rPr")).find(qn("w:iCs"))
        assert ics is not None and ics.get(qn("w:val")) == "0"
    pdf_fonts = run_tool("pdffonts", built["pdf"]).stdout
    assert "NotoNaskhArabic-Regular" in pdf_fonts and "NotoNaskhArabic-Italic" not in pdf_fonts


def test_the_html_aligns_a_latin_cell_of_a_right_to_left_table_right(built):
    html = built["html"].read_text(encoding="utf-8")
    for value in ("MEA/EGY/2024/031", "The central bank floats the pound."):
        cell = re.search(rf'<t[dh][^>]*dir="ltr"[^>]*style="([^"]*)">{re.escape(value)}', html)
        assert cell is not None, value
        assert "text-align:right" in cell[1], cell[1]
