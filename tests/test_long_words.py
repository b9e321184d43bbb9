"""Words thousands of letters long, in right-to-left and shaped scripts, in the PDF.

Such a word is cut into lines measuring a few of its prefixes a line (not one a letter), so a
brief of them builds in seconds, as the same in Latin does; a letter under thousands of marks
(one cluster wider than a line) is cut inside, never drawn past the margin.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import run_tool
from timing import cpu_seconds_at_most

from briefgen.design.theme import Theme
from briefgen.pipeline import build

THEME = Theme()
LEFT, RIGHT = THEME.margin_left, THEME.page_size[0] - THEME.margin_right
HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
ARABIC = "بتثجحخسشصضطظعغفقكلمنهي"


def _facts(tmp_path: Path, summary: str, points: list[str]) -> Path:
    path = tmp_path / "long.json"
    path.write_text(json.dumps({
        "title": "Long words", "date": "2024-06-01", "memo": {"to": "Desk", "from": "Team"},
        "summary": summary,
        "key_points": [{"text": text, "priority": 1} for text in points]},
        ensure_ascii=False), encoding="utf-8")
    return path


def _word(letters: str, length: int) -> str:
    return (letters * (length // len(letters) + 1))[:length]


def _boxes(path: Path) -> list[tuple[float, float, str]]:
    html = run_tool("pdftotext", "-bbox", "-enc", "UTF-8", path, "-").stdout
    return [(float(a), float(b), w) for a, b, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        html)]


def _within_margins(tmp_path: Path, pdf: bytes) -> int:
    out = tmp_path / "out.pdf"
    out.write_bytes(pdf)
    boxes = _boxes(out)
    for x_min, x_max, word in boxes:
        assert x_min >= LEFT - 0.5 and x_max <= RIGHT + 0.5, (word[:20], x_min, x_max)
    return len(boxes)


def test_key_points_of_4000_letter_hebrew_words_build_in_seconds(tmp_path):
    """Each took minutes (the line's prefix shaped again for every letter)."""
    facts = _facts(tmp_path, "Short.", [_word(HEBREW, 4000) for _ in range(8)])
    with cpu_seconds_at_most(8):  # the same in Latin: about 3 s
        brief = build(facts, ("pdf",), pages=20)
    assert _within_margins(tmp_path, brief.outputs["pdf"]) > 100


def test_a_4000_letter_arabic_word_in_the_summary_builds_in_seconds(tmp_path):
    facts = _facts(tmp_path, _word(ARABIC, 4000), ["A point."])
    with cpu_seconds_at_most(5):
        brief = build(facts, ("pdf",), pages=3)
    _within_margins(tmp_path, brief.outputs["pdf"])


def test_a_letter_under_thousands_of_marks_is_wrapped_inside_the_margins():
    """One cluster wider than a line: cut inside it rather than drawn off the page. (Facts
    stacking more than 30 marks are refused, `tests/test_stacked_marks.py`; the line breaker
    still bounds what reaches it.)"""
    from briefgen.layout import fonts
    from briefgen.layout.shaped_lines import Breaker, Segment

    font = fonts.for_theme(THEME).family_for("\u0915").pdf_font()
    segment = Segment("\u0915" + "\u093c" * 4990, font, "#000000")
    with cpu_seconds_at_most(8):
        lines = Breaker([segment], "ltr", 10).lines([400.0])
    assert len(lines) >= 2 and all(line.width <= 400.0 for line in lines)
    assert "".join(line.text for line in lines) == segment.text
