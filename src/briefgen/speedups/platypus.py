"""reportlab's platypus, imported so that its pattern for web addresses is compiled only when a
word that has `://` in it ends a line (see `briefgen.speedups.lazy_regex`): compiling it takes about
40 ms, a tenth of a whole `briefgen build`. The PDF writer and the paragraphs module import
platypus from here, first.

Upstream behaviour relied on (reportlab below 5.2, as pyproject.toml bounds it):
`reportlab.platypus.paragraph` compiles `uri_pat` with `re.compile` at its top level and only calls
its `match` (on a word that may be a web address, to split it at a slash); every match has a scheme
and `://`, so a word without `://` needs no compiling to fail (checked in
tests/test_lazy_regex.py).

With BRIEFGEN_SPEEDUPS=off, platypus is imported as it is, its patterns compiled at import.
"""

from __future__ import annotations

from contextlib import nullcontext

from briefgen.speedups import ENABLED
from briefgen.speedups.lazy_regex import LazyPattern, lazy_patterns
from briefgen.speedups.same_frag import install as install_same_frag

with lazy_patterns("reportlab.platypus.paragraph") if ENABLED else nullcontext():
    from reportlab.platypus import (
        BaseDocTemplate,
        Flowable,
        Frame,
        PageTemplate,
        Paragraph,
        Table,
        TableStyle,
    )
    from reportlab.platypus import paragraph as _paragraph
    from reportlab.platypus.paragraph import (
        ParaLines,
        _handleBulletWidth,
        cjkU,
        cleanBlockQuotedText,
        makeCJKParaLine,
    )

if ENABLED:  # fragments compared without the C version's slow misses (`same_frag`)
    install_same_frag(_paragraph)

if isinstance(_paragraph.uri_pat, LazyPattern):
    # the pattern matches only text with a scheme and "://": other words, the most it is tried
    # on, need no compiling
    _paragraph.uri_pat.required = "://"

__all__ = ["BaseDocTemplate", "Flowable", "Frame", "PageTemplate", "ParaLines", "Paragraph",
           "Table", "TableStyle", "_handleBulletWidth", "cjkU", "cleanBlockQuotedText",
           "makeCJKParaLine"]
