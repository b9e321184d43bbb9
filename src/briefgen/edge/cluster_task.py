"""One brief built on a Dask worker (`--cluster`): the code the worker runs, and only that.

In: a `Shipped` brief (its facts file's bytes, or a path every worker reads; the options of
`build`; the date a brief without one is dated; the client's `fingerprint`) and the template's
`Bundle`, if it is the user's. Out: one `bytes` value (`cluster_answer`) the client turns back
into what a local build gives: the brief's files and notes, or its problems located at the paths
the user gave, or an internal error's text.

The bundle is laid out once per worker process, in a private temporary folder named by its
content; a facts file is written there for its build and removed after. Paths the worker built
with are turned back into the user's, so a problem reads as it does locally. A worker process
builds one brief at a time (briefgen's caches are not shared between threads). A worker whose
briefgen or libraries differ from the client's would make other bytes: it refuses the brief.
"""

from __future__ import annotations

import atexit
import datetime
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.edge import cluster_check
from briefgen.edge.cluster_answer import encode_brief, encode_error, encode_internal
from briefgen.errors import BriefgenError, Problem

if TYPE_CHECKING:
    from briefgen.edge.cluster_bundle import Bundle

# the most a brief's files may add up to, sent back from a worker: a brief of MAX_PAGES pages in
# every format is under 10 MB (its PNG pages, some 280 KB each, most of it); more is refused
MAX_RESULT_BYTES = 64 << 20
EPOCH = "SOURCE_DATE_EPOCH"  # the date of a brief without one, and of its PDF's timestamp
PREFIX = "briefgen-cluster-"  # a worker process's folder: PREFIX<pid>-<random>
KEEP_BUNDLES = 2  # template bundles a worker process keeps laid out
_LOCK = threading.Lock()  # one build at a time in a worker process


class _Process:
    """What a worker process keeps while it lives, made once: its folder, and its fingerprint
    (constant while the process runs; not a cache of briefs: `briefgen.caches` holds those)."""

    folder: Path | None = None
    fingerprint: tuple[tuple[str, str], ...] | None = None


_PROCESS = _Process()


@dataclass(frozen=True)
class Shipped:
    """One brief as sent: the job of `batch.build_one`, but for the facts and the template."""

    facts: str  # the path the user gave
    data: bytes | None  # its bytes; None: the worker reads `facts` itself (shared paths)
    template: str | None  # as the user gave it (a built-in name, a folder or file, or None)
    options: tuple  # audience, formats, allow_overflow, release, pages, paper, language
    epoch: str | None  # the client's SOURCE_DATE_EPOCH (reportlab reads it too)
    today: datetime.date  # the client's today, for a brief dated by neither
    fingerprint: tuple[tuple[str, str], ...]
    # the facts file and the template made absolute here, and the template's folder resolved
    # here (a font file is named by its resolved path)
    here: tuple[str, str | None, str | None] = ("", None, None)
    shared: bool = False  # every worker reads `here`'s paths itself


def fingerprint() -> tuple[tuple[str, str], ...]:
    """This process's briefgen and libraries (`cluster_check.fingerprint`), found once."""
    if _PROCESS.fingerprint is None:
        _PROCESS.fingerprint = cluster_check.fingerprint() or ()
    return _PROCESS.fingerprint


def build_shipped(brief: Shipped, bundle: Bundle | None) -> bytes:
    """Build one brief on this worker (see the module's docstring)."""
    with _LOCK:
        mine = fingerprint()
        if brief.fingerprint != mine:
            return encode_error(BriefgenError([_mismatch(brief, mine)]))
        places = _places(brief, bundle)
        facts, template = places[0][0], places[1][0] if len(places) > 1 else brief.template
        if brief.data is not None:
            facts = _write_facts(brief)
        try:
            return _run(brief, facts, template, [(facts, brief.facts), *places[1:]])
        finally:
            if brief.data is not None:
                shutil.rmtree(os.path.dirname(facts), ignore_errors=True)


def _run(brief: Shipped, facts: str, template: str | None,
         places: list[tuple[str, str]]) -> bytes:
    """The brief built, dated as on the client, its result as plain values."""
    from briefgen.edge.batch import InternalError, build_one
    from briefgen.pipeline import TODAY, Brief

    before = os.environ.pop(EPOCH, None)
    if brief.epoch is not None:
        os.environ[EPOCH] = brief.epoch
    token = TODAY.set(brief.today)
    try:
        result = build_one((template, facts, *brief.options))
    finally:
        TODAY.reset(token)
        os.environ.pop(EPOCH, None)
        if before is not None:
            os.environ[EPOCH] = before
    if isinstance(result, Brief):
        size = sum(sum(map(len, v)) if isinstance(v, tuple) else len(v)
                   for v in result.outputs.values())
        if size > MAX_RESULT_BYTES:
            return encode_error(BriefgenError([Problem(brief.facts, (
                f"the brief's files add up to {size:,} bytes, more than a cluster worker sends "
                f"back ({MAX_RESULT_BYTES:,}); build it without --cluster"))]))
        notes = tuple(_user_paths(n, places) for n in result.notes)
        return encode_brief(result.outputs, notes, result.pages, result.asked)
    if isinstance(result, BriefgenError):
        return encode_error(type(result)([_located(p, places) for p in result.problems]))
    assert isinstance(result, InternalError)
    return encode_internal(_user_paths(str(result), places))


