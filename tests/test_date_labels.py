"""compose.date_labels: every kind of loose date, and the brief's date, printed in every language.

The expected labels are written out by hand (checked against CLDR's month names and each
language's usage); "~" stands for the no-break space that keeps "2025 г." on one line.
"""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from briefgen.compose.date_labels import day_label, fuzzy_label
from briefgen.input.dates import parse_fuzzy_date

NBSP = "\u00a0"

# one of each kind: year, month, day, decade, early/mid/late of a decade and of a year, "c.",
# "by" a year, a month and a day, a range of years, a range of months
KINDS = ("2025", "2025-05", "2025-05-03", "1970s", "early 1970s", "mid-1970s", "late 1970s",
         "early 2025", "mid-2025", "late 2025", "c. 2014", "by 2027", "by May 2027",
         "by 2027-05-03", "2022-2027", "Jan 2024 - Mar 2025")

LABELS = {
    "en": ("2025", "May 2025", "3 May 2025", "≈~1970s", "Early 1970s", "Mid-1970s", "Late 1970s",
           "Early 2025", "Mid-2025", "Late 2025", "c. 2014", "By 2027", "By May 2027",
           "By 3 May 2027", "2022–2027", "Jan 2024–Mar 2025"),
    "fr": ("2025", "mai 2025", "3 mai 2025", "≈~années 1970", "début des années 1970",
           "milieu des années 1970", "fin des années 1970", "début 2025", "mi-2025", "fin 2025",
           "vers 2014", "d’ici 2027", "d’ici mai 2027", "d’ici le 3 mai 2027", "2022–2027",
           "janv. 2024–mars 2025"),
    "de": ("2025", "Mai 2025", "3. Mai 2025", "≈~1970er", "Anfang der 1970er", "Mitte der 1970er",
           "Ende der 1970er", "Anfang 2025", "Mitte 2025", "Ende 2025", "ca. 2014", "bis 2027",
           "bis Mai 2027", "bis 3. Mai 2027", "2022–2027", "Jan. 2024–März 2025"),
    "es": ("2025", "may 2025", "3 may 2025", "≈~años 1970", "principios de los años 1970",
           "mediados de los años 1970", "finales de los años 1970", "principios de 2025",
           "mediados de 2025", "finales de 2025", "hacia 2014", "para 2027", "para may 2027",
           "para el 3 may 2027", "2022–2027", "ene 2024–mar 2025"),
    "it": ("2025", "mag 2025", "3 mag 2025", "≈~anni 1970", "inizio degli anni 1970",
           "metà degli anni 1970", "fine degli anni 1970", "inizio 2025", "metà 2025",
           "fine 2025", "circa 2014", "entro il 2027", "entro mag 2027", "entro il 3 mag 2027",
           "2022–2027", "gen 2024–mar 2025"),
    "pt": ("2025", "mai. de 2025", "3 de mai. de 2025", "≈~anos 1970", "início dos anos 1970",
           "meados dos anos 1970", "final dos anos 1970", "início de 2025", "meados de 2025",
           "final de 2025", "cerca de 2014", "até 2027", "até mai. de 2027",
           "até 3 de mai. de 2027", "2022–2027", "jan. de 2024–mar. de 2025"),
    "nl": ("2025", "mei 2025", "3 mei 2025", "≈~jaren 1970", "begin jaren 1970",
           "midden jaren 1970", "eind jaren 1970", "begin 2025", "medio 2025", "eind 2025",
           "ca. 2014", "tegen 2027", "tegen mei 2027", "tegen 3 mei 2027", "2022–2027",
           "jan 2024–mrt 2025"),
    # Polish: the month alone in the nominative, after a day (and after "do") in the genitive
    "pl": ("2025", "maj 2025", "3 maja 2025", "≈~lata 70. XX~w.", "początek lat 70. XX~w.",
           "połowa lat 70. XX~w.", "koniec lat 70. XX~w.", "początek 2025~r.",
           "połowa 2025~r.", "koniec 2025~r.", "ok. 2014~r.", "do 2027~r.", "do maja 2027",
           "do 3 maja 2027", "2022–2027", "styczeń 2024–marzec 2025"),
    "ru": ("2025", "май 2025~г.", "3 мая 2025~г.", "≈~1970-е", "начало 1970-х", "середина 1970-х",
           "конец 1970-х", "начало 2025~г.", "середина 2025~г.", "конец 2025~г.",
           "около 2014~г.", "к 2027~г.", "до мая 2027~г.", "к 3 мая 2027~г.", "2022–2027~гг.",
           "янв. 2024~г.–март 2025~г."),
    "uk": ("2025", "трав. 2025~р.", "3 трав. 2025~р.", "≈~1970-ті", "початок 1970-х",
           "середина 1970-х", "кінець 1970-х", "початок 2025~р.", "середина 2025~р.",
           "кінець 2025~р.", "близько 2014~р.", "до 2027~р.", "до травня 2027~р.",
           "до 3 трав. 2027~р.", "2022–2027~рр.", "січ. 2024~р.–бер. 2025~р."),
    "ja": ("2025年", "2025年5月", "2025年5月3日", "≈~1970年代", "1970年代初頭", "1970年代半ば",
           "1970年代末", "2025年初め", "2025年半ば", "2025年末", "2014年頃", "2027年までに",
           "2027年5月までに", "2027年5月3日までに", "2022–2027年", "2024年1月–2025年3月"),
    "zh": ("2025年", "2025年5月", "2025年5月3日", "≈~1970年代", "1970年代初", "1970年代中期",
           "1970年代末", "2025年初", "2025年中", "2025年底", "约2014年", "到2027年",
           "到2027年5月", "到2027年5月3日", "2022–2027年", "2024年1月–2025年3月"),
    "ko": ("2025년", "2025년 5월", "2025년 5월 3일", "≈~1970년대", "1970년대 초", "1970년대 중반",
           "1970년대 말", "2025년 초", "2025년 중반", "2025년 말", "2014년경", "2027년까지",
           "2027년 5월까지", "2027년 5월 3일까지", "2022–2027년", "2024년 1월–2025년 3월"),
}
CASES = [(language, text, label.replace("~", NBSP))
         for language, labels in LABELS.items() for text, label in zip(KINDS, labels, strict=True)]


