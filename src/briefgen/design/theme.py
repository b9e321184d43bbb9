"""The theme: page, fonts, sizes, spacing and colours, read by both writers.

In: a theme file (YAML mapping, `templates/<name>/theme.yaml`). Out: a frozen `Theme`.
`Theme.tightened(step)` gives the same theme with sizes and spacing reduced towards their minimums;
the fit stage uses it, and both writers then read the same values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from briefgen.errors import Problem, TemplateError
from briefgen.input.schema import from_dataclass
from briefgen.input.validate import Checker
from briefgen.input.settings_reader import key_lines, read_settings

PAGE_SIZES = {"letter": (612.0, 792.0), "a4": (595.2756, 841.8898)}

# A font pair as each writer names it. Each PDF font has the same advance widths as its DOCX
# counterpart (and as the Liberation font LibreOffice substitutes for it), so both lay out alike.
FONT_FAMILIES = {
    "sans": {"pdf": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
             "docx": "Arial"},
    "serif": {"pdf": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
              "docx": "Times New Roman"},
}
ABSOLUTE_MIN_SIZE = 9.0
TIGHTEN_STEPS = 4  # fit may tighten in this many equal steps from the theme's sizes to its minimums
SPACING_FLOOR = 0.5  # at the last step, spacing is this fraction of the theme's
SIZES = ("body_size", "small_size", "min_body_size", "min_small_size", "title_size",
         "heading_size", "banner_size")

# What the layout's piece cache may leave out of a piece's key (`layout.measure`), declared on the
# field: spacing that only sets the space BETWEEN pieces, and text sizes that are already in each
# piece's own Style. A field without such metadata is in the key, so a new field is never missed.
BETWEEN = {"layout": "spacing"}
IN_STYLES = {"layout": "style"}


@dataclass(frozen=True)
class Theme:
    """Every layout value both writers use. Lengths in points, colours as '#RRGGBB'."""

    page: str = "letter"
    margin_top: float = 64.8
    margin_bottom: float = 64.8
    margin_left: float = 64.8
    margin_right: float = 64.8
    banner_offset: float = 30.0  # from the page edge to the banner's baseline area
    font: str = "sans"
    body_size: float = field(default=10.5, metadata=IN_STYLES)
    # timeline, figures, sources, attributions
    small_size: float = field(default=9.5, metadata=IN_STYLES)
    min_body_size: float = 9.5
    min_small_size: float = 9.0
    title_size: float = 14.0
    heading_size: float = field(default=10.5, metadata=IN_STYLES)
    banner_size: float = 10.0
    leading: float = 1.2  # line height as a multiple of the font size
    section_space: float = field(default=9.0, metadata=BETWEEN)  # before a section heading
    heading_space: float = field(default=2.5, metadata=BETWEEN)  # heading to its first block
    block_space: float = field(default=4.0, metadata=BETWEEN)  # paragraphs, items and quotes
    cell_padding: float = 1.5  # above and below the text in a table cell
    bullet_indent: float = 14.0
    quote_indent: float = 14.0
    date_column: float = 0.2  # the timeline's date column, as a fraction of the text width
    accent: str = "#1F3864"
    text: str = "#111111"
    muted: str = "#555555"
    shade: str = "#EEF1F6"  # alternate table rows
    fit_margin: float = 0.04  # fraction of the text height kept free, so Word and LibreOffice fit too
    logo: str = ""  # a PNG or JPEG, top left in the top margin; relative to the theme's folder
    logo_height: float = 28.0

    @property
    def page_size(self) -> tuple[float, float]:
        return PAGE_SIZES[self.page]

    @property
    def text_width(self) -> float:
        return self.page_size[0] - self.margin_left - self.margin_right

    @property
    def text_height(self) -> float:
        return self.page_size[1] - self.margin_top - self.margin_bottom

    @property
    def pdf_fonts(self) -> tuple[str, str, str, str]:
        """Regular, bold, italic, bold italic."""
        return FONT_FAMILIES[self.font]["pdf"]

    @property
    def docx_font(self) -> str:
        return FONT_FAMILIES[self.font]["docx"]

    def line(self, size: float) -> float:
        """The exact line height for text of this size."""
        return round(size * self.leading * 2) / 2  # whole half points, exact in both formats

    def tightened(self, step: int) -> Theme:
        """This theme `step` of `TIGHTEN_STEPS` of the way to its smallest sizes and spacing."""
        if step == 0:
            return self
        t = step / TIGHTEN_STEPS

        def towards(value: float, floor: float) -> float:
            return max(floor, round((value - t * (value - floor)) * 2) / 2)  # DOCX: half points

        spacing = 1 - t * (1 - SPACING_FLOOR)
        return replace(
            self,
            body_size=towards(self.body_size, self.min_body_size),
            small_size=towards(self.small_size, self.min_small_size),
            heading_size=towards(self.heading_size, self.min_body_size),
            section_space=round(self.section_space * spacing, 2),
            heading_space=round(self.heading_space * spacing, 2),
            block_space=round(self.block_space * spacing, 2),
        )


# The range each number may take (lowest, highest, unit), checked before any other check, so
# that no NaN, infinity, negative length or zero step reaches a writer. With every margin at most
# 144 pt (2 in), the text area is always at least 307 by 504 pt, the width of an A4 page less two
# 144 pt margins by the height of a letter page less two. Sizes start at the 9 pt readability
# floor; at 36 pt, the widest label column of the header block (`flow.label_width`) still leaves
# a value column. `block_space` must give the fit stage some spacing to tighten.
RANGES: dict[str, tuple[float, float, str]] = {
    **dict.fromkeys(("margin_top", "margin_bottom", "margin_left", "margin_right",
                     "banner_offset"), (0.0, 144.0, "pt")),
    **dict.fromkeys(SIZES, (ABSOLUTE_MIN_SIZE, 36.0, "pt")),
    "leading": (1.0, 3.0, "times the font size"),
    "section_space": (0.0, 72.0, "pt"),
    "heading_space": (0.0, 72.0, "pt"),
    "block_space": (0.5, 72.0, "pt"),
    "cell_padding": (0.0, 36.0, "pt"),
    "bullet_indent": (0.0, 72.0, "pt"),
    "quote_indent": (0.0, 72.0, "pt"),
    "date_column": (0.1, 0.5, "of the text width"),
    "fit_margin": (0.0, 0.5, "of the text height"),
    "logo_height": (1.0, 144.0, "pt"),
}
LOGO_GAP = 4.0  # between the logo and the text area
COLOURS = ("accent", "text", "muted", "shade")
_COLOUR = re.compile("#[0-9a-fA-F]{6}")


# The one definition of a theme file: the Theme's fields, each with its range or choices.
THEME = from_dataclass(
    fields(Theme), doc="A briefgen theme: page, fonts, sizes, spacing and colours, read by every "
                       "writer. Lengths are in points (72 to an inch).",
    unknown="unknown theme setting", ranges=RANGES, kinds=dict.fromkeys(COLOURS, "colour"),
    choices={"page": tuple(PAGE_SIZES), "font": tuple(FONT_FAMILIES)},
    docs={"logo": "a PNG or JPEG file, top left in the top margin; relative to the theme's "
                  "folder", "page": "the paper size", "font": "the font pair"})

# Where each setting was written: its file and line (None where the line is not known).
Where = dict[str, tuple[str, "int | None"]]


def read_theme_layer(path: Path) -> tuple[dict[str, object], Where]:
    """A theme file's settings (a relative `logo` made absolute from the file's folder) and where
    each was written."""
    data, node = read_settings(path, "a theme")
    where = {key: (str(path), line) for key, line in key_lines(node).items()}
    return with_absolute_logo(data, path.parent), where


def with_absolute_logo(settings: dict[str, object], folder: Path) -> dict[str, object]:
    """Theme settings with a relative `logo` made absolute from the folder they came from."""
    logo = settings.get("logo")
    if isinstance(logo, str) and logo:
        return {**settings, "logo": str((folder / logo).resolve())}
    return settings


def load_theme(path: Path) -> Theme:
    """Read one theme file; unknown keys and bad values are errors naming the file, line and
    key."""
    settings, where = read_theme_layer(path)
    return theme_from_mapping(settings, str(path), where)


def _got(value: object) -> str:
    """A value as a one-line message shows it: quoted if text, shortened, escaped (a theme file
    may hold a value a megabyte long)."""
    from briefgen.input.facts_reader import show

    return show(value) if isinstance(value, str) else show(repr(value))[1:-1]


def _number(value: int | float) -> float:
    """A YAML number as a float; an integer too large for one is infinite (and out of range)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def theme_from_mapping(data: object, file: str, where: Where | None = None) -> Theme:
    """Build a Theme from plain data, checking every key and value. A problem names the file
    and line `where` gives for its key, else `file`."""
    if not isinstance(data, dict):
        raise TemplateError([Problem(file, "a theme must be a mapping of settings")])
    found: list[tuple[str, str]] = []  # (key, message)
    values: dict[str, object] = {}
    checker = Checker(file, [])  # bounds the "did you mean" lookups
    for key, value in data.items():
        typed, message = _read_setting(key, value, checker)
        if message is None:
            values[key] = typed
        else:
            found.append((str(key), message))
    theme = replace(Theme(), **values)
    at = where or {}

    def blame(*keys: str) -> str:
        """Of the keys a combined problem involves, the one to name: one this file wrote, else
        one written at all, else the first."""
        written = [k for k in keys if k in data]
        here = [k for k in written if at.get(k, (file,))[0] == file]
        return (here or written or keys)[0]

    found += _check(theme, blame)
    if found:
        raise TemplateError([Problem(*_located(at, key, file, message)) for key, message in found])
    return theme


