"""Marked content: every mark the PDF draws is either tagged to its structure element or an
artifact.

In: the targets `writers.pdf_plan` planned for each flowable. Out, while reportlab draws: each
flowable's drawing wrapped in `/P <</MCID n>> BDC ... EMC` (numbered per page, recorded on its
element for the parent tree); a table's cells one by one (reportlab's public `renderCB` table
hook), its shading and rules as /Artifact; a list item's bullet or number as its Lbl and its
text as its LBody; each link annotation with its /Contents (what it says and where it goes) and
/StructParent, and each text object holding links cut into marked content of its element and
of the links' Link elements (`writers.pdf_links`); each page with /Tabs /S and /StructParents.

reportlab internals leaned on (below 5.2, pinned in tests/test_speedups_pins.py): a `Frame`'s
`add` and `split` are called by the document template as instance attributes may replace them,
`add` draws nothing when it returns false, and the canvas's page stream is the list `_code`;
a table's rows are `_cellvalues`, and a split's second part starts with its `repeatRows`;
`reportlab.platypus.paragraph._drawBullet` draws a paragraph's bullet, first, as its own text
object; `PDFPage` writes the keys its `__NoDefault__` names; a canvas's link annotation is the
last of its `_annotationrefs`.
"""

from __future__ import annotations

import sys

from reportlab.pdfbase.pdfdoc import PDFName, PDFObjectReference, PDFPage, PDFString
from reportlab.pdfgen.canvas import Canvas

from briefgen.speedups.platypus import Paragraph  # first: platypus as speedups/platypus.py says
from briefgen.writers import pdf_links
from briefgen.writers.pdf_plan import Grid, Item, Mark, Node, Target

_paragraph = sys.modules[Paragraph.__module__]  # reportlab.platypus.paragraph

_PAGE_KEYS = [*PDFPage.__NoDefault__, "Tabs", "StructParents"]
_BULLET = _paragraph._drawBullet


def _draw_bullet(canvas, *args, **kwargs):
    """reportlab's bullet drawing, telling a tagging canvas when the bullet is drawn (so the
    Lbl's marked content ends there and the LBody's begins)."""
    offset = _BULLET(canvas, *args, **kwargs)
    after = getattr(canvas, "bullet_drawn", None)
    if after is not None:
        after()
    return offset


_paragraph._drawBullet = _draw_bullet


class TaggedCanvas(Canvas):
    """A reportlab canvas that records marked content: `nodes[p][n]` is the element of MCID n
    on page p (0-based); `annots` the link annotations (reference, page, element); `pages` the
    names of the pages written."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.nodes: list[list[Node]] = [[]]
        self.annots: list[tuple[PDFObjectReference, int, Node]] = []
        self.pages: list[str] = []
        self.current: Node | None = None  # the element whose content is being drawn
        self.item: Item | None = None  # the list item being drawn, until its bullet is
        self.begun = 0  # where in the page's stream the current element's marked content began
        self.text: pdf_links.LinkedText | None = None  # the text object being written
        self.reopen: Node | None = None  # whose marked content a text object starts anew
        self.last_link: tuple[str, Node] | None = None  # the last Link written: address, element

    def begin(self, node: Node) -> None:
        """Start marked content belonging to `node`."""
        page = len(self.pages)
        mcid = len(self.nodes[page])
        self.nodes[page].append(node)
        node.kids.append((page, mcid))
        self.current, self.reopen = node, None
        self.begun = len(self._code)
        self.addLiteral(f"/{node.role} <</MCID {mcid}>> BDC")

    def end(self) -> None:
        self.addLiteral("EMC")
        self.current = self.reopen = None

    def beginText(self, x=0, y=0, direction=None):
        """A text object that notes its links (`writers.pdf_links`); after a text object with
        links, the element's marked content starts again for more of its text."""
        if self.reopen is not None:
            self.addLiteral("EMC")
            self.begin(self.reopen)
            self.reopen = None
        self.text = pdf_links.LinkedText(self, x, y, direction=direction)
        return self.text

    def drawText(self, aTextObject) -> None:
        """Write a text object; one with links cut into its own and its links' marked
        content."""
        self.text = None
        if aTextObject.marks is None or self.current is None:
            self._code.append(aTextObject.getCode())
        else:
            pdf_links.draw(self, aTextObject)

    def artifact(self, kind: str = "", subtype: str = "") -> None:
        """Start an artifact: `kind` Pagination, Layout, Page or Background, if known."""
        if not kind:
            self.addLiteral("/Artifact BMC")
            return
        sub = f" /Subtype /{subtype}" if subtype else ""
        self.addLiteral(f"/Artifact <</Type /{kind}{sub}>> BDC")

    def bullet_drawn(self) -> None:
        """A list item's bullet is drawn: its Lbl ends, its LBody begins."""
        if self.item is not None:
            self.end()
            self.begin(self.item.body)
            self.item = None

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None,
                kind="URI", **kw):
        """A link annotation with its /Contents and /StructParent: its Link element is made
        when the text object it lies on is written (`writers.pdf_links`)."""
        if self.current is None or self.text is None:
            return super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)
        kw["Contents"] = PDFString(url)  # what it opens: the address the brief prints
        kw["F"] = 4  # printed, as the page it lies on
        super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)
        self.annots.append((self._annotationrefs[-1], len(self.pages), None))
        self.text.annotated(len(self.annots) - 1, url)
        return None

    def begin_link(self) -> None:
        """Inside an element's marked content, begin that of a new Link element under it (a
        link in a shaped paragraph, `layout.shaped_paragraph`); `end_link` ends it."""
        owner = self.current
        self.addLiteral("EMC")
        self.begin(Node("Link", owner))

    def end_link(self, url: str, rect: tuple[float, float, float, float]) -> None:
        """End a Link element's text: its annotation over `rect` (relative to the flowable),
        with the address as /Contents, printed, belonging to it; then the owner's marked
        content again."""
        link = self.current
        super().linkURL(url, rect, relative=1, thickness=0, Contents=PDFString(url), F=4)
        self.addLiteral("EMC")
        self.annots.append((self._annotationrefs[-1], len(self.pages), link))
        link.kids.append(("annot", len(self.annots) - 1))
        self.begin(link.parent)

    def showPage(self) -> None:
        """End a page: it is tabbed in structure order, and its marked content numbered."""
        self.pages.append(self._doc.thisPageName())
        super().showPage()
        page = self._doc.Pages.pages[-1]
        page.__NoDefault__ = _PAGE_KEYS
        page.Tabs = PDFName("S")
        page.StructParents = len(self.pages) - 1
        self.nodes.append([])


