"""Characters the brief's fonts cannot print are refused, naming the field and the character."""

import pytest

from briefgen.cli import run
from briefgen.coverage import check_coverage, printable
from briefgen.facts import load_facts


@pytest.mark.parametrize("char", ["é", "ü", "ø", "ß", "€", "—", "“", "…", "±", "°", "\u00a0"])
def test_western_european_text_and_symbols_print(char):
    assert printable(char)


@pytest.mark.parametrize("char", ["Ł", "ř", "日", "한", "Ж", "α", "≈"])
def test_other_scripts_do_not(char):
    assert not printable(char)


def write(tmp_path, body):
    path = tmp_path / "f.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_each_field_with_a_missing_character_is_named(tmp_path):
    path = write(tmp_path, "title: Talks in Łódź\nsummary: Fine.\nquotes:\n"
                           "  - text: ok\n    speaker: Antonín Dvořák\n")
    problems = check_coverage(load_facts(path))
    assert [p.field for p in problems] == ["title", "quotes[0].speaker"]
    assert "'Ł' (U+0141)" in problems[0].message and "'ź' (U+017A)" in problems[0].message
    assert "'ř' (U+0159)" in problems[1].message


def test_the_build_refuses_and_writes_nothing(tmp_path, capsys):
    path = write(tmp_path, "title: 日本とNATO\nsummary: Fine.\n")
    assert run(["build", str(path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: title: the brief's fonts cannot print '日' (U+65E5)")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
