"""Dated events for the timeline: one per clause that gives a date in the article's own voice.

Quoted words are left out (a speaker's "21st century" is no event of the article's). A
sentence with dates in several clauses ("talks began in the 1990s, and the first exercise came
in 2014") gives an event per clause; otherwise the sentence is the event, dated by its first
date. A leading date phrase ("In 2022, ...", "On Wednesday, ...") is dropped from the text,
since the timeline prints the date beside it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from briefgen.draft.event_dates import FUTURE, Found, dates_in
from briefgen.draft.quote_marks import masked
from briefgen.draft.sentences import CLAUSE_BREAK, split

MAX_WORDS = 45


@dataclass
class Event:
    date: Found
    text: str
    paragraph: int
    plan: bool = False  # what is to come ("will", "plans to", "by 2027", "a budget for 2025")
    repeats: bool = False  # the summary says it already (set by the proposals)


_PLAN_BEFORE = re.compile(r"\b(?:for|until|through)\s+(?:the\s+)?$", re.IGNORECASE)


def _is_plan(clause: str, date: Found) -> bool:
    """Whether a dated clause says what is to come rather than what happened."""
    before = clause[:max(0, date.start)]
    return (date.text.startswith("by ") or bool(FUTURE.search(before))
            or bool(_PLAN_BEFORE.search(before)))


def _tidy(text: str, date: Found, offset: int) -> str:
    """The clause as an event: a leading date phrase dropped, a capital, a full stop."""
    text = text.strip()
    lead = re.match(r"(?:(?:In|On|By|Since|During|Until|Early|Late|Last|This)\s+)?"
                    r"(?:an?\s+|the\s+)?$", text[:max(0, date.start - offset)])
    if lead is not None and date.start - offset >= 0:
        rest = text[date.end - offset:]
        if rest.startswith(","):
            text = rest[1:].strip()
    words = text.split()
    if len(words) > MAX_WORDS:
        text = " ".join(words[:MAX_WORDS]).rstrip(",;:") + "\u2026"
    text = text[:1].upper() + text[1:]
    return text if re.search(r"[.!?\u2026\u201d\"]$", text) else text.rstrip(",;:") + "."


def events_in(paragraph: str, index: int, today: datetime.date | None) -> list[Event]:
    """The events of one paragraph (1-based `index`)."""
    voice = masked(paragraph)
    out: list[Event] = []
    for sentence in split(paragraph):
        own = voice[sentence.start:sentence.end]
        bounds, at = [], 0
        for m in CLAUSE_BREAK.finditer(own):
            bounds.append((at, m.start()))
            at = m.end()
        bounds.append((at, len(own)))
        parts = [(a, b, dates_in(own[a:b], today)) for a, b in bounds]
        dated = [p for p in parts if p[2]]
        if not dated:
            continue
        if len(dated) == 1:
            first = dated[0][2][0]
            found = Found(first.text, first.date, first.start + dated[0][0],
                          first.end + dated[0][0])
            out.append(Event(found, _tidy(sentence.text, found, 0), index,
                             _is_plan(own, found)))
            continue
        for a, b, dates in dated:
            text = sentence.text[a:b]
            out.append(Event(dates[0], _tidy(text, dates[0], 0), index,
                             _is_plan(own[a:b], dates[0])))
    return out
