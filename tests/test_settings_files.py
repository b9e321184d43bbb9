"""Themes, audiences and templates are read as facts files are: regular files only, bounded in
size, and (themes and audiences) with no key written twice, no alias and no absurd nesting. Each
of these once hung the build (a pipe), read without end (/dev/zero, a huge file) or passed a
mistake over silently (a key written twice: YAML keeps the last)."""

from __future__ import annotations

import math
import os

import pytest
from template_folder import build, folder

from briefgen.input.files import LIMIT

PIPE = "not a regular file (a pipe, a socket or a device)"




@pytest.mark.parametrize("name, audience, message", [
    ("theme.yaml", (), f"cannot read a theme: {PIPE}"),
    ("audiences/board.yaml", ("-a", "board"), f"cannot read an audience file: {PIPE}"),
    ("brief.xml.j2", (), f"cannot read the template: {PIPE}"),
])
def test_a_pipe_in_a_template_folder_is_refused_at_once(tmp_path, capsys, name, audience, message):
    template = folder(tmp_path)
    (template / name).unlink()
    os.mkfifo(template / name)
    assert build(capsys, template, *audience) == (1, [f"error: {template / name}: {message}"])


def test_a_pipe_included_by_a_template_is_refused_at_once(tmp_path, capsys):
    template = folder(tmp_path)
    with open(template / "brief.xml.j2", "a", encoding="utf-8") as handle:
        handle.write('{% include "part.j2" %}\n')
    os.mkfifo(template / "part.j2")
    assert build(capsys, template) == (
        1, [f"error: {template / 'part.j2'}: cannot read the template: {PIPE}"])


@pytest.mark.parametrize("name", ["theme.yaml", "brief.xml.j2"])
def test_a_file_over_the_limit_is_refused_unread(tmp_path, capsys, name):
    from briefgen.design.environment import MAX_FILE_BYTES

    template = folder(tmp_path)
    limit = LIMIT if name == "theme.yaml" else MAX_FILE_BYTES  # a template: 64 KiB
    with open(template / name, "ab") as handle:  # sparse: nothing is written to the disk
        handle.truncate(limit + 1)
    what = "a theme" if name == "theme.yaml" else "the template"
    assert build(capsys, template) == (1, [
        f"error: {template / name}: cannot read {what}: the file is {limit + 1:,} bytes; "
        f"the limit is {limit:,} bytes"])


def test_a_key_written_twice_is_an_error_at_each_repeat(tmp_path, capsys):
    template = folder(tmp_path)
    (template / "theme.yaml").write_text('accent: "#112233"\nbody_size: 10\naccent: "#445566"\n',
                                         encoding="utf-8")
    with open(template / "audiences" / "board.yaml", "a", encoding="utf-8") as handle:
        handle.write("theme:\n  body_size: 11\n  body_size: 12\n")
    audience = template / "audiences" / "board.yaml"
    lines = audience.read_text(encoding="utf-8").count("\n")
    assert build(capsys, template) == (
        1, [f"error: {template / 'theme.yaml'}:3: accent: duplicate key 'accent' (first at "
            "line 1); keep only one"])
    (template / "theme.yaml").write_text("", encoding="utf-8")
    assert build(capsys, template, "-a", "board") == (1, [
        f"error: {audience}:{lines}: theme.body_size: duplicate key 'body_size' (first at line "
        f"{lines - 1}); keep only one"])


# Nine levels of nine aliases stand for 387 million strings; an alias of one value is refused too.
ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join([f'*{chr(96 + i)}'] * 9)}]" for i in range(1, 9)]
    + ["accent: *i"]) + "\n"


@pytest.mark.parametrize("text", [ALIAS_BOMB, 'accent: &c "#112233"\ntext: *c\n'],
                         ids=["bomb", "single-value"])
