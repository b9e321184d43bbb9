"""Facts -> template context: the plain data a template sees.

In: validated `Facts`, the brief's date and the `Theme`. Out: a dict of strings, numbers, lists
and dicts only (the sandbox lets a template read nothing else). Sources are numbered in file order and every
item carries the numbers of the sources it cites, so a template prints `[1, 3]` without lookups.
"""

from __future__ import annotations

import datetime

from briefgen.design.theme import Theme
from briefgen.input.facts import Event, Facts, Figure, Item, Quote, Source

_DEFAULT = Theme()

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_date(day: datetime.date) -> str:
    """'3 February 2025': spelled out, never ambiguous."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def build_context(facts: Facts, day: datetime.date, dropped: frozenset[str] = frozenset(),
                  theme: Theme | None = None) -> dict[str, object]:
    """The context for one brief; items whose facts path is in `dropped` are left out. The
    theme's settings a template lays out with (`theme.date_column`) are in it too."""
    numbers = {source.id: n for n, source in enumerate(facts.sources, start=1)}

    def cites(ids: tuple[str, ...]) -> list[int]:
        return sorted({numbers[i] for i in ids})

    def item(x: Item) -> dict[str, object]:
        return {"text": x.text, "cites": cites(x.sources), "priority": x.priority, "key": x.path}

    def event(x: Event) -> dict[str, object]:
        return {"date": x.date.label, "approximate": x.date.approximate, "event": x.event,
                "cites": cites(x.sources), "priority": x.priority, "key": x.path}

    def quote(x: Quote) -> dict[str, object]:
        return {"text": x.text, "speaker": x.speaker, "role": x.role, "context": x.context,
                "date": x.date.label if x.date else None, "cites": cites(x.sources),
                "priority": x.priority, "key": x.path}

    def figure(x: Figure) -> dict[str, object]:
        return {"label": x.label, "value": x.value, "note": x.note, "cites": cites(x.sources),
                "priority": x.priority, "key": x.path}

    def source(x: Source) -> dict[str, object]:
        return {"n": numbers[x.id], "id": x.id, "title": x.title, "publisher": x.publisher,
                "url": x.url, "date": x.date.label if x.date else None}

    memo = facts.memo
    return {
        "title": facts.title,
        "summary": facts.summary.split("\n"),
        "date": long_date(day),
        "date_iso": day.isoformat(),
        "memo": {"to": memo.to, "from": memo.from_, "cc": memo.cc, "reference": memo.reference,
                 "classification": memo.classification},
        "key_points": [item(x) for x in facts.key_points if x.path not in dropped],
        "timeline": [event(x) for x in facts.timeline if x.path not in dropped],
        "quotes": [quote(x) for x in facts.quotes if x.path not in dropped],
        "figures": [figure(x) for x in facts.figures if x.path not in dropped],
        "outlook": [item(x) for x in facts.outlook if x.path not in dropped],
        "sources": [source(x) for x in facts.sources],
        "theme": {"date_column": (theme or _DEFAULT).date_column},
    }
