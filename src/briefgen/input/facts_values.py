"""The facts checker's values: each kind of a single value in a facts file (text, dates,
language, web address, priority, release, marking scheme, section id), checked and turned into
what the model holds.

In: one `Node` of a facts file's tree and its field path. Out: the value, or None with a problem
noted (file, line, field, a message that says what would be right). `FactsChecker` adds the
records and lists (`briefgen.input.facts_checker`).
"""

from __future__ import annotations

import datetime
import re

from briefgen.errors import Problem
from briefgen.input.dates import FuzzyDate, parse_fuzzy_date
from briefgen.input.facts import normalise_text
from briefgen.input.nodes import Node
from briefgen.input.nodes import show as _show  # every user's text in a message goes through it
from briefgen.input.schema import BLOCKS, FACTS, MAX_TEXT, SECTION_ID, Field, likely_typo
from briefgen.input.text import MARKS, forbidden, nothing_message
from briefgen.input.validate import Checker

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECTION_ID = re.compile(SECTION_ID)
# the kinds a key may not be written without a value: an item meant to be held back or marked
# must never pass as one for everyone
_NEVER_BLANK = {"marking": "a marking such as C or CONFIDENTIAL",
                "release": "one word such as public or internal"}
_WORD = re.compile(r"\w[\w.-]*")  # a release word: public, internal, eyes-only
_NO_MARKS = str.maketrans("", "", MARKS)  # LRM, RLM, ALM: they order text, not data


def unmarked(text: str) -> str:
    """A value without the marks of direction (LRM, RLM, ALM) around or in it."""
    return text.translate(_NO_MARKS).strip()


class FactsValues(Checker):
    """The facts kinds of `briefgen.input.schema` (`Field.kind`) that hold one value, each a
    method of its name; what they read (lines, citations, ids) is kept for the whole file."""

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
        if not text:  # a mark of direction is typed on purpose: marks alone are not nothing
            if required or any(mark in node.value for mark in MARKS):
                self.problem(node, path, nothing_message(node.value))
            return None
        if len(text) > MAX_TEXT:
            self.problem(
                node, path, f"the text is {len(text):,} characters long; the limit is {MAX_TEXT:,}"
            )
            return None
        return text

    def data(self, node: Node, path: str, required: bool) -> str | None:
        """A text read as a value (a date, a language, a word, an id), without the marks of
        direction (LRM, RLM, ALM) a right-to-left editor puts around it: they order text and
        mean nothing in a value, so `6 مارس 2024` with an RLM after it is still a date."""
        text = self.text(node, path, required)
        if text is None or not any(mark in text for mark in MARKS):
            return text
        text = unmarked(text)
        if not text:
            self.problem(node, path, nothing_message(node.value))
            return None
        return text

    def fuzzy_date(self, node: Node, path: str, required: bool) -> FuzzyDate | None:
        text = self.data(node, path, required)
        if text is None:
            return None
        try:
            return parse_fuzzy_date(text, self.date_language)
        except ValueError as exc:
            self.problem(node, path, str(exc))
            return None

    def iso_date(self, node: Node, path: str, required: bool) -> datetime.date | None:
        text = self.data(node, path, required)
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

        text = self.data(node, path, required)
        if text is None:
            return None
        try:
            return parse_language(text)
        except ValueError as exc:
            self.problem(node, path, str(exc))
            return None

    def url(self, node: Node, path: str, required: bool) -> str | None:
        """A web address (`input.urls.url_problem`: http(s), a host, no credentials, no
        backslash, no stray %), kept as written; the writers link to its ASCII form."""
        from briefgen.input.urls import url_problem

        text = self.data(node, path, required)
        if text is None:
            return None
        problem = url_problem(text)
        if problem is not None:
            self.problem(node, path, f"url {problem}, not {_show(text)}")
            return None
        return text

    def priority(self, node: Node, path: str, required: bool) -> int | None:
        value = unmarked(node.value) if isinstance(node.value, str) else node.value
        if value in ("1", "2", "3"):
            return int(value)
        shown = _show(value) if isinstance(value, str) else node.kind
        self.problem(node, path, f"priority must be 1, 2 or 3, not {shown}")
        return None

    def marking(self, node: Node, path: str, required: bool) -> str | None:
        """An item's marking, checked against the scheme once the file is read (`markings`);
        never blank: an item meant to be marked must not pass as unmarked."""
        if self._blank(node, path, _NEVER_BLANK["marking"]):
            return None
        return self.text(node, path, required)

    def release(self, node: Node, path: str, required: bool) -> str | None:
        """Who may read an item: one word, compared case-insensitively (stored casefolded);
        never blank, so an item meant to be held back is never printed for everyone."""
        if self._blank(node, path, _NEVER_BLANK["release"]):
            return None
        text = self.data(node, path, required)
        if text is None:
            return None
        if not _WORD.fullmatch(text):
            self.problem(node, path, f"release is one word, such as public or internal, not "
                                     f"{_show(text)}")
            return None
        return text.casefold()

    def scheme(self, node: Node, path: str, required: bool) -> str | None:
        """The marking scheme: one of `schema.FACTS['markings'].choices`, any case."""
        text = self.data(node, path, required)
        if text is None:
            return None
        known = FACTS.fields["markings"].choices
        if text.casefold() not in known:
            self.problem(node, path, f"unknown marking scheme {_show(text)} (known: "
                                     f"{', '.join(known)})")
            return None
        return text.casefold()


    def section_id(self, node: Node, path: str, required: bool) -> str | None:
        """A user section's id: a name an audience can write, not a built-in block's."""
        text = self.data(node, path, required)
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
        typo = likely_typo(text, BLOCKS)
        if typo is not None:  # an audience would take it for a misspelt built-in name
            self.problem(node, path, f"{_show(text)} is too like the built-in section "
                                     f"{_show(typo)} for an audience to place it; give it "
                                     f"another id, e.g. {_show('my_' + text)}")
            return None
        first = self.section_ids.get(text)
        if first is not None:
            self.problem(node, path, f"duplicate section id {_show(text)} (first at line {first})")
            return None
        self.section_ids[text] = node.line
        return text

    def empty(self, node: Node, path: str, field: Field) -> None:
        """A marking or release written with no value is an error, as a blank one is; any other
        key with no value is absent (`Checker.empty`)."""
        if field.kind in _NEVER_BLANK:
            self._blank(node, path, _NEVER_BLANK[field.kind])
        else:
            super().empty(node, path, field)

    def _blank(self, node: Node, path: str, wanted: str) -> bool:
        """Is this value empty (null, or text with nothing in it)? Then it is a problem, not an
        absent key: a key written without a value (`release:`) must not unmark an item."""
        if node.value is None or isinstance(node.value, str) and not normalise_text(node.value):
            self.problem(node, path, f"is blank: write {wanted}, or leave the key out")
            return True
        return False
