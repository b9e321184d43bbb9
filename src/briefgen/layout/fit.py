"""Fit: make a brief one page, the same way for both formats.

In: a function that makes the Document without a given set of items, and the Theme. Out:
`Fitted`: the document and theme chosen, notes on what was dropped or tightened, whether it
fits, and the laid-out brief (`layout.laid_out.LaidOut`) that every writer draws. Heights come
from `layout.measure`; decisions are made from them, then checked by measuring once more.

The order never changes: drop priority-3 items (from the ends of the longest lists first), then
tighten sizes and spacing step by step within the theme's bounds, then drop priority-2 items the
same way. Priority-1 items are never dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from briefgen.compose import document as d
from briefgen.design.theme import TIGHTEN_STEPS, Theme
from briefgen.layout.laid_out import LaidOut, lay_out
from briefgen.layout.measure import Layout, Measure, PieceStore

Maker = Callable[[frozenset[str]], d.Document]


@dataclass(frozen=True)
class Fitted:
    """What fitting decided, and whether the brief fits the page."""

    document: d.Document  # without the items dropped
    theme: Theme  # the theme at the step chosen
    fits: bool
    notes: tuple[str, ...]
    height: float  # of the laid-out flow, in points
    available: float  # what the page holds, less the safety margin
    layout: Layout = field(repr=False)  # through which it was measured
    measured: Measure = field(repr=False)  # the document at the theme

    @functools.cached_property
    def laid_out(self) -> LaidOut:
        """The brief every writer draws (laid out when first asked for: a brief that does not
        fit is refused without its pages being counted)."""
        return lay_out(self.document, self.theme, self.notes, self.layout, self.measured)


def _groups(document: d.Document) -> list[list[d.Droppable]]:
    """Every list, table and run of quotes, each ordered so that its last entry goes first."""
    groups: list[list[d.Droppable]] = []
    for section in document.sections:
        quotes: list[d.Droppable] = [b for b in section.blocks if isinstance(b, d.Quote)]
        for block in section.blocks:
            if isinstance(block, (d.BulletList, d.Table)):
                entries = list(block.items if isinstance(block, d.BulletList) else block.rows)
                groups.append(entries[::-1] if block.drop_from == "first" else entries)
        if quotes:
            groups.append(quotes)
    return groups


def _candidates(document: d.Document, priority: int) -> list[tuple[str, str]]:
    """(key, text) of the items of this priority in drop order: always from the longest
    remaining list, at the end its template names, so no list is emptied while others stay full."""
    groups = _groups(document)
    lengths = [len(group) for group in groups]
    pending = [[x for x in group if x.key and x.priority == priority] for group in groups]
    order = []
    while any(pending):
        i = max((i for i, group in enumerate(pending) if group), key=lambda i: lengths[i])
        item = pending[i].pop()
        lengths[i] -= 1
        order.append((item.key, _label(item)))
    return order


def _label(item: object) -> str:
    if isinstance(item, d.Row):
        text = " ".join(d.plain_text(cell) for cell in item.cells)
    else:
        text = d.plain_text(item.runs)
    return text if len(text) <= 50 else text[:47] + "..."


class _Editor:
    """One brief being fitted: the document as it stands, what was dropped, and its measurement
    at each tightening step tried since the last drop."""

    def __init__(self, make: Maker, theme: Theme, layout: Layout, pages: int = 1) -> None:
        self.make, self.theme, self.layout = make, theme, layout
        self.available = theme.text_height * (1 - theme.fit_margin) * pages  # N pages' worth
        self.dropped: set[str] = set()
        self.notes: list[str] = []
        self.document = make(frozenset())
        self.sizes = {0: layout.measure(self.document, theme)}  # step -> its measurement

    def _remake(self, step: int) -> Measure:
        self.document = self.make(frozenset(self.dropped))
        return self.layout.measure(self.document, self.theme.tightened(step))

    def drop(self, priority: int, step: int) -> None:
        """Drop items of this priority until the page fits at this step. Each drop subtracts
        the item's measured height; when that estimate says it fits, measuring checks it."""
        size, estimated = self.sizes[step], False
        for key, text in _candidates(self.document, priority):
            if size.height <= self.available:
                break
            self.dropped.add(key)
            self.notes.append(f"dropped {key} (priority {priority}): {text}")
            size, estimated = Measure(size.height - size.items.get(key, 0.0), size.items), True
            if size.height <= self.available:
                size, estimated = self._remake(step), False
        if estimated:
            size = self._remake(step)
        self.sizes = {step: size}  # measurements of the document before the drops no longer hold

    def fits(self, step: int) -> bool:
        if step not in self.sizes:
            self.sizes[step] = self.layout.measure(self.document, self.theme.tightened(step))
        return self.sizes[step].height <= self.available

    def loosest(self, low: int, high: int) -> int:
        """The smallest step in low..high at which the page fits, knowing that `high` fits."""
        while low < high:
            middle = (low + high) // 2
            low, high = (low, middle) if self.fits(middle) else (middle + 1, high)
        return high


def fit(make: Maker, theme: Theme, tighten: bool = True,
        store: PieceStore | None = None, pages: int = 1) -> Fitted:
    """Fit the document on `pages` pages (`Fitted.fits`: it does); `tighten=False` keeps the
    theme's sizes and spacing. Pieces are laid out through `store` (a fresh one unless given)."""
    layout = Layout(store)
    editor = _Editor(make, theme, layout, pages)
    step = 0
    if not editor.fits(0):
        editor.drop(3, 0)
    if not editor.fits(0) and tighten:
        if editor.fits(TIGHTEN_STEPS):
            step = editor.loosest(1, TIGHTEN_STEPS)
        else:
            editor.drop(2, TIGHTEN_STEPS)
            step = editor.loosest(0, TIGHTEN_STEPS) if editor.fits(TIGHTEN_STEPS) \
                else TIGHTEN_STEPS
    elif not editor.fits(0):
        editor.drop(2, 0)
    current, size = theme.tightened(step), editor.sizes[step]
    notes = editor.notes
    if step:
        notes.append(f"tightened to {current.body_size:g} pt body and {current.small_size:g} pt "
                     f"small text (theme: {theme.body_size:g} and {theme.small_size:g} pt), "
                     f"spacing to {current.block_space / theme.block_space:.0%}")
    fitted = Fitted(editor.document, current, size.height <= editor.available, tuple(notes),
                    size.height, editor.available, layout, size)
    if fitted.fits and pages > 1:  # the keep rules (`layout.pages`) may need one page more
        laid_out = fitted.laid_out
        fitted = replace(fitted, fits=laid_out.pages <= pages)
        fitted.__dict__["laid_out"] = laid_out  # the cached property's value: paged once
    return fitted
