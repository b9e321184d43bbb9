"""Reading and checking a theme file, or a layer of settings, into a `Theme`.

In: a theme file (YAML mapping, `templates/<name>/theme.yaml`), or the settings of a layer
(an audience's `theme:` overrides) with where each was written. Out: a checked `Theme`, or one
`TemplateError` with every problem of the file, sorted by line: what the reader found (a key
written twice), unknown keys, wrong types, values out of range, and the checks that combine
values (a size below its minimum, a banner that does not fit the margin) for every value that is
right on its own, all in one run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path

from briefgen.design.theme import (
    COLOUR_PATTERN,
    COLOURS,
    LOGO_GAP,
    PAGE_SIZES,
    RANGES,
    SIZES,
    THEME,
    Theme,
    Where,
)
from briefgen.errors import Problem, TemplateError
from briefgen.input.nodes import field_path, show
from briefgen.input.settings_reader import key_lines, read_settings
from briefgen.input.text import forbidden
from briefgen.input.validate import Checker, by_line

_DEFAULT = Theme()
_FIELDS = {f.name for f in fields(Theme)}


def read_theme_layer(path: Path) -> tuple[dict[str, object], Where, list[Problem]]:
    """A theme file's settings (a relative `logo` made absolute from the file's folder), where
    each was written, and what the reader found wrong that leaves the settings readable (a key
    written twice: its first value is kept), to be reported with the settings' own problems."""
    problems: list[Problem] = []
    data, node = read_settings(path, "a theme", problems)
    where = {key: (str(path), line) for key, line in key_lines(node).items()}
    return with_absolute_logo(data, path.parent), where, problems


def with_absolute_logo(settings: dict[str, object], folder: Path) -> dict[str, object]:
    """Theme settings with a relative `logo` made absolute from the folder they came from."""
    logo = settings.get("logo")
    if isinstance(logo, str) and logo:
        return {**settings, "logo": str((folder / logo).resolve())}
    return settings


def load_theme(path: Path) -> Theme:
    """Read one theme file; unknown keys and bad values are errors naming the file, line and
    key."""
    settings, where, problems = read_theme_layer(path)
    return theme_from_mapping(settings, str(path), where, problems)


def _got(value: object) -> str:
    """A value as a one-line message shows it: quoted if text, shortened, escaped (a theme file
    may hold a value a megabyte long)."""
    return show(value) if isinstance(value, str) else show(repr(value))[1:-1]


def _number(value: int | float) -> float:
    """A YAML number as a float; an integer too large for one is infinite (and out of range)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def theme_from_mapping(data: object, file: str, where: Where | None = None,
                       read: list[Problem] | tuple[Problem, ...] = ()) -> Theme:
    """Build a Theme from plain data, checking every key and value. A problem names the file
    and line `where` gives for its key, else `file`; `read` are the reader's problems of the
    same file, reported with these, all sorted by line."""
    if not isinstance(data, dict):
        raise TemplateError([*read, Problem(file, "a theme must be a mapping of settings")])
    checker = Checker(file, list(read))  # bounds the "did you mean" lookups and the problems
    at = where or {}
    values: dict[str, object] = {}
    bad: set[str] = set()
    for key, value in data.items():
        if checker.full():
            checker.more += 1
            continue
        typed, message = _read_setting(key, value, checker)
        if message is None:
            values[key] = typed
        else:
            bad.add(str(key))
            checker.problems.append(Problem(*_located(at, str(key), file, message)))
    theme = replace(_DEFAULT, **values)

    def blame(*keys: str) -> str:
        """Of the keys a combined problem involves, the one to name: one this file wrote, else
        one written at all, else the first."""
        written = [k for k in keys if k in data]
        here = [k for k in written if at.get(k, (file,))[0] == file]
        return (here or written or keys)[0]

    checker.problems += [Problem(*_located(at, key, file, message))
                         for key, message in _check(theme, bad, blame)]
    if checker.problems:
        raise TemplateError(by_line(checker.problems, checker.more))
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
    if setting.kind == "bool":
        return (value, None) if isinstance(value, bool) else \
            (None, f"expected true or false, got {_got(value)}")
    if key == "markings" and isinstance(value, str):
        value = value.casefold()  # a scheme's name, any case, as in a facts file
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
    return at_file, message, line, field_path("", key)  # a key of any length: one short line


def _alone(name: str, value: object) -> str | None:
    """What is wrong with a setting's value (of the right type) on its own, if anything."""
    if name in RANGES:
        low, high, unit = RANGES[name]
        if not low <= value <= high:  # type: ignore[operator]  # False for NaN too
            return f"must be between {low:g} and {high:g} {unit} (got {value:g})"
    elif name == "page" and value not in PAGE_SIZES:
        return f"unknown page size (known: {', '.join(PAGE_SIZES)})"
    elif name in ("font", "heading_font"):
        return _family_name(name, str(value))
    elif name == "logo_alt":
        return _alt_text(str(value))
    elif name == "markings" and value and value not in THEME.fields["markings"].choices:
        return f"unknown marking scheme (known: {', '.join(THEME.fields['markings'].choices)})"
    elif name in COLOURS and not COLOUR_PATTERN.fullmatch(str(value)):
        return f"expected a colour like '#1F3864', got {_got(value)}"
    elif name == "logo" and value and Path(str(value)).suffix.lower() not in (".png", ".jpg",
                                                                               ".jpeg"):
        return f"the logo must be a PNG or JPEG file: {value}"
    return None


