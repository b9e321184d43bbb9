"""The tagged PDF's structure, planned from the laid-out brief before anything is drawn.

In: a `LaidOut`. Out: the root `Node` of the structure tree (Document > H1, H2, P, L > LI > Lbl +
LBody, Table > TR > TH/TD, BlockQuote > P, Figure) and, for each piece of the flow, one `Target`
per flowable the PDF draws for it: which structure element the marked content drawn for that
flowable belongs to (`writers.pdf_tags` gives it its MCIDs while drawing). The tree follows the
brief's reading order, which is the order of the pieces.

Languages: the words the brief adds (headings, labels, notes, dates) are in the brief's language,
the catalog's /Lang; the facts' own text (the title, the summary, the items, the quotes, the
tables' cells) is in the facts file's language. When the two differ (`--language fr` on English
facts), each element holding facts' text gets a /Lang of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.compose import document as d
from briefgen.compose.date_labels import brief_day
from briefgen.layout.flow import Piece
from briefgen.layout.laid_out import LaidOut
from briefgen.layout.reading import BUILT_IN_SECTIONS, FACT_ROLES, foreign_language, top_heading
from briefgen.layout.script_language import quote_language
from briefgen.layout.tables import row_headers


class Node:
    """A structure element: its type (`role`, a standard PDF 1.7 type), its parent, its kids
    (Nodes, and content while drawing: (page, MCID) pairs and ("annot", n) pairs, n a link
    annotation's number in the canvas's `annots`), and its /Lang, /Alt and attributes (a PDF
    dictionary's text) if any."""

    __slots__ = ("role", "parent", "kids", "lang", "alt", "attrs")

    def __init__(self, role: str, parent: Node | None = None, lang: str | None = None,
                 alt: str | None = None, attrs: str = "") -> None:
        self.role, self.parent, self.lang, self.alt, self.attrs = role, parent, lang, alt, attrs
        self.kids: list = []
        if parent is not None:
            parent.kids.append(self)

    def has_content(self) -> bool:
        """Whether anything drawn belongs to it or to an element under it."""
        for kid in self.kids:
            if kid.__class__ is not Node or kid.has_content():
                return True
        return False


@dataclass
class Mark:
    """A flowable whose whole drawing belongs to one element (a paragraph, a heading)."""

    node: Node


@dataclass
class Item:
    """A list item's paragraph: its bullet or number belongs to `label` (Lbl), its text to
    `body` (LBody)."""

    label: Node
    body: Node


@dataclass
class Grid:
    """A table: each row's cell elements, in the order reportlab draws them, and how many
    leading rows are a header (repeated, as artifacts, on a later page)."""

    cells: list[list[Node]]
    header: int


Target = Mark | Item | Grid


class _Planner:
    """Walks the pieces once, building the tree and the targets."""

    def __init__(self, laid_out: LaidOut) -> None:
        self.facts_lang = foreign_language(laid_out)
        self.root = Node("Document")
        self.list: Node | None = None
        self.first = top_heading(laid_out)  # the H1 (none: the sections' headings are H1)
        self.date = brief_day(laid_out.document)  # the DATE field's: in the brief's language
        self.meta = laid_out.metadata

    def piece(self, piece: Piece, section_key: str) -> list[Target]:
        """The targets of one piece's flowables, its elements added to the tree."""
        facts = self.facts_lang
        if piece.kind not in ("item", "number"):
            self.list = None
        if piece.kind == "heading":
            role = "H2" if self.first is not None else "H1"
            own = section_key not in BUILT_IN_SECTIONS  # a facts file's section: its title
            return [Mark(Node(role, self.root, facts if own else None))]
        if piece.kind == "paragraph":
            role = "H1" if piece is self.first else "P"
            return [Mark(Node(role, self.root, facts if piece.block.role in FACT_ROLES
                              else None))]
        if piece.kind in ("item", "number"):
            return [self._item(piece)]
        if piece.kind == "quote":
            quote = Node("BlockQuote", self.root, facts)
            meta = self.meta  # its text in its own language where its script tells it
            own = quote_language(d.plain_text(piece.block.runs),
                                 meta.text_language or meta.language, facts or meta.language)
            return [Mark(Node("P", quote, own)), Mark(Node("P", quote))]
        if piece.kind == "fields":
            return [self._fields(piece.block)]
        return [self._table(piece.block, section_key)]

    def _item(self, piece: Piece) -> Item:
        if self.list is None:
            numbering = "Decimal" if piece.kind == "number" else "Disc"
            self.list = Node("L", self.root, attrs=f"<< /O /List /ListNumbering /{numbering} >>")
        entry = Node("LI", self.list)
        label = Node("Lbl", entry)
        body = Node("LBody", entry, self.facts_lang)
        if piece.last:
            self.list = None
        return Item(label, body)

    def _fields(self, block: d.Fields) -> Grid:
        """The TO/FROM/DATE/SUBJECT block: a table whose labels are row headers, so a screen
        reader says "TO" with the name in its row, and navigates it as the pairs it is."""
        table = Node("Table", self.root)
        cells = []
        for name, runs in block.rows:
            row = Node("TR", table)
            value_lang = None if d.plain_text(runs) == self.date else self.facts_lang
            cells.append([Node("TH", row, attrs="<< /O /Table /Scope /Row >>"),
                          Node("TD", row, value_lang)])
        return Grid(cells, 0)

    def _table(self, block: d.Table, section_key: str) -> Grid:
        """A table. With a header row, its cells are column headers. Without one (a timeline, the
        figures), the first cell of each row names the row (an event's date, the figure
        itself): a row header, so a screen reader says it with the rest of the row. A timeline's
        dates are written in the brief's language."""
        table = Node("Table", self.root)
        cells = []
        if block.header:
            head = Node("THead", table)
            row = Node("TR", head)
            cells.append([Node("TH", row, self.facts_lang, attrs="<< /O /Table /Scope /Column >>")
                          for _ in block.header])
        body = Node("TBody", table)
        for entry in block.rows:
            row = Node("TR", body)
            cells.append([self._cell(row, i, row_headers(block), section_key)
                          for i in range(len(entry.cells))])
        return Grid(cells, 1 if block.header else 0)

    def _cell(self, row: Node, column: int, row_headers: bool, section_key: str) -> Node:
        lang = None if section_key == "timeline" and column == 0 else self.facts_lang
        if row_headers and column == 0:
            return Node("TH", row, lang, attrs="<< /O /Table /Scope /Row >>")
        return Node("TD", row, lang)


def plan(laid_out: LaidOut, logo_alt: str | None
         ) -> tuple[Node, Node | None, Node | None, list[list[Target]]]:
    """The structure tree's root; the marking's paragraph, first (None without a banner): the
    first page's top banner line, read once before anything else, as a reader of a marked
    memo must hear it (every other banner line is an artifact); the logo's Figure (None
    without a logo); and the targets of each piece's flowables, in the order of
    `laid_out.pieces`."""
    planner = _Planner(laid_out)
    marking = Node("P", planner.root) if laid_out.banner is not None else None
    figure = None
    if laid_out.logo is not None:
        figure = Node("Figure", planner.root, alt=logo_alt or "Logo")
    sections = laid_out.document.sections
    return planner.root, marking, figure, [planner.piece(p, sections[p.section].key)
                                           for p in laid_out.pieces]
