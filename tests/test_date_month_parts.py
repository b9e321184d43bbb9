"""Early, mid and late of a month ("mid-March 2023", "mi-mars 2023", "2023年3月中旬"): read in
English and in every language, printed in every language, and read back from what is printed.

The expected labels are written out by hand; "~" stands for the no-break space that keeps
"2023 г." on one line.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import docx_text, pdf_text

from briefgen.compose.context import build_context
from briefgen.compose.date_labels import fuzzy_label
from briefgen.edge.cli import run
from briefgen.input.dates import ACCEPTED_FORMS, FuzzyDate, parse_fuzzy_date
from briefgen.input.facts import load_facts

NBSP = "\u00a0"
D = datetime.date


@pytest.mark.parametrize(("text", "label", "start", "end"), [
    ("early March 2023", "Early Mar 2023", D(2023, 3, 1), D(2023, 3, 10)),
    ("mid-March 2023", "Mid-Mar 2023", D(2023, 3, 11), D(2023, 3, 20)),
    ("mid March 2023", "Mid-Mar 2023", D(2023, 3, 11), D(2023, 3, 20)),
    ("late March 2023", "Late Mar 2023", D(2023, 3, 21), D(2023, 3, 31)),
    ("Late Mar. 2023", "Late Mar 2023", D(2023, 3, 21), D(2023, 3, 31)),
    ("EARLY jan 2024", "Early Jan 2024", D(2024, 1, 1), D(2024, 1, 10)),
    ("late Feb 2023", "Late Feb 2023", D(2023, 2, 21), D(2023, 2, 28)),
    ("late February 2024", "Late Feb 2024", D(2024, 2, 21), D(2024, 2, 29)),
    ("late April 2025", "Late Apr 2025", D(2025, 4, 21), D(2025, 4, 30)),
    ("mid-Sept 2023", "Mid-Sep 2023", D(2023, 9, 11), D(2023, 9, 20)),
    ("early March 2023 - late April 2023", "Early Mar 2023–Late Apr 2023",
     D(2023, 3, 1), D(2023, 4, 30)),
    ("mid-March 2023 to 2024", "Mid-Mar 2023–2024", D(2023, 3, 11), D(2024, 12, 31)),
])
def test_english_parts_of_a_month(text: str, label: str, start: D, end: D) -> None:
    date = parse_fuzzy_date(text)
    assert (date.label, date.start, date.end, date.approximate) == (label, start, end, True)
    assert fuzzy_label(date, "en") == label


@pytest.mark.parametrize("text", ["mid-Febtember 2023", "midmarch 2023", "mid-March", "mid 03 2023",
                                  "late 2023 March"])
def test_what_is_no_part_of_a_month_in_english(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_fuzzy_date(text)
    assert str(caught.value) == f"'{text}' is not a date (accepted: {ACCEPTED_FORMS})"


def test_the_existing_english_forms_print_as_before() -> None:
    for text, label in (("mid-2025", "Mid-2025"), ("late 1970s", "Late 1970s"),
                        ("March 2023", "Mar 2023"), ("early 2025", "Early 2025")):
        assert parse_fuzzy_date(text).label == label


# early, mid and late March 2023 and late February 2024, as each language prints them
LABELS = {
    "fr": ("début mars 2023", "mi-mars 2023", "fin mars 2023", "fin févr. 2024"),
    "de": ("Anfang März 2023", "Mitte März 2023", "Ende März 2023", "Ende Feb. 2024"),
    "es": ("principios de marzo de 2023", "mediados de marzo de 2023",
           "finales de marzo de 2023", "finales de febrero de 2024"),
    "it": ("inizio marzo 2023", "metà marzo 2023", "fine marzo 2023", "fine febbraio 2024"),
    "pt": ("início de março de 2023", "meados de março de 2023", "final de março de 2023",
           "final de fevereiro de 2024"),
    "nl": ("begin maart 2023", "medio maart 2023", "eind maart 2023", "eind februari 2024"),
    "pl": ("początek marca 2023~r.", "połowa marca 2023~r.", "koniec marca 2023~r.",
           "koniec lutego 2024~r."),
    "ru": ("начало марта 2023~г.", "середина марта 2023~г.", "конец марта 2023~г.",
           "конец февраля 2024~г."),
    "uk": ("початок березня 2023~р.", "середина березня 2023~р.", "кінець березня 2023~р.",
           "кінець лютого 2024~р."),
    "ja": ("2023年3月上旬", "2023年3月中旬", "2023年3月下旬", "2024年2月下旬"),
    "zh": ("2023年3月上旬", "2023年3月中旬", "2023年3月下旬", "2024年2月下旬"),
    "ko": ("2023년 3월 초", "2023년 3월 중순", "2023년 3월 말", "2024년 2월 말"),
    "zh-TW": ("2023年3月上旬", "2023年3月中旬", "2023年3月下旬", "2024年2月下旬"),
    "de-AT": ("Anfang März 2023", "Mitte März 2023", "Ende März 2023", "Ende Feb. 2024"),
    "pt-BR": ("início de março de 2023", "meados de março de 2023", "final de março de 2023",
              "final de fevereiro de 2024"),
}
TEXTS = ("early March 2023", "mid-March 2023", "late March 2023", "late February 2024")
CASES = [(language, text, label.replace("~", NBSP))
         for language, labels in LABELS.items() for text, label in zip(TEXTS, labels, strict=True)]


@pytest.mark.parametrize(("language", "text", "label"), CASES)
def test_a_part_of_a_month_printed_in_every_language(language: str, text: str,
                                                     label: str) -> None:
    assert fuzzy_label(parse_fuzzy_date(text), language) == label


@pytest.mark.parametrize(("language", "text", "label"), CASES)
def test_the_printed_part_of_a_month_reads_back_to_the_same_span(language: str, text: str,
                                                                 label: str) -> None:
    read, meant = parse_fuzzy_date(label, language), parse_fuzzy_date(text)
    assert (read.label, read.start, read.end, read.approximate, read.kind) == \
        (meant.label, meant.start, meant.end, True, "month_part")


def test_every_month_reads_back_in_every_language() -> None:
    for language in LABELS:
        for month in range(1, 13):
            for part in ("early", "mid", "late"):
                date = _part(part, month)
                printed = fuzzy_label(date, language)
                read = parse_fuzzy_date(printed, language)
                assert (read.start, read.end) == (date.start, date.end), (language, printed)


def _part(part: str, month: int) -> FuzzyDate:
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return parse_fuzzy_date(f"{part} {names[month - 1]} 2023")


# (language, as a facts file may write it, the English form it means)
WRITTEN = [
    ("fr", "mi-mars 2023", "mid-March 2023"), ("fr", "Mi mars 2023", "mid-March 2023"),
    ("fr", "début mars 2023", "early March 2023"), ("fr", "fin fevrier 2024", "late Feb 2024"),
    ("fr", "début mars 2023 – fin avril 2023", "early Mar 2023 - late Apr 2023"),
    ("fr", "mi-mars 2023 à fin 2023", "mid-March 2023 - late 2023"),
    ("de", "Mitte März 2023", "mid-March 2023"), ("de", "Anfang Mai 2024", "early May 2024"),
    ("de", "Ende Feb. 2024", "late Feb 2024"),
    ("es", "principios de marzo de 2023", "early March 2023"),
    ("es", "mediados de marzo 2023", "mid-March 2023"), ("es", "fines de marzo de 2023",
                                                          "late March 2023"),
    ("it", "metà di marzo 2023", "mid-March 2023"),
    ("it", "metà dicembre 2023", "mid-December 2023"), ("it", "inizio maggio 2024",
                                                      "early May 2024"),
    ("pt", "fim de março de 2023", "late March 2023"),
    ("nl", "half maart 2023", "mid-March 2023"), ("nl", "begin mei 2024", "early May 2024"),
    ("pl", "w połowie marca 2023 roku", "mid-March 2023"),
    ("pl", "poczatek maja 2024 r.", "early May 2024"),
    ("ru", "в середине марта 2023 года", "mid-March 2023"),
    ("ru", "конец марта 2023", "late March 2023"), ("ru", "в начале мая 2024 г.",
                                                     "early May 2024"),
    ("uk", "наприкінці березня 2023 р.", "late March 2023"),
    ("uk", "на початку травня 2024 року", "early May 2024"),
    ("ja", "2023年3月末", "late March 2023"), ("ja", "2023年3月初旬", "early March 2023"),
    ("zh", "2023年3月中", "mid-March 2023"), ("zh", "2023年3月底", "late March 2023"),
    ("ko", "2023년3월 하순", "late March 2023"), ("ko", "2023년 3월 초순", "early March 2023"),
    ("ja", "2023年3月上旬～2023年4月下旬", "early Mar 2023 - late Apr 2023"),
]


@pytest.mark.parametrize(("language", "text", "english"), WRITTEN)
def test_a_part_of_a_month_written_in_the_facts_language(language: str, text: str,
                                                        english: str) -> None:
    found, meant = parse_fuzzy_date(text, language), parse_fuzzy_date(english)
    assert found == FuzzyDate(text, meant.label, meant.start, meant.end, True)


@pytest.mark.parametrize(("language", "text"), [
    ("fr", "mi-brumaire 2023"), ("fr", "fin xyz 2023"), ("ja", "2023年13月上旬"),
    ("de", "Mitte März"), ("ko", "2023년 0월 초"), ("fr", "mi-mars 0000"),
])
def test_what_is_no_part_of_a_month_in_a_language(language: str, text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_fuzzy_date(text, language)
    assert str(caught.value).startswith(f"'{text}' is not a date (accepted: {ACCEPTED_FORMS}; ")


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "pl", "ru", "ja", "ko"])
@pytest.mark.parametrize("bad", ["mid-" + "a" * 4990 + " 2023", "mi-" + "a b " * 1250,
                                 "early " + "march " * 833, "2023年" * 714 + "月",
                                 "fin " + "mars 2023 " * 500 + "x"])
def test_a_long_bad_date_is_refused_at_once(language: str, bad: str) -> None:
    """The patterns are linear: a 5,000-character text that is no date is refused in
    milliseconds (a pattern that backtracks would take seconds or hours)."""
    parse_fuzzy_date("mid-March 2023", language)  # the language's tables, built before timing
    started = time.perf_counter()
    with pytest.raises(ValueError):
        parse_fuzzy_date(bad, language)
    assert time.perf_counter() - started < 0.25


def test_parts_of_a_month_sort_by_their_first_day() -> None:
    written = ["avril 2023", "fin mars 2023", "mars 2023", "mi-mars 2023", "début mars 2023",
               "fin 2023", "début 2023"]
    ordered = sorted((parse_fuzzy_date(t, "fr") for t in written), key=FuzzyDate.sort_key)
    assert [d.label for d in ordered] == ["Early 2023", "Mar 2023", "Early Mar 2023",
                                          "Mid-Mar 2023", "Late Mar 2023", "Apr 2023",
                                          "Late 2023"]


def test_an_english_part_of_a_month_never_loads_babel() -> None:
    code = ("import sys\n"
            "from briefgen.compose.date_labels import fuzzy_label\n"
            "from briefgen.input.dates import parse_fuzzy_date\n"
            "for t in ('mid-March 2023', 'early Mar 2023 - late Apr 2023'):\n"
            "    print(fuzzy_label(parse_fuzzy_date(t), 'en'))\n"
            "print(any(m.split('.')[0] == 'babel' for m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["Mid-Mar 2023", "Early Mar 2023–Late Apr 2023", "False"]


FACTS = """\
title: Crue
summary: Des pluies.
language: fr
date: 2023-04-03
timeline:
  - date: fin mars 2023
    event: La décrue.
  - date: mi-mars 2023
    event: La crue.
  - date: 1er mars 2023
    event: Les pluies.
