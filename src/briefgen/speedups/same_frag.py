"""reportlab's test of whether two fragments of a paragraph print alike, without its slow misses.

reportlab's line breaking (`reportlab.platypus.paragraph`) asks `sameFrag(f, g)` of neighbouring
fragments about a thousand times a brief, to join those that print alike. Its C version
(`_rl_accel.sameFrag`) first asks each fragment for `cbDefn` and `lineBreak`, which briefgen's
fragments never have, and each miss makes and drops an AttributeError: about a tenth of the
layout stage. `same_frag` answers the same question with lookups that make no error, and
`install()` puts it where the paragraph module looks for `sameFrag`.

In: two fragments. Out: True where the C version says they print alike, False where it says not:
either has `cbDefn` or `lineBreak` (a drawn object or a line break is never joined), else
whether each of `COMPARED` is the same object or equal in both, or missing from both
(tests/test_same_frag.py compares the two on fragments of every kind). Upstream names relied on
(reportlab below 5.2, as pyproject.toml bounds it): the paragraph module's global `sameFrag`.
"""

from __future__ import annotations

# what the C version compares, in its order
COMPARED = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")
_MISSING = object()


def same_frag(f: object, g: object) -> bool:
    """Whether fragments `f` and `g` print alike (`_rl_accel.sameFrag`'s answer)."""
    if hasattr(f, "cbDefn") or hasattr(g, "cbDefn") or hasattr(f, "lineBreak") \
            or hasattr(g, "lineBreak"):
        return False
    for name in COMPARED:
        a = getattr(f, name, _MISSING)
        b = getattr(g, name, _MISSING)
        if a is b:
            continue
        if a is _MISSING or b is _MISSING or a != b:
            return False
    return True


def install(paragraph_module: object) -> None:
    """Make the paragraph module's line breaking use `same_frag`."""
    paragraph_module.sameFrag = same_frag  # type: ignore[attr-defined]
