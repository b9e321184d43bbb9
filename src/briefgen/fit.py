"""Fit: make a brief one page, the same way for both formats.

In: a function that makes the Document without a given set of items, and the Theme. Out: a
`Fitted` document and theme, with notes on what was dropped or tightened. Heights come from the
PDF writer's measurement; decisions are made from them, then checked by measuring once more.

The order never changes: drop priority-3 items (from the ends of the longest lists first), then
tighten sizes and spacing step by step within the theme's bounds, then drop priority-2 items the
same way. Priority-1 items are never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefgen import document as d
from briefgen.theme import TIGHTEN_STEPS, Theme
from briefgen.writers.pdf import Measure, measure

Maker = Callable[[frozenset[str]], d.Document]


@dataclass(frozen=True)
class Fitted:
    document: d.Document
    theme: Theme
    fits: bool
    notes: tuple[str, ...]
    height: float  # of the laid-out flow, in points
    available: float  # what the page holds, less the safety margin


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


def fit(make: Maker, theme: Theme) -> Fitted:
    available = theme.text_height * (1 - theme.fit_margin)
    dropped: set[str] = set()
    notes: list[str] = []
    document = make(frozenset())
    current = theme
    size = measure(document, current)

    def drop(priority: int) -> None:
        nonlocal document, size
        for key, text in _candidates(document, priority):
            if size.height <= available:
                return
            dropped.add(key)
            notes.append(f"dropped {key} (priority {priority}): {text}")
            size = Measure(size.height - size.items.get(key, 0.0), size.items)
            if size.height <= available:  # the estimate says it fits: check it
                document = make(frozenset(dropped))
                size = measure(document, current)
        document = make(frozenset(dropped))
        size = measure(document, current)

    if size.height > available:
        drop(3)
    step = 0
    while size.height > available and step < TIGHTEN_STEPS:
        step += 1
        current = theme.tightened(step)
        size = measure(document, current)
    if size.height > available:
        drop(2)
        while step and size.height <= available:  # give back what the drops made room for
            looser = measure(document, theme.tightened(step - 1))
            if looser.height > available:
                break
            step -= 1
            current, size = theme.tightened(step), looser
    if step:
        notes.append(f"tightened to {current.body_size:g} pt body and {current.small_size:g} pt "
                     f"small text (theme: {theme.body_size:g} and {theme.small_size:g} pt), "
                     f"spacing to {current.block_space / theme.block_space:.0%}")
    return Fitted(document, current, size.height <= available, tuple(notes), size.height,
                  available)
