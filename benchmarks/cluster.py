"""The cluster benchmark: a batch built with `-j K` and on a Dask cluster of K worker processes
(`briefgen build --cluster`), for K = 1, 2 and N; throughput and what the cluster adds a brief.

The batch is every facts file of `facts/` for three audiences (default, analyst, executive), PDF
and DOCX, each run a fresh `briefgen build` process, as a user runs it. For each K:

- `-j K`: the local worker processes;
- `cluster K, warm`: a scheduler and K worker processes (one thread each) started once and
  warmed by one batch, then `--cluster tcp://...`: what a standing cluster costs a batch (the
  client's start and connection, sending each facts file, fetching each result);
- `local:K`: `--cluster local:K`, which starts and stops its K workers within the run.

Every figure is the median of `--repeat` runs (min and max beside it), all taken turn about.
What the cluster adds is split in two: its start (a batch of one brief on the warm cluster,
against `-j 1`: importing Dask and connecting) and then a brief ((cluster warm - `-j K` - the
start) / briefs), by the medians. Needs the cluster extra (`pip install "briefgen[cluster]"`).

    .venv/bin/python benchmarks/cluster.py [--repeat 3] [--workers 4] [--facts N] [--markdown]
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


def facts_files(count: int | None) -> list[str]:
    """The batch's facts files: those of `facts/`, or its first `count`."""
    return sorted(str(p) for p in (ROOT / "facts").glob("*.yaml"))[:count]


def batch_args(out: Path, count: int | None) -> list[str]:
    facts = facts_files(count)
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


def measure(workers: int, repeat: int, out: Path, count: int | None) -> dict[str, list[float]]:
    """The three ways to build the batch (of `count` facts files) with `workers` workers,
    `repeat` times each, taken turn about (so a busy machine weighs on all three alike)."""
    base = batch_args(out, count)
    figures: dict[str, list[float]] = {"-j": [], "warm": [], "local": [], "one -j": [],
                                       "one warm": []}
    one = [*base[:4], str(ROOT / "facts" / "tiny.yaml"), "-o", str(out)]
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(workers)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    try:
        address = server.stdout.readline().strip()
        timed([*base, "--cluster", address])  # warm: each worker imports briefgen once
        for _ in range(repeat):
            figures["-j"].append(timed([*base, "-j", str(workers)]))
            figures["warm"].append(timed([*base, "--cluster", address]))
            figures["local"].append(timed([*base, "--cluster", f"local:{workers}"]))
            figures["one -j"].append(timed([*one, "-j", "1"]))
            figures["one warm"].append(timed([*one, "--cluster", address]))
    finally:
        server.stdin.close()
        server.wait(timeout=60)
        server.stdout.close()
    return figures


def row(figures: list[float], briefs: int) -> str:
    median = statistics.median(figures)
    return (f"{median:.2f} s ({min(figures):.2f}-{max(figures):.2f}), "
            f"{briefs / median:.1f} briefs/s")


def overhead(figures: dict[str, list[float]], briefs: int) -> tuple[str, str]:
    """What the warm cluster adds a run (a batch of one brief: the client's start, importing
    Dask and connecting), and a brief beyond that, against -j, by the medians."""
    def median(key: str) -> float:
        return statistics.median(figures[key])

    start = median("one warm") - median("one -j")
    each = (median("warm") - median("-j") - start) / briefs
    return f"{start:+.2f} s", f"{each * 1000:+.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each figure (3)")
    parser.add_argument("--workers", type=int, default=4, help="N, the largest K (4)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--facts", type=int, default=None,
                        help="only the first N facts files of facts/ (all of them)")
    options = parser.parse_args(argv)
    briefs = len(facts_files(options.facts)) * len(AUDIENCES)
    load = os.getloadavg()[0]
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for workers in sorted({1, 2, options.workers}):
            print(f"{workers} worker(s)...", file=sys.stderr, flush=True)
            results[workers] = measure(workers, options.repeat, Path(folder) / str(workers),
                                       options.facts)
    if options.markdown:
        print(f"Batch: {briefs} briefs (PDF+DOCX), {os.cpu_count()} cores, load average "
              f"{load:.1f} before, {os.getloadavg()[0]:.1f} after; median (min-max) of "
              f"{options.repeat} runs, turn about.\n")
        print("| workers | `-j K` | cluster K, warm | cluster's start | then a brief | "
              "`--cluster local:K` |")
        print("| --- | --- | --- | --- | --- | --- |")
    for workers, figures in results.items():
        cells = [row(figures["-j"], briefs), row(figures["warm"], briefs),
                 *overhead(figures, briefs), row(figures["local"], briefs)]
        if options.markdown:
            print(f"| {workers} | " + " | ".join(cells) + " |")
        else:
            print(json.dumps(dict(zip(("-j", "warm", "start", "a brief", "local"), cells),
                                  workers=workers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
