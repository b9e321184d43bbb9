"""Figures: money, percentages, counts and magnitudes, each with a short label.

A number is a figure unless it is part of a date, a time, an age, a duration, a distance, a
name ("Falcon 9"), an ordinal or a reference number. Counts written in words are taken where
they count casualties ("at least seven people were killed"), and kept in words. The label is
the noun the number counts and what happened to it ("people killed", "defense budget");
without one, the words before the number ("jobless rate for November"). Qualifiers stay in the
value: "more than 500".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.draft.event_dates import dates_in
from briefgen.draft.sentences import GERMAN_ORDINAL

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen twenty").split()
_SCALE = r"(?:\s(?:million|billion|trillion|thousand))?"
_QUALIFIER = (r"(?P<q>(?i:at least|more than|less than|fewer than|nearly|almost|about|around|"
              r"some|over|up to|roughly|approximately|an estimated|as many as) )?")
_MONEY = re.compile(_QUALIFIER + r"(?P<v>(?:US)?[$\u20ac\u00a3\u00a5]\s?(?:" + NUM + ")" +
                    r"(?:bn|tn|m|k)?\b" + _SCALE +
                    r"|(?:" + NUM + r")" + _SCALE + r" (?:dollars|euros|yen|yuan|rupees))")
_PERCENT = re.compile(_QUALIFIER + r"(?P<v>(?:" + NUM + "|" + "|".join(_WORDS + ["one"]) +
                      r")\s?(?:%|percentage points?\b|percent\b|per cent\b)|(?:one|two|three|four|five|six|seven|"
                      r"eight|nine)-tenths? of a percent(?:age point)?)"
                      r"(?P<of> of (?:the )?(?:\w+ ){0,3}?(?:product|GDP|budget|vote|votes))?")
_MAGNITUDE = re.compile(r"(?:magnitude[- ](?P<v1>\d(?:\.\d)?)|(?P<v2>\d(?:\.\d)?)[- ]magnitude|"
                        r"(?:quake|earthquake|tremor|aftershock)s? measuring (?P<v3>\d\.\d))")
_COUNT = re.compile(_QUALIFIER + r"(?<![\w$\u20ac\u00a3.,:/+-])(?P<v>" + NUM + r")" + _SCALE +
                    r"(?P<plus>-plus\b)?(?![\w%:/+-]|\.\d|,\d| percent| per cent)")
_CASUALTY = re.compile(_QUALIFIER + r"\b(?P<v>" + "|".join(w.capitalize() + "|" + w
                                                          for w in _WORDS) +
                       r")\s+(?P<noun>(?:[\w-]+\s+){0,5}?)(?:were|was|have been|had been|are)"
                       r"\s+(?P<verb>killed|dead|injured|wounded|missing)\b")
_UNITS = re.compile(r"^(?:-| )?(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|"
                    r"centuries|km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|feet|foot|inches|"
                    r"kg|kilograms?|tons?|tonnes?|degrees?|light-years?|year-old|-year|-day|"
                    r"a\.m\.|p\.m\.|GMT|UTC|st\b|nd\b|rd\b|th\b)", re.IGNORECASE)
_AGE = re.compile(r"\b(?:age of|aged|ages of)\s*$", re.IGNORECASE)
_STOP = frozenset("in on at from as during after before when while since for by with that which "
                  "who to into across and or but than of over under against along near "
                  "throughout around about per amid following including according last next "
                  "this yesterday today monday tuesday wednesday thursday friday saturday "
                  "sunday".split())
_AUX = frozenset("were was have has been had are is being will be would could may might".split())
_VERBS = frozenset("killed dead died injured wounded missing rescued relocated damaged collapsed "
                   "displaced evacuated arrested affected homeless captured".split())
_TRAILING = _STOP | _AUX | frozenset("risen rose climbed reached stood stands the a an its "
                                     "their his her now say says said fell fall falling rising "
                                     "hit dropped above below just only".split())


@dataclass
class Figure:
    label: str
    value: str
    paragraph: int
    number: float


def _number(value: str) -> float:
    word = re.search(r"\b(" + "|".join(_WORDS + ["one"]) + r")\b", value.lower())
    digits = re.search(NUM, value)
    if "tenth" in value and word:
        return (_WORDS.index(word.group(1)) + 2 if word.group(1) != "one" else 1) / 10
    if digits:
        return float(digits.group().replace(",", ""))
    return float(_WORDS.index(word.group(1)) + 2 if word and word.group(1) != "one" else 1)


def _words_after(text: str) -> list[str]:
    out: list[str] = []
    for word in re.findall(r"(?:[A-Z]\.){2,}|[\w'\u2019-]+|[^\w\s]", text)[:8]:
        if not re.fullmatch(r"(?:[A-Z]\.){2,}|[\w'\u2019-]+", word) or word.lower() in _STOP:
            break
        out.append(word)
    return out[:5]


def _label(sentence: str, start: int, end: int) -> str:
    after = _words_after(sentence[end:])
    nouns = [w for w in after if w.lower() not in _AUX and w.lower() not in _VERBS]
    near = re.split(r"[,;]", sentence[end:])[0].split()[:3] + sentence[:start].split()[-3:]
    verb = next((w.strip(".,;") for w in near if w.strip(".,;").lower() in _VERBS), "")
    if nouns:
        label = " ".join(nouns + ([verb] if verb and verb not in nouns else []))
    elif "death toll" in sentence.lower():
        label = "death toll"
    else:
        clause = re.split(r"[,;:(\u2014]", sentence[:start])[-1]  # the number's own clause
        clause = re.split(r"\d", clause)[0]  # before another figure in it: its subject
        before = re.findall(r"[\w'\u2019.-]+", clause)
        while before and before[-1].lower() in _TRAILING:
            before.pop()
        before = before[-4:]
        while before and before[0].lower() in _STOP:
            before.pop(0)
        label = " ".join(before)
    label = label.strip(" .,-")
    return (label[:1].upper() + label[1:]) if label else "Figure"


def _wanted(sentence: str, m: re.Match[str], taken: list[tuple[int, int]]) -> bool:
    a, b = m.span("v")
    if any(a < y and x < b for x, y in taken):
        return False
    before, after = sentence[:a], sentence[b:]
    if _UNITS.match(after) or _AGE.search(before):
        return False
    previous = re.search(r"([\w.'\u2019-]+) $", before)
    if previous and previous.group(1)[:1].isupper() and before.strip() != previous.group(1):
        return False  # a name's number: "Falcon 9", "Article 5"
    return not re.match(r"-\d", after)


def figures_in(sentence: str, paragraph: int) -> list[Figure]:
    """The figures of one sentence, in order."""
    taken = [(d.start, d.end) for d in dates_in(sentence, None)]
    taken += [(m.start(), m.end()) for m in re.finditer(r"\b\d+-\d+-\d+\b|\b\d{1,2}:\d\d\b",
                                                         sentence)]
    taken += [m.span() for m in GERMAN_ORDINAL.finditer(sentence)]  # "am 15.", "1. FC"
    found: list[tuple[int, Figure]] = []
    for m in _MAGNITUDE.finditer(sentence):
        value = m.group("v1") or m.group("v2") or m.group("v3")
        found.append((m.start(), Figure("Magnitude", value, paragraph, float(value))))
        taken.append(m.span())
    for pattern in (_MONEY, _PERCENT, _CASUALTY, _COUNT):
        for m in pattern.finditer(sentence):
            if not _wanted(sentence, m, taken):
                continue
            taken.append(m.span())
            value = ((m.group("q") or "").lower() + m.group("v")
                     + (m.groupdict().get("plus") or "")).strip()
            if pattern is _CASUALTY:
                count = _number(m.group("v"))
                label = f"{m.group('noun').strip() or 'people'} {m.group('verb')}"
                found.append((m.start(), Figure(label[:1].upper() + label[1:], value,
                                                paragraph, count)))
                continue
            if pattern is _PERCENT and m.group("of"):
                value += m.group("of")
            speed = re.match(r"\s(mph|km/h|kph|knots)\b", sentence[m.end():])
            if speed:  # "winds of 130 mph": the unit is the value's, the label is before it
                value += " " + speed.group(1)
                found.append((m.start(), Figure(_label(sentence, m.start(), m.end()
                                                       + speed.end()), value, paragraph,
                                                _number(m.group("v")))))
                continue
            found.append((m.start(), Figure(_label(sentence, m.start(), m.end()), value,
                                            paragraph, _number(m.group("v")))))
    return [f for _, f in sorted(found, key=lambda x: x[0])]
