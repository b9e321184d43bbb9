"""Which template line wrote a place in the rendered markup.

In: the environment, the template's name and the context a brief rendered with, the text it
rendered, and a position in that text (a UTF-8 byte offset, as the XML parser counts). Out: the template file and line that
wrote the text there, or None where that cannot be said for sure.

The markup parser sees only the rendered text, so its line numbers are the output's, not the
template's the user edits. Fact text is autoescaped, so any markup in the output was written by a
template: its literal text, or an expression (`|safe`, a character reference in a string). To say
which line, the template is rendered again, on the error path only, in an overlay of its
environment whose token stream has a marker before every line of literal text and before every
`{{ ... }}` (`template_marks`). Markers are written as text, so the marked output is the output with
markers between its pieces: the last marker before a position names the line that wrote it. When
the marked output, markers taken out, is not the output (a template that measured or changed its
own text, `{% set %}` blocks filtered), no line is claimed.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

import jinja2

from briefgen.errors import Problem

_MARK = re.compile("\x00([0-9]+)\x01")  # as `template_marks` writes them


class Locator:
    """Finds the template line that wrote a place in what template `name` rendered with
    `context` (`text`). Made for every render, it costs nothing until it is asked: the marked
    render happens on the first question, once."""

    def __init__(self, env: jinja2.Environment, name: str, context: dict[str, object],
                 text: str) -> None:
        self.env, self.name, self.context, self.text = env, name, context, text
        self._starts: list[tuple[int, tuple[str, int]]] | None = None

    def __call__(self, offset: int) -> tuple[str, int] | None:
        """The template file and line that wrote the text at UTF-8 byte `offset`, or None."""
        if self._starts is None:
            self._starts = self._read() or []
        found = None
        for start, place in self._starts:
            if start > offset:
                break
            found = place
        return found

    def _read(self) -> list[tuple[int, tuple[str, int]]] | None:
        """(UTF-8 byte offset in the plain output, place) of every marker, in order; None if the marked
        output is not the output with markers between its pieces."""
        from briefgen.design.template_marks import marked  # the error path only

        rendered = marked(self.env, self.name, self.context)
        if rendered is None:
            return None
        output, places = rendered
        starts: list[tuple[int, tuple[str, int]]] = []
        plain: list[str] = []
        length = position = 0
        for match in _MARK.finditer(output):
            plain.append(output[position:match.start()])
            length += len(output[position:match.start()].encode())  # expat counts bytes
            starts.append((length, places[int(match.group(1))]))
            position = match.end()
        plain.append(output[position:])
        return starts if "".join(plain) == self.text else None


def is_builtin(file: str) -> bool:
    """Is this template file one of briefgen's own (a user does not edit those)?"""
    from briefgen.design.environment import BUILTIN_DIR

    return Path(file).resolve().is_relative_to(BUILTIN_DIR.resolve())


def unprintable(locate: Locator, theme: object, remedy: str) -> list[Problem]:
    """A problem for each text of the rendered markup (an attribute's value or a run of text)
    the theme's fonts cannot print, at the template line that wrote it: such text was made by
    the template (a character reference, an escape in a string), since the facts' and the
    audience's texts and the template's literal text are checked before rendering."""
    from briefgen.layout.font_coverage import text_problems

    text = locate.text
    parser = expat.ParserCreate()
    problems: list[Problem] = []

    def check(value: str) -> None:
        messages = text_problems(value, theme, remedy) if not value.isascii() else []
        if messages:
            place = locate(parser.CurrentByteIndex)
            if place is not None:
                problems.extend(Problem(place[0], m, place[1], "template") for m in messages)

    parser.StartElementHandler = lambda tag, attrs: [check(v) for v in attrs.values()]
    parser.CharacterDataHandler = check
    try:
        parser.Parse(text, True)
    except expat.ExpatError:
        pass  # it parsed before; nothing more to say than the error that brought us here
    return list(dict.fromkeys(problems))
