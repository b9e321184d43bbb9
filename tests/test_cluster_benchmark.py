"""benchmarks/cluster.py runs and prints its table (no time is asserted: the machine is shared);
a batch of two facts files (6 briefs) keeps it short: what is checked is the table."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_cluster_benchmark_prints_a_row_per_worker_count():
    done = subprocess.run([sys.executable, "benchmarks/cluster.py", "--repeat", "1",
                           "--workers", "2", "--facts", "2", "--markdown"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Batch: 6 briefs (PDF+DOCX)" in done.stdout
    rows = [line for line in done.stdout.splitlines() if re.match(r"\| \d \|", line)]
    assert [row.split("|")[1].strip() for row in rows] == ["1", "2"]
    for row in rows:
        assert len(re.findall(r"[\d.]+ briefs/s", row)) == 3 and row.count(" ms |") == 1
