"""design: resolving `-t` (built-in name, folder, file), layering the theme (built-in theme.yaml <
the user's theme.yaml < the audience's overrides), logos, and the catalogue `templates` prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from briefgen.compose.languages import language
from briefgen.design.environment import BUILTIN_DIR, TEMPLATE_FILE, render
from briefgen.design.load import Templates, catalogue, find_templates, load_design
from briefgen.design.theme import Theme
from briefgen.design.theme_file import load_theme
from briefgen.errors import TemplateError

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
    assert design.theme.body_size == 12 and design.theme.small_size == 10  # larger than the default
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
    assert (press.font, press.body_size) == ("serif", 11)  # the house font, press's size


def test_a_bad_user_theme_value_names_the_user_theme_file(tmp_path):
    theme = write(tmp_path / "theme.yaml", "page: a5\n")
    with pytest.raises(TemplateError) as info:
        load_design(find_templates(str(tmp_path)))
    (problem,) = info.value.problems
    assert problem.file == str(theme) and problem.field == "page"


def test_a_bad_audience_theme_value_names_the_audience_file(tmp_path):
    audience = write(tmp_path / "audiences" / "x.yaml", "theme: {font: '', bogus: 1}\n")
    with pytest.raises(TemplateError) as info:
        load_design(find_templates(str(tmp_path)), "x")
    assert {p.file for p in info.value.problems} == {str(audience)}
    assert {(p.line, p.field) for p in info.value.problems} == {(1, "theme.font"),
                                                                (1, "theme.bogus")}


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
               "figures": [], "outlook": [], "sources": [], "recommendations": [],
               "background": [], "sections": [], "tags": [], "has_recommendations": False,
               "portion": None,
               "memo": {"to": None, "from": None, "cc": None, "reference": None,
                        "classification": None},
               "audience": design.audience.context(), "language": "en",
               "words": dict(language("en").words),
               "punctuation": {"colon": ":", "quote_open": "“", "quote_close": "”"}}
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


# ---- every value located, everything checked before anything is built --------------------------

FACTS = Path(__file__).parent.parent / "facts" / "tiny.yaml"
HOSTILE = Path(__file__).parent / "hostile"


def cli(*args: str) -> tuple[int, str, str]:
    """The command line, in-process: exit code, stdout, stderr."""
    import contextlib
    import io

    from briefgen.edge.cli import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


def design_problems(folder: Path, audience: str | None = None) -> list[str]:
    """Each problem of the folder's design as the command line prints it."""


    with pytest.raises(TemplateError) as info:
        load_design(find_templates(str(folder)), audience)
    return [str(p) for p in info.value.problems]


def test_an_audience_theme_value_from_a_parent_names_the_parent_and_its_line(tmp_path):
    parent = write(tmp_path / "audiences" / "parent.yaml",
                   "label: PARENT\ntheme:\n  accent: '#223344'\n  block_space: -2\n")
    write(tmp_path / "audiences" / "child.yaml", "extends: parent\ntheme: {accent: '#445566'}\n")
    assert design_problems(tmp_path, "child") == [
        f"error: {parent}:4: theme.block_space: must be between 0.5 and 72 pt (got -2)"]


@pytest.mark.parametrize("formats", [["-f", "docx"], ["-f", "pdf"], []])
def test_a_bad_theme_stops_the_build_before_anything_is_written(tmp_path, formats):
    theme = write(tmp_path / "t" / "theme.yaml", "page: a4\nmargin_top: -1000\n")
    out = tmp_path / "out"
    code, stdout, stderr = cli("build", str(FACTS), "-t", str(tmp_path / "t"), "-o", str(out),
                               *formats)
    assert (code, stdout) == (1, "")
    assert stderr == f"error: {theme}:2: margin_top: must be between 0 and 144 pt (got -1000)\n"
    assert not out.exists()


def hostile_logo(name: str) -> Path:
    return HOSTILE / name / "logo.png"


@pytest.mark.parametrize("case, message", [
    ("139-logo-truncated", "cannot be read as an image (image file is truncated)"),
    ("140-logo-empty", "is an empty file"),
    ("141-logo-not-an-image", "is not a PNG or JPEG image"),
    ("142-logo-bomb-20000", "has 20,000 x 20,000 pixels; at most 4,000,000 pixels are allowed"),
    ("143-logo-13000", "has 13,000 x 13,000 pixels; at most 4,000,000 pixels are allowed"),
])
def test_a_bad_logo_is_located_at_the_theme_line(tmp_path, case, message):
    logo = tmp_path / "logo.png"
    logo.write_bytes(hostile_logo(case).read_bytes())
    theme = write(tmp_path / "theme.yaml", "page: a4\n\nlogo: logo.png\n")
    assert design_problems(tmp_path) == [f"error: {theme}:3: logo: {logo} {message}"]


