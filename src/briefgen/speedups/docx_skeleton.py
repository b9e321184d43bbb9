"""A .docx skeleton opened with only the parts a brief writes into parsed.

In: a skeleton's .docx bytes (an empty document with the page and every style set for one
theme). Out: a python-docx Document to fill, in which only `EDITED_PARTS` are XML that
python-docx parsed; every other part (styles, numbering, settings, theme, fonts) is a plain
part holding the skeleton's bytes, and is zipped back as the skeleton deflated it
(`briefgen.speedups.docx_zip`). Parsing styles.xml alone took longer than writing a brief.

Upstream behaviour relied on (python-docx below 1.3, as pyproject.toml bounds it):
`docx.opc.pkgreader.PackageReader.from_file` reads a package's parts and relationships once, and
`iter_sparts` gives each part's (partname, content type, relationship type, blob) again on every
call; `docx.opc.package.Unmarshaller.unmarshal(reader, package, factory)` builds a package's parts
with `factory` and links its relationships; `docx.opc.part.PartFactory` makes python-docx's part
class for a content type, and `Part(partname, content_type, blob, package)` one that keeps its blob
as given. Nothing may then read `doc.styles`, which is such a plain part.

With BRIEFGEN_SPEEDUPS=off this module is not used: python-docx opens the whole skeleton
(`briefgen.writers.docx_package`).
"""

from __future__ import annotations

import io

from docx.document import Document as DocxDocument
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.package import Package

# The parts python-docx parses for each brief: the only ones a brief writes into.
EDITED_PARTS = frozenset({"/word/document.xml", "/docProps/core.xml"})


def read(data: bytes) -> tuple[PackageReader, frozenset[str]]:
    """The skeleton's package as read, and the zip member names of its parts no brief edits."""
    reader = PackageReader.from_file(io.BytesIO(data))
    kept = frozenset(partname.membername for partname, *_ in reader.iter_sparts()
                     if partname not in EDITED_PARTS)
    return reader, kept


def open_document(reader: PackageReader) -> DocxDocument:
    """A fresh document made from the package read: only EDITED_PARTS parsed."""
    package = Package()
    Unmarshaller.unmarshal(reader, package, _load_part)
    return package.main_document_part.document


def _load_part(partname: PackURI, content_type: str, reltype: str, blob: bytes,
               package: Package) -> Part:
    """python-docx's part for the EDITED_PARTS; a plain part holding the bytes for the rest."""
    if partname in EDITED_PARTS:
        return PartFactory(partname, content_type, reltype, blob, package)
    return Part(partname, content_type, blob, package)
