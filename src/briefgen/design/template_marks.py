"""A template rendered with markers: which template line wrote each piece of its output.

In: an environment, a template's name and a context. Out: the output with a marker
(`\\x00N\\x01`) before each line of literal text and each `{{ ... }}`, and the (file, line)
each marker N stands for. Used by `template_lines` on the error path only, so a brief that builds
never imports Jinja2's extension machinery.
"""

from __future__ import annotations

from collections.abc import Iterator

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from briefgen.design import render_budget


class _Marks(Extension):
    """Writes a marker (`\\x00N\\x01`) before each line of literal text and each expression
    of every template it compiles; `places[N]` is the (file, line) marker N stands for."""

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        self.places: list[tuple[str, int]] = []

    def _mark(self, file: str, line: int) -> Token:
        self.places.append((file, line))
        return Token(line, "data", f"\x00{len(self.places) - 1}\x01")

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        file = stream.filename or stream.name or "<template>"
        for token in stream:
            if token.type == "variable_begin":
                yield self._mark(file, token.lineno)
            elif token.type == "data":
                for offset, piece in enumerate(token.value.splitlines(keepends=True)):
                    yield self._mark(file, token.lineno + offset)
                    yield Token(token.lineno + offset, "data", piece)
                continue
            yield token


def marked(env: jinja2.Environment, name: str,
            context: dict[str, object]) -> tuple[str, list[tuple[str, int]]] | None:
    """The template rendered with markers, and what each marker stands for; None if it does
    not render (as it did once, it should: but within what is left of the brief's budget)."""
    overlay = env.overlay(extensions=[_Marks], cache_size=0, bytecode_cache=None)
    marks = next(e for e in overlay.extensions.values() if isinstance(e, _Marks))
    try:
        return render_budget.render(overlay.get_template(name), context), marks.places
    except Exception:  # noqa: BLE001 -- only a better location is lost: the error stands
        return None
