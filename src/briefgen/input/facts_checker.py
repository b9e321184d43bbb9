"""The facts checker: a facts file's node tree -> the facts model, or every problem it has.

In: the root `Node` of a facts file (`briefgen.input.facts_reader`). Out: a `Facts` (text
normalised, timeline in date order), with each problem found on the way added to a list: the
keys and kinds come from `briefgen.input.schema.FACTS`, each kind checked by the method of its
name; citations are checked against the sources once the whole file is read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from briefgen.input.facts import (
    Event,
    Facts,
    Figure,
    Item,
    Memo,
    Quote,
    Section,
    Source,
)  # fmt: skip
from briefgen.input.facts_values import FactsValues, unmarked
from briefgen.input.nodes import Node, field_path
from briefgen.input.nodes import show as _show  # every user's text in a message goes through it
from briefgen.input.schema import (
    EVENT,
    FACTS,
    FIGURE,
    ITEM,
    MEMO,
    QUOTE,
    SECTION,
    SOURCE,
    Field,
    Record,
    attribute,
)  # fmt: skip

_LISTS = ("items", "events", "quotes", "figures", "sources", "sections", "tags")  # kinds of lists

T = TypeVar("T")


class FactsChecker(FactsValues):
    """Walks the tree once, building the model and noting every problem on the way. Each facts
    kind of `briefgen.input.schema` (`Field.kind`) is a method: the records and lists here,
    the single values in `FactsValues`."""

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
        return parse_language(unmarked(value)) if isinstance(value, str) else "en"
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
