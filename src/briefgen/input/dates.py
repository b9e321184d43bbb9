"""Fuzzy dates: the loose way briefs date things ("late 1970s", "by 2027").

In: one text as written in a facts file (a YAML date such as 2024-10-17 arrives as that text).
Out: a `FuzzyDate` with a printable label and the span of days it covers, or a `ValueError`
whose message names the text (quoted on one line, shortened) and lists the accepted forms.

The rule for "early", "mid" and "late": a year splits into Jan-Apr, May-Aug and Sep-Dec; a
decade splits into its years 0-3, 4-6 and 7-9 (so "late 1970s" covers 1977 to 1979).
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from briefgen.input.nodes import show

ACCEPTED_FORMS = "2025, 2025-01, January 2025, 1990s, late 1970s, c. 2014, by 2027, 2022-2027"

EN_DASH = "\u2013"

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_LABELS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip

# (first month, last month) of a year's third; (first year, last year) offsets of a decade's third
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_PART_LABELS = {"early": "Early ", "mid": "Mid-", "late": "Late "}

_MONTH = r"(?P<month>[a-z]+)\.?"
_YEAR_RE = re.compile(r"(?P<year>\d{4})")
_ISO_MONTH_RE = re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})")
_ISO_DAY_RE = re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_MONTH_YEAR_RE = re.compile(_MONTH + r" (?P<year>\d{4})")
_DAY_MONTH_YEAR_RE = re.compile(r"(?P<d>\d{1,2}) " + _MONTH + r",? (?P<year>\d{4})")
_MONTH_DAY_YEAR_RE = re.compile(_MONTH + r" (?P<d>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>\d{4})")
_DECADE_RE = re.compile(r"(?P<decade>\d{3}0)'?s")
_PART_RE = re.compile(r"(?P<part>early|mid|late)[- ]?(?P<rest>\d{3}0'?s|\d{4})")
_APPROX_RE = re.compile(r"(?:c\.?|ca\.|circa|~) ?(?P<year>\d{4})")
_BY_RE = re.compile(r"by (?P<rest>.+)")
_YEAR_RANGE_RE = re.compile(r"(?P<a>\d{4}) ?- ?(?P<b>\d{4})")
_DASH_RANGE_RE = re.compile(r"(?P<a>.+?) ?(?:\u2013|\u2014| - | to ) ?(?P<b>.+)")


@dataclass(frozen=True)
class FuzzyDate:
    """A date as loose as the facts are, with the span of days it covers."""

    text: str
    label: str
    start: datetime.date | None
    end: datetime.date
    approximate: bool

    def sort_key(self) -> tuple[datetime.date]:
        """Order by the first day covered; a deadline, which has no start, by its last day."""
        return (self.start if self.start is not None else self.end,)


class _Bad(ValueError):
    """A text that looks like a date form but names no real date."""


def _not_a_date(text: str) -> _Bad:
    return _Bad(f"{show(text)} is not a date (accepted: {ACCEPTED_FORMS})")


def _year(text: str, digits: str) -> int:
    """The year these digits name; year 0 is not a date."""
    year = int(digits)
    if year < 1:
        raise _not_a_date(text)
    return year


def _day(text: str, year: int, month: int, day: int) -> datetime.date:
    if year < 1:
        raise _not_a_date(text)
    if not 1 <= month <= 12:
        raise _Bad(f"{show(text)} is not a date: there is no month {month}")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        month_label = f"{_MONTH_LABELS[month]} {year:04d}"
        last = calendar.monthrange(year, month)[1]
        raise _Bad(
            f"{show(text)} is not a real calendar date ({month_label} has {last} days)"
        ) from None


def _year_span(
    year: int, first_month: int = 1, last_month: int = 12
) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a year, or of the months first_month..last_month in it."""
    last_day = calendar.monthrange(year, last_month)[1]
    return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)


