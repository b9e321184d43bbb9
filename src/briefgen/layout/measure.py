"""Measuring: each piece of the flow made into reportlab flowables and laid out once.

In: a `Document` (or its pieces) and a `Theme`. Out: a `Measure` (the heights the fit stage
decides with) and the measured flowables, which the PDF writer draws from. reportlab knows where
lines really break, and the DOCX uses fonts with the same widths, so one measurement serves every
format. Paragraphs come from `layout.paragraphs`, tables from the shared geometry of
`layout.tables`.

Laid-out pieces are kept in a `PieceStore`, which the caller may pass in (one store can serve
many measurements). A piece is known by what its inside depends on: its kind, styles and block,
and the theme less the fields that declare (`Theme` field metadata "layout") that they only set
the space between pieces or sizes already in each piece's own style. Any other field, a new one
included, is in the key.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields, replace
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from briefgen.caches import memo
from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.layout.flow import ATTRIBUTION_SPACE, Piece, Style, label_width, pieces
from briefgen.layout.paragraphs import paragraph, pdf_font
from briefgen.layout.tables import RULE_WIDTH, WHITE, table_grid
from briefgen.speedups.platypus import Flowable, Paragraph, Table, TableStyle

BULLET = "•"
Cell = Callable[[d.Runs, Style], Paragraph]
Made = tuple[list[Flowable], float, tuple[float, ...]]  # flowables, height, table row heights


@dataclass(frozen=True)
class Measure:
    """Heights in points: the whole flow, what each keyed item takes up (with the space above
    it), and each of the document's sections (with the space above it; 0 for one not shown); and
    the pieces measured."""

    height: float
    items: dict[str, float]
    pieces: tuple[Piece, ...] = ()
    sections: tuple[float, ...] = ()


@dataclass
class PieceStore:
    """Laid-out pieces and table cells, by what their inside depends on; and, in a process that
    keeps them between builds (`keeping`), the store of the build before, to take back from."""

    pieces: dict[tuple, Made] = field(default_factory=dict)
    cells: dict[tuple[d.Runs, Style, Theme], Paragraph] = field(default_factory=dict)
    earlier: PieceStore | None = None

    def clear(self) -> None:
        self.pieces.clear()
        self.cells.clear()
        self.earlier = None

    def following(self) -> PieceStore:
        """The store of the next build: it takes back from this one what it lays out again, so
        what two builds running did not use is let go (two builds' pieces at most)."""
        self.earlier = None
        return PieceStore(earlier=self)

    def piece(self, key: tuple) -> Made | None:
        return self._take(self.pieces, self.earlier and self.earlier.pieces, key)

    def cell(self, key: tuple[d.Runs, Style, Theme]) -> Paragraph | None:
        return self._take(self.cells, self.earlier and self.earlier.cells, key)

    @staticmethod
    def _take(table: dict, earlier_table: dict | None, key: tuple) -> Any:
        """What `table` holds at `key`, else what the build before held there (taken back into
        `table`), else None. One lookup a table: hashing a key hashes the piece's whole text."""
        made = table.get(key)
        if made is None and earlier_table is not None:
            made = earlier_table.get(key)
            if made is not None:
                table[key] = made
        return made


# The store kept between builds, while `keeping` is in force: `briefgen watch` lays out again
# only what an edit changed. (Builds that may run in threads of one process never share one:
# a reportlab flowable is not drawn by two threads at once.)
_kept: ContextVar[list[PieceStore] | None] = ContextVar("briefgen_pieces", default=None)


@contextmanager
def keeping() -> Iterator[Callable[[bool], None]]:
    """Keep the laid-out pieces from build to build in this context. Yields `next_build(forget)`,
    called before each build: it starts the build's store from the last one's, or empty when
    `forget` (a font may have changed: a piece's key does not hold the font file's widths)."""
    holder = [PieceStore()]
    token = _kept.set(holder)

    def next_build(forget: bool) -> None:
        holder[0] = PieceStore() if forget else holder[0].following()

    try:
        yield next_build
    finally:
        _kept.reset(token)


def store_for_build() -> PieceStore:
    """The store a build lays out through: the kept one while `keeping`, else a new one."""
    holder = _kept.get()
    return holder[0] if holder is not None else PieceStore()


_OUTSIDE = tuple(f.name for f in fields(Theme) if f.metadata.get("layout"))


@memo("layout.inside")
def inside(theme: Theme) -> Theme:
    """The theme as far as the inside of a piece depends on it: each field whose metadata says
    it sets only the space between pieces ("spacing") or a size in a piece's own style ("style")
    is zeroed. (The one other thing a text size sets, the width of the fields' label column, is
    in a fields piece's key.)"""
    return replace(theme, **dict.fromkeys(_OUTSIDE, 0.0))


def _table(piece: Piece, theme: Theme, cell: Cell) -> Table:
    """A fields block or table, from the shared geometry; `cell` makes each cell's paragraph
    (the store keeps them, so the rows a drop leaves are not laid out again). In a brief that
    runs right to left its columns are mirrored, the first on the right, and so are the cells'
    paddings."""
    grid = table_grid(piece, theme)
    left, right = (grid.right, grid.left) if piece.style.rtl else (grid.left, grid.right)
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), grid.top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), grid.bottom),
        ("LEFTPADDING", (0, 0), (-1, -1), left),
        ("RIGHTPADDING", (0, 0), (-1, -1), right),
        ("FONTNAME", (0, 0), (-1, -1), pdf_font(theme, False, False)),  # else Helvetica is named
    ]
    if grid.rule:
        commands.append(("LINEBELOW", (0, -1), (-1, -1), RULE_WIDTH,
                         colors.HexColor(grid.rule)))
    if grid.shade:
        commands.append(("ROWBACKGROUNDS", (0, 0), (-1, -1),
                         [colors.HexColor(grid.shade), colors.HexColor(WHITE)]))
    data = [[cell(runs, style) for runs, style in zip(cells, grid.styles)] for cells in grid.rows]
    widths = list(grid.widths)
    if piece.style.rtl:  # a brief right to left: the first column on the right
        data, widths = [[_at_right(p) for p in row[::-1]] for row in data], widths[::-1]
    # split only between rows, the header row repeated (a row taller than a page: `Layout`)
    header = 1 if isinstance(piece.block, d.Table) and piece.block.header else 0
    if piece.style.rtl:  # drawn in reading order, each cell at its mirrored place
        from briefgen.layout.rtl_table import RightToLeftTable

        return RightToLeftTable(data, colWidths=widths, hAlign="LEFT",
                                style=TableStyle(commands), repeatRows=header, splitInRow=0)
    return Table(data, colWidths=widths, hAlign="LEFT", style=TableStyle(commands),
                 repeatRows=header, splitInRow=0)


