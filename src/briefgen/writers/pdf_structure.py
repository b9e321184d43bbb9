"""The tagged PDF's document-level objects, added to reportlab's document before it is saved.

In: the structure tree (`writers.pdf_plan`, filled with marked content by `writers.pdf_tags`), the
tagging canvas and the brief's metadata. Out, in the catalog: the StructTreeRoot with its
elements and ParentTree (which element each MCID of each page, and each link annotation,
belongs to), MarkInfo /Marked true, ViewerPreferences /DisplayDocTitle true (a viewer shows the
title, not the file name), and an XMP metadata stream whose title, author, subject, language,
dates and producer are those of the Info dictionary, with the PDF/UA-1 identifier.

The elements are written as reportlab objects in the same pass as the rest of the file (no
second pass over the saved bytes): a few hundred small dictionaries, formatted directly.
"""

from __future__ import annotations

from html import escape  # (xml.sax.saxutils would import urllib.request, ssl and email)

from reportlab.pdfbase.pdfdoc import (
    PDFDate,
    PDFDictionary,
    PDFInfo,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFStream,
    PDFString,
)

from briefgen.layout.laid_out import CREATOR, Metadata
from briefgen.writers.pdf_plan import Node


class _Raw(PDFObject):
    """A PDF object written from pieces: text, or references resolved when the file is
    written."""

    __RefOnly__ = 1

    def __init__(self, *parts) -> None:
        self.parts = list(parts)

    def format(self, document) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        return "".join(p if isinstance(p, str) else "%s %s R" % numbers[p.name]
                       for p in self.parts).encode("latin-1")


class _Info(PDFInfo):
    """The Info dictionary with only what is known: reportlab writes every entry, an unknown
    author or keywords as an empty string (`/Author ()`), which a reader shows as a blank
    property; here an empty value is left out."""

    def format(self, document) -> bytes:
        stamp = PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        values = {"Title": self.title, "Author": self.author, "ModDate": stamp,
                  "CreationDate": stamp, "Producer": self.producer, "Creator": self.creator,
                  "Subject": self.subject, "Keywords": self.keywords}
        entries = {key: value if isinstance(value, PDFDate) else PDFString(value)
                   for key, value in values.items() if value}
        return PDFDictionary({**entries, "Trapped": PDFName(self.trapped)}).format(document)


def _known_info(info: PDFInfo) -> _Info:
    """reportlab's Info dictionary, as an `_Info` with the same values."""
    known = _Info()
    known.__dict__.update(info.__dict__)
    return known


def _text(value: str, document) -> str:
    """A PDF text string (escaped; UTF-16 when not Latin-1)."""
    return PDFString(value).format(document).decode("latin-1")


class _Tree:
    """Writes the elements of a filled structure tree, and collects the ParentTree's
    entries."""

    def __init__(self, doc, canvas) -> None:
        self.doc, self.canvas = doc, canvas
        self.pages = [PDFObjectReference(name) for name in canvas.pages]
        self.refs: dict[int, PDFObjectReference] = {}  # id(node) -> its element

    def element(self, node: Node, parent: PDFObjectReference) -> PDFObjectReference:
        """Register the element of `node` (and those under it) and return its reference."""
        obj = _Raw()
        ref = self.doc.Reference(obj)
        self.refs[id(node)] = ref
        content = [k for k in node.kids if not isinstance(k, Node)]
        page = None
        if content:
            first = content[0]
            page = self.canvas.annots[first[1]][1] if first[0] == "annot" else first[0]
        parts: list = [f"<< /Type /StructElem /S /{node.role} /P ", parent]
        if page is not None:
            parts += [" /Pg ", self.pages[page]]
        if node.lang:
            parts.append(f" /Lang {_text(node.lang, self.doc)}")
        if node.alt:
            parts.append(f" /Alt {_text(node.alt, self.doc)}")
        if node.attrs:
            parts.append(f" /A {node.attrs}")
        kids: list[list] = []
        for kid in node.kids:
            if isinstance(kid, Node):
                if kid.has_content():
                    kids.append([" ", self.element(kid, ref)])
            elif kid[0] == "annot":
                annot, at, _ = self.canvas.annots[kid[1]]
                kids.append([" << /Type /OBJR /Pg ", self.pages[at], " /Obj ", annot, " >>"])
            elif kid[0] == page:
                kids.append([f" {kid[1]}"])
            else:
                kids.append([" << /Type /MCR /Pg ", self.pages[kid[0]], f" /MCID {kid[1]} >>"])
        # one kid is written bare, not in an array: some checkers read a heading's /K so
        if len(kids) == 1:
            parts += [" /K", *kids[0]]
        else:
            parts += [" /K [", *(p for k in kids for p in k), " ]"]
        obj.parts = parts + [" >>"]
        return ref

    def parent_tree(self) -> PDFObjectReference:
        """The number tree from each page's StructParents (its MCIDs' elements, in MCID order)
        and each link annotation's StructParent (its Link element) to the elements."""
        parts: list = ["<< /Nums ["]
        for page, nodes in enumerate(self.canvas.nodes[:len(self.pages)]):
            parts.append(f" {page} [")
            for node in nodes:
                parts += [" ", self.refs[id(node)]]
            parts.append(" ]")
        for i, (annot, _, link) in enumerate(self.canvas.annots):
            key = len(self.pages) + i
            self.doc.idToObject[annot.name]["StructParent"] = key
            parts += [f" {key} ", self.refs[id(link)]]
        return self.doc.Reference(_Raw(*parts, " ] >>"))


