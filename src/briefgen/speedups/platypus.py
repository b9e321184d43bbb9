"""reportlab's platypus, imported so that its pattern for web addresses is compiled only when a
word that has `://` in it ends a line (see `briefgen.speedups.lazy_regex`): compiling it takes about
40 ms, a tenth of a whole `briefgen build`. The PDF writer imports platypus from here, first.
"""

from __future__ import annotations

from briefgen.speedups.lazy_regex import LazyPattern, lazy_patterns

with lazy_patterns("reportlab.platypus.paragraph"):
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

if isinstance(_paragraph.uri_pat, LazyPattern):
    # the pattern matches only text with a scheme and "://" (checked in tests/test_lazy_regex.py):
    # other words, the most it is tried on, need no compiling
    _paragraph.uri_pat.required = "://"

__all__ = ["BaseDocTemplate", "Flowable", "Frame", "PageTemplate", "ParaLines", "Paragraph",
           "Table", "TableStyle", "_handleBulletWidth", "cjkU", "cleanBlockQuotedText",
           "makeCJKParaLine"]
