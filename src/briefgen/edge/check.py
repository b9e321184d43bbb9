"""`briefgen check`: would each brief build? Read every facts file, fit it for every audience
asked for, write nothing.

A facts file is read and validated once (its problems are reported once, not per audience);
then the pipeline builds it with no format (`pipeline.build_with(..., formats=())`): the
audience's limits, the template, the fit and the page count run as in `build`, so `ok` is said
only for a brief `build` would write, and a brief that cannot fit gets the very error `build`
gives. `--fit` lists under each `ok` line what the audience's limits and the fit would drop or
tighten (the build's notes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from briefgen.edge.cli import terminal_line

if TYPE_CHECKING:
    from briefgen.design.load import Design

Guard = Callable[[Callable[[], None]], bool]


def audience_names(audiences: tuple[str, ...]) -> list[str | None]:
    """The default audience (None), then each audience asked for, once each."""
    from briefgen.design.audience import DEFAULT_AUDIENCE

    names: list[str | None] = [None]
    names += [name for name in dict.fromkeys(audiences) if name != DEFAULT_AUDIENCE]
    return names


def check_files(guard: Guard, facts: tuple[str, ...], audiences: tuple[str, ...],
                template: str | None, release: tuple[str, ...], fitting: tuple[int, bool],
                report: bool, paper: str | None = None, language: str | None = None) -> bool:
    """Check each facts file for the default audience and each audience asked for (`fitting`:
    the --pages and --allow-overflow given; `language`: the --language tag); print `ok` lines
    (and the fit report) on stdout and every problem on stderr, one line each. True if every
    brief would build."""
    from briefgen.pipeline import design_for

    ok = True
    designs: list[tuple[str | None, Design]] = []
    for name in audience_names(audiences):  # each bad audience is reported, once

        def load(name: str | None = name) -> None:
            designs.append((name, design_for(template, name, paper)))

        ok = guard(load) and ok
    for facts_file in facts:
        if not guard(lambda facts_file=facts_file: _read(facts_file)):
            ok = False
            continue
        for name, design in designs:
            ok = guard(lambda f=facts_file, n=name, d=design: _fit(f, n, d, release, fitting,
                                                                   report, language)) and ok
    return ok


def _read(facts_file: str) -> None:
    """Read and validate the facts, as `check` always has (looked up at call time: tests may
    replace the reader)."""
    from briefgen.input import facts

    facts.load_facts(facts_file)


def _fit(facts_file: str, name: str | None, design: Design, release: tuple[str, ...],
         fitting: tuple[int, bool], report: bool, language: str | None = None) -> None:
    """Build the brief without writing any format; say `ok` (with the notes, for `--fit`)."""
    from briefgen.pipeline import build_with

    pages, allow_overflow = fitting
    brief = build_with(design, facts_file, formats=(), allow_overflow=allow_overflow,
                       release=release, pages=pages, language=language)
    label = facts_file + (f" ({name})" if name else "")
    more = f" on {brief.pages} pages" if brief.pages > 1 else ""
    click.echo(terminal_line(f"ok: {label}{more}"))
    if report:
        for note in brief.notes or ("fits as written: nothing dropped or tightened",):
            click.echo(terminal_line(f"  {note}"))
