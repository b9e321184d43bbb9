"""A font file's names and style, read from its own tables, without reading the whole font.

In: the bytes of a TrueType or OpenType font, or of a collection of them (`.ttf`, `.otf`,
`.ttc`). Out: for each font in it, its family name (name table, name 1, as Word and LibreOffice
name it), whether it is bold and italic (OS/2 fsSelection, else head macStyle) and whether its
outlines are TrueType (reportlab embeds those only). Used to find the fonts a template ships by
their family name (`briefgen.layout.house_fonts`); a CFF font is found here and refused later,
with the reason, when it is read for printing (`font_files.Face`).
"""

from __future__ import annotations

import struct
from typing import NamedTuple

MAX_FONTS = 256  # fonts in one collection (as `font_files.MAX_COLLECTION`)
WINDOWS, MAC = 3, 1


class SfntProblem(Exception):
    """The bytes are not a font whose names can be read."""


class FaceNames(NamedTuple):
    family: str
    bold: bool
    italic: bool
    truetype: bool


def describe(data: bytes) -> list[FaceNames]:
    """Each font of a font file or collection: family, bold, italic, TrueType outlines."""
    if data[:4] == b"ttcf":
        count = _unpack(">I", data, 8)[0]
        if count == 0:
            raise SfntProblem("the collection holds no fonts")
        if count > MAX_FONTS:
            raise SfntProblem(f"the collection claims {count:,} fonts; at most {MAX_FONTS} are "
                              f"read")
        offsets = [_unpack(">I", data, 12 + 4 * i)[0] for i in range(count)]
        return [_one(data, offset) for offset in offsets]
    return [_one(data, 0)]


# OS/2 fsType: bits 0-3 the embedding licence (2: restricted, must not be embedded), 0x100:
# bitmaps only, 0x200: no subsetting (the PDF embeds a subset of every font).
RESTRICTED, BITMAP_ONLY, NO_SUBSETTING = 0x0002, 0x0100, 0x0200


def embedding_problem(data: bytes, index: int = 0) -> str | None:
    """Why the font's licence forbids embedding it in a PDF, as its OS/2 fsType says; None if
    it allows it (or the font has no OS/2 table). reportlab itself embeds such fonts."""
    try:
        tables = table_offsets(data, index)
        if b"OS/2" not in tables:
            return None
        fs_type = _unpack(">H", data, tables[b"OS/2"][0] + 8)[0]
    except SfntProblem:
        return None  # reportlab's reading says what is wrong with the file
    if fs_type & 0x000F == RESTRICTED:
        why = "restricted licence embedding"
    elif fs_type & BITMAP_ONLY:
        why = "bitmap embedding only"
    elif fs_type & NO_SUBSETTING:
        why = "no subsetting"
    else:
        return None
    return (f"its licence does not allow embedding it in a PDF (OS/2 fsType 0x{fs_type:04X}: "
            f"{why}); use a font whose licence allows embedding")


def font_start(data: bytes, index: int = 0) -> int:
    """Where a font (the `index`-th of a collection) starts in the file."""
    return _unpack(">I", data, 12 + 4 * index)[0] if data[:4] == b"ttcf" else 0


def table_offsets(data: bytes, index: int = 0) -> dict[bytes, tuple[int, int]]:
    """The tables of a font (the `index`-th of a collection): tag -> (offset, length)."""
    return _tables(data, font_start(data, index))


def _tables(data: bytes, start: int) -> dict[bytes, tuple[int, int]]:
    """The table directory of the font that starts at `start` (at most 512 tables read)."""
    count = _unpack(">H", data, start + 4)[0]
    tables = {}
    for i in range(min(count, 512)):
        tag, _, offset, length = _unpack(">4sIII", data, start + 12 + 16 * i)
        tables[tag] = (offset, length)
    return tables


def _unpack(fmt: str, data: bytes, offset: int) -> tuple:
    try:
        return struct.unpack_from(fmt, data, offset)
    except struct.error:
        raise SfntProblem("the file is damaged or cut short (not a TrueType or OpenType "
                          "font)") from None


def _one(data: bytes, start: int) -> FaceNames:
    version = data[start:start + 4]
    if version not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise SfntProblem("not a TrueType or OpenType font")
    tables = _tables(data, start)
    if b"name" not in tables:
        raise SfntProblem("the font has no name table")
    family = _family(data, *tables[b"name"])
    bold, italic = _style(data, tables)
    return FaceNames(family, bold, italic, version != b"OTTO")


def _style(data: bytes, tables: dict) -> tuple[bool, bool]:
    """(bold, italic): OS/2 fsSelection bits 5 and 0, else head macStyle bits 0 and 1."""
    if b"OS/2" in tables:
        selection = _unpack(">H", data, tables[b"OS/2"][0] + 62)[0]
        return bool(selection & 0x20), bool(selection & 0x01)
    if b"head" in tables:
        style = _unpack(">H", data, tables[b"head"][0] + 44)[0]
        return bool(style & 0x01), bool(style & 0x02)
    return False, False


def _family(data: bytes, offset: int, length: int) -> str:
    """Name 1 (the family): the Windows English one, else any Windows one, else Mac Roman."""
    _, count, strings = _unpack(">HHH", data, offset)
    found: dict[tuple[int, int], str] = {}
    for i in range(count):
        platform, _, language, name_id, size, at = _unpack(">HHHHHH", data, offset + 6 + 12 * i)
        if name_id != 1 or platform not in (WINDOWS, MAC):
            continue
        raw = data[offset + strings + at:offset + strings + at + size]
        text = raw.decode("utf-16-be", "replace") if platform == WINDOWS else \
            raw.decode("mac-roman", "replace")
        rank = (0 if platform == WINDOWS else 2) + (0 if language in (0x409, 0) else 1)
        found.setdefault((rank, i), text.strip())
    if not found:
        raise SfntProblem("the font's name table has no family name")
    return found[min(found)]
