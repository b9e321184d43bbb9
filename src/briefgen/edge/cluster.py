"""`briefgen build --cluster`: a batch's briefs built on a Dask cluster, written here.

In: `--cluster tcp://HOST:PORT` (a running scheduler) or `local:N` (N worker processes started
here, and closed after), and the jobs `build_files` would give `batch.run_jobs`. Out: the same
results, in the same order, as values (`cluster_task.decode`), so `build_files` reports and
writes them as it does for `-j`: the same files, notes and errors, written here atomically.

Each brief is sent with its facts file's bytes, and the user's template folder once per batch
(`cluster_bundle`), unless `--cluster-shared-paths` says every worker reads the paths itself.
At most two briefs per worker are in flight, and only the one awaited is fetched, so the
memory held here stays flat; a result is fetched only if the scheduler says it is no larger
than `cluster_task.MAX_RESULT_BYTES`. Leaving early (Ctrl-C, an error) cancels what is still
on the cluster. `distributed` (the `cluster` extra) is imported only here, only for `--cluster`.
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import itertools
import os
import time
from collections.abc import Generator, Iterator
from typing import Any

from briefgen.edge.cluster_connect import WORKERS_SECONDS, ClusterError, client_of, one_line
from briefgen.errors import BriefgenError, Problem

__all__ = ["Cluster", "ClusterError", "open_cluster"]

POLL_SECONDS = 2  # how often a long wait looks for the cluster's workers
DETAIL_CHARS = 300  # of a worker's error, in a brief's line


@contextlib.contextmanager
def open_cluster(address: str, shared_paths: bool) -> Iterator[Cluster]:
    """The cluster at `address` (`cluster_connect`), ready to build a batch, closed after; its
    workers checked first (`cluster_check`): one of another briefgen is a ClusterError."""
    from briefgen.edge.cluster_check import check_workers

    with client_of(address) as client:
        cluster = Cluster(client, shared_paths)
        wrong = check_workers(client, cluster.fingerprint)
        if wrong is not None:
            raise ClusterError(f"--cluster {address}: {wrong}")
        yield cluster


class Cluster:
    """A connected cluster that builds a batch's jobs (`results`)."""

    def __init__(self, client: Any, shared_paths: bool) -> None:
        from briefgen.edge.cluster_task import fingerprint

        self.client = client
        self.shared_paths = shared_paths
        self.fingerprint = fingerprint()
        self.epoch = os.environ.get("SOURCE_DATE_EPOCH")  # as this machine's build reads it
        self.today = datetime.date.today()
        self.lost: str | None = None  # why the cluster can build nothing more, once it cannot

    def results(self, work: list[tuple]) -> Generator[object, None, None]:
        """Each job's result, in order, as `batch.run_jobs` gives them; what is still on the
        cluster when this ends early is cancelled."""
        from briefgen.edge.batch import build_one

        window = 2 * max(1, sum(self._threads().values()))
        bundle = self._bundle(work)
        queued = iter(work)
        pending: collections.deque = collections.deque()
        try:
            for job in itertools.islice(queued, window):
                pending.append(self._submit(job, bundle))
            while pending:
                job, future = pending.popleft()
                result = build_one(job) if future is None else self._receive(job, future)
                following = next(queued, None)
                if following is not None:
                    pending.append(self._submit(following, bundle))
                yield result
        finally:
            left = [future for _, future in pending if future is not None]
            if left:  # a scheduler that does not answer is not waited for
                with contextlib.suppress(Exception):
                    self.client.cancel(left, force=True, callback_timeout=POLL_SECONDS)

    def _bundle(self, work: list[tuple]) -> Any:
        """The template's files sent to the cluster once (a future), or None."""
        if self.shared_paths or not work:
            return None
        from briefgen.edge.cluster_bundle import template_bundle
        from briefgen.pipeline import design_for

        template, paper = work[0][0], work[0][7]
        audiences = dict.fromkeys(job[2] for job in work)
        bundle = template_bundle(template, [design_for(template, a, paper) for a in audiences],
                                 tuple(audiences))
        return None if bundle is None else self.client.scatter([bundle], hash=False)[0]

    def _submit(self, job: tuple, bundle: Any) -> tuple[tuple, Any]:
        """Send one job; a facts file the local build could not read is built here instead
        (it fails at once, with the same error)."""
        from briefgen.edge.cluster_bundle import facts_bytes
        from briefgen.edge.cluster_task import Shipped, build_shipped

        template, facts, *options = job
        data = None if self.shared_paths else facts_bytes(facts)
        if data is None and not self.shared_paths:
            return job, None
        brief = Shipped(facts, data, template, tuple(options), self.epoch, self.today,
                        self.fingerprint, _here(facts, template), self.shared_paths)
        return job, self.client.submit(build_shipped, brief, bundle, pure=False)

    def _receive(self, job: tuple, future: Any) -> object:
        """A job's result, fetched once the scheduler says it is not too large; a brief the
        cluster could not build (or that waited WORKERS_SECONDS with no worker there) is an
        error at its facts file."""
        from briefgen.edge.cluster_answer import decode
        from briefgen.edge.cluster_task import MAX_RESULT_BYTES

        facts = job[1]
        try:
            if self.lost is None:
                self._await(future)
            if self.lost is not None:
                return BriefgenError([Problem(facts, f"the cluster could not build it: "
                                                     f"{self.lost}")])
            if future.status == "finished":
                size = self.client.nbytes([future.key], summary=False).get(future.key, 0)
                if size > MAX_RESULT_BYTES + (1 << 20):
                    future.cancel()
                    return BriefgenError([Problem(facts, (
                        f"the cluster's answer is {size:,} bytes, more than a brief's files "
                        f"may be ({MAX_RESULT_BYTES:,}); it was not fetched"))])
            return decode(future.result(), facts, job[3])
        except Exception as exc:  # noqa: BLE001 - a worker lost, the scheduler gone...
            return BriefgenError([Problem(facts, f"the cluster could not build it: "
                                                 f"{type(exc).__name__}: {_cut(one_line(exc))}")])
        finally:
            with contextlib.suppress(Exception):
                future.release()

    def _await(self, future: Any) -> None:
        """Wait for a future to be done; once the cluster has had no worker (or its scheduler
        has not answered) for WORKERS_SECONDS, `lost` says so, and every brief still to come
        fails at once: its work would wait for ever."""
        from distributed import wait

        alone_since = None
        while True:
            try:
                wait([future], timeout=POLL_SECONDS)
                return
            except TimeoutError:
                if self._has_workers():
                    alone_since = None
                    continue
                alone_since = alone_since or time.monotonic()
                if time.monotonic() - alone_since > WORKERS_SECONDS:
                    self.lost = (f"no worker for {WORKERS_SECONDS} s (the scheduler has none, "
                                 f"or does not answer)")
                    return

    def _has_workers(self) -> bool:
        """Whether the scheduler answers, within POLL_SECONDS, that it has a worker."""
        return bool(self._threads())

    def _threads(self) -> dict[str, int]:
        """The threads of each worker, as the scheduler says within POLL_SECONDS; none if it
        does not answer."""
        try:
            return dict(self.client.nthreads(callback_timeout=POLL_SECONDS))
        except Exception:  # noqa: BLE001 - no answer, or the client closed
            return {}


def _cut(text: str) -> str:
    """At most DETAIL_CHARS of `text`, cut between words."""
    if len(text) <= DETAIL_CHARS:
        return text
    return text[:DETAIL_CHARS].rsplit(" ", 1)[0] + " ..."


def _here(facts: str, template: str | None) -> tuple[str, str | None, str | None]:
    """The facts file and the template as absolute paths, and the template's folder resolved
    (the paths a worker's problems are turned back from)."""
    if template is None:
        return os.path.abspath(facts), None, None
    folder = template if os.path.isdir(template) else os.path.dirname(template) or "."
    return os.path.abspath(facts), os.path.abspath(template), os.path.realpath(folder)
