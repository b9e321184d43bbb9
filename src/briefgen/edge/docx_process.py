"""A second process that writes the DOCX while this one writes the PDF.

The command line starts it for a build of one brief in both formats, before it imports anything
heavy: the child imports python-docx (and makes the theme's styled skeleton) while the parent
imports Jinja2 and reportlab and fits the brief, then writes the DOCX of the laid-out brief
while the parent draws the PDF. Without fork, on one core, with `--jobs 1`, or if the child fails in
any way, the DOCX is written in this process instead; the bytes are the same either way.

Messages are pickled, each preceded by its length: to the child `("theme", theme)` and
`("write", laid_out)` (a `LaidOut`, pickled without the PDF's flowables); back `("ok", bytes)`
or `("error", exception)`.
"""

from __future__ import annotations

import os
import pickle
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING

from briefgen.edge.lifeline import die_with_parent

if TYPE_CHECKING:  # imported by the command line before anything heavy: keep it light
    from briefgen.design.theme import Theme
    from briefgen.layout.laid_out import LaidOut

_LENGTH = struct.Struct("<Q")


def available() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def _send(fd: int, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int) -> object | None:
    """The next message, or None when the other end is closed (or dead)."""

    def exactly(n: int) -> bytes | None:
        chunks, left = [], n
        while left:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    head = exactly(_LENGTH.size)
    body = exactly(_LENGTH.unpack(head)[0]) if head is not None else None
    return pickle.loads(body) if body is not None else None


def _serve(inbox: int, outbox: int) -> None:
    """The child: write each DOCX asked for until the parent closes the pipe; never returns."""
    code = 0
    try:
        from briefgen.writers import docx

        while (message := _receive(inbox)) is not None:
            kind, *args = message
            if kind == "theme":
                docx.prepare(*args)
                continue
            try:
                reply: tuple = ("ok", docx.write(*args))
            except Exception as exc:  # noqa: BLE001 - raised again in the parent
                reply = ("error", exc)
            _send(outbox, reply)
    except BaseException:  # noqa: BLE001 - the parent sees the pipe close and writes it itself
        code = 1
    finally:
        os._exit(code)


class DocxProcess:
    """The child process and the two pipes to it. Use as a context manager."""

    def __init__(self) -> None:
        inbox, self._to_child = os.pipe()
        self._from_child, outbox = os.pipe()
        parent = os.getpid()
        self._pid = os.fork()
        if self._pid == 0:
            die_with_parent(parent)  # a killed command leaves no DOCX process behind
            os.close(self._to_child)
            os.close(self._from_child)
            _serve(inbox, outbox)
        os.close(inbox)
        os.close(outbox)
        self._alive = True

    def __enter__(self) -> DocxProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ask(self, message: tuple) -> bool:
        if self._alive:
            try:
                _send(self._to_child, message)
            except OSError:  # the child has gone
                self._alive = False
        return self._alive

    def prepare(self, theme: Theme) -> None:
        """Let the child make this theme's skeleton while the parent fits the brief."""
        self._ask(("theme", theme))

    def start(self, laid_out: LaidOut) -> Callable[[], bytes]:
        """Start writing the DOCX; the function returned gives its bytes when it is done."""
        asked = self._ask(("write", laid_out))

        def result() -> bytes:
            reply = _receive(self._from_child) if asked else None
            if reply is None:  # the child failed: write it here
                from briefgen.writers import docx

                self._alive = False
                return docx.write(laid_out)
            kind, value = reply
            if kind == "error":
                raise value
            return value

        return result

    def close(self) -> None:
        """Close the pipes (the child then exits) and wait for the child."""
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass
