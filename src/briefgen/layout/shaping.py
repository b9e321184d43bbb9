"""Shaping: the glyphs a run of text prints as, and how wide they are, with HarfBuzz.

In: a run of text in one face and one direction. Out: reportlab's `ShapedStr` of the run's
glyphs in the order they are shown (left to right), with HarfBuzz's advances and offsets, and
its width at a size. Arabic letters join, Devanagari and Bengali make their conjuncts and place
their marks, Thai stacks its marks; a run going right to left comes out reversed, its brackets
mirrored (HarfBuzz mirrors them in a right-to-left buffer; each mirrored glyph then takes a code
of its own that stands for the bracket typed: `_mirrored`).

Which texts need it is decided cheaply (`needs`): an ASCII text never does, and the common path
(Latin, Greek, Cyrillic, East Asian text) never imports uharfbuzz. A glyph that stands for no
one character (a ligature, a conjunct) is given a private-use code by reportlab
(`TTFont.hbAddPrivate`); what it stands for is noted by the PDF as it draws the run, for the
ToUnicode map (`writers.pdf_tounicode`), and a left-to-right run drawn in glyphs out of reading
order is marked with its text as /ActualText (`layout.shaped_paragraph`). A right-to-left run's
marks are told by their letter's glyph and drawn apart (`_marks_with_bases`, `layout.text_layer`).
A shaped run is made once per text, face and direction (table `shaping.runs`): its advances are in thousandths of an em,
whatever the size.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from briefgen.caches import memo
from briefgen.layout.scripts import SHAPED

FEATURES = {"kern": True, "liga": True}
PRIVATE = (0xE000, 0xF8FF)  # the codes reportlab gives glyphs without a character
NOTHING = "\u200b"  # what a glyph stands for when the others of its cluster say it all
END = "\u200f"  # a right-to-left mark after a run's last letter when marks end it (`_marks_with_bases`)


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
    marks: tuple[int, ...] = ()  # its marks told with their letter (`_marks_with_bases`)


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
    alone = _single_chars(text, clusters)
    codes = [_code(font, hb_font, info.codepoint, position.x_advance, alone.get(i))
             for i, (info, position) in enumerate(zip(infos, positions))]
    fixed = _mirrored(font, hb_font, text, infos, codes) if rtl else {}
    if rtl and (_TOLD.search(text) or not all(p.x_advance for p in positions)):
        fixed.update(_marks_with_bases(font, hb_font, text, infos, positions, codes))
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


_MARK = re.compile(r"[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
                   r"\u08d3-\u08ff\ufb1e\ufe20-\ufe2f]")


_JOINERS = ("\u200c", "\u200d")  # HarfBuzz draws them with a blank of no advance
_TOLD = re.compile(_MARK.pattern[:-1] + "".join(_JOINERS) + "]")  # marks and joiners


def _marks_with_bases(font, hb_font, text: str, infos, positions,
                      codes: list[int]) -> dict[int, str | None]:
    """A right-to-left run's marks (harakat, shadda, Hebrew points) told with their letter: the
    glyph of the letter a mark follows stands for the letter and its marks, and the mark's own
    glyph (of no advance) is drawn apart, as standing for nothing (`layout.shaped_paragraph`).
    Readers place each glyph's characters by where the glyph is drawn, and a mark is drawn
    raised above its letter (a text rise): poppler reads it as a line of its own, apart from
    its word (`TextPage::addChar` starts a new word when the baseline moves by more than half
    a point), and PDFium splits the word around it. The letter's glyph takes a code of its own
    (for this letter with these marks), changing `codes` in place. Returns {glyph index: what
    it stands for, right to left as drawn (see `_stands_for`), or None for a mark}; a letter
    whose cluster is more than one glyph, or a mark with an advance, is left as it was. A
    letter's glyph whose cluster holds characters drawn as nothing stands for them too, and
    a zero-width non-joiner (Persian) or joiner, which HarfBuzz draws as a space of no
    advance, stands for itself, not for a space. A letter drawn as a glyph of no advance
    within the one before (the alef of Noto Naskh's lam-alef) is told with it as a mark is:
    drawn where the lam-alef starts, poppler read it as a word of its own. The glyph of a run's last letter, when marks
    end the run (`سماءً`, `עוֹלָךְ`), stands for a right-to-left mark (U+200F) after them too:
    its leftmost character is then that mark, not a mark of the letter. poppler's table gives
    harakat and points no direction, and on a page it reads left to right (more left-to-right
    letters than right-to-left ones) it reads a line from its left end, anything but a
    right-to-left character there first (`reorderText` in TextOutputDev.cc): the tanwin came
    back before the line, `ً• كتاب سماء`. The mark is true: the run ends going right to left."""
    starts: dict[int, list[int]] = {}
    for i, info in enumerate(infos):
        starts.setdefault(info.cluster, []).append(i)
    order = sorted(starts)
    ends = dict(zip(order, [*order[1:], len(text)]))
    fixed: dict[int, str | None] = {}
    base = None
    for cluster in order:
        chars = text[cluster:ends[cluster]]
        inside = base is not None and chars not in _JOINERS and \
            not any(positions[i].x_advance for i in starts[cluster])
        if not inside and not all(_MARK.match(c) for c in chars):
            glyph = _letter_glyph(starts[cluster], positions, chars, fixed)
            base = None if glyph is None else cluster
            if glyph is not None and (len(starts[cluster]) > 1 or not private(codes[glyph])
                                      and (len(chars) > 1 or chars in _JOINERS)):
                fixed[glyph] = chars[::-1]  # (a joiner is drawn as a blank)
            continue
        if not inside:  # a mark of its own width, or one after no letter: left as it was
            continue
        told = fixed.get(glyph, text[base:ends[base]][::-1])
        fixed[glyph] = chars[::-1] + told
        for i in starts[cluster]:
            fixed[i] = None
    if base is not None and _MARK.match(text[-1]) and \
            all(fixed.get(i, 0) is None for c in order if c > base for i in starts[c]):
        fixed[glyph] = END + fixed.get(glyph, text[base:][::-1])
    for i, stands in fixed.items():  # a letter's width in the PDF: its advance (`_code`)
        gid = infos[i].codepoint
        wide = font.pdfScale(positions[i].x_advance) if stands else 0
        codes[i] = font.hbAddPrivate(f"{hb_font.glyph_to_string(gid)}\u2063{stands or ''}", gid,
                                     wide)
    return fixed


def _letter_glyph(members: list[int], positions, chars: str, fixed: dict) -> int | None:
    """The glyph that stands for a letter's cluster: its only glyph, or, when HarfBuzz drew a
    letter with one of its marks as one glyph and another mark apart in the cluster (Hebrew
    `שָׁ`: shin with its dot, and the qamats), the one glyph with an advance, the marks of
    none (their glyphs then stand for nothing: drawn apart, `fixed` says None). Else None: a
    ligature or a conjunct is left as it was."""
    if len(members) == 1:
        return members[0]
    wide = [i for i in members if positions[i].x_advance]
    if len(wide) != 1 or sum(not _MARK.match(c) for c in chars) != 1:
        return None
    for i in members:
        if i != wide[0]:
            fixed[i] = None
    return wide[0]


def _mirrored(font, hb_font, text: str, infos, codes: list[int]) -> dict[int, str]:
    """A right-to-left run's brackets, quotes and other mirrored characters told as written.
    HarfBuzz draws `(` in a right-to-left run with the glyph of `)`, whose ToUnicode entry
    says `)`; a reader (poppler, PDFium) takes it for the character it names, so the run read
    back with its brackets turned round: `)World Bank(`. Such a glyph takes a code of its own
    (for this glyph standing for this character), changing `codes` in place, whose entry says
    the character typed. Returns {glyph index: the character}."""
    fixed: dict[int, str] = {}
    for i, info in enumerate(infos):
        char = text[info.cluster] if info.cluster < len(text) else ""
        if not char or not unicodedata.mirrored(char) or codes[i] == ord(char):
            continue
        if i + 1 < len(infos) and infos[i + 1].cluster == info.cluster:
            continue  # a cluster of several glyphs: left as it was
        if i and infos[i - 1].cluster == info.cluster:
            continue
        if len(text) > info.cluster + 1 and _TOLD.match(text[info.cluster + 1]):
            continue
        fixed[i] = char
        gid = info.codepoint
        codes[i] = font.hbAddPrivate(f"{hb_font.glyph_to_string(gid)}\u2063{char}", gid,
                                     font.face.charWidths.get(codes[i], 0))
    return fixed


def _unmirrored(text: str) -> str:
    """The text normalised (NFKC) less the characters a right-to-left run draws mirrored."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if not unicodedata.mirrored(c))


def _code(font, hb_font, gid: int, advance: int, char: str | None = None) -> int:
    """The code reportlab draws a glyph with: a character it stands for, else a private one,
    whose width (the PDF's /W, in thousandths of an em) is its shaped advance: readers box its
    characters by it (Hebrew `ךְ` in Liberation Sans was 1094, its advance in the face's
    2048ths, and poppler read it as a line of its own). A glyph drawn for one character
    (`char`) that the face also gives to others is drawn with the code of that character
    (or a form of it); with none such, with a private code that stands for it: Noto Naskh
    draws Urdu `ں` before a letter with the glyph of U+FBE8, an alef maksura, read back `ى`."""
    found = font.face.glyphToChar.get(gid)
    if found and char is not None:
        same = [c for c in found if unicodedata.normalize("NFKC", chr(c)) == char]
        if same:
            return same[0]
        if unicodedata.normalize("NFKC", chr(found[0])) != char:
            name = f"{hb_font.glyph_to_string(gid)}\u2063{char}"
            return font.hbAddPrivate(name, gid, font.pdfScale(advance))
    return found[0] if found else font.hbAddPrivate(hb_font.glyph_to_string(gid), gid,
                                                    font.pdfScale(advance))  # as /W: per 1000


def _single_chars(text: str, clusters: list[int]) -> dict[int, str]:
    """{glyph index: its character} of the glyphs that alone draw one letter (NFKC)."""
    count: dict[int, int] = {}
    for cluster in clusters:
        count[cluster] = count.get(cluster, 0) + 1
    starts = sorted(count)
    ends = dict(zip(starts, [*starts[1:], len(text)]))
    out = {}
    for i, cluster in enumerate(clusters):
        chars = text[cluster:ends[cluster]]
        if count[cluster] == 1 and len(chars) == 1 and unicodedata.category(chars)[0] == "L":
            out[i] = unicodedata.normalize("NFKC", chars)
    return out


def private(code: int) -> bool:
    return PRIVATE[0] <= code <= PRIVATE[1]


def _stands_for(text: str, clusters: list[int], codes: list[int], rtl: bool,
                fixed: dict[int, str]) -> tuple[str, tuple[tuple[int, str], ...]]:
    """What each glyph without a character of its own stands for, for the ToUnicode map
    (`writers.pdf_tounicode`): the characters of its cluster that the cluster's other glyphs do
    not stand for, shared in order among the cluster's glyphs without a character (a ligature
    or a conjunct takes them all); one left with none stands for a zero-width space, so every
    glyph maps to something. Right to left they are given right to left, as the glyphs are
    drawn: readers put a right-to-left word's characters back in reading order, these with
    them. A glyph in `fixed` stands for what it says there (`_marks_with_bases`). Returns
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
