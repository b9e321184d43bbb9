"""Choosing the page: the documents made and measured while a brief is fitted, and the searches
over them that `layout.fit` runs in its order (what is dropped, on how many pages, at which size
step and spacing).

In: a function that makes the Document without a given set of items, the Theme, and the
`measure.Layout` that lays pieces out. Out: `Chooser`, whose searches say which items are dropped
(`most`, `put_back`), the loosest size step that fits (`loosest`) and the most spacing
(`roomiest`); each document and measure is made once and kept for the rest of the fit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping

from briefgen.compose import document as d
from briefgen.design.theme import TIGHTEN_STEPS, Theme
from briefgen.layout.fit_order import Estimate, drop_order
from briefgen.layout.measure import Layout, Measure

Maker = Callable[[frozenset[str]], d.Document]  # make(dropped): the Document without those items
NONE: frozenset[str] = frozenset()
TOLERANCE = 1.0  # points a cut item's page may be estimated over the room and still be tried
SURE = 6.0  # points an estimate must leave to spare for an item to come back unmeasured


class Chooser:
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

    def on(self, pages: int) -> Chooser:
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
        its page's corrected estimate is within `TOLERANCE` of fitting and below every page
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
        measured, is within `TOLERANCE` of fitting and below every page found not to fit;
        `trusting` (one page, where the estimate errs by a line at most) starts from the
        estimate alone and takes an item back unmeasured when its estimate leaves `SURE`
        points to spare, for the caller to check the page it ends with."""
        estimate, room = self.estimate(step), self.room
        current, measured, failed = dropped, None if trusting else dropped, math.inf
        for key in reversed(cut):
            error = 0.0 if measured is None else \
                self.measure(measured, step).height - estimate.height(measured)
            guess = estimate.height(current - {key}) + error
            if trusting and guess <= room - SURE:
                current = current - {key}
            elif guess <= room + TOLERANCE and guess < failed:
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
                    > self.room - TOLERANCE:
                continue  # sure not to fit
            if self.fits(dropped, candidate := self.step_of(theme)):
                return candidate
        return step
