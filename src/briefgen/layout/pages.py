"""Pages: how a brief taller than one page is split into pages, found without drawing anything.

In: the measured flowables of each piece (`layout.measure.Layout.groups`), the pieces' kinds and
the `Theme`. Out: `Paging`: the number of pages, and the pieces before which a new page must be
started. A flow no taller than the text area is one page, drawn as it always was. A taller one
(`--pages`, `--allow-overflow`) is split by these keep rules, the same in every format:

- no piece is split across pages: a paragraph, a list item, a source entry, a quote with its
  attribution each start a new page when they do not fit on the one they would start on;
- a section heading goes with its first item: it starts a new page when the two do not fit;
- a table breaks only between rows, its header row repeated at the top of the next page;
- each page holds the text area less the fit's safety margin (`Theme.page_room`), so that
  Word and LibreOffice, which lay lines out a little differently, fit each page too.

Only a piece taller than a whole page is split (line by line, or row by row), as reportlab does:
it starts where the page has room for its first lines, and in the DOCX it may split too.
The pages are counted with reportlab's own `Frame` (its space and split rules) and the
flowables' own `wrap` and `split`, but without a canvas: a DOCX alone costs no PDF. The PDF
writer draws the same flowables into the same frame with a page break before each piece named
in `Paging.breaks`, so the pages counted here are the pages drawn; the DOCX writer starts the
same pieces on a new page.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus.doctemplate import LayoutError
from reportlab.rl_config import _FUZZ

from briefgen.design.theme import Theme
from briefgen.speedups.platypus import Flowable, Frame, Table

TABLES = ("table", "fields")  # the kinds of piece drawn as a table


@dataclass(frozen=True)
class Paging:
    """How a brief is split into pages: how many, and the index of each piece (in reading
    order) that the keep rules start on a new page. A table that breaks between rows is not
    named: it breaks where the page ends."""

    pages: int
    breaks: tuple[int, ...] = ()
    tall: tuple[int, ...] = ()  # pieces taller than a page: split where the page ends


def _fits(frame: Frame, flowable: Flowable) -> bool:
    """Take the flowable into the frame if it fits there (`Frame._add` without the drawing)."""
    space = 0.0 if frame._atTop else flowable.getSpaceBefore()
    room = frame._y - frame._y1p - space
    if room <= 0:
        return False
    _, height = flowable.wrap(frame._getAvailableWidth(), room)
    y = frame._y - height - space
    if y < frame._y1p - _FUZZ:
        return False
    y -= flowable.getSpaceAfter()
    if y != frame._y:
        frame._atTop = 0
    frame._y = y
    return True


def body_frame(theme: Theme) -> Frame:
    """The frame the text of a one-page brief flows into: the PDF writer draws into this one."""
    return Frame(theme.margin_left, theme.margin_bottom, theme.text_width, theme.text_height,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")


def page_frame(theme: Theme) -> Frame:
    """The frame of each page of a longer brief: the text area from its top, less the fit's
    safety margin at the bottom (`Theme.page_room`)."""
    room = theme.page_room
    return Frame(theme.margin_left, theme.margin_bottom + theme.text_height - room,
                 theme.text_width, room, leftPadding=0, rightPadding=0, topPadding=0,
                 bottomPadding=0, id="page")


def _tall(groups: Sequence[Sequence[Flowable]], kinds: Sequence[str], theme: Theme) -> list[int]:
    """The pieces that cannot be kept whole, so are split where the page ends: those taller
    than a page holds, and those too tall for a page below their section's heading."""
    def height(flowables: Sequence[Flowable]) -> float:
        return sum(f.wrap(theme.text_width, 1e6)[1] + f.getSpaceBefore()
                   for f in flowables) - flowables[0].getSpaceBefore()

    room, tall = theme.page_room + _FUZZ, []
    for i, group in enumerate(groups):
        if kinds[i] in TABLES:
            continue
        after_heading = i > 0 and kinds[i - 1] == "heading"
        if height([*groups[i - 1], *group] if after_heading else group) > room:
            tall.append(i)
    return tall


def _starts(frame: Frame, flowables: Sequence[Flowable], split: bool = False) -> bool:
    """Whether these flowables, one after the other, start on this page as the keep rules want:
    each whole, but a table (or, with `split`, anything) with at least its first rows or lines.
    The frame is left as it was."""
    saved = frame._y, frame._atTop
    try:
        for flowable in flowables:
            if _fits(frame, flowable):
                continue
            if isinstance(flowable, Table) or split:
                parts = frame.split(flowable, None)
                return bool(parts) and _fits(frame, parts[0])
            return False
        return True
    finally:
        frame._y, frame._atTop = saved


class _Counter:
    """The pages so far, and the frame being filled, as reportlab's document template fills it."""

    def __init__(self, theme: Theme) -> None:
        self.theme, self.pages, self.frame = theme, 1, page_frame(theme)

    def new_page(self) -> None:
        self.frame, self.pages = page_frame(self.theme), self.pages + 1

    def place(self, flowables: Sequence[Flowable]) -> None:
        """Flow these in, splitting one across pages only where reportlab would (a table between
        rows, or anything taller than a page)."""
        queue = list(flowables)
        postponed: dict[int, Flowable] = {}  # moved to a new page once; kept so no id is reused
        while queue:
            flowable = queue.pop(0)
            if _fits(self.frame, flowable):
                continue
            parts = self.frame.split(flowable, None)
            if parts:
                if not _fits(self.frame, parts[0]):
                    raise LayoutError(f"splitting error on page {self.pages}")
                queue[0:0] = parts[1:]
                continue
            if id(flowable) in postponed:
                raise LayoutError(f"flowable too large on page {self.pages}")
            postponed[id(flowable)] = flowable
            queue.insert(0, flowable)
            self.new_page()


def paginate(groups: Sequence[Sequence[Flowable]], kinds: Sequence[str],
             theme: Theme) -> Paging:
    """The pages the pieces take (`groups`: each piece's flowables; `kinds`: each piece's kind)
    by the keep rules above. Each flowable is copied before it is wrapped or split, so the
    flowables the PDF writer draws are left as they were."""
    counter = _Counter(theme)
    breaks = []
    tall = _tall(groups, kinds, theme)
    for i, group in enumerate(groups):
        own = [copy.copy(flowable) for flowable in group]
        if kinds[i] in TABLES:  # a table breaks between rows where the page ends
            counter.place(own)
            continue
        wanted, split = own, i in tall  # what must start here, and whether its last may split
        if kinds[i] == "heading" and i + 1 < len(groups):
            wanted = own + [copy.copy(flowable) for flowable in groups[i + 1]]
            split = kinds[i + 1] in TABLES or i + 1 in tall
        if not counter.frame._atTop and not _starts(counter.frame, wanted, split):
            breaks.append(i)
            counter.new_page()
        counter.place(own)
    return Paging(counter.pages, tuple(breaks), tuple(tall))


def count(groups: Sequence[Sequence[Flowable]], kinds: Sequence[str], theme: Theme,
          height: float) -> int:
    """The pages the pieces take on the theme's page; `height` is their measured height (one
    page when it is no taller than a page's room, `Theme.page_room`: the text area less the
    safety margin, as every page of a longer brief)."""
    if height <= theme.page_room + _FUZZ:
        return 1
    return paginate(groups, kinds, theme).pages
