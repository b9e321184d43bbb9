"""`briefgen watch`, run as a user runs it (a subprocess on files in tmp_path): it builds at
start, builds again when a facts file, a template file or an audience file changes (saved in
place, by rename, deleted and made again), prints each build's notes and one-line errors as
`build` does, keeps the last good files when a build fails, and stops on SIGINT and SIGTERM
with exit code 0, no traceback and no temporary file. Every wait has a deadline; none sleeps."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import FACTS_DIR, pdf_text
from PIL import Image

from briefgen.edge import file_changes
from briefgen.edge.cli import run
from briefgen.pipeline import build

DEADLINE = 30.0  # seconds: a first build in a cold process on a busy machine, with room


class Watching:
    """A running `briefgen watch`, its stderr and stdout lines read as they come."""

    def __init__(self, *args: str | Path, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "watch", *map(str, args)], cwd=cwd,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[tuple[str, str]] = queue.Queue()
        self.seen: list[tuple[str, str]] = []
        self.readers = [threading.Thread(target=self._read, args=(name,), daemon=True)
                        for name in ("stdout", "stderr")]
        for reader in self.readers:
            reader.start()

    def _read(self, name: str) -> None:
        for line in getattr(self.process, name):
            self.lines.put((name, line.rstrip("\n")))

    def wait_for(self, pattern: str, stdout: int = 0) -> list[tuple[str, str]]:
        """Every line up to and including the first stderr line matching `pattern`, and on
        until `stdout` lines of stdout have come too: the two pipes are read by two threads,
        so a path printed before the stderr line may be read after it."""
        got, deadline, matched = [], time.monotonic() + DEADLINE, False
        while time.monotonic() < deadline:
            if matched and sum(stream == "stdout" for stream, _ in got) >= stdout:
                return got
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                assert self.process.poll() is None, f"watch ended: {self.seen}"
                continue
            got.append(line)
            self.seen.append(line)
            matched = matched or (line[0] == "stderr" and re.search(pattern, line[1]))
        raise AssertionError(f"no line matching {pattern!r} in {DEADLINE} s: {self.seen}")

    def stop(self, signum: int = signal.SIGINT) -> tuple[int, list[str]]:
        """Send the signal; the exit code and the lines printed until the end."""
        self.process.send_signal(signum)
        code = self.process.wait(timeout=DEADLINE)
        for reader in self.readers:  # they end at the pipes' end
            reader.join(timeout=DEADLINE)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code, [text for _, text in self.seen]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for reader in self.readers:
            reader.join(timeout=DEADLINE)
        self.process.stdout.close()
        self.process.stderr.close()


@pytest.fixture
def folder(tmp_path: Path):
    shutil.copy(FACTS_DIR / "tiny.yaml", tmp_path / "tiny.yaml")
    watchers: list[Watching] = []

    def start(*args: str | Path) -> Watching:
        watcher = Watching(*args, cwd=tmp_path)
        watchers.append(watcher)
        return watcher

    yield tmp_path, start
    for watcher in watchers:
        watcher.close()


def save(path: Path, text: str) -> None:
    """Write in place (truncate, then write), as many editors do."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)


def save_by_rename(path: Path, text: str) -> None:
    """Write a new file beside it and rename it over the old one, as vim and VS Code do."""
    temporary = path.with_name(path.name + ".new~")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def rebuilt(lines: list[tuple[str, str]]) -> list[str]:
    return [text for stream, text in lines if stream == "stderr" and text.startswith("watch:")]


