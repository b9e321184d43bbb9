"""Marks of direction (LRM U+200E, RLM U+200F, ALM U+061C) in a facts file: a right-to-left
editor puts them around a date or a word. A value read as data (a date, a priority, a language,
a release word) is read without them; a marking under a scheme is not, and an RLM never lets
`SECRET` pass as anything else; a text of marks alone is the located invisible-text error in
every field, optional ones too (memo.to, memo.from). And a character no font has is an error
naming the item's text field, as every other problem with an item's text does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import pdf_text

from briefgen.edge.cli import run

RLM, LRM, ALM = "\u200f", "\u200e", "\u061c"


def _check(tmp_path: Path, facts: dict, capsys, *command: str) -> tuple[int, str, str]:
    path = tmp_path / "f.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), "utf-8")
    code = run([*(command or ("check",)), str(path)])
    out, err = capsys.readouterr()
    return code, out, err.replace(str(path), "F")


@pytest.mark.parametrize("mark", [RLM, LRM, ALM])
def test_a_date_a_priority_and_a_language_with_marks_are_read(tmp_path, capsys, mark):
    facts = {"title": "عنوان", "summary": "نص", "date": f"{mark}2025-01-01{mark}",
             "language": f"ar{mark}",
             "timeline": [{"date": f"6 مارس 2024{mark}", "event": "حدث", "priority": f"1{mark}"}],
             "key_points": [{"text": "نقطة", "priority": f"{mark}2"}]}
    code, _, err = _check(tmp_path, facts, capsys)
    assert (code, err) == (0, ""), err


def test_a_dated_event_with_an_rlm_prints_its_date(tmp_path, capsys):
    facts = {"title": "عنوان", "summary": "نص", "date": "2025-01-01", "language": "ar",
             "timeline": [{"date": f"6 مارس 2024{RLM}", "event": "حدث", "priority": 1}]}
    out = tmp_path / "out"
    code, _, err = _check(tmp_path, facts, capsys, "build", "-f", "pdf", "-o", str(out))
    assert (code, err) == (0, "")
    assert "2024" in pdf_text(out / "f.pdf")


def test_a_release_word_with_an_rlm_holds_the_item_back(tmp_path, capsys):
    facts = {"title": "T", "summary": "S", "date": "2025-01-01",
             "key_points": [{"text": "Internal thing", "release": f"internal{RLM}",
                             "priority": 1},
                            {"text": "Public thing", "priority": 1}]}
    out = tmp_path / "out"
    code, _, err = _check(tmp_path, facts, capsys, "build", "-f", "pdf", "-a", "press",
                          "-o", str(out))
    assert code == 0
    assert err == ("note: F (press): press prints release public: left out key_points[0] "
                   "(release internal): Internal thing\n")
    text = pdf_text(next(out.glob("*.pdf")))
    assert "Public thing" in text and "Internal thing" not in text


@pytest.mark.parametrize("marked", [f"SECRET{RLM}", f"{LRM}SECRET", f"SEC{ALM}RET"])
def test_a_marking_with_a_mark_of_direction_is_still_refused(tmp_path, capsys, marked):
    facts = {"title": "t", "summary": "s", "markings": "us",
             "memo": {"classification": "SECRET"},
             "key_points": [{"text": "secret thing", "marking": marked, "priority": 1}]}
    code, out, err = _check(tmp_path, facts, capsys)
    assert code == 1 and out == ""
    assert err.startswith("error: F:1: key_points[0].marking: unknown marking '"), err


@pytest.mark.parametrize(("field", "mark", "code"), [("to", RLM, "U+200F"),
                                                      ("from", LRM, "U+200E"),
                                                      ("to", ALM + RLM, "U+061C, U+200F")])
def test_a_memo_line_of_marks_only_is_a_located_error(tmp_path, capsys, field, mark, code):
    facts = {"title": "T", "summary": "S", "date": "2025-01-01", "memo": {field: mark}}
    status, out, err = _check(tmp_path, facts, capsys)
    assert (status, out) == (1, "")
    assert err == (f"error: F:1: memo.{field}: has only invisible characters ({code}), which "
                   "print nothing; write the text\n")


def test_a_character_no_font_has_names_the_item_s_text(tmp_path, capsys):
    facts = {"title": "Test", "summary": "ok",
             "key_points": [{"text": "Colombo (කොළඹ) ok", "priority": 1}]}
    code, out, err = _check(tmp_path, facts, capsys)
    assert (code, out) == (1, "")
    assert err.startswith("error: F:1: key_points[0].text: no font of the brief has 'ක' "
                          "(U+0D9A)"), err
