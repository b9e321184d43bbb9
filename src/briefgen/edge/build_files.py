"""`briefgen build`: every brief asked for, built (across processes: `batch`) and written.

Each facts file is built for each audience; a brief's notes are printed as it comes back and its
files are written at once (`outputs.write_all`: atomic, never half a set), so memory stays flat
however many briefs a batch holds. A brief that fails is reported and the others go on.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefgen.edge.batch import Task, plan, run_jobs
from briefgen.edge.cli import terminal_line
from briefgen.edge.outputs import write_all
from briefgen.edge.page_files import marked, stale
from briefgen.errors import BriefgenError, Problem

if TYPE_CHECKING:
    from briefgen.edge.cluster import Cluster
    from briefgen.edge.docx_process import DocxProcess

Guard = Callable[[Callable[[], None]], bool]


def build_files(guard: Guard, debug: bool, facts: tuple[str, ...], output_dir: Path,
                chosen: tuple[str, ...], audiences: tuple[str, ...], template: str | None,
                fitting: tuple[int, bool], release: tuple[str, ...], jobs: int,
                side: DocxProcess | None, paper: str | None = None,
                language: str | None = None, written: list[Path] | None = None,
                cluster: Cluster | None = None) -> bool:
    """Build every brief (`fitting`: the --pages and --allow-overflow given; `paper`: --paper;
    `language`: the --language tag, if given; on `cluster`, if given, else `jobs` processes),
    write each one's files as it comes back, and report every problem (`guard`). True if every
    brief was written. `written`, if given, is given the path of each file written."""
    from briefgen.pipeline import design_for

    ok = True
    names: list[str | None] = []
    for name in dict.fromkeys(audiences) or [None]:  # each bad audience is reported
        if guard(lambda name=name: design_for(template, name, paper)):
            names.append(name)
        else:
            ok = False
    if side is not None and names:
        side.prepare(design_for(template, names[0], paper).theme)

    tasks = plan(facts, names, output_dir, chosen)

    runnable = [task for task in tasks if task.refused is None]
    pages, allow_overflow = fitting
    work = [(template, t.facts, t.audience, chosen, allow_overflow, release, pages, paper,
             language)
            for t in runnable]
    # streamed, in order: memory is flat
    results = cluster.results(work) if cluster else run_jobs(1 if debug else jobs, work, side)
    progress = sys.stderr.isatty() and len(runnable) > 1

    done = 0
    # closed here, whatever happens: left to the garbage collector, a batch that failed shut its
    # pool down at the interpreter's exit, after multiprocessing had closed the pool's pipes
    with contextlib.closing(results):
        for task in tasks:
            result = task.refused if task.refused is not None else next(results)
            if progress:
                click.echo("\r\033[K", err=True, nl=False)  # clear the progress line
            ok = guard(lambda: _finish(task, result, output_dir, written)) and ok  # noqa: B023
            if progress and task.refused is None:
                done += 1
                click.echo(f"[{done}/{len(runnable)}] built", err=True, nl=False)
    if progress:
        click.echo("\r\033[K", err=True, nl=False)
    return ok


def _finish(task: Task, result: object, output_dir: Path,
            written: list[Path] | None = None) -> None:
    """Report a built brief's notes and write its files (or raise the error it met); add them
    to `written`, if given."""
    if isinstance(result, BaseException):
        raise result
    label = task.facts + (f" ({task.audience})" if task.audience else "")
    for note in result.notes:
        click.echo(terminal_line(f"note: {label}: {note}"), err=True)
    if result.pages > result.asked:
        click.echo(f"note: {label}: written over {result.pages} pages (--allow-overflow)",
                   err=True)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        files, gone = output_files(task.targets, result.outputs)
        write_all(files, gone)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise BriefgenError([Problem(task.facts, f"cannot write to {output_dir}: "
                                                 f"{reason}")]) from None
    for target in files:
        click.echo(terminal_line(str(target)))
    if written is not None:
        written += files


def output_files(targets: dict[str, Path],
                 outputs: dict[str, bytes]) -> tuple[dict[Path, bytes], list[Path]]:
    """Each file a brief writes, with its bytes (a format written a file a page, the PNG
    preview, gives one per page: `page_files`), and the old page pictures to remove."""
    files: dict[Path, bytes] = {}
    gone: list[Path] = []
    for fmt, target in targets.items():
        data = outputs[fmt]
        if isinstance(data, tuple):
            files.update(marked(target, data))
            gone += stale(target, len(data))
        else:
            files[target] = data
    return files, gone