def test_a_facts_change_rebuilds_and_a_broken_file_keeps_the_last_good_files(folder) -> None:
    tmp_path, start = folder
    facts = tmp_path / "tiny.yaml"
    watcher = start("tiny.yaml", "-o", "out")
    first = watcher.wait_for(r"^watch: watching \d+ files? \(Ctrl-C stops\)$", stdout=2)
    assert ("stdout", "out/tiny.pdf") in first and ("stdout", "out/tiny.docx") in first
    assert re.fullmatch(r"watch: started: built tiny\.yaml: 2 files written in \d+ ms",
                        rebuilt(first)[0])

    save(facts, facts.read_text().replace("Library opening hours", "Museum opening hours"))
    lines = watcher.wait_for(r"^watch: tiny\.yaml changed: ", stdout=2)
    assert re.fullmatch(r"watch: tiny\.yaml changed: built tiny\.yaml: 2 files written in "
                        r"\d+ ms", rebuilt(lines)[0])
    assert [t for s, t in lines if s == "stdout"] == ["out/tiny.pdf", "out/tiny.docx"]
    assert "Museum opening hours" in pdf_text(tmp_path / "out" / "tiny.pdf")
    good = {n: (tmp_path / "out" / n).read_bytes() for n in ("tiny.pdf", "tiny.docx")}

    save(facts, "title: Museum opening hours\nsummary: [not, text]\n")
    lines = watcher.wait_for(r"^watch: tiny\.yaml changed: ")
    errors = [t for s, t in lines if s == "stderr" and not t.startswith("watch:")]
    assert len(errors) == 1 and re.fullmatch(r"error: tiny\.yaml:2: summary: .+", errors[0])
    assert rebuilt(lines)[-1].endswith(
        ": 0 files written in " + rebuilt(lines)[-1].split(" in ")[1].split(";")[0] +
        "; a brief failed, its last good files stay")
    assert {n: (tmp_path / "out" / n).read_bytes() for n in good} == good

    save(facts, "title: Museum hours\nsummary: Fixed again.\n")
    lines = watcher.wait_for(r"^watch: tiny\.yaml changed: built tiny\.yaml: 2 files written")
    assert "Fixed again." in pdf_text(tmp_path / "out" / "tiny.pdf")
    # the pieces kept from the builds before give the bytes of a fresh build
    fresh = build(facts, formats=("pdf", "docx")).outputs
    assert {f: (tmp_path / "out" / f"tiny.{f}").read_bytes() for f in fresh} == fresh
    code, seen = watcher.stop()
    assert code == 0 and seen[-1] == "watch: stopped"
    assert not any("Traceback" in line for line in seen)


def test_save_by_rename_and_delete_then_recreate_rebuild(folder) -> None:
    tmp_path, start = folder
    facts = tmp_path / "tiny.yaml"
    watcher = start("tiny.yaml", "-o", "out", "-f", "pdf")
    watcher.wait_for(r"^watch: watching")
    save_by_rename(facts, "title: Renamed into place\nsummary: By rename.\n")
    lines = watcher.wait_for(r"^watch: tiny\.yaml changed: ")
    assert len(rebuilt(lines)) == 1  # one save, one build
    assert "Renamed into place" in pdf_text(tmp_path / "out" / "tiny.pdf")
    facts.unlink()
    lines = watcher.wait_for(r"^watch: tiny\.yaml changed: built tiny\.yaml: 0 files "
                             r"written")
    assert any(t.startswith("error: tiny.yaml") for s, t in lines if s == "stderr")
    facts.write_text("title: Made again\nsummary: A new file.\n")
    watcher.wait_for(r"^watch: tiny\.yaml changed: built tiny\.yaml: 1 file written")
    assert "Made again" in pdf_text(tmp_path / "out" / "tiny.pdf")


