"""Font files for the house-font tests, made from the system's own fonts or from scratch:
a copy of a TrueType font under a new family name, a copy with another OS/2 fsType, and a
small CFF-flavoured OpenType file (name and OS/2 tables only: enough to be found by its name,
and for reportlab to refuse its outlines)."""

from __future__ import annotations

import struct
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_SERIF = {"regular": "DejaVuSerif.ttf", "bold": "DejaVuSerif-Bold.ttf",
                "italic": "DejaVuSerif-Italic.ttf", "bold_italic": "DejaVuSerif-BoldItalic.ttf"}


def _tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    count = struct.unpack_from(">H", data, 4)[0]
    return {tag: (offset, length) for tag, _, offset, length in
            (struct.unpack_from(">4sIII", data, 12 + 16 * i) for i in range(count))}


def renamed(source: Path, target: Path, old: str, new: str) -> Path:
    """A copy of a font whose name table says `new` where it said `old` (in every encoding, in
    the PostScript name without spaces too). The names must be as long as each other, so that
    no offset moves."""
    assert len(old) == len(new)
    data = bytearray(source.read_bytes())
    offset, length = _tables(bytes(data))[b"name"]
    table = bytes(data[offset:offset + length])
    for a, b in ((old, new), (old.replace(" ", ""), new.replace(" ", ""))):
        for codec in ("utf-16-be", "latin-1"):
            table = table.replace(a.encode(codec), b.encode(codec))
    data[offset:offset + length] = table
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(data))
    return target


def with_fs_type(source: Path, target: Path, fs_type: int) -> Path:
    """A copy of a font with this OS/2 fsType (its embedding licence)."""
    data = bytearray(source.read_bytes())
    offset, _ = _tables(bytes(data))[b"OS/2"]
    struct.pack_into(">H", data, offset + 8, fs_type)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(data))
    return target


def cff_font(target: Path, family: str) -> Path:
    """A CFF-flavoured OpenType file ('OTTO') with a family name and a regular style."""
    name = family.encode("utf-16-be")
    name_table = struct.pack(">HHH", 0, 1, 6 + 12) + \
        struct.pack(">HHHHHH", 3, 1, 0x409, 1, len(name), 0) + name
    os2 = bytearray(96)
    struct.pack_into(">H", os2, 62, 0x40)  # fsSelection: regular
    tables = [(b"OS/2", bytes(os2)), (b"name", name_table)]
    offset = 12 + 16 * len(tables)
    directory, body = b"", b""
    for tag, content in tables:
        padded = content + bytes(-len(content) % 4)
        directory += struct.pack(">4sIII", tag, 0, offset + len(body), len(content))
        body += padded
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"OTTO" + struct.pack(">HHHH", len(tables), 32, 1, 0) + directory + body)
    return target


def maison_serif(folder: Path, styles: tuple[str, ...] = tuple(DEJAVU_SERIF)) -> list[Path]:
    """DejaVu Serif's faces copied into `folder` as the family 'Maison Serif'."""
    return [renamed(DEJAVU / DEJAVU_SERIF[s], folder / f"MaisonSerif-{s}.ttf", "DejaVu Serif",
                    "Maison Serif") for s in styles]


def damaged(source: Path, target: Path, how: str) -> Path:
    """A copy of a TrueType font with its glyph data broken as an attacker would break it:
    `loca` (every glyph offset past the glyph table), `maxp` (no glyphs), `composite` (the
    first composite glyph names a glyph the font does not have), `simple` (the first simple
    glyph claims 30,000 contours) or `noglyf` (no glyph table)."""
    data = bytearray(source.read_bytes())
    tables = _tables(bytes(data))
    if how == "maxp":
        struct.pack_into(">H", data, tables[b"maxp"][0] + 4, 0)
    elif how == "loca":
        loca, length = tables[b"loca"]
        long_offsets = struct.unpack_from(">h", data, tables[b"head"][0] + 50)[0] == 1
        for at in range(loca + (4 if long_offsets else 2), loca + length, 4 if long_offsets else 2):
            struct.pack_into(">I" if long_offsets else ">H", data, at,
                             0x7FFFFFF0 if long_offsets else 0xFFF0)
    elif how == "noglyf":
        at = bytes(data).index(b"glyf", 12)
        data[at:at + 4] = b"glyx"
    elif how in ("composite", "simple"):
        glyphs = struct.unpack_from(">H", data, tables[b"maxp"][0] + 4)[0]
        glyf = tables[b"glyf"][0]
        long_offsets = struct.unpack_from(">h", data, tables[b"head"][0] + 50)[0] == 1
        loca = tables[b"loca"][0]
        for glyph in range(glyphs):
            start = struct.unpack_from(">I", data, loca + 4 * glyph)[0] if long_offsets else \
                2 * struct.unpack_from(">H", data, loca + 2 * glyph)[0]
            contours = struct.unpack_from(">h", data, glyf + start)[0]
            if how == "composite" and contours < 0:
                struct.pack_into(">H", data, glyf + start + 12, 0xFFFE)
                break
            if how == "simple" and contours > 0:
                struct.pack_into(">h", data, glyf + start, 30000)
                break
        else:
            raise AssertionError(f"the font has no {how} glyph")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(data))
    return target
