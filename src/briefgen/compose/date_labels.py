"""Dates as the brief prints them, in the brief's language.

In: a day (the brief's date) or a `FuzzyDate` of the facts, and a CLDR language code ("fr",
"de-AT", "zh-TW"). Out: the text printed: `day_label` spells the brief's date out ("3 février
2025", "3. Februar 2025", "2025年2月3日"; `brief_day`: a brief's own), `fuzzy_label` prints a loose date in a timeline
column, a quote's attribution or a source ("janv. 2025", "fin des années 1970", "2027年までに").

English is printed as it always was, without Babel. Other languages take their month names and
the patterns of a year, a month and a day from CLDR through Babel (so Polish, Russian and
Ukrainian put a month after a day in the genitive, "3 lutego 2025", and alone in the
nominative), and the phrases CLDR has none for from `briefgen.input.date_words`. A month and a
day are abbreviated ("janv. 2025", "3 févr. 2025"), as the English labels are: a timeline's date
column is a fifth of the text width, and the abbreviated forms keep a date on one line there. The
narrow no-break space CLDR puts before "г." and "р." is printed as a no-break space, which every
font has. Babel's locales are loaded once per language (the caches' table `dates.locale`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from briefgen.caches import memo
from briefgen.input.dates import FuzzyDate
from briefgen.input.language_codes import base

if TYPE_CHECKING:
    from briefgen.compose.document import Document

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
EN_DASH = "\u2013"
_KINDS = ("year", "month", "day")


def _phrases(language: str) -> Any:
    """The language's phrase table (`input.date_words`, imported only for a language other than
    English: building its tables costs a few milliseconds), or None for English."""
    if base(language) == "en":
        return None
    from briefgen.input.date_words import phrases_for

    return phrases_for(language)


def day_label(day: datetime.date, language: str) -> str:
    """The brief's date spelled out, never ambiguous: "3 February 2025" in English, CLDR's long
    date in any other language ("3 février 2025", "3 de febrero de 2025", "2025年2月3日")."""
    if _phrases(language) is None:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    from babel.dates import format_date

    return _first(_spaced(format_date(day, "long", locale=_locale(language))), day.day, language)


def brief_day(document: Document) -> str | None:
    """The brief's own date (the document's ISO `date`) as its header block and running header
    print it, in the brief's language; None for a brief without one."""
    if not document.date:
        return None
    return day_label(datetime.date.fromisoformat(document.date), document.language)


def fuzzy_label(date: FuzzyDate, language: str) -> str:
    """A loose date printed in the language (in English its label), marked "≈ " when it is
    approximate and its words do not say so (`unsaid`)."""
    words = _phrases(language)
    if words is None or not date.kind:
        label = date.label
    else:
        label = _label(date, _locale(language), words)
    return APPROXIMATE + label if unsaid(date) else label


# What marks an approximate date whose words do not say it is: a sign, read in every language
# ("approximately"), as well as the italics of a timeline's date (docs/facts.md).
APPROXIMATE = "≈ "


def unsaid(date: FuzzyDate) -> bool:
    """Is the date approximate without a word saying so? A decade ("1990s", "années 1990") is;
    a range is when one of its ends is. The other approximate forms say it in their words:
    "c. 2024" and "vers 1864", "early", "mid" and "late" (of a year, a decade or a month), and
    "by 2030"."""
    if date.kind == "range":
        return any(part.kind == "decade" for part in date.parts)
    return date.kind == "decade"


def _label(date: FuzzyDate, locale: Any, words: Any) -> str:
    from briefgen.input.date_words import PARTS, roman

    kind, year = date.kind, date.year
    if kind in _KINDS:
        return _point(date, locale, words)
    names = {"n": f"{year:04d}", "d": str(year), "dd": f"{year % 100:02d}",
             "c": roman(year // 100 + 1)}
    if kind == "decade":
        return words.decade.format(**names)
    if kind in ("year_part", "decade_part"):
        parts = words.year_parts if kind == "year_part" else words.decade_parts
        return parts[PARTS.index(date.part)].format(**names)
    if kind == "month_part":
        return _month_part(date, locale, words)
    if kind == "approx":
        return words.approx.format(**names)
    if kind == "by":
        inner = date.parts[0]
        template = {"year": words.by, "month": words.by_month or words.by,
                    "day": words.by_day or words.by_month or words.by}[inner.kind]
        if inner.kind == "month" and words.by_month_pattern:
            from babel.dates import format_date

            day = datetime.date(inner.year, inner.month, 1)
            return template.format(x=format_date(day, words.by_month_pattern, locale=locale))
        return template.format(x=_point(inner, locale, words), **names)
    first, last = (_label(part, locale, words) for part in date.parts)
    if date.parts[0].kind == date.parts[1].kind == "year":
        return words.years.format(a=date.parts[0].year, b=date.parts[1].year)
    return f"{first}{EN_DASH}{last}"


def _point(date: FuzzyDate, locale: Any, words: Any) -> str:
    """A year, a month or a day in CLDR's pattern for it ("févr. 2025", "2025年2月3日")."""
    from babel.dates import format_skeleton

    day = datetime.date(date.year, date.month or 1, date.day or 1)
    skeleton = {"year": "y", "month": words.month, "day": words.day}[date.kind]
    return _first(_spaced(format_skeleton(skeleton, day, locale=locale)), date.day,
                  locale.language)


def _first(text: str, day: int | None, language: str) -> str:
    """French writes the first of a month as an ordinal, "1er août 2023", which CLDR's
    patterns leave as "1"."""
    if day == 1 and base(language) == "fr" and text.startswith("1 "):
        return "1er" + text[1:]
    return text


def _month_part(date: FuzzyDate, locale: Any, words: Any) -> str:
    """The early, mid or late part of a month: the language's phrase around the month and its
    year, in the case the phrase needs ("mi-mars 2023", "połowa marca 2023 r.", "2023年3月中旬")."""
    from babel.dates import format_date, format_skeleton

    from briefgen.input.date_words import PARTS

    day = datetime.date(date.year, date.month, 1)
    if words.month_part_pattern:
        month = format_date(day, words.month_part_pattern, locale=locale)
    else:
        month = format_skeleton(words.month, day, locale=locale)
    return words.month_parts[PARTS.index(date.part)].format(m=_spaced(month))


def _spaced(text: str) -> str:
    """CLDR's narrow no-break space as a no-break space, which every font has."""
    return text.replace("\u202f", "\u00a0")


@memo("dates.locale")
def _locale(language: str) -> Any:
    """Babel's locale for a language code ("fr-CA" -> fr_CA), loaded once (its data is loaded
    by Babel as a format first needs it)."""
    from babel import Locale

    return Locale.parse(language.replace("-", "_"))
