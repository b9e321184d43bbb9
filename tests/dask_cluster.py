"""A real Dask cluster for the tests: a scheduler and N worker processes in a child process.

The child prints the scheduler's address, then answers `tasks` on its stdin with the number of
tasks the scheduler holds (work a client left on it), and stops when its stdin closes. Workers
may be given environment variables (a worker that sees other fonts than the client). With
`tls`, a folder, the cluster speaks TLS only, with a certificate made for it (Dask's
`Security.temporary`), written there as ca.pem, cert.pem and key.pem for clients.

`Worker` is one more worker process (`dask worker`), joined to a scheduler, whose Python finds
only the packages given: another briefgen, or none, beside Dask.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

SERVER = r"""
import json, logging, os, sys
from distributed import LocalCluster
workers, env, tls = int(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
secure = {}
if tls:
    from distributed.security import Security
    security = Security.temporary()
    for name, text in (("ca.pem", security.tls_ca_file), ("cert.pem", security.tls_client_cert),
                       ("key.pem", security.tls_client_key)):
        with open(os.path.join(tls, name), "w") as handle:
            handle.write(text)
    secure = {"protocol": "tls", "security": security}
cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                       dashboard_address=":0", silence_logs=logging.ERROR, env=env, **secure)
print(cluster.scheduler_address, flush=True)
for line in sys.stdin:
    if line.strip() == "tasks":
        print(len(cluster.scheduler.tasks), flush=True)
cluster.close()
"""


class DaskCluster:
    """A running cluster: `address`, `tasks()`, `close()`."""

    def __init__(self, workers: int, env: dict[str, str] | None = None,
                 tls: Path | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(workers), json.dumps(env or {}), str(tls or "")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            cwd=Path(__file__).parent.parent)
        self.address = self.process.stdout.readline().strip()
        assert self.address.startswith("tls://" if tls else "tcp://"), \
            "the test cluster did not start"

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


class Worker:
    """A `dask worker` process of one thread joined to the scheduler at `scheduler`; with
    `paths`, its Python finds only those folders and then every package installed here but
    briefgen (`-S`: no site-packages, no .pth file); without, all that is installed here.
    `address` is the worker's own, once it has joined."""

    def __init__(self, scheduler: str, log: Path, paths: list[Path] | None = None) -> None:
        env, flags = dict(os.environ), []
        if paths is not None:
            flags = ["-S"]
            env["PYTHONPATH"] = os.pathsep.join(map(str, [*paths, _without_briefgen(log)]))
        with open(log, "wb") as handle:
            self.process = subprocess.Popen(
                [sys.executable, *flags, "-m", "distributed.cli.dask_worker", scheduler,
                 "--nthreads", "1", "--no-nanny", "--no-dashboard"],
                stdout=subprocess.DEVNULL, stderr=handle, env=env)
        deadline = time.monotonic() + 60
        while "Registered to:" not in log.read_text(errors="replace"):
            assert self.process.poll() is None and time.monotonic() < deadline, \
                log.read_text(errors="replace")[-2000:]
            time.sleep(0.05)
        self.address = re.search(r"Start worker at:\s+(\S+)", log.read_text()).group(1)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _without_briefgen(log: Path) -> Path:
    """A folder beside `log` that links every entry of this Python's site-packages but
    briefgen's own (its package, its metadata, its editable install's files)."""
    folder = log.parent / "site-without-briefgen"
    if not folder.exists():
        folder.mkdir()
        site = Path(sysconfig.get_paths()["purelib"])
        for entry in site.iterdir():
            if "briefgen" not in entry.name and entry.suffix != ".pth":
                (folder / entry.name).symlink_to(entry)
    return folder


def briefgen(*args: str | os.PathLike[str], cwd: Path | None = None,
             env: dict[str, str] | None = None,
             timeout: float = 300) -> subprocess.CompletedProcess:
    """`briefgen ARGS` in a child process: its exit code, stdout and stderr as text."""
    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          env={**os.environ, **(env or {})})
