"""The facts checker: a facts file's node tree -> the facts model, or every problem it has.

In: the root `Node` of a facts file (`briefgen.input.facts_reader`). Out: a `Facts` (text
normalised, timeline in date order), with each problem found on the way added to a list: the
keys and kinds come from `briefgen.input.schema.FACTS`, each kind checked by the method of its
name; citations are checked against the sources once the whole file is read.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

from briefgen.errors import Problem
from briefgen.input.dates import FuzzyDate, parse_fuzzy_date
from briefgen.input.facts import (
    Event,
    Facts,
    Figure,
    Item,
    Memo,
    Quote,
    Section,
    Source,
    normalise_text,
)  # fmt: skip
from briefgen.input.nodes import Node, field_path
from briefgen.input.nodes import show as _show  # every user's text in a message goes through it
from briefgen.input.schema import (
    BLOCKS,
    EVENT,
    FACTS,
    FIGURE,
    ITEM,
    MAX_TEXT,
    MEMO,
    QUOTE,
    SECTION,
    SECTION_ID,
    SOURCE,
    Field,
    Record,
    attribute,
)  # fmt: skip
from briefgen.input.text import forbidden, nothing_message
from briefgen.input.validate import Checker

_LISTS = ("items", "events", "quotes", "figures", "sources", "sections", "tags")  # kinds of lists
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECTION_ID = re.compile(SECTION_ID)
_WORD = re.compile(r"\w[\w.-]*")  # a release word: public, internal, eyes-only

T = TypeVar("T")


class FactsChecker(Checker):
    """Walks the tree once, building the model and noting every problem on the way. Each facts
    kind of `briefgen.input.schema` (`Field.kind`) is a method here."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__(file, problems)
        self.citations: list[tuple[str, Node, str]] = []  # (source id, where, field)
        self.source_ids: dict[str, int] = {}  # id -> line of its first source
        self.section_ids: dict[str, int] = {}  # id -> line of its first user section
        self.lines: dict[str, int] = {}  # field path -> line, of every text read
        self.date_language = "en"  # the language loose dates are read in (`facts`)

    # ---- scalar kinds -------------------------------------------------------------------------

    def text(self, node: Node, path: str, required: bool) -> str | None:
        if node.value is None:
            if required:
                self.problem(node, path, "required text is empty")
            return None
        if not isinstance(node.value, str):
            self.problem(node, path, f"expected text; got {node.kind}")
            return None
        self.lines[path] = node.line
        bad = forbidden(node.value)
        if bad:
            self.problem(node, path, bad)
            return None
        text = normalise_text(node.value)
        if not text:
            if required:
                self.problem(node, path, nothing_message(node.value))
            return None
        if len(text) > MAX_TEXT:
            self.problem(
                node, path, f"the text is {len(text):,} characters long; the limit is {MAX_TEXT:,}"
            )
            return None
        return text

    def fuzzy_date(self, node: Node, path: str, required: bool) -> FuzzyDate | None:
        text = self.text(node, path, required)
        if text is None:
            return None
        try:
            return parse_fuzzy_date(text, self.date_language)
        except ValueError as exc:
            self.problem(node, path, str(exc))
            return None

    def iso_date(self, node: Node, path: str, required: bool) -> datetime.date | None:
        text = self.text(node, path, required)
        if text is None:
            return None
        try:
            if _ISO_DAY.fullmatch(text):
                return datetime.date.fromisoformat(text)
            message = f"{_show(text)} is not a date in the form YYYY-MM-DD, e.g. 2025-02-03"
        except ValueError:
            message = f"{_show(text)} is not a real calendar date (YYYY-MM-DD, e.g. 2025-02-03)"
        self.problem(node, path, message)
        return None

    def language(self, node: Node, path: str, required: bool) -> str | None:
        """A language code as its tag ('fr-CA'); a problem listing the supported ones if
        briefgen has no words for it."""
        from briefgen.input.language_codes import parse_language

        text = self.text(node, path, required)
        if text is None:
            return None
        try:
            return parse_language(text)
        except ValueError as exc:
            self.problem(node, path, str(exc))
            return None

    def url(self, node: Node, path: str, required: bool) -> str | None:
        text = self.text(node, path, required)
        if text is None:
            return None
        try:
            parts = urlsplit(text)
            web = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
        except ValueError:  # a malformed address, such as a stray ']' in the host
            web = False
        if not web or any(ch.isspace() for ch in text):
            self.problem(
                node,
                path,
                f"url must be a web address starting http:// or https://, not {_show(text)}",
            )
            return None
        return text

    def priority(self, node: Node, path: str, required: bool) -> int | None:
        value = node.value.strip() if isinstance(node.value, str) else node.value
        if value in ("1", "2", "3"):
            return int(value)
        shown = _show(value) if isinstance(value, str) else node.kind
        self.problem(node, path, f"priority must be 1, 2 or 3, not {shown}")
        return None

    def release(self, node: Node, path: str, required: bool) -> str | None:
        """Who may read an item: one word, compared case-insensitively (stored casefolded)."""
        text = self.text(node, path, required)
        if text is None:
            return None
        if not _WORD.fullmatch(text):
            self.problem(node, path, f"release is one word, such as public or internal, not "
                                     f"{_show(text)}")
            return None
        return text.casefold()

    def scheme(self, node: Node, path: str, required: bool) -> str | None:
        """The marking scheme: one of `schema.FACTS['markings'].choices`, any case."""
        text = self.text(node, path, required)
        if text is None:
            return None
        known = FACTS.fields["markings"].choices
        if text.casefold() not in known:
            self.problem(node, path, f"unknown marking scheme {_show(text)} (known: "
                                     f"{', '.join(known)})")
            return None
        return text.casefold()

    def cites(self, node: Node, path: str, required: bool) -> tuple[str, ...] | None:
        if not isinstance(node.value, list):
            example = " ".join(node.value.split()) if isinstance(node.value, str) else ""
            if not (example.isprintable() and 0 < len(example) <= 40):
                example = "article"
            self.problem(
                node, path, f"expected a list of source ids, e.g. [{example}]; got {node.kind}"
            )
            return None

        def cite(entry: Node, where: str) -> str | None:
            source_id = self.text(entry, where, True)
            if source_id is not None:
                self.citations.append((source_id, entry, where))
            return source_id

        return tuple(dict.fromkeys(self.entries(node, path, cite)))

    # ---- records --------------------------------------------------------------------------------

    def memo(self, node: Node, path: str, required: bool) -> Memo | None:
        v = self.record(node, path, MEMO)
        if v is None:
            return None
        return Memo(**{attribute(key): value for key, value in v.items()})

    def build(self, cls: Callable[..., T], entry: Node, where: str, record: Record) -> T | None:
        """An item, event, quote or figure from its checked mapping and its path."""
        v = self.record(entry, where, record)
        if v is None:
            return None
        v["sources"] = v["sources"] or ()
        return cls(**v, path=where)

    def items(self, node: Node, path: str, required: bool) -> tuple[Item, ...]:
        def item(entry: Node, where: str) -> Item | None:
            if isinstance(entry.value, dict):
                return self.build(Item, entry, where, ITEM)
            if isinstance(entry.value, (list, bool)):
                shape = f"text, or a mapping with keys {', '.join(ITEM)}"
                self.problem(entry, where, f"expected {shape}; got {entry.kind}")
                return None
            text = self.text(entry, where, True)
            return None if text is None else Item(text, (), 2, where)

        return self.entries(node, path, item)

    def events(self, node: Node, path: str, required: bool) -> tuple[Event, ...]:
        found = self.entries(node, path, lambda e, w: self.build(Event, e, w, EVENT))
        return tuple(sorted(found, key=lambda e: e.date.sort_key()))

    def quotes(self, node: Node, path: str, required: bool) -> tuple[Quote, ...]:
        return self.entries(node, path, lambda e, w: self.build(Quote, e, w, QUOTE))

    def figures(self, node: Node, path: str, required: bool) -> tuple[Figure, ...]:
        return self.entries(node, path, lambda e, w: self.build(Figure, e, w, FIGURE))

    def sources(self, node: Node, path: str, required: bool) -> tuple[Source, ...]:
        def source(entry: Node, where: str) -> Source | None:
            v = self.record(entry, where, SOURCE, partial=True)
            if v is None or v["id"] is None:
                return None
            assert isinstance(entry.value, dict)
            id_node = entry.value["id"]
            first = self.source_ids.get(v["id"])
            if first is not None:
                message = f"duplicate source id {_show(v['id'])} (first at line {first})"
                self.problem(id_node, field_path(where, "id"), message)
                return None
            self.source_ids[v["id"]] = id_node.line
            return None if v["title"] is None else Source(**v)

        return self.entries(node, path, source)

    def section_id(self, node: Node, path: str, required: bool) -> str | None:
        """A user section's id: a name an audience can write, not a built-in block's."""
        text = self.text(node, path, required)
        if text is None:
            return None
        if not _SECTION_ID.fullmatch(text):
            example = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")
            example = example if _SECTION_ID.fullmatch(example) else "risks"
            self.problem(node, path, f"{_show(text)} is not a section id: lowercase letters, "
                                     f"digits and underscores, starting with a letter, e.g. "
                                     f"{_show(example)}")
            return None
        if text in BLOCKS:
            self.problem(node, path, f"{_show(text)} is a built-in section; give this one "
                                     f"another id, e.g. {_show('more_' + text)}")
            return None
        first = self.section_ids.get(text)
        if first is not None:
            self.problem(node, path, f"duplicate section id {_show(text)} (first at line {first})")
            return None
        self.section_ids[text] = node.line
        return text

    def sections(self, node: Node, path: str, required: bool) -> tuple[Section, ...]:
        def section(entry: Node, where: str) -> Section | None:
            v = self.record(entry, where, SECTION)
            if v is None:
                return None
            return Section(v["id"], v["title"], v["items"] or (), where)

        return self.entries(node, path, section)

    def tags(self, node: Node, path: str, required: bool) -> tuple[str, ...]:
        return self.entries(node, path, lambda entry, where: self.text(entry, where, True))

    def facts(self, root: Node) -> Facts | None:
        self.date_language = _language_of(root)
        v = self.record(root, "", FACTS)
        known = tuple(self.source_ids)
        shown = ", ".join(_show(k, 30)[1:-1] for k in known[:10])
        shown += ", \u2026" if len(known) > 10 else ""
        for source_id, node, where in self.citations:
            if source_id not in self.source_ids:
                close = self.close_match(source_id, known)
                hint = f"did you mean {_show(close)}?; " if close else ""
                listed = f"known: {shown}" if known else "no sources are listed under sources"
                self.problem(
                    node, where, f"cites unknown source {_show(source_id)} ({hint}{listed})"
                )
        if v is None:
            return None
        return Facts(file=self.file, **{key: _or_empty(field, v[key]) for key, field in
                                        FACTS.items()}, lines=self.lines)


def _language_of(root: Node) -> str:
    """The facts' language, read before the rest (the dates are read in it); English if it is
    absent or not one briefgen knows (the `language` check says so)."""
    from briefgen.input.language_codes import parse_language

    node = root.value.get("language") if isinstance(root.value, dict) else None
    value = node.value if node is not None else None
    try:
        return parse_language(value) if isinstance(value, str) else "en"
    except ValueError:
        return "en"


def _or_empty(field: Field, value: object) -> object:
    """A top-level value of the facts, where an absent memo is an empty one and an absent list
    an empty tuple."""
    if value is not None:
        return value
    if field.kind == "memo":
        return Memo()
    return () if field.kind in _LISTS else None
