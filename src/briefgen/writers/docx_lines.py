"""Line heights in the DOCX: "at least" the PDF's leading, exact only where a font is taller.

In: a font `Family` (`layout.fonts`), a text size and the PDF's line height. Out: whether Word
and LibreOffice would draw that font's lines taller than the PDF's line height. A style's lines
are "at least" the PDF's leading (w:lineRule="atLeast"): an unedited brief's lines are exactly
the PDF's, since every font briefgen prints is shorter than its line (ascent, descent and line
gap of Liberation Sans: 1.15 em, DejaVu Sans 1.164 em, WenQuanYi Micro Hei 1.172 em, against
the default leading of 1.2), and a user who makes a style's text larger gets taller lines
instead of lines overlapping. A font taller than the line (a small `leading` in a theme, or a
tall font in BRIEFGEN_FONT_PATH) would make its lines taller than the PDF's, so its style, or
the paragraph holding a run of it, keeps an exact line height.
"""

from __future__ import annotations

import struct
from pathlib import Path

from briefgen.caches import memo
from briefgen.layout.fonts import Family

# The height of reportlab's built-in Helvetica and Times, for which there is no file: that of
# Arial and Times New Roman, which the DOCX names (and of Liberation Sans and Serif, which have
# their metrics), with their line gap.
STANDARD_HEIGHT = 1.15


def _height(data: bytes, index: int) -> float:
    """Ascent + descent + line gap of a TrueType font (hhea table, in em), as LibreOffice and
    Word measure a line of it; the OS/2 typographic metrics when the font asks for them."""
    offset = struct.unpack_from(">L", data, 12 + 4 * index)[0] if data[:4] == b"ttcf" else 0
    count = struct.unpack_from(">H", data, offset + 4)[0]
    tables = {}
    for i in range(count):
        tag, _, where, _ = struct.unpack_from(">4sLLL", data, offset + 12 + 16 * i)
        tables[tag] = where
    units = struct.unpack_from(">H", data, tables[b"head"] + 18)[0]
    ascent, descent, gap = struct.unpack_from(">hhh", data, tables[b"hhea"] + 4)
    os2 = tables.get(b"OS/2")
    if os2 is not None and struct.unpack_from(">H", data, os2 + 62)[0] & 0x80:
        ascent, descent, gap = struct.unpack_from(">hhh", data, os2 + 68)
    return (ascent - descent + max(gap, 0)) / units


def height(family: Family) -> float:
    """The natural line height of a family's regular face, in em (`_height`)."""
    if family.standard is not None:
        return STANDARD_HEIGHT
    face = family.faces[0]
    return _file_height(str(face.path), face.index)


@memo("docx.lines")
def _file_height(path: str, index: int) -> float:
    """`_height` of a font file's subfont; a file that cannot be read this way counts as taller
    than any line."""
    try:
        return _height(Path(path).read_bytes(), index)
    except (OSError, KeyError, struct.error, ZeroDivisionError):
        return float("inf")


def fits(family: Family, size: float, line: float) -> bool:
    """Does a line of this font at `size` points fit in `line` points (so "at least" gives the
    PDF's line height)?"""
    return height(family) * size <= line
