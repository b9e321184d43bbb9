"""The bidi order and shaping of `layout.bidi` and `layout.shaping`, on texts whose display
UAX #9 and HarfBuzz settle: levels, runs shown in order, trailing spaces, mirrored brackets,
numbers in right-to-left text, joined letters."""

from __future__ import annotations

import pytest

from briefgen.design.theme import Theme
from briefgen.layout import bidi, fonts, shaping


def face(char: str) -> str:
    """The reportlab name of the face the default chain prints this character in."""
    return fonts.for_theme(Theme()).family_for(char).pdf_font()


@pytest.mark.parametrize("text, direction, expected", [
    ("abc \u05d0\u05d1\u05d2 def", "ltr", [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0]),
    ("\u05d0\u05d1 cd \u05d2", "rtl", [1, 1, 1, 2, 2, 1, 1]),
    ("\u0627\u0644 123", "rtl", [1, 1, 1, 2, 2, 2]),  # European digits after Arabic: a number
    ("\u05d0 (b) \u05d1", "rtl", [1, 1, 1, 2, 1, 1, 1]),  # brackets take the paragraph's side
])
def test_levels(text, direction, expected):
    assert list(bidi.levels(text, direction)) == expected


def test_trailing_spaces_take_the_paragraphs_level_on_each_line():
    assert bidi.line_levels("ab ", [1, 1, 1], "ltr") == [1, 1, 0]
    assert bidi.line_levels("\u05d0 ", [1, 1], "rtl") == [1, 1]


@pytest.mark.parametrize("levels, shown", [
    ([0, 1, 0], [0, 1, 2]),
    ([1, 2, 1], [2, 1, 0]),  # a number inside right-to-left text stays in place
    ([1, 1, 0, 1], [1, 0, 2, 3]),
    ([0, 1, 2, 1, 0], [0, 3, 2, 1, 4]),
    ([], []),
])
def test_runs_are_shown_in_the_order_rule_l2_gives(levels, shown):
    assert bidi.visual_order(levels) == shown


def test_a_right_to_left_run_is_reversed_its_brackets_mirrored():
    """Drawn in visual order with the brackets' glyphs swapped (the glyph of `(` leftmost);
    each mirrored glyph takes a code of its own whose ToUnicode entry says the bracket typed,
    so readers copy `(אב)`, not `)אב(`."""
    from reportlab.pdfbase import pdfmetrics

    made = shaping.shaped("(\u05d0\u05d1)", face("\u05d0"), True)
    font = pdfmetrics.getFont(face("\u05d0"))
    glyph = font.face.charToGlyph
    first, last = str(made.glyphs)[0], str(made.glyphs)[-1]
    assert str(made.glyphs)[1:-1] == "\u05d1\u05d0"
    assert (glyph[ord(first)], glyph[ord(last)]) == (glyph[ord("(")], glyph[ord(")")])
    assert dict(made.private) == {ord(first): ")", ord(last): "("}


def test_arabic_letters_join():
    """Each letter of a joined word is drawn in its contextual form (a presentation form or
    a glyph of its own), never in its isolated form."""
    word = "\u0628\u064a\u062a"  # bayt: initial, medial and final forms
    made = shaping.shaped(word, face("\u0628"), True)
    glyphs, width = made.glyphs, made.advance
    assert len(glyphs) == len(word) and width > 0
    assert not set(str(glyphs)) & set(word), str(glyphs)


def test_devanagari_makes_its_conjuncts():
    text = "\u0915\u094d\u0937"  # ksha: a conjunct, one glyph for three characters
    glyphs = shaping.shaped(text, face("\u0915"), False).glyphs
    assert len(glyphs) == 1


def test_what_needs_shaping():
    assert not shaping.needs("Plain English, café, Ελληνικά, 日本語")
    assert shaping.needs("a \u05d0")
    assert shaping.needs("\u0928\u092e")
    assert shaping.needs("\u0e2a\u0e27")


def test_every_right_to_left_character_is_known_to_need_ordering():
    """`shaping.needs` searches fixed ranges; every character Unicode gives a right-to-left
    bidi class (R, AL, AN) is in them."""
    import sys
    import unicodedata

    missed = [hex(c) for c in range(sys.maxunicode + 1)
              if unicodedata.bidirectional(chr(c)) in ("R", "AL", "AN")
              and not shaping.complex_char(chr(c))]
    assert missed == []


def test_a_code_given_to_a_mirrored_bracket_is_no_character_a_brief_may_use(tmp_path, capsys):
    """reportlab gives a mirrored bracket's glyph a private-use code; a later brief holding
    that code must still be refused, as no font has it, whatever was shaped before."""
    import json

    from briefgen.edge.cli import run

    made = shaping.shaped("(\u05d0\u05d1)", face("\u05d0"), True)
    code = chr(min(c for c, _ in made.private))
    facts = tmp_path / "private.json"
    facts.write_text(json.dumps({"title": "T", "date": "2025-01-01",
                                 "summary": f"\u05e9\u05dc\u05d5\u05dd {code}"}), "utf-8")
    assert run(["build", str(facts), "-f", "pdf", "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {facts}:1: summary: no font of the brief has "), err
    assert not (tmp_path / "out").exists()
