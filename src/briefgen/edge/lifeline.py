"""Child processes end when their parent does.

A `-j` batch's workers and the process that writes the DOCX are forked children of the command.
If the command is killed (SIGKILL cannot be caught, and SIGTERM's default is to die at once), a
child waiting for work would otherwise live on, idle and holding its memory, for ever.

On Linux the kernel is asked to kill the child when its parent dies (prctl PR_SET_PDEATHSIG);
elsewhere, or if that fails, a thread in the child polls for its parent. Either way the child
then checks that the parent it was forked by is still there, in case it died in between.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
POLL_SECONDS = 0.5  # how often the fallback looks for the parent


def die_with_parent(parent: int) -> None:
    """Run first in a forked child: from now on, end this process when `parent` (the pid that
    forked it) ends."""
    if not _ask_the_kernel():
        threading.Thread(target=_watch, args=(parent,), name="lifeline", daemon=True).start()
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def _ask_the_kernel() -> bool:
    """Have the kernel send SIGKILL to this process when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # no C library to call, or no prctl in it
        return False


def _watch(parent: int) -> None:
    """End the process once its parent has gone (an orphan is adopted: its parent pid changes)."""
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
