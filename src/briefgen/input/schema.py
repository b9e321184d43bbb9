"""The one definition of each file a user writes: facts, themes and audiences.

In: nothing; this module only declares. Out: `Record`s, ordered mappings of key -> `Field`,
each field saying what kind of value it takes, whether it is required and what it means. From
these come the checks (`briefgen.input.facts_checker` for facts, `briefgen.input.validate` for
unknown keys everywhere), the JSON Schema export (`briefgen.input.json_schema`) and the lists of
fields other stages walk (`text_fields`: the font coverage check, the template context).

The facts records are here, as the facts model lives in this package. A theme's record is made
from the `Theme` dataclass and its ranges (`briefgen.design.theme.THEME`), an audience's is
declared beside the `Audience` (`briefgen.design.audience_file.AUDIENCE`): each model keeps its one
definition, and this module gives them the words to write it in.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from briefgen.input.dates import ACCEPTED_FORMS
from briefgen.input.language_codes import SUPPORTED

MAX_TEXT = 5000  # characters in one text, after normalising
MAX_LIST = 200  # entries in one list


@dataclass(frozen=True)
class Field:
    """One key of a mapping: the kind of value it takes and what it is for.

    `kind` names how the value is checked: for facts, a method of the facts checker ("text",
    "fuzzy_date", "items", ...); for settings, one of "number", "count" (a whole number),
    "text", "bool", "choice", "colour", "list", "mapping". `record` is the mapping a value (or each entry of a list) holds;
    `entry` the field every entry of a list, or every value of a free-keyed mapping, is;
    `choices` the values a choice may take; `low`, `high` and `unit` a number's range.
    """

    kind: str
    required: bool = False
    doc: str = ""
    record: Record | None = None
    entry: Field | None = None
    choices: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    unit: str = ""
    printed: bool = True  # does a brief print it (a source's id is only cited)?
    nullable: bool = False  # settings: may it be written with no value (YAML `key: null`)?


@dataclass(frozen=True)
class Record:
    """A mapping's allowed keys, in the order messages list them, and how a stray key is named
    ("unknown key 'x'" in facts, "unknown theme setting" in a theme)."""

    fields: dict[str, Field]
    doc: str = ""
    unknown: str = "unknown key {key}"  # the message for a stray key, before its parenthesis
    listed: bool = True  # does that message list the allowed keys?
    strict: bool = True  # are stray keys reported by `validate.unknown_keys`, or by its owner?
    # (pattern, field): what any other key matching the pattern holds (a user section's limit)
    others: tuple[str, Field] | None = None

    def __iter__(self) -> Any:
        return iter(self.fields)

    def __contains__(self, key: object) -> bool:
        return key in self.fields

    def items(self) -> Any:
        return self.fields.items()

    def get(self, key: str) -> Field | None:
        return self.fields.get(key)


def from_dataclass(declared: tuple[dataclasses.Field, ...],  # type: ignore[type-arg]
                   doc: str, unknown: str,
                   ranges: dict[str, tuple[float, float, str]],
                   choices: dict[str, tuple[Any, ...]], kinds: dict[str, str],
                   docs: dict[str, str]) -> Record:
    """The record of a settings file whose keys are a dataclass's fields (a theme's): a number
    where `ranges` gives a range, a choice where `choices` gives values, else the kind `kinds`
    gives (text if none). A field's description is the one `docs` gives (or its metadata's
    `doc`), followed by what it takes and its default."""
    made = {}
    for f in declared:
        kind = "number" if f.name in ranges else "choice" if f.name in choices else \
            kinds.get(f.name, "text")
        low, high, unit = ranges.get(f.name, (None, None, ""))
        takes = {"number": f"{low:g} to {high:g} {unit}" if kind == "number" else "",
                 "colour": "a colour as '#RRGGBB'", "text": "", "bool": "true or false",
                 "choice": f"one of {', '.join(choices.get(f.name, ()))}"}[kind]
        said = docs.get(f.name) or str(f.metadata.get("doc", ""))
        text = "; ".join(part for part in (said, takes) if part) or "text"
        made[f.name] = Field(kind, doc=f"{text[0].upper()}{text[1:]}; default {f.default!r}.",
                             choices=choices.get(f.name, ()), low=low, high=high, unit=unit)
    return Record(made, doc=doc, unknown=unknown)


def text_fields(record: Record) -> tuple[str, ...]:
    """The keys of a record whose values are printed text, in order: what a font must cover."""
    return tuple(key for key, f in record.items() if f.kind in ("text", "url") and f.printed)


def attribute(key: str) -> str:
    """The model's attribute for a key of a file: `from` is a Python keyword (`Memo.from_`)."""
    return "from_" if key == "from" else key


