"""Right-to-left text in the HTML brief: which elements run right to left, and their looks mirrored.

In: a block's runs and the brief's direction (`layout.direction`), or an element's inline style.
Out: the `dir` attribute a block takes, and its style with left and right swapped.

A brief in a right-to-left language (Arabic, Hebrew) is `<html dir="rtl">` as a whole, every
inline style mirrored (`mirror_page`): labels, lists and tables start at the right, as in the
DOCX. A block whose direction differs from the page's takes its own `dir` and its style
mirrored against the page's: in a left-to-right brief, one whose first strong character is
right to left (UAX #9, P2-P3: `layout.direction`), its text at the right and a list item's
bullet at its right, in the room the list leaves at its left (`item`); in a right-to-left
brief, one whose first strong character is left to right (an English quote), as in an English
page. Every writer asks `layout.direction`, so the PDF, the DOCX and the HTML agree. The looks are mirrored as physical properties (`margin-right`, `text-align:
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


def turned(runs: d.Runs, brief: str) -> str | None:
    """The direction of a block of these runs where it is not the brief's (`brief`: 'ltr' or
    'rtl'), else None."""
    if brief == "ltr" and all(run.text.isascii() for run in runs):
        return None
    own = paragraph_direction("".join(run.text for run in runs), brief)
    return own if own != brief else None


def block(tag_attributes: str, style: str, runs: d.Runs, brief: str) -> tuple[str, str]:
    """An element's attributes and style, with its own `dir` and its style mirrored against the
    page's where its direction is not the brief's (`turned`; a right-to-left page is mirrored
    once more as a whole, which gives such a block its left-to-right look back)."""
    own = turned(runs, brief)
    if own:
        return f'{tag_attributes} dir="{own}"', mirror(style)
    return tag_attributes, style


def item(style: str, indent: str) -> str:
    """A list item whose direction is not its list's: its box moved into the room the list
    leaves at its start (`indent`), so its bullet, at its own start, sits inside the list's
    width (written for a left-to-right page; a right-to-left one mirrors it)."""
    return f"{mirror(style)};margin-right:{indent};margin-left:-{indent}"


def cell(tag_attributes: str, style: str, runs: d.Runs, brief: str) -> tuple[str, str]:
    """A table cell's attributes and style: as `block`, but in a right-to-left brief a cell of
    left-to-right text (a reference, an English name) keeps the table's look, its text at the
    table's start side, the right, next to its label, as in the PDF and the DOCX; only its own
    `dir` orders its words. (Written for a left-to-right page: the page's mirror turns the
    `text-align:left` given here into `right`.)"""
    own = turned(runs, brief)
    if brief == "rtl" and own:
        if "text-align:" in style:
            style = re.sub(r"text-align:\w+", "text-align:left", style)
        else:
            style = f"{style};text-align:left"
        return f'{tag_attributes} dir="{own}"', style
    return block(tag_attributes, style, runs, brief)
