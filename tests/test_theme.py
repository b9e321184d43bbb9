"""theme: the Theme both writers read, its loader and its tightening steps."""

from __future__ import annotations

import itertools
import math
from dataclasses import fields

import pytest

from briefgen.design.environment import BUILTIN_DIR, THEME_FILE
from briefgen.design.theme import (
    ABSOLUTE_MIN_SIZE,
    RANGES,
    SETTINGS,
    SPACING_FLOOR,
    TIGHTEN_STEPS,
    Theme,
)
from briefgen.design.theme_file import load_theme, theme_from_mapping
from briefgen.errors import TemplateError

DEFAULT_THEME_FILE = BUILTIN_DIR / THEME_FILE
SIZES = ("body_size", "small_size", "heading_size")
SPACES = ("section_space", "heading_space", "block_space")
THEMES = {
    "default": {},
    "bigger": {"body_size": 12, "small_size": 11, "min_body_size": 10, "min_small_size": 9.5,
               "heading_size": 13},
    "tight range": {"body_size": 9.5, "small_size": 9, "min_body_size": 9.5,
                    "min_small_size": 9},
    "wide range": {"body_size": 14, "small_size": 12.5, "min_body_size": 9,
                   "min_small_size": 9, "heading_size": 16},
    "odd minimums": {"body_size": 11, "small_size": 10, "min_body_size": 9.2,
                     "min_small_size": 9.1},
    "odd sizes": {"body_size": 10.3, "small_size": 9.7},
}


def half_points(value: float) -> bool:
    return (value * 2) == int(value * 2)


def accepted(mapping: dict) -> Theme | None:
    """The theme, or None if the loader refuses it (refusing is a valid answer too)."""
    try:
        return theme_from_mapping(mapping, "theme.yaml")
    except TemplateError:
        return None


def problems_of(mapping: object) -> dict[str | None, str]:
    with pytest.raises(TemplateError) as info:
        theme_from_mapping(mapping, "my/theme.yaml")
    assert all(p.file == "my/theme.yaml" for p in info.value.problems)
    return {p.field: p.message for p in info.value.problems}


# -- defaults ----------------------------------------------------------------------------------


def test_default_theme_file_loads_to_the_defaults():
    theme = load_theme(DEFAULT_THEME_FILE)
    assert theme == Theme()
    assert theme.page == "letter" and theme.page_size == (612.0, 792.0)
    assert theme.pdf_fonts[0] == "Helvetica" and theme.docx_font == "Arial"


def test_default_theme_dimensions():
    theme = Theme()
    assert theme.text_width == pytest.approx(612 - 2 * 64.8)
    assert theme.text_height == pytest.approx(792 - 2 * 64.8)


def test_empty_theme_file_is_the_defaults(tmp_path):
    path = tmp_path / "theme.yaml"
    path.write_text("# nothing\n", encoding="utf-8")
    assert load_theme(path) == Theme()


def test_a4_page_size():
    theme = theme_from_mapping({"page": "a4"}, "t")
    width, height = theme.page_size
    assert width == pytest.approx(210 * 72 / 25.4, abs=1e-3)
    assert height == pytest.approx(297 * 72 / 25.4, abs=1e-3)
    assert theme.text_width == pytest.approx(width - 2 * 64.8, abs=1e-3)


def test_serif_fonts():
    theme = theme_from_mapping({"font": "serif"}, "t")
    assert theme.pdf_fonts == ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic")
    assert theme.docx_font == "Times New Roman"


def test_integers_are_accepted_for_lengths():
    theme = theme_from_mapping({"margin_top": 72, "body_size": 11}, "t")
    assert theme.margin_top == 72.0 and isinstance(theme.margin_top, float)
    assert theme.body_size == 11.0


@pytest.mark.parametrize("size", [9.0, 9.5, 10.0, 10.5, 11.0, 12.0, 14.0])
def test_line_is_whole_half_points(size):
    line = Theme().line(size)
    assert half_points(line)
    assert abs(line - size * Theme().leading) <= 0.25


# -- tightening --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["default", "bigger", "tight range", "wide range"])
def test_tightened_zero_is_the_same_theme(name):
    theme = theme_from_mapping(THEMES[name], "t")
    assert theme.tightened(0) == theme


@pytest.mark.parametrize("name", ["default", "bigger", "tight range", "wide range"])
def test_each_step_shrinks_monotonically(name):
    theme = theme_from_mapping(THEMES[name], "t")
    steps = [theme.tightened(step) for step in range(TIGHTEN_STEPS + 1)]
    for before, after in itertools.pairwise(steps):
        for size in SIZES + SPACES:
            assert getattr(after, size) <= getattr(before, size), (size, before, after)
        for space in SPACES:  # spacing always gives something back at every step
            assert getattr(after, space) < getattr(before, space)


def test_default_theme_reaches_its_minimums_at_the_last_step():
    theme = Theme()
    last = theme.tightened(TIGHTEN_STEPS)
    assert last.body_size == theme.min_body_size
    assert last.small_size == theme.min_small_size
    assert last.heading_size == theme.min_body_size
    for space in SPACES:
        assert getattr(last, space) == pytest.approx(getattr(theme, space) * SPACING_FLOOR)