def tag_frame(frame, targets: dict[int, Target]) -> None:
    """Make `frame` wrap the drawing of each flowable it is given in that flowable's marked
    content (`targets`, by the flowable's id; the parts of a split flowable take its target)."""
    add, split = frame.add, frame.split
    parts: list = []  # the split parts, kept so their ids stay theirs

    def tagged_add(flowable, canv, trySplit=0):
        target = targets.get(id(flowable))
        if target is None or isinstance(target, Grid):
            return add(flowable, canv, trySplit)
        code, page = canv._code, canv.nodes[len(canv.pages)]
        mark, count = len(code), len(page)
        node = target.node if isinstance(target, Mark) else (
            target.label if getattr(flowable, "bulletText", None) else target.body)
        canv.item = target if isinstance(target, Item) and node is target.label else None
        canv.begin(node)
        if not add(flowable, canv, trySplit):
            del code[mark:]
            for owner in page[count:]:
                owner.kids.pop()
            del page[count:]
            canv.item = canv.current = None
            return 0
        canv.end()
        canv.item = None
        return 1

    def tagged_split(flowable, canv):
        found = split(flowable, canv)
        target = targets.get(id(flowable))
        if target is not None:
            for part in found:
                targets[id(part)] = target
            parts.extend(found)
            if isinstance(target, Grid) and len(found) == 2:
                _share_rows(flowable, *found)
        return found

    frame.add, frame.split = tagged_add, tagged_split


def _rows(table) -> list[int | None]:
    """Which row of its table each row of a table (or a part of one) is: its index in the
    `Grid`, or None for a header row repeated on a later page."""
    rows = getattr(table, "rows_of", None)
    return rows if rows is not None else list(range(len(table._cellvalues)))


def _share_rows(table, first, rest) -> None:
    """Give the two parts of a split table their rows: the first part the leading ones; the
    second its repeated header (None) and the others, beginning again with the last row of
    the first part when that row itself was split (a row taller than a page)."""
    rows = _rows(table)
    taken = len(first._cellvalues)
    repeated = rest.repeatRows if isinstance(rest.repeatRows, int) else len(rest.repeatRows)
    left = len(rest._cellvalues) - repeated
    start = taken - 1 if len(rows) - taken + 1 == left else taken
    first.rows_of = rows[:taken]
    rest.rows_of = [None] * repeated + rows[start:start + left]


def table_hook(grid: Grid):
    """reportlab's `renderCB` for one table (and the parts it splits into): each cell's drawing
    as its TH or TD; the shading and the rules as layout artifacts; on a later page, the
    repeated header row as a pagination artifact. A mirrored table's cells are drawn right to
    left: each is still tagged as its cell of the grid."""
    row: list = []

    def hook(table, event, *args):
        canvas = table.canv
        if event in ("startBG", "startLines"):
            canvas.artifact("Layout")
        elif event in ("endBG", "endLines"):
            canvas.addLiteral("EMC")
        elif event == "startRow":
            index = _rows(table)[args[0]]
            row[:] = [] if index is None else grid.cells[index]
        elif event == "startCell":
            if row:  # a mirrored table (a brief right to left) draws its last column first
                column = len(row) - 1 - args[1] if getattr(table, "mirrored", False) else args[1]
                canvas.begin(row[column])
            else:
                canvas.artifact("Pagination", "Header")
        elif event == "endCell":
            canvas.end()

    return hook