@pytest.mark.parametrize(("language", "text", "label"), CASES)
def test_every_kind_of_date_in_every_language(language: str, text: str, label: str) -> None:
    assert fuzzy_label(parse_fuzzy_date(text), language) == label


@pytest.mark.parametrize(("language", "text", "label"), CASES)
def test_a_printed_label_reads_back_to_the_same_span(language: str, text: str,
                                                     label: str) -> None:
    """What a brief prints in a language, a facts file in that language may write."""
    printed, read = parse_fuzzy_date(text), parse_fuzzy_date(label, language)
    assert (read.start, read.end, read.approximate, read.kind) == \
        (printed.start, printed.end, printed.approximate, printed.kind)
    assert read.label == printed.label  # the English label is the same too


def test_english_labels_are_the_labels_of_today() -> None:
    for text in KINDS:
        date = parse_fuzzy_date(text)
        marker = "\u2248\u00a0" if date.kind == "decade" else ""  # docs/facts.md
        assert fuzzy_label(date, "en") == marker + date.label
        assert fuzzy_label(date, "en-GB") == marker + date.label


@pytest.mark.parametrize(("month", "nominative", "genitive"), [
    (1, "styczeń 2025", "3 stycznia 2025"), (2, "luty 2025", "3 lutego 2025"),
    (3, "marzec 2025", "3 marca 2025"), (6, "czerwiec 2025", "3 czerwca 2025"),
    (10, "październik 2025", "3 października 2025"), (12, "grudzień 2025", "3 grudnia 2025"),
])
def test_polish_months_alone_in_the_nominative_after_a_day_in_the_genitive(
        month: int, nominative: str, genitive: str) -> None:
    assert fuzzy_label(parse_fuzzy_date(f"2025-{month:02d}"), "pl") == nominative
    assert fuzzy_label(parse_fuzzy_date(f"2025-{month:02d}-03"), "pl") == genitive


@pytest.mark.parametrize(("language", "text", "label"), [
    ("ru", "2025-03", "март 2025~г."), ("ru", "2025-03-08", "8 мар. 2025~г."),
    ("ru", "by 2027-03", "до марта 2027~г."),
    ("uk", "by 2027-03", "до березня 2027~р."), ("uk", "2025-03-08", "8 бер. 2025~р."),
])
def test_russian_and_ukrainian_cases(language: str, text: str, label: str) -> None:
    assert fuzzy_label(parse_fuzzy_date(text), language) == label.replace("~", NBSP)


