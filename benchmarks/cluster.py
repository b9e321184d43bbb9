"""The cluster benchmark: a batch built with `-j K` and on a Dask cluster of K worker processes
(`briefgen build --cluster`), for K = 1, 2 and N; throughput and what the cluster adds a brief.

The batch is every facts file of `facts/` for three audiences (default, analyst, executive), PDF
and DOCX, each run a fresh `briefgen build` process, as a user runs it. For each K:

- `-j K`: the local worker processes;
- `cluster K, warm`: a scheduler and K worker processes (one thread each) started once and
  warmed by one batch, then `--cluster tcp://...`: what a standing cluster costs a batch (the
  client's start and connection, sending each facts file, fetching each result);
- `local:K`: `--cluster local:K`, which starts and stops its K workers within the run.

Every figure is the median of `--repeat` runs (min and max beside it). The per-brief overhead is
(cluster warm - `-j K`) / briefs. Needs the cluster extra (`pip install "briefgen[cluster]"`).

    .venv/bin/python benchmarks/cluster.py [--repeat 3] [--workers 4] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIENCES = ("default", "analyst", "executive")
SERVER = r"""
import logging, sys
from distributed import LocalCluster
cluster = LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, processes=True,
                       dashboard_address=":0", silence_logs=logging.ERROR)
print(cluster.scheduler_address, flush=True)
sys.stdin.read()
cluster.close()
"""


def batch_args(out: Path) -> list[str]:
    facts = sorted(str(p) for p in (ROOT / "facts").glob("*.yaml"))
    audiences = [x for name in AUDIENCES for x in ("-a", name)]
    return [sys.executable, "-m", "briefgen", "build", *facts, *audiences, "-o", str(out)]


def timed(args: list[str]) -> float:
    """Seconds one run takes; it must succeed."""
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"benchmark run failed: {' '.join(args[3:6])} ...: "
                         f"{done.stderr.strip().splitlines()[-1:]}")
    return took


def runs(args: list[str], repeat: int) -> list[float]:
    return [timed(args) for _ in range(repeat)]


def measure(workers: int, repeat: int, out: Path) -> dict[str, list[float]]:
    """The three ways to build the batch with `workers` workers, `repeat` times each."""
    base = batch_args(out)
    figures = {"-j": runs([*base, "-j", str(workers)], repeat)}
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(workers)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    try:
        address = server.stdout.readline().strip()
        timed([*base, "--cluster", address])  # warm: each worker imports briefgen once
        figures["warm"] = runs([*base, "--cluster", address], repeat)
    finally:
        server.stdin.close()
        server.wait(timeout=60)
        server.stdout.close()
    figures["local"] = runs([*base, "--cluster", f"local:{workers}"], repeat)
    return figures


def row(figures: list[float], briefs: int) -> str:
    median = statistics.median(figures)
    return (f"{median:.2f} s ({min(figures):.2f}-{max(figures):.2f}), "
            f"{briefs / median:.1f} briefs/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each figure (3)")
    parser.add_argument("--workers", type=int, default=4, help="N, the largest K (4)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    options = parser.parse_args(argv)
    briefs = len(list((ROOT / "facts").glob("*.yaml"))) * len(AUDIENCES)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for workers in sorted({1, 2, options.workers}):
            print(f"{workers} worker(s)...", file=sys.stderr, flush=True)
            results[workers] = measure(workers, options.repeat, Path(folder) / str(workers))
    load = os.getloadavg()[0]
    if options.markdown:
        print(f"Batch: {briefs} briefs (PDF+DOCX), {os.cpu_count()} cores, load average "
              f"{load:.1f} at the end, median of {options.repeat} runs.\n")
        print("| workers | `-j K` | cluster K, warm | overhead a brief | `--cluster local:K` |")
        print("| --- | --- | --- | --- | --- |")
    for workers, figures in results.items():
        overhead = (statistics.median(figures["warm"]) - statistics.median(figures["-j"])) \
            / briefs * 1000
        cells = [row(figures["-j"], briefs), row(figures["warm"], briefs),
                 f"{overhead:+.0f} ms", row(figures["local"], briefs)]
        if options.markdown:
            print(f"| {workers} | " + " | ".join(cells) + " |")
        else:
            print(json.dumps({"workers": workers, "-j": cells[0], "warm": cells[1],
                              "overhead": cells[2], "local": cells[3]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
