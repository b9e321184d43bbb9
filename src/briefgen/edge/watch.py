"""`briefgen watch`: build the briefs, then build them again each time a file they are made
from changes, in one warm process, until Ctrl-C (SIGINT) or SIGTERM.

Each build is `briefgen build`'s (`build_files`): the same notes and one-line errors, each
brief's files replaced only by a brief that built (`outputs.write_all`), so an error leaves the
last good files as they were; and after it one line on stderr: what changed, which facts files
were built, how many files were written and how long it took. A change to facts files only
builds those files' briefs (`to_build`); any other change (a template, theme, audience, font or
logo) builds every brief. The files watched (`watched`) are the facts files, the
user's template folder whole (its template files, theme, audiences, fonts and logo), or the
template file named and the theme and audiences beside it, and the logo and house fonts the
theme uses wherever they are; `file_changes` notices a change. A change to a facts file keeps
every cache (the design is read again only if its files changed: `Design.unchanged`); a change
to any other file empties them first (`briefgen.clear_caches`), as a font file replaced is not
read again otherwise. A signal that comes during a build is acted on once the build is written,
so a stop never leaves half a brief or a temporary file behind; the exit code is then 0.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from briefgen.edge import file_changes
from briefgen.edge.build_files import Guard, build_files
from briefgen.edge.cli import terminal_line

DESIGN_SUFFIXES = (".j2", ".yaml", ".yml", ".json")  # template, theme and audience files


class Stop(Exception):
    """Ctrl-C or SIGTERM: the watch ends."""


@dataclass(frozen=True)
class Job:
    """What `briefgen watch` builds: the build options given."""

    facts: tuple[str, ...]
    output_dir: Path
    formats: tuple[str, ...]
    audiences: tuple[str, ...]
    template: str | None
    fitting: tuple[int, bool]
    release: tuple[str, ...]
    paper: str | None
    language: str | None


def watch(guard: Guard, debug: bool, job: Job) -> None:
    """Build once, then again after every change, until a signal stops it (`Stop`, caught here:
    the command ends normally)."""
    from briefgen.layout.measure import keeping

    with _signals() as signals, _Side(job, debug) as side, keeping() as next_build:
        try:
            _loop(guard, debug, job, signals, side, next_build)
        except Stop:
            click.echo("watch: stopped", err=True)


class _Side:
    """The process that writes the DOCX while this one draws the PDF (`docx_process`), as
    `build` has for one brief: kept from build to build, and started again when the caches are
    emptied (it has caches of its own: a font file's line height)."""

    def __init__(self, job: Job, debug: bool) -> None:
        from briefgen.edge import docx_process

        self.wanted = (not debug and "docx" in job.formats and len(job.facts) == 1
                       and len(set(job.audiences)) <= 1 and docx_process.available())
        self.process = docx_process.DocxProcess() if self.wanted else None

    def __enter__(self) -> _Side:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.close()

    def restart(self) -> None:
        from briefgen.edge import docx_process

        if self.process is not None:
            self.process.close()
            self.process = docx_process.DocxProcess()


def _loop(guard: Guard, debug: bool, job: Job, signals: _Signals, side: _Side,
          next_build: Callable[[bool], None]) -> None:
    """Build, wait for a change, build again: for ever (until `Stop`). Each build lays out
    again only the pieces the change touched (`layout.measure.keeping`), or every piece after
    a change that empties the caches."""
    signals.run(lambda: _build(guard, debug, job, "started", side, job.facts))
    watched = watched_files(job)
    before = file_changes.snapshot(watched)
    count = sum(1 for path in before if not os.path.isdir(path))
    click.echo(f"watch: watching {count} file{'s' * (count != 1)} (Ctrl-C stops)", err=True)
    while True:
        now, paths = file_changes.wait(watched, before)
        forgot = _forget(paths, job)
        if forgot:
            side.restart()
        next_build(forgot)
        shown = ", ".join(terminal_line(p) for p in paths[:3]) + (
            f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        facts, why = to_build(paths, job), f"{shown} changed"
        signals.run(lambda: _build(guard, debug, job, why, side, facts))  # noqa: B023
        watched = watched_files(job)
        # a change made during the build is a change from what the build read: built next
        before = {p: now[p] if p in now else file_changes.state(p) for p in watched.paths()}


def _forget(paths: list[str], job: Job) -> bool:
    """Make the caches forget what the changed files made: nothing for a facts file (read at
    every build); the designs for a template, theme or audience file (read again, as their
    own check would only see a change of modification time); everything for another file (a
    font or a logo: a font file is read once a process). True if everything was forgotten."""
    from briefgen.caches import current

    facts = {str(Path(f)) for f in job.facts}
    others = [p for p in paths if str(Path(p)) not in facts and not os.path.isdir(p)]
    if all(p.endswith(DESIGN_SUFFIXES) or not _read(p, job) for p in others):
        if any(p.endswith(DESIGN_SUFFIXES) for p in others):
            current().table("pipeline.design").clear()
        return False
    current().clear()
    return True


def _read(path: str, job: Job) -> bool:
    """Is `path` a file the briefs read (a font or the logo the theme names), or a font file
    (one the theme may find now)? Another file in the template folder (a PDF, a picture) is
    not: its change empties no cache."""
    from briefgen.layout.house_fonts import SUFFIXES

    if path.lower().endswith(SUFFIXES):
        return True
    return file_changes.same_file(path, watched_files(job).files)


def to_build(paths: list[str], job: Job) -> tuple[str, ...]:
    """The facts files to build after these paths changed: the changed ones, when only facts
    files changed (the others' briefs would come out the same); every one otherwise (a
    template, theme, audience, font or logo is in every brief)."""
    changed = {str(Path(p)) for p in paths}
    facts = [f for f in job.facts if str(Path(f)) in changed]
    only_facts = changed <= {str(Path(f)) for f in job.facts}
    return tuple(dict.fromkeys(facts)) if only_facts and facts else job.facts


def _build(guard: Guard, debug: bool, job: Job, why: str, side: _Side,
           facts: tuple[str, ...]) -> None:
    """One build of these facts files' briefs, and its line: what changed, what was built,
    files written, time taken."""
    start = time.perf_counter()
    written: list[Path] = []
    ok = build_files(guard, debug, facts, job.output_dir, job.formats, job.audiences,
                     job.template, job.fitting, job.release, 1, side.process, job.paper,
                     job.language, written)
    took = (time.perf_counter() - start) * 1000
    names = [terminal_line(f) for f in dict.fromkeys(facts)]
    built = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    outcome = f"{len(written)} file{'s' * (len(written) != 1)} written in {took:.0f} ms"
    if not ok:
        outcome += "; a brief failed, its last good files stay"
    click.echo(f"watch: {why}: built {built}: {outcome}", err=True)


def watched_files(job: Job) -> file_changes.Watched:
    """The files the briefs are made from, and the folders watched whole; the outputs (and
    their page pictures) are ignored, should they be written inside a watched folder."""
    from briefgen.design.load import find_templates, stamp
    from briefgen.errors import BriefgenError

    files = [str(Path(f)) for f in job.facts]
    folders: list[str] = []
    try:
        templates = find_templates(job.template)
    except BriefgenError:  # not there (yet): its path is watched
        templates = None
        files.append(str(job.template))
    if templates is not None:
        if templates.user is not None and templates.main is None:
            folders.append(str(templates.user))
        files += [path for path, _ in stamp(templates) if not _builtin(path)]
        files += _theme_files(job)
    ignored = frozenset(str(p) for p in _outputs(job))
    return file_changes.Watched(tuple(dict.fromkeys(files)), tuple(folders), ignored)


def _builtin(path: str) -> bool:
    """A file of the built-in template (shipped: it does not change while briefgen runs)."""
    from briefgen.design.environment import BUILTIN_DIR

    return file_changes.under(path, BUILTIN_DIR)


def _theme_files(job: Job) -> list[str]:
    """The logo and the house font files of each audience's theme (a design that does not
    load has none: its problem is reported by the build)."""
    from briefgen.errors import BriefgenError
    from briefgen.layout.font_files import FontError
    from briefgen.layout.fonts import PRIMARY
    from briefgen.layout.house_fonts import find
    from briefgen.pipeline import design_for

    found: list[str] = []
    for name in dict.fromkeys(job.audiences) or [None]:
        try:
            design = design_for(job.template, name, job.paper)
            theme = design.theme
            found += [theme.logo] if theme.logo else []
            for font in dict.fromkeys((theme.font, theme.heading_family)):
                if font not in PRIMARY:
                    found += [str(p) for p, _ in filter(None, find(font, theme.font_dirs).faces)]
            compiled = getattr(design.env, "cache", None) or {}
            found += [t.filename for t in compiled.values() if t.filename]
        except (BriefgenError, FontError, OSError):
            continue
    return [path for path in found if not _builtin(path)]


def _outputs(job: Job) -> Iterator[Path]:
    """Every file the briefs may write: each target, and its later pages' pictures."""
    from briefgen import MAX_PAGES
    from briefgen.edge.batch import plan
    from briefgen.edge.page_files import page_files
    from briefgen.writers import PER_PAGE

    for task in plan(job.facts, list(dict.fromkeys(job.audiences)) or [None], job.output_dir,
                     job.formats):
        for fmt, target in task.targets.items():
            yield from page_files(target, MAX_PAGES) if fmt in PER_PAGE else [target]


class _Signals:
    """SIGINT and SIGTERM while watching: between builds they stop the watch at once; during a
    build, once it is written (a second signal stops it at once)."""

    def __init__(self) -> None:
        self.building = False
        self.asked = False

    def handle(self, signum: int, frame: object) -> None:
        if self.building and not self.asked:
            self.asked = True
            return
        raise Stop

    def run(self, action: Callable[[], None]) -> None:
        """Run a build; stop after it if a signal came meanwhile."""
        self.building = True
        try:
            action()
        finally:
            self.building = False
        if self.asked:
            raise Stop


@contextmanager
def _signals() -> Iterator[_Signals]:
    """Handle SIGINT and SIGTERM while watching; the previous handlers come back after."""
    signals = _Signals()
    previous = {s: signal.signal(s, signals.handle) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield signals
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