def setting_problems(key: object, value: object, checker: Checker) -> list[str]:
    """What is wrong with one setting on its own (an audience's override, checked with the
    audience's other problems): an unknown key, a value of the wrong type or out of its range,
    not one of its choices, not a colour, not a picture file. Whatever needs the other settings
    is checked once the theme is whole (`theme_from_mapping`)."""
    typed, message = _read_setting(key, value, checker)
    if message is None:
        message = _alone(str(key), typed)
    return [message] if message else []


def _read_setting(key: object, value: object, checker: Checker) -> tuple[object, str | None]:
    """A setting's value as the Theme holds it; or what is wrong with its key or its type."""
    setting = THEME.get(key) if isinstance(key, str) else None
    if setting is None:
        return None, checker.unknown_message(str(key), THEME, THEME.unknown)
    number = setting.kind == "number"
    if number and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(value), None
    if not number and isinstance(value, str):
        return value, None
    return None, f"expected a {'float' if number else 'str'}, got {_got(value)}"


def _located(where: Where, key: str, file: str,
             message: str) -> tuple[str, str, int | None, str]:
    """Problem's arguments for a problem with `key`, at the file and line it was written."""
    at_file, line = where.get(key, (file, None))
    return at_file, message, line, key


def _alone(name: str, value: object) -> str | None:
    """What is wrong with a setting's value (of the right type) on its own, if anything."""
    if name in RANGES:
        low, high, unit = RANGES[name]
        if not low <= value <= high:  # type: ignore[operator]  # False for NaN too
            return f"must be between {low:g} and {high:g} {unit} (got {value:g})"
    elif name == "page" and value not in PAGE_SIZES:
        return f"unknown page size (known: {', '.join(PAGE_SIZES)})"
    elif name == "font" and value not in FONT_FAMILIES:
        return f"unknown font (known: {', '.join(FONT_FAMILIES)})"
    elif name in COLOURS and not _COLOUR.fullmatch(str(value)):
        return f"expected a colour like '#1F3864', got {_got(value)}"
    elif name == "logo" and value and Path(str(value)).suffix.lower() not in (".png", ".jpg",
                                                                               ".jpeg"):
        return f"the logo must be a PNG or JPEG file: {value}"
    return None