def test_tightening_changes_only_sizes_and_spacing():
    theme = Theme()
    last = theme.tightened(TIGHTEN_STEPS)
    for f in fields(Theme):
        if f.name not in SIZES + SPACES:
            assert getattr(last, f.name) == getattr(theme, f.name), f.name


@pytest.mark.parametrize("name", THEMES)
def test_never_below_the_minimums(name):
    theme = accepted(THEMES[name])
    if theme is None:
        return  # refusing such a theme is fine too
    for step in range(TIGHTEN_STEPS + 1):
        t = theme.tightened(step)
        assert t.body_size >= theme.min_body_size, (step, t.body_size)
        assert t.small_size >= theme.min_small_size, (step, t.small_size)
        assert t.heading_size >= theme.min_body_size, (step, t.heading_size)
        assert min(t.body_size, t.small_size) >= ABSOLUTE_MIN_SIZE


@pytest.mark.parametrize("name", THEMES)
def test_half_point_sizes_only(name):
    # DOCX states font sizes in half points: every size a writer gets must be one
    theme = accepted(THEMES[name])
    if theme is None:
        return  # refusing such a theme is fine too
    for step in range(TIGHTEN_STEPS + 1):
        t = theme.tightened(step)
        for size in SIZES + ("title_size", "banner_size"):
            assert half_points(getattr(t, size)), (step, size, getattr(t, size))


# -- checking a theme --------------------------------------------------------------------------


def test_unknown_key_is_a_problem_naming_the_key():
    problems = problems_of({"body_sise": 10.0})
    assert list(problems) == ["body_sise"]
    assert "unknown" in problems["body_sise"]


@pytest.mark.parametrize("key, value", [
    ("body_size", "10"), ("body_size", None), ("body_size", True), ("margin_top", [1]),
    ("page", 4), ("font", None), ("accent", 0x1F3864), ("leading", "1.2"),
])
def test_wrong_type_is_a_problem_naming_the_key(key, value):
    problems = problems_of({key: value})
    assert key in problems
    assert "expected" in problems[key]


@pytest.mark.parametrize("key", ["min_body_size", "min_small_size"])
def test_minimum_size_below_9_pt_is_a_problem(key):
    problems = problems_of({key: 8.5, "body_size": 8.5, "small_size": 8.5})
    assert key in problems and "9" in problems[key]


def test_nine_point_minimums_are_allowed():
    theme = theme_from_mapping({"min_body_size": 9, "min_small_size": 9}, "t")
    assert theme.min_body_size == theme.min_small_size == 9.0


@pytest.mark.parametrize("key, floor", [("body_size", "min_body_size"),
                                        ("small_size", "min_small_size")])
def test_size_below_its_minimum_is_a_problem(key, floor):
    problems = problems_of({key: 9.0, floor: 9.5})
    assert key in problems and floor in problems[key]


@pytest.mark.parametrize("key", ["accent", "text", "muted", "shade"])
@pytest.mark.parametrize("value", ["red", "#12345", "#1234567", "#GGGGGG", "1F3864#", ""])
def test_bad_colour_is_a_problem_naming_the_key(key, value):
    problems = problems_of({key: value})
    assert list(problems) == [key]
    assert repr(value) in problems[key]


def test_colours_in_either_case_are_fine():
    theme = theme_from_mapping({"accent": "#abcdef", "text": "#ABCDEF"}, "t")
    assert theme.accent == "#abcdef"


def test_unknown_page_is_a_problem():
    problems = problems_of({"page": "a5"})
    assert list(problems) == ["page"]
    assert "letter" in problems["page"] and "a4" in problems["page"]


@pytest.mark.parametrize("value", ["", "   ", "Two\nlines", "x" * 101])
def test_a_font_that_is_no_family_name_is_a_problem(value):
    # a family's name is looked for once the theme is whole (tests/test_house_fonts.py)
    problems = problems_of({"font": value})
    assert list(problems) == ["font"]
    assert problems["font"].startswith("expected sans, serif or a font family's name")


def test_all_problems_are_reported_together():
    problems = problems_of({"colour": "#000000", "page": "a5", "font": "",
                            "min_body_size": 7.0, "accent": "blue", "body_size": "big"})
    assert set(problems) == {"colour", "page", "font", "min_body_size", "accent", "body_size"}


@pytest.mark.parametrize("data", [[1, 2], "page: a4", 3])
def test_theme_must_be_a_mapping(data):
    with pytest.raises(TemplateError) as info:
        theme_from_mapping(data, "t.yaml")
    assert info.value.problems[0].file == "t.yaml"


