"""The watch benchmark: the time from a save to the new files on disk, in a running
`briefgen watch` (benchmarks/run.py reports it beside the plain script's in-process cost).

A copy of the seed is watched (PDF+DOCX, as `build` writes by default). Each save rewrites the
facts file with one word of its summary changed (a new paragraph to lay out, as an edit makes),
in place, and the clock runs from just before the write until the watcher's line saying the
files are written (printed after they are renamed into place, which is checked too). The
watcher's own line gives the build's time; the rest is the time to notice the save. After each
save, while the watcher waits, a warm process of the plain script loads the seed and writes its
PDF and DOCX once, timed the same way as the in-process section does: both figures are taken
turn about, so a busy machine weighs on both alike.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

DEADLINE = 60.0  # seconds: one save's build, on a very busy machine
WRITTEN = re.compile(r"^watch: .+ changed: (?:built .+: )?(\d+) files? written in (\d+) ms")


# The plain script, warm in its own process: one memo (load, PDF, DOCX) per line read, its
# time printed.
PLAIN_WORKER = """
import sys, time
sys.path.insert(0, sys.argv[1])
import plain
def one():
    start = time.perf_counter()
    facts = plain.load(sys.argv[2])
    plain.write_pdf(facts)
    plain.write_docx(facts)
    return time.perf_counter() - start
one()
for line in sys.stdin:
    print(one(), flush=True)
"""


def measure(bg: list[str], env: dict[str, str], work: Path, seed: Path,
            saves: int) -> tuple[list[float], list[float], list[float]]:
    """Run a watcher over a copy of `seed` and save it `saves` times: each save's time to new
    files on disk, each build's own time, and the plain script's in-process time for one memo
    taken after each save, in seconds."""
    import sys

    plain = subprocess.Popen([sys.executable, "-c", PLAIN_WORKER, str(Path(__file__).parent),
                              str(seed)], env=env, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        totals, builds = _saves(bg, env, work, seed, saves, plain)
        plains = [float(x) for x in plain.communicate(timeout=DEADLINE)[0].split()]
    finally:
        if plain.poll() is None:
            plain.kill()
            plain.wait()
    return totals, builds, plains


def _saves(bg: list[str], env: dict[str, str], work: Path, seed: Path, saves: int,
           plain: subprocess.Popen) -> tuple[list[float], list[float]]:
    """The saves, each followed by one plain memo (whose time the plain worker prints)."""
    folder = work / "watch"
    folder.mkdir()
    facts = folder / seed.name
    shutil.copy(seed, facts)
    text = facts.read_text(encoding="utf-8")
    process = subprocess.Popen([*bg, "watch", facts.name, "-o", "out"], cwd=folder, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x) for x in process.stderr], daemon=True)
    reader.start()
    try:
        _line(lines, "watch: watching")
        totals, builds = [], []
        for n in range(saves):
            time.sleep(0.15)  # idle between saves, as a user is
            before = os.stat(folder / "out" / f"{facts.stem}.pdf").st_ino
            edited = text.replace("stand-alone", f"stand-alone ({n})", 1)
            start = time.perf_counter()
            with facts.open("w", encoding="utf-8") as handle:
                handle.write(edited)
            match = WRITTEN.match(_line(lines, "watch: "))
            totals.append(time.perf_counter() - start)
            if match is None or os.stat(folder / "out" / f"{facts.stem}.pdf").st_ino == before:
                raise RuntimeError("the watcher did not write new files")
            builds.append(int(match.group(2)) / 1000)
            plain.stdin.write("\n")
            plain.stdin.flush()
        return totals, builds
    finally:
        process.terminate()
        process.wait(timeout=DEADLINE)
        reader.join(timeout=DEADLINE)
        process.stderr.close()


def _line(lines: queue.Queue[str], start: str) -> str:
    """The next stderr line that starts with `start` (others, such as notes, are skipped)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line.startswith(start):
            return line.rstrip("\n")
    raise RuntimeError(f"the watcher printed no {start!r} line in {DEADLINE:.0f} s")
