"""Loose dates written in the facts' language: the forms read, the errors, the facts file's
`language`, the order of the timeline and the dates a brief prints."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import docx_text, pdf_text

from briefgen.compose.context import build_context
from briefgen.edge.cli import run
from briefgen.errors import FactsError
from briefgen.input.date_words import PHRASES
from briefgen.input.dates import ACCEPTED_FORMS, FuzzyDate, accepted_forms, parse_fuzzy_date
from briefgen.input.facts import load_facts

# (language, as a facts file may write it, the English form it means)
WRITTEN = [
    ("fr", "Janvier 2025", "January 2025"), ("fr", "JANV. 2025", "Jan 2025"),
    ("fr", "fevrier 2025", "Feb 2025"), ("fr", "1er mars 2025", "1 Mar 2025"),
    ("fr", "3 février 2025", "3 Feb 2025"), ("fr", "Fin des annees 1970", "late 1970s"),
    ("fr", "années 1990", "1990s"), ("fr", "les années 1990", "1990s"),
    ("fr", "mi 2025", "mid-2025"), ("fr", "début 2025", "early 2025"),
    ("fr", "environ 2014", "c. 2014"), ("fr", "d’ici 2027", "by 2027"),
    ("fr", "d'ici le 3 mai 2027", "by 3 May 2027"), ("fr", "2022 à 2027", "2022-2027"),
    ("fr", "janvier 2022 – mars 2023", "Jan 2022 - Mar 2023"),
    ("fr", "mi-2025 – fin 2026", "mid-2025 - late 2026"),
    ("de", "3. Februar 2025", "3 Feb 2025"), ("de", "Marz 2025", "Mar 2025"),
    ("de", "Mär. 2025", "Mar 2025"), ("de", "1970er Jahre", "1970s"),
    ("de", "Ende der 1970er-Jahre", "late 1970s"), ("de", "Anfang 1990er", "early 1990s"),
    ("de", "Mitte 2025", "mid-2025"), ("de", "um 2014", "c. 2014"),
    ("de", "bis 2027", "by 2027"), ("de", "bis zum 3. Mai 2027", "by 3 May 2027"),
    ("de", "2022 bis 2027", "2022-2027"),
    ("es", "3 de febrero de 2025", "3 Feb 2025"), ("es", "febrero de 2025", "Feb 2025"),
    ("es", "década de 1990", "1990s"), ("es", "finales de la década de 1970", "late 1970s"),
    ("es", "mediados de 2025", "mid-2025"), ("es", "en torno a 2014", "c. 2014"),
    ("es", "para 2027", "by 2027"), ("es", "2022 a 2027", "2022-2027"),
    ("it", "3 febbraio 2025", "3 Feb 2025"), ("it", "fine anni 1970", "late 1970s"),
    ("it", "metà del 2025", "mid-2025"), ("it", "intorno al 2014", "c. 2014"),
    ("it", "entro gennaio 2027", "by Jan 2027"), ("it", "entro il 2027", "by 2027"),
    ("pt", "3 de fevereiro de 2025", "3 Feb 2025"), ("pt", "fim dos anos 1970", "late 1970s"),
    ("pt", "por volta de 2014", "c. 2014"), ("pt", "até junho de 2027", "by Jun 2027"),
    ("nl", "3 februari 2025", "3 Feb 2025"), ("nl", "maart 2025", "Mar 2025"),
    ("nl", "eind jaren 1970", "late 1970s"), ("nl", "rond 2014", "c. 2014"),
    ("nl", "tegen 2027", "by 2027"),
    ("pl", "3 lutego 2025 r.", "3 Feb 2025"), ("pl", "luty 2025", "Feb 2025"),
    ("pl", "koniec lat 70. XX wieku", "late 1970s"), ("pl", "lata 1990.", "1990s"),
    ("pl", "polowa 2025", "mid-2025"), ("pl", "około 2014", "c. 2014"),
    ("pl", "do 2027 roku", "by 2027"),
    ("ru", "3 февраля 2025 года", "3 Feb 2025"), ("ru", "Февраль 2025", "Feb 2025"),
    ("ru", "1990-е годы", "1990s"), ("ru", "конец 1970-х годов", "late 1970s"),
    ("ru", "середина 2025 года", "mid-2025"), ("ru", "к 2027 году", "by 2027"),
    ("ru", "2022–2027 гг.", "2022-2027"),
    ("uk", "3 лютого 2025 р.", "3 Feb 2025"), ("uk", "лютий 2025", "Feb 2025"),
    ("uk", "1990-ті роки", "1990s"), ("uk", "кінець 1970-х років", "late 1970s"),
    ("uk", "до 2027 року", "by 2027"),
    ("ja", "2025年1月", "Jan 2025"), ("ja", "2025年2月3日", "3 Feb 2025"),
    ("ja", "1970年代後半", "late 1970s"), ("ja", "2014年ごろ", "c. 2014"),
    ("ja", "2022年～2027年", "2022-2027"), ("ja", "2022年から2027年", "2022-2027"),
    ("zh", "2025年1月", "Jan 2025"), ("zh", "2014年左右", "c. 2014"),
    ("zh", "2027年前", "by 2027"), ("zh", "1970年代", "1970s"),
    ("ko", "2025년 1월", "Jan 2025"), ("ko", "2025년 2월 3일", "3 Feb 2025"),
    ("ko", "1970년대 말", "late 1970s"), ("ko", "2027년까지", "by 2027"),
    ("fr-CA", "fin des années 1970", "late 1970s"), ("de-AT", "Jänner 2025", "Jan 2025"),
    # days and months in digits, in the order of the language's short date
    ("fr", "29/10/2024", "2024-10-29"), ("fr", "le 29 octobre 2024", "2024-10-29"),
    ("de", "29.10.2024", "2024-10-29"), ("nl", "29-10-2024", "2024-10-29"),
    ("es", "3/2/2025", "2025-02-03"), ("ru", "03.02.2025", "2025-02-03"),
    ("fr", "10/2024", "Oct 2024"), ("de", "10.2024", "Oct 2024"),
    ("ja", "2024/10/29", "2024-10-29"), ("ko", "2024. 10. 29.", "2024-10-29"),
    ("zh", "2024/10", "Oct 2024"), ("fr", "29/10/2024 – 3/11/2024", "2024-10-29 - 2024-11-03"),
]


@pytest.mark.parametrize(("language", "text", "english"), WRITTEN)
def test_a_date_written_in_the_facts_language(language: str, text: str, english: str) -> None:
    found, meant = parse_fuzzy_date(text, language), parse_fuzzy_date(english)
    assert found == FuzzyDate(text, meant.label, meant.start, meant.end, meant.approximate)


@pytest.mark.parametrize("text", ["late 1970s", "by June 2027", "2024-10-17", "c. 2014"])
@pytest.mark.parametrize("language", sorted(PHRASES))
def test_english_forms_are_read_in_every_language(text: str, language: str) -> None:
    assert parse_fuzzy_date(text, language) == parse_fuzzy_date(text)


@pytest.mark.parametrize("language", [k for k in PHRASES if "_" not in k])
def test_the_examples_an_error_lists_are_read(language: str) -> None:
    for example in PHRASES[language].examples.split(", "):
        parse_fuzzy_date(example, language)


def test_a_french_form_is_no_date_in_an_english_file() -> None:
    with pytest.raises(ValueError) as caught:
        parse_fuzzy_date("fin des années 1970")
    assert str(caught.value) == f"'fin des années 1970' is not a date (accepted: {ACCEPTED_FORMS})"


FRENCH = ("2025, 2025-01, January 2025, 1990s, late 1970s, c. 2014, by 2027, 2022-2027; in "
          "French: janvier 2025, 3 févr. 2025, années 1990, fin des années 1970, mi-2025, "
          "vers 2014, d’ici 2027")


@pytest.mark.parametrize(("language", "text", "message"), [
    ("fr", "Febtember 2025", f"'Febtember 2025' is not a date (accepted: {FRENCH})"),
    ("fr", "fin des années 1975", f"'fin des années 1975' is not a date (accepted: {FRENCH})"),
    ("fr", "d'ici bientôt", f"'d'ici bientôt' is not a date (accepted: {FRENCH})"),
    ("fr", "", f"a date is empty (accepted: {FRENCH})"),
    ("fr", "31 février 2025", "'31 février 2025' is not a real calendar date "
                               "(Feb 2025 has 28 days)"),
    ("fr", "2027 à 2022", "'2027 à 2022' is not a date: the range ends before it starts"),
    ("ru", "конец 1970-х – середина 1960-х",
     "'конец 1970-х – середина 1960-х' is not a date: the range ends before it starts"),
    ("de", "Ende 0000", "'Ende 0000' is not a date (accepted: " + accepted_forms("de") + ")"),
    ("de", "31.02.2024", "'31.02.2024' is not a real calendar date (Feb 2024 has 29 days)"),
    ("fr", "13/13/2024", "'13/13/2024' is not a date: there is no month 13"),
    ("en", "29/10/2024", f"'29/10/2024' is not a date (accepted: {ACCEPTED_FORMS})"),
])
def test_bad_dates_in_a_language(language: str, text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_fuzzy_date(text, language)
    assert str(caught.value) == message


def test_accepted_forms_per_language() -> None:
    assert accepted_forms("en") == accepted_forms("en-GB") == ACCEPTED_FORMS
    assert accepted_forms("fr-CA") == FRENCH
    assert accepted_forms("ja").endswith("; in Japanese: 2025年1月, 2025年2月3日, 1990年代, "
                                         "1970年代末, 2025年半ば, 2014年頃, 2027年までに")


def test_sort_order_is_that_of_the_english_dates() -> None:
    written = ["d'ici 2027", "janvier 2025", "fin des années 1970", "mi-2025",
               "17 octobre 2024", "années 1990", "2025"]
    ordered = sorted((parse_fuzzy_date(t, "fr") for t in written), key=FuzzyDate.sort_key)
    assert [d.label for d in ordered] == [
        "Late 1970s", "1990s", "17 Oct 2024", "Jan 2025", "2025", "Mid-2025", "By 2027"]


FACTS = """\
title: Crue
summary: Des pluies.
language: {language}
date: 2025-02-03
timeline:
  - date: d'ici 2027
    event: Plan.
  - date: fin des années 1970
    event: Première crue.
  - date: 3 février 2025
    event: Alerte.
    sources: [a]
