"""`--cluster`'s connection: a client of a running scheduler, or of N worker processes started
here (`local:N`), had within bounded time, or one line saying why not (`ClusterError`).

Dask's own `timeout` covers opening the connection, not the scheduler's answer to it: a server
that accepts and never answers would keep `Client()` waiting for ever. So the client is made in
a thread that this one waits for, at most CONNECT_SECONDS, then WORKERS_SECONDS for a worker.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import threading
from collections.abc import Iterator
from typing import Any

CONNECT_SECONDS = 10  # to reach a scheduler and have its answer
WORKERS_SECONDS = 30  # for a scheduler to have a worker
INSTALL = 'pip install "briefgen[cluster]"'
_LOGGERS = ("distributed", "tornado", "asyncio")  # whose lines are Dask's


class ClusterError(Exception):
    """The cluster cannot be used: one line for the user (exit code 1, nothing written)."""


def distributed_package() -> Any:
    """The `distributed` package, or a ClusterError saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"--cluster needs Dask's distributed package, which is not "
                           f"installed: {INSTALL}") from None
    quiet()
    return distributed


def quiet() -> None:
    """No line of Dask's own on stderr (its configuration gives some loggers, such as
    `distributed.client`, levels of their own): each brief's problem is said as a brief's."""
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] in _LOGGERS]
    for name in [*_LOGGERS, *names]:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def one_line(exc: BaseException) -> str:
    """An exception as one line: its text, else its type's name."""
    return " ".join(str(exc).split()) or type(exc).__name__


@contextlib.contextmanager
def client_of(address: str) -> Iterator[Any]:
    """A client of the cluster at `address` (a local one started here for `local:N`), closed
    (and the local cluster with it) when the batch is done, however it ends."""
    with contextlib.ExitStack() as stack:
        if address.startswith("local:"):
            distributed, target = stack.enter_context(_local(int(address[6:])))
        else:
            distributed = distributed_package()
            _tls_ready(address)
            _reachable(address)
            target = address
        client = _connect(distributed, target, address)
        stack.callback(_close, client)
        yield client


def _tls_ready(address: str) -> None:
    """A tls:// address has Dask's TLS settings, usable (`cluster_tls`); else a ClusterError."""
    from briefgen.edge.cluster_tls import check_settings

    wrong = check_settings(address)
    if wrong is not None:
        raise ClusterError(f"--cluster {address}: {wrong}")


def _reachable(address: str) -> None:
    """A scheduler's port accepts a connection (a refused or unknown address is said at once,
    as the system says it, rather than after Dask's retries)."""
    if not address.startswith(("tcp://", "tls://")):
        return
    host, _, port = address[6:].rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as exc:
        reason = exc.strerror or one_line(exc) if not isinstance(exc, TimeoutError) else \
            f"no answer in {CONNECT_SECONDS} s"
        raise ClusterError(f"--cluster {address}: cannot reach the scheduler ({reason})") \
            from None


def _connect(distributed: Any, target: Any, address: str) -> Any:
    """Dask's client of `target` with a worker there, made in a thread and waited for at most
    CONNECT_SECONDS, then WORKERS_SECONDS; else a ClusterError (the thread is left behind)."""
    made: dict[str, Any] = {}
    connected, ready = threading.Event(), threading.Event()

    def connect() -> None:
        try:
            made["client"] = distributed.Client(target, timeout=CONNECT_SECONDS)
            connected.set()
            made["client"].wait_for_workers(1, timeout=WORKERS_SECONDS)
        except Exception as exc:  # noqa: BLE001 - TLS without its settings, a bad answer...
            made["error"] = exc
        connected.set()
        ready.set()

    threading.Thread(target=connect, name="briefgen-cluster-connect", daemon=True).start()
    where = f"--cluster {address}: "
    if not connected.wait(CONNECT_SECONDS + 2):
        raise ClusterError(f"{where}cannot reach the scheduler (no answer in "
                           f"{CONNECT_SECONDS} s)")
    if not ready.wait(WORKERS_SECONDS + 2) or "client" in made and "error" in made:
        if "client" in made:
            _close(made["client"])
        raise ClusterError(f"{where}the scheduler has no worker (none joined in "
                           f"{WORKERS_SECONDS} s)")
    if "error" in made:
        raise ClusterError(where + _failed(made["error"], address))
    return made["client"]


def _failed(error: BaseException, address: str) -> str:
    """Why the client could not be made, said for the user: a TLS handshake refused, or a
    tcp:// address of a scheduler that speaks TLS, as such."""
    from briefgen.edge.cluster_tls import refused, speaks_tls

    if address.startswith("tls://"):
        return refused(error) or f"cannot reach the scheduler ({one_line(error)})"
    if address.startswith("tcp://") and speaks_tls(address):
        return (f"the scheduler speaks TLS: give its address as "
                f"tls://{address[6:]}, with Dask's TLS settings")
    return f"cannot reach the scheduler ({one_line(error)})"


def _close(client: Any) -> None:
    """Close a client, waiting for a scheduler that does not answer at most CONNECT_SECONDS."""
    with contextlib.suppress(Exception):
        client.close(timeout=CONNECT_SECONDS)


@contextlib.contextmanager
def _local(workers: int) -> Iterator[Any]:
    """A local cluster of `workers` processes of one thread each, without a dashboard. Ctrl-C
    is ignored while Dask is imported and they start: they inherit that and keep it (Ctrl-C
    reaches the whole process group, and it is this process that stops them, after cancelling
    the work, without a traceback from each). Here it is also blocked, in every thread made
    meanwhile, so a Ctrl-C pressed then stays pending (Linux keeps a blocked signal, even an
    ignored one) and is raised once they have started. (multiprocessing's resource tracker,
    started first, would unblock it in the thread that starts it.)"""
    from multiprocessing import resource_tracker

    main = threading.current_thread() is threading.main_thread()
    if main:
        resource_tracker.ensure_running()
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        distributed = distributed_package()
        try:
            cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                               processes=True, dashboard_address=":0",
                                               silence_logs=logging.CRITICAL + 1)
        except Exception as exc:  # noqa: BLE001 - its processes could not start
            raise ClusterError(f"--cluster local:{workers}: cannot start the worker processes "
                               f"({one_line(exc)})") from None
        with cluster:
            if main:
                main = _take_ctrl_c(previous)
            yield distributed, cluster
    finally:
        if main:
            _take_ctrl_c(previous)


def _take_ctrl_c(handler: Any) -> bool:
    """Ctrl-C handled again: a Ctrl-C pressed while it was blocked is raised now."""
    signal.signal(signal.SIGINT, handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    return False