def _point(text: str, s: str) -> FuzzyDate | None:
    """A single date with no qualifier: year, month or day, in any accepted spelling."""
    if m := _YEAR_RE.fullmatch(s):
        year = _year(text, m["year"])
        start, end = _year_span(year)
        return FuzzyDate(text, f"{year:04d}", start, end, False)
    if m := _ISO_MONTH_RE.fullmatch(s):
        return _month(text, _day(text, int(m["year"]), int(m["m"]), 1))
    if (m := _MONTH_YEAR_RE.fullmatch(s)) and m["month"] in _MONTHS:
        return _month(text, _day(text, int(m["year"]), _MONTHS[m["month"]], 1))
    for pattern in (_ISO_DAY_RE, _DAY_MONTH_YEAR_RE, _MONTH_DAY_YEAR_RE):
        m = pattern.fullmatch(s)
        if m is None:
            continue
        names = m.groupdict()
        if "month" in names and m["month"] not in _MONTHS:
            continue
        month = _MONTHS[m["month"]] if "month" in names else int(m["m"])
        day = _day(text, int(m["year"]), month, int(m["d"]))
        label = f"{day.day} {_MONTH_LABELS[day.month]} {day.year:04d}"
        return FuzzyDate(text, label, day, day, False)
    return None


def _month(text: str, start: datetime.date) -> FuzzyDate:
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return FuzzyDate(text, f"{_MONTH_LABELS[start.month]} {start.year:04d}", start, end, False)


def _decade_or_part(text: str, s: str) -> FuzzyDate | None:
    """A decade ("1990s") or the early, mid or late part of a decade or a year."""
    if m := _DECADE_RE.fullmatch(s):
        first = _year(text, m["decade"])
        return FuzzyDate(text, f"{first}s", _year_span(first)[0], _year_span(first + 9)[1], True)
    if m := _PART_RE.fullmatch(s):
        part, rest = m["part"], m["rest"].replace("'", "")
        first = _year(text, rest.removesuffix("s"))
        if rest.endswith("s"):
            lo, hi = _DECADE_PARTS[part]
            start, end = _year_span(first + lo)[0], _year_span(first + hi)[1]
        else:
            start, end = _year_span(first, *_YEAR_PARTS[part])
        return FuzzyDate(text, _PART_LABELS[part] + rest, start, end, True)
    return None


def _parse(text: str, s: str) -> FuzzyDate | None:
    found = _point(text, s) or _decade_or_part(text, s)
    if found is not None:
        return found
    if m := _APPROX_RE.fullmatch(s):
        year = _year(text, m["year"])
        start, end = _year_span(year)
        return FuzzyDate(text, f"c. {year:04d}", start, end, True)
    if m := _BY_RE.fullmatch(s):
        inner = _point(text, m["rest"])
        if inner is None:
            return None
        return FuzzyDate(text, f"By {inner.label}", None, inner.end, True)
    if m := _YEAR_RANGE_RE.fullmatch(s) or _DASH_RANGE_RE.fullmatch(s):
        first = _point(text, m["a"]) or _decade_or_part(text, m["a"])
        last = _point(text, m["b"]) or _decade_or_part(text, m["b"])
        if first is None or last is None:
            return None
        assert first.start is not None and last.start is not None
        if last.end < first.start or last.start < first.start:
            raise _Bad(f"{show(text)} is not a date: the range ends before it starts")
        label = f"{first.label}{EN_DASH}{last.label}"
        return FuzzyDate(text, label, first.start, last.end, first.approximate or last.approximate)
    return None


def parse_fuzzy_date(text: str) -> FuzzyDate:
    """Read one fuzzy date; raise `ValueError` with a message fit to show the user."""
    s = " ".join(text.split()).lower()
    if not s:
        raise ValueError(f"a date is empty (accepted: {ACCEPTED_FORMS})")
    try:
        found = _parse(text, s)
    except _Bad:
        raise
    except ValueError:  # from the calendar: a year 0000, say
        raise _not_a_date(text) from None
    if found is None:
        raise _not_a_date(text)
    return found
