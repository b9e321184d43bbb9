"""The .docx package of a brief, made quickly: a skeleton read once per theme, of which each
brief parses only the parts it writes into, and a zip writer that reuses the skeleton's other
parts as they were deflated once.

In: python-docx's package (`docx.package.Package`). Out: .docx bytes, the same for the same
package: members in python-docx's order, a fixed timestamp and mode.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.opc.package import Unmarshaller
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.package import Package

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# The parts python-docx parses for each brief: the only ones a brief writes into. Every other
# part of the skeleton (styles, numbering, settings, theme, fonts...) stays bytes and is written
# back as the skeleton deflated it.
EDITED_PARTS = frozenset({"/word/document.xml", "/docProps/core.xml"})


@dataclass(frozen=True)
class Skeleton:
    """An empty document with the page and every style set for one theme: the package as
    python-docx read it, and the zip entries of the parts no brief changes."""

    reader: PackageReader
    kept: dict[str, Entry]  # zip member name -> entry

    @classmethod
    def read(cls, data: bytes) -> Skeleton:
        """The skeleton from its .docx bytes."""
        reader = PackageReader.from_file(io.BytesIO(data))
        kept = {partname.membername for partname, *_ in reader.iter_sparts()
                if partname not in EDITED_PARTS}
        return cls(reader, {entry.name: entry for entry in unzip(data) if entry.name in kept})

    def open(self) -> DocxDocument:
        """A fresh document to fill: only the EDITED_PARTS are parsed, every other part is
        kept as the skeleton's bytes (which is why nothing here may read `doc.styles`)."""
        package = Package()
        Unmarshaller.unmarshal(self.reader, package, _load_part)
        return package.main_document_part.document


def _load_part(partname: PackURI, content_type: str, reltype: str, blob: bytes,
               package: Package) -> Part:
    """python-docx's part for the EDITED_PARTS; a plain part holding the bytes for the rest."""
    if partname in EDITED_PARTS:
        return PartFactory(partname, content_type, reltype, blob, package)
    return Part(partname, content_type, blob, package)


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


def entries(package: Package, kept: dict[str, Entry] | None = None) -> list[Entry]:
    """The package's members in python-docx's order: [Content_Types].xml, the package's rels,
    then each part and its rels. A part found in `kept` is not deflated again."""
    from docx.opc.pkgwriter import _ContentTypesItem  # python-docx's [Content_Types].xml maker

    kept = kept or {}
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    entries = [Entry.deflate(CONTENT_TYPES_URI.membername,
                              _ContentTypesItem.from_parts(parts).blob),
               Entry.deflate(PACKAGE_URI.rels_uri.membername, package.rels.xml)]
    for part in parts:
        name = part.partname.membername
        entries.append(kept.get(name) or Entry.deflate(name, part.blob))
        if len(part.rels):
            entries.append(Entry.deflate(part.partname.rels_uri.membername, part.rels.xml))
    return entries


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
    entries = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            signature, *_, name_length, extra_length = LOCAL_HEADER.unpack_from(
                data, info.header_offset)
            if signature != b"PK\x03\x04" or info.compress_type != ZIP_DEFLATED:
                raise zipfile.BadZipFile(f"unexpected member {info.filename}")
            start = info.header_offset + LOCAL_HEADER.size + name_length + extra_length
            entries.append(Entry(info.filename, info.CRC, info.file_size,
                                  data[start:start + info.compress_size]))
    return entries


def zip_entries(entries: list[Entry]) -> bytes:
    """The .docx file: the entries zipped in order with a fixed timestamp and mode, so the same
    brief gives the same bytes. Byte for byte what zipfile.writestr writes for the same members
    (tests/test_docx_package.py checks it); written here because zipfile can only
    deflate a member itself, never take one deflated already."""
    out = bytearray()
    central = bytearray()
    for entry in entries:
        name = entry.name.encode("ascii")
        fields = (ZIP_DEFLATED, DOS_TIME, DOS_DATE, entry.crc, len(entry.data), entry.size,
                  len(name))
        central += CENTRAL_HEADER.pack(b"PK\x01\x02", ZIP_VERSION, ZIP_UNIX, ZIP_VERSION, 0, 0,
                                       *fields, 0, 0, 0, 0, FILE_MODE, len(out)) + name
        out += LOCAL_HEADER.pack(b"PK\x03\x04", ZIP_VERSION, 0, 0, *fields, 0) + name + entry.data
    end = END_RECORD.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central),
                          len(out), 0)
    return bytes(out + central + end)
