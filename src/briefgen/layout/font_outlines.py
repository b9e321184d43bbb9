"""Is a TrueType font's outline data whole? A check of a font a user gives, before use.

In: the bytes of a TrueType font or collection and the index of a font in it. Out: None, or why
its glyphs could not be printed: no glyphs (maxp), glyph offsets (loca) that run backwards or
past the glyph table (glyf), a glyph too short for its header, or a composite glyph that names a
glyph the font does not have. reportlab trusts these tables: with a damaged `loca` it printed a
brief whose letters were invisible, and a damaged `glyf` made it fail inside its subsetter. The
check walks each glyph's header once (about 2 ms for a font of 6,000 glyphs), so it is run on
the fonts a user gives only (a template's, and those of BRIEFGEN_FONT_PATH): the system's are the
ones Word and LibreOffice trust too.
"""

from __future__ import annotations

import struct

from briefgen.layout.sfnt_names import SfntProblem, font_start, table_offsets

_MORE = 0x0020  # composite glyph flags: another component follows
_WORDS = 0x0001  # its arguments are words, not bytes
_SCALE, _XY_SCALE, _TWO_BY_TWO = 0x0008, 0x0040, 0x0080


def outline_problem(data: bytes, index: int = 0) -> str | None:
    """Why this font's glyphs cannot be printed, or None (also for a CFF font: reportlab
    refuses those with its own reason)."""
    try:
        tables = table_offsets(data, index)
        start = font_start(data, index)
        if data[start:start + 4] == b"OTTO":
            return None  # CFF outlines: reportlab refuses these with its own reason
        if b"glyf" not in tables:
            return "it has neither TrueType (glyf) nor CFF outlines"
        glyphs = struct.unpack_from(">H", data, tables[b"maxp"][0] + 4)[0]
        if glyphs == 0:
            return "it has no glyphs (maxp)"
        long_offsets = struct.unpack_from(">h", data, tables[b"head"][0] + 50)[0] == 1
        loca = _offsets(data, tables[b"loca"][0], glyphs + 1, long_offsets)
        glyf_at, glyf_length = tables[b"glyf"]
        if glyf_at + glyf_length > len(data):
            return "its glyph table runs past the end of the file"
        for glyph in range(glyphs):
            start, end = loca[glyph], loca[glyph + 1]
            if not start <= end <= glyf_length:
                return f"the offsets of its glyphs (loca) are wrong at glyph {glyph}"
            why = _glyph_problem(data, glyf_at + start, end - start, glyphs)
            if why:
                return f"glyph {glyph} {why}"
    except (KeyError, struct.error, SfntProblem):
        return "a table its glyphs need (head, maxp, loca, glyf) is missing or cut short"
    return None


def _offsets(data: bytes, at: int, count: int, long: bool) -> list[int]:
    """The loca table: each glyph's start in glyf, in bytes (short offsets count words)."""
    if long:
        return list(struct.unpack_from(f">{count}I", data, at))
    return [2 * x for x in struct.unpack_from(f">{count}H", data, at)]


def _glyph_problem(data: bytes, at: int, length: int, glyphs: int) -> str | None:
    """Why one glyph's data is unusable: too short for its header, or a component out of the
    font. An empty glyph (a space) has no data and is fine."""
    if length == 0:
        return None
    if length < 10:
        return "is shorter than a glyph's header"
    contours = struct.unpack_from(">h", data, at)[0]
    if contours >= 0:  # a simple glyph: its contours' ends and its instructions must fit
        ends = 10 + 2 * contours
        if ends + 2 > length:
            return "is cut short"
        instructions = struct.unpack_from(">H", data, at + ends)[0]
        return "is cut short" if ends + 2 + instructions > length else None
    end, at = at + length, at + 10
    while True:  # the components of a composite glyph
        if at + 4 > end:
            return "is cut short"
        flags, component = struct.unpack_from(">HH", data, at)
        if component >= glyphs:
            return f"names glyph {component}, which the font does not have"
        at += 4 + (4 if flags & _WORDS else 2)
        at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
        if not flags & _MORE:
            return None