def _family_name(name: str, value: str) -> str | None:
    """A font setting is sans, serif or a family's name: one line of printable text (whether
    the family is there is checked once the theme is whole: `design.load`)."""
    if name == "heading_font" and value == "":
        return None
    if not value.strip() or len(value) > MAX_FAMILY or not value.isprintable():
        return (f"expected sans, serif or a font family's name (one line, at most {MAX_FAMILY} "
                f"characters), got {_got(value)}")
    return None


def _alt_text(value: str) -> str | None:
    """The logo's alternative text goes into the PDF's /Alt, the DOCX's picture and the HTML's
    `alt`: no character any of them refuses (a control character), at most MAX_ALT characters
    (a screen reader reads it whole). Blank is allowed: it means absent (`LaidOut.logo_alt`)."""
    bad = forbidden(value)
    if bad is not None:
        return bad
    if len(value) > MAX_ALT:
        return f"must be at most {MAX_ALT} characters (got {len(value)}): say what the logo shows"
    return None


MAX_ALT = 150  # characters of the logo's alternative text (a screen reader's short label)
MAX_FAMILY = 100  # characters in a font family's name (the longest real ones have about 40)
# the order their problems are listed in
_ALONE = (*RANGES, "page", "font", "heading_font", *COLOURS, "logo", "logo_alt", "markings")


def _check(theme: Theme, bad: set[str], blame: Callable[..., str]) -> list[tuple[str, str]]:
    """(key, message) for each problem of the theme: each value on its own; then the checks
    that combine values, each named at the key `blame` picks, but for those involving a value
    that is wrong on its own (or of the wrong type, `bad`): that one is reported already."""
    found = [(name, message) for name in _ALONE
             if (message := _alone(name, getattr(theme, name))) is not None]
    bad = bad | {name for name, _ in found}
    whole = replace(theme, **{k: getattr(_DEFAULT, k) for k in bad if k in _FIELDS})
    return found + [(blame(*keys), message) for keys, message in _combined(whole)
                    if not bad.intersection(keys)]


def _combined(theme: Theme) -> list[tuple[tuple[str, ...], str]]:
    """(the keys involved, message) for each check of values against each other."""
    found: list[tuple[tuple[str, ...], str]] = []
    for name in SIZES:
        if getattr(theme, name) * 2 != round(getattr(theme, name) * 2):
            found.append(((name,), "sizes must be whole or half points (DOCX stores half points)"))
    for size, floor in (("body_size", "min_body_size"), ("small_size", "min_small_size")):
        if getattr(theme, size) < getattr(theme, floor):
            found.append(((size, floor), f"{size} ({getattr(theme, size):g} pt) is below "
                                         f"{floor} ({getattr(theme, floor):g} pt)"))
    return found + _fits_the_margins(theme)


def _fits_the_margins(theme: Theme) -> list[tuple[tuple[str, ...], str]]:
    """The banners sit in the top and bottom margins (the DOCX puts them `banner_offset` from
    the edge, a line high), and the logo in the top margin, below half the banner offset."""
    found = []
    need = theme.banner_offset + theme.line(theme.banner_size)
    for name in ("margin_top", "margin_bottom"):
        if getattr(theme, name) < need:
            found.append(((name, "banner_offset", "banner_size"),
                          f"the banner does not fit in {name} ({getattr(theme, name):g} pt): "
                          f"banner_offset {theme.banner_offset:g} pt and a "
                          f"{theme.line(theme.banner_size):g} pt line need {need:g} pt"))
    room = theme.margin_top - theme.banner_offset / 2 - LOGO_GAP
    if theme.logo and theme.logo_height > room:
        found.append((("logo_height", "margin_top", "banner_offset"),
                      f"the logo does not fit in the top margin: logo_height "
                      f"{theme.logo_height:g} pt; at most {room:g} pt with margin_top "
                      f"{theme.margin_top:g} pt and banner_offset {theme.banner_offset:g} pt"))
    return found
