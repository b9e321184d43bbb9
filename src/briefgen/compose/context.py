"""Facts -> template context: the plain data a template sees.

In: validated `Facts`, the brief's date and the `Theme`. Out: a dict of strings, numbers, lists
and dicts only (the sandbox lets a template read nothing else). Only the sources an item on the
page cites are in it (unless the audience asks for all), numbered 1, 2, 3... in file order, and
every item carries the numbers of the sources it cites, so a template prints `[1, 3]` without
lookups.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable
from typing import Any

from briefgen.compose.date_labels import MONTHS as MONTHS  # context.MONTHS, as it always was
from briefgen.compose.date_labels import day_label, fuzzy_label
from briefgen.compose.facing_marks import quote_marks, title_marks
from briefgen.compose.languages import Language, language
from briefgen.design.theme import Theme
from briefgen.input.facts import Facts
from briefgen.input.schema import FACTS, ITEM, MEMO, SOURCE, Field, Record, attribute, lists_of

_DEFAULT = Theme()

def long_date(day: datetime.date) -> str:
    """'3 February 2025': spelled out, never ambiguous (`day_label` in English)."""
    return day_label(day, "en")


Maker = Callable[[Any, dict[str, int], str], dict[str, object]]
Getter = Callable[[Any, dict[str, int], str], object]


def _getter(name: str, field: Field) -> tuple[tuple[str, Getter], ...]:
    """(key, how to get its value from an entry, the source numbers and the brief's language)
    for one field: the value as it is, a fuzzy date as its label in the language (a required
    one, an event's, also says whether it is approximate), the sources cited as their numbers
    (`cites`)."""
    get = operator.attrgetter(name)
    if field.kind == "cites":
        return (("cites", lambda x, numbers, tag: sorted({numbers[i] for i in get(x)})),)
    if field.kind == "fuzzy_date":
        label = (name, lambda x, numbers, tag: fuzzy_label(get(x), tag) if get(x) else None)
        if field.required:
            return label, ("approximate", lambda x, numbers, tag: get(x).approximate)
        return (label,)
    return ((name, lambda x, numbers, tag: get(x)),)


def _maker(record: Record, keyed: bool = True) -> Maker:
    """A function that makes an entry's context from the entry and the source numbers: the
    fields of the entry's record in the facts schema, in its order, and for an entry of a list
    its facts path (`key`). A date is printed in the brief's language."""
    getters = [pair for name, field in record.items() for pair in _getter(name, field)]
    if keyed:
        getters.append(("key", lambda x, numbers, tag: x.path))

    def make(entry: Any, numbers: dict[str, int], tag: str) -> dict[str, object]:
        return {key: get(entry, numbers, tag) for key, get in getters}

    return make


_LISTS = tuple((key, _maker(record)) for key, record in
               lists_of(FACTS, "items", "events", "quotes", "figures"))
_SOURCE = _maker(SOURCE, keyed=False)
_ITEM = _maker(ITEM)
_MEMO = tuple((name, attribute(name)) for name in MEMO)


def cited(facts: Facts, dropped: frozenset[str] = frozenset(),
          all_sources: bool = False) -> dict[str, int]:
    """Source id -> its number on the page: the sources an item printed cites (not one in
    `dropped`), or every source with `all_sources`, numbered 1, 2, 3... in file order, so the
    numbers have no gaps and no space goes to a source nobody on the page cites."""
    citing = {source for _, entries in facts.item_lists() for x in entries
              if x.path not in dropped for source in x.sources}
    kept = [s.id for s in facts.sources if all_sources or s.id in citing]
    return {source: n for n, source in enumerate(kept, start=1)}


def _marks(context: dict[str, Any], facts: Facts) -> None:
    """Under a marking scheme: each entry's portion mark (`portion`: "C", without parentheses),
    the file marking's (`portion`: the title's and the summary's), and as the banner
    (`memo.classification`) the highest marking of the file and of the items printed, so an
    item left out or dropped never raises it. Without one, no portion marks and the banner is
    the file's marking as written."""
    from briefgen.input.markings import scheme_of

    scheme = scheme_of(facts)
    entries = [x for key, _ in _LISTS for x in context[key]]
    entries += [x for section in context["sections"] for x in section["items"]]
    file_marking = facts.memo.classification
    for x in entries:
        x["portion"] = scheme.portion(x["marking"]) if scheme and x["marking"] else None
    context["portion"] = scheme.portion(file_marking) if scheme and file_marking else None
    if scheme is not None and file_marking is not None:
        context["memo"]["classification"] = scheme.highest(
            [file_marking, *(x["marking"] for x in entries if x["marking"])])


def build_context(facts: Facts, day: datetime.date, dropped: frozenset[str] = frozenset(),
                  theme: Theme | None = None, all_sources: bool = False,
                  words: Language | None = None, asked: bool | None = None
                  ) -> dict[str, object]:
    """The context for one brief; items whose facts path is in `dropped` are left out. Each
    entry holds the fields the facts schema gives its record, with `sources` as `cites`
    (numbers), dates as their labels, and its facts path as `key`. The sources are those the
    items kept cite (`cited`), each with its number `n` and its facts path `key`
    ("sources[4]": its place in the file). The theme's settings a template lays out with
    (`theme.date_column`) are in it too, and so are the facts' tags (never printed unless a
    template prints them) and the user-defined sections (`_sections`). `words` is the brief's
    language (default English): its tag (`language`), every word the brief adds (`words`, by
    their English text), the colon after a header label and its quotation marks
    (`punctuation`); every date is printed in it."""
    numbers = cited(facts, dropped, all_sources)
    words = words or language(facts.language or "en")
    tag = words.tag

    context: dict[str, object] = {
        "title": facts.title,
        "summary": facts.summary.split("\n"),
        "date": day_label(day, tag),
        "date_iso": day.isoformat(),
        "memo": {name: getattr(facts.memo, attr) for name, attr in _MEMO},
        "theme": {"date_column": (theme or _DEFAULT).date_column,
                  "portion_marks": (theme or _DEFAULT).portion_marks},
        "language": tag,
        "words": dict(words.words),
        "punctuation": {"colon": words.colon, "quote_open": words.quote_open,
                        "quote_close": words.quote_close, "comma": words.comma,
                        "semicolon": words.semicolon, "note_colon": words.note_colon},
    }
    for key, make in _LISTS:
        context[key] = [make(x, numbers, tag) for x in getattr(facts, key) if x.path not in dropped]
    context["sections"] = _sections(facts, dropped, numbers, tag)
    context["tags"] = list(facts.tags)
    # the audience's fixed recommendation stands in only for facts that ask nothing: `asked`
    # says whether the file did, before an audience's release or limits removed any
    context["has_recommendations"] = bool(facts.recommendations) if asked is None else asked
    _marks(context, facts)
    context["sources"] = [{"n": numbers[x.id], **_SOURCE(x, numbers, tag), "key": f"sources[{i}]",
                           "marks": list(title_marks(x.title, words))}
                          for i, x in enumerate(facts.sources) if x.id in numbers]
    context.update(isolates(facts, tag))
    for quote in context["quotes"]:
        quote["marks"] = list(quote_marks(quote["text"], words))  # plain data: a list
    if context["fsi"]:
        context["date"] = f"{context['fsi']}{context['date']}{context['pdi']}"
    return context


def isolates(facts: Facts, tag: str) -> dict[str, str]:
    """The Unicode isolates a template wraps the pieces briefgen puts together with (a date,
    a citation mark, a link, each part of a source entry or an attribution), so the bidi
    algorithm orders each piece on its own and never mixes a date's numbers with a citation's
    or a Hebrew title with the link after it: `fsi` (its direction from its own text), `lri`
    (left to right: numbers, links), `entry` (the brief's direction) and `pdi` closing each.
    Empty in a brief with no right-to-left text, whose order needs no help."""
    from briefgen.layout.direction import has_rtl, language_direction
    from briefgen.layout.font_coverage import texts

    rtl = language_direction(tag) == "rtl"
    if not rtl and not any(has_rtl(text) for _, text in texts(facts) if text):
        return {"fsi": "", "lri": "", "entry": "", "pdi": ""}
    return {"fsi": "\u2068", "lri": "\u2066", "entry": "\u2067" if rtl else "\u2066",
            "pdi": "\u2069"}


def _sections(facts: Facts, dropped: frozenset[str], numbers: dict[str, int],
              language: str) -> list[dict[str, object]]:
    """The user-defined sections with items left, in file order: each its `id`, `title`, facts
    path (`key`: "sections[1]") and `items`, made as key_points' are (`key`:
    "sections[1].items[0]"). A section whose items all went is left out, as an empty list is."""
    out = []
    for section in facts.sections:
        items = [_ITEM(x, numbers, language) for x in section.items if x.path not in dropped]
        if items:
            out.append({"id": section.id, "title": section.title, "key": section.path,
                        "items": items})
    return out
