"""The benchmark (benchmarks/run.py) runs and prints its table. Nothing here depends on timings."""

from __future__ import annotations

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
    for section in ("[whole process", "[in process", "[batch", "[memory"):
        assert section in done.stdout
    assert "imports alone, of -f pdf (vs plain PDF+DOCX)" in done.stdout
    assert "peak memory, batch of 4 briefs" in done.stdout
    assert "peak memory, batch of 12 briefs" in done.stdout
    assert "failed" not in done.stdout
