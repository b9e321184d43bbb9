"""Checking a tree of nodes against a `Record` of `briefgen.input.schema`.

In: a `Node` tree (from `yaml_reader` or `json_reader`), the record it should match and the list
that collects problems. Out: the checked values of each mapping, and a `Problem` for every key
the record does not know (with a "did you mean" for a likely typo), every required key missing
and every value of the wrong kind, each with its file, line and full field path
(`timeline[2].date`, `theme.body_size`). Nothing stops at the first problem: a file's problems
are all reported in one run.

`Checker` holds what every kind of file shares; the facts checker adds a method per facts kind
(`Field.kind` names it). `unknown_keys` is the one check of stray keys for settings files.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from briefgen.errors import Problem
from briefgen.input.nodes import Node, field_path, show
from briefgen.input.schema import MAX_LIST, Field, Record

MAX_PROBLEMS = 50  # problems of a file reported; past them, one line says how many more
SUGGESTIONS = 10  # distinct misspelt names in a file that get a "did you mean" hint
SUGGEST_LENGTH = 40  # longer names get none: a hint is for a typo in a short name

T = TypeVar("T")


class Checker:
    """Walks a tree once, building values and noting every problem on the way."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        self.hints: dict[tuple[str, int], str | None] = {}  # see close_match
        self.lookups = 0
        self.listed: set[int] = set()  # the records whose allowed keys a message has listed
        self.more = 0  # problems found past MAX_PROBLEMS, counted and not kept

    def full(self) -> bool:
        """Has this file as many problems as are reported? Past them, each is only counted
        (`more`), so that a file of a million mistakes takes no more memory than one of fifty."""
        return len(self.problems) >= MAX_PROBLEMS

    def problem(self, node: Node, field: str, message: str, line: int | None = None) -> None:
        self.add(Problem(self.file, message, line or node.line, field or None))

    def add(self, problem: Problem) -> None:
        """Keep the problem, or only count it once the file has as many as are reported."""
        if self.full():
            self.more += 1
        else:
            self.problems.append(problem)

    def close_match(self, word: str, candidates: Collection[str]) -> str | None:
        """The candidate a misspelt name most likely meant, for a "did you mean" hint.

        difflib compares in pure Python, in time that grows with the product of the lengths,
        so the work is bounded whatever the file holds: each distinct name is looked up once,
        only the first SUGGESTIONS of them are, and names (and candidates) longer than
        SUGGEST_LENGTH are never compared. A file full of unknown names is checked in linear
        time; the names past the bound are still reported, without a hint.
        """
        key = (word, id(candidates))  # the candidates are the records and the known ids
        if key not in self.hints:
            close = None
            if self.lookups < SUGGESTIONS and len(word) <= SUGGEST_LENGTH:
                self.lookups += 1
                short = [c for c in candidates if len(c) <= SUGGEST_LENGTH]
                found = difflib.get_close_matches(word, short, n=1, cutoff=0.6)
                close = found[0] if found else None
            self.hints[key] = close
        return self.hints[key]

    def empty(self, node: Node, path: str, field: Field) -> None:
        """A key written with no value (`to:`, `null`): absent, unless the field is required."""
        if field.required:
            self.problem(node, path, "required text is empty")

    def unknown(self, node: Node, path: str, record: Record, wording: str) -> None:
        """A problem for each key of the mapping `node` that `record` does not know, at the
        key's line; `wording` is the message before the parenthesis, with `{key}` in it."""
        assert isinstance(node.value, dict)
        for key in node.value:
            if key not in record:
                if self.full():  # counted, not worded
                    self.more += 1
                    continue
                message = self.unknown_message(key, record, wording)
                self.problem(node, field_path(path, key), message, node.key_lines.get(key))

    def unknown_message(self, key: str, record: Record, wording: str) -> str:
        """What a stray key is told: the wording, a "did you mean" for a likely typo, and the
        keys allowed (unless the record says not to list them), once a file: with the first
        such key (a file of many stray keys would repeat the list on every line)."""
        close = self.close_match(key.lower(), record)
        hint = f"did you mean '{close}'?" if close else ""
        listed = record.listed and id(record) not in self.listed
        self.listed.add(id(record))
        allowed = f"allowed: {', '.join(record)}" if listed else ""
        inside = "; ".join(part for part in (hint, allowed) if part)
        return wording.format(key=show(key)) + (f" ({inside})" if inside else "")

    def record(
        self, node: Node, path: str, record: Record, partial: bool = False
    ) -> dict[str, Any] | None:
        """The checked values of a mapping, by key (None where a value is absent or wrong).

        None instead if it is not a mapping or, unless partial, a required value is missing.
        """
        if not isinstance(node.value, dict):
            keys = ", ".join(record)
            self.problem(node, path, f"expected a mapping with keys {keys}; got {node.kind}")
            return None
        self.unknown(node, path, record, record.unknown)
        values: dict[str, Any] = {}
        complete = True
        for key, field in record.items():
            child = node.value.get(key)
            value = None
            if child is None:
                if field.required:
                    self.problem(node, field_path(path, key), f"missing required field '{key}'")
            elif child.value is None:
                self.empty(child, field_path(path, key), field)
            else:
                value = getattr(self, field.kind)(child, field_path(path, key), field.required)
            if value is None and field.kind == "priority":
                value = 2
            complete = complete and (value is not None or not field.required)
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


def unknown_keys(root: Node | None, record: Record, file: str, path: str = "",
                 checker: Checker | None = None) -> list[Problem]:
    """Every key of a settings file (or of a mapping in one, at `path`) that its record does not
    know, at every depth the record describes, with a "did you mean" for a likely typo. A
    mapping's value that is not a mapping is left to the value checks."""
    checker = checker or Checker(file, [])
    todo = [(root, path, record)]
    while todo:
        node, where, rec = todo.pop()
        if node is None or not isinstance(node.value, dict):
            continue
        checker.unknown(node, where, rec, rec.unknown)
        for key, child in node.value.items():
            field = rec.get(key)
            if field is not None and field.record is not None and field.record.strict:
                todo.append((child, field_path(where, key), field.record))
    return sorted(checker.problems, key=lambda p: p.line or 0)


def by_line(problems: list[Problem] | tuple[Problem, ...], more: int = 0) -> list[Problem]:
    """A file's problems as they are reported: by file (in the order they were first named) and
    line, at most MAX_PROBLEMS of them; then, if there were more (`more` were only counted), one
    line saying how many, and that fixing these first is the way (a file of a megabyte of unknown
    keys would otherwise print some 100,000 lines)."""
    files = {p.file: i for i, p in reversed(list(enumerate(problems)))}
    ordered = sorted(problems, key=lambda p: (files[p.file], p.line or 0))
    more += max(0, len(ordered) - MAX_PROBLEMS)
    if not more:
        return ordered
    shown = ordered[:MAX_PROBLEMS]
    return [*shown, Problem(shown[-1].file, f"{more:,} more problems not shown; fix these "
                                            "first, then check again")]
