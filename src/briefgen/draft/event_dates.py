"""Date expressions in an article -> the facts format's fuzzy dates.

Exact and loose dates are written as the facts file accepts them: "17 October 2024" as
2024-10-17, "January 2025", "2014", "the 1990s", "late 1970s", "mid-2025", "by 2027". Dates
relative to the article ("Tuesday", "last year", "eight days ago", "through Sunday") are
resolved against the article's date (its dateline or `--date`) and skipped when it has none.
A weekday, or a month and day without a year, is the last such day on or before the article's
date, or the next one when the words around it look ahead ("next", "through", "until", "will
meet on December 3", "a November 24 deadline").
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from briefgen.input.dates import FuzzyDate, parse_fuzzy_date

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = (r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|"
          r"June?|July?|Aug(?:ust|\.)?|Sep(?:t\.|tember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
          r"Dec(?:ember|\.)?)")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_PART = r"(?:(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[- ](?:in )?)?"
_YEAR_AFTER = (r"(?!\d|s\b|-\d|,\d{3}|\s*(?:%|percent|per cent|people|troops|soldiers|homes|"
               r"houses|votes|members|workers|children|residents|km|kilometers|miles|tons)\b)")
_PATTERNS = [
    ("decade", re.compile(_PART + r"(?:the )?(?P<year>1[5-9]\d0|20\d0)(?:'|\u2019)?s\b")),
    ("day", re.compile(_MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>\d{4})\b")),
    ("day", re.compile(r"\b(?P<day>\d{1,2}) " + _MONTH + r",? (?P<year>\d{4})\b")),
    ("month", re.compile(_PART + r"\b" + _MONTH + r",? (?P<year>\d{4})\b")),
    ("by", re.compile(r"\b[Bb]y (?:the end of )?(?P<year>1[89]\d\d|20\d\d)\b" + _YEAR_AFTER)),
    ("part", re.compile(r"\b(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[- ](?:in )?(?P<year>\d{4})\b")),
    ("year", re.compile(r"(?<![\d$\u20ac\u00a3#.,/-])\b(?P<year>1[89]\d\d|20\d\d)\b" +
                        _YEAR_AFTER)),
    ("month_day", re.compile(_MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,? \d)")),
    ("month_day", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)? " + _MONTH + r"\b(?!,? \d)")),
    ("lone_month", re.compile(r"\b(?:[Ii]n|[Oo]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ll]ast|[Tt]his|"
                              r"[Ee]arly|[Ll]ate|[Mm]id-) " + _MONTH + r"\b(?!,? \d)")),
    ("weekday", re.compile(r"\b(?P<before>(?:next|through|until|till|coming) )?"
                           r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                           r"Sunday)\b")),
    ("relative", re.compile(r"\b(?P<end>(?:at )?the end of |late |earlier |later )?"
                            r"(?P<which>last|this|next) (?P<unit>year|month)\b")),
    ("ago", re.compile(r"\b(?P<n>\d{1,2}|" + "|".join(_NUMBER_WORDS) +
                       r") (?P<unit>days?|weeks?) ago\b", re.IGNORECASE)),
    ("yesterday", re.compile(r"\b(?P<word>yesterday|today)\b")),
]


@dataclass(frozen=True)
class Found:
    """A date expression: as the facts file writes it, the date it means, where it stands."""

    text: str
    date: FuzzyDate
    start: int
    end: int


def _month(word: str) -> int:
    return next(i + 1 for i, m in enumerate(_MONTHS) if m.startswith(word.lower().rstrip(".")[:3]))


def _iso(day: datetime.date) -> str:
    return day.isoformat()


FUTURE = re.compile(r"\b(?:will|won't|shall|(?:is|are) (?:expected|due|set|scheduled) to|"
                     r"plans? to|planning to|preparing to|aims? to|intends? to|planned for|scheduled for|(?:is|are) (?:set|slated|due) for)\b")


_DEADLINE_AFTER = re.compile(r"\s*(?:deadline|target date|summit|vote|election|meeting)\b")
_AHEAD_BEFORE = re.compile(r"\b(?:by|until|till|before|ahead of|next|coming)\s+(?:on\s+)?$",
                           re.IGNORECASE)


def _ahead(text: str, m: re.Match[str]) -> bool:
    """Whether the words around a date without a year look ahead: a future verb before it in
    its clause, "by" or "until" just before, "deadline" just after."""
    before = text[max(0, m.start() - 80):m.start()]
    return bool(FUTURE.search(before) or _AHEAD_BEFORE.search(before)
                or (_DEADLINE_AFTER.match(text, m.end())
                    and not re.search(r"\b(?:missed|passed|expired|last)\s+(?:the\s+|a\s+)?$",
                                      before)))


def _resolve(kind: str, m: re.Match[str], today: datetime.date | None,
             g: dict[str, str]) -> str | None:
    """The facts-file text of one match, or None when it needs a date the article lacks."""
    part = (g.get("part") or "").lower()
    if kind == "decade":
        return f"{part} {g['year']}s".strip()
    if kind == "day":
        return f"{int(g['year']):04d}-{_month(g['month']):02d}-{int(g['day']):02d}"
    if kind == "month":
        name = _MONTHS[_month(g["month"]) - 1].capitalize()
        return f"{part} {name} {g['year']}".strip()
    if kind == "by":
        return f"by {g['year']}"
    if kind == "part":
        return f"{part}-{g['year']}" if part == "mid" else f"{part} {g['year']}"
    if kind == "year":
        return g["year"]
    if today is None:
        return None
    return _relative(kind, g, today)


def _relative(kind: str, g: dict[str, str], today: datetime.date) -> str | None:
    if kind in ("month_day", "lone_month"):
        month = _month(g["month"])
        day = int(g.get("day") or 1)
        if g.get("future"):
            year = today.year + (1 if (month, day) < (today.month, today.day) else 0)
        else:
            year = today.year - (1 if (month, day) > (today.month, today.day) else 0)
        if kind == "lone_month":
            return f"{_MONTHS[month - 1].capitalize()} {year}"
        last = calendar.monthrange(year, month)[1]
        return _iso(datetime.date(year, month, min(day, last)))
    if kind == "weekday":
        wanted = _DAYS.index(g["weekday"].lower())
        if g.get("before") or g.get("future"):
            return _iso(today + datetime.timedelta(days=(wanted - today.weekday() - 1) % 7 + 1))
        return _iso(today - datetime.timedelta(days=(today.weekday() - wanted) % 7))
    if kind == "relative":
        shift = {"last": -1, "this": 0, "next": 1}[g["which"]]
        end = (g.get("end") or "").strip()
        if g["unit"] == "year":
            year = today.year + shift
            part = "late " if end in ("at the end of", "the end of", "late") else (
                "early " if end == "earlier" and shift == 0 else "")
            return f"{part}{year}"
        index = today.year * 12 + today.month - 1 + shift
        return f"{_MONTHS[index % 12].capitalize()} {index // 12}"
    if kind == "ago":
        n = g["n"].lower()
        count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        days = count * (7 if g["unit"].lower().startswith("week") else 1)
        return _iso(today - datetime.timedelta(days=days))
    if kind == "yesterday":
        return _iso(today - datetime.timedelta(days=1 if g["word"] == "yesterday" else 0))
    return None


def dates_in(text: str, today: datetime.date | None) -> list[Found]:
    """Every date expression in `text` (the first, longest reading where they overlap)."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            groups = m.groupdict()
            if kind in ("weekday", "month_day", "lone_month") and _ahead(text, m):
                groups["future"] = "yes"  # "will make landfall Thursday": the next Thursday
            value = _resolve(kind, m, today, groups)
            if value is None:
                continue
            try:
                date = parse_fuzzy_date(value)
            except ValueError:
                continue
            if today is not None and date.start and abs(date.start.year - today.year) > 300:
                continue
            found.append(Found(value, date, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


_DATELINE = re.compile(r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?(?:" + _MONTH +
                       r" (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>\d{4})|(?P<d2>\d{1,2}) "
                       + _MONTH.replace("month", "m2") +
                       r",? (?P<y2>\d{4})|(?P<iso>\d{4}-\d\d-\d\d))"
                       r"(?:\s+\d{1,2}:\d\d(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?")


def dateline(paragraph: str) -> datetime.date | None:
    """The date of a paragraph that is nothing but a date ("Sunday, January 28, 2007")."""
    m = _DATELINE.fullmatch(paragraph.strip().rstrip("."))
    if m is None:
        return None
    try:
        if m.group("iso"):
            return datetime.date.fromisoformat(m.group("iso"))
        if m.group("year"):
            return datetime.date(int(m.group("year")), _month(m.group("month")),
                                 int(m.group("day")))
        return datetime.date(int(m.group("y2")), _month(m.group("m2")), int(m.group("d2")))
    except ValueError:
        return None