def test_aliases_are_refused_before_the_data_is_made(tmp_path, capsys, text):
    template = folder(tmp_path)
    (template / "theme.yaml").write_text(text, encoding="utf-8")
    assert build(capsys, template) == (1, [
        f"error: {template / 'theme.yaml'}:1: this value is used again by an alias (*name); "
        "aliases are not allowed in a settings file"])


def test_a_key_that_is_not_text_is_refused(tmp_path, capsys):
    """Both keys were once reported as one key "?" written twice; each is reported, in one run."""
    template = folder(tmp_path)
    (template / "theme.yaml").write_text("? [x]\n: 1\n? [y]\n: 2\n", encoding="utf-8")
    assert build(capsys, template) == (1, [f"error: {template / 'theme.yaml'}:{line}: a key must "
                                           "be text" for line in (1, 3)])


def test_nesting_too_deep_to_read_is_refused(tmp_path, capsys):
    template = folder(tmp_path)
    (template / "theme.yaml").write_text("accent: " + "[" * 20000 + "]" * 20000 + "\n",
                                         encoding="utf-8")
    assert build(capsys, template) == (
        1, [f"error: {template / 'theme.yaml'}:1: nested too deeply to be a settings file"])


def test_the_folder_made_by_init_template_still_builds(tmp_path, capsys):
    template = folder(tmp_path)
    code, err = build(capsys, template, "-a", "board")
    assert (code, err) == (0, [])
    assert (template / "out" / "tiny-board.pdf").read_bytes().startswith(b"%PDF")


def test_the_loader_finds_names_as_jinja2_splits_them_and_refuses_a_way_out(tmp_path):
    """ConfinedLoader reads a file itself, from the path Jinja2's split_template_path makes of a
    name (a private helper of Jinja2's loaders, bounded in pyproject.toml)."""
    import jinja2

    from briefgen.design.environment import ConfinedLoader

    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "a.j2").write_text("A", encoding="utf-8")
    loader = ConfinedLoader([str(tmp_path)])
    source, filename, _ = loader.get_source(jinja2.Environment(), "parts/a.j2")
    assert (source, filename) == ("A", str(tmp_path / "parts" / "a.j2"))
    for name in ("../x.j2", "parts/../../x.j2", "missing.j2", "parts"):
        with pytest.raises(jinja2.TemplateNotFound):
            loader.get_source(jinja2.Environment(), name)


@pytest.mark.parametrize("text, shown", [
    ("1" + "0" * 5000, "inf"),  # once: internal error: ValueError: Exceeds the limit (4300 digits)
    ("-" + "9" * 5000, "-inf"),
    ("1" + "_0" * 5000, "inf"),  # YAML's digit separators do not count
    (":".join(["1"] * 200_000), "inf"),  # base 60: once seconds of big-integer arithmetic
    ("1" + "0" * 99, "1e+99"),  # at the bound: the number itself, out of range
])
def test_a_number_too_long_for_any_setting_is_out_of_range_at_its_line(tmp_path, capsys, text,
                                                                       shown):
    template = folder(tmp_path)
    (template / "theme.yaml").write_text(f"accent: '#112233'\nmargin_left: {text}\n",
                                         encoding="utf-8")
    assert build(capsys, template) == (1, [
        f"error: {template / 'theme.yaml'}:2: margin_left: must be between 0 and 144 pt "
        f"(got {shown})"])


def test_a_number_too_long_for_an_audience_limit_is_out_of_range_at_its_line(tmp_path, capsys):
    template = folder(tmp_path)
    audience = template / "audiences" / "board.yaml"
    for count in ("1" + "0" * 5000, "201"):
        audience.write_text(f"label: Board\nlimits: {{key_points: {count}}}\n", encoding="utf-8")
        assert build(capsys, template, "-a", "board") == (1, [
            f"error: {audience}:2: limits.key_points: limits are a count from 0 to 200 (the most "
            "a list of facts holds) for key_points, timeline, quotes, figures, outlook, "
            "recommendations, background, or a user section's id"])
    audience.write_text("label: Board\nlimits: {key_points: 200}\n", encoding="utf-8")
    assert build(capsys, template, "-a", "board")[0] == 0


