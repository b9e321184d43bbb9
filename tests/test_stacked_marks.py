"""Marks stacked on one letter are bounded: input with more than 30 in a row is refused, and no
ToUnicode entry of a PDF passes the 512 bytes PDF allows.

4,990 harakat on one Arabic letter were drawn as a column off the top of the page, and the
letter's ToUnicode entry (the letter and its marks) was 9,982 bytes, which poppler refuses, losing
the word. Unicode's Stream-Safe Text Format (UAX #15) allows at most 30 combining marks in a
row; no script needs more than a few.
"""

from __future__ import annotations

import json

import pytest

from briefgen.edge.cli import run
from briefgen.writers import pdf_tounicode

CASES = {  # a letter and its mark, in Arabic, Hebrew, Thai, Latin, Greek, Devanagari
    "ar": ("ب", "\u064e"), "he": ("ש", "\u05b8"), "th": ("ก", "\u0e34"),
    "la": ("a", "\u0301"), "el": ("α", "\u0313"), "hi": ("क", "\u093c"),
}


@pytest.mark.parametrize("script", CASES)
def test_more_than_30_marks_in_a_row_are_refused_with_a_located_error(script, tmp_path, capsys):
    letter, mark = CASES[script]
    facts = tmp_path / "marks.json"
    facts.write_text(json.dumps({"title": "T", "date": "2025-01-01",
                                 "summary": f"ok {letter}{mark * 31} ok"}, ensure_ascii=False),
                     encoding="utf-8")
    out = tmp_path / "out"
    assert run(["build", str(facts), "-f", "pdf", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"error: {facts}:1: summary: more than 30 combining marks in a row on {letter!r} (from "
        "character 5); Unicode's stream-safe text allows 30: delete the extra marks"]
    assert "Traceback" not in err and not out.exists()


def test_30_marks_in_a_row_still_build(tmp_path, capsys):
    facts = tmp_path / "marks.json"
    facts.write_text(json.dumps({"title": "T", "date": "2025-01-01",
                                 "summary": "ok " + "ب" + "\u064e" * 30 + " ok"},
                                ensure_ascii=False), encoding="utf-8")
    assert run(["build", str(facts), "-f", "pdf", "-o", str(tmp_path)]) == 0, \
        capsys.readouterr().err
    assert (tmp_path / "marks.pdf").stat().st_size > 0


def test_no_tounicode_entry_passes_512_bytes():
    """A glyph noted as standing for a long text (a letter with many marks) maps to at most
    512 bytes of it, never half a surrogate pair."""
    long = "\U0001d5a0" * 300  # 1,200 bytes in UTF-16BE
    with pdf_tounicode.noted({(b"Face", 0xE000): long}):
        cmap = pdf_tounicode.to_unicode_cmap("AAAAAA+Face", [0x41, 0xE000])
    entry = [line for line in cmap.splitlines() if line.startswith("<01>")][0]
    hexed = entry.split("<")[2].rstrip(">")
    assert len(hexed) // 2 == 512
    assert bytes.fromhex(hexed).decode("utf-16-be") == "\U0001d5a0" * 128
