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
import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from briefgen.compose import document as d
from briefgen.design.theme import TIGHTEN_STEPS, Theme
from briefgen.layout.fit_order import Estimate, drop_order, labels
from briefgen.layout.laid_out import LaidOut, lay_out
from briefgen.layout.measure import Layout, Measure, PieceStore, store_for_build

Maker = Callable[[frozenset[str]], d.Document]
NONE: frozenset[str] = frozenset()
_TOLERANCE = 1.0  # points a cut item's page may be estimated over the room and still be tried
_SURE = 6.0  # points an estimate must leave to spare for an item to come back unmeasured


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


class _Chooser:
    """One brief being fitted on `pages` pages: the documents made and measured so far, by the
    items dropped and the size step."""

    def __init__(self, make: Maker, theme: Theme, layout: Layout,
                 cites: Mapping[str, frozenset[str]], favour: Collection[str],
                 keys: Collection[str] | None) -> None:
        self.make, self.theme, self.layout, self.cites = make, theme, layout, cites
        self.favour, self.keys = favour, keys
        self.available = theme.page_room
        self.pages, self.room = 1, self.available  # `on()` sets them
        self.documents = {NONE: make(NONE)}
        self.between: list[Theme] = []  # themes weighed besides the steps (`step_of`)
        self.sizes: dict[tuple[frozenset[str], int], Measure] = {}
        self.estimates: dict[int, Estimate] = {}

    @property
    def full(self) -> d.Document:
        return self.documents[NONE]

    def on(self, pages: int) -> _Chooser:
        """Weigh pages of `pages` pages from now on (what is measured stays known)."""
        self.pages, self.room = pages, pages * self.available
        return self

    def order(self, priority: int, gone: frozenset[str] = NONE) -> list[str]:
        """The items of this priority the fit may drop, in the order they go."""
        order = drop_order(self.full, priority, gone, self.favour)
        return order if self.keys is None else [key for key in order if key in self.keys]

    def document(self, dropped: frozenset[str]) -> d.Document:
        if dropped not in self.documents:
            self.documents[dropped] = self.make(dropped)
        return self.documents[dropped]

    def at(self, step: int) -> Theme:
        """The theme of a step: one of the theme's `TIGHTEN_STEPS`, or one weighed between."""
        if step > TIGHTEN_STEPS:
            return self.between[step - TIGHTEN_STEPS - 1]
        return self.theme.tightened(step)

    def step_of(self, theme: Theme) -> int:
        """A step for a theme between the theme's steps."""
        self.between.append(theme)
        return TIGHTEN_STEPS + len(self.between)

    def measure(self, dropped: frozenset[str], step: int) -> Measure:
        if (dropped, step) not in self.sizes:
            self.sizes[dropped, step] = self.layout.measure(self.document(dropped),
                                                               self.at(step))
        return self.sizes[dropped, step]

    def fits(self, dropped: frozenset[str], step: int) -> bool:
        measured = self.measure(dropped, step)
        if measured.height <= self.available:
            return True
        if self.pages == 1 or measured.height > self.room:
            return False
        return self.count(measured, step) <= self.pages

    def count(self, measured: Measure, step: int) -> int:
        """The pages a measured flow takes (`layout.pages`)."""
        from briefgen.layout.pages import count

        theme = self.at(step)
        return count(self.layout.groups(measured.pieces, theme),
                     [piece.kind for piece in measured.pieces], theme, measured.height)

    def estimate(self, step: int) -> Estimate:
        if step not in self.estimates:
            self.estimates[step] = Estimate.of(self.full, self.measure(NONE, step), self.cites)
        return self.estimates[step]

    def most(self, order: list[str], dropped: frozenset[str], step: int) -> frozenset[str]:
        """`dropped` and as few of `order`'s items (taken in that order) as the page at this
        step needs, then each of those tried back, the last first: the items dropped.

        The estimate (`fit_order.Estimate`) errs only where a template prints something for a
        whole list (a note under a table) or where keep rules move a piece to the next page, so
        a page is made and measured only when its estimate says it fits: first where the
        estimate alone says so, then where the estimate corrected by that page's error says
        so, then by halving (more cuts never make a page longer). A cut item is tried back when
        its page's corrected estimate is within `_TOLERANCE` of fitting and below every page
        found not to fit. On one page, where the estimate errs by a line at most, the cuts and
        the items taken back are first chosen on the estimates alone, and only the page they
        end with is made and measured, then the items still out are tried back with that page's
        error (the careful way above if it does not fit)."""
        if not order:
            return dropped
        estimate, room = self.estimate(step), self.room

        def without(n: int) -> frozenset[str]:
            return dropped | frozenset(order[:n])

        def first(n: int, offset: float) -> int:
            return next((m for m in range(n, len(order) + 1)
                         if estimate.height(without(m)) + offset <= room), len(order))

        cut = first(0, 0.0)
        if self.pages == 1:
            kept = self.put_back(order[:cut], without(cut), step, trusting=True)
            if self.fits(kept, step):  # and what is still out, tried with the page's error
                return self.put_back([key for key in order[:cut] if key in kept], kept, step)
        if not self.fits(without(cut), step):
            error = self.measure(without(cut), step).height - estimate.height(without(cut))
            low, cut = cut + 1, first(cut + 1, max(error, 0.0))
            if not self.fits(without(cut), step):
                low, cut = cut + 1, len(order)
                if not self.fits(without(cut), step):
                    return without(cut)
                while low < cut:
                    middle = (low + cut) // 2
                    low, cut = (low, middle) if self.fits(without(middle), step) \
                        else (middle + 1, cut)
        return self.put_back(order[:cut], without(cut), step)

    def put_back(self, cut: list[str], dropped: frozenset[str], step: int,
                 trusting: bool = False) -> frozenset[str]:
        """Each cut item tried back, the last cut first: the items still dropped. An item is
        measured back only when the page's estimate, corrected by the error of the last page
        measured, is within `_TOLERANCE` of fitting and below every page found not to fit;
        `trusting` (one page, where the estimate errs by a line at most) starts from the
        estimate alone and takes an item back unmeasured when its estimate leaves `_SURE`
        points to spare, for the caller to check the page it ends with."""
        estimate, room = self.estimate(step), self.room
        current, measured, failed = dropped, None if trusting else dropped, math.inf
        for key in reversed(cut):
            error = 0.0 if measured is None else \
                self.measure(measured, step).height - estimate.height(measured)
            guess = estimate.height(current - {key}) + error
            if trusting and guess <= room - _SURE:
                current = current - {key}
            elif guess <= room + _TOLERANCE and guess < failed:
                if self.fits(current - {key}, step):
                    current = measured = current - {key}
                else:
                    failed = guess
        return current

    def loosest(self, dropped: frozenset[str], high: int) -> int:
        """The smallest step in 0..high at which the page fits, knowing that `high` fits. The
        steps next to the one the estimates point to (`_aimed`) are tried first, one by one
        from the step below it, downwards while they fit and upwards while they do not (three
        at most), then the rest by halving: the step halving alone finds (a step fits if every
        tighter one does), in fewer measures."""
        low, probe = 0, self._aimed(dropped, high) - 1
        for _ in range(3):
            if not low <= probe < high:
                break
            if self.fits(dropped, probe):
                high, probe = probe, probe - 1
            else:
                low, probe = probe + 1, probe + 1
        while low < high:
            middle = (low + high) // 2
            low, high = (low, middle) if self.fits(dropped, middle) else (middle + 1, high)
        return high

    def _aimed(self, dropped: frozenset[str], high: int) -> int:
        """The first step at which the page should fit, from the page's height at step 0 (the
        estimate, corrected by its error at `high`) and at `high` (measured), taken as falling
        evenly from step to step; `high` when they tell nothing."""
        measured = self.measure(dropped, high).height
        error = measured - self.estimate(high).height(dropped)
        top = self.estimate(0).height(dropped) + error
        if top <= measured or measured > self.room:
            return high
        return min(high, max(1, math.ceil(high * (top - self.room) / (top - measured))))

    def roomiest(self, dropped: frozenset[str], step: int) -> int:
        """At the text sizes of `step` (which fits), the most space between pieces that still
        fits: a step of its own. Space costs no new layout of a piece (`measure.inside`), and
        on one page the height it adds is known beforehand: the space above each piece grows
        in proportion, so only the spacing chosen is measured, to be sure."""
        measured = self.measure(dropped, step)
        space = sum(piece.space for piece in measured.pieces)
        rate = space / self.at(step).block_space if self.at(step).block_space else 0.0
        for spacing in range(step):
            theme = self.theme.tightened(step, spacing)
            if self.pages == 1 and measured.height - space + rate * theme.block_space \
                    > self.room - _TOLERANCE:
                continue  # sure not to fit
            if self.fits(dropped, candidate := self.step_of(theme)):
                return candidate
        return step


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
    chooser = _Chooser(make, theme, layout, cites or {}, favour, keys)
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


def _fitted(chooser: _Chooser, dropped: frozenset[str], step: int, layout: Layout) -> Fitted:
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
