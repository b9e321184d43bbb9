"""A quote whose script tells its language is marked in that language in every format (WCAG
3.1.2), so a screen reader reads a Hebrew or Thai quote in an English brief with a Hebrew or Thai
voice; an Urdu quote (Arabic script: Arabic, Persian or Urdu) is left in the facts' language."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import built_by_command, run_tool
from docx.oxml.ns import qn
from lxml import etree

from briefgen.layout.script_language import quote_language

FACTS = """\
title: Israel's war cabinet
date: 2024-06-18
summary: Gantz quits the war cabinet.
quotes:
  - text: "נתניהו מונע מאיתנו להתקדם לניצחון אמיתי"
    speaker: Benny Gantz
  - text: "เราจะไม่ยอมแพ้"
    speaker: A Thai minister
  - text: "This is not the time."
    speaker: Benjamin Netanyahu
  - text: "ہم ہار نہیں مانیں گے"
    speaker: An Urdu speaker
"""
HEBREW, THAI, URDU = "נתניהו", "เรา", "ہم"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    return built_by_command(tmp_path_factory.mktemp("quote-language"), "quotes", FACTS)


def test_the_html_marks_a_hebrew_and_a_thai_quote(built):
    html = built["html"].read_text(encoding="utf-8")
    langs = {text: re.search(rf'<p([^>]*)>[^<]*{text}', html)[1] for text in
             (HEBREW, THAI, URDU, "This is not")}
    assert 'lang="he"' in langs[HEBREW] and 'lang="th"' in langs[THAI]
    assert "lang=" not in langs[URDU] and "lang=" not in langs["This is not"]


def test_the_docx_marks_the_runs_of_a_hebrew_and_a_thai_quote(built):
    with zipfile.ZipFile(built["docx"]) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    found = {}
    for p in root.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        for key in (HEBREW, THAI, URDU, "This is not"):
            if key in text:
                found[key] = {(lang.get(qn("w:val")), lang.get(qn("w:bidi")))
                              for lang in p.iter(qn("w:lang"))}
    assert found[HEBREW] == {("he", "he")} and found[THAI] == {("th", "th")}
    assert found[URDU] == set() and found["This is not"] == set()


def test_the_pdf_tags_a_hebrew_and_a_thai_quote_s_paragraph(built, tmp_path):
    qdf = tmp_path / "q.pdf"
    run_tool("qpdf", "--qdf", "--object-streams=disable", built["pdf"], qdf)
    langs = re.findall(rb"/Lang \(([a-z-]+)\)", qdf.read_bytes())
    assert sorted(langs) == [b"en", b"he", b"th"]  # the catalog's, and the two quotes'


@pytest.mark.parametrize("text,facts,marked,expected", [
    ("שלום עולם", "en", "en", "he"),
    ("שלום עולם", "he", "he", None),  # already in its language
    ("สวัสดี", "en", "en", "th"),
    ("আমরা জিতব", "en", "en", "bn"),
    ("Γεια σου κόσμε", "en", "en", "el"),
    ("ہم ہار نہیں", "en", "en", None),  # Arabic script: Arabic, Persian or Urdu
    ("ما حدث اليوم", "ar", "en", "ar"),  # the facts' language is of its script
    ("नमस्ते दुनिया", "en", "en", None),  # Devanagari: Hindi, Marathi or Nepali
    ("Gantz (גנץ) said no to the plan", "en", "en", None),  # mostly Latin
    ("Plain English.", "en", "en", None),
])
def test_quote_language(text, facts, marked, expected):
    assert quote_language(text, facts, marked) == expected