_ALONE = (*RANGES, "page", "font", *COLOURS, "logo")  # the order their problems are listed in


def _check(theme: Theme, blame: Callable[..., str]) -> list[tuple[str, str]]:
    """(key, message) for each problem of the theme: each value on its own first; the checks
    that combine values only once every value is right, each named at the key `blame` picks."""
    found = [(name, message) for name in _ALONE
             if (message := _alone(name, getattr(theme, name))) is not None]
    if found:
        return found
    for name in SIZES:
        if getattr(theme, name) * 2 != round(getattr(theme, name) * 2):
            found.append((name, "sizes must be whole or half points (DOCX stores half points)"))
    for size, floor in (("body_size", "min_body_size"), ("small_size", "min_small_size")):
        if getattr(theme, size) < getattr(theme, floor):
            found.append((blame(size, floor), f"{size} ({getattr(theme, size):g} pt) is below "
                                              f"{floor} ({getattr(theme, floor):g} pt)"))
    return found + _fits_the_margins(theme, blame)


def _fits_the_margins(theme: Theme, blame: Callable[..., str]) -> list[tuple[str, str]]:
    """The banners sit in the top and bottom margins (the DOCX puts them `banner_offset` from
    the edge, a line high), and the logo in the top margin, below half the banner offset."""
    found = []
    need = theme.banner_offset + theme.line(theme.banner_size)
    for name in ("margin_top", "margin_bottom"):
        if getattr(theme, name) < need:
            found.append((blame(name, "banner_offset", "banner_size"),
                          f"the banner does not fit in {name} ({getattr(theme, name):g} pt): "
                          f"banner_offset {theme.banner_offset:g} pt and a "
                          f"{theme.line(theme.banner_size):g} pt line need {need:g} pt"))
    room = theme.margin_top - theme.banner_offset / 2 - LOGO_GAP
    if theme.logo and theme.logo_height > room:
        found.append((blame("logo_height", "margin_top", "banner_offset"),
                      f"the logo does not fit in the top margin: logo_height "
                      f"{theme.logo_height:g} pt; at most {room:g} pt with margin_top "
                      f"{theme.margin_top:g} pt and banner_offset {theme.banner_offset:g} pt"))
    return found
