"""Noticing that files changed: what `briefgen watch` waits on between builds.

In: the files a build read (facts, template files, theme, audiences, logo, fonts) and folders to
watch whole (a template folder of the user's). Out: once one of them changes, and has stopped
changing, the paths that changed.

It polls with `os.stat` every `INTERVAL`: a file's state is its inode, size, and modification
and change times in nanoseconds, or its absence, so a save by rename (vim, VS Code: a new inode),
a truncate and write, and a file deleted then made again are all seen, on any file system
(network and container mounts too, where inotify is silent). Measured on a rename-save (20
saves, both with a 5 ms quiet wait): polling every 5 ms saw it after 7.4 ms (median, 9.8 at
most), inotify through the watchfiles library after 6.5 ms (9.1 at most): a millisecond, not
worth a dependency. A change is reported once a poll `SETTLE` later finds nothing new (the
writes of one save come microseconds apart, so a truncate and its writes are one change; a file
just emptied is waited for until it has text, as its write is surely on its way), or after
`MOST_SETTLE` of changes that go on, so a file rewritten in a loop still gets a build, one at
a time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

INTERVAL = 0.005  # seconds between two polls while nothing changes: under 2% of a core
SETTLE = 0.002  # seconds between the polls that wait for a change to end: an editor's writes
MOST_SETTLE = 0.5  # seconds a change may go on changing before it is built anyway
MOST_FILES = 5_000  # files watched in a folder: a huge folder is watched in part, not hung on

State = tuple[int, int, int, int] | None
Snapshot = dict[str, State]


@dataclass(frozen=True)
class Watched:
    """What to watch: files by path, and folders whose every file is watched (hidden files, an
    editor's swap and backup files, and the `ignored` paths, the outputs, left out)."""

    files: tuple[str, ...]
    folders: tuple[str, ...] = ()
    ignored: frozenset[str] = frozenset()

    def paths(self) -> list[str]:
        """The files to stat now, and the folders themselves (a file added, removed or renamed
        in one changes the folder): the files a folder holds now, found again at each change."""
        found = dict.fromkeys(self.files)
        for folder in self.folders:
            found[folder] = None
            for path in _files_in(folder, MOST_FILES - len(found)):
                if path not in self.ignored:
                    found[path] = None
        return list(found)


def _files_in(folder: str, most: int) -> Iterable[str]:
    """The files and folders under `folder` (at most `most`), but for hidden ones and editors'
    backups, without following links to folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [*dirs, *sorted(files)]:
            if most <= 0:
                return
            if not name.startswith(".") and not name.endswith(("~", ".swp", ".tmp")):
                most -= 1
                yield os.path.join(root, name)


def state(path: str) -> State:
    """What a file is now: inode, size, modification and change times (ns); None if absent."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def snapshot(watched: Watched) -> Snapshot:
    """The state of every watched path now."""
    return {path: state(path) for path in watched.paths()}


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """The paths whose state differs (a path in one snapshot only has changed)."""
    return [p for p in dict.fromkeys([*before, *after]) if before.get(p) != after.get(p)]


def wait(watched: Watched, before: Snapshot) -> tuple[Snapshot, list[str]]:
    """Block until a watched path differs from `before` and has settled; the new snapshot and
    the paths that changed (files, not the folders holding them, unless only folders did)."""
    now = _current(watched, before)
    while not changed(before, now):
        time.sleep(INTERVAL)
        now = _current(watched, before)
    deadline = time.monotonic() + MOST_SETTLE
    while time.monotonic() < deadline:
        time.sleep(SETTLE)
        again = _current(watched, now)
        if again == now and not _emptied(before, now):
            break
        now = again
    paths = changed(before, now)
    files = [p for p in paths if not os.path.isdir(p)]
    return now, files or paths


def _emptied(before: Snapshot, now: Snapshot) -> bool:
    """Has a file that changed just been emptied? Then it is most likely being written (a
    truncate, then a write that has not come yet): it is waited for, up to MOST_SETTLE."""
    return any(state is not None and state[1] == 0 and before.get(path) != state
               for path, state in now.items())


def _current(watched: Watched, last: Snapshot) -> Snapshot:
    """A new snapshot: the same paths as `last` (cheap), and the folders' files found again
    when a folder has changed."""
    now = {path: state(path) for path in last}
    if any(now.get(f) != last.get(f) for f in watched.folders) or not last:
        now = snapshot(watched)
    return now


def under(path: str, folder: Path) -> bool:
    """Is `path` inside `folder`?"""
    try:
        Path(path).resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
