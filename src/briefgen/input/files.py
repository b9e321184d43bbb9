"""Reading a file the user names (facts, themes, audiences, templates): regular files only, and
never more of one than a limit.

A file is opened without blocking and checked with fstat before anything is read, so a pipe, a
socket or a device (`/dev/zero`) is refused at once: a read can neither wait for a writer for ever
nor run on without end. What is checked is what is read, even if the path is swapped meanwhile.
"""

from __future__ import annotations

import os
import stat

LIMIT = 1024 * 1024  # bytes: a theme, an audience or a template is a few KB
# O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """A pipe, a socket or a device where a file was expected."""

    def __init__(self) -> None:
        super().__init__("not a regular file (a pipe, a socket or a device)")


class TooLarge(OSError):
    """A file over its limit."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"the file is {size:,} bytes; the limit is {limit:,} bytes")
        self.size, self.limit = size, limit


def read_regular(path: str | os.PathLike[str], limit: int) -> tuple[bytes, int]:
    """At most `limit` + 1 bytes of a regular file, and the file's size. Raises
    IsADirectoryError for a folder and `NotRegularFile` for anything else that is not a file."""
    fd = os.open(path, _FLAGS)
    with open(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(os.fspath(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile()
        os.set_blocking(fd, True)
        return handle.read(limit + 1), os.fstat(fd).st_size


def read_bytes(path: str | os.PathLike[str], limit: int) -> bytes:
    """A regular file of at most `limit` bytes. Raises OSError (`TooLarge` and `NotRegularFile`
    among them)."""
    data, size = read_regular(path, limit)
    if len(data) > limit:
        raise TooLarge(size, limit)
    return data


def read_text(path: str | os.PathLike[str], limit: int = LIMIT) -> str:
    """A regular file of at most `limit` bytes, as UTF-8 text. Raises OSError (`TooLarge`,
    `NotRegularFile` among them) or UnicodeDecodeError."""
    return read_bytes(path, limit).decode("utf-8")


def reason(exc: OSError | UnicodeDecodeError) -> str:
    """Why a file could not be read, in words, without the path (the message names it)."""
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return exc.strerror.lower() if exc.strerror else str(exc)
