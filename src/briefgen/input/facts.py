"""The facts model: what a facts file holds once it is read and checked.

In: the path of a facts file (YAML or JSON, see the facts contract), to `load_facts`.
Out: a frozen `Facts`, its text normalised and its timeline in date order; or a `FactsError`
that holds every problem the file has, each with its file, line, field path and a message
that says what would be right. The keys a file may hold are `briefgen.input.schema.FACTS`;
`briefgen.input.facts_checker` checks a file against it and builds these classes.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

from briefgen.errors import FactsError, Problem
from briefgen.input.dates import FuzzyDate
from briefgen.input.facts_reader import read_tree
from briefgen.input.schema import FACTS, MAX_LIST, MAX_TEXT, lists_of
from briefgen.input.text import printed, prints_nothing

__all__ = ["ITEM_LISTS", "MAX_LIST", "MAX_TEXT", "Event", "Facts", "Figure", "Item", "Memo",
           "Quote", "Section", "Source", "load_facts", "normalise_text"]

# the built-in lists of items, in the facts schema's order: key_points, timeline, ...
ITEM_LISTS = tuple(key for key, _ in lists_of(FACTS, "items", "events", "quotes", "figures"))


@dataclass(frozen=True)
class Item:
    text: str
    sources: tuple[str, ...]
    priority: int
    path: str
    _: KW_ONLY  # the fields every item has beside its own (schema._MARKED), by keyword
    marking: str | None = None  # canonical once `briefgen.input.markings.resolve` has run
    release: str | None = None  # casefolded


@dataclass(frozen=True)
class Section:
    """A user-defined section: its id (how an audience or a template places it), its title as
    printed, its items (each with its own path, `sections[1].items[0]`), and its own path."""

    id: str
    title: str
    items: tuple[Item, ...]
    path: str


@dataclass(frozen=True)
class Event:
    date: FuzzyDate
    event: str
    sources: tuple[str, ...]
    priority: int
    path: str
    _: KW_ONLY  # the fields every item has beside its own (schema._MARKED), by keyword
    marking: str | None = None  # canonical once `briefgen.input.markings.resolve` has run
    release: str | None = None  # casefolded


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
    _: KW_ONLY  # the fields every item has beside its own (schema._MARKED), by keyword
    marking: str | None = None  # canonical once `briefgen.input.markings.resolve` has run
    release: str | None = None  # casefolded


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str | None
    sources: tuple[str, ...]
    priority: int
    path: str
    _: KW_ONLY  # the fields every item has beside its own (schema._MARKED), by keyword
    marking: str | None = None  # canonical once `briefgen.input.markings.resolve` has run
    release: str | None = None  # casefolded


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
    recommendations: tuple[Item, ...]
    background: tuple[Item, ...]
    sections: tuple[Section, ...]  # user-defined, in file order
    sources: tuple[Source, ...]
    tags: tuple[str, ...]
    markings: str | None = None  # the marking scheme: us, uk, tlp, fr, de (`briefgen.input.markings`)
    language: str | None = None  # a BCP 47 tag ('fr', 'fr-CA'); None: not given
    # the line of each text in the file, by field path ("title", "quotes[2].speaker"), for
    # problems found after the file was read (a character no font prints)
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def item_lists(self) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """(name, entries) of every list of items an audience may limit and the fitter drop:
        the built-in lists by key, then each user section's items by its id."""
        for key in ITEM_LISTS:
            yield key, getattr(self, key)
        for section in self.sections:
            yield section.id, section.items

    def replaced(self, changes: Mapping[str, tuple[Any, ...]]) -> Facts:
        """These facts with some lists changed: a built-in list (or `sources`) by its key, a user
        section's items by the section's id."""
        changes = dict(changes)
        sections = tuple(dataclasses.replace(s, items=changes.pop(s.id)) if s.id in changes
                         else s for s in self.sections)
        return dataclasses.replace(self, **changes, sections=sections)

    def line_of(self, path: str) -> int | None:
        """The line of the text at this field path (an item's path names its text)."""
        return self.lines.get(path) or self.lines.get(f"{path}.text")

    def first_line(self, key: str) -> int | None:
        """The first line of a top-level field's texts ("timeline": its first event's)."""
        found = [line for path, line in self.lines.items()
                 if path == key or path.startswith((f"{key}[", f"{key}."))]
        return min(found, default=None)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"[ \t\n]+")


def load_facts(path: str | os.PathLike[str]) -> Facts:
    """Read and check a facts file; raise `FactsError` with all its problems if it has any."""
    file = os.fspath(path)
    problems: list[Problem] = []
    root = read_tree(file, problems)
    from briefgen.input.facts_checker import FactsChecker  # it builds the model defined here
    from briefgen.input.validate import by_line

    checker = FactsChecker(file, problems)
    facts = checker.facts(root)
    if problems or facts is None:
        raise FactsError(by_line(problems, checker.more))
    if facts.markings:  # the file names its scheme: its markings are checked with it
        from briefgen.input.markings import resolve

        return resolve(facts)
    return facts


# Chinese and Japanese (Han, kana, their punctuation and full-width forms) are written without
# spaces: a space or line break between two of them is none at all (YAML folds a line wrapped
# there into a space before briefgen sees it). Korean, which spaces its words, keeps them.
_CJK = "\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uffef" \
    "\U00020000-\U0003ffff"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \t\n]+(?=[{_CJK}])")


def normalise_text(text: str) -> str:
    """The text as printed (`briefgen.input.text.printed`: invisible characters out, every space
    character a space, line and paragraph separators line breaks), single line breaks and runs of
    spaces folded (a space or line break between two Chinese or Japanese characters to
    nothing); paragraphs kept, one per line, but those that print nothing (soft hyphens
    only)."""
    text = printed(text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = (_SPACES.sub(" ", p if p.isascii() else _CJK_BREAK.sub("", p)).strip()
                  for p in _BLANK_LINE.split(text))
    return "\n".join(p for p in paragraphs if not prints_nothing(p))


