"""A reportlab paragraph that breaks its lines once per width.

In: nothing; out: `WrapOnce`, a base class for a `reportlab.platypus.Paragraph` subclass, put
before Paragraph in its bases.

Upstream behaviour relied on (reportlab below 5.2, as pyproject.toml bounds it):
`Paragraph.wrap(availWidth, availHeight)` breaks the lines at `availWidth` and returns (width,
height) without looking at `availHeight`, and what it leaves behind (the broken lines) is what a
second wrap at the same width would leave. The page, the fit stage and each table (when it draws
its cells) ask a paragraph to wrap at the same width several times; with `WrapOnce` only the first
one breaks lines. `split` gives new paragraphs, so the paragraph split forgets its wrap.

With BRIEFGEN_SPEEDUPS=off, `WrapOnce` adds nothing: every wrap breaks the lines again.
"""

from __future__ import annotations

from briefgen.speedups import ENABLED


class _WrapOnce:
    """Remembers the last wrap's width and result; `split` forgets them."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth, availHeight):
        if self._wrapped is None or self._wrapped[0] != availWidth:
            self._wrapped = availWidth, super().wrap(availWidth, availHeight)
        return self._wrapped[1]

    def split(self, availWidth, availHeight):
        self._wrapped = None
        return super().split(availWidth, availHeight)


class _Plain:
    """reportlab's own wrap and split."""


WrapOnce: type = _WrapOnce if ENABLED else _Plain