def lists_of(record: Record, *kinds: str) -> tuple[tuple[str, Record], ...]:
    """(key, entry record) of each list field of these kinds: ("timeline", EVENT), ..."""
    return tuple((key, f.record) for key, f in record.items()
                 if f.kind in kinds and f.record is not None)


# ---- facts --------------------------------------------------------------------------------------

_FUZZY = (f"A date, as loose as the facts are: {ACCEPTED_FORMS} (a YAML date such as "
          "2024-10-17 too).")
_SOURCES = Field("cites", doc="The ids of the sources this cites, e.g. [article].")
_PRIORITY = Field("priority", doc="What to keep when space runs out: 1 must stay, 3 goes first; "
                                  "2 if not given.", choices=(1, 2, 3))
# every item may carry a marking and a release (briefgen.input.markings; design.selection)
_MARKED = {
    "marking": Field("marking", doc="The item's marking in the file's marking scheme (`markings`), "
                                 "long or short form, any case: CONFIDENTIAL or C; default: "
                                 "memo.classification.", printed=False),
    "release": Field("release", doc="Who may read it, one word (public, internal, ...); an "
                                    "audience's `release` list says which it prints. Absent: "
                                    "every audience; never blank."),
}
_CITED = {"sources": _SOURCES, "priority": _PRIORITY, **_MARKED}

MEMO = Record({
    "to": Field("text", doc="Who the brief is for."),
    "from": Field("text", doc="Who sends it."),
    "cc": Field("text", doc="Who else receives it."),
    "reference": Field("text", doc="A file or reference number."),
    "classification": Field("text", doc="A marking printed as a banner at the top and bottom, "
                                        "e.g. UNCLASSIFIED, OFFICIAL, TLP:CLEAR. With a marking "
                                        "scheme (`markings`): one of its markings, the marking "
                                        "of the title, the summary and every item that carries "
                                        "none; the banner prints the highest marking on the "
                                        "page."),
}, doc="The header fields of the memo.")
ITEM = Record({
    "text": Field("text", True, "The point, in a sentence or two."),
    **_CITED,
}, doc="An item of key_points, outlook, recommendations, background or a user section: plain "
       "text, or a mapping with text, sources, priority.")
EVENT = Record({
    "date": Field("fuzzy_date", True, _FUZZY),
    "event": Field("text", True, "What happened."),
    **_CITED,
}, doc="A dated event; the brief shows the timeline in date order.")
# the names of the built-in template's blocks: a user section's id may not be one of them
BLOCKS = ("header", "label", "bottom_line", "background", "key_points", "timeline", "quotes",
          "figures", "outlook", "recommendation", "recommendations", "sources", "footer",
          "other_sections")
SECTION_ID = r"[a-z][a-z0-9_]*"


def likely_typo(name: str, known: Iterable[str]) -> str | None:
    """The known name this one is most likely a typo of, when they are so alike (`difflib`
    ratio 0.8 or more, lengths within 2: 'key_point', 'timelines', 'qoutes') that a user
    section of that id is the less likely reading; None for a name merely near one ('risques',
    'key_risks', 'notes', 'timeline_eu'), which may be a section of the facts. A facts file
    may not give a section such an id either (`facts_values.section_id`)."""
    if len(name) > 40:  # a hint is for a typo in a short name; the comparison stays bounded
        return None
    near = [k for k in known if abs(len(k) - len(name)) <= 2]  # 'timeline_eu' is its own name
    found = difflib.get_close_matches(name, near, n=1, cutoff=0.8)
    return found[0] if found else None


