"""Child processes end with their parent (tests/test_cli.py kills real batches)."""

from __future__ import annotations

import os

from briefgen.edge import lifeline


def test_a_child_whose_parent_is_already_gone_ends_at_once() -> None:
    """The race prctl leaves open: the parent died between the fork and the request. The child
    sees another parent than the one it was forked by, and ends."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            lifeline.die_with_parent(os.getppid() + 1_000_000)  # a pid that is not its parent
        finally:
            os._exit(0)  # reached only if it did not end
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1


def test_a_child_of_a_living_parent_lives_on() -> None:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            lifeline.die_with_parent(os.getppid())
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
