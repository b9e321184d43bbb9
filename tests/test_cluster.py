"""`briefgen build --cluster`: a batch built on a real Dask cluster (a scheduler and two worker
processes, one for the module) gives what a local `-j` build gives: the same files byte for
byte, the same notes and located errors in the same order, the same exit code; Ctrl-C cancels
the work on the cluster and leaves no partial file; without Dask, one line says what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dask_cluster import DaskCluster, briefgen

ROOT = Path(__file__).parent.parent
HOUSE = ROOT / "examples" / "house"
FACTS = sorted((ROOT / "facts").glob("*.yaml"))
USAGE = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
BAD = "title: Bad\nsummary: Broken.\ntimeline:\n  - date: Febtember 2025\n    event: x\n"


@pytest.fixture(scope="module")
def cluster():
    running = DaskCluster(2)
    yield running
    running.close()


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def same_as_local(tmp_path: Path, args: list, where: str, *more: str) -> None:
    """Build `args` with -j 2 and on the cluster `where`: same exit code, stdout (but for the
    folder), stderr, and the same files, byte for byte."""
    local = briefgen("build", *args, "-j", "2", "-o", tmp_path / "local", cwd=tmp_path)
    remote = briefgen("build", *args, "--cluster", where, *more, "-o", tmp_path / "remote",
                      cwd=tmp_path)
    assert remote.returncode == local.returncode
    assert remote.stderr == local.stderr
    assert remote.stdout.replace(str(tmp_path / "remote"), "") == \
        local.stdout.replace(str(tmp_path / "local"), "")
    built = files(tmp_path / "remote")
    assert built.keys() == files(tmp_path / "local").keys() and built
    for name, data in files(tmp_path / "local").items():
        assert built[name] == data, name
    return local


def test_a_house_batch_on_the_cluster_is_the_local_batch(cluster, tmp_path):
    """French and German facts, a custom template folder with a house font, four audiences
    and every format, one bad file in the middle: byte for byte what -j writes; the bad file's
    located errors (one per audience) in their place, the others built, exit code 1."""
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    shutil.copytree(HOUSE / "ministere", tmp_path / "ministere")
    args = [HOUSE / "retraites-2023.yaml", "bad.yaml", HOUSE / "gdl-bahnstreiks-2024.yaml",
            "-t", "ministere", "-a", "analyste", "-a", "presse", "-a", "ministre", "-a",
            "default", "-f", "pdf", "-f", "docx", "-f", "md", "-f", "html", "-f", "png"]
    local = same_as_local(tmp_path, args, cluster.address)
    assert local.returncode == 1
    errors = [line for line in local.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["error: bad.yaml:4: timeline[0].date: 'Febtember 2025' is not a date "
                      "(accepted: 2025, 2025-01, January 2025, 1990s, late 1970s, c. 2014, by "
                      "2027, 2022-2027)"] * 4
    assert len(list((tmp_path / "remote").glob("*.pdf"))) == 8


def test_the_built_in_template_and_its_audiences(cluster, tmp_path):
    """Every facts file of facts/ for three audiences: the same files as -j."""
    same_as_local(tmp_path, [*FACTS, "-a", "analyst", "-a", "executive", "-a", "press"],
                  cluster.address)


def test_shared_paths(cluster, tmp_path):
    """--cluster-shared-paths: the workers read the facts and template themselves."""
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    args = ["bad.yaml", HOUSE / "ahrtal-flut-2021.yaml", "-t", HOUSE / "ministere", "-a",
            "analyste", "-f", "pdf", "-f", "docx"]
    same_as_local(tmp_path, args, cluster.address, "--cluster-shared-paths")


def test_a_template_file_and_errors_in_it_are_located_at_the_users_paths(cluster, tmp_path):
    """-t FILE whose block fails when the brief is rendered (on the worker): the problem names
    the user's template file and line, as locally; the theme beside it is sent too."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "brief.xml.j2").write_text('{% extends "builtin/brief.xml.j2" %}\n'
                                         '{% block footer %}\n{{ 1 // 0 }}\n{% endblock %}\n',
                                         encoding="utf-8")
    (folder / "other.xml.j2").write_text('{% extends "brief.xml.j2" %}\n', encoding="utf-8")
    (folder / "theme.yaml").write_text("page: a4\n", encoding="utf-8")
    args = [ROOT / "facts" / "tiny.yaml", "-t", "mine/brief.xml.j2", "-f", "pdf"]
    local = briefgen("build", *args, "-o", tmp_path / "out", cwd=tmp_path)
    remote = briefgen("build", *args, "-o", tmp_path / "out", "--cluster", cluster.address,
                      cwd=tmp_path)
    assert (remote.returncode, remote.stdout, remote.stderr) == \
        (local.returncode, local.stdout, local.stderr)
    assert remote.returncode == 1 and remote.stderr == (
        "error: mine/brief.xml.j2:3: template: ZeroDivisionError: integer division or modulo "
        "by zero\n")
    assert not (tmp_path / "out").exists()
    (folder / "brief.xml.j2").write_text('{% extends "builtin/brief.xml.j2" %}\n',
                                         encoding="utf-8")
    same_as_local(tmp_path, [ROOT / "facts" / "tiny.yaml", "-t", "mine/other.xml.j2"],
                  cluster.address)


