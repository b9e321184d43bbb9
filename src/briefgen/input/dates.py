"""Fuzzy dates: the loose way briefs date things ("late 1970s", "by 2027").

In: one text as written in a facts file (a YAML date such as 2024-10-17 arrives as that text).
Out: a `FuzzyDate` with a printable label and the span of days it covers, or a `ValueError`
whose message names the text (quoted on one line, shortened) and lists the accepted forms.

The rule for "early", "mid" and "late": a year splits into Jan-Apr, May-Aug and Sep-Dec; a
decade splits into its years 0-3, 4-6 and 7-9 (so "late 1970s" covers 1977 to 1979); a month
into its days 1-10, 11-20 and 21 to its end ("mid-March 2023" covers 11 to 20 March).

A facts file may write its dates in its `language` too ("fin des années 1970", "2025年1月"):
`briefgen.input.date_reading` rewrites such a text into the English form it means, which is then
read as above. The `FuzzyDate` keeps its English `label` and the structure (`kind`, `year`,
`month`, `day`, `part`, `parts`) that `briefgen.compose.date_labels` prints in any language.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field

from briefgen.input.language_codes import base
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
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}  # the last day at most
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
_MONTH_PART_RE = re.compile(r"(?P<part>early|mid|late)[- ]" + _MONTH + r" (?P<year>\d{4})")
APPROXIMATE_SIGN = "\u2248"  # "≈": marks a date whose words do not say it is approximate
_APPROX_RE = re.compile(r"(?:c\.?|ca\.|circa|~|\u2248) ?(?P<year>\d{4})")
_BY_RE = re.compile(r"by (?P<rest>.+)")
_YEAR_RANGE_RE = re.compile(r"(?P<a>\d{4}) ?- ?(?P<b>\d{4})")
_DASH_RANGE_RE = re.compile(r"(?P<a>.+?) ?(?:\u2013|\u2014| - | to ) ?(?P<b>.+)")


@dataclass(frozen=True)
class FuzzyDate:
    """A date as loose as the facts are, with the span of days it covers.

    `label` is the English label; `kind` says which form it is: "year", "month", "day",
    "decade", "year_part", "decade_part" or "month_part" (`part`: "early", "mid" or "late"),
    "approx" (a year), "by" (`parts`: the date it is before) or "range" (`parts`: its two
    ends). `year` is the year named (a decade's first year), `month` and `day` those of a month
    or a day. The structure is derived from the text, so it is not compared: two dates are equal
    when they print and span alike, as they always were."""

    text: str
    label: str
    start: datetime.date | None
    end: datetime.date
    approximate: bool
    kind: str = field(default="", compare=False, repr=False)
    year: int = field(default=0, compare=False, repr=False)
    month: int = field(default=0, compare=False, repr=False)
    day: int = field(default=0, compare=False, repr=False)
    part: str = field(default="", compare=False, repr=False)
    parts: tuple[FuzzyDate, ...] = field(default=(), compare=False, repr=False)

    def sort_key(self) -> tuple[datetime.date]:
        """Order by the first day covered; a deadline, which has no start, by its last day."""
        return (self.start if self.start is not None else self.end,)


class _Bad(ValueError):
    """A text that looks like a date form but names no real date."""


class _NotADate(_Bad):
    """A text that is no date form at all: its message lists the forms accepted."""


def _not_a_date(text: str, language: str = "en") -> _Bad:
    return _NotADate(f"{show(text)} is not a date (accepted: {accepted_forms(language)})")


def accepted_forms(language: str = "en") -> str:
    """The forms a date may take in a facts file of this language: the English ones, and the
    same in the language ("in French: janvier 2025, ...")."""
    from briefgen.input.date_words import phrases_for

    words = phrases_for(language)
    return ACCEPTED_FORMS if words is None else \
        f"{ACCEPTED_FORMS}; in {words.name}: {words.examples}"


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
        return FuzzyDate(text, f"{year:04d}", start, end, False, "year", year)
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
        return FuzzyDate(text, label, day, day, False, "day", day.year, day.month, day.day)
    return None


def _month(text: str, start: datetime.date) -> FuzzyDate:
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    label = f"{_MONTH_LABELS[start.month]} {start.year:04d}"
    return FuzzyDate(text, label, start, end, False, "month", start.year, start.month)


def _decade_or_part(text: str, s: str) -> FuzzyDate | None:
    """A decade ("1990s") or the early, mid or late part of a decade or a year."""
    if m := _DECADE_RE.fullmatch(s):
        first = _year(text, m["decade"])
        start, end = _year_span(first)[0], _year_span(first + 9)[1]
        return FuzzyDate(text, f"{first}s", start, end, True, "decade", first)
    if m := _PART_RE.fullmatch(s):
        part, rest = m["part"], m["rest"].replace("'", "")
        first = _year(text, rest.removesuffix("s"))
        if rest.endswith("s"):
            lo, hi = _DECADE_PARTS[part]
            start, end = _year_span(first + lo)[0], _year_span(first + hi)[1]
        else:
            start, end = _year_span(first, *_YEAR_PARTS[part])
        kind = "decade_part" if rest.endswith("s") else "year_part"
        return FuzzyDate(text, _PART_LABELS[part] + rest, start, end, True, kind, first,
                         part=part)
    return _month_part(text, s)


def _month_part(text: str, s: str) -> FuzzyDate | None:
    """The early, mid or late part of a month ("mid-March 2023": its days 11 to 20)."""
    m = _MONTH_PART_RE.fullmatch(s)
    if m is None or m["month"] not in _MONTHS:
        return None
    part, month = m["part"], _MONTHS[m["month"]]
    first, last = _MONTH_PARTS[part]
    start = _day(text, _year(text, m["year"]), month, first)
    end = start.replace(day=min(last, calendar.monthrange(start.year, month)[1]))
    label = f"{_PART_LABELS[part]}{_MONTH_LABELS[month]} {start.year:04d}"
    return FuzzyDate(text, label, start, end, True, "month_part", start.year, month, part=part)


def _parse(text: str, s: str) -> FuzzyDate | None:
    found = _point(text, s) or _decade_or_part(text, s)
    if found is not None:
        return found
    if m := _APPROX_RE.fullmatch(s):
        year = _year(text, m["year"])
        start, end = _year_span(year)
        return FuzzyDate(text, f"c. {year:04d}", start, end, True, "approx", year)
    if m := _BY_RE.fullmatch(s):
        inner = _point(text, m["rest"])
        if inner is None:
            return None
        return FuzzyDate(text, f"By {inner.label}", None, inner.end, True, "by", inner.year,
                         parts=(inner,))
    if m := _YEAR_RANGE_RE.fullmatch(s) or _DASH_RANGE_RE.fullmatch(s):
        first = _point(text, m["a"]) or _decade_or_part(text, m["a"])
        last = _point(text, m["b"]) or _decade_or_part(text, m["b"])
        if first is None or last is None:
            return None
        assert first.start is not None and last.start is not None
        if last.end < first.start or last.start < first.start:
            raise _Bad(f"{show(text)} is not a date: the range ends before it starts")
        label = f"{first.label}{EN_DASH}{last.label}"
        return FuzzyDate(text, label, first.start, last.end, first.approximate or last.approximate,
                         "range", first.year, parts=(first, last))
    return None


def parse_fuzzy_date(text: str, language: str = "en") -> FuzzyDate:
    """Read one fuzzy date, in English or in the facts' `language`; raise `ValueError` with a
    message fit to show the user. The English forms are tried first, so an English facts file
    never loads the language data."""
    s = " ".join(text.split()).lower()
    if not s:
        raise ValueError(f"a date is empty (accepted: {accepted_forms(language)})")
    # "≈ 1990s", as a brief prints a decade (`compose.date_labels.unsaid`), reads back as the
    # date after the sign, which must be approximate ("≈ 2014" is "c. 2014": _APPROX_RE)
    marked = s.startswith(APPROXIMATE_SIGN) and not _APPROX_RE.fullmatch(s)
    rest = " ".join(text.split()).removeprefix(APPROXIMATE_SIGN).strip() if marked else text
    try:
        found = _parse(text, s[1:].strip() if marked else s)
        if found is None and base(language) != "en":
            from briefgen.input.date_reading import to_english

            english = to_english(rest, language)
            found = None if english is None else _parse(text, english)
        if found is not None and marked and not found.approximate:
            found = None
    except _NotADate:  # its message names the forms of this file's language too
        raise _not_a_date(text, language) from None
    except _Bad:
        raise
    except ValueError:  # from the calendar: a year 0000, say
        raise _not_a_date(text, language) from None
    if found is None:
        raise _not_a_date(text, language)
    return found