def user_section(name: object) -> bool:
    """Could this name be a user section's id? Which sections a facts file has is known only
    once it is read, so an audience may name any such id in its `sections` and `limits`."""
    return isinstance(name, str) and name not in BLOCKS and \
        re.fullmatch(SECTION_ID, name) is not None


SECTION = Record({
    "id": Field("section_id", True, "The name an audience's `sections` list or a template "
                                    "places it by: lowercase letters, digits and underscores, "
                                    "starting with a letter; unique in the file; not a built-in "
                                    "block name.", printed=False),
    "title": Field("text", True, "The heading printed above it, as written (not translated)."),
    "items": Field("items", doc="Its items, as key_points' are; none: it prints nothing.",
                   record=ITEM),
}, doc="User-defined sections, each a title and items, placed by id.")
QUOTE = Record({
    "text": Field("text", True, "The words quoted, without surrounding quotation marks."),
    "speaker": Field("text", True, "Who said it."),
    "role": Field("text", doc="The speaker's role, e.g. \"Japan's ambassador to Canada\"."),
    "date": Field("fuzzy_date", doc=_FUZZY),
    "context": Field("text", doc="Where it was said, e.g. \"online panel\"."),
    **_CITED,
}, doc="A key quote, fully attributed.")
FIGURE = Record({
    "label": Field("text", True, "What the number measures."),
    "value": Field("text", True, "The number as printed, with its unit: \"$55 billion\"."),
    "note": Field("text", doc="A short note on the number."),
    **_CITED,
}, doc="A key number.")
SOURCE = Record({
    "id": Field("text", True, "The id items cite it by; unique in the file.", printed=False),
    "title": Field("text", True, "The title of the source."),
    "publisher": Field("text", doc="Who published it."),
    "url": Field("url", doc="A web address starting http:// or https://: no user name or "
                            "password before the host, no backslash, a % only as %XX."),
    "date": Field("fuzzy_date", doc=_FUZZY),
}, doc="Where the facts come from.")

FACTS = Record({
    "title": Field("text", True, "The subject line of the brief."),
    "summary": Field("text", True, "The bottom line, one to four sentences."),
    "date": Field("iso_date", doc="The date of the brief, YYYY-MM-DD (a YAML date or text); "
                                  "absent: the day it is built."),
    "memo": Field("memo", doc=MEMO.doc, record=MEMO),
    "key_points": Field("items", doc="The main points, most important first.", record=ITEM),
    "timeline": Field("events", doc="Dated events; the brief shows them in date order.",
                      record=EVENT),
    "quotes": Field("quotes", doc="Key quotes, most important first.", record=QUOTE),
    "figures": Field("figures", doc="Key numbers.", record=FIGURE),
    "outlook": Field("items", doc="Implications, next steps, what to watch.", record=ITEM),
    "recommendations": Field("items", doc="What the reader is asked to decide or do, most "
                                          "important first.", record=ITEM),
    "background": Field("items", doc="Context the reader needs, most important first.",
                        record=ITEM),
    "sections": Field("sections", doc=SECTION.doc, record=SECTION),
    "sources": Field("sources", doc="Where the facts come from; items cite them by id.",
                     record=SOURCE),
    "tags": Field("tags", doc="Free labels (search, batch selection); not printed."),
    "markings": Field("scheme", doc="The marking scheme of memo.classification and of the "
                                    "items' `marking`: us, uk, tlp, fr or de (the theme may "
                                    "name one; this wins).",
                      choices=("us", "uk", "tlp", "fr", "de")),
    "language": Field("language", doc="The language the facts are written in and the brief's "
                                      f"default language: {' '.join(SUPPORTED)}, "
                                      "or a regional variant such as fr-CA (its base "
                                      "language's words). An audience's language and "
                                      "--language win over it."),
}, doc="A briefgen facts file: the facts one briefing memo is built from.")
