"""The space before each DOCX paragraph, carried by its Word style instead of by the paragraph.

In: a piece's role (`docx_styles.STYLE_NAMES`' keys), the space the flow puts before it and the
(fitted) `Theme`. Out: the name of the Word style that gives that role that space. The flow
(`layout.flow`) puts one of a few gaps before a piece, decided by what comes before it: none
(the first piece, a piece that starts a page, a table row after the first), the gap after a
heading, between blocks, before a section, between list items, before a quote's attribution.
Each role's style carries the gap it most often takes; for each other gap there is a style
based on it that differs only in its space before ("List Bullet After Heading"), so restyling
"List Bullet" restyles every list item, and no paragraph carries spacing of its own.
"""

from __future__ import annotations

from briefgen.design.theme import Theme
from briefgen.layout.flow import ATTRIBUTION_SPACE

# The gaps, by name, and the words a variant style's name ends with.
SUFFIXES = {"top": "Top", "heading": "After Heading", "block": "New Block",
            "section": "New Section", "list": "In List", "attribution": "After Quote"}

# The gap each role's own style carries; a role not listed takes "block".
DEFAULT_GAP = {"heading": "section", "item": "list", "number": "list",
               "attribution": "attribution", "masthead": "top", "cell": "top", "field": "top",
               "label": "top"}

# The gaps a role's variants give: every role may follow a heading, start a block or a section,
# or start a page; list items may also be the first of their list.
VARIANT_GAPS = ("top", "heading", "block", "section", "list")


def gaps(theme: Theme) -> dict[str, float]:
    """Each gap's size in points, for this (fitted) theme."""
    return {"top": 0.0, "heading": theme.heading_space, "block": theme.block_space,
            "section": theme.section_space, "list": theme.block_space / 2,
            "attribution": ATTRIBUTION_SPACE}


def twips(points: float) -> int:
    """Twentieths of a point, as Word stores a space, rounded as python-docx's Pt(...).twips
    rounds (through whole EMUs, 12,700 to the point, 635 to the twip)."""
    return int(round(int(points * 12700) / 635))


def variants(key: str) -> tuple[str, ...]:
    """The gaps a role's variant styles give (every gap but its own style's)."""
    own = DEFAULT_GAP.get(key, "block")
    wanted = VARIANT_GAPS if key in ("item", "number") else VARIANT_GAPS[:-1]
    return tuple(gap for gap in wanted if gap != own)


def variant_name(base: str, gap: str) -> str:
    """The name of the style based on `base` that gives `gap` before its paragraph."""
    return f"{base} {SUFFIXES[gap]}"


def style_for(key: str, base: str, space: float, theme: Theme) -> str | None:
    """The name of the style giving role `key` (whose own style is `base`) `space` points
    before it; None when no style gives that space (a theme whose gaps the writer cannot tell
    apart is not one: equal gaps are the same space)."""
    sizes = gaps(theme)
    want = twips(space)
    own = DEFAULT_GAP.get(key, "block")
    if twips(sizes[own]) == want:
        return base
    for gap in variants(key):
        if twips(sizes[gap]) == want:
            return variant_name(base, gap)
    return None