def _at_right(flowable: Flowable) -> Flowable:
    """A cell's paragraph in a table laid out right to left, aligned to the table's start side,
    the right, whatever its text's direction: a Latin value (a reference, a name) next to its
    label, not across the page from it. (A shallow copy: the store keeps the cell as made.)"""
    if getattr(flowable, "direction", "ltr") == "rtl":
        return flowable
    moved = copy.copy(flowable)
    moved.style = flowable.style.clone(f"{flowable.style.name}-right", alignment=TA_RIGHT)
    return moved


def _piece_flowables(piece: Piece, theme: Theme, cell: Cell) -> list[Flowable]:
    """A piece's flowables, without the space above the piece (`Layout` adds it): a quote gives
    two, its text and its attribution."""
    block = piece.block
    if piece.kind == "heading":
        return [paragraph((d.Run(block.title),), piece.style, theme)]
    if piece.kind == "paragraph":
        return [paragraph(block.runs, piece.style, theme)]
    if piece.kind in ("item", "number"):
        bullet = block.number if piece.kind == "number" else BULLET
        return [paragraph(block.runs, piece.style, theme, bullet=bullet)]
    if piece.kind == "quote":
        return [paragraph(block.runs, piece.style, theme),
                paragraph(block.attribution, piece.small, theme, ATTRIBUTION_SPACE)]
    return [_table(piece, theme, cell)]


