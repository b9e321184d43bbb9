"""The benchmark (benchmarks/run.py) runs and prints its table. Nothing here depends on timings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ("metric", "briefgen median (min–max)", "plain median (min–max)", "ratio", "target",
           "met?")


def test_benchmark_runs_and_prints_the_table() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--repeat", "1",
         "--batch", "2", "--memory", "4", "12"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
    header = done.stdout.splitlines()[0]
    for name in HEADERS:
        assert name in header
    for section in ("[whole process", "[in process", "[watch", "[fitter", "[batch", "[memory"):
        assert section in done.stdout
    # the fitter's measures and time per brief, for the seed and for each crowded facts file
    for name in ("japan-nato-mission.yaml", "crowded.yaml", "long-timeline.yaml",
                 "many-quotes.yaml"):
        row = next(line for line in done.stdout.splitlines() if line.startswith(f"fit {name}:"))
        assert re.match(rf"fit {re.escape(name)}: [1-9]\d* measures?, [1-9]\d* renders? +\| "
                        r"\d+\.\d ms \(", row), row
    assert "imports alone, of -f pdf (vs plain PDF+DOCX)" in done.stdout
    row = next(line for line in done.stdout.splitlines()
               if line.startswith("watch: save to new files (PDF+DOCX)"))
    assert re.search(r"\| \d+\.\d ms \(.*\| \d+\.\d ms \(.*\| \d+\.\d\d× +\| ≤ 1\.2×", row), row
    assert "peak memory, batch of 4 briefs" in done.stdout
    assert "peak memory, batch of 12 briefs" in done.stdout
    assert "failed" not in done.stdout
    for stage in ("read (read, validate, fonts)", "select (design, audience)",
                  "compose (context, Jinja)", "parse (markup -> Document)",
                  "layout (measure, fit)", "write PDF", "write DOCX"):
        row = next(line for line in done.stdout.splitlines() if line.startswith(stage))
        assert " ms (" in row, row  # timed: a median in milliseconds, not a blank


def _check_stages(*setup: str) -> subprocess.CompletedProcess:
    """benchmarks/run.py --check-stages, in a process that first runs `setup` on its table."""
    code = "\n".join(["import sys", f"sys.path.insert(0, {str(ROOT / 'benchmarks')!r})",
                      "import run", *setup, "sys.exit(run.main(['--check-stages']))"])
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120, check=False)


def test_every_stage_the_benchmark_times_exists() -> None:
    """The table of stage functions names only functions that exist, for every stage the
    in-process table prints (read, select, compose, parse, layout, one writer per format)."""
    done = _check_stages()
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("stage functions found")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.pop(0)
    assert list(run.STAGE_FUNCTIONS) == ["read", "select", "compose", "parse", "layout", "pdf",
                                         "docx"]
    assert all(run.STAGE_FUNCTIONS.values())


def test_a_stage_that_does_not_exist_fails_loudly() -> None:
    """A function renamed away (as `pipeline.load_theme` once was) is not skipped: the
    benchmark exits non-zero and names it, and where to fix the table."""
    done = _check_stages("run.STAGE_FUNCTIONS['compose'].append(('briefgen.pipeline', "
                         "'load_theme'))",
                         "run.STAGE_FUNCTIONS['layout'].append(('briefgen.nowhere', 'fit'))")
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1] == (
        "benchmark: error: these stage functions do not exist: briefgen.pipeline.load_theme "
        "(stage compose), briefgen.nowhere.fit (stage layout: no module briefgen.nowhere); "
        "update STAGE_FUNCTIONS at the top of benchmarks/run.py")
    assert "Traceback" not in done.stderr