def test_load_theme_reports_the_file(tmp_path):
    path = tmp_path / "theme.yaml"
    path.write_text("page: a4\nfont: 7\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_theme(path)
    (problem,) = info.value.problems
    assert problem.file == str(path) and problem.field == "font"


def test_load_theme_unreadable(tmp_path):
    path = tmp_path / "theme.yaml"
    path.write_text("page: [a4\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_theme(path)
    assert info.value.problems[0].file == str(path)
    with pytest.raises(TemplateError):
        load_theme(tmp_path / "missing.yaml")


# -- ranges: every number has one, and every problem names its file, line and range --------------

# a value inside each range, for a theme that is valid apart from the key under test
TYPICAL = {name: getattr(Theme(), name) for name in RANGES}


def range_problem(key: str, value: float) -> str | None:
    """The range problem of `key` at `value`, or None if the value is within its range."""
    try:
        theme_from_mapping({key: value}, "t.yaml")
    except TemplateError as exc:
        found = [p.message for p in exc.problems if p.field == key and "between" in p.message]
        return found[0] if found else None
    return None


@pytest.mark.parametrize("key", RANGES)
def test_each_bound_is_allowed_and_a_step_past_it_is_located(key):
    low, high, unit = RANGES[key]
    assert range_problem(key, low) is None and range_problem(key, high) is None
    step = 0.5 if unit == "pt" else 0.01
    for value in (low - step, high + step):
        assert range_problem(key, value) == \
            f"must be between {low:g} and {high:g} {unit} (got {value:g})"


@pytest.mark.parametrize("key", RANGES)
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10 ** 400, -(10 ** 400)])
def test_non_finite_and_huge_numbers_are_out_of_range(key, value):
    problems = problems_of({key: value})
    low, high, unit = RANGES[key]
    shown = "nan" if value != value else ("inf" if value > 0 else "-inf")
    assert problems[key] == f"must be between {low:g} and {high:g} {unit} (got {shown})"


def test_a_problem_names_the_line_of_its_key(tmp_path):
    path = tmp_path / "theme.yaml"
    path.write_text("# margins\npage: a4\n\nmargin_left: -1\nleading: .nan\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_theme(path)
    assert [str(p) for p in info.value.problems] == [
        f"error: {path}:4: margin_left: must be between 0 and 144 pt (got -1)",
        f"error: {path}:5: leading: must be between 1 and 3 times the font size (got nan)",
    ]


@pytest.mark.parametrize("margin", ["margin_top", "margin_bottom"])
def test_the_banner_must_fit_in_the_top_and_bottom_margins(margin):
    need = Theme().banner_offset + Theme().line(Theme().banner_size)  # 30 + 12
    assert theme_from_mapping({margin: need}, "t").banner_offset == 30
    problems = problems_of({margin: need - 0.5})
    assert problems == {margin: f"the banner does not fit in {margin} (41.5 pt): banner_offset "
                                "30 pt and a 12 pt line need 42 pt"}
    assert theme_from_mapping({margin: 20, "banner_offset": 8}, "t")  # a smaller offset: fine
    # the key named is one the file wrote
    assert list(problems_of({"banner_offset": 60})) == ["banner_offset"]
    assert list(problems_of({"banner_size": 36})) == ["banner_size"]


def test_a_combined_problem_names_a_key_the_file_wrote():
    assert problems_of({"min_body_size": 11}) == {
        "min_body_size": "body_size (10.5 pt) is below min_body_size (11 pt)"}
    assert list(problems_of({"min_body_size": 11, "body_size": 10})) == ["body_size"]


def test_the_largest_margins_leave_a_usable_text_area():
    theme = theme_from_mapping({"page": "a4", **dict.fromkeys(
        ("margin_top", "margin_bottom", "margin_left", "margin_right"), 144)}, "t")
    assert theme.text_width > 300 and theme.text_height > 550


def test_the_logo_height_bound_follows_the_top_margin(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")  # the content is checked when the design is loaded
    room = Theme().margin_top - Theme().banner_offset / 2 - 4  # 45.8
    assert theme_from_mapping({"logo": str(logo), "logo_height": room}, "t").logo_height == room
    problems = problems_of({"logo": str(logo), "logo_height": room + 0.5})
    assert problems == {"logo_height": "the logo does not fit in the top margin: logo_height "
                                       "46.3 pt; at most 45.8 pt with margin_top 64.8 pt and "
                                       "banner_offset 30 pt"}


# -- the one definition ------------------------------------------------------------------------


def test_a_misspelt_setting_gets_a_did_you_mean_and_the_first_the_allowed_list():
    found = problems_of({"body_sise": 11, "acent": "#112233", "zzz": 1})
    allowed = ", ".join(f.name for f in SETTINGS)
    assert found == {
        "body_sise": f"unknown theme setting (did you mean 'body_size'?; allowed: {allowed})",
        "acent": "unknown theme setting (did you mean 'accent'?)",  # the list: once a file
        "zzz": "unknown theme setting",
    }


def test_the_theme_definition_is_the_dataclass_with_its_ranges():
    from briefgen.design.theme import THEME

    assert list(THEME) == [f.name for f in fields(Theme) if f.name != "font_dirs"]
    assert [f.name for f in SETTINGS] == list(THEME)
    for name, (low, high, unit) in RANGES.items():
        assert (THEME.fields[name].kind, THEME.fields[name].low, THEME.fields[name].high) == (
            "number", low, high)
    assert THEME.fields["page"].choices == ("letter", "a4")
    assert {n for n, f in THEME.items() if f.kind == "colour"} == {"accent", "text", "muted",
                                                                   "shade"}
