"""Characters the brief cannot print are refused, naming the field and the character."""

import pytest

from briefgen.edge.cli import run
from briefgen.input.facts import load_facts
from briefgen.layout.font_coverage import check_coverage


def write(tmp_path, body):
    path = tmp_path / "f.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", ["Łódź", "Dvořák", "Ærø", "日本", "中国", "한국", "Жюри", "αβγ",
                                  "≈ ± ° € —", "✓ → ₽"])
def test_every_script_the_fonts_have_passes(tmp_path, text):
    assert check_coverage(load_facts(write(tmp_path, f"title: {text}\nsummary: Fine.\n"))) == []


def test_each_field_with_a_missing_character_is_named(tmp_path):
    path = write(tmp_path, "title: Talks \ue000 here\nsummary: Fine.\nquotes:\n"
                           "  - text: ok\n    speaker: Name \ue001\ue002\n")
    problems = check_coverage(load_facts(path))
    assert [p.field for p in problems] == ["title", "quotes[0].speaker"]
    assert "'\ue000' (U+E000)" in problems[0].message
    assert "'\ue001' (U+E001), '\ue002' (U+E002)" in problems[1].message
    assert ("fonts tried: Liberation Sans, Noto Naskh Arabic, Noto Sans Hebrew, Noto Sans "
            "Devanagari, Noto Sans Bengali, Noto Sans Thai, DejaVu Sans, WenQuanYi Micro Hei"
            ) in problems[0].message
    assert "BRIEFGEN_FONT_PATH" in problems[0].message


@pytest.mark.parametrize("text", ["שלום", "مرحبا", "نامه‌ها", "नमस्ते", "নমস্কার", "สวัสดี"])
def test_scripts_that_need_ordering_or_shaping_are_printed(tmp_path, text):
    """Hebrew, Arabic (a Persian word with its zero-width non-joiner), Devanagari, Bengali and
    Thai: the chain has a font for each, so nothing is refused."""
    assert check_coverage(load_facts(write(tmp_path, f"title: A {text} B\nsummary: Fine.\n"))) \
        == []


def test_invisible_formatting_characters_are_not_problems(tmp_path):
    text = "a\u200bb\u200dc\ufe0fd\u200ee"
    assert check_coverage(load_facts(write(tmp_path, f"title: {text}\nsummary: Fine.\n"))) == []


def test_the_build_refuses_and_writes_nothing(tmp_path, capsys):
    path = write(tmp_path, "title: 日本と\ue000\nsummary: Fine.\n")
    assert run(["build", str(path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}:1: title: no font of the brief has '\ue000' (U+E000)")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_each_problem_names_the_line_of_its_text(tmp_path):
    """Every other problem of a facts file names its line; these named none."""
    path = write(tmp_path, "title: Fine\nsummary: Fine.\nkey_points:\n  - plain\n"
                           "  - text: \"Name \\u1019\"\n    priority: 2\nquotes:\n"
                           "  - text: ok\n    speaker: \"\\u1230 x\"\nsources:\n"
                           "  - id: a\n    title: \"T\\ue000\"\n")
    problems = check_coverage(load_facts(path))
    assert [(p.line, p.field) for p in problems] == [
        (5, "key_points[1].text"), (9, "quotes[0].speaker"), (12, "sources[0].title")]
