"""Direction: whether a text or a language is written right to left.

In: a text, or a language tag. Out: 'rtl' or 'ltr'. A paragraph's direction is that of its first
strong character, as the Unicode bidirectional algorithm (UAX #9, rules P2 and P3) says,
skipping what sits inside isolates; a text without a strong character takes the direction it is
given (the brief's). A language is right to left when its script is (Arabic, Hebrew, Persian,
Urdu, ...). Every writer asks these two questions here, so the PDF, the DOCX and the HTML agree
on which paragraphs run right to left.
"""

from __future__ import annotations

import unicodedata

STRONG_RTL = ("R", "AL")
OPENS_ISOLATE = ("LRI", "RLI", "FSI")
# Languages whose usual script runs right to left (ISO 639-1 and -3 codes).
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "syr", "ug",
                           "ur", "yi"})


def paragraph_direction(text: str, default: str = "ltr") -> str:
    """'rtl' or 'ltr' from the first strong character outside isolates; `default` when none."""
    if text.isascii():
        return "ltr" if any(c.isalpha() for c in text) else default
    depth = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in OPENS_ISOLATE:
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and kind == "L":
            return "ltr"
        elif depth == 0 and kind in STRONG_RTL:
            return "rtl"
    return default


def language_direction(tag: str) -> str:
    """'rtl' for a tag whose language is written right to left ('ar', 'he-IL', 'fa'), else 'ltr'."""
    primary = tag.replace("_", "-").split("-")[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


def has_rtl(text: str) -> bool:
    """True when the text holds a right-to-left letter or an Arabic number (reordering needed)."""
    return not text.isascii() and any(
        unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in text)
