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
a time. The other files of a folder watched whole are looked at every `SCAN_INTERVAL` (idle,
4,900 of them cost some 5% of a core, against 30 to 55% polled every 5 ms). Nothing briefgen
writes is a change: its outputs are left out however they are spelled, and a folder's own time,
which every file written in it moves, only makes its files be looked at again.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

INTERVAL = 0.005  # seconds between two polls of the files the briefs read: 5 ms, cheap
SCAN_INTERVAL = 0.5  # seconds between two looks at every other file of a folder watched whole
SETTLE = 0.002  # seconds between the polls that wait for a change to end: an editor's writes
MOST_SETTLE = 0.5  # seconds a change may go on changing before it is built anyway
MOST_FILES = 5_000  # files watched in a folder: a huge folder is watched in part, not hung on

State = tuple[int, int, int, int, bool] | None  # inode, size, mtime, ctime, a folder?; absent
Snapshot = dict[str, State]


@dataclass(frozen=True)
class Watched:
    """What to watch: files by path (the files the briefs read: polled every INTERVAL), and
    folders whose every file is watched (looked at every SCAN_INTERVAL, or at once when the
    folder itself changes; hidden files, an editor's swap and backup files, and the `ignored`
    paths, the outputs, left out). Paths are compared absolute and normalised (`memo.pdf` is
    `./memo.pdf`), and an output is also known by the path its links lead to."""

    files: tuple[str, ...]
    folders: tuple[str, ...] = ()
    ignored: frozenset[str] = frozenset()

    def paths(self) -> list[str]:
        """The files to stat now, and the folders themselves (a file added, removed or renamed
        in one changes the folder): the files a folder holds now, found again at each change."""
        found = dict.fromkeys(self.fast())
        seen = {_key(path) for path in found}
        ignored = self._ignored()
        names = {os.path.basename(key) for key in seen | ignored}  # the only names to look at
        for folder in self.folders:
            real = _real(folder)
            for path, name in _files_in(folder, MOST_FILES - len(found)):
                if name in names:
                    key = _key(path)
                    if key in seen or key in ignored or _beside(real, folder, path) in ignored:
                        continue
                    seen.add(key)
                found[path] = None
        return list(found)

    def fast(self) -> list[str]:
        """What is polled every INTERVAL: the files read and the folders watched whole, each
        once however it is spelled."""
        found: dict[str, str] = {}
        for path in (*self.files, *self.folders):
            found.setdefault(_key(path), path)
        return list(found.values())

    def _ignored(self) -> set[str]:
        return {key for path in self.ignored for key in (_key(path), _real(path))}


def _key(path: str) -> str:
    """A path absolute and normalised, without touching the disk (links are not followed)."""
    return os.path.normpath(os.path.abspath(path))


def _real(path: str) -> str:
    """The path a path's links lead to (a link loop is left as it is: never an error)."""
    try:
        return os.path.realpath(path)
    except (OSError, RuntimeError, ValueError):
        return _key(path)


def _beside(real_folder: str, folder: str, path: str) -> str:
    """`path`, found under `folder`, spelled from the folder's real path."""
    return os.path.normpath(os.path.join(real_folder, os.path.relpath(path, folder)))


def _files_in(folder: str, most: int) -> Iterable[tuple[str, str]]:
    """The files and folders under `folder` (at most `most`), but for hidden ones and editors'
    backups, without following links to folders: each path and its name."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        prefix = root if root.endswith(os.sep) else root + os.sep
        for name in [*dirs, *sorted(files)]:
            if most <= 0:
                return
            if not name.startswith(".") and not name.endswith(("~", ".swp", ".tmp")):
                most -= 1
                yield prefix + name, name


def state(path: str) -> State:
    """What a path is now: inode, size, modification and change times (ns), a folder or not;
    None if absent (or unreadable: a link that leads nowhere, or round in a loop)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns,
            stat.S_ISDIR(info.st_mode))


def snapshot(watched: Watched) -> Snapshot:
    """The state of every watched path now."""
    return {path: state(path) for path in watched.paths()}


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """The files whose state differs (a file in one snapshot only has changed). A folder is not
    a change itself: its time changes when a file is written in it, an output too; a file
    added, removed or changed in it is."""
    return [p for p in dict.fromkeys([*before, *after])
            if before.get(p) != after.get(p) and (_file(before.get(p)) or _file(after.get(p)))]


def _file(found: State) -> bool:
    return found is not None and not found[4]


def wait(watched: Watched, before: Snapshot) -> tuple[Snapshot, list[str]]:
    """Block until a watched file differs from `before` and has settled; the new snapshot and
    the files that changed."""
    poller = _Poller(watched, before)
    paths = poller.changes(poller.poll(whole=not before))
    while not paths:
        time.sleep(INTERVAL)
        paths = poller.changes(poller.poll())
    now = dict(poller.now)
    deadline = time.monotonic() + MOST_SETTLE
    while time.monotonic() < deadline:
        time.sleep(SETTLE)
        poller.poll(paths)
        if poller.now == now and not _emptied(before, now):
            break
        now = dict(poller.now)
        paths = changed(before, now)
    return now, changed(before, now)


def _emptied(before: Snapshot, now: Snapshot) -> bool:
    """Has a file that changed just been emptied? Then it is most likely being written (a
    truncate, then a write that has not come yet): it is waited for, up to MOST_SETTLE."""
    return any(_file(state) and state[1] == 0 and before.get(path) != state
               for path, state in now.items())


class _Poller:
    """Snapshots taken cheaply: each poll stats the files read and the folders watched whole
    (and the files `also` named), and looks at every file of the folders only every
    SCAN_INTERVAL or when a folder itself changed (a file added, removed or renamed in it), so
    a folder of thousands of files costs little while nothing happens."""

    def __init__(self, watched: Watched, before: Snapshot) -> None:
        self.watched, self.before, self.now = watched, before, dict(before)
        self.fast = watched.fast()
        self.folders = {f: before.get(f) for f in watched.folders}
        self.scanned = time.monotonic()

    def poll(self, also: Iterable[str] = (), whole: bool = False) -> bool:
        """Bring `now` up to date; True if every file of the folders was looked at."""
        now = self.now
        for path in (*self.fast, *also):
            now[path] = state(path)
        folders = {f: now[f] for f in self.folders}
        if whole or folders != self.folders or time.monotonic() - self.scanned >= SCAN_INTERVAL:
            polled = {path: now[path] for path in self.fast}
            self.now = {path: polled[path] if path in polled else state(path)
                        for path in self.watched.paths()}
            self.folders, self.scanned = folders, time.monotonic()
            return True
        return False

    def changes(self, everything: bool) -> list[str]:
        """The files changed since `before`: all of them after a look at every file, else
        among those polled (cheap: the folders' thousands of files are not compared)."""
        if everything:
            return changed(self.before, self.now)
        return changed({p: self.before.get(p) for p in self.fast},
                       {p: self.now.get(p) for p in self.fast})


def same_file(path: str, paths: Iterable[str]) -> bool:
    """Is `path` one of `paths`, however each is spelled?"""
    return _key(path) in {_key(other) for other in paths}


def under(path: str, folder: Path) -> bool:
    """Is `path` inside `folder` (after their links: a link loop is never an error)?"""
    inside, outside = _real(str(path)), _real(str(folder))
    return inside == outside or inside.startswith(outside.rstrip(os.sep) + os.sep)
