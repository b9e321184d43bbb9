"""Markup errors, said where the user must edit.

In: a problem the markup parser found, at a line and a byte offset of the markup, and (when the
markup is what a template rendered) `locate`, which names the template file and line that wrote a
place in it (`briefgen.design.template_lines.Locator`). Out: a `TemplateError` at that template
file and line. When no template line can be named, the markup's own line is given: as a line of
the markup file, or, for rendered markup, in words after the template's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.parsers import expat

from briefgen.errors import Problem, TemplateError

Locate = Callable[[int], "tuple[str, int] | None"]  # UTF-8 byte offset -> template file, line
_CLOSING = re.compile(r"</\s*([^\s>]+)")
_MISMATCH = expat.errors.codes[expat.errors.XML_ERROR_TAG_MISMATCH]


class Errors:
    """Words a parser's problems, at the template line that wrote the place, if it is known."""

    def __init__(self, source: str, locate: Locate | None = None) -> None:
        self.source = source
        self.locate = locate
        self.text = ""  # the markup being parsed

    def place(self, at: int | None) -> tuple[str, int] | None:
        """The template file and line that wrote the markup at byte `at`, if it can be said."""
        if self.locate is None or at is None:
            return None
        return self.locate(at)

    def fail(self, line: int | None, message: str, at: int | None = None) -> TemplateError:
        """The problem at `line` of the markup, or at the template line that wrote byte `at`
        of it; when the markup is what a template rendered and that template line cannot be
        said, the markup's line is said in words after the template file."""
        place = self.place(at)
        if place is not None:
            return TemplateError([Problem(place[0], message, line=place[1], field="markup")])
        if self.locate is not None and line is not None:
            return TemplateError([Problem(self.source, f"{message} (at line {line} of the "
                                          "markup the template rendered)", field="markup")])
        return TemplateError([Problem(self.source, message, line=line, field="markup")])

    def malformed(self, exc: expat.ExpatError, at: int, tag: str, line: int,
                  opened_at: int) -> TemplateError:
        """Markup that is not well-formed XML, at the template line that wrote the place expat
        stopped at. A closing tag that does not match the element open there (`tag`, whose
        start tag is at `line` and byte `opened_at`) is named with it; when the closing tag is
        briefgen's own (the user's block left an element open inside a built-in one), the
        user's open element is what to mend, so it is named, at its line."""
        message = f"malformed markup: {expat.ErrorString(exc.code)}"
        raw = self.text.encode()
        if exc.code == _MISMATCH and tag:
            at = max(raw.rfind(b"</", 0, at + 1), 0)  # expat stops at the name, after the </
        closing = _CLOSING.match(raw[at:at + 200].decode(errors="ignore"))
        if exc.code != _MISMATCH or not tag or closing is None:
            return self.fail(exc.lineno, message, at)
        place, opened = self.place(at), self.place(opened_at)
        if place is not None and opened is not None and _builtin(place[0]) and \
                not _builtin(opened[0]):
            return self.fail(line, f"malformed markup: <{tag}> is not closed "
                                   f"(</{closing.group(1)}> follows)", opened_at)
        where = ""
        if opened is not None:
            same = place is not None and place[0] == opened[0]
            where = f", opened at line {opened[1]}" if same else \
                f", opened at {opened[0]}:{opened[1]}"
        return self.fail(exc.lineno, f"{message}: </{closing.group(1)}> closes <{tag}>{where}",
                         at)


def _builtin(file: str) -> bool:
    from briefgen.design.template_lines import is_builtin

    return is_builtin(file)
