"""A .docx package zipped by hand, reusing members deflated once.

In: python-docx's package (`docx.package.Package`) and the skeleton's members that no brief
changes, still deflated. Out: the .docx bytes, byte for byte what zipfile writes for python-docx's
members in python-docx's order with a fixed timestamp and mode (the plain way, in
`briefgen.writers.docx_package`), without deflating the skeleton's styles, numbering, settings,
theme and fonts again for every brief.

Upstream behaviour relied on (python-docx below 1.3, as pyproject.toml bounds it; CPython's
zipfile):
- `OpcPackage.save` calls `Part.before_marshal` on every part, then `PackageWriter.write` writes
  [Content_Types].xml made by `docx.opc.pkgwriter._ContentTypesItem.from_parts(parts).blob`,
  the package's rels (`package.rels.xml`), then each part's blob followed by its rels when it
  has any; `entries` makes the same members in the same order (tests/test_speedups_pins.py
  compares them with python-docx's own save).
- zipfile's `writestr` of a deflated member under 4 GiB with an ASCII name writes the headers
  `zip_entries` writes: version 2.0, made on Unix, no data descriptor, extra field or comment,
  deflated raw at zlib's default level (tests/test_docx_package.py compares the two).

With BRIEFGEN_SPEEDUPS=off only `Entry` and `FIXED_ZIP_TIME` are used: python-docx saves the
package and zipfile zips its members again (`briefgen.writers.docx_package`).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.package import Package

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Entry:
    """One member of the .docx zip, deflated as zipfile deflates (level 6, raw deflate)."""

    name: str
    crc: int
    size: int
    data: bytes

    @classmethod
    def deflate(cls, name: str, blob: bytes) -> Entry:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        data = compressor.compress(blob) + compressor.flush()
        return cls(name, zlib.crc32(blob), len(blob), data)

    def blob(self) -> bytes:
        """The member's bytes, inflated."""
        return zlib.decompress(self.data, -15)


def entries(package: Package, kept: dict[str, Entry] | None = None) -> list[Entry]:
    """The package's members in python-docx's order: [Content_Types].xml, the package's rels,
    then each part and its rels. A part found in `kept` is not deflated again."""
    from docx.opc.pkgwriter import _ContentTypesItem  # python-docx's [Content_Types].xml maker

    kept = kept or {}
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    made = [Entry.deflate(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob),
            Entry.deflate(PACKAGE_URI.rels_uri.membername, package.rels.xml)]
    for part in parts:
        name = part.partname.membername
        made.append(kept.get(name) or Entry.deflate(name, part.blob))
        if len(part.rels):
            made.append(Entry.deflate(part.partname.rels_uri.membername, part.rels.xml))
    return made


# A zip's local file header, central directory header and end record, as zipfile writes them
# for a deflated member under 4 GiB with an ASCII name: no data descriptor, zip64 record, extra
# field or comment; made on Unix, version 2.0.
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
END_RECORD = struct.Struct("<4s4H2LH")
ZIP_VERSION, ZIP_UNIX, ZIP_DEFLATED = 20, 3, 8
DOS_DATE = (FIXED_ZIP_TIME[0] - 1980) << 9 | FIXED_ZIP_TIME[1] << 5 | FIXED_ZIP_TIME[2]
DOS_TIME = FIXED_ZIP_TIME[3] << 11 | FIXED_ZIP_TIME[4] << 5 | FIXED_ZIP_TIME[5] // 2
FILE_MODE = 0o644 << 16


def unzip(data: bytes) -> list[Entry]:
    """The members of a zip, still deflated (zipfile has checked them when python-docx read
    them)."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            signature, *_, name_length, extra_length = LOCAL_HEADER.unpack_from(
                data, info.header_offset)
            if signature != b"PK\x03\x04" or info.compress_type != ZIP_DEFLATED:
                raise zipfile.BadZipFile(f"unexpected member {info.filename}")
            start = info.header_offset + LOCAL_HEADER.size + name_length + extra_length
            found.append(Entry(info.filename, info.CRC, info.file_size,
                               data[start:start + info.compress_size]))
    return found


def zip_entries(members: list[Entry]) -> bytes:
    """The .docx file: the members zipped in order with a fixed timestamp and mode, so the same
    brief gives the same bytes. Byte for byte what zipfile.writestr writes for the same members;
    written here because zipfile can only deflate a member itself, never take one deflated
    already."""
    out = bytearray()
    central = bytearray()
    for entry in members:
        name = entry.name.encode("ascii")
        fields = (ZIP_DEFLATED, DOS_TIME, DOS_DATE, entry.crc, len(entry.data), entry.size,
                  len(name))
        central += CENTRAL_HEADER.pack(b"PK\x01\x02", ZIP_VERSION, ZIP_UNIX, ZIP_VERSION, 0, 0,
                                       *fields, 0, 0, 0, 0, FILE_MODE, len(out)) + name
        out += LOCAL_HEADER.pack(b"PK\x03\x04", ZIP_VERSION, 0, 0, *fields, 0) + name + entry.data
    end = END_RECORD.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(central),
                          len(out), 0)
    return bytes(out + central + end)
