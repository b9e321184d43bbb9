"""Facts -> template context: the plain data a template sees.

In: validated `Facts` and the brief's date. Out: a dict of strings, numbers, lists and dicts only
(the sandbox lets a template read nothing else). Sources are numbered in file order and every
item carries the numbers of the sources it cites, so a template prints `[1, 3]` without lookups.
"""

from __future__ import annotations

import datetime

from briefgen.input.facts import Facts, Source
from briefgen.input.schema import FACTS, MEMO, SOURCE, Record, attribute, lists_of

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_date(day: datetime.date) -> str:
    """'3 February 2025': spelled out, never ambiguous."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def build_context(facts: Facts, day: datetime.date,
                  dropped: frozenset[str] = frozenset()) -> dict[str, object]:
    """The context for one brief; items whose facts path is in `dropped` are left out. Each
    entry holds the fields the facts schema (`briefgen.input.schema`) gives its record, with
    `sources` as `cites` (numbers), dates as their labels, and its facts path as `key`."""
    numbers = {source.id: n for n, source in enumerate(facts.sources, start=1)}

    def entry(x: object, record: Record) -> dict[str, object]:
        out: dict[str, object] = {}
        for name, field in record.items():
            value = getattr(x, name)
            if field.kind == "cites":
                out["cites"] = sorted({numbers[i] for i in value})
            elif field.kind == "fuzzy_date":
                out[name] = value.label if value else None
                if field.required:  # an event's date: may the template flag it approximate?
                    out["approximate"] = value.approximate
            else:
                out[name] = value
        out["key"] = getattr(x, "path")
        return out

    def source(x: Source) -> dict[str, object]:
        out: dict[str, object] = {"n": numbers[x.id]}
        for name, field in SOURCE.items():
            value = getattr(x, name)
            out[name] = value.label if field.kind == "fuzzy_date" and value else value
        return out

    context: dict[str, object] = {
        "title": facts.title,
        "summary": facts.summary.split("\n"),
        "date": long_date(day),
        "date_iso": day.isoformat(),
        "memo": {name: getattr(facts.memo, attribute(name)) for name in MEMO},
    }
    for key, record in lists_of(FACTS, "items", "events", "quotes", "figures"):
        context[key] = [entry(x, record) for x in getattr(facts, key) if x.path not in dropped]
    context["sources"] = [source(x) for x in facts.sources]
    return context