def _mismatch(brief: Shipped, mine: tuple[tuple[str, str], ...]) -> Problem:
    """The brief refused: this worker would write other bytes than the client."""
    return Problem(brief.facts, f"a worker of the cluster has "
                                f"{cluster_check.differences(mine, brief.fingerprint)}: "
                                f"{cluster_check.FIX}")


def _places(brief: Shipped, bundle: Bundle | None) -> list[tuple[str, str]]:
    """(path on this worker, path the user gave) for the facts, then the template's: as given,
    and resolved."""
    from briefgen.design.load import BUILTIN_TEMPLATES

    facts, template, resolved = brief.here
    places = [(facts if brief.shared else "", brief.facts)]
    if bundle is not None:
        given, real = _lay_out(bundle)
        user = Path(brief.template or ".")
        folder = user.parent if bundle.main is not None else user
        if bundle.main is not None:
            places.append((str(given / bundle.main), str(brief.template)))
        places += [(str(given), str(folder)), (str(real), resolved or str(folder))]
    elif brief.shared and template is not None and brief.template not in BUILTIN_TEMPLATES:
        places.append((template, str(brief.template)))
    return places


def _folder() -> Path:
    """This worker process's private folder (0700), removed when it exits; the folders of
    worker processes of this user that were killed before they could remove theirs go now."""
    if _PROCESS.folder is None:
        _remove_orphans()
        made = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
        _PROCESS.folder = Path(os.path.realpath(made))
        atexit.register(shutil.rmtree, _PROCESS.folder, ignore_errors=True)
    return _PROCESS.folder


def _remove_orphans() -> None:
    """Remove each `PREFIX<pid>-*` folder of this user whose process is gone."""
    with os.scandir(tempfile.gettempdir()) as entries:
        for entry in entries:
            pid = entry.name[len(PREFIX):].split("-")[0]
            if not (entry.name.startswith(PREFIX) and pid.isdigit()):
                continue
            try:
                mine = entry.stat(follow_symlinks=False).st_uid == os.getuid()
                os.kill(int(pid), 0)
            except ProcessLookupError:  # gone
                if mine and entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
            except OSError:  # not ours to look at, or alive
                continue


def _lay_out(bundle: Bundle) -> tuple[Path, Path]:
    """The bundle's files in a folder named by its digest, once per process: the path to build
    with (a link) and the folder it leads to (the two forms a path takes in a problem)."""
    real = _folder() / bundle.digest[:32]
    given = _folder() / f"{bundle.digest[:32]}-template"
    if not given.exists():
        staging = Path(tempfile.mkdtemp(dir=_folder()))
        for name, data in bundle.files:
            target = staging.joinpath(*name.split("/"))
            if not target.resolve().is_relative_to(staging):
                continue  # never outside the folder
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        staging.rename(real)
        given.symlink_to(real, target_is_directory=True)
        _prune(given)
    return given, real


def _prune(current: Path) -> None:
    """Remove the bundles laid out before the last KEEP_BUNDLES (a standing worker would
    otherwise keep a copy of every edited template until it stops)."""
    links = sorted((p for p in _folder().glob("*-template") if p != current),
                   key=lambda p: p.lstat().st_mtime_ns, reverse=True)
    for link in links[KEEP_BUNDLES - 1:]:
        shutil.rmtree(_folder() / link.name[:-len("-template")], ignore_errors=True)
        link.unlink(missing_ok=True)


def _write_facts(brief: Shipped) -> str:
    """The facts file, under its own name, in a folder of its own."""
    folder = tempfile.mkdtemp(dir=_folder())
    path = os.path.join(folder, os.path.basename(brief.facts) or "facts.yaml")
    with open(path, "wb") as handle:
        handle.write(brief.data or b"")
    return path


def _located(problem: Problem, places: list[tuple[str, str]]) -> Problem:
    """A problem at the paths the user gave."""
    return replace(problem, file=_user_paths(problem.file, places),
                   message=_user_paths(problem.message, places),
                   details=tuple(_user_paths(d, places) for d in problem.details))


def _user_paths(text: str, places: list[tuple[str, str]]) -> str:
    """`text` with each worker path written as the user's (a folder's files as `FOLDER/NAME`,
    as pathlib joins them: `./x` is `x`)."""
    for worker, user in places:
        if worker == user or not worker:
            continue
        prefix = "" if user in (".", "") else user.rstrip("/") + "/"
        text = text.replace(worker + "/", prefix).replace(worker, user)
    return text
