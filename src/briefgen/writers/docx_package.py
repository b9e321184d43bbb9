"""The .docx package of a brief: a skeleton read once per theme, opened for each brief, and the
filled package zipped so that the same brief always gives the same bytes.

In: a skeleton's .docx bytes; python-docx's package (`docx.package.Package`) once filled. Out:
.docx bytes: python-docx's members in python-docx's order, dated 1 January 1980, mode 644.

Two ways give the same bytes. With the speed tricks on (the default), a brief parses only the
parts it writes into (`briefgen.speedups.docx_skeleton`) and the skeleton's other parts are
zipped back as it deflated them once (`briefgen.speedups.docx_zip`). With BRIEFGEN_SPEEDUPS=off,
python-docx opens the whole skeleton and saves the package itself, and its members are zipped
again by zipfile with the fixed date and mode: python-docx's own save dates each member with
the clock, so its zip alone could not give the same bytes twice.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.pkgreader import PackageReader
from docx.package import Package

from briefgen import speedups
from briefgen.speedups import docx_skeleton, docx_zip
from briefgen.speedups.docx_skeleton import EDITED_PARTS
from briefgen.speedups.docx_zip import FILE_MODE, FIXED_ZIP_TIME, Entry

__all__ = ["EDITED_PARTS", "FIXED_ZIP_TIME", "Entry", "Skeleton", "code", "entries",
           "zip_entries"]


@dataclass(frozen=True)
class Skeleton:
    """An empty document with the page and every style set for one theme: its bytes, and with
    the speed tricks on, the package as python-docx read it and the zip entries of the parts no
    brief changes (`kept`: zip member name -> entry)."""

    data: bytes
    reader: PackageReader | None = None
    kept: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def read(cls, data: bytes) -> Skeleton:
        """The skeleton from its .docx bytes; an exception if they are not a .docx."""
        if not speedups.ENABLED:
            docx.Document(io.BytesIO(data))  # damaged bytes fail here, not in a brief
            return cls(data)
        reader, kept = docx_skeleton.read(data)
        return cls(data, reader, {entry.name: entry for entry in docx_zip.unzip(data)
                                  if entry.name in kept})

    def open(self) -> DocxDocument:
        """A fresh document to fill (nothing here may read `doc.styles`: with the speed tricks
        on, styles.xml is kept as bytes)."""
        if self.reader is None:
            return docx.Document(io.BytesIO(self.data))
        return docx_skeleton.open_document(self.reader)


def entries(package: Package, kept: dict[str, Entry] | None = None) -> list[Entry]:
    """The package's members in python-docx's order: [Content_Types].xml, the package's rels,
    then each part and its rels. With the speed tricks on, a part found in `kept` is not
    deflated again; off, the members are those python-docx's own save writes."""
    if speedups.ENABLED:
        return docx_zip.entries(package, kept)
    saved = io.BytesIO()
    package.save(saved)
    with zipfile.ZipFile(saved) as archive:
        return [Entry.deflate(info.filename, archive.read(info)) for info in archive.infolist()]


def zip_entries(members: list[Entry]) -> bytes:
    """The .docx file: the members zipped in order with a fixed date and mode, so the same brief
    gives the same bytes. With the speed tricks off, zipfile zips them."""
    if speedups.ENABLED:
        return docx_zip.zip_entries(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in members:
            info = zipfile.ZipInfo(entry.name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = FILE_MODE
            archive.writestr(info, entry.blob())
    return out.getvalue()


def code() -> tuple[bytes, ...]:
    """The source of every module that makes a package's bytes, for naming a cache of them:
    a change to any of them makes a new cache."""
    modules = (__file__, docx_skeleton.__file__, docx_zip.__file__)
    return tuple(Path(module).read_bytes() for module in modules)
