"""`--cluster`'s version check against real workers whose briefgen is not this one: an older
briefgen (a package that has no cluster code at all, as a release before `--cluster`), or no
briefgen; each is a worker process of its own, joined to one scheduler kept for the module.
Before any brief is sent, each worker runs the check (built from the standard library alone),
so the build stops at once with one line naming the versions, instead of the worker dying on
a task it cannot read and the batch waiting 30 s for a worker.
"""

from __future__ import annotations

import ast
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest
from dask_cluster import DaskCluster, Worker, briefgen

ROOT = Path(__file__).parent.parent
TINY = ROOT / "facts" / "tiny.yaml"
HERE = metadata.version("briefgen")
FIX = "install the same briefgen and libraries on every worker"


@pytest.fixture(scope="module")
def scheduler():
    """A scheduler without a worker of its own: each test joins the workers it needs."""
    running = DaskCluster(0)
    yield running
    running.close()


def older_briefgen(folder: Path) -> Path:
    """A briefgen 0.0.9 package with its metadata: it has no `briefgen.edge` at all."""
    (folder / "briefgen").mkdir(parents=True)
    (folder / "briefgen" / "__init__.py").write_text('__version__ = "0.0.9"\n',
                                                     encoding="utf-8")
    (folder / "briefgen-0.0.9.dist-info").mkdir()
    (folder / "briefgen-0.0.9.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: briefgen\nVersion: 0.0.9\n", encoding="utf-8")
    return folder


def refused(scheduler: DaskCluster, tmp_path: Path) -> tuple[str, float]:
    """`briefgen build` of one brief on the cluster: it fails at once, writing nothing; its
    stderr and how long it took."""
    started = time.monotonic()
    done = briefgen("build", TINY, "-f", "md", "-o", tmp_path / "out", "--cluster",
                    scheduler.address, timeout=120)
    took = time.monotonic() - started
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert not (tmp_path / "out").exists()
    return done.stderr, took


def test_a_worker_without_briefgen_says_it_is_missing(scheduler, tmp_path):
    worker = Worker(scheduler.address, tmp_path / "log", [])
    try:
        stderr, took = refused(scheduler, tmp_path)
    finally:
        worker.close()
    assert stderr == (f"error: --cluster {scheduler.address}: the worker {worker.address} has "
                      f"no briefgen (here {HERE}): {FIX}\n")
    assert took < 20  # not the 30 s a lost worker is waited for


def test_a_worker_s_answer_is_found_again_once_its_briefgen_is_replaced(scheduler, tmp_path):
    """A worker that has never imported briefgen answers from what is on its disk: its briefgen
    0.0.9 replaced by this one (as the line asks), the next build runs there, without a restart
    of the worker. (Before the `older` worker below joins the scheduler.)"""
    folder = older_briefgen(tmp_path / "site")
    worker = Worker(scheduler.address, tmp_path / "log", [folder])
    try:
        stderr, _ = refused(scheduler, tmp_path)
        assert stderr == (f"error: --cluster {scheduler.address}: the worker {worker.address} "
                          f"has briefgen 0.0.9 (here {HERE}): {FIX}\n")
        shutil.rmtree(folder / "briefgen")
        shutil.rmtree(folder / "briefgen-0.0.9.dist-info")
        installed = metadata.distribution("briefgen")
        (folder / "briefgen").symlink_to(ROOT / "src" / "briefgen")
        info = Path(installed.locate_file(f"briefgen-{HERE}.dist-info"))
        (folder / info.name).symlink_to(info)
        done = briefgen("build", TINY, "-f", "md", "-o", tmp_path / "out", "--cluster",
                        scheduler.address, timeout=120)
    finally:
        worker.close()
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert briefgen("build", TINY, "-f", "md", "-o", tmp_path / "local").returncode == 0
    assert (tmp_path / "out" / "tiny.md").read_bytes() == \
        (tmp_path / "local" / "tiny.md").read_bytes()


@pytest.fixture(scope="module")
def older(scheduler, tmp_path_factory):
    """A worker of briefgen 0.0.9, joined for the module's last tests."""
    folder = tmp_path_factory.mktemp("older")
    worker = Worker(scheduler.address, folder / "log", [older_briefgen(folder / "old")])
    yield worker
    worker.close()


def test_a_worker_with_an_older_briefgen_is_one_line_naming_the_versions(scheduler, older,
                                                                         tmp_path):
    stderr, took = refused(scheduler, tmp_path)
    assert stderr == (f"error: --cluster {scheduler.address}: the worker {older.address} has "
                      f"briefgen 0.0.9 (here {HERE}): {FIX}\n")
    assert took < 20


