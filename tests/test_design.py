"""design: resolving `-t` (built-in name, folder, file), layering the theme (built-in theme.yaml <
the user's theme.yaml < the audience's overrides), logos, and the catalogue `templates` prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from briefgen.design import Templates, catalogue, find_templates, load_design
from briefgen.errors import TemplateError
from briefgen.templates import BUILTIN_DIR, TEMPLATE_FILE, render
from briefgen.theme import Theme, load_theme

BUILTIN_THEME = load_theme(BUILTIN_DIR / "theme.yaml")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def png(path: Path, size: tuple[int, int] = (60, 20)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (10, 120, 200)).save(path)
    return path


# ---- find_templates -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "default"])
def test_builtin_names_mean_no_user_folder(value):
    found = find_templates(value)
    assert found == Templates(None, None)
    assert found.folders == [BUILTIN_DIR]


def test_a_folder_goes_in_front_of_the_builtin_one(tmp_path):
    found = find_templates(str(tmp_path))
    assert found.user == tmp_path and found.main is None
    assert found.folders == [tmp_path, BUILTIN_DIR]


def test_a_template_file_is_its_folder_and_its_name(tmp_path):
    path = write(tmp_path / "memo.xml.j2", '{% extends "builtin/brief.xml.j2" %}\n')
    found = find_templates(str(path))
    assert found == Templates(tmp_path, "memo.xml.j2")
    design = load_design(found, "executive")
    assert design.template == "memo.xml.j2"  # the file named beats the audience's template
    assert design.audience.name == "executive"


def test_a_missing_template_is_an_error_saying_what_may_be_given(tmp_path):
    missing = str(tmp_path / "nowhere")
    with pytest.raises(TemplateError) as info:
        find_templates(missing)
    (problem,) = info.value.problems
    assert problem.file == missing and problem.field == "template"
    assert "default" in problem.message and "folder" in problem.message


def test_a_folder_with_an_unknown_element_is_refused_up_front(tmp_path):
    write(tmp_path / "brief.xml.j2", '{% extends "builtin/brief.xml.j2" %}\n'
                                     "{% block footer %}\n<marquee>x</marquee>\n{% endblock %}\n")
    with pytest.raises(TemplateError) as info:
        find_templates(str(tmp_path))
    (problem,) = info.value.problems  # said once, though it opens and closes
    assert problem.file == str(tmp_path / "brief.xml.j2") and problem.line == 3
    assert "<marquee>" in problem.message


# ---- load_design: template, audience, theme layers ----------------------------------------------


def test_builtin_design():
    design = load_design(find_templates(None))
    assert design.audience.name == "default"
    assert design.template == TEMPLATE_FILE
    assert design.theme == BUILTIN_THEME == Theme()


def test_builtin_audience_theme_overrides_apply():
    design = load_design(find_templates(None), "executive")
    assert design.theme.body_size == 12 and design.theme.min_body_size == 10.5
    assert design.theme.page == "letter" and design.theme.accent == BUILTIN_THEME.accent


def test_theme_layers_builtin_then_user_then_audience(tmp_path):
    write(tmp_path / "theme.yaml", "page: a4\nfont: serif\naccent: '#7A1F2B'\nbody_size: 11\n")
    write(tmp_path / "audiences" / "board.yaml",
          "theme: {accent: '#005500', margin_left: 50}\n")
    templates = find_templates(str(tmp_path))
    board = load_design(templates, "board").theme
    assert board.accent == "#005500" and board.margin_left == 50  # the audience's
    assert board.page == "a4" and board.font == "serif" and board.body_size == 11  # user theme
    assert board.margin_right == BUILTIN_THEME.margin_right  # built-in
    # the user's theme applies to every audience; a built-in audience's overrides beat it
    default = load_design(templates).theme
    assert (default.page, default.accent, default.body_size) == ("a4", "#7A1F2B", 11)
    executive = load_design(templates, "executive").theme
    assert (executive.page, executive.accent, executive.body_size) == ("a4", "#7A1F2B", 12)
    press = load_design(templates, "press").theme
    assert press.font == "sans"  # press asks for sans (accessibility), over the user's serif


def test_a_bad_user_theme_value_names_the_user_theme_file(tmp_path):
    theme = write(tmp_path / "theme.yaml", "page: a5\n")
    with pytest.raises(TemplateError) as info:
        load_design(find_templates(str(tmp_path)))
    (problem,) = info.value.problems
    assert problem.file == str(theme) and problem.field == "page"


def test_a_bad_audience_theme_value_names_the_audience_file(tmp_path):
    audience = write(tmp_path / "audiences" / "x.yaml", "theme: {font: comic, bogus: 1}\n")
    with pytest.raises(TemplateError) as info:
        load_design(find_templates(str(tmp_path)), "x")
    assert {p.file for p in info.value.problems} == {str(audience)}
    assert {p.field for p in info.value.problems} == {"font", "bogus"}


def test_a_user_audience_adds_to_and_overrides_the_builtin_ones(tmp_path):
    write(tmp_path / "audiences" / "board.yaml", "extends: executive\nlabel: BOARD NOTE\n")
    write(tmp_path / "audiences" / "analyst.yaml", "label: OUR ANALYSIS\n")
    templates = find_templates(str(tmp_path))
    board = load_design(templates, "board").audience
    assert board.label == "BOARD NOTE" and board.limits["key_points"] == 3
    assert load_design(templates, "analyst").audience.label == "OUR ANALYSIS"
    assert load_design(find_templates(None), "analyst").audience.label == "ANALYTICAL BRIEF"


def test_an_audience_may_name_its_own_template(tmp_path):
    write(tmp_path / "short.xml.j2", '{% extends "builtin/brief.xml.j2" %}\n')
    write(tmp_path / "audiences" / "x.yaml", "template: short.xml.j2\n")
    assert load_design(find_templates(str(tmp_path)), "x").template == "short.xml.j2"


def test_the_user_template_overrides_a_block_and_keeps_the_rest(tmp_path):
    write(tmp_path / TEMPLATE_FILE, '{% extends "builtin/brief.xml.j2" %}\n'
                                    '{% block label %}OUR LABEL{% endblock %}\n')
    design = load_design(find_templates(str(tmp_path)))
    assert design.env.get_template(TEMPLATE_FILE).filename == str(tmp_path / TEMPLATE_FILE)
    context = {"title": "T", "summary": ["S"], "date": "3 February 2025",
               "date_iso": "2025-02-03", "key_points": [], "timeline": [], "quotes": [],
               "figures": [], "outlook": [], "sources": [],
               "memo": {"to": None, "from": None, "cc": None, "reference": None,
                        "classification": None},
               "audience": design.audience.context()}
    text = render(design.env, design.template, context)
    assert "OUR LABEL" in text and "BRIEFING MEMO" not in text
    assert 'key="summary"' in text and 'key="footer"' in text


# ---- logos --------------------------------------------------------------------------------------


def test_a_user_theme_logo_is_found_beside_the_theme(tmp_path):
    logo = png(tmp_path / "art" / "logo.png")
    write(tmp_path / "theme.yaml", "logo: art/logo.png\nlogo_height: 20\n")
    theme = load_design(find_templates(str(tmp_path))).theme
    assert theme.logo == str(logo.resolve()) and theme.logo_height == 20


def test_an_audience_logo_is_found_in_its_template_folder(tmp_path):
    logo = png(tmp_path / "press-logo.png")
    write(tmp_path / "audiences" / "x.yaml", "theme: {logo: press-logo.png}\n")
    theme = load_design(find_templates(str(tmp_path)), "x").theme
    assert theme.logo == str(logo.resolve())


def test_an_audience_logo_beats_the_theme_logo(tmp_path):
    png(tmp_path / "a.png")
    b = png(tmp_path / "b.png")
    write(tmp_path / "theme.yaml", "logo: a.png\n")
    write(tmp_path / "audiences" / "x.yaml", "theme: {logo: b.png}\n")
    templates = find_templates(str(tmp_path))
    assert load_design(templates, "x").theme.logo == str(b.resolve())
    assert load_design(templates).theme.logo == str((tmp_path / "a.png").resolve())


def test_no_logo_by_default():
    assert load_design(find_templates(None)).theme.logo == ""


@pytest.mark.parametrize("text", ["logo: missing.png\n", "logo: theme.yaml\n"])
def test_a_missing_or_wrong_logo_names_the_theme_file(tmp_path, text):
    theme = write(tmp_path / "theme.yaml", text)
    with pytest.raises(TemplateError) as info:
        load_design(find_templates(str(tmp_path)))
    (problem,) = info.value.problems
    assert problem.file == str(theme) and problem.field == "logo"


def test_a_logo_too_tall_for_the_margin_is_refused(tmp_path):
    png(tmp_path / "logo.png")
    theme = write(tmp_path / "theme.yaml", "logo: logo.png\nlogo_height: 60\n")
    with pytest.raises(TemplateError) as info:
        load_design(find_templates(str(tmp_path)))
    assert [(p.file, p.field) for p in info.value.problems] == [(str(theme), "logo_height")]


# ---- catalogue ----------------------------------------------------------------------------------


def test_catalogue_of_the_builtins():
    rows = catalogue(find_templates(None))
    assert [(kind, name) for kind, name, _ in rows] == [
        ("template", "default"), ("audience", "analyst"), ("audience", "default"),
        ("audience", "executive"), ("audience", "press")]
    assert all(description for _, _, description in rows)
    assert all("\n" not in description for _, _, description in rows)
    assert "(yours)" not in str(rows)


def test_catalogue_marks_the_users_templates_and_audiences(tmp_path):
    write(tmp_path / TEMPLATE_FILE, "{#- Ours: a red footer. -#}\n"
                                    '{% extends "builtin/brief.xml.j2" %}\n')
    write(tmp_path / "audiences" / "board.yaml", "description: For the board.\n")
    write(tmp_path / "audiences" / "press.yaml", "description: Our press note.\n")
    write(tmp_path / "audiences" / "broken.yaml", "colour: red\n")
    rows = {(kind, name): description for kind, name, description in
            catalogue(find_templates(str(tmp_path)))}
    assert rows[("template", "default")]
    assert rows[("template", "brief.xml.j2 (yours)")] == "Ours: a red footer."
    assert rows[("audience", "board (yours)")] == "For the board."
    assert rows[("audience", "press (yours)")] == "Our press note."  # overrides the built-in
    assert ("audience", "press") not in rows
    assert rows[("audience", "executive")].startswith("A principal")  # still the built-in
    assert rows[("audience", "broken (yours)")].startswith("(invalid: ")
