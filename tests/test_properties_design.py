"""Property-based tests of what a template folder brings: random theme numbers, random logo bytes.

1. Random theme values (NaN, infinities, huge and negative numbers, values at and near each
   bound): the theme is refused with one located problem per bad key, naming the range, or it is
   accepted and every value is in its range; a random accepted theme builds a one-page brief in
   both formats, or is refused only because the facts cannot fit one page.
2. Random logo bytes (sound PNGs and JPEGs of every mode, then cut short, overwritten, spliced or
   given a lying header): the logo is refused as a logo problem, or both writers print it; nothing
   else ever reaches stderr.

The examples come from the `ci` or `thorough` profile of tests/test_properties.py (`examples`);
a few seconds in all with `ci`.
"""

from __future__ import annotations

import contextlib
import io
import math
import struct
import zlib
from pathlib import Path

import pytest
import yaml
from conftest import pdf_pages
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st
from PIL import Image
from test_properties import examples

from briefgen.design.logo import MAX_PIXELS, LogoError, inspect
from briefgen.design.theme import RANGES, Theme
from briefgen.design.theme_file import theme_from_mapping
from briefgen.edge.cli import run
from briefgen.errors import TemplateError

FACTS = Path(__file__).parent.parent / "facts" / "tiny.yaml"

# ---- theme numbers -------------------------------------------------------------------------------


@st.composite
def number_for(draw: st.DrawFn, key: str, wild: bool = True) -> object:
    """A value for a theme number: mostly inside its range (in half points for a length, as a
    user writes them); with `wild`, sometimes at or just past a bound, sometimes anything."""
    low, high, _ = RANGES[key]
    half_points = st.integers(math.ceil(low * 2), math.floor(high * 2)).map(lambda n: n / 2)
    near = st.sampled_from([low, high]).flatmap(
        lambda bound: st.sampled_from([bound, bound - 0.5, bound + 0.5, bound - 1e-9,
                                       bound + 1e-9]))
    chaos = st.one_of(st.floats(), st.integers(-(10 ** 400), 10 ** 400),
                     st.sampled_from([math.nan, math.inf, -math.inf, 0, -0.0, 1e308, -1]))
    return draw(st.one_of(half_points, half_points, half_points, near, chaos) if wild
                else half_points)


@st.composite
def theme_settings(draw: st.DrawFn, wild: bool = True) -> dict[str, object]:
    keys = draw(st.lists(st.sampled_from(sorted(RANGES)), max_size=8, unique=True))
    settings_ = {key: draw(number_for(key, wild)) for key in keys}
    if draw(st.booleans()):
        settings_["page"] = draw(st.sampled_from(["letter", "a4"]))
    return settings_


def as_float(value: object) -> float:
    """A number as the theme reads it: an integer too large for a float is infinite."""
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:
        return math.inf if value > 0 else -math.inf  # type: ignore[operator]


def in_range(theme: Theme) -> bool:
    return all(low <= getattr(theme, key) <= high for key, (low, high, _) in RANGES.items())


@settings(max_examples=examples(3.0))
@given(settings_=theme_settings())
def test_random_theme_numbers_are_refused_with_their_range_or_accepted_in_range(
        settings_: dict[str, object]) -> None:
    text = yaml.safe_dump(settings_)
    lines = {key: number + 1 for number, line in enumerate(text.splitlines())
             for key in settings_ if line.startswith(f"{key}:")}
    where = {key: ("theme.yaml", line) for key, line in lines.items()}
    try:
        theme = theme_from_mapping(yaml.safe_load(text), "theme.yaml", where)
    except TemplateError as exc:
        event("refused")
        for problem in exc.problems:
            assert problem.field in settings_, problem  # only a key that was written
            assert (problem.file, problem.line) == where[problem.field]
            low, high, unit = RANGES.get(problem.field, (0, 0, ""))
            value = settings_[problem.field]
            if problem.field in RANGES and not low <= as_float(value) <= high:
                assert problem.message.startswith(f"must be between {low:g} and {high:g} {unit}")
        return
    event("accepted")
    assert in_range(theme)
    assert theme.banner_offset + theme.line(theme.banner_size) <= min(theme.margin_top,
                                                                       theme.margin_bottom)
    assert theme.text_width >= 300 and theme.text_height >= 500


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=examples(0.1))
@given(settings_=theme_settings(wild=False))
def test_a_random_accepted_theme_builds_one_page_or_says_it_cannot_fit(
        settings_: dict[str, object], tmp_path_factory: pytest.TempPathFactory) -> None:
    try:
        theme_from_mapping(settings_, "theme.yaml")
    except TemplateError:
        assume(False)  # refusals are the property above; here: what an accepted theme builds
    folder = tmp_path_factory.mktemp("theme")
    (folder / "theme.yaml").write_text(yaml.safe_dump(settings_), encoding="utf-8")
    code, stdout, stderr = cli("build", str(FACTS), "-t", str(folder), "-o",
                               str(folder / "out"), "-j", "1")
    if code == 1:
        event("cannot fit")
        assert stderr.startswith(f"error: {FACTS}: cannot fit one page") and \
            stderr.count("\n") == 1, stderr
        return
    assert (code, [line for line in stderr.splitlines() if not line.startswith("note: ")]) \
        == (0, [])
    assert stdout.split() == [str(folder / "out" / "tiny.pdf"), str(folder / "out" / "tiny.docx")]
    assert pdf_pages(folder / "out" / "tiny.pdf") == 1


