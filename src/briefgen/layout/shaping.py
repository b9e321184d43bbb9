"""Shaping: the glyphs a run of text prints as, and how wide they are, with HarfBuzz.

In: a run of text in one face and one direction. Out: reportlab's `ShapedStr` of the run's
glyphs in the order they are shown (left to right), with HarfBuzz's advances and offsets, and
its width at a size. Arabic letters join, Devanagari and Bengali make their conjuncts and place
their marks, Thai stacks its marks; a run going right to left comes out reversed, its brackets
mirrored (HarfBuzz mirrors them in a right-to-left buffer; each mirrored glyph then takes a code
of its own that stands for the bracket typed: `glyph_meanings.mirrored`).

Which texts need it is decided cheaply (`needs`): an ASCII text never does, and the common path
(Latin, Greek, Cyrillic, East Asian text) never imports uharfbuzz. A glyph that stands for no
one character (a ligature, a conjunct) is given a private-use code by reportlab
(`TTFont.hbAddPrivate`); what it stands for is noted by the PDF as it draws the run, for the
ToUnicode map (`writers.pdf_tounicode`), and a left-to-right run drawn in glyphs out of reading
order is marked with its text as /ActualText (`layout.shaped_paragraph`). A right-to-left run's
marks are told by their letter's glyph and drawn apart (`layout.glyph_meanings`,
`layout.text_layer`). A shaped run is made once per text, face and direction (table
`shaping.runs`): its advances are in thousandths of an em, whatever the size.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from briefgen.caches import memo
from briefgen.layout.glyph_meanings import (
    END,
    TOLD,
    code_for,
    marks_with_bases,
    mirrored,
    private,
    single_chars,
)
from briefgen.layout.scripts import SHAPED

FEATURES = {"kern": True, "liga": True}
NOTHING = "\u200b"  # what a glyph stands for when the others of its cluster say it all


def _complex_ranges() -> str:
    """A regular expression class of the characters `complex_char` says need shaping: the
    right-to-left blocks (Hebrew to Arabic Extended, their presentation forms, those above
    U+10800), the marks of direction (LRM, RLM; ALM is in the Arabic block), the bidi
    embeddings, overrides and isolates, and the shaped scripts' ranges: every character whose
    bidi class is R, AL or AN is in them (tests/test_bidi.py checks every code point)."""
    ranges = [(0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF), (0x200E, 0x200F),
              (0x202A, 0x202E),
              (0x2066, 0x2069), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF), *SHAPED]
    return "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges) + "]"


_COMPLEX = re.compile(_complex_ranges())


def complex_char(char: str) -> bool:
    """Does this character need shaping or reordering: a letter of a right-to-left script, an
    Arabic-Indic digit, a bidi control, or a letter or mark of a script whose letters change
    shape by context (Devanagari, Bengali, Thai, ...)?"""
    return _COMPLEX.match(char) is not None


def needs(text: str) -> bool:
    """Must this text be shaped (and ordered) rather than printed character by character? An
    ASCII text never; another, when a search (in C) finds such a character."""
    return not text.isascii() and _COMPLEX.search(text) is not None


class Shaped(NamedTuple):
    """A shaped run: its glyphs as reportlab's ShapedStr, shown left to right; their advance
    in thousandths of an em; and whether the characters the glyphs stand for (their ToUnicode
    entries), read in the order they are drawn, are the text (reversed, right to left; a
    bracket's mirror image counts as the bracket)."""

    glyphs: object
    advance: float
    in_order: bool
    private: tuple[tuple[int, str], ...]  # (code, text) of its glyphs without a character
    marks: tuple[int, ...] = ()  # its marks told with their letter (`glyph_meanings.marks_with_bases`)


@memo("shaping.runs")
def shaped(text: str, font_name: str, rtl: bool) -> Shaped:
    """The run shaped by HarfBuzz in its direction. `font_name` is a registered TrueType
    face."""
    import uharfbuzz
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

    font = pdfmetrics.getFont(font_name)
    font.shapable = True  # reportlab draws a ShapedStr glyph by glyph only from such a face
    hb_font = font.hbFont(1000)
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(hb_font, buffer, FEATURES)
    face = font.face
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    clusters = [info.cluster for info in infos]
    alone = single_chars(text, clusters)
    codes = [code_for(font, hb_font, info.codepoint, position.x_advance, alone.get(i))
             for i, (info, position) in enumerate(zip(infos, positions))]
    fixed = mirrored(font, hb_font, text, infos, codes) if rtl else {}
    if rtl and (TOLD.search(text) or not all(p.x_advance for p in positions)):
        fixed.update(marks_with_bases(font, hb_font, text, infos, positions, codes))
    read, stand_for = _stands_for(text, clusters, codes, rtl, fixed)
    data, total = [], 0.0
    for info, position, code in zip(infos, positions, codes):
        advance = font.pdfScale(position.x_advance)
        data.append(ShapeData(info.cluster, advance, font.pdfScale(position.y_advance),
                              font.pdfScale(position.x_offset), font.pdfScale(position.y_offset),
                              face.charWidths.get(code, advance)))
        total += advance
    glyphs = ShapedStr("".join(map(chr, codes)), shapeData=data)
    return Shaped(glyphs, total,
                  _unmirrored(read.replace(END, "")) == _unmirrored(text[::-1] if rtl else text),
                  stand_for, tuple(i for i, told in sorted(fixed.items()) if told is None))


def _unmirrored(text: str) -> str:
    """The text normalised (NFKC) less the characters a right-to-left run draws mirrored."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if not unicodedata.mirrored(c))



def _stands_for(text: str, clusters: list[int], codes: list[int], rtl: bool,
                fixed: dict[int, str]) -> tuple[str, tuple[tuple[int, str], ...]]:
    """What each glyph without a character of its own stands for, for the ToUnicode map
    (`writers.pdf_tounicode`): the characters of its cluster that the cluster's other glyphs do
    not stand for, shared in order among the cluster's glyphs without a character (a ligature
    or a conjunct takes them all); one left with none stands for a zero-width space, so every
    glyph maps to something. Right to left they are given right to left, as the glyphs are
    drawn: readers put a right-to-left word's characters back in reading order, these with
    them. A glyph in `fixed` stands for what it says there (`glyph_meanings.marks_with_bases`). Returns
    what all the glyphs stand for, in the order they are drawn, and (code, text)
    of each private one."""
    groups: dict[int, list[int]] = {}
    for i, cluster in enumerate(clusters):  # one pass: a run can hold thousands of clusters
        groups.setdefault(cluster, []).append(i)
    starts = sorted(groups)
    ends = dict(zip(starts, [*starts[1:], len(text)]))
    read = [chr(code) for code in codes]
    found: list[tuple[int, str]] = []
    for cluster in starts:
        members = groups[cluster]
        if members[0] in fixed:  # a letter with its marks, or a mark: all its cluster
            for i in members:
                read[i] = fixed[i] or ""
                found.append((codes[i], fixed[i] or NOTHING))
            continue
        left = list(text[cluster:ends[cluster]])
        for i in members:
            if not private(codes[i]) and read[i] in left:
                left.remove(read[i])
        if rtl:
            left.reverse()
        mine = [i for i in members if private(codes[i])]
        for k, i in enumerate(mine):
            share = "".join(left[k * len(left) // len(mine):(k + 1) * len(left) // len(mine)])
            read[i] = share
            found.append((codes[i], share or NOTHING))
    return "".join(read), tuple(found)


def width(text: str, font_name: str, size: float, rtl: bool = False) -> float:
    """The width in points of the run shaped at this size."""
    return advance(text, font_name, rtl) * size / 1000


@memo("shaping.advances")
def advance(text: str, font_name: str, rtl: bool) -> float:
    """The run's shaped advance in thousandths of an em, as `shaped` gives it, without making
    its glyphs: breaking a long word into lines measures many of its prefixes."""
    import uharfbuzz
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(font_name)
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(font.hbFont(1000), buffer, FEATURES)
    scale = font.pdfScale
    return sum(scale(position.x_advance) for position in buffer.glyph_positions)