@pytest.mark.parametrize(("decade", "label"), [
    ("1900s", "lata 00. XX~w."), ("1990s", "lata 90. XX~w."), ("2000s", "lata 00. XXI~w."),
    ("2020s", "lata 20. XXI~w."), ("1840s", "lata 40. XIX~w."),
])
def test_polish_decades_name_their_century(decade: str, label: str) -> None:
    printed = fuzzy_label(parse_fuzzy_date(decade), "pl")
    assert printed == "\u2248" + NBSP + label.replace("~", NBSP)  # a decade's "≈ "
    assert parse_fuzzy_date(printed, "pl").start == parse_fuzzy_date(decade).start


@pytest.mark.parametrize(("language", "label"), [
    ("fr-CA", "janv. 2025"), ("pt-BR", "jan. de 2025"), ("de-AT", "Jän. 2025"),
    ("es-MX", "ene 2025"), ("zh-TW", "2025年1月"),
])
def test_regional_variants_take_their_months_from_cldr(language: str, label: str) -> None:
    assert fuzzy_label(parse_fuzzy_date("2025-01"), language) == label


@pytest.mark.parametrize(("language", "label"), [
    ("zh-TW", "約2014年"), ("zh_Hant", "約2014年"), ("zh-HK", "約2014年"), ("zh", "约2014年"),
    ("zh-Hans-HK", "约2014年"), ("fr-CA", "vers 2014"), ("en-US", "c. 2014"),
])
def test_regional_variants_fall_back_to_their_base_phrases(language: str, label: str) -> None:
    assert fuzzy_label(parse_fuzzy_date("c. 2014"), language) == label
    assert parse_fuzzy_date(label, language).label == "c. 2014"


@pytest.mark.parametrize(("language", "label"), [
    ("en", "3 February 2025"), ("en-GB", "3 February 2025"), ("fr", "3 février 2025"),
    ("de", "3. Februar 2025"), ("es", "3 de febrero de 2025"), ("it", "3 febbraio 2025"),
    ("pt", "3 de fevereiro de 2025"), ("nl", "3 februari 2025"), ("pl", "3 lutego 2025"),
    ("ru", "3 февраля 2025~г."), ("uk", "3 лютого 2025~р."), ("ja", "2025年2月3日"),
    ("zh", "2025年2月3日"), ("ko", "2025년 2월 3일"), ("de-AT", "3. Februar 2025"),
])
def test_the_brief_date_is_spelled_out_in_the_language(language: str, label: str) -> None:
    assert day_label(datetime.date(2025, 2, 3), language) == label.replace("~", NBSP)


def test_the_brief_date_reads_back_in_its_language() -> None:
    for language in LABELS:
        printed = day_label(datetime.date(2025, 2, 3), language)
        assert parse_fuzzy_date(printed, language).start == datetime.date(2025, 2, 3), language


def test_no_narrow_no_break_space_is_printed() -> None:
    """CLDR puts U+202F before "г."; the brief prints a no-break space, which every font has."""
    for language in ("ru", "uk"):
        for text in KINDS:
            assert "\u202f" not in fuzzy_label(parse_fuzzy_date(text), language)
        assert "\u202f" not in day_label(datetime.date(2025, 2, 3), language)


def test_english_dates_never_load_babel() -> None:
    code = ("import sys, datetime\n"
            "from briefgen.compose.date_labels import day_label, fuzzy_label\n"
            "from briefgen.input.dates import parse_fuzzy_date\n"
            "for t in ('late 1970s', 'by June 2027', 'Jan 2024 - Mar 2025'):\n"
            "    fuzzy_label(parse_fuzzy_date(t), 'en')\n"
            "day_label(datetime.date(2025, 2, 3), 'en')\n"
            "print(any(m.split('.')[0] == 'babel' for m in sys.modules))\n"
            "fuzzy_label(parse_fuzzy_date('late 1970s'), 'fr')\n"
            "print(any(m.split('.')[0] == 'babel' for m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_french_writes_the_first_of_a_month_as_an_ordinal():
    """'1er août 2023', as French writes it; the other days as CLDR has them; and it reads back."""
    assert day_label(datetime.date(2023, 8, 1), "fr") == "1er août 2023"
    assert day_label(datetime.date(2023, 8, 2), "fr") == "2 août 2023"
    first = parse_fuzzy_date("2023-03-01", "en")
    assert fuzzy_label(first, "fr") == "1er mars 2023"
    assert parse_fuzzy_date("1er mars 2023", "fr").start == first.start
    assert day_label(datetime.date(2023, 8, 1), "de") == "1. August 2023"
