"""Right-to-left text in the HTML brief: which elements run right to left, and their looks mirrored.

In: a block's runs and the brief's direction (`layout.direction`), or an element's inline style.
Out: the `dir` attribute a block takes, and its style with left and right swapped.

A brief in a right-to-left language (Arabic, Hebrew) is `<html dir="rtl">` as a whole, every
inline style mirrored (`mirror_page`): labels, lists and tables start at the right, as in the
DOCX. In a left-to-right brief, a block whose first strong character is right to left (UAX #9,
P2-P3: `layout.direction`) takes `dir="rtl"` and its own style mirrored, so its text starts at
the right and a list item's bullet sits at the right, in the room the list leaves at its
left (`item`). The looks are mirrored as physical properties (`margin-right`, `text-align:
right`) rather than written as logical ones (`margin-inline-start`), which Outlook and other
mail clients the HTML is made for ignore; a brief without right-to-left text is unchanged.
"""

from __future__ import annotations

import re

from briefgen.compose import document as d
from briefgen.layout.direction import paragraph_direction

_SIDES = re.compile(r"\b(left|right)\b")
# a four-value padding or margin (top right bottom left): its right and left swapped
_FOUR = re.compile(r"\b((?:padding|margin):)([^\s;]+) ([^\s;]+) ([^\s;]+) ([^\s;]+)(?=;|$)")
_STYLE = re.compile(r'style="([^"]*)"')


def mirror(style: str) -> str:
    """An inline style with left and right swapped: `margin-left`, `padding-right`,
    `text-align:left`, `border-left`, and the sides of a four-value padding or margin."""
    style = _FOUR.sub(lambda m: f"{m[1]}{m[2]} {m[5]} {m[4]} {m[3]}", style)
    return _SIDES.sub(lambda m: "right" if m[1] == "left" else "left", style)


def mirror_page(html: str) -> str:
    """Every inline style and the `<style>` element of a page mirrored (a right-to-left brief)."""
    html = _STYLE.sub(lambda m: f'style="{mirror(m[1])}"', html)
    return re.sub(r"<style>(.*?)</style>", lambda m: f"<style>{mirror(m[1])}</style>", html,
                  flags=re.S)


def is_rtl(runs: d.Runs, brief: str) -> bool:
    """Is a block of these runs right to left where the brief is not (`brief`: 'ltr' or 'rtl')?
    In a right-to-left brief the page is, and every block with it, as in the DOCX."""
    if brief == "rtl" or all(run.text.isascii() for run in runs):
        return False
    return paragraph_direction("".join(run.text for run in runs)) == "rtl"


def block(tag_attributes: str, style: str, runs: d.Runs, brief: str) -> tuple[str, str]:
    """An element's attributes and style, with `dir="rtl"` and the style mirrored where its
    text runs right to left in a left-to-right brief (`is_rtl`)."""
    if is_rtl(runs, brief):
        return f'{tag_attributes} dir="rtl"', mirror(style)
    return tag_attributes, style


def item(style: str, indent: str) -> str:
    """A right-to-left item of a left-to-right list: its box moved into the room the list
    leaves at its left (`indent`), so its bullet, at its right, sits inside the list's width."""
    return f"{style};margin-right:{indent};margin-left:-{indent}"
