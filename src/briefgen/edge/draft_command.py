"""`briefgen draft`: an article -> a facts file (see `briefgen.draft`).

One article and no `-o`: the facts file goes to stdout. `-o FILE`: to that file; `-o DIR` (an
existing folder, or any `-o` with several articles): `DIR/<stem>.yaml` per article; several
articles and no `-o`: `<stem>.yaml` in the current folder. Files are written whole or not at all
(`outputs.write_all`): an article that cannot be drafted writes nothing and leaves any file of
that name as it was. Each draft is read back by the facts reader before it is written, so what
is written is a facts file `briefgen check` accepts.
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

from briefgen.edge.batch import InternalError
from briefgen.edge.cli import terminal_line
from briefgen.edge.outputs import write_all
from briefgen.errors import BriefgenError, Problem

Guard = Callable[[Callable[[], None]], bool]


def targets(articles: tuple[str, ...], output: Path | None) -> list[Path | None]:
    """Where each article's draft goes (None: stdout)."""
    if output is None:
        return [None] if len(articles) == 1 else [Path(Path(a).stem + ".yaml") for a in articles]
    if len(articles) > 1 or output.is_dir():
        return [output / (Path(a).stem + ".yaml") for a in articles]
    return [output]


def _validated(text: str) -> None:
    """Read the draft back as a facts file; a draft that does not validate is a bug of ours."""
    from briefgen.input.facts import load_facts

    fd, name = tempfile.mkstemp(suffix=".yaml", prefix="briefgen-draft-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        load_facts(name)
    except BriefgenError as exc:
        raise InternalError(f"the draft is not a valid facts file: {exc.problems[0].message}") \
            from None
    finally:
        os.unlink(name)


def draft_files(guard: Guard, articles: tuple[str, ...], output: Path | None,
                date: datetime.date | None, url: str | None) -> bool:
    """Draft each article; print the paths written (or the one draft). True if all were."""
    from briefgen.draft import Options, draft_facts

    options = Options(date=date, url=url)
    ok = True
    for article, target in zip(articles, targets(articles, output)):

        def one(article: str = article, target: Path | None = target) -> None:
            if target is not None and _same_file(Path(article), target):
                raise BriefgenError([Problem(article, "-o names the article itself: give "
                                                      "another file for the facts")])
            text = draft_facts(article, options)
            _validated(text)
            if target is None:
                sys.stdout.write(text)
                sys.stdout.flush()
                return
            try:
                if len(articles) > 1 and output is not None:
                    output.mkdir(parents=True, exist_ok=True)
                write_all({target: text.encode("utf-8")})
            except OSError as exc:
                raise BriefgenError([Problem(str(target),
                                             f"cannot write: {exc.strerror or exc}")]) from None
            click.echo(terminal_line(str(target)))

        ok = guard(one) and ok
    return ok


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None
               ) -> datetime.date | None:
    """--date: an ISO day, else a usage error."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD") from None
