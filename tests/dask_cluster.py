"""A real Dask cluster for the tests: a scheduler and N worker processes in a child process.

The child prints the scheduler's address, then answers `tasks` on its stdin with the number of
tasks the scheduler holds (work a client left on it), and stops when its stdin closes. Workers
may be given environment variables (a worker that sees other fonts than the client).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SERVER = r"""
import json, logging, sys
from distributed import LocalCluster
workers, env = int(sys.argv[1]), json.loads(sys.argv[2])
cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                       dashboard_address=":0", silence_logs=logging.ERROR, env=env)
print(cluster.scheduler_address, flush=True)
for line in sys.stdin:
    if line.strip() == "tasks":
        print(len(cluster.scheduler.tasks), flush=True)
cluster.close()
"""


class DaskCluster:
    """A running cluster: `address`, `tasks()`, `close()`."""

    def __init__(self, workers: int, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(workers), json.dumps(env or {})],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            cwd=Path(__file__).parent.parent)
        self.address = self.process.stdout.readline().strip()
        assert self.address.startswith("tcp://"), "the test cluster did not start"

    def tasks(self) -> int:
        """How many tasks the scheduler holds now."""
        self.process.stdin.write("tasks\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


def briefgen(*args: str | os.PathLike[str], cwd: Path | None = None,
             env: dict[str, str] | None = None,
             timeout: float = 300) -> subprocess.CompletedProcess:
    """`briefgen ARGS` in a child process: its exit code, stdout and stderr as text."""
    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          env={**os.environ, **(env or {})})
