"""A whole brief in a right-to-left language: the PDF's layout is mirrored.

The brief's language decides (`layout.direction.language_direction`), whatever the tag: the
header block's labels and the timeline's dates in the right-hand column, headings and text
aligned right, bullets and source numbers on the right; a text with no strong character (a date,
a number) runs right to left; an English sentence keeps its own direction. The PDF is read back
with poppler (word boxes), and checked by `pdfua` and `outloud` as every brief is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import word_boxes

from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.layout.laid_out import lay_out
from briefgen.writers import pdf

R = d.Run
THEME = Theme()
LEFT, RIGHT = THEME.margin_left, THEME.page_size[0] - THEME.margin_right


def brief(language: str) -> d.Document:
    """A brief in Arabic (its words as the brief's language would print them), in `language`."""
    return d.Document("سري", (
        d.Section(None, (
            d.Paragraph((R("مذكرة إحاطة"),), "masthead"),
            d.Fields((("إلى", (R("مدير الشرق الأوسط"),)), ("التاريخ", (R("12 أبريل 2025"),)),
                      ("الموضوع", (R("محادثات مسقط (الجولة 3)"),))), ":"))),
        d.Section("الخلاصة", (d.Paragraph((
            R("قال وزير الخارجية إن المحادثات كانت بناءة، وإن الجولة المقبلة ستعقد في مسقط. "),
            R("[1]", cite=True))),)),
        d.Section("النقاط الرئيسية", (d.BulletList((
            d.ListItem(runs=(R("النقطة الأولى (2025)"),)),
            d.ListItem(runs=(R("English point in an Arabic brief."),)),
            d.ListItem(runs=(R("274.8"),)))),)),
        d.Section("الجدول الزمني", (d.Table((0.25, 0.75), (
            d.Row(cells=((R("12/04/2025"),), (R("الجولة الأولى في مسقط"),))),
            d.Row(cells=((R("19/04/2025"),), (R("الجولة الثانية في روما"),))))),)),
        d.Section("المصادر", (d.BulletList((d.ListItem(runs=(R("رويترز، تقرير"),),
                                                      number="[1]"),), numbered=True),)),
    ), title="محادثات مسقط", date="2025-04-12", language=language)


@pytest.fixture(scope="module", params=["ar", "he-IL", "fa"])
def built(request, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rtl") / f"{request.param}.pdf"
    path.write_bytes(pdf.write(lay_out(brief(request.param), THEME)))
    return path


def find(found, word: str) -> tuple[float, float, float, str]:
    return next(b for b in found if b[3] == word)


def test_the_header_blocks_labels_are_on_the_right_of_their_values(built):
    found = word_boxes(built)
    label, value = find(found, "التاريخ"), find(found, "أبريل")
    assert abs(label[1] - value[1]) < 5 and label[0] > value[2]
    assert label[2] == pytest.approx(RIGHT, abs=1.0)
    colon = next(b for b in found if b[3] == ":" and abs(b[1] - label[1]) < 5)
    assert colon[2] == pytest.approx(label[0], abs=0.5)  # "التاريخ:" reads right to left


def test_headings_and_text_are_aligned_right(built):
    found = word_boxes(built)
    for word in ("الخلاصة", "قال", "مذكرة"):
        assert find(found, word)[2] == pytest.approx(RIGHT, abs=1.0), word


def test_bullets_and_numbers_are_on_the_right_an_english_item_keeps_its_own(built):
    found = word_boxes(built)
    bullets = sorted((b for b in found if b[3] == "\u2022"), key=lambda b: b[1])
    assert len(bullets) == 3
    first, english, number = bullets
    assert first[2] == pytest.approx(RIGHT, abs=1.0) and first[0] > find(found, "الأولى")[2]
    assert english[0] == pytest.approx(LEFT, abs=1.0)  # its first strong letter is Latin
    assert number[2] == pytest.approx(RIGHT, abs=1.0)  # no strong letter: the brief's way
    assert find(found, "274.8")[2] < number[0]
    source = find(found, "رويترز،")
    closing = [b for b in found if b[3].endswith("]") and abs(b[1] - source[1]) < 5]
    assert closing and closing[0][2] == pytest.approx(RIGHT, abs=1.0)  # "[1]" at the margin


def test_the_timeline_has_its_dates_in_the_right_hand_column(built):
    found = word_boxes(built)
    date, event = find(found, "12/04/2025"), find(found, "مسقط")
    event = next(b for b in found if b[3] == "الجولة" and abs(b[1] - date[1]) < 5)
    assert date[0] > event[2]
    assert date[2] == pytest.approx(RIGHT, abs=8.0)


def test_a_left_to_right_brief_is_not_mirrored(tmp_path):
    path = tmp_path / "en.pdf"
    path.write_bytes(pdf.write(lay_out(brief("en"), THEME)))
    found = word_boxes(path)
    date = find(found, "12/04/2025")
    event = next(b for b in found if b[3] == "الجولة" and abs(b[1] - date[1]) < 5)
    assert date[0] < event[0]  # the first column on the left
    assert find(found, "التاريخ")[0] < LEFT + 60  # the labels' column on the left


def test_the_mirrored_brief_passes_the_pdf_ua_checkers(built, tmp_path):
    """Its table cells, drawn right to left, are each still tagged as their cell."""
    from test_pdf_ua import checker

    result = checker("pdfua", "check", "-f", "json", built, timeout=120)
    report = json.loads(result.stdout)
    assert report["findings"] + report["skipped"] == [] and report["summary"]["rules_run"] >= 12
    out = tmp_path / "outloud.json"
    run = checker("outloud", "--json", out, "--fail-on", "never", built, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    (found,) = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert found["error"] is None
    assert [f for f in found["findings"] if f["severity"] == "error"] == []
