"""The HTML writer's looks: inline CSS declarations made from the laid-out brief's styles.

In: the fitted `Theme` and the flow's `Style`s. Out: the text of `style=""` attributes (mail
clients such as Gmail and Outlook drop or rewrite a `<style>` element in places, so every element
carries its own look) and the small `<style>` for phones, which only adds to them.

Sizes are the theme's, in points, scaled up together when the body text would be under 12 pt
(16 px, the size a phone shows without zooming): a page can be tightened to fit the paper, a
screen need not be. Colours are the theme's own; fonts are the theme's with safe fallbacks.
"""

from __future__ import annotations

import re

from briefgen.design.theme import Theme
from briefgen.layout.flow import Style

SCREEN_BODY = 12.0  # points: the least body size on a screen
FALLBACKS = {
    "sans": "'Liberation Sans', Arial, Helvetica, sans-serif",
    "serif": "'Liberation Serif', 'Times New Roman', Times, serif",
}
_FAMILY_NAME = re.compile(r"[^\w .\-]")  # what a font family's name may keep inside CSS quotes
WIDTH = "40em"  # the text column's widest
# Phones: a narrower page margin. Inline styles win over a stylesheet unless it says !important.
PHONE_CSS = ("@media (max-width: 30em) { .brief { padding: 0.75em 0.5em !important; } "
             "ul.brief-list { padding-left: 1.1em !important; } }")


def scale(theme: Theme) -> float:
    """How much every size grows on screen: enough that the body text is at least SCREEN_BODY."""
    return max(1.0, SCREEN_BODY / theme.body_size)


def points(value: float, theme: Theme) -> str:
    """A length of the page, in points, as it is on screen."""
    return f"{round(value * scale(theme), 2):g}pt"


def family(name: str) -> str:
    """A CSS font-family list for a theme's font: its name (quoted, stripped of anything that
    could end the quotes or the declaration) before fallbacks of its kind."""
    if name in FALLBACKS:
        return FALLBACKS[name]
    clean = " ".join(_FAMILY_NAME.sub("", name).split())
    lowered = clean.lower()  # "DejaVu Serif" falls back to a serif, "Sans Serif" does not
    rest = FALLBACKS["serif" if "serif" in lowered and "sans" not in lowered else "sans"]
    return f"'{clean}', {rest}" if clean else rest


def css(**declarations: str | None) -> str:
    """Declarations as a style attribute's text, in the order given; `font_size` is
    `font-size`; None leaves a declaration out."""
    return ";".join(f"{key.replace('_', '-')}:{value}" for key, value in declarations.items()
                    if value is not None)


def text_style(style: Style, theme: Theme, **more: str | None) -> str:
    """A block's text look: its font, size, line height, colour, weight, slant and capitals."""
    font = theme.heading_font if style.heading and theme.heading_font else theme.font
    look: dict[str, str | None] = {
        "font_family": family(font), "font_size": points(style.size, theme),
        "line_height": f"{style.line / style.size:.3g}", "color": style.colour,
        "font_weight": "bold" if style.bold else None,
        "font_style": "italic" if style.italic else None,
        "text_transform": "uppercase" if style.caps else None}
    return css(**{**look, **more})  # `more` wins: a table cell's own weight


def body_style(theme: Theme) -> str:
    """The page around the brief: white, the text colour, no margin of its own."""
    return css(margin="0", padding="0", background_color="#FFFFFF", color=theme.text)


def column_style(theme: Theme) -> str:
    """The text column: at most WIDTH wide, centred, long words and addresses broken so that
    nothing scrolls sideways on a phone. `overflow-wrap: anywhere` alone: unlike `break-word`
    (and `word-wrap`, its old name, which would override it) it lets a table's column shrink
    below its longest word, so a TO line of one long address wraps instead of widening the
    table past the screen."""
    return css(max_width=WIDTH, margin="0 auto", padding="1.5em 1em",
               font_family=family(theme.font), color=theme.text, overflow_wrap="anywhere")


def link_style(style: Style) -> str:
    """A link: the style's link colour and always underlined, so it is not told by colour
    alone."""
    return css(color=style.link or style.colour, text_decoration="underline")
