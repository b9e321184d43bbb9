"""The facts model, and the checker that builds it from a facts file.

In: the path of a facts file (YAML or JSON, see the facts contract).
Out: a frozen `Facts`, its text normalised and its timeline in date order; or a `FactsError`
that holds every problem the file has, each with its file, line, field path and a message
that says what would be right.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from briefgen.input.dates import FuzzyDate, parse_fuzzy_date
from briefgen.errors import FactsError, Problem
from briefgen.input.text import forbidden, nothing_message, printed, prints_nothing
from briefgen.input.facts_reader import Node, field_path, read_tree
from briefgen.input.facts_reader import show as _show  # every user's text in a message goes through it

MAX_TEXT = 5000  # characters in one text, after normalising
MAX_LIST = 200  # entries in one list
SUGGESTIONS = 10  # distinct misspelt names in a file that get a "did you mean" hint
SUGGEST_LENGTH = 40  # longer names get none: a hint is for a typo in a short name


@dataclass(frozen=True)
class Item:
    text: str
    sources: tuple[str, ...]
    priority: int
    path: str


@dataclass(frozen=True)
class Event:
    date: FuzzyDate
    event: str
    sources: tuple[str, ...]
    priority: int
    path: str


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str
    role: str | None
    date: FuzzyDate | None
    context: str | None
    sources: tuple[str, ...]
    priority: int
    path: str


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str | None
    sources: tuple[str, ...]
    priority: int
    path: str


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str | None
    url: str | None
    date: FuzzyDate | None


@dataclass(frozen=True)
class Memo:
    to: str | None = None
    from_: str | None = None
    cc: str | None = None
    reference: str | None = None
    classification: str | None = None


@dataclass(frozen=True)
class Facts:
    file: str
    title: str
    summary: str
    date: datetime.date | None
    memo: Memo
    key_points: tuple[Item, ...]
    timeline: tuple[Event, ...]  # in date order; ties keep file order
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    outlook: tuple[Item, ...]
    sources: tuple[Source, ...]
    tags: tuple[str, ...]
    # the line of each text in the file, by field path ("title", "quotes[2].speaker"), for
    # problems found after the file was read (a character no font prints)
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, path: str) -> int | None:
        """The line of the text at this field path (an item's path names its text)."""
        return self.lines.get(path) or self.lines.get(f"{path}.text")


# What each mapping may hold: key -> (kind of value, required). Kinds are _Checker methods.
_Schema = dict[str, tuple[str, bool]]
_CITED = {"sources": ("cites", False), "priority": ("priority", False)}
_TOP = {
    "title": ("text", True), "summary": ("text", True), "date": ("iso_date", False),
    "memo": ("memo", False), "key_points": ("items", False), "timeline": ("events", False),
    "quotes": ("quotes", False), "figures": ("figures", False), "outlook": ("items", False),
    "sources": ("sources", False), "tags": ("tags", False),
}  # fmt: skip
_MEMO = {k: ("text", False) for k in ("to", "from", "cc", "reference", "classification")}
_ITEM = {"text": ("text", True), **_CITED}
_EVENT = {"date": ("fuzzy_date", True), "event": ("text", True), **_CITED}
_QUOTE = {
    "text": ("text", True), "speaker": ("text", True), "role": ("text", False),
    "date": ("fuzzy_date", False), "context": ("text", False), **_CITED,
}  # fmt: skip
_FIGURE = {"label": ("text", True), "value": ("text", True), "note": ("text", False), **_CITED}
_SOURCE = {
    "id": ("text", True), "title": ("text", True), "publisher": ("text", False),
    "url": ("url", False), "date": ("fuzzy_date", False),
}  # fmt: skip

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"[ \t\n]+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

T = TypeVar("T")


def load_facts(path: str | os.PathLike[str]) -> Facts:
    """Read and check a facts file; raise `FactsError` with all its problems if it has any."""
    file = os.fspath(path)
    problems: list[Problem] = []
    root = read_tree(file, problems)
    checker = _Checker(file, problems)
    facts = checker.facts(root)
    if problems or facts is None:
        raise FactsError(sorted(problems, key=lambda p: p.line or 0))
    return facts


def normalise_text(text: str) -> str:
    """The text as printed (`briefgen.input.text.printed`: invisible characters out, every space
    character a space, line and paragraph separators line breaks), single line breaks and runs of
    spaces folded; paragraphs kept, one per line, but those that print nothing (soft hyphens
    only)."""
    text = printed(text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = (_SPACES.sub(" ", p).strip() for p in _BLANK_LINE.split(text))
    return "\n".join(p for p in paragraphs if not prints_nothing(p))


class _Checker:
    """Walks the tree once, building the model and noting every problem on the way."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        self.citations: list[tuple[str, Node, str]] = []  # (source id, where, field)
        self.source_ids: dict[str, int] = {}  # id -> line of its first source
        self.hints: dict[tuple[str, int], str | None] = {}  # see close_match
        self.lookups = 0
        self.lines: dict[str, int] = {}  # field path -> line, of every text read

    def problem(self, node: Node, field: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.file, message, line or node.line, field or None))

    def close_match(self, word: str, candidates: Collection[str]) -> str | None:
        """The candidate a misspelt name most likely meant, for a "did you mean" hint.

        difflib compares in pure Python, in time that grows with the product of the lengths,
        so the work is bounded whatever the file holds: each distinct name is looked up once,
        only the first SUGGESTIONS of them are, and names (and candidates) longer than
        SUGGEST_LENGTH are never compared. A file full of unknown names is checked in linear
        time; the names past the bound are still reported, without a hint.
        """
        key = (word, id(candidates))  # the candidates are the schemas and the known ids
        if key not in self.hints:
            close = None
            if self.lookups < SUGGESTIONS and len(word) <= SUGGEST_LENGTH:
                self.lookups += 1
                short = [c for c in candidates if len(c) <= SUGGEST_LENGTH]
                found = difflib.get_close_matches(word, short, n=1, cutoff=0.6)
                close = found[0] if found else None
            self.hints[key] = close
        return self.hints[key]

    # ---- mappings and lists ------------------------------------------------------------------

    def record(
        self, node: Node, path: str, schema: _Schema, partial: bool = False
    ) -> dict[str, Any] | None:
        """The checked values of a mapping, by key (None where a value is absent or wrong).

        None instead if it is not a mapping or, unless partial, a required value is missing.
        """
        if not isinstance(node.value, dict):
            keys = ", ".join(schema)
            self.problem(node, path, f"expected a mapping with keys {keys}; got {node.kind}")
            return None
        for key in node.value:
            if key not in schema:
                close = self.close_match(key.lower(), schema)
                hint = f"did you mean '{close}'?; " if close else ""
                message = f"unknown key {_show(key)} ({hint}allowed: {', '.join(schema)})"
                self.problem(node, field_path(path, key), message, node.key_lines.get(key))
        values: dict[str, Any] = {}
        complete = True
        for key, (kind, required) in schema.items():
            child = node.value.get(key)
            value = None
            if child is None:
                if required:
                    self.problem(node, field_path(path, key), f"missing required field '{key}'")
            elif child.value is None:
                if required:
                    self.problem(child, field_path(path, key), "required text is empty")
            else:
                value = getattr(self, kind)(child, field_path(path, key), required)
            if value is None and kind == "priority":
                value = 2
            complete = complete and (value is not None or not required)
            values[key] = value
        return values if complete or partial else None

    def entries(
        self, node: Node | None, path: str, each: Callable[[Node, str], T | None]
    ) -> tuple[T, ...]:
        """Check each entry of a list; an absent or empty list gives ()."""
        if node is None or node.value is None:
            return ()
        if not isinstance(node.value, list):
            self.problem(node, path, f"expected a list; got {node.kind}")
            return ()
        if len(node.value) > MAX_LIST:
            self.problem(
                node, path, f"the list has {len(node.value)} entries; the limit is {MAX_LIST}"
            )
            return ()
        found = (each(entry, field_path(path, i)) for i, entry in enumerate(node.value))
        return tuple(x for x in found if x is not None)

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
            return parse_fuzzy_date(text)
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
        v = self.record(node, path, _MEMO)
        if v is None:
            return None
        return Memo(v["to"], v["from"], v["cc"], v["reference"], v["classification"])

    def build(self, cls: Callable[..., T], entry: Node, where: str, schema: _Schema) -> T | None:
        """An item, event, quote or figure from its checked mapping and its path."""
        v = self.record(entry, where, schema)
        if v is None:
            return None
        v["sources"] = v["sources"] or ()
        return cls(**v, path=where)

    def items(self, node: Node, path: str, required: bool) -> tuple[Item, ...]:
        def item(entry: Node, where: str) -> Item | None:
            if isinstance(entry.value, dict):
                return self.build(Item, entry, where, _ITEM)
            if isinstance(entry.value, (list, bool)):
                shape = "text, or a mapping with keys text, sources, priority"
                self.problem(entry, where, f"expected {shape}; got {entry.kind}")
                return None
            text = self.text(entry, where, True)
            return None if text is None else Item(text, (), 2, where)

        return self.entries(node, path, item)

    def events(self, node: Node, path: str, required: bool) -> tuple[Event, ...]:
        found = self.entries(node, path, lambda e, w: self.build(Event, e, w, _EVENT))
        return tuple(sorted(found, key=lambda e: e.date.sort_key()))

    def quotes(self, node: Node, path: str, required: bool) -> tuple[Quote, ...]:
        return self.entries(node, path, lambda e, w: self.build(Quote, e, w, _QUOTE))

    def figures(self, node: Node, path: str, required: bool) -> tuple[Figure, ...]:
        return self.entries(node, path, lambda e, w: self.build(Figure, e, w, _FIGURE))

    def sources(self, node: Node, path: str, required: bool) -> tuple[Source, ...]:
        def source(entry: Node, where: str) -> Source | None:
            v = self.record(entry, where, _SOURCE, partial=True)
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

    def tags(self, node: Node, path: str, required: bool) -> tuple[str, ...]:
        return self.entries(node, path, lambda entry, where: self.text(entry, where, True))

    def facts(self, root: Node) -> Facts | None:
        v = self.record(root, "", _TOP)
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
        return Facts(
            file=self.file, title=v["title"], summary=v["summary"], date=v["date"],
            memo=v["memo"] or Memo(), key_points=v["key_points"] or (),
            timeline=v["timeline"] or (), quotes=v["quotes"] or (), figures=v["figures"] or (),
            outlook=v["outlook"] or (), sources=v["sources"] or (), tags=v["tags"] or (),
            lines=self.lines,
        )  # fmt: skip

