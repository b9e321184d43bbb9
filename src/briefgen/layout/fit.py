"""Fit: choose the page that gives the reader the most, the same way for both formats.

In: a function that makes the Document without a given set of items, and the Theme. Out:
`Fitted`: the document and theme chosen, notes on what was dropped or tightened, whether it
fits, and the laid-out brief (`layout.laid_out.LaidOut`) that every writer draws.

The page is chosen, not reached by trial and error, in this order of what matters to a reader:
1. every priority-1 item (never dropped; a brief whose priority 1 does not fit is refused, or,
   when the caller allows it, given as many pages as priority 1 needs);
2. as many priority-2 items as fit at the smallest sizes the theme allows;
3. the fewest pages (of the `pages` allowed) that hold them;
4. the largest text and spacing at which those items fit those pages;
5. as many priority-3 items as fit at that size.
Items leave their lists by the spread rule of `layout.fit_order`. After the cuts, each item cut
is tried back (the last cut first), so no dropped item could be put back without dropping
another: a priority-2 item not even at the smallest sizes, a priority-3 item not at the size
chosen. The document is measured once in full at each size step it weighs (`fit_order.Estimate`);
pages in between are estimated from those heights, and only the pages chosen between are made
and measured.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from briefgen.compose import document as d
from briefgen.design.theme import TIGHTEN_STEPS, Theme
from briefgen.layout.fit_choice import NONE, Chooser, Maker
from briefgen.layout.fit_order import labels
from briefgen.layout.laid_out import LaidOut, lay_out
from briefgen.layout.measure import Layout, Measure, PieceStore, store_for_build

__all__ = ["Fitted", "Maker", "fit"]


@dataclass(frozen=True)
class Fitted:
    """What fitting decided, and whether the brief fits its pages."""

    document: d.Document  # without the items dropped
    theme: Theme  # the theme at the step chosen
    fits: bool
    notes: tuple[str, ...]
    height: float  # of the laid-out flow, in points
    available: float  # what one page holds, less the safety margin
    layout: Layout = field(repr=False)  # through which it was measured
    measured: Measure = field(repr=False)  # the document at the theme
    pages: int = 1  # the pages the fit filled (more than asked only when allowed to grow)
    measures: int = 0  # documents measured to choose (the fit's cost, in the benchmark)

    @functools.cached_property
    def laid_out(self) -> LaidOut:
        """The brief every writer draws (laid out when first asked for: a brief that does not
        fit is refused without its pages being counted)."""
        return lay_out(self.document, self.theme, self.notes, self.layout, self.measured)


def fit(make: Maker, theme: Theme, tighten: bool = True, store: PieceStore | None = None,
        *, cites: Mapping[str, frozenset[str]] | None = None, favour: Collection[str] = (),
        keys: Collection[str] | None = None, pages: int = 1, grow: bool = False) -> Fitted:
    """Fit the document on at most `pages` pages (the fewest that hold the items chosen);
    `tighten=False` keeps the theme's sizes and spacing. `cites` maps an item's key to the keys
    of the source entries it cites (a source entry no printed item cites is not printed: the
    estimates allow for it); the lists of the sections in `favour` lose items last
    (`fit_order.drop_order`). Only items whose key is in `keys` (when given: the facts paths
    `make` knows how to leave out) are dropped. `grow`: when priority 1 does not fit, fit it
    on as many pages as it needs instead. Pieces are laid out through `store` (else the build's:
    `measure.store_for_build`)."""
    layout = Layout(store if store is not None else store_for_build())
    chooser = Chooser(make, theme, layout, cites or {}, favour, keys)
    tightest = TIGHTEN_STEPS if tighten else 0
    third = frozenset(chooser.order(3))
    if chooser.fits(NONE, 0):  # on one page as it is
        return _fitted(chooser, NONE, 0, layout)
    if pages == 1 and chooser.estimate(0).height(third) <= chooser.room \
            and chooser.fits(third, 0):
        dropped, step = third, 0  # every priority-2 item fits at the theme's sizes
    else:
        dropped = chooser.on(pages).most(chooser.order(2, third), third, tightest)
        if not chooser.fits(dropped, tightest):
            needed = chooser.count(chooser.measure(dropped, tightest), tightest)
            if grow and needed > pages:
                return fit(make, theme, tighten, layout.store, cites=cites, favour=favour,
                           keys=keys, pages=needed)
            return _fitted(chooser, dropped, tightest, layout)
        fewest = next(n for n in range(1, pages + 1) if chooser.on(n).fits(dropped, tightest))
        step = chooser.on(fewest).loosest(dropped, tightest)
        step = chooser.roomiest(dropped, step)
    second = dropped - third
    dropped = chooser.most(chooser.order(3, second), second, step)
    return _fitted(chooser, dropped, step, layout)


def _fitted(chooser: Chooser, dropped: frozenset[str], step: int, layout: Layout) -> Fitted:
    """The result, with a note for each item dropped (priority 3 first, each priority in the
    order its items went) and for the tightening."""
    theme, current = chooser.theme, chooser.at(step)
    known = labels(chooser.full)
    notes = []
    for priority in (3, 2):
        for key in chooser.order(priority):
            if key in dropped:
                notes.append(f"dropped {key} (priority {priority}): {known[key][1]}")
    if current != theme:
        notes.append(f"tightened to {current.body_size:g} pt body and {current.small_size:g} pt "
                     f"small text (theme: {theme.body_size:g} and {theme.small_size:g} pt), "
                     f"spacing to {current.block_space / theme.block_space:.0%}")
    measured = chooser.measure(dropped, step)
    return Fitted(chooser.document(dropped), current, chooser.fits(dropped, step), tuple(notes),
                  measured.height, chooser.available, layout, measured, chooser.pages,
                  layout.measured)