quotes:
  - text: Nous sommes prêts.
    speaker: La ministre
    date: mi-2024
sources:
  - id: a
    title: Un rapport
    date: vers 2014
"""


def write(tmp_path: Path, text: str, name: str = "crue.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_french_facts_file_reads_and_prints_its_dates_in_french(tmp_path: Path) -> None:
    facts = load_facts(write(tmp_path, FACTS.format(language="fr")))
    assert facts.language == "fr"
    assert [e.date.label for e in facts.timeline] == ["Late 1970s", "3 Feb 2025", "By 2027"]
    context = build_context(facts, datetime.date(2025, 2, 3))
    assert context["date"] == "3 février 2025"
    assert [e["date"] for e in context["timeline"]] == [
        "fin des années 1970", "3 févr. 2025", "d’ici 2027"]
    assert [e["approximate"] for e in context["timeline"]] == [True, False, True]
    assert context["quotes"][0]["date"] == "mi-2024"


def test_an_english_facts_file_prints_as_before(tmp_path: Path) -> None:
    text = FACTS.replace("language: {language}\n", "").replace("d'ici 2027", "by 2027") \
        .replace("fin des années 1970", "late 1970s").replace("3 février 2025", "2025-02-03") \
        .replace("mi-2024", "mid-2024").replace("vers 2014", "c. 2014")
    context = build_context(load_facts(write(tmp_path, text)), datetime.date(2025, 2, 3))
    assert context["date"] == "3 February 2025"
    assert [e["date"] for e in context["timeline"]] == ["Late 1970s", "3 Feb 2025", "By 2027"]


@pytest.mark.parametrize(("value", "message"), [
    ("xx", "unknown or unsupported language 'xx' (supported: en, fr, de, es, it, pt, nl, pl, "
           "ru, uk, ja, zh, ko, ar, he, and their regional variants such as fr-CA, pt-BR, "
           "zh-TW)"),
    ("fr-ZZ", "unknown or unsupported language 'fr-ZZ' (supported: en, fr, de, es, it, pt, nl, "
              "pl, ru, uk, ja, zh, ko, ar, he, and their regional variants such as fr-CA, "
              "pt-BR, zh-TW)"),
    ("[fr]", "expected text; got a list"),
])
def test_an_unknown_language_is_an_error_on_its_line(tmp_path: Path, value: str,
                                                    message: str) -> None:
    text = FACTS.format(language=value).replace("fin des années 1970", "1970s") \
        .replace("d'ici 2027", "2027").replace("3 février 2025", "2025-02-03") \
        .replace("mi-2024", "2024").replace("vers 2014", "2014")
    path = write(tmp_path, text)
    with pytest.raises(FactsError) as caught:
        load_facts(path)
    assert [(p.line, p.field, p.message) for p in caught.value.problems] == [
        (3, "language", message)]


@pytest.mark.parametrize("language, tag", [("fr", "fr"), ("FR", "fr"), ("fr-CA", "fr-CA"),
                                           ("fr_FR", "fr-FR")])
def test_regional_and_cased_codes_are_accepted_as_their_tag(tmp_path: Path, language: str,
                                                           tag: str) -> None:
    assert load_facts(write(tmp_path, FACTS.format(language=language))).language == tag


def test_a_bad_french_date_names_file_line_field_and_the_french_forms(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, FACTS.format(language="fr").replace("fin des années 1970",
                                                               "fin des années soixante-dix"))
    out = tmp_path / "out"
    code = run(["build", str(path), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (f"error: {path}:8: timeline[1].date: 'fin des années soixante-dix' is not a "
                   f"date (accepted: {FRENCH})\n")
    assert not out.exists() or not any(out.iterdir())


def test_the_built_brief_prints_its_dates_in_french(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, FACTS.format(language="fr"))
    out = tmp_path / "out"
    assert run(["build", str(path), "-o", str(out), "-f", "pdf", "-f", "docx", "-f", "md"]) == 0
    capsys.readouterr()
    for text in (pdf_text(out / "crue.pdf"), "\n".join(docx_text(out / "crue.docx")),
                 (out / "crue.md").read_text(encoding="utf-8")):
        for label in ("3 février 2025", "fin des années 1970", "3 févr. 2025", "d’ici 2027",
                      "mi-2024", "vers 2014"):
            assert label in text, label
        for english in ("February", "Late 1970s", "By 2027", "Mid-2024", "c. 2014"):
            assert english not in text, english
        assert text.index("fin des années 1970") < text.index("3 févr. 2025") < \
            text.index("d’ici 2027")


def test_the_language_tables_are_caches_that_clear_caches_empties() -> None:
    import briefgen
    from briefgen import caches

    briefgen.clear_caches()
    first = parse_fuzzy_date("fin des années 1970", "fr")
    assert len(caches.current().table("dates.reading")) == 1
    briefgen.clear_caches()
    assert len(caches.current().table("dates.reading")) == 0
    assert parse_fuzzy_date("fin des années 1970", "fr") == first