def finish(canvas, root: Node, meta: Metadata) -> None:
    """Add the structure tree, MarkInfo, DisplayDocTitle and the XMP metadata to the catalog
    of the canvas's document (before it is saved)."""
    doc = canvas._doc
    doc.info = _known_info(doc.info)
    tree_root = _Raw()
    root_ref = doc.Reference(tree_root)
    tree = _Tree(doc, canvas)
    document = tree.element(root, root_ref)
    parents = tree.parent_tree()
    next_key = len(tree.pages) + len(canvas.annots)
    tree_root.parts = ["<< /Type /StructTreeRoot /K [ ", document, " ] /ParentTree ", parents,
                       f" /ParentTreeNextKey {next_key} >>"]
    catalog = doc.Catalog
    catalog.StructTreeRoot = tree_root
    catalog.MarkInfo = _Raw("<< /Marked true >>")
    canvas.setViewerPreference("DisplayDocTitle", "true")
    catalog.Metadata = xmp_stream(meta, doc._timeStamp)


def _iso(stamp) -> str:
    """The Info dictionary's date (reportlab's time stamp) in XMP's form."""
    year, month, day, hour, minute, second = stamp.YMDhms
    sign = "-" if stamp.dhh < 0 else "+"
    return (f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
            f"{sign}{abs(stamp.dhh):02d}:{stamp.dmm:02d}")


def xmp_stream(meta: Metadata, stamp) -> PDFStream:
    """The XMP packet: Dublin Core title, creator (the author, when known), description (the
    subject) and language; the creation, modification and metadata dates and the creator tool;
    the producer; and pdfuaid:part 1, each equal to the Info dictionary's."""
    when = _iso(stamp)
    creator = (f"<dc:creator><rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq>"
               f"</dc:creator>") if meta.author else ""
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        '<dc:format>application/pdf</dc:format>'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li>'
        f'</rdf:Alt></dc:title>{creator}'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.subject)}'
        f'</rdf:li></rdf:Alt></dc:description>'
        f'<dc:language><rdf:Bag><rdf:li>{escape(meta.language)}</rdf:li></rdf:Bag>'
        f'</dc:language>'
        f'<xmp:CreateDate>{when}</xmp:CreateDate><xmp:ModifyDate>{when}</xmp:ModifyDate>'
        f'<xmp:MetadataDate>{when}</xmp:MetadataDate>'
        f'<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool><pdf:Producer>{CREATOR}</pdf:Producer>'
        '<pdfuaid:part>1</pdfuaid:part>'
        '</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>')
    stream = PDFStream(content=packet.encode("utf-8"), filters=[])
    stream.dictionary["Type"] = PDFName("Metadata")
    stream.dictionary["Subtype"] = PDFName("XML")
    return stream
