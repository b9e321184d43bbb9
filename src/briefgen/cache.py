"""The user's cache folder: what a fresh process would otherwise make again, as Python keeps its
bytecode (compiled templates, the DOCX writer's styled skeletons).

The folder is $BRIEFGEN_CACHE_DIR, else $XDG_CACHE_HOME/briefgen, else ~/.cache/briefgen;
BRIEFGEN_CACHE_DIR=off turns caching off. Each kind of entry has its own subfolder, named after
everything its entries depend on (versions, options, the code that makes them), so no build
uses an entry made for another. Folders are made readable by their user only, and an entry in a
folder that others can write to is not read. A cache is never a reason for a build to fail: a
folder that cannot be read or written only means nothing is kept.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from briefgen import __version__


def digest(*parts: str | bytes) -> str:
    """A short hex digest of the parts, for naming folders and entries."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        hashed.update(b"\0")
    return hashed.hexdigest()[:16]


def folder(kind: str, *depends: str | bytes) -> Path | None:
    """The folder for entries of this kind, which depend on `depends` (and on briefgen's
    version); None when caching is off."""
    root = os.environ.get("BRIEFGEN_CACHE_DIR", "")
    if root == "off":
        return None
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "briefgen")
    return Path(root) / f"{kind}-{digest(__version__, *depends)}"


def private(folder: Path) -> bool:
    """Is the folder this user's alone? Entries hold compiled code, so one that another user
    could have written is never read."""
    try:
        status = folder.stat()
    except OSError:
        return False
    if not hasattr(os, "getuid"):  # Windows: the folder's permissions are the system's business
        return True
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def read(path: Path) -> bytes | None:
    """An entry's bytes; None if there is none, or if its folder is not private."""
    if not private(path.parent):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def write(path: Path, data: bytes) -> None:
    """Write an entry whole or not at all (to a temporary file, renamed into place)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError:
        pass