def test_template_and_audience_changes_are_read_again(folder, capsys) -> None:
    tmp_path, start = folder
    assert run(["init-template", str(tmp_path / "house")]) == 0
    capsys.readouterr()
    template, audience = tmp_path / "house" / "brief.xml.j2", tmp_path / "house" / "audiences" / \
        "board.yaml"
    watcher = start("tiny.yaml", "-t", "house", "-a", "board", "-o", "out", "-f", "pdf")
    watcher.wait_for(r"^watch: watching")
    pdf = tmp_path / "out" / "tiny-board.pdf"
    assert "BOARD NOTE" in pdf_text(pdf)

    save(template, template.read_text().replace("Questions: contact the author.",
                                                "Questions: ring the duty desk."))
    watcher.wait_for(r"^watch: house/brief\.xml\.j2 changed: built tiny\.yaml: 1 file "
                     r"written")
    assert "ring the duty desk" in " ".join(pdf_text(pdf).split())

    save_by_rename(audience, audience.read_text().replace("label: BOARD NOTE",
                                                          "label: NOTE FOR THE TRUSTEES"))
    watcher.wait_for(r"^watch: house/audiences/board\.yaml changed: built tiny\.yaml: 1 file "
                     r"written")
    text = pdf_text(pdf)
    assert "NOTE FOR THE TRUSTEES" in text and "BOARD NOTE" not in text

    theme = tmp_path / "house" / "theme.yaml"
    save(theme, theme.read_text().replace("page: a4", "page: nonsense"))
    lines = watcher.wait_for(r"^watch: house/theme\.yaml changed: built tiny\.yaml: 0 files "
                             r"written")
    errors = [t for s, t in lines if s == "stderr" and t.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: house/theme.yaml:3: page: ")


def test_a_facts_change_builds_only_that_file_and_a_template_change_builds_all(folder) -> None:
    """Two facts files: saving one builds its brief alone, and the line names it; a broken one's
    error is not printed again when the other is saved; a template change builds both."""
    tmp_path, start = folder
    le, cs = tmp_path / "le.yaml", tmp_path / "cs.yaml"
    le.write_text("title: Left brief\nsummary: The left one.\n", encoding="utf-8")
    cs.write_text("title: Centre brief\nsummary: The centre one.\n", encoding="utf-8")
    assert run(["init-template", str(tmp_path / "house")]) == 0
    watcher = start("le.yaml", "cs.yaml", "-t", "house", "-o", "out", "-f", "pdf")
    first = watcher.wait_for(r"^watch: watching", stdout=2)
    assert rebuilt(first)[0].startswith("watch: started: built le.yaml, cs.yaml: 2 files ")

    save(le, "title: Left brief\nsummary: [not, text]\n")
    lines = watcher.wait_for(r"^watch: le\.yaml changed: ")
    assert rebuilt(lines)[-1].startswith("watch: le.yaml changed: built le.yaml: 0 files ")
    errors = [t for s, t in lines if s == "stderr" and t.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: le.yaml:2: summary: ")
    assert [t for s, t in lines if s == "stdout"] == []

    save(cs, "title: Centre brief\nsummary: Saved again.\n")
    lines = watcher.wait_for(r"^watch: cs\.yaml changed: ", stdout=1)
    assert re.fullmatch(r"watch: cs\.yaml changed: built cs\.yaml: 1 file written in \d+ ms",
                        rebuilt(lines)[-1])
    assert [t for s, t in lines if s == "stdout"] == ["out/cs.pdf"]
    assert not [t for s, t in lines if s == "stderr" and t.startswith("error:")]
    assert "Saved again." in pdf_text(tmp_path / "out" / "cs.pdf")

    theme = tmp_path / "house" / "theme.yaml"
    save(theme, theme.read_text() + "\n")
    lines = watcher.wait_for(r"^watch: house/theme\.yaml changed: ")
    assert rebuilt(lines)[-1].startswith(
        "watch: house/theme.yaml changed: built le.yaml, cs.yaml: 1 file written")
    errors = [t for s, t in lines if s == "stderr" and t.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: le.yaml:2: summary: ")
    code, _ = watcher.stop()
    assert code == 0


def test_sigint_and_sigterm_stop_cleanly(folder) -> None:
    tmp_path, start = folder
    for signum in (signal.SIGINT, signal.SIGTERM):
        watcher = start("tiny.yaml", "-o", "out", "-f", "pdf", "-f", "png")
        watcher.wait_for(r"^watch: watching")
        code, seen = watcher.stop(signum)
        assert code == 0, seen
        assert seen[-1] == "watch: stopped"
        assert not any("Traceback" in line or "error" in line for line in seen)
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["tiny.pdf", "tiny.png"]


def test_a_signal_during_a_build_stops_after_it_is_written(folder) -> None:
    tmp_path, start = folder
    watcher = start("tiny.yaml", "-o", "out")
    watcher.wait_for(r"^watch: watching")
    save(tmp_path / "tiny.yaml", "title: Stopped midway\nsummary: Still written whole.\n")
    time.sleep(file_changes.INTERVAL * 2.5)  # seen and settled: the build is under way
    code, seen = watcher.stop()
    # stdout and stderr are read apart: the last line is stderr's, whatever stdout printed
    assert code == 0 and [t for s, t in watcher.seen if s == "stderr"][-1] == "watch: stopped"
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_one_save_in_pieces_is_one_change() -> None:
    """A truncate, then (after a pause longer than a poll) the text written in two writes: one
    change, seen once it is whole, never as the empty file."""
    import tempfile

    with tempfile.TemporaryDirectory() as where:
        path = Path(where) / "facts.yaml"
        path.write_text("title: A\n")
        watched = file_changes.Watched((str(path),))
        before = file_changes.snapshot(watched)
        result: list = []
        waiting = threading.Thread(target=lambda: result.append(
            file_changes.wait(watched, before)))
        waiting.start()
        with path.open("w") as handle:  # emptied now
            time.sleep(file_changes.INTERVAL * 4)  # the empty file is polled, and waited on
            handle.write("title: A longer")
            handle.flush()
            handle.write(" title\n")
        waiting.join(timeout=DEADLINE)
        now, paths = result[0]
        assert paths == [str(path)]
        assert now[str(path)] == file_changes.state(str(path))  # the whole file
        assert now[str(path)][1] == len("title: A longer title\n")


def test_a_file_rewritten_without_pause_is_built_after_the_settle_bound() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as where:
        path = Path(where) / "facts.yaml"
        path.write_text("0")
        watched = file_changes.Watched((str(path),))
        before = file_changes.snapshot(watched)
        stop = threading.Event()

        def churn() -> None:
            n = 0
            while not stop.is_set():
                n += 1
                path.write_text(str(n))

        writer = threading.Thread(target=churn)
        writer.start()
        try:
            start = time.monotonic()
            _, paths = file_changes.wait(watched, before)
            took = time.monotonic() - start
        finally:
            stop.set()
            writer.join()
        assert paths == [str(path)]
        assert took < file_changes.MOST_SETTLE + 1.0


def test_a_folder_watched_whole_sees_a_new_file_and_ignores_outputs(tmp_path: Path) -> None:
    (tmp_path / "theme.yaml").write_text("accent: '#000000'\n")
    out = tmp_path / "out.pdf"
    watched = file_changes.Watched((), (str(tmp_path),), frozenset({str(out)}))
    before = file_changes.snapshot(watched)
    out.write_bytes(b"%PDF")
    (tmp_path / ".theme.yaml.swp").write_bytes(b"swap")
    now = file_changes.snapshot(watched)
    assert file_changes.changed(before, now) == []  # the folder's time alone is no change
    assert str(out) not in now and str(tmp_path / ".theme.yaml.swp") not in now
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    assert str(tmp_path / "logo.png") in file_changes.snapshot(watched)


def test_each_build_prints_what_build_prints(folder, capsys) -> None:
    """The notes (stderr) and the paths written (stdout) of a watch build are build's lines."""
    tmp_path, start = folder
    shutil.copy(FACTS_DIR / "japan-nato-mission.yaml", tmp_path / "seed.yaml")
    assert run(["build", str(tmp_path / "seed.yaml"), "-a", "executive", "-o",
                str(tmp_path / "built")]) == 0
    out, err = capsys.readouterr()
    notes = err.splitlines()
    assert len(notes) > 5 and all(line.startswith("note: ") for line in notes)
    watcher = start("seed.yaml", "-a", "executive", "-o", "out")
    lines = watcher.wait_for(r"^watch: watching", stdout=len(out.splitlines()))
    assert [t for s, t in lines if s == "stderr" and not t.startswith("watch:")] == [
        line.replace(str(tmp_path) + "/", "") for line in notes]
    assert [t for s, t in lines if s == "stdout"] == [
        line.replace(str(tmp_path / "built"), "out") for line in out.splitlines()]


def test_what_a_change_makes_the_caches_forget(tmp_path: Path) -> None:
    """A facts file: nothing (the design stays loaded); a template, theme or audience file: the
    loaded designs; a file the briefs read (the logo) or a font: every cache; another file in
    the template folder (a PDF, a picture the theme does not name): nothing."""
    from briefgen import caches
    from briefgen.edge.watch import Job, _forget
    from briefgen.pipeline import design_for

    assert run(["init-template", str(tmp_path / "house")]) == 0
    house = tmp_path / "house"
    Image.new("RGB", (40, 20), "navy").save(house / "logo.png")
    with (house / "theme.yaml").open("a") as theme:
        theme.write("logo: logo.png\n")
    job = Job(("facts.yaml",), tmp_path, ("pdf",), (), str(tmp_path / "house"), (1, False), (),
              None, None)
    first = design_for(job.template, None)
    fonts = caches.current().table("fonts.chains")
    fonts["marker"] = object()
    assert _forget(["facts.yaml"], job) is False
    assert design_for(job.template, None) is first and "marker" in fonts
    assert _forget([str(tmp_path / "house" / "brief.xml.j2")], job) is False
    assert design_for(job.template, None) is not first and "marker" in fonts
    first = design_for(job.template, None)
    assert _forget([str(house / "old.pdf"), str(house / "chart.png")], job) is False  # not read
    assert design_for(job.template, None) is first and "marker" in fonts
    assert _forget([str(house / "fonts" / "Serif.ttf")], job) is True  # a font it may find
    assert "marker" not in fonts
    fonts["marker"] = object()
    assert _forget([str(house / "logo.png")], job) is True  # the theme's logo
    assert "marker" not in fonts
