"""Time limits for tests of inputs that once hung or ran for minutes.

A test that would hang is stopped (SIGALRM raises in the main thread, interrupting even a
blocking open or read) instead of stalling the suite, and so fails on the old code at once.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Iterator


@contextlib.contextmanager
def wall_seconds_at_most(limit: float) -> Iterator[None]:
    """Raise TimeoutError inside the block once it has run for `limit` seconds."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {limit} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def cpu_seconds_at_most(limit: float) -> Iterator[None]:
    """Fail if the block uses more than `limit` seconds of CPU (the load of other processes
    does not count); a block that hangs is stopped after ten times that, wall clock."""
    start = time.process_time()
    with wall_seconds_at_most(10 * limit):
        yield
    used = time.process_time() - start
    assert used < limit, f"took {used:.2f} s of CPU"
