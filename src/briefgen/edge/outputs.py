"""Writing the outputs: all of a brief's files or none, each with the mode it should have.

The command line hands over the bytes of every file a brief makes; they are written to
temporary files beside their targets and renamed into place only when all are written, so a
failed build leaves any existing file of the same name untouched.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def write_all(outputs: dict[Path, bytes], remove: list[Path] | None = None) -> None:
    """Write each output to a temporary file beside its target, and only when all are written,
    rename them into place, then delete the files of `remove` (a brief's old page pictures,
    `page_files.stale`). A symlink at a target is replaced, never written through; on failure
    no temporary file is left behind. Each file gets the mode `_create_beside` gives. A
    device, pipe or socket at a target is never replaced (run as root, a rename over
    `/dev/null` would make it a plain file): nothing is written."""
    for target in outputs:
        if target.is_dir() and not target.is_symlink():
            raise OSError(f"{target} is a folder")
        try:
            mode = os.lstat(target).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode) or stat.S_ISDIR(mode)):
            raise OSError(f"{target} is not a regular file (a device, a pipe or a socket)")
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in outputs.items():
            fd, temporary = _create_beside(target)
            staged.append((temporary, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        while staged:
            temporary, target = staged[0]
            os.replace(temporary, target)
            staged.pop(0)
        for path in remove or ():
            path.unlink(missing_ok=True)
    finally:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)


def _create_beside(target: Path) -> tuple[int, str]:
    """A new, empty temporary file in target's folder, open for writing, and its path.

    Its mode is what the output's should be: an existing file's mode when it replaces one (a
    private 0600 brief stays private), else 0666 less the umask, as for any new file. The
    kernel applies the umask, so it is never read (reading it means setting it)."""
    try:
        existing = os.lstat(target)
    except FileNotFoundError:
        existing = None
    for _ in range(100):
        temporary = str(target.parent / f".{target.name}.{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        if existing is not None and stat.S_ISREG(existing.st_mode):
            try:
                os.fchmod(fd, stat.S_IMODE(existing.st_mode) & 0o777)
            except BaseException:
                os.close(fd)
                os.unlink(temporary)
                raise
        return fd, temporary
    raise FileExistsError(f"no free temporary name beside {target}")