@memo("layout.spaced")
def _with_space(style: ParagraphStyle, space: float) -> ParagraphStyle:
    spaced = copy.copy(style)
    spaced.spaceBefore = space
    return spaced


def _spaced(flowable: Flowable, space: float) -> Flowable:
    """A piece's first flowable with the space above it (a shallow copy: the lines are shared)."""
    if not space:
        return flowable
    spaced = copy.copy(flowable)
    if isinstance(spaced, Table):
        spaced.spaceBefore = space
    else:
        spaced.style = _with_space(flowable.style, space)
    return spaced


class Layout:
    """Measures documents through one `PieceStore` (a fresh one unless given): the fit stage
    measures every candidate through it, and the PDF is drawn from the flowables it measured
    last, so no piece is laid out twice. A piece that a drop only moved, or that a tightening
    step left at the same sizes (a table in small text while the body text shrinks, say), is
    not laid out again; nor is a table cell that stays."""

    def __init__(self, store: PieceStore | None = None) -> None:
        self.store = store if store is not None else PieceStore()
        self.measured = 0  # documents measured: the fit stage's cost, which the benchmark reports

    def _piece(self, piece: Piece, theme: Theme, key_theme: Theme) -> Made:
        """A piece's flowables, laid out without the space above it; the height they take; and
        each table row's height. `key_theme` is `inside(theme)`."""
        key = (piece.kind, piece.style, piece.small, key_theme,
               piece.block.title if piece.kind == "heading" else piece.block,
               label_width(theme, piece.block) if piece.kind == "fields" else None)
        store = self.store
        made = store.piece(key)
        if made is None:
            def cell(runs: d.Runs, style: Style) -> Paragraph:
                made = store.cell((runs, style, key_theme))
                if made is None:
                    made = store.cells[runs, style, key_theme] = paragraph(runs, style, theme)
                return made

            flowables = _piece_flowables(piece, theme, cell)
            used = 0.0
            rows: tuple[float, ...] = ()
            for flowable in flowables:
                _, height = flowable.wrap(theme.text_width, 1e6)
                used += flowable.getSpaceBefore() + height
                if isinstance(flowable, Table) and isinstance(piece.block, d.Table):
                    rows = tuple(flowable._rowHeights[1 if piece.block.header else 0:])
                if isinstance(flowable, Table) and max(flowable._rowHeights) > theme.page_room:
                    flowable.splitInRow = 1  # a row taller than a page cannot stay whole
            store.pieces[key] = made = flowables, used, rows
        return made

    def measure(self, document: d.Document, theme: Theme) -> Measure:
        """Lay the flow out on an endless page of the theme's width and report the heights."""
        self.measured += 1
        total = 0.0
        items: dict[str, float] = {}
        sections = [0.0] * len(document.sections)
        key_theme = inside(theme)
        flow = tuple(pieces(document, theme))
        for piece in flow:
            _, content, rows = self._piece(piece, theme, key_theme)
            used = piece.space + content
            total += used
            sections[piece.section] += used
            if isinstance(piece.block, d.Table):
                for row, row_height in zip(piece.block.rows, rows):
                    if row.key:
                        items[row.key] = row_height
            elif piece.kind != "heading" and getattr(piece.block, "key", None):
                items[piece.block.key] = used
        return Measure(total, items, flow, tuple(sections))

    def flowables(self, flow: Iterable[Piece], theme: Theme) -> list[Flowable]:
        """The flowables of these pieces (a document's, in order), each with the space above
        it."""
        return [flowable for group in self.groups(flow, theme) for flowable in group]

    def groups(self, flow: Iterable[Piece], theme: Theme) -> list[list[Flowable]]:
        """The flowables of each piece, the first with the space above it: what must stay on one
        page together (a quote and its attribution), for the page splitter (`layout.pages`)."""
        out: list[list[Flowable]] = []
        key_theme = inside(theme)
        for piece in flow:
            first, *rest = self._piece(piece, theme, key_theme)[0]
            out.append([_spaced(first, piece.space), *rest])
        return out


def measure(document: d.Document, theme: Theme) -> Measure:
    """The heights of a document laid out on its own."""
    return Layout().measure(document, theme)
