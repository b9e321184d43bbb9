"""Reading loose dates written in a facts file's language: the text -> the English form it means.

In: a date as written ("fin des années 1970", "3. Februar 2025", "2025年1月", "к 2027 г.",
"mi-mars 2023") and the facts' language. Out: the same date in the English forms
`briefgen.input.dates` reads ("late 1970s", "3 feb 2025", "2025-1", "by 2027", "mid mar 2023"),
or None if it is no form of that language.

Month names come from CLDR through Babel (wide and abbreviated, in both the format and the
stand-alone context, so the Polish, Russian and Ukrainian genitive "3 lutego" reads as well as
the nominative "luty"); the phrases from `briefgen.input.date_words`. Texts are compared folded:
lower case, accents dropped, spaces collapsed, and a year's suffix ("2025 г.", "2025 r.") left
out. Each language's tables (`Reader`) are built once, on its first date, and kept in the
caches' table `dates.reading`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from briefgen.caches import memo
from briefgen.input.date_words import PARTS, Phrases, phrases_for

_ENGLISH_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun",
                   "jul", "aug", "sep", "oct", "nov", "dec")  # fmt: skip
_GROUPS = {"{n}": r"(?P<n>\d{4})", "{d}": r"(?P<d>\d{3}0)", "{dd}": r"(?P<dd>\d0)",
           "{c}": r"(?P<c>[ivx]+)", "{x}": r"(?P<x>.+)",
           # a month and its year: one or two words ("mars", "marzo de") or 2023年3月
           "{m}": r"(?P<m>(?:[^\W\d_]+\.? ){1,2}\d{4}|\d{4} ?[年년] ?\d{1,2} ?[月월])"}
_WORDY = ("{x}", "{m}")  # placeholders that may start with a word: a space before them is kept
_PLACEHOLDER = re.compile(r"(\{\w+\})")
_WORD = re.compile(r"[^\W\d_]+[.\u05f3]?")  # a word, with its abbreviation mark (Hebrew: geresh)
_DASHES = ("\u2013", "\u2014", " - ", "~", "\uff5e", "\u301c")
_CJK_DAY = re.compile(r"(\d{4}) ?[年년] ?(\d{1,2}) ?[月월] ?(\d{1,2}) ?[日일]")
_CJK_MONTH = re.compile(r"(\d{4}) ?[年년] ?(\d{1,2}) ?[月월]")
_CJK_YEAR = re.compile(r"(\d{4}) ?[年년]")
_DAY_DOT = re.compile(r"^(\d{1,2})\.(?= )")  # German "3. Februar"
_FIRST = re.compile(r"^1er\b")  # French "1er janvier"
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[./](\d{4})$")
_YMD = re.compile(r"^(\d{4}) ?[./] ?(\d{1,2}) ?[./] ?(\d{1,2})\.?$")
_YM = re.compile(r"^(\d{4}) ?[./] ?(\d{1,2})\.?$")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_LETTERS = str.maketrans({"ł": "l", "ß": "ss", "ø": "o", "đ": "d"})  # no accent to drop in NFD


@dataclass(frozen=True)
class Reader:
    """One language's tables: its phrases as (form, pattern), its month names (folded name ->
    English abbreviation), its all-digit days and months (pattern, ISO replacement), the words
    a day or month may carry, the words joining a range's ends, and the pattern of what may
    follow a year (None if nothing may)."""

    phrases: tuple[tuple[str, re.Pattern[str]], ...]
    months: dict[str, str]
    numeric: tuple[tuple[re.Pattern[str], str], ...]
    fillers: tuple[str, ...]
    joins: tuple[str, ...]
    suffix: re.Pattern[str] | None


def fold(text: str, suffix: re.Pattern[str] | None = None) -> str:
    """A text as dates are compared: lower case, without accents, its spaces collapsed, the
    typographic apostrophe a plain one, and none of the words that may follow a year."""
    text = unicodedata.normalize("NFD", text.lower().replace("\u2019", "'").translate(_LETTERS))
    text = unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))
    text = " ".join(text.split())
    return text if suffix is None else suffix.sub("", text)


def _suffix_pattern(suffixes: tuple[str, ...]) -> re.Pattern[str] | None:
    """What may follow a year (or a decade: "1970er Jahre"), with the space or hyphen before."""
    if not suffixes:
        return None
    words = sorted((fold(s) for s in suffixes), key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<=[\w}}.])[ -](?:{alternatives})(?=$|[ \u2013\u2014~-])")


def _pattern(template: str, suffix: re.Pattern[str] | None) -> re.Pattern[str]:
    """A phrase template as a pattern of folded text: its placeholders as groups, a full stop
    optional, a space or a hyphen either (and optional next to a number: "mi 2025", "mi2025")."""
    out = []
    pieces = _PLACEHOLDER.split(fold(template, suffix))
    for i, piece in enumerate(pieces):
        if piece in _GROUPS:
            out.append(_GROUPS[piece])
            continue
        for j, ch in enumerate(piece):
            by_number = (j == 0 and 0 < i and pieces[i - 1] != "{x}") or \
                (j == len(piece) - 1 and i + 1 < len(pieces) and pieces[i + 1] not in _WORDY)
            if ch in " -":
                out.append("[ -]?" if by_number else "[ -]")
            else:
                out.append(r"\.?" if ch == "." else re.escape(ch))
    return re.compile("".join(out))


@memo("dates.reading")
def reader(language: str) -> Reader | None:
    """The tables of a language code ("fr", "fr-CA"), or None for English."""
    w = phrases_for(language)
    if w is None:
        return None
    suffix = _suffix_pattern(w.suffixes)
    joins = tuple(_spaced(fold(word)) for word in w.connectors)
    code = language.replace("-", "_")
    return Reader(_phrases(w, suffix), month_names(code, w.month_prefixes), _numeric(code),
                  w.fillers, (*_DASHES, *joins), suffix)


def _phrases(w: Phrases, suffix: re.Pattern[str] | None) -> tuple[tuple[str, re.Pattern[str]],
                                                                    ...]:
    """(form, pattern) of every phrase of a language: "decade", "late_decade", "mid_year",
    "early_month", "approx", "by"; those without a date inside first, then the longest first."""
    forms = [("decade", w.decade), ("approx", w.approx)]
    for i, part in enumerate(PARTS):
        forms += [(f"{part}_decade", w.decade_parts[i]), (f"{part}_year", w.year_parts[i]),
                  (f"{part}_month", w.month_parts[i])]
    forms += [("by", t) for t in (w.by, w.by_month, w.by_day) if t] + list(w.aliases)
    forms.sort(key=lambda f: ("{x}" in f[1], -len(f[1])))
    return tuple((form, _pattern(template, suffix)) for form, template in forms if template)


def month_names(language: str, prefixes: tuple[str, ...] = ()) -> dict[str, str]:
    """Folded month name -> English abbreviation, for every CLDR name of the language's months:
    wide and abbreviated, format ("lutego") and stand-alone ("luty"), without a final stop; and
    each with the `prefixes` a language joins to a month ("בפברואר": Hebrew's "in February")."""
    from babel import Locale

    names: dict[str, str] = {}
    months = Locale.parse(language).months
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in months[context][width].items():
                for prefix in ("", *prefixes):
                    names[fold(prefix + name).rstrip(".")] = _ENGLISH_MONTHS[number - 1]
    return names


def _numeric(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """A day and a month in digits, in the order of CLDR's short date ("29/10/2024",
    "29.10.2024", "10/2024" where the day comes first; "2024/10/29", "2024. 10. 29." where the
    year does), as the ISO forms the English reader takes."""
    from babel import Locale

    pattern = Locale.parse(language).date_formats["short"].pattern
    if pattern.index("d") < pattern.index("M"):
        return ((_DMY, r"\3-\2-\1"), (_MY, r"\2-\1"))
    return ((_YMD, r"\1-\2-\3"), (_YM, r"\1-\2"))


def _roman_value(letters: str) -> int:
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for i, ch in enumerate(letters):
        value = values[ch]
        total += -value if i + 1 < len(letters) and values[letters[i + 1]] > value else value
    return total


def _phrase(s: str, tables: Reader) -> str | None:
    """The English form of a folded text that is one of the language's phrases, or None."""
    for form, pattern in tables.phrases:
        m = pattern.fullmatch(s)
        if m is None:
            continue
        found = m.groupdict()
        if found.get("c"):
            found["d"] = str((_roman_value(found["c"]) - 1) * 100 + int(found["dd"]))
        if form == "by":
            return f"by {found.get('n') or _point(found['x'], tables)}"
        if form == "approx":
            return f"c. {found['n']}"
        if form == "decade":
            return f"{found['d']}s"
        part, of = form.split("_")
        if of == "month":
            return f"{part} {_month_year(_point(found['m'], tables))}"
        return f"{part} {found['d']}s" if of == "decade" else f"{part} {found['n']}"
    return None


def _point(s: str, tables: Reader) -> str:
    """A year, month or day written in the language, in English words: CJK digits with 年月日,
    month names as their English abbreviations, the words a day or month may carry dropped."""
    for pattern, iso in tables.numeric:
        s = pattern.sub(iso, s)
    s = _CJK_DAY.sub(r"\1-\2-\3", s)
    s = _CJK_MONTH.sub(r"\1-\2", s)
    s = _CJK_YEAR.sub(r"\1", s)
    s = _FIRST.sub("1", _DAY_DOT.sub(r"\1", s))
    names = tables.months
    words = [w for w in s.split() if w not in tables.fillers]
    words = [_WORD.sub(lambda m: names.get(m[0].rstrip("."), m[0]), w) for w in words]
    return " ".join(words)


def _month_year(s: str) -> str:
    """A month read in digits ("2023-3", from 2023年3月) as the English reader takes it after
    "early", "mid" or "late" ("mar 2023"); a month read in words is that already."""
    m = _ISO_MONTH.fullmatch(s)
    if m is None or not 1 <= int(m[2]) <= 12:
        return s
    return f"{_ENGLISH_MONTHS[int(m[2]) - 1]} {m[1]}"


def _one(s: str, tables: Reader) -> str:
    return _phrase(s, tables) or _point(s, tables)


def _spaced(word: str) -> str:
    """A word that joins a range's ends, with the spaces around it its script writes (none in
    Chinese and Japanese: "2022年から2027年")."""
    return word if unicodedata.east_asian_width(word[0]) == "W" else f" {word} "


def to_english(text: str, language: str) -> str | None:
    """The English form of a date written in `language`, or None for a language without
    phrases (English). A range's ends are read one by one ("mi-2025 – fin 2026")."""
    tables = reader(language)
    if tables is None:
        return None
    s = fold(text, tables.suffix)
    found = _phrase(s, tables)
    if found is not None:
        return found
    for join in tables.joins:
        first, sep, last = s.partition(join)
        if sep and first.strip() and last.strip():
            return f"{_one(first.strip(), tables)} to {_one(last.strip(), tables)}"
    return _point(s, tables)
