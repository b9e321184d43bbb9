"""Shaping: the glyphs a run of text prints as, and how wide they are, with HarfBuzz.

In: a run of text in one face and one direction. Out: reportlab's `ShapedStr` of the run's
glyphs in the order they are shown (left to right), with HarfBuzz's advances and offsets, and
its width at a size. Arabic letters join, Devanagari and Bengali make their conjuncts and place
their marks, Thai stacks its marks; a run going right to left comes out reversed, its brackets
mirrored (HarfBuzz mirrors them in a right-to-left buffer).

Which texts need it is decided cheaply (`needs`): an ASCII text never does, and the common path
(Latin, Greek, Cyrillic, East Asian text) never imports uharfbuzz. A glyph that stands for no
one character (a ligature, a conjunct) is given a private-use code by reportlab
(`TTFont.hbAddPrivate`); what it stands for is noted on the font for the ToUnicode map
(`writers.pdf_tounicode`), and a left-to-right run drawn in glyphs out of reading order is
marked with its text as /ActualText (`layout.shaped_paragraph`). A shaped run is made once per
text, face and direction (table `shaping.runs`): its advances are in thousandths of an em,
whatever the size.
"""

from __future__ import annotations

import unicodedata

from briefgen.caches import memo
from briefgen.layout.scripts import SHAPED, in_ranges

FEATURES = {"kern": True, "liga": True}


@memo("shaping.complex")
def complex_char(char: str) -> bool:
    """Does this character need shaping or reordering: a letter of a right-to-left script, an
    Arabic-Indic digit, a bidi control, or a letter or mark of a script whose letters change
    shape by context (Devanagari, Bengali, Thai, ...)?"""
    return unicodedata.bidirectional(char) in ("R", "AL", "AN", "RLE", "LRE", "RLO", "LRO",
                                               "RLI", "LRI", "FSI", "PDI", "PDF") \
        or in_ranges(char, SHAPED)


def needs(text: str) -> bool:
    """Must this text be shaped (and ordered) rather than printed character by character?"""
    return not text.isascii() and any(complex_char(c) for c in set(text))


@memo("shaping.runs")
def shaped(text: str, font_name: str, rtl: bool):
    """The run's glyphs as reportlab's ShapedStr, shown left to right, and their advance in
    thousandths of an em. `font_name` is a registered TrueType face."""
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
    clusters = _cluster_texts(text, [info.cluster for info in infos])
    chars, data, total = [], [], 0.0
    for info, position in zip(infos, positions):
        gid = info.codepoint
        found = face.glyphToChar.get(gid)
        if found:
            code = found[0]
        else:
            code = font.hbAddPrivate(hb_font.glyph_to_string(gid), gid, position.x_advance)
            _stands_for(font, code, clusters.pop(info.cluster, ""), rtl)
        advance = font.pdfScale(position.x_advance)
        data.append(ShapeData(info.cluster, advance, font.pdfScale(position.y_advance),
                              font.pdfScale(position.x_offset), font.pdfScale(position.y_offset),
                              face.charWidths.get(code, advance)))
        chars.append(chr(code))
        total += advance
    return ShapedStr("".join(chars), shapeData=data), total


def _cluster_texts(text: str, clusters: list[int]) -> dict[int, str]:
    """The characters each cluster of a shaped run stands for, by the cluster's start."""
    starts = sorted(set(clusters))
    return {start: text[start:end] for start, end in zip(starts, [*starts[1:], len(text)])}


def _stands_for(font, code: int, text: str, rtl: bool) -> None:
    """Note what a glyph without a character of its own stands for (the first glyph of its
    cluster: a ligature's, a conjunct's), for the ToUnicode map (`writers.pdf_tounicode`). In a
    right-to-left run its characters are noted right to left, as its glyphs are drawn: readers
    put a right-to-left word's characters back in reading order, these with them."""
    texts = font.__dict__.setdefault("briefgen_texts", {})
    if not texts.get(code):
        texts[code] = text[::-1] if rtl else text


def width(text: str, font_name: str, size: float, rtl: bool = False) -> float:
    """The width in points of the run shaped at this size."""
    return shaped(text, font_name, rtl)[1] * size / 1000