def test_one_wrong_worker_beside_a_right_one_stops_the_batch(scheduler, older, tmp_path):
    """A worker of this briefgen (this Python, as installed) joins the older one: every worker
    is checked, and the one that differs is named."""
    right = Worker(scheduler.address, tmp_path / "right.log")
    try:
        stderr, _ = refused(scheduler, tmp_path)
    finally:
        right.close()
    assert stderr == (f"error: --cluster {scheduler.address}: the worker {older.address} has "
                      f"briefgen 0.0.9 (here {HERE}): {FIX}\n")


def test_the_check_sent_to_workers_imports_only_the_standard_library():
    """What makes it runnable by any worker: its source imports nothing of briefgen's or of
    any other package (but `__future__`)."""
    from briefgen.edge import cluster_check

    tree = ast.parse(Path(cluster_check.__file__).read_text(encoding="utf-8"))
    names = {alias.name.split(".")[0] for node in ast.walk(tree)
             if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module.split(".")[0] for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom)}
    assert names and names <= set(sys.stdlib_module_names) | {"__future__"}, names


@pytest.mark.parametrize("answer, said", [
    (None, "no briefgen (here {version})"),
    (ModuleNotFoundError("No module named 'hashlib'"),
     "not run briefgen's version check (ModuleNotFoundError: No module named 'hashlib')"),
    ("0.0.9", "answered briefgen's version check with something else"),
    ((("briefgen", "9.9"), ("briefgen files", "x")), "briefgen 9.9 (here {version}), "
     "reportlab none (here {reportlab})"),
])
def test_what_a_worker_answers_the_version_check_is_said_as_it_is(answer, said):
    """`cluster_check.differences`: no briefgen, a check that failed there, an answer of
    another shape, and a fingerprint that differs (briefgen's files not listed beside its
    version, a library it lacks named)."""
    from briefgen.edge.cluster_check import differences
    from briefgen.edge.cluster_task import fingerprint

    mine = fingerprint()
    here = dict(mine)
    shown = differences(answer, mine)
    expected = said.format(version=here["briefgen"], reportlab=here["reportlab"])
    if "reportlab" in said:  # and the other libraries, none in that answer either
        assert shown.startswith(expected + ", rl_accel none (here ")
    else:
        assert shown == expected


def test_a_worker_keeps_its_answer_only_once_briefgen_is_imported_there(monkeypatch):
    """`cluster_check.kept`: found again each time while briefgen is not imported in the
    worker process (its disk may change), kept once it is (the briefgen it runs from then on),
    so a batch does not read the libraries' metadata again."""
    from briefgen.edge import cluster_check

    found: list[tuple] = []
    monkeypatch.setattr(cluster_check, "fingerprint",
                        lambda libraries: found.append(libraries) or (("briefgen", "x"),))
    name = "_briefgen_check_kept_test"
    try:
        with monkeypatch.context() as unimported:
            unimported.delitem(sys.modules, "briefgen")
            for _ in range(2):
                assert cluster_check.kept(("a",), name) == (("briefgen", "x"),)
            assert (len(found), name in sys.modules) == (2, False)
        for _ in range(2):
            assert cluster_check.kept(("a",), name) == (("briefgen", "x"),)
        assert (len(found), name in sys.modules) == (3, True)
    finally:
        sys.modules.pop(name, None)


class _Answers:
    """A client whose workers answer the check with `said` (by address), as `client.run`."""

    def __init__(self, said: dict[str, object]) -> None:
        self.said = said

    def run(self, function, expression, **options):
        return self.said


def test_a_worker_that_runs_another_briefgen_it_imported_is_told_to_restart():
    """A worker that has built briefs keeps the briefgen it imported, whatever is on its disk
    now: installing the same one there is not enough, the line says to restart it too; a worker
    that has not imported briefgen needs no restart."""
    from briefgen.edge.cluster_check import check_workers
    from briefgen.edge.cluster_task import fingerprint

    mine = fingerprint()
    older = (("briefgen", "0.0.9"), *mine[1:])
    for imported, fix in ((True, f"{FIX}, and restart the workers that have built briefs"),
                          (False, FIX)):
        said = {"tcp://b:2": (mine, True), "tcp://a:1": (older, imported)}
        assert check_workers(_Answers(said), mine) == \
            f"the worker tcp://a:1 has briefgen 0.0.9 (here {HERE}): {fix}"
    assert check_workers(_Answers({"tcp://a:1": (mine, True), "tcp://b:2": (mine, False)}),
                         mine) is None
