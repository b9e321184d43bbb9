"""Pages: how many pages the laid-out flow takes, found without drawing anything.

In: the measured flowables (`layout.measure`) and the `Theme`. Out: the number of pages. A flow
no taller than the text area is one page. A taller one (`--allow-overflow`) is split into pages
as reportlab's document template does it, with reportlab's own `Frame` (its space and split
rules) and the flowables' own `wrap` and `split`, but without a canvas: a DOCX alone costs no PDF,
and the PDF writer does not count its pages.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from reportlab.platypus.doctemplate import LayoutError
from reportlab.rl_config import _FUZZ

from briefgen.design.theme import Theme
from briefgen.speedups.platypus import Flowable, Frame


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
    """The frame the brief's text flows into on every page: the PDF writer draws into this one,
    so the pages counted here are the pages drawn."""
    return Frame(theme.margin_left, theme.margin_bottom, theme.text_width, theme.text_height,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")


def count(flowables: Sequence[Flowable], theme: Theme, height: float) -> int:
    """The pages the flowables take on the theme's page; `height` is their measured height.
    Each is copied before it is wrapped or split, so the flowables the PDF writer draws are
    left as they were."""
    if height <= theme.text_height + _FUZZ:
        return 1

    queue = [copy.copy(flowable) for flowable in flowables]
    # flowables moved to a new page once, kept alive so that no other one can reuse their id
    frame, pages, postponed = body_frame(theme), 1, {}
    while queue:
        flowable = queue.pop(0)
        if _fits(frame, flowable):
            continue
        parts = frame.split(flowable, None)
        if parts:
            if not _fits(frame, parts[0]):
                raise LayoutError(f"splitting error on page {pages}")
            queue[0:0] = parts[1:]
            continue
        if id(flowable) in postponed:
            raise LayoutError(f"flowable too large on page {pages}")
        postponed[id(flowable)] = flowable
        queue.insert(0, flowable)
        frame, pages = body_frame(theme), pages + 1
    return pages
