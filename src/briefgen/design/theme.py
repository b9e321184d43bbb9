"""The theme: page, fonts, sizes, spacing and colours, read by both writers.

The frozen `Theme`, the range or choices of each setting and `THEME`, the one definition of a
theme file; reading and checking a theme file is `briefgen.design.theme_file`'s.
`Theme.tightened(step)` gives the same theme with sizes and spacing reduced towards their minimums;
the fit stage uses it, and both writers then read the same values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace

from briefgen.input.schema import from_dataclass

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
TIGHTEN_STEPS = 8  # fit may tighten in this many equal steps from the theme's sizes to its minimums
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
    font: str = "sans"  # sans, serif, or a font family's name (`layout.house_fonts`)
    heading_font: str = ""  # headings and the title; empty: the text font
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
    logo_alt: str = ""  # the logo's text alternative in the PDF; "": the memo's author, or "Logo"
    # the marking scheme of the facts built with this theme, unless a facts file names its own
    # (`briefgen.input.markings`); "" for none. `portion_marks`: print each item's mark "(C) "
    markings: str = ""
    portion_marks: bool = False
    # Not a setting: the template folders a named font family is looked for in (set on loading)
    font_dirs: tuple[str, ...] = field(default=(), metadata={"setting": False})

    def __hash__(self) -> int:
        """The hash of every field, made once: a theme is in the key of the layout's caches,
        hashed hundreds of times a build. (Not pickled: a string's hash differs between
        processes.)"""
        found = self.__dict__.get("_hash")
        if found is None:
            found = hash(tuple(getattr(self, name) for name in self.__dataclass_fields__))
            object.__setattr__(self, "_hash", found)
        return found

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

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
    def page_room(self) -> float:
        """The height of text the fit lets a page hold: the text area less the safety margin
        (`fit_margin`), the room Word and LibreOffice are sure to fit too."""
        return self.text_height * (1 - self.fit_margin)

    @property
    def pdf_fonts(self) -> tuple[str, str, str, str]:
        """Regular, bold, italic, bold italic: reportlab's built-in fonts of `sans` or `serif`
        (a named family has files instead: `layout.fonts`)."""
        return FONT_FAMILIES[self.font if self.font in FONT_FAMILIES else "sans"]["pdf"]

    @property
    def docx_font(self) -> str:
        """The name the DOCX gives the text font: Arial, Times New Roman, or the family named
        (as the theme spells it; the writers use the font's own spelling, `layout.fonts`)."""
        return FONT_FAMILIES[self.font]["docx"] if self.font in FONT_FAMILIES else self.font

    @property
    def heading_family(self) -> str:
        """The font of headings and the title: `heading_font`, else the text font."""
        return self.heading_font or self.font

    def line(self, size: float) -> float:
        """The exact line height for text of this size."""
        return round(size * self.leading * 2) / 2  # whole half points, exact in both formats

    def tightened(self, step: int, spacing: int | None = None) -> Theme:
        """This theme `step` of `TIGHTEN_STEPS` of the way to its smallest sizes, and `spacing`
        steps (default: as many) of the way to its smallest spacing."""
        spacing_step = step if spacing is None else spacing
        if step == 0 and spacing_step == 0:
            return self
        t = step / TIGHTEN_STEPS

        def towards(value: float, floor: float) -> float:
            return max(floor, round((value - t * (value - floor)) * 2) / 2)  # DOCX: half points

        spacing = 1 - spacing_step / TIGHTEN_STEPS * (1 - SPACING_FLOOR)
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
COLOUR_PATTERN = re.compile("#[0-9a-fA-F]{6}")


# The one definition of a theme file: the Theme's fields, each with its range or choices.
SETTINGS = tuple(f for f in fields(Theme) if f.metadata.get("setting", True))
THEME = from_dataclass(
    SETTINGS, doc="A briefgen theme: page, fonts, sizes, spacing and colours, read by every "
                       "writer. Lengths are in points (72 to an inch).",
    unknown="unknown theme setting", ranges=RANGES,
    kinds={**dict.fromkeys(COLOURS, "colour"), "portion_marks": "bool"},
    choices={"page": tuple(PAGE_SIZES), "markings": ("us", "uk", "tlp", "fr", "de")},
    docs={"font": "the text font: sans (Liberation Sans, Arial in the DOCX), serif (Liberation "
                  "Serif, Times New Roman) or a font family's name, shipped in the template "
                  "folder or installed (fontconfig)",
          "heading_font": "the font of headings and the title, as `font`; empty: the text "
                          "font",
          "logo": "a PNG or JPEG file, top left in the top margin; relative to the theme's "
                  "folder",
          "logo_alt": "what the logo shows, for a screen reader (the tagged PDF's alternative "
                      "text, the DOCX's and the HTML's), at most 150 characters, no control "
                      "character; empty or blank: the memo's author (from), else \"Logo\"",
          "page": "the paper size",
          "markings": "the marking scheme of the facts files built with it, unless a facts file "
                      "names its own (`markings:`)",
          "portion_marks": "print each item's portion mark, such as (C), before its text"})

# Where each setting was written: its file and line (None where the line is not known).
Where = dict[str, tuple[str, "int | None"]]
