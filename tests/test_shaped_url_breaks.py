"""A URL in a right-to-left paragraph breaks as it does in a Latin one (`layout.shaped_lines`
following the Latin paragraphs' rule, reportlab's `uriWasteReduce`): a short URL that does not
fit the rest of a well-filled line moves whole to the next one, as in an English brief, rather
than leaving `https://` at the line's end; a word wider than the line is still broken after its
slashes. Read back with poppler's pdftotext."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import pdf_text

from briefgen.design.theme import Theme
from briefgen.layout.runs import spans
from briefgen.layout.shaped_lines import Breaker, Segment
from briefgen.pipeline import build

URL = "https://www.worldbank.org/"
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e]")


def _facts(language: str, title: str) -> dict:
    return {"language": language, "title": title, "summary": "S",
            "key_points": [{"text": "a", "sources": ["wb"], "priority": 1}],
            "sources": [{"id": "wb", "publisher": "World Bank", "url": URL,
                         "title": "Lebanon Interim Damage and Loss Assessment word1 word2 "
                                  "word3 word4"}]}


@pytest.mark.parametrize(("language", "title"), [("ar", "ت"), ("en", "T")])
def test_a_short_url_is_never_split_after_its_scheme(tmp_path, language, title):
    source = tmp_path / f"{language}.yaml"
    source.write_text(yaml.safe_dump(_facts(language, title), allow_unicode=True), "utf-8")
    pdf = tmp_path / f"{language}.pdf"
    pdf.write_bytes(build(source, formats=("pdf",), audience="analyst").outputs["pdf"])
    lines = [BIDI_CONTROLS.sub("", line).strip()  # pdftotext marks its runs' directions
             for line in pdf_text(pdf, "layout").splitlines()]
    assert any(line.endswith(URL) or line.startswith(URL) for line in lines), lines
    assert not any(line.endswith("https://") for line in lines), lines


def test_a_url_wider_than_the_line_still_breaks_after_a_slash():
    url = "https://www.example.org/" + "/".join(["section"] * 12)
    fonts = [span.pdf_font for span in spans("تقرير " + url, Theme())]
    breaker = Breaker([Segment("تقرير ", fonts[0], "#000000"),
                       Segment(url, fonts[-1], "#000000")], "rtl", 10)
    lines = breaker.lines([150.0])
    assert len(lines) > 2 and all(line.width <= 150.01 for line in lines)
    assert "".join(line.text for line in lines).replace(" ", "") == "تقرير" + url
    assert all(line.text.endswith("/") for line in lines[1:-1])
