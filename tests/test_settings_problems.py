"""Theme and audience files: every problem of a file in one run, sorted by line, each at its
line with a "did you mean" for a likely typo; and no file's problems without bound (a file of a
megabyte of unknown keys gets a few dozen lines, quickly)."""

from __future__ import annotations

from template_folder import build, folder
from timing import wall_seconds_at_most

from briefgen.edge.cli import run

SECTIONS = ("background, bottom_line, figures, footer, header, key_points, label, "
            "other_sections, outlook, quotes, recommendation, recommendations, sources, timeline")




def test_every_unknown_section_is_named_at_its_line_with_the_audience_s_other_problems(
        tmp_path, capsys):
    template = folder(tmp_path)
    board = template / "audiences" / "board.yaml"
    board.write_text("extends: executive\nlabel: BOARD\nsources: listed\nsections:\n"
                     "  - header\n  - bottom_lin\n  - key_points\n  - foooter\n",
                     encoding="utf-8")
    code, err = build(capsys, template, "-a", "board")
    assert code == 1
    assert err == [
        f"error: {board}:3: sources: sources is one of numbered, line",
        f"error: {board}:6: sections[1]: unknown section 'bottom_lin' (did you mean "
        f"'bottom_line'?; the template brief.xml.j2 has: {SECTIONS})",
        f"error: {board}:8: sections[3]: unknown section 'foooter' (did you mean 'footer'?)",
    ]


def test_a_theme_s_value_problems_and_its_cross_checks_come_in_one_run(tmp_path, capsys):
    template = folder(tmp_path)
    theme = template / "theme.yaml"
    theme.write_text("page: a5\nmin_body_size: 20\n", encoding="utf-8")
    assert build(capsys, template) == (1, [
        f"error: {theme}:1: page: unknown page size (known: letter, a4)",
        f"error: {theme}:2: min_body_size: body_size (10.5 pt) is below min_body_size (20 pt)",
    ])


def test_a_duplicate_key_and_a_misspelt_one_are_both_reported(tmp_path, capsys):
    template = folder(tmp_path)
    theme = template / "theme.yaml"
    theme.write_text('accent: "#112233"\naccent: "#445566"\nbody_sise: 11\n', encoding="utf-8")
    code, err = build(capsys, template)
    assert code == 1
    assert err[0] == (f"error: {theme}:2: accent: duplicate key 'accent' (first at line 1); "
                      "keep only one")
    assert err[1].startswith(f"error: {theme}:3: body_sise: unknown theme setting (did you "
                             "mean 'body_size'?; allowed: page, ")
    assert len(err) == 2


def test_an_audience_s_problems_are_sorted_by_line(tmp_path, capsys):
    template = folder(tmp_path)
    board = template / "audiences" / "board.yaml"
    board.write_text("extends: executive\nlimits:\n  quotez: 1\nheadline: 3\n"
                     "theme:\n  body_size: 99\nheader: [to, fax]\nfit:\n  tighen: false\n",
                     encoding="utf-8")
    code, err = build(capsys, template, "-a", "board")
    assert code == 1
    lines = [int(line.split(f"{board}:")[1].split(":")[0]) for line in err]
    assert lines == sorted(lines) and len(lines) == 5, err
    assert f"error: {board}:3: limits.quotez: limits are a count from 0 to 200 (the most a " \
           "list of facts holds) for key_points, timeline, quotes, figures, outlook, " \
           "recommendations, background, or a user section's id (did you " \
           "mean 'quotes'?)" in err
    assert any(line.startswith(f"error: {board}:9: fit.tighen: ") and "did you mean 'tighten'?"
               in line for line in err), err


def test_a_theme_of_many_unknown_keys_gets_fifty_lines_and_a_count_quickly(tmp_path, capsys):
    template = folder(tmp_path)
    theme = template / "theme.yaml"
    theme.write_text("".join(f"k{n}: 1\n" for n in range(20_000)), encoding="utf-8")
    code, err = build(capsys, template)  # within 20 s (`build`): 0.8 s here
    assert code == 1 and len(err) == 51
    assert err[0].startswith(f"error: {theme}:1: k0: unknown theme setting (allowed: page, ")
    assert err[1:50] == [f"error: {theme}:{n + 1}: k{n}: unknown theme setting"
                         for n in range(1, 50)]
    assert err[50] == (f"error: {theme}: 19,950 more problems not shown; fix these first, "
                       "then check again")
    assert sum(len(line) - len(str(theme)) for line in err) < 3_000  # the allowed list once


def test_a_key_of_900_000_characters_is_shown_shortened(tmp_path, capsys):
    template = folder(tmp_path)
    (template / "theme.yaml").write_text('? "' + "body_size" * 100_000 + '"\n: 1\n',
                                         encoding="utf-8")
    code, err = build(capsys, template)
    assert code == 1 and len(err) == 1 and len(err[0]) < 600, err
    assert ": ['body_sizebody_size" in err[0]
    assert "…']: unknown theme setting (allowed: " in err[0]


def test_an_audience_of_many_unknown_theme_keys_is_bounded_too(tmp_path, capsys):
    template = folder(tmp_path)
    board = template / "audiences" / "board.yaml"
    board.write_text("theme:\n" + "".join(f"  k{n}: 1\n" for n in range(5_000)), encoding="utf-8")
    code, err = build(capsys, template, "-a", "board")
    assert code == 1 and len(err) == 51
    assert err[1] == f"error: {board}:3: theme.k1: unknown theme setting"
    assert err[50] == (f"error: {board}: 4,950 more problems not shown; fix these first, "
                       "then check again")


def test_a_facts_file_of_a_mebibyte_of_unknown_keys_gets_fifty_lines_quickly(tmp_path, capsys):
    facts = tmp_path / "f.yaml"
    facts.write_text("title: t\nsummary: s\n" + "".join(f"k{n}: 1\n" for n in range(100_000)),
                     encoding="utf-8")
    capsys.readouterr()
    with wall_seconds_at_most(10):
        assert run(["check", str(facts)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 51 and sum(len(line) - len(str(facts)) for line in err) < 3_000
    assert err[2] == f"error: {facts}:5: k2: unknown key 'k2'"
    assert err[50] == (f"error: {facts}: 99,950 more problems not shown; fix these first, "
                       "then check again")
