"""Dates as the brief prints them, in its language.

In: a day or a `FuzzyDate`, and the brief's language tag. Out: the text printed. This is the
minimal version the language part (L) needs: every language prints today's English labels
("3 February 2025", "Late 1970s"); the dates part (D) replaces this module with one that
prints each language's dates from CLDR (Babel), keeping these two functions.
"""

from __future__ import annotations

import datetime

from briefgen.input.dates import FuzzyDate


def day_label(day: datetime.date, language: str) -> str:
    """The header's long date: '3 February 2025'."""
    from briefgen.compose.context import long_date

    return long_date(day)


def fuzzy_label(date: FuzzyDate, language: str) -> str:
    """A fuzzy date's label as the facts file gives it ('Late 1970s', 'By 2027')."""
    return date.label