def test_a_damaged_jpeg_is_refused(tmp_path):
    whole = tmp_path / "whole.jpg"
    Image.new("RGB", (80, 30), "navy").save(whole)
    for name, data in {"cut.jpg": whole.read_bytes()[:200],
                       "header.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20}.items():
        (tmp_path / name).write_bytes(data)
        theme = write(tmp_path / "theme.yaml", f"logo: {name}\n")
        (problem,) = design_problems(tmp_path)
        assert problem.startswith(f"error: {theme}:1: logo: {tmp_path / name} ")
        assert "damaged JPEG" in problem or "cannot be read as an image" in problem


def test_a_logo_that_is_not_a_regular_file_is_not_read(tmp_path):
    import os
    import time

    from briefgen.design.logo import LogoError, inspect

    os.mkfifo(tmp_path / "logo.png")  # opening it to read would wait for a writer for ever
    theme = write(tmp_path / "theme.yaml", "logo: logo.png\n")
    start = time.monotonic()
    assert design_problems(tmp_path) == [
        f"error: {theme}:1: logo: {tmp_path / 'logo.png'} is not a regular file"]
    with pytest.raises(LogoError) as info:  # the reader itself, asked directly
        inspect(str(tmp_path / "logo.png"))
    assert info.value.reason == "is not a regular file"
    assert time.monotonic() - start < 2


def test_a_missing_logo_is_named_with_its_reason(tmp_path):
    theme = write(tmp_path / "theme.yaml", "logo: logo.png\n")
    assert design_problems(tmp_path) == [
        f"error: {theme}:1: logo: {tmp_path / 'logo.png'} cannot be read: No such file or "
        "directory"]


def test_a_logo_over_the_size_limit_is_not_read(tmp_path):
    from briefgen.design.logo import MAX_BYTES

    png(tmp_path / "logo.png")
    with open(tmp_path / "logo.png", "ab") as handle:
        handle.truncate(MAX_BYTES + 1)
    theme = write(tmp_path / "theme.yaml", "logo: logo.png\n")
    assert design_problems(tmp_path) == [
        f"error: {theme}:1: logo: {tmp_path / 'logo.png'} is {MAX_BYTES + 1:,} bytes; the limit "
        f"is {MAX_BYTES:,} bytes"]


def test_a_logo_at_the_pixel_limit_builds_and_one_pixel_more_is_refused(tmp_path):
    from briefgen.design.logo import MAX_PIXELS

    assert MAX_PIXELS == 2000 * 2000
    png(tmp_path / "t" / "logo.png", (2000, 2000))
    write(tmp_path / "t" / "theme.yaml", "logo: logo.png\n")
    code, _, stderr = cli("build", str(FACTS), "-t", str(tmp_path / "t"), "-o",
                          str(tmp_path / "out"))
    assert (code, stderr) == (0, "")
    png(tmp_path / "t" / "logo.png", (2001, 2000))  # 4,002,000 pixels
    (problem,) = design_problems(tmp_path / "t")
    assert problem.endswith("logo.png has 2,001 x 2,000 pixels; at most 4,000,000 pixels are "
                            "allowed")


def test_a_logo_wider_than_the_text_is_refused_and_one_as_wide_is_not(tmp_path):
    theme = write(tmp_path / "theme.yaml", "logo: logo.png\nlogo_height: 20\n")
    text_width = Theme().text_width  # 482.4 pt: 20 pt high, a 482 x 20 logo is 482 pt wide
    png(tmp_path / "logo.png", (482, 20))
    assert load_design(find_templates(str(tmp_path))).theme.logo.endswith("logo.png")
    png(tmp_path / "logo.png", (483, 20))
    assert design_problems(tmp_path) == [
        f"error: {theme}:1: logo: {tmp_path / 'logo.png'} (483 x 20 pixels) would be 483 pt wide "
        "at logo_height "
        f"20 pt; at most the text width, {text_width:.0f} pt: crop it or lower logo_height"]


def test_a_decompression_bomb_is_refused_in_little_memory_and_with_nothing_on_stderr(tmp_path):
    """In a fresh process: the 13,000 x 13,000 PNG used 1.9 GB and warned on stderr."""
    import subprocess
    import sys

    script = (  # VmHWM: this program's peak (ru_maxrss would count the forked pytest's pages)
        "import re, sys\n"
        "from briefgen.edge.cli import run\n"
        "code = run(sys.argv[1:])\n"
        "status = open('/proc/self/status').read()\n"
        "print(re.search(r'VmHWM:\\s*(\\d+) kB', status).group(1))\n"
        "sys.exit(code)\n")
    folder = HOSTILE / "143-logo-13000"
    done = subprocess.run([sys.executable, "-c", script, "build", str(folder / "facts.yaml"),
                           "-t", str(folder), "-o", str(tmp_path / "out"), "-j", "1"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == (f"error: {folder / 'theme.yaml'}:1: logo: {folder / 'logo.png'} has "
                           "13,000 x 13,000 pixels; at most 4,000,000 pixels are allowed\n")
    assert int(done.stdout) < 150_000  # KiB: the process's peak, imports included
    assert not (tmp_path / "out").exists()


def test_an_audience_text_the_brief_cannot_print_is_located(tmp_path):
    audience = write(tmp_path / "audiences" / "x.yaml",
                     "label: BRIEF\ntitles:\n  outlook: \"Outlook \\u1230\"\n"
                     "recommendation: \"\\u1019 decide\"\n")
    problems = design_problems(tmp_path, "x")
    assert [p.split(": cannot print ")[0] for p in problems] == [
        f"error: {audience}:4: recommendation", f"error: {audience}:3: titles.outlook"]
    assert "'\u1019' (U+1019)" in problems[0] and "'\u1230' (U+1230)" in problems[1]


def test_a_control_character_in_an_audience_text_is_located(tmp_path):
    """It reached the markup, where it was blamed on the template ("malformed markup")."""
    audience = write(tmp_path / "audiences" / "x.yaml",
                     "label: \"BOARD\\x01NOTE\"\ndate_label: \"ON\\x1b\"\n")
    assert design_problems(tmp_path, "x") == [
        f"error: {audience}:1: label: control character U+0001 is not allowed; delete it",
        f"error: {audience}:2: date_label: control character U+001B (escape) is not allowed; "
        "delete it"]


def test_a_template_text_the_brief_cannot_print_is_located(tmp_path):
    template = write(tmp_path / TEMPLATE_FILE, '{% extends "builtin/brief.xml.j2" %}\n'
                                               "{% block label %}\nNOTE\n"
                                               "{{ 'x' if true else '\u1230' }}\n{% endblock %}\n")
    (problem,) = design_problems(tmp_path)
    assert problem.startswith(f"error: {template}:4: template: cannot print '\u1230' (U+1230)")


def test_text_the_brief_prints_in_audiences_and_templates_passes(tmp_path):
    write(tmp_path / TEMPLATE_FILE, '{% extends "builtin/brief.xml.j2" %}\n'
                                    "{% block label %}Note \u00e9t\u00e9 \u2014 \u00a7{% endblock %}\n")
    write(tmp_path / "audiences" / "x.yaml", "label: \"R\u00e9sum\u00e9 \u2013 caf\u00e9\"\n")
    assert load_design(find_templates(str(tmp_path)), "x").audience.label == "R\u00e9sum\u00e9 \u2013 caf\u00e9"


def test_a_jpeg_the_docx_writer_cannot_place_is_refused_before_the_build(tmp_path):
    """python-docx knows a JPEG only by its JFIF or Exif segment (`docx.image`, pinned here):
    one without, which Pillow decodes, was an internal error in the DOCX writer."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image as DocxImage

    whole = tmp_path / "whole.jpg"
    Image.new("RGB", (40, 20), "red").save(whole)
    data = whole.read_bytes()
    assert data[2:4] == b"\xff\xe0"  # APP0, the JFIF segment: cut it out
    bare = data[:2] + data[4 + int.from_bytes(data[4:6], "big"):]
    with Image.open(tmp_path / "whole.jpg") as image:
        image.load()
    assert DocxImage.from_blob(data).px_width == 40
    with pytest.raises(UnrecognizedImageError):
        DocxImage.from_blob(bare)
    (tmp_path / "logo.jpg").write_bytes(bare)
    theme = write(tmp_path / "theme.yaml", "logo: logo.jpg\n")
    assert design_problems(tmp_path) == [
        f"error: {theme}:1: logo: {tmp_path / 'logo.jpg'} has a header the DOCX writer cannot "
        "read (a JPEG needs a JFIF or Exif segment); save it again as a PNG or a standard JPEG"]


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_brief_with_a_logo_does_not_change_when_its_template_folder_moves(tmp_path, kind):
    """reportlab names an image drawn from a path after the path: the same logo in two folders
    gave two different PDFs."""
    from briefgen.pipeline import build

    pdfs = []
    for name in ("one", "somewhere-else"):
        folder = tmp_path / name
        logo = folder / f"logo.{kind.lower()}"
        logo.parent.mkdir()
        Image.new("RGB", (60, 20), (200, 30, 30)).save(logo, kind)
        write(folder / "theme.yaml", f"logo: {logo.name}\n")
        brief = build(Path(__file__).parent.parent / "facts" / "tiny.yaml", ("pdf",),
                      template=str(folder))
        pdfs.append(brief.outputs["pdf"])
    assert b"/Subtype /Image" in pdfs[0]
    assert pdfs[0] == pdfs[1]


def test_a_logo_changed_between_two_builds_in_one_process_is_checked_again(tmp_path):
    """A long-running process (a worker of a batch or a cluster) once drew the new file with the
    old file's check: a logo too wide for the page was printed."""
    from briefgen.errors import BriefgenError
    from briefgen.pipeline import build

    logo = png(tmp_path / "logo.png", (40, 20))
    write(tmp_path / "theme.yaml", "logo: logo.png\n")
    facts = Path(__file__).parent.parent / "facts" / "tiny.yaml"
    first = build(facts, ("pdf", "docx"), template=str(tmp_path))
    assert b"/Subtype /Image" in first.outputs["pdf"]
    png(logo, (4000, 20))
    with pytest.raises(BriefgenError, match="wide at logo_height"):
        build(facts, ("pdf", "docx"), template=str(tmp_path))


# ---- progressive JPEG scans ----------------------------------------------------------------------


def progressive_jpeg(refine_dc: int, size: int = 8) -> bytes:
    """A grey progressive JPEG, `size` pixels square, of every pixel 128 (all coefficients zero),
    written scan by scan: the DC coefficients (first at one bit less, then refined `refine_dc`
    times one bit at a time), then each of the 63 AC coefficients in its own scan: 64 +
    `refine_dc` scans, each a legal one. Every Huffman table holds one code, `0`, for symbol 0
    (a DC difference of 0; an end of block), so each block is one 0 bit."""

    def segment(marker: int, body: bytes) -> bytes:
        return bytes((0xFF, marker)) + (len(body) + 2).to_bytes(2, "big") + body

    blocks = ((size + 7) // 8) ** 2
    bits = "0" * blocks
    coded = int((bits + "1" * (-len(bits) % 8)), 2).to_bytes((len(bits) + 7) // 8, "big")
    coded = coded.replace(b"\xff", b"\xff\x00")

    def scan(start: int, end: int, high: int, low: int) -> bytes:
        return segment(0xDA, bytes((1, 1, 0x00, start, end, high << 4 | low))) + coded

    one_code = bytes([1] + [0] * 15 + [0])  # one code of one bit, for symbol 0
    data = b"\xff\xd8" + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    data += segment(0xDB, b"\x00" + b"\x01" * 64)
    data += segment(0xC2, b"\x08" + size.to_bytes(2, "big") * 2 + b"\x01\x01\x11\x00")
    data += segment(0xC4, b"\x00" + one_code) + segment(0xC4, b"\x10" + one_code)
    data += scan(0, 0, 0, refine_dc)
    for bit in range(refine_dc, 0, -1):
        data += segment(0xDA, bytes((1, 1, 0x00, 0, 0, bit << 4 | (bit - 1)))) + coded
    for coefficient in range(1, 64):
        data += scan(coefficient, coefficient, 0, 0)
    return data + b"\xff\xd9"


def test_a_progressive_jpeg_of_64_scans_is_a_logo(tmp_path):
    from briefgen.design.logo import MAX_SCANS, inspect

    assert MAX_SCANS == 64
    data = progressive_jpeg(0, 64)
    assert data.count(b"\xff\xda") == 64
    (tmp_path / "logo.jpg").write_bytes(data)
    with Image.open(tmp_path / "logo.jpg") as image:
        image.load()
        assert image.size == (64, 64) and image.getextrema() == (128, 128)
    assert inspect(str(tmp_path / "logo.jpg")).width == 64


def test_a_jpeg_of_more_than_64_scans_is_refused_before_it_is_decoded(tmp_path, monkeypatch):
    """A 4 MB progressive JPEG of 298,170 scans took Pillow 84 s to decode, the build 172 s."""
    from PIL import ImageFile
    from timing import wall_seconds_at_most

    from briefgen.design.logo import inspect

    def never(*args: object) -> None:
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", never)
    for refine, count in ((1, 65), (12, 76)):
        (tmp_path / "logo.jpg").write_bytes(progressive_jpeg(refine))
        theme = write(tmp_path / "theme.yaml", "page: a4\nlogo: logo.jpg\n")
        with wall_seconds_at_most(1):
            assert design_problems(tmp_path) == [
                f"error: {theme}:2: logo: {tmp_path / 'logo.jpg'} has more than 64 scans (a "
                "progressive JPEG has about 10); save it again as a PNG or a standard JPEG"]
    # a scan marker's bytes inside another segment (a comment) are not a scan
    comment = b"\xff\xfe" + (2 + 2 * 200).to_bytes(2, "big") + b"\xff\xda" * 200
    data = progressive_jpeg(0)
    monkeypatch.undo()
    jfif = 4 + int.from_bytes(data[4:6], "big")
    (tmp_path / "logo.jpg").write_bytes(data[:jfif] + comment + data[jfif:])
    assert inspect(str(tmp_path / "logo.jpg")).width == 8


# ---- audience texts that print nothing ---------------------------------------------------------


def test_an_audience_text_that_prints_nothing_is_located(tmp_path):
    """A label, a date label, a section title or a recommendation of invisible characters only
    (a zero-width space, a soft hyphen, the grapheme joiner, a Hangul filler) built a brief with
    an empty masthead, field label, heading or section."""
    audience = write(tmp_path / "audiences" / "x.yaml",
                     'label: "\\u200b"\ndate_label: "\\u00ad"\ntitles:\n  outlook: "\\u034f "\n'
                     'recommendation: "\\u3164"\n')
    assert design_problems(tmp_path, "x") == [
        f"error: {audience}:1: label: has only invisible characters (U+200B), which print "
        "nothing; write the text",
        f"error: {audience}:2: date_label: has only invisible characters (U+00AD), which print "
        "nothing; write the text",
        f"error: {audience}:5: recommendation: has only invisible characters (U+3164), which "
        "print nothing; write the text",
        f"error: {audience}:4: titles.outlook: has only invisible characters (U+034F), which "
        "print nothing; write the text"]


def test_an_empty_label_or_date_label_is_an_error_and_an_empty_title_or_recommendation_is_none(
        tmp_path):
    """The masthead and the date line are always printed; a section without a heading and a
    brief without a recommendation are choices an audience may make."""
    audience = write(tmp_path / "audiences" / "x.yaml",
                     'label: ""\ndate_label: " "\ntitles:\n  outlook: ""\nrecommendation: ""\n')
    assert design_problems(tmp_path, "x") == [
        f"error: {audience}:1: label: required text is empty",
        f"error: {audience}:2: date_label: required text is empty"]
    write(audience, 'titles:\n  outlook: " "\nrecommendation: ""\n')
    design = load_design(find_templates(str(tmp_path)), "x")
    assert design.audience.titles["outlook"] == " " and design.audience.recommendation == ""


def test_an_invisible_audience_label_stops_the_build_with_one_line_and_writes_nothing(tmp_path):
    write(tmp_path / "t" / "audiences" / "x.yaml", 'label: "\\u200b"\n')
    facts = write(tmp_path / "f.yaml", "title: T\nsummary: S.\n")
    code, _, err = cli("build", str(facts), "-t", str(tmp_path / "t"), "-a", "x",
                       "-o", str(tmp_path / "out"))
    assert (code, err) == (1, f"error: {tmp_path / 't' / 'audiences' / 'x.yaml'}:1: "
                                         "label: has only invisible characters (U+200B), which "
                                         "print nothing; write the text\n")
    assert not (tmp_path / "out").exists()