def progress(args: list, cwd: Path) -> list[str]:
    """The progress lines `briefgen build ARGS` shows on a terminal (its stderr a pty)."""
    import pty

    main, terminal = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "briefgen", "build", *map(str, args)],
                             stdout=subprocess.DEVNULL, stderr=terminal, cwd=cwd)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert child.wait(timeout=300) == 0
    return re.findall(r"\[\d+/\d+\] built", shown.decode())


def test_progress_is_shown_as_briefs_come_back(cluster, tmp_path):
    """On a terminal, the same `[n/N] built` lines as -j, one per brief, in order."""
    args = [*FACTS[:4], "-a", "analyst", "-f", "pdf"]
    local = progress([*args, "-j", "2", "-o", tmp_path / "local"], tmp_path)
    assert local == [f"[{n}/4] built" for n in range(1, 5)]
    assert progress([*args, "--cluster", cluster.address, "-o", tmp_path / "remote"],
                    tmp_path) == local


def test_a_local_cluster_of_two_workers(tmp_path):
    """--cluster local:2 starts two worker processes here and stops them after."""
    same_as_local(tmp_path, [*FACTS[:4], "-a", "analyst", "-f", "pdf", "-f", "docx"],
                  "local:2")


def test_without_dask_one_line_says_what_to_install(tmp_path):
    """distributed made unimportable: exit 1, one line, nothing written."""
    blocker = ("import sys\n"
               "class Block:\n"
               "    def find_spec(self, name, path=None, target=None):\n"
               "        if name.split('.')[0] in ('distributed', 'dask'):\n"
               "            raise ImportError('blocked: ' + name)\n"
               "sys.meta_path.insert(0, Block())\n"
               "from briefgen.edge.cli import run\n"
               "sys.exit(run(sys.argv[1:]))\n")
    done = subprocess.run([sys.executable, "-c", blocker, "build", ROOT / "facts" / "tiny.yaml",
                           "-o", tmp_path / "out", "--cluster", "local:2"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == ("error: --cluster needs Dask's distributed package, which is not "
                           "installed: pip install \"briefgen[cluster]\"\n")
    assert not (tmp_path / "out").exists()


def test_no_scheduler_there(tmp_path):
    """An address where no scheduler listens: one line, exit 1, nothing written."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    done = briefgen("build", ROOT / "facts" / "tiny.yaml", "-o", tmp_path / "out", "--cluster",
                    f"tcp://127.0.0.1:{port}")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"error: --cluster tcp://127.0.0.1:{port}: cannot reach the "
                           "scheduler (Connection refused)\n")
    assert not (tmp_path / "out").exists()


def test_a_scheduler_that_never_answers_is_one_line_not_a_hang(tmp_path):
    """A port that accepts a connection and never says a word (Dask's own timeout does not
    cover its answer): one line after some 10 s, exit 1, nothing written."""
    with socket.socket() as mute:
        mute.bind(("127.0.0.1", 0))
        mute.listen(8)
        port = mute.getsockname()[1]
        started = time.monotonic()
        done = briefgen("build", ROOT / "facts" / "tiny.yaml", "-o", tmp_path / "out",
                        "--cluster", f"tcp://127.0.0.1:{port}", timeout=60)
    assert time.monotonic() - started < 30
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (f"error: --cluster tcp://127.0.0.1:{port}: cannot reach the "
                           "scheduler (no answer in 10 s)\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("where, line", [
    ("tcp://127.0.0.1:1", "cannot reach the scheduler (Connection refused)"),
    ("tls://127.0.0.1:1", "tls:// needs Dask's TLS settings: distributed.comm.tls.ca-file and "
                          "distributed.comm.tls.client.cert are not set"),
])
def test_a_refused_port_and_tls_without_its_settings_are_one_line(where, line, tmp_path):
    done = briefgen("build", ROOT / "facts" / "tiny.yaml", "-o", tmp_path / "out",
                    "--cluster", where, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"error: --cluster {where}: "
                                                                  f"{line}\n")
    assert not (tmp_path / "out").exists()


def test_ctrl_c_while_local_workers_start_aborts(tmp_path):
    """SIGINT to the process group while `local:2` starts its workers is not lost: the batch
    stops, "error: aborted", exit 1, no traceback (the workers print nothing)."""
    args = [*FACTS, "-a", "analyst", "-a", "executive", "-a", "press", "-f", "pdf", "-f", "png"]
    child = subprocess.Popen([sys.executable, "-m", "briefgen", "build", *map(str, args),
                              "--cluster", "local:2", "-o", str(tmp_path / "out")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    time.sleep(1.5)
    os.killpg(child.pid, signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 1 and err.endswith("error: aborted\n"), err
    assert "Traceback" not in err and out.count("\n") < 10 * 3


@pytest.mark.parametrize("main, include", [("brief.xml.j2", "parts/x.j2"),
                                           ("brief.xml.j2", "label.txt")])
def test_what_a_template_includes_is_sent(cluster, tmp_path, main, include):
    """A template file that includes a file in a folder below it, or one that is not a .j2
    file: built on the cluster as -j builds it."""
    folder = tmp_path / "tpl"
    (folder / include).parent.mkdir(parents=True, exist_ok=True)
    (folder / include).write_text("Included text", encoding="utf-8")
    (folder / main).write_text('{% extends "builtin/brief.xml.j2" %}\n{% block footer %}'
                               '<section key="footer"><p role="note">'
                               f'{{% include "{include}" %}}</p></section>{{% endblock %}}\n',
                               encoding="utf-8")
    local = same_as_local(tmp_path, [ROOT / "facts" / "tiny.yaml", "-t", f"tpl/{main}", "-f",
                                     "md"], cluster.address)
    assert local.returncode == 0, local.stderr
    assert "Included text" in (tmp_path / "remote" / "tiny.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["localhost:8786", "local:0", "local:two", "http://x:1",
                                   "tcp://127.0.0.1:0", "tcp://127.0.0.1:99999"])
def test_what_is_not_a_cluster_is_a_usage_error(value, tmp_path):
    done = briefgen("build", ROOT / "facts" / "tiny.yaml", "-o", tmp_path, "--cluster", value)
    assert done.returncode == 2 and "Invalid value for '--cluster'" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_cancels_the_work_on_the_cluster_and_leaves_no_partial_file(cluster, tmp_path):
    """SIGINT to the process group (as Ctrl-C) once the first brief is written: exit 1,
    "error: aborted", every file written whole (as a local build writes it), no temporary
    file, and the scheduler holds no task of the batch soon after."""
    options = ["-a", "analyst", "-a", "executive", "-f", "pdf", "-f", "docx", "-f", "png"]
    args = [*FACTS, *options]
    child = subprocess.Popen([sys.executable, "-m", "briefgen", "build", *map(str, args),
                              "--cluster", cluster.address, "-o", str(tmp_path / "remote")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    first = child.stdout.readline()
    assert first.startswith(str(tmp_path / "remote"))
    os.killpg(child.pid, signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 1 and err.endswith("error: aborted\n")
    assert "Traceback" not in err
    written = files(tmp_path / "remote")
    briefs = {name.rsplit(".", 1)[0] for name in written}
    assert 0 < len(briefs) < 2 * len(FACTS)
    assert len(written) == 3 * len(briefs)  # each brief whole: its PDF, DOCX and PNG
    # the local build of the briefs written (only those: the batch's other briefs cost time)
    stems = {brief.rsplit("-", 1)[0] for brief in briefs}
    reference = briefgen("build", *[p for p in FACTS if p.stem in stems], *options, "-o",
                         tmp_path / "local")
    assert reference.returncode == 0, reference.stderr
    for name, data in written.items():
        assert data == (tmp_path / "local" / name).read_bytes(), name
    deadline = time.monotonic() + 20
    while cluster.tasks() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cluster.tasks() == 0


def test_the_usage_pages_dask_example_runs(cluster, tmp_path):
    """docs/usage.md's Python example for Dask, run as written against the cluster: each brief
    it writes is what briefgen.build gives here."""
    example = re.search(r"with Dask.*?```python\n(.*?)```", USAGE, re.DOTALL).group(1)
    (tmp_path / "example.py").write_text(example, encoding="utf-8")
    for path in FACTS[:3]:
        shutil.copy(path, tmp_path)
    names = [p.name for p in FACTS[:3]]
    done = subprocess.run([sys.executable, "example.py", *names], cwd=tmp_path, timeout=300,
                          capture_output=True, text=True,
                          env={**os.environ, "DASK_SCHEDULER_ADDRESS": cluster.address})
    assert done.returncode == 0, done.stderr
    import briefgen as library

    for name in names:
        outputs = library.build(tmp_path / name, audience="analyst")
        for fmt, data in outputs.items():
            assert (tmp_path / f"{Path(name).stem}-analyst.{fmt}").read_bytes() == data
