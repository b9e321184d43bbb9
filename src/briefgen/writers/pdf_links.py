"""A link's text as marked content of its Link element, so a screen reader says "link" on the
words themselves (PDF/UA-1, ISO 14289-1 7.18.5; ISO 32000-1 14.8.4.4.2).

In: a paragraph's text object while reportlab writes it, and the link annotations reportlab
makes for it. Out: the text object's content cut at the links' ends, each piece its own marked
content: the text around a link belongs to the element being drawn (a P, an LBody, a cell),
the link's text to a Link element placed there among that element's kids, and the link's
annotation(s) to the same Link (P > [text, Link > (text, OBJR), text]).

A link broken over two lines (or two pages) is one Link element with a piece of text and an
annotation per line: reportlab makes one annotation per line fragment, and one Link holding
them all is announced as the one link it is, with its whole text, rather than as two links.

Marked content may not cross BT/ET, and the element's own marked content began before the text
object (`TaggedCanvas.begin`). So when the text object holds a link, what the element drew
before its text (the links' underlines, drawn first by reportlab) becomes an artifact: a
decoration, never read; the element's marked content starts again inside the text object; and
what follows the text object until the element ends is an artifact again, unless the element
draws more text (`TaggedCanvas.beginText` then starts its marked content anew).

reportlab internals leaned on (pinned in tests/test_speedups_pins.py): its paragraph calls the
text object's `_linkRecord(link, "start")` right after writing a link's first fragment on a
line, as one entry of the text object's `_code`, and `_linkRecord(link, "end")` before writing
what follows the link (or at the end of the line); it makes the line's link annotations after
the line; a paragraph in one style throughout (`blPara.kind` 0) calls neither, and is all link
when it has one.
"""

from __future__ import annotations

import re

from reportlab.pdfgen.textobject import PDFTextObject

from briefgen.writers.pdf_plan import Node

_SHOWS = re.compile(r"[^(]\) Tj|\] TJ")  # a text-showing operator that shows something


class LinkedText(PDFTextObject):
    """A text object that records, in order, where each link's text starts and ends in its
    `_code` and where each link annotation is made: `marks`, None until a link is met."""

    marks: list | None = None

    def _linkRecord(self, link, event) -> None:
        """reportlab's hook: `link` is (its number in the paragraph, its address)."""
        if self.marks is None:
            self.marks = []
        code = self._code
        if event == "start":  # the link's first fragment on this line is already written
            self.marks.append((len(code) - 1, "start", link))
        else:
            self.marks.append((len(code), "end", link))

    def annotated(self, number: int, url: str) -> None:
        """The canvas made link annotation `number` for `url` while this text was written."""
        if self.marks is None:
            self.marks = []
        self.marks.append((len(self._code), "annot", (number, url)))


class _Cutter:
    """Cuts one text object's code into marked content for `owner` and its Link elements."""

    def __init__(self, canvas, owner: Node) -> None:
        self.canvas, self.owner = canvas, owner
        self.out: list[str] = []
        self.links: dict = {}  # (number, address) -> its Link element
        self.pending: list = []  # the links on the current line with no annotation yet

    def piece(self, code: list[str], node: Node) -> None:
        """One piece of the text: marked content of `node` if it shows any text."""
        if not any(_SHOWS.search(c) for c in code):
            self.out += code
            return
        page = len(self.canvas.pages)
        mcids = self.canvas.nodes[page]
        node.kids.append((page, len(mcids)))
        self.out += [f"/{node.role} <</MCID {len(mcids)}>> BDC", *code, "EMC"]
        mcids.append(node)

    def link(self, key) -> Node:
        """The Link element of `key`: this text's; else, when nothing is tagged here yet and
        the owner's last kid is the Link last written, to the same address, that one (a link
        continued from the page before); else a new one. It has no /Alt, which would replace
        its text (the annotation's /Contents says where it goes)."""
        node = self.links.get(key)
        if node is None:
            last = self.canvas.last_link
            if not self.links and last is not None and last[0] == key[1] \
                    and self.owner.kids and self.owner.kids[-1] is last[1] \
                    and not any(_SHOWS.search(c) for c in self.out):
                node = last[1]
            else:
                node = Node("Link", self.owner)
            self.links[key] = node
            self.canvas.last_link = (key[1], node)
        return node

    def annot(self, number: int, url: str) -> None:
        """Annotation `number` belongs to the first link on its line with its address."""
        key = next((k for k in self.pending if k[1] == url), None)
        if key is not None:
            self.pending.remove(key)
            node = self.links[key]
        else:  # a paragraph all link: its later lines
            node = next(n for k, n in self.links.items() if k[1] == url)
        ref, page, _ = self.canvas.annots[number]
        self.canvas.annots[number] = (ref, page, node)
        node.kids.append(("annot", number))


def _marks(text: LinkedText) -> list:
    """The text's marks, for a paragraph all link (which records no start or end) its whole
    text made one link's."""
    marks = text.marks
    if any(kind == "start" for _, kind, _ in marks):
        return marks
    url = marks[0][2][1]  # its text first, then its annotations (one a line)
    return [(1, "start", (None, url)), (len(text._code), "end", (None, url)), *marks]


def draw(canvas, text: LinkedText) -> None:
    """Write `text`, which holds links, into the page with its marked content (see above)."""
    owner, code = canvas.current, text._code
    _close_owner(canvas, owner)
    cutter = _Cutter(canvas, owner)
    start, node = 1, owner
    for index, kind, value in _marks(text):
        if kind == "annot":
            cutter.annot(*value)
            continue
        cutter.piece(code[start:index], node)
        start = index
        if kind == "start":
            node = cutter.link(value)
            cutter.pending.append(value)
        else:
            node = owner
    cutter.piece(code[start:], node)
    text._code = ["BT", *cutter.out]
    canvas._code.append(text.getCode())
    canvas.addLiteral("/Artifact BMC")
    canvas.reopen = owner


def _close_owner(canvas, owner: Node) -> None:
    """End the owner's marked content before the text object: when it holds no text yet, it
    becomes an artifact (the underlines) and gives back its number."""
    code, begun = canvas._code, canvas.begun
    page = canvas.nodes[len(canvas.pages)]
    if not any(c.startswith("BT") for c in code[begun + 1:]) and page and page[-1] is owner:
        page.pop()
        owner.kids.pop()
        code[begun] = "/Artifact BMC"
    canvas.addLiteral("EMC")
