"""Which paragraphs and languages run right to left: the one answer every writer reads."""

import pytest

from briefgen.layout.direction import has_rtl, language_direction, paragraph_direction


@pytest.mark.parametrize("text, expected", [
    ("Tehran said", "ltr"),
    ("عراقچی گفت: «ما آماده‌ایم»", "rtl"),
    ("שלום Hello", "rtl"),
    ("2024: Hello שלום", "ltr"),
    ("«123» — …", "ltr"),
    ("\u2067Hello\u2069 שלום", "rtl"),   # isolate skipped: the Hebrew after it decides
    ("\u2066שלום\u2069 Hello", "ltr"),
])
def test_a_paragraph_runs_the_way_its_first_strong_letter_does(text, expected):
    assert paragraph_direction(text) == expected


def test_a_paragraph_without_letters_takes_the_brief_direction():
    assert paragraph_direction("2024 — 3.5%", "rtl") == "rtl"
    assert paragraph_direction("123", "ltr") == "ltr"


@pytest.mark.parametrize("tag, expected", [
    ("ar", "rtl"), ("he-IL", "rtl"), ("fa", "rtl"), ("ur_PK", "rtl"), ("en", "ltr"),
    ("fr-CA", "ltr"), ("hi", "ltr")])
def test_languages_written_right_to_left(tag, expected):
    assert language_direction(tag) == expected


def test_rtl_letters_and_arabic_numbers_need_reordering():
    assert has_rtl("GDP ٣٫٥٪") and has_rtl("Tel Aviv תל אביב")
    assert not has_rtl("Naïve café 東京") and not has_rtl("plain")