quotes:
  - text: Nous sommes prêts.
    speaker: La ministre
    date: début avril 2023
"""


def test_a_french_facts_file_prints_its_parts_of_a_month(tmp_path: Path) -> None:
    path = tmp_path / "crue.yaml"
    path.write_text(FACTS, encoding="utf-8")
    context = build_context(load_facts(path), datetime.date(2023, 4, 3))
    assert [(e["date"], e["approximate"]) for e in context["timeline"]] == [
        ("1er mars 2023", False), ("mi-mars 2023", True), ("fin mars 2023", True)]
    assert context["quotes"][0]["date"] == "début avr. 2023"


@pytest.mark.parametrize(("language", "labels"), [
    ("fr", ("1er mars 2023", "mi-mars 2023", "fin mars 2023")),
    ("de", ("1. März 2023", "Mitte März 2023", "Ende März 2023")),
    ("en", ("1 Mar 2023", "Mid-Mar 2023", "Late Mar 2023")),
])
def test_the_built_brief_prints_parts_of_a_month_in_its_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str,
        labels: tuple[str, ...]) -> None:
    path = tmp_path / "crue.yaml"
    path.write_text(FACTS, encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(path), "-o", str(out), "-f", "pdf", "-f", "docx", "-f", "md",
            "--language", language]
    assert run(args) == 0
    capsys.readouterr()
    for text in (pdf_text(out / "crue.pdf"), "\n".join(docx_text(out / "crue.docx")),
                 (out / "crue.md").read_text(encoding="utf-8")):
        assert text.index(labels[0]) < text.index(labels[1]) < text.index(labels[2])
