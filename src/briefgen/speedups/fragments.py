"""A paragraph's fragments made without reportlab's paragraph parser, which is the slow part of
making a paragraph.

In: paragraph markup as `briefgen.layout.paragraphs` writes it (`<b>`, `<i>`, `<font name>`,
`<font color>`, `<a href color underline>`, the entities `&amp;` `&lt;` `&gt;`, text), the font
and the colour of its style. Out: the fragments reportlab's parser (`reportlab.platypus.paraparser`)
makes of it, or None for markup with anything else in it, which goes to the parser.

Upstream behaviour relied on (reportlab below 5.2, as pyproject.toml bounds it): the parser starts
from one fragment of the style (what `Paragraph("x", style).frags` holds), cleans whitespace with
`paragraph.cleanBlockQuotedText`, and for each element clones the fragment around it
(`ParaFrag.clone`) with the element's name in `__tag__`: `bold` or `italic` set to 1, a font's
family name and style (`lib.fonts.ps2tt`), a `textColor`, or a link appended to `link` as (index,
address) and its underline to `us_lines` (as the parser records one: `_underline`). Each stretch
of text and each entity becomes a fragment in the face `lib.fonts.tt2ps` names.
tests/test_writers.py checks, on texts and runs of every kind, that the parser gives the same.

`sized` also sets `nobr=False` on each fragment: reportlab's default, which spares the C
`sameFrag` (rl_accel) a failed attribute lookup on every word it compares.

With BRIEFGEN_SPEEDUPS=off, `made` gives None (the parser makes every paragraph's fragments)
and `sized` leaves `nobr` unset, as reportlab does.
"""

from __future__ import annotations

import html
import re

from reportlab.lib import colors
from reportlab.lib.colors import toColor
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle

from briefgen.caches import memo
from briefgen.speedups import ENABLED
from briefgen.speedups.platypus import Paragraph, cleanBlockQuotedText

# What the paragraphs module writes: its elements (with their attributes), the entities of
# escaped text, and text. Anything else goes to reportlab's parser.
_TOKEN = re.compile(r'<(b|i)>|</(b|i|font|a)>|<font (name|color)="([^"<>]*)">'
                    r'|<a href="([^"<>]*)" color="([^"<>]*)"( underline="1")?>|&(amp|lt|gt);'
                    r'|([^<&]+)|(.)',
                    re.DOTALL)
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}


def made(markup: str, font: str, colour: str) -> tuple | None:
    """The fragments of this markup made without the parser, or None when the parser must
    make them (markup briefgen does not write, or speed tricks off)."""
    return without_parser(markup, font, colour) if ENABLED else None


def sized(fragments: tuple, size: float) -> list:
    """The fragments at a font size, for one paragraph."""
    if ENABLED:
        return [fragment.clone(fontSize=size, nobr=False) for fragment in fragments]
    return [fragment.clone(fontSize=size) for fragment in fragments]


@memo("paragraphs.root")
def _root_fragment(font: str, colour: str):
    """The fragment reportlab's parser starts from, in this font and colour: that of plain text,
    but naming the font's family (its text takes the face for its bold and italic)."""
    style = ParagraphStyle("p", fontName=font, textColor=colors.HexColor(colour))
    (fragment,) = Paragraph("x", style).frags
    family, bold, italic = ps2tt(font)
    return fragment.clone(fontName=family, bold=bold, italic=italic)


@memo("paragraphs.colour")
def _colour(value: str) -> colors.Color:
    """reportlab's colour for a `color` attribute, made once: `toColor` of a '#RRGGBB' string
    tries its other readings first (some 20 to 40 microseconds, a few dozen times a brief)."""
    return toColor(value)


@memo("paragraphs.underline")
def _underline() -> tuple:
    """The underline reportlab's parser records for a link's `underline="1"`: its number in the
    paragraph (first here), kind, colour, width, offset, rise, repeats and gap."""
    from reportlab.platypus.paraparser import ParaParser

    (fragment,) = ParaParser().parse('<a href="x" underline="1">x</a>', ParagraphStyle("p"))[1]
    return fragment.us_lines[0]


def without_parser(markup: str, font: str, colour: str) -> tuple | None:
    """The fragments reportlab's parser makes of this markup, made directly: the same whitespace
    cleaning, one fragment per stretch of text and per entity, the font, bold and italic, colour
    and link of the elements around it, and the innermost element's name. None for markup with
    anything else in it, or with no text."""
    stack = [_root_fragment(font, colour)]
    out = []
    links = underlines = 0
    for match in _TOKEN.finditer(cleanBlockQuotedText(markup)):
        tag, end, attribute, value, href, link_colour, under, entity, data, other = \
            match.groups()
        top = stack[-1]
        if other is not None:
            return None
        if tag is not None:
            stack.append(top.clone(__tag__=tag, **{"bold" if tag == "b" else "italic": 1}))
        elif end is not None:
            if len(stack) == 1 or stack.pop().__tag__ != end:
                return None
        elif attribute == "name":
            family, bold, italic = ps2tt(html.unescape(value))
            stack.append(top.clone(__tag__="font", fontName=family, bold=bold, italic=italic))
        elif attribute == "color":
            stack.append(top.clone(__tag__="font", textColor=_colour(html.unescape(value))))
        elif href is not None:
            link = top.link + [(links, html.unescape(href).strip())]
            links += 1
            lines = top.us_lines
            if under:
                lines = lines + [(underlines,) + _underline()[1:]]
                underlines += 1
            stack.append(top.clone(__tag__="a", link=link, us_lines=lines,
                                   textColor=_colour(html.unescape(link_colour))))
        else:
            out.append(top.clone(fontName=tt2ps(top.fontName, top.bold, top.italic),
                                 text=_ENTITIES[entity] if entity else data))
    if len(stack) != 1 or not out:
        return None
    return tuple(out)