# ---- logo bytes ----------------------------------------------------------------------------------

MODES = ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"]  # what Pillow writes as PNG


@st.composite
def sound_image(draw: st.DrawFn) -> tuple[str, bytes]:
    """A small PNG or JPEG, of any mode the format takes, with a few random pixels."""
    kind = draw(st.sampled_from(["png", "jpg"]))
    mode = draw(st.sampled_from(["1", "L", "RGB", "CMYK"] if kind == "jpg" else MODES))
    width, height = draw(st.integers(1, 90)), draw(st.integers(1, 40))
    image = Image.new(mode, (width, height))
    bands = len(image.getbands())
    for _ in range(draw(st.integers(0, 5))):
        at = (draw(st.integers(0, width - 1)), draw(st.integers(0, height - 1)))
        value = tuple(draw(st.integers(0, 255)) for _ in range(bands))
        image.putpixel(at, value if bands > 1 else value[0])
    extra = {"transparency": 0} if mode in ("P", "L") and kind == "png" and draw(
        st.booleans()) else {}
    out = io.BytesIO()
    image.save(out, "PNG" if kind == "png" else "JPEG", **extra)
    return kind, out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG's signature and image header chunk, for these (maybe absurd) dimensions."""
    body = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + body
            + struct.pack(">I", zlib.crc32(body)))


@st.composite
def logo_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """A sound image, then maybe damaged: cut short, bytes overwritten or spliced in, its header
    replaced by one claiming other dimensions, or random bytes after a PNG or JPEG signature."""
    kind, data = draw(sound_image())
    how = draw(st.sampled_from(["sound", "cut", "overwrite", "splice", "lying header",
                                "random after magic", "random"]))
    event(f"logo: {how}")
    if how == "cut":
        data = data[:draw(st.integers(0, len(data) - 1))]
    elif how == "overwrite":
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at + 16:]
    elif how == "splice":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    elif how == "lying header":
        kind = "png"
        dims = st.one_of(st.integers(0, 3000), st.integers(0, 2 ** 32 - 1))
        data = png_header(draw(dims), draw(dims)) + data[33:]
    elif how == "random after magic":
        magic = b"\x89PNG\r\n\x1a\n" if kind == "png" else b"\xff\xd8\xff"
        data = magic + draw(st.binary(max_size=200))
    elif how == "random":
        data = draw(st.binary(max_size=200))
    return kind, data


@settings(max_examples=examples(2.0))
@given(logo=logo_bytes())
def test_random_logo_bytes_are_a_logo_problem_or_a_size_within_the_limit(
        logo: tuple[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> None:
    kind, data = logo
    path = tmp_path_factory.mktemp("logo") / f"logo.{kind}"
    path.write_bytes(data)
    try:
        size = inspect(str(path))
    except LogoError as exc:
        assert exc.problems[0].file == str(path) and exc.problems[0].field == "logo"
        assert "\n" not in exc.reason and exc.reason
        return
    assert 0 < size.width * size.height <= MAX_PIXELS


@settings(max_examples=examples(0.15))
@given(logo=logo_bytes())
def test_a_random_logo_is_refused_at_its_line_or_printed_in_both_formats(
        logo: tuple[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> None:
    kind, data = logo
    folder = tmp_path_factory.mktemp("logo")
    (folder / f"logo.{kind}").write_bytes(data)
    theme = folder / "theme.yaml"
    theme.write_text(f"logo: logo.{kind}\nlogo_height: 20\n", encoding="utf-8")
    code, stdout, stderr = cli("build", str(FACTS), "-t", str(folder), "-o",
                               str(folder / "out"), "-j", "1")
    if code == 1:
        event("refused")
        assert stderr.startswith(f"error: {theme}:1: logo: ") and stderr.count("\n") == 1, stderr
        assert not (folder / "out").exists()
        return
    event("printed")
    assert (code, stderr) == (0, "")
    assert pdf_pages(folder / "out" / "tiny.pdf") == 1
    from docx import Document

    header = Document(str(folder / "out" / "tiny.docx")).sections[0].header
    assert header._element.xpath(".//a:blip"), "the DOCX has no logo"
