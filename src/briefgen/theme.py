"""The theme: page, fonts, sizes, spacing and colours, read by both writers.

In: a theme file (YAML mapping, `templates/<name>/theme.yaml`). Out: a frozen `Theme`.
`Theme.tightened(step)` gives the same theme with sizes and spacing reduced towards their minimums;
the fit stage uses it, and both writers then read the same values.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from briefgen.errors import Problem, TemplateError

PT_PER_MM = 72.0 / 25.4
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
    body_size: float = 10.5
    small_size: float = 9.5  # timeline, figures, sources, attributions
    min_body_size: float = 9.5
    min_small_size: float = 9.0
    title_size: float = 14.0
    heading_size: float = 10.5
    banner_size: float = 10.0
    leading: float = 1.2  # line height as a multiple of the font size
    section_space: float = 9.0  # before a section heading
    heading_space: float = 2.5  # between a heading and its first block
    block_space: float = 4.0  # between paragraphs, list items and quotes
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


def read_theme_file(path: Path) -> dict[str, object]:
    """A theme file's settings, with a relative `logo` made absolute from the file's folder."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TemplateError([Problem(str(path), f"cannot read theme: {exc}")]) from None
    if not isinstance(data, dict):
        raise TemplateError([Problem(str(path), "a theme must be a mapping of settings")])
    return with_absolute_logo(data, path.parent)


def with_absolute_logo(settings: dict[str, object], folder: Path) -> dict[str, object]:
    """Theme settings with a relative `logo` made absolute from the folder they came from."""
    logo = settings.get("logo")
    if isinstance(logo, str) and logo:
        return {**settings, "logo": str((folder / logo).resolve())}
    return settings


def load_theme(path: Path) -> Theme:
    """Read one theme file; unknown keys and bad values are errors naming the file and key."""
    return theme_from_mapping(read_theme_file(path), str(path))


def theme_from_mapping(data: object, file: str) -> Theme:
    """Build a Theme from plain data, checking every key and value."""
    if not isinstance(data, dict):
        raise TemplateError([Problem(file, "a theme must be a mapping of settings")])
    known = {f.name: f for f in fields(Theme)}
    problems: list[Problem] = []
    values: dict[str, object] = {}
    for key, value in data.items():
        if key not in known:
            problems.append(Problem(file, f"unknown theme setting (allowed: {', '.join(known)})",
                                    field=str(key)))
        elif known[key].type == "float" and isinstance(value, (int, float)) \
                and not isinstance(value, bool):
            values[key] = float(value)
        elif known[key].type == "str" and isinstance(value, str):
            values[key] = value
        else:
            problems.append(Problem(file, f"expected a {known[key].type}, got {value!r}",
                                    field=str(key)))
    theme = replace(Theme(), **values)
    problems += _check(theme, file)
    if problems:
        raise TemplateError(problems)
    return theme


def _check(theme: Theme, file: str) -> list[Problem]:
    problems = []
    if theme.page not in PAGE_SIZES:
        problems.append(Problem(file, f"unknown page size (known: {', '.join(PAGE_SIZES)})",
                                field="page"))
    if theme.font not in FONT_FAMILIES:
        problems.append(Problem(file, f"unknown font (known: {', '.join(FONT_FAMILIES)})",
                                field="font"))
    for name in ("min_body_size", "min_small_size"):
        if getattr(theme, name) < ABSOLUTE_MIN_SIZE:
            problems.append(Problem(file, f"must be at least {ABSOLUTE_MIN_SIZE} pt", field=name))
    for name in SIZES:
        if getattr(theme, name) * 2 != round(getattr(theme, name) * 2):
            problems.append(Problem(file, "sizes must be whole or half points (DOCX stores "
                                          "half points)", field=name))
    for size, floor in (("body_size", "min_body_size"), ("small_size", "min_small_size")):
        if getattr(theme, size) < getattr(theme, floor):
            problems.append(Problem(file, f"is below {floor}", field=size))
    if theme.logo and (not Path(theme.logo).is_file()
                       or Path(theme.logo).suffix.lower() not in (".png", ".jpg", ".jpeg")):
        problems.append(Problem(file, f"the logo must be a PNG or JPEG file: {theme.logo}",
                                field="logo"))
    if theme.logo and not 0 < theme.logo_height <= theme.margin_top - theme.banner_offset / 2 - 4:
        problems.append(Problem(file, "the logo must fit in the top margin", field="logo_height"))
    for name in ("accent", "text", "muted", "shade"):
        value = getattr(theme, name)
        if len(value) != 7 or value[0] != "#" or not all(c in "0123456789abcdefABCDEF"
                                                          for c in value[1:]):
            problems.append(Problem(file, f"expected a colour like '#1F3864', got {value!r}",
                                    field=name))
    return problems
