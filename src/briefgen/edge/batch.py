"""A batch of briefs: which files each brief will write, and building them in worker processes.

In: the facts files, audiences, formats and output folder of one `briefgen build`. Out: a `Task`
per brief (refused at once when one of its outputs is an input or another brief's output), and
each brief's result in order: a `pipeline.Brief`, or the error it met, as a value, so one failed
brief never stops the others. Nothing here prints or writes files: the command line does.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.errors import BriefgenError, Problem

if TYPE_CHECKING:
    from briefgen.edge.docx_process import DocxProcess


@dataclass
class Task:
    """One brief to build: a facts file for an audience, and the files it will write."""

    facts: str
    audience: str | None
    targets: dict[str, Path]
    refused: BriefgenError | None = None  # a reason found while planning


class InternalError(Exception):
    """A bug of ours met in a worker process, carried back as text."""


def build_one(job: tuple, side: DocxProcess | None = None) -> object:
    """Build one brief (in a worker process, or inline; its DOCX written by `side`, a
    `DocxProcess`, if given). Errors come back as values, so one failed brief never stops the
    others."""
    from briefgen.pipeline import build_with, design_for, write_here

    template, facts, audience, formats, allow_overflow, release, pages, paper, language = job
    try:
        return build_with(design_for(template, audience, paper), facts, formats, allow_overflow,
                          release, side.start if side is not None else write_here, pages=pages,
                          language=language)
    except BriefgenError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - reported by the parent as an internal error
        return InternalError(f"{type(exc).__name__}: {exc}")


def run_jobs(jobs: int, work: list[tuple],
             side: DocxProcess | None = None) -> Generator[object, None, None]:
    """Each job's result, in order: inline for one job or one brief, else in a process pool.
    At most two jobs per worker are handed out ahead of the one whose result is awaited, so
    memory does not grow with the number of briefs (`Executor.map` would submit them all)."""
    if jobs <= 1 or len(work) <= 1:
        yield from (build_one(job, side) for job in work)
        return
    import collections
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from briefgen.edge.lifeline import die_with_parent

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = min(jobs, len(work))
    queued = iter(work)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        pending = collections.deque(pool.submit(build_one, job)
                                    for job in itertools.islice(queued, 2 * workers))
        while pending:
            result = pending.popleft().result()
            following = next(queued, None)
            if following is not None:
                pending.append(pool.submit(build_one, following))
            yield result


def plan(facts: tuple[str, ...], audiences: list[str | None], output_dir: Path,
         formats: tuple[str, ...]) -> list[Task]:
    """A task per facts file and audience, in order, with the files it will write. A task whose
    output would overwrite an input, or a file another task writes, is refused now."""
    inputs = {Path(f).resolve() for f in facts}
    planned: dict[Path, str] = {}
    tasks = []
    for facts_file in facts:
        for name in audiences:
            stem = Path(facts_file).stem + (f"-{name}" if name else "")
            task = Task(facts_file, name, {fmt: output_dir / f"{stem}.{fmt}" for fmt in formats})
            resolved_targets = {target: target.resolve() for target in task.targets.values()}
            for target, resolved in resolved_targets.items():
                if resolved in inputs:
                    task.refused = BriefgenError([Problem(facts_file, f"output {target} is an "
                                                          "input file; choose another "
                                                          "--output-dir")])
                elif resolved in planned and task.refused is None:
                    task.refused = BriefgenError([Problem(facts_file, f"output {target} is also "
                                                          f"built from {planned[resolved]}; "
                                                          "build them into separate folders")])
            if task.refused is None:
                planned.update(dict.fromkeys(resolved_targets.values(), facts_file))
            tasks.append(task)
    _refuse_page_names(tasks)
    return tasks


def _refuse_page_names(tasks: list[Task]) -> None:
    """A picture named like a later page of another brief's pictures (`x-2.png` beside the
    `x.png` of a brief that may have two pages) would be overwritten or removed by it:
    refused."""
    from briefgen.edge.page_files import page_of
    from briefgen.writers import PER_PAGE

    firsts = {t.targets[f].resolve(): t.facts for t in tasks if t.refused is None
              for f in PER_PAGE if f in t.targets}
    for task in tasks:
        for fmt in PER_PAGE:
            target = task.targets.get(fmt)
            page = page_of(target) if target is not None and task.refused is None else None
            if page is not None and page[0].resolve() in firsts:
                task.refused = BriefgenError([Problem(task.facts, (
                    f"output {target} is also the name of page {page[1]} of the pictures of "
                    f"{firsts[page[0].resolve()]}; build them into separate folders"))])
