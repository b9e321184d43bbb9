"""`briefgen watch` and what it must not build on: the files it writes itself (its outputs,
their temporary files, the folders they are written in, however the paths are spelled, in the
template folder watched whole or a folder inside it), a link loop in the template folder (an
error line, and the watch goes on), and a template folder of thousands of files (cheap while
idle). Run as a user runs it: a subprocess on files in tmp_path."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from conftest import FACTS_DIR
from test_watch import Watching, rebuilt

from briefgen.edge import file_changes
from briefgen.edge.cli import run


@pytest.fixture
def project(tmp_path: Path):
    """A template folder of the user's (`init-template`) with the facts file inside it, and a
    way to start `briefgen watch` in it; every watch is ended after the test."""
    assert run(["init-template", str(tmp_path / "tpl")]) == 0
    shutil.copy(FACTS_DIR / "tiny.yaml", tmp_path / "tpl" / "memo.yaml")
    watchers: list[Watching] = []

    def start(*args: str, cwd: Path) -> Watching:
        watchers.append(Watching(*args, cwd=cwd))
        return watchers[-1]

    yield tmp_path, start
    for watcher in watchers:
        watcher.close()


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


@pytest.mark.parametrize(("where", "args"), [
    ("tpl", ("memo.yaml", "-t", ".", "-f", "pdf")),  # outputs in the folder, as `./memo.pdf`
    ("", ("tpl/memo.yaml", "-t", "tpl", "-o", "tpl", "-f", "pdf", "-f", "png")),
    ("", ("tpl/memo.yaml", "-t", "tpl", "-o", "tpl/out", "-f", "pdf")),  # a folder made inside
])
def test_outputs_in_the_watched_template_folder_give_one_build_a_change(project, where,
                                                                        args) -> None:
    tmp_path, start = project
    facts = tmp_path / "tpl" / "memo.yaml"
    shown = args[0]
    watcher = start(*args, cwd=tmp_path / where)
    watcher.wait_for(r"^watch: watching")
    for n in (1, 2):
        append(facts, f"# edit {n}\n")
        watcher.wait_for(r"^watch: .* changed: ")
    time.sleep(2.0)  # time for a build it should not make (four looks at the whole folder)
    code, _ = watcher.stop()
    lines = rebuilt(watcher.seen)
    assert code == 0 and lines[-1] == "watch: stopped", lines
    changes = [line.split(": ")[1] for line in lines if " changed: " in line]
    assert changes == [f"{shown} changed"] * 2, lines  # no build on its own files, no twin


def test_a_link_loop_in_the_template_folder_is_an_error_line_and_the_watch_goes_on(
        project) -> None:
    tmp_path, start = project
    audiences = tmp_path / "tpl" / "audiences"
    os.symlink("loop.yaml", audiences / "loop.yaml")
    os.symlink(".", tmp_path / "tpl" / "round")
    os.symlink("y", tmp_path / "tpl" / "x")
    os.symlink("x", tmp_path / "tpl" / "y")
    watcher = start("tpl/memo.yaml", "-t", "tpl", "-a", "loop", "-o", "out", "-f", "md",
                    cwd=tmp_path)
    first = watcher.wait_for(r"^watch: watching")
    assert [t for s, t in first if s == "stderr"][0] == (
        "error: tpl/audiences/loop.yaml: cannot read an audience file: too many levels of "
        "symbolic links")
    (audiences / "loop.yaml").unlink()
    shutil.copy(audiences / "board.yaml", audiences / "loop.yaml")
    lines = rebuilt(watcher.wait_for(r"^watch: .* changed: "))
    assert lines[-1].startswith(
        "watch: tpl/audiences/loop.yaml changed: built tpl/memo.yaml: 1 file written in")
    code, seen = watcher.stop()
    assert code == 0 and not [line for line in seen if "Traceback" in line]
    assert (tmp_path / "out" / "memo-loop.md").is_file()


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used (user and system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_template_folder_of_thousands_of_files_is_cheap_while_idle(project) -> None:
    """4,900 files beside the template: the files the brief reads are polled every 5 ms, the
    rest looked at every half second; idle, the watch uses well under a sixth of a core (it
    used more than half of one when every file was polled every 5 ms)."""
    tmp_path, start = project
    for n in range(4_900):
        (tmp_path / "tpl" / f"note{n}.txt").touch()
    watcher = start("tpl/memo.yaml", "-t", "tpl", "-o", "out", "-f", "md", cwd=tmp_path)
    watcher.wait_for(r"^watch: watching 490\d files")
    time.sleep(0.5)  # settled into idle
    used, began = cpu_seconds(watcher.process.pid), time.monotonic()
    time.sleep(2.0)  # the measure: two seconds of idle
    share = (cpu_seconds(watcher.process.pid) - used) / (time.monotonic() - began)
    assert share < 0.15, f"{share:.0%} of a core while idle"
    append(tmp_path / "tpl" / "note7.txt", "seen, within a scan\n")  # not read, yet seen
    watcher.wait_for(r"^watch: tpl/note7\.txt changed: built tpl/memo\.yaml: 1 file written")
    code, _ = watcher.stop(signal.SIGTERM)
    assert code == 0


def test_outputs_are_ignored_however_their_paths_are_spelled(tmp_path: Path,
                                                              monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "memo.yaml").write_text("title: A\n")
    (tmp_path / "memo.pdf").write_bytes(b"%PDF")
    os.symlink(".", tmp_path / "here")
    watched = file_changes.Watched(("memo.yaml",), (".",), frozenset({"here/memo.pdf"}))
    assert sorted(watched.paths()) == [".", "./here", "memo.yaml"]  # no twin, no output
    before = file_changes.snapshot(watched)
    (tmp_path / "memo.pdf").write_bytes(b"%PDF-2")
    (tmp_path / "out").mkdir()
    assert file_changes.changed(before, file_changes.snapshot(watched)) == []
    assert file_changes.under(str(tmp_path / "x"), tmp_path) is True
    os.symlink("loop", tmp_path / "loop")
    assert file_changes.under(str(tmp_path / "loop"), tmp_path / "loop") is True  # no error
    assert file_changes.state(str(tmp_path / "loop")) is None
