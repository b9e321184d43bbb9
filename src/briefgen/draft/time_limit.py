"""The time bound of one draft: no article, however built, keeps `briefgen draft` busy for
more than `MAX_SECONDS`.

A SIGALRM raises `TimeUp` in the main thread; Python code (the regular expressions included,
which check for signals as they run) stops there. lxml's parser, in C, does not: a web page is
parsed in a child process that is killed at the same deadline (`web_page`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

MAX_SECONDS = 20


class TimeUp(BaseException):
    """Raised by the alarm; a BaseException, so no library's `except Exception` hides it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise `TimeUp` in the block after `seconds` (in the main thread, where signals are
    delivered; elsewhere the size bounds alone apply)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
            signal, "setitimer"):
        yield
        return

    def ring(signum: int, frame: object) -> None:
        raise TimeUp

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
