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
import errno
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefgen.edge.batch import InternalError
from briefgen.edge.cli import terminal_line
from briefgen.edge.outputs import write_all
from briefgen.errors import BriefgenError, Problem

if TYPE_CHECKING:
    from briefgen.input.facts import Facts

NO_DATE_NOTE = ("no date was found in the article: the draft has none (add the article's date "
                "to it, or draft again with --date YYYY-MM-DD)")

Guard = Callable[[Callable[[], None]], bool]


class FolderPath(type(Path())):  # type: ignore[misc]
    """An `-o` written with a trailing slash ("out/"): a folder, made when missing."""


def parse_output(ctx: click.Context, param: click.Parameter, value: str | None
                 ) -> Path | None:
    """-o: a path (a trailing slash makes it a folder); an empty one is a usage error."""
    if value is None:
        return None
    if not value.strip():
        raise UsageLine("-o: the path is empty: give a file or a folder")
    if value.endswith(("/", os.sep)):
        return FolderPath(value)
    return Path(value)


def _as_folder(articles: tuple[str, ...], output: Path) -> bool:
    return len(articles) > 1 or isinstance(output, FolderPath) or output.is_dir()


def targets(articles: tuple[str, ...], output: Path | None) -> list[Path | None]:
    """Where each article's draft goes (None: stdout)."""
    if output is None:
        return [None] if len(articles) == 1 else [Path(Path(a).stem + ".yaml") for a in articles]
    if _as_folder(articles, output):
        return [output / (Path(a).stem + ".yaml") for a in articles]
    return [output]


def _validated(text: str) -> Facts:
    """Read the draft back as a facts file; a draft that does not validate is a bug of ours."""
    from briefgen.input.facts import load_facts

    fd, name = tempfile.mkstemp(suffix=".yaml", prefix="briefgen-draft-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        return load_facts(name)
    except BriefgenError as exc:
        raise InternalError(f"the draft is not a valid facts file: {exc.problems[0].message}") \
            from None
    finally:
        os.unlink(name)


def draft_files(guard: Guard, articles: tuple[str, ...], output: Path | None,
                date: datetime.date | None, url: str | None) -> bool:
    """Draft each article; print the paths written (or the one draft). True if all were."""
    from briefgen.draft import Options, draft_facts

    check_articles(articles, output)
    options = Options(date=date, url=url)
    ok = True
    for article, target in zip(articles, targets(articles, output)):

        def one(article: str = article, target: Path | None = target) -> None:
            if target is not None and _same_file(Path(article), target):
                raise BriefgenError([Problem(article, "-o names the article itself: give "
                                                      "another file for the facts")])
            text = draft_facts(article, options)
            undated = _validated(text).date is None
            if target is None:
                sys.stdout.write(text)
                sys.stdout.flush()
                _note_undated(article, undated)
                return
            if target.is_symlink():
                raise BriefgenError([Problem(str(target), "cannot write: it is a symbolic "
                                             "link; remove it or give another file")])
            try:
                if output is not None and _as_folder(articles, output):
                    output.mkdir(parents=True, exist_ok=True)
                write_all({target: text.encode("utf-8")})
            except OSError as exc:
                raise BriefgenError([Problem(str(target), write_problem(target, exc))]) \
                    from None
            click.echo(terminal_line(str(target)))
            _note_undated(article, undated)

        ok = guard(one) and ok
    return ok


def _note_undated(article: str, undated: bool) -> None:
    """Say on stderr that a draft has no date, once it is out: a brief built from it as it
    is would carry the build date."""
    if undated:
        click.echo(terminal_line(f"note: {article}: {NO_DATE_NOTE}"), err=True)


def write_problem(target: Path, exc: OSError) -> str:
    """What stopped a draft from being written to `target`, in words a user can act on.

    The draft goes to a new file beside the target, renamed over it, so the folder decides:
    /proc and its kind take no new files (ENOENT from a folder that exists), a read-only file
    system none at all."""
    folder = target.parent
    if exc.errno == errno.EROFS:
        return f"cannot write: {folder} is on a read-only file system"
    if exc.errno == errno.ENOENT:
        if not folder.is_dir():
            return f"cannot write: there is no folder {folder}"
        return (f"cannot write: not a regular file we may write (its folder {folder} takes "
                "no new files)")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return f"cannot write: {_file_in_the_way(folder)} is a file, not a folder"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot write: permission denied in {folder}"
    return f"cannot write: {exc.strerror or exc}"


def _file_in_the_way(folder: Path) -> Path:
    """The first of `folder` and its parents that exists and is no folder."""
    for path in reversed([folder, *folder.parents]):
        if path.exists() and not path.is_dir():
            return path
    return folder


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


class UsageLine(click.ClickException):
    """A usage error shown as one line naming the option or file (exit 2)."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(terminal_line(f"error: {self.message}"), err=True)


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None
               ) -> datetime.date | None:
    """--date: an ISO day in the years an article's dates can be read against, else a usage
    error."""
    from briefgen.draft.article import FIRST_DAY, LAST_DAY

    if value is None:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise UsageLine(f"--date: {value!r} is not a date as YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageLine(f"--date: {value} is out of range: give a day from "
                        f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}")
    return day


def parse_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--url: a web address the facts file accepts, else a usage error."""
    from briefgen.draft.article import url_problem

    if value is None:
        return None
    problem = url_problem(value)
    if problem:
        raise UsageLine(f"--url: {value!r} {problem}")
    return value


def check_articles(articles: tuple[str, ...], output: Path | None) -> None:
    """Usage errors found before anything is read or written: a folder given as an article,
    two articles whose drafts would have the same name."""
    for article in articles:
        if os.path.isdir(article):
            raise UsageLine(f"{article}: is a folder; give the article's file")
    if output is not None and _as_folder(articles, output) and os.path.lexists(output) \
            and not output.is_dir():
        need = "several articles need" if len(articles) > 1 else "a path ending in / names"
        raise UsageLine(f"-o {output}: is a file; {need} a folder")
    seen: dict[Path, str] = {}
    for article, target in zip(articles, targets(articles, output)):
        if target is None:
            continue
        key = Path(os.path.abspath(target))
        if key in seen:
            raise UsageLine(f"{article}: its draft would be {target}, like {seen[key]}'s; "
                            "draft them one at a time with -o FILE each")
        seen[key] = article
