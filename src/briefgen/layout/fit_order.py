"""What the fit stage may drop, in which order, and what a page would measure without it.

In: the full `Document` (every item the audience keeps) and its `Measure` at a size step. Out:
the drop order of one priority (`drop_order`) and an `Estimate` of the flow's height without a
set of items, from the heights measured once, so that the fit stage can weigh many pages and
measure only the few it chooses between.

The spread rule: the items of one priority leave the lists (each bullet list, table and run of
quotes) in proportion to the lists' sizes. The next item to go is always from the list that
keeps the largest share of the entries it had when this priority's cuts began (the larger list
on a tie, then the earlier one), and within a list from the end its template names
(`drop="first"`: the oldest events of a timeline). So a list of 12 loses about three items for
each one a list of 4 loses, and no list is emptied while another keeps everything. An audience may favour some sections
(`fit: {favour: [timeline, quotes]}`): their lists lose items of a priority only once the
other lists have none of that priority left.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from briefgen.compose import document as d
from briefgen.input.text import BIDI_MARKS, clipped
from briefgen.layout.measure import Measure


def _lists(document: d.Document) -> list[tuple[str, list[d.Droppable]]]:
    """Every list, table and run of quotes with its section's key, each ordered so that its
    last entry goes first."""
    out: list[tuple[str, list[d.Droppable]]] = []
    for section in document.sections:
        quotes: list[d.Droppable] = [b for b in section.blocks if isinstance(b, d.Quote)]
        for block in section.blocks:
            if isinstance(block, (d.BulletList, d.Table)):
                entries = list(block.items if isinstance(block, d.BulletList) else block.rows)
                out.append((section.key, entries[::-1] if block.drop_from == "first" else entries))
        if quotes:
            out.append((section.key, quotes))
    return out


def groups(document: d.Document) -> list[list[d.Droppable]]:
    """Every list, table and run of quotes, each ordered so that its last entry goes first."""
    return [entries for _, entries in _lists(document)]


def drop_order(document: d.Document, priority: int, gone: Iterable[str] = (),
               favour: Collection[str] = ()) -> list[str]:
    """The keys of this priority's items in the order they go (the spread rule above), with the
    items in `gone` already out of their lists; the lists of the sections in `favour` lose
    theirs only once the others have none left."""
    gone = set(gone)
    lists = _lists(document)
    kept = [sum(1 for x in entries if x.key not in gone) for _, entries in lists]
    sizes = [max(n, 1) for n in kept]
    later = [section in favour for section, _ in lists]
    pending = [[x.key for x in entries if x.key and x.priority == priority and x.key not in gone]
               for _, entries in lists]
    order = []
    while any(pending):
        i = max((i for i, keys in enumerate(pending) if keys),
                key=lambda i: (not later[i], kept[i] / sizes[i], sizes[i], -i))
        order.append(pending[i].pop())
        kept[i] -= 1
    return order


def labels(document: d.Document) -> dict[str, tuple[int, str]]:
    """Each droppable item's priority and the start of its text, for the notes."""
    out = {}
    for entries in groups(document):
        for item in entries:
            if item.key:
                out[item.key] = (item.priority, label(item))
    return out


def label(item: object) -> str:
    if isinstance(item, d.Row):
        text = " ".join(d.plain_text(cell) for cell in item.cells)
    else:
        text = d.plain_text(item.runs)
    return clipped(BIDI_MARKS.sub("", text))  # a note shows no bidi isolates or marks


def _section_keys(document: d.Document) -> list[frozenset[str]]:
    """The keyed entries of each section."""
    return [frozenset(x.key for x in d.entries(section) if x.key)
            for section in document.sections]


@dataclass(frozen=True)
class Estimate:
    """The full document measured at one size step, and what follows from it: a section whose
    keyed entries are all gone is not shown (its heading and notes go too), and a source entry
    (keyed by its facts path) is not shown once no item that cites it is (`cites`: item key ->
    the source keys it cites)."""

    measure: Measure
    sections: tuple[frozenset[str], ...]
    citers: Mapping[str, frozenset[str]]  # source key -> the item keys that cite it

    @classmethod
    def of(cls, document: d.Document, measure: Measure,
           cites: Mapping[str, frozenset[str]]) -> Estimate:
        citers: dict[str, set[str]] = {}
        for item, sources in cites.items():
            if item in measure.items:
                for source in sources:
                    if source in measure.items:
                        citers.setdefault(source, set()).add(item)
        return cls(measure, tuple(_section_keys(document)),
                   {source: frozenset(items) for source, items in citers.items()})

    def gone(self, dropped: frozenset[str]) -> frozenset[str]:
        """The dropped items and the sources only they cite."""
        orphans = {source for source, items in self.citers.items() if items <= dropped}
        return dropped | orphans

    def height(self, dropped: frozenset[str]) -> float:
        """The flow's height without these items, estimated from the heights measured."""
        gone = self.gone(dropped)
        items, total = self.measure.items, self.measure.height
        total -= sum(items.get(key, 0.0) for key in gone)
        for keys, whole in zip(self.sections, self.measure.sections):
            if keys and keys <= gone:
                total -= whole - sum(items.get(key, 0.0) for key in keys)
        return total