def test_a_huge_wrong_value_is_shown_shortened_on_its_one_line(tmp_path, capsys):
    """The line once held the whole megabyte value."""
    template = folder(tmp_path)
    (template / "theme.yaml").write_text('accent: "' + "x" * 1_000_000 + '"\n', encoding="utf-8")
    code, err = build(capsys, template)
    assert code == 1 and len(err) == 1
    assert err[0].startswith(f"error: {template / 'theme.yaml'}:1: accent: expected a colour "
                             "like '#1F3864', got 'xxx")
    assert err[0].endswith("x\u2026'") and len(err[0]) < 300


# ---- the one reader ------------------------------------------------------------------------------


def test_settings_are_read_as_yaml_types_them_by_the_facts_files_reader():
    """The reader facts files use, in its settings dialect: every built-in file gives what
    yaml.safe_load gives, and so do YAML's typed scalars."""
    import yaml

    from briefgen.design.environment import BUILTIN_DIR
    from briefgen.input.settings_reader import read_settings

    files = [BUILTIN_DIR / "theme.yaml", *sorted((BUILTIN_DIR / "audiences").glob("*.yaml"))]
    for path in files:
        assert read_settings(path, "a file")[0] == yaml.safe_load(path.read_text("utf-8")), path


def test_typed_values_are_those_yaml_gives(tmp_path):
    import datetime

    import yaml

    from briefgen.input.settings_reader import read_settings

    text = ("a: 10\nb: 10.5\nc: yes\nd: ~\ne: '10'\nf: 2024-10-17\ng: 0x1F\nh: .nan\n"
            "i: [1, two, {j: 3}]\nk: 1_000\nl: !!str 12\n")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    data, _ = read_settings(path, "a file")
    expected = yaml.safe_load(text)
    assert data.keys() == expected.keys()
    assert all(data[k] == expected[k] for k in data if k != "h") and math.isnan(data["h"])
    assert (data["c"], data["e"], data["f"], data["g"]) == (True, "10", datetime.date(2024, 10, 17),
                                                            31)


def test_every_key_has_its_line_at_every_depth(tmp_path):
    from briefgen.input.settings_reader import key_lines, read_settings

    path = tmp_path / "a.yaml"
    path.write_text("label: X\ntheme:\n  body_size: 11\n  fit:\n    deeper: 1\n", encoding="utf-8")
    _, node = read_settings(path, "a file")
    assert key_lines(node) == {"label": 1, "theme": 2}
    assert key_lines(node, "theme") == {"body_size": 3, "fit": 4}
    assert key_lines(node, "theme", "fit") == {"deeper": 5}


def test_an_anchor_no_alias_uses_is_harmless_and_a_second_document_is_refused(tmp_path, capsys):
    template = folder(tmp_path)
    (template / "theme.yaml").write_text('accent: &c "#112233"\n', encoding="utf-8")
    assert build(capsys, template) == (0, [])
    template = folder(tmp_path / "another")  # a design is loaded once per folder and process
    (template / "theme.yaml").write_text('accent: "#112233"\n---\ntext: "#000000"\n',
                                         encoding="utf-8")
    assert build(capsys, template) == (1, [
        f"error: {template / 'theme.yaml'}:2: not valid YAML: but found another document"])


def test_every_reader_problem_of_a_file_is_reported_in_one_run(tmp_path, capsys):
    template = folder(tmp_path)
    (template / "theme.yaml").write_text('accent: "#112233"\naccent: "#445566"\n? [x]\n: 1\n'
                                         'text: "#000000"\ntext: "#111111"\n', encoding="utf-8")
    theme = template / "theme.yaml"
    assert build(capsys, template) == (1, [
        f"error: {theme}:2: accent: duplicate key 'accent' (first at line 1); keep only one",
        f"error: {theme}:3: a key must be text",
        f"error: {theme}:6: text: duplicate key 'text' (first at line 5); keep only one"])
