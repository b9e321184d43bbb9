"""The user's cache folder: what a fresh process would otherwise make again, as Python keeps its
bytecode (compiled templates, the DOCX writer's styled skeletons).

The folder is $BRIEFGEN_CACHE_DIR, else $XDG_CACHE_HOME/briefgen, else ~/.cache/briefgen;
BRIEFGEN_CACHE_DIR=off (in any case) turns caching off. Each kind of entry has its own subfolder,
named after everything its entries depend on (versions, options, the code that makes them), so no build
uses an entry made for another. A cache is never a reason for a build to fail: a folder that
cannot be read or written only means nothing is kept.

Entries hold compiled code, so none may come from a file another user could have written. A
path checked first and opened afterwards is not enough (a folder on the way can be swapped in
between), so every entry is reached through descriptors: each folder from `/` down is opened
relative to the one above it, without following a symbolic link, and checked through its own
descriptor (`trusted_folder`); the entry is opened relative to the last one and checked through
its descriptor too (`trusted_entry`) before a byte is read. What was checked is what is read.
Where the system offers no such descriptors (Windows), nothing is cached.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from pathlib import Path

from briefgen import __version__

# Folders are opened as folders, never through a symbolic link, and not inherited by children.
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
# An entry: never through a symbolic link, and without waiting on a FIFO put in its place.
_ENTRY = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) \
    | getattr(os, "O_NONBLOCK", 0)
SUPPORTED = (hasattr(os, "getuid") and hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY")
             and os.open in os.supports_dir_fd)


def digest(*parts: str | bytes) -> str:
    """A short hex digest of the parts, for naming folders and entries."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        hashed.update(b"\0")
    return hashed.hexdigest()[:16]


def root() -> Path | None:
    """The user's cache folder, or None when caching is off. Symbolic links in the user's own
    setting (a home folder that is a link, say) are resolved here, once; below it, a link is
    never followed."""
    where = os.environ.get("BRIEFGEN_CACHE_DIR", "")
    if where.strip().lower() == "off" or not SUPPORTED:  # OFF, Off: as BRIEFGEN_SPEEDUPS
        return None
    if not where:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        where = os.path.join(base, "briefgen")
    return Path(os.path.realpath(where))


def folder(kind: str, *depends: str | bytes) -> Path | None:
    """The folder for entries of this kind, which depend on `depends` (and on briefgen's
    version); None when caching is off. Which folders a process uses, and the switch that turns
    them off for a build, are `briefgen.caches.Caches`'s (`disk_folder`)."""
    base = root()
    return None if base is None else base / f"{kind}-{digest(__version__, *depends)}"


def trusted_folder(status: os.stat_result) -> bool:
    """Can no other user change what this folder holds? It must be a folder owned by this user
    or by root and writable by no one else, unless it is root's and sticky (as /tmp is: others
    may add their own files there, but not rename or remove anyone else's)."""
    if not stat.S_ISDIR(status.st_mode) or status.st_uid not in (os.getuid(), 0):
        return False
    if not status.st_mode & 0o022:
        return True
    return status.st_uid == 0 and bool(status.st_mode & stat.S_ISVTX)


def trusted_entry(status: os.stat_result) -> bool:
    """Is this entry a regular file of this user's that no one else may write?"""
    return (stat.S_ISREG(status.st_mode) and status.st_uid == os.getuid()
            and not status.st_mode & 0o022)


def open_folder(path: Path, create: bool = False) -> int | None:
    """A descriptor of the folder `path`, reached one folder at a time from `/` and each checked
    through its own descriptor (`trusted_folder`); None if one is missing (with `create`,
    missing folders are made, private) or is not trusted, or is a symbolic link. The caller
    closes it."""
    parts = Path(os.path.abspath(path)).parts
    fd: int | None = None
    try:
        for name in parts:
            parent, fd = fd, None
            fd = _open_child(parent, name, create)
            if not trusted_folder(os.fstat(fd)):
                raise PermissionError(f"{path}: another user could change it")
        return fd
    except OSError:
        if fd is not None:
            os.close(fd)
        return None


def _open_child(parent: int | None, name: str, create: bool) -> int:
    """The folder `name` inside the folder `parent` (which this closes; None for the root),
    made if missing and `create`."""
    try:
        try:
            return os.open(name, _FOLDER, dir_fd=parent)
        except FileNotFoundError:
            if not create or parent is None:
                raise
        try:
            os.mkdir(name, 0o700, dir_fd=parent)
        except FileExistsError:
            pass
        return os.open(name, _FOLDER, dir_fd=parent)
    finally:
        if parent is not None:
            os.close(parent)


def read(path: Path) -> bytes | None:
    """An entry's bytes, read through the descriptor that was checked; None if there is none,
    or if it or a folder on its way could have been written by another user."""
    folder_fd = open_folder(path.parent)
    if folder_fd is None:
        return None
    try:
        entry = os.open(path.name, _ENTRY, dir_fd=folder_fd)
    except OSError:
        return None
    finally:
        os.close(folder_fd)
    with os.fdopen(entry, "rb") as handle:
        try:
            return handle.read() if trusted_entry(os.fstat(entry)) else None
        except OSError:
            return None


def write(path: Path, data: bytes) -> None:
    """Write an entry whole or not at all: to a temporary file of this user's alone, renamed
    into place, both inside the checked folder's descriptor."""
    folder_fd = open_folder(path.parent, create=True)
    if folder_fd is None:
        return
    temporary = f".{secrets.token_hex(8)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _ENTRY, 0o600,
                     dir_fd=folder_fd)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path.name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
    except OSError:
        try:
            os.unlink(temporary, dir_fd=folder_fd)
        except OSError:
            pass
    finally:
        os.close(folder_fd)


def delete(kinds: tuple[str, ...]) -> None:
    """Delete the folders of these kinds in the user's cache folder (only those: another
    program's folders there stay), without following a symbolic link out of it."""
    import shutil

    top = root()
    if top is None or not top.is_dir():
        return
    for entry in os.scandir(top):
        if entry.name.startswith(tuple(f"{kind}-" for kind in kinds)) \
                and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
