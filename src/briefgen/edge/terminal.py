"""What the commands print on the terminal: one line per problem, never a character a terminal
would act on, and the unit of work that reports its own problems (`guard`)."""

from __future__ import annotations

import re
from collections.abc import Callable

import click

from briefgen.edge.batch import InternalError
from briefgen.errors import BriefgenError

# What a terminal would act on rather than show: control characters (escape sequences can set a
# window's title or clipboard), line and paragraph separators, and the marks that reorder text.
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def terminal_line(text: str) -> str:
    """A line for the terminal: line breaks folded to spaces (one line is one problem), and every
    character a terminal would act on shown as its code instead (a file name of another user's
    cannot send escape sequences to yours)."""
    return _UNSHOWN.sub(lambda m: f"\\u{ord(m.group()):04X}", " ".join(text.splitlines()))


class Failed(Exception):
    """A command finished, but something it was asked to do failed (exit code 1)."""


def guard(debug: bool, action: Callable[[], None]) -> bool:
    """Run one unit of work; report its problems on stderr, one line each. True if it
    succeeded."""

    try:
        action()
    except BriefgenError as exc:
        for problem in exc.problems:
            for line in problem.lines():
                click.echo(terminal_line(line), err=True)
        return False
    except Exception as exc:  # a bug of ours: one line, never a traceback unless asked
        if debug:
            raise
        detail = " ".join(str(exc).split())
        if len(detail) > 300:
            detail = detail[:299] + "\u2026"
        kind = "" if isinstance(exc, InternalError) else f"{type(exc).__name__}: "
        click.echo(f"error: internal error: {kind}{detail} "
                   "(run with --debug for the traceback)", err=True)
        return False
    return True
