"""The cache reads an entry only from a file and folders no other user could have written, and
reads it through the descriptors it checked: a writable file or folder anywhere on the way, a
symbolic link, a FIFO or a folder swapped after its check never leads it to read other bytes.
(Entries hold compiled template code: reading one runs it.)"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from briefgen import disk_cache as cache

UID = os.getuid()
OTHER = UID + 1 if UID else 65534  # a user id that is neither this user's nor root's


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache folder, set for this test (not made yet)."""
    where = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(where))
    return where


def entry_path() -> Path:
    where = cache.folder("kind", "dependency")
    assert where is not None
    return where / "entry.bin"


def make_by_hand(path: Path, data: bytes, mode: int = 0o600) -> None:
    """An entry and its folders made without the cache (which would refuse to write some of
    them), private unless changed afterwards."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(mode)


def test_an_entry_is_written_privately_and_read_back(root):
    path = entry_path()
    cache.write(path, b"compiled")
    assert cache.read(path) == b"compiled"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert sorted(p.name for p in path.parent.iterdir()) == ["entry.bin"]  # no temporary left


def test_a_missing_entry_reads_as_none(root):
    assert cache.read(entry_path()) is None
    assert not root.exists()  # reading makes no folder


@pytest.mark.parametrize("mode", [0o666, 0o622, 0o620, 0o602])
def test_an_entry_others_can_write_is_not_read(root, mode):
    path = entry_path()
    cache.write(path, b"compiled")
    path.chmod(mode)
    assert path.parent.stat().st_mode & 0o022 == 0  # its folder is private
    assert cache.read(path) is None


@pytest.mark.parametrize("writable", ["root's parent", "root", "kind folder"])
def test_an_entry_under_a_folder_others_can_write_is_neither_read_nor_written(
        tmp_path, monkeypatch, writable):
    shared = tmp_path / "shared"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(shared / "cache"))
    path = entry_path()
    make_by_hand(path, b"planted")
    shared.chmod(0o700)
    folder = {"root's parent": shared, "root": shared / "cache", "kind folder": path.parent}
    folder[writable].chmod(0o777)  # world-writable, not sticky
    assert cache.read(path) is None
    cache.write(path, b"new")
    assert path.read_bytes() == b"planted"  # nothing written through it either


def test_an_entry_under_a_world_writable_sticky_folder_of_roots_is_read(tmp_path, monkeypatch):
    """/tmp is such a folder: others may add files to it but not move anyone else's. (/tmp
    itself, checked on the way to every test's folder, is the real case; root's sticky folder
    is checked by its status below, as a test may not run as root.)"""
    assert cache.trusted_folder(fake(stat.S_IFDIR | stat.S_ISVTX | 0o777, uid=0))
    assert not cache.trusted_folder(fake(stat.S_IFDIR | stat.S_ISVTX | 0o777, uid=OTHER))
    assert not cache.trusted_folder(fake(stat.S_IFDIR | 0o777, uid=0))  # not sticky
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    path = entry_path()
    cache.write(path, b"compiled")
    assert cache.read(path) == b"compiled"


def fake(mode: int, uid: int = UID) -> os.stat_result:
    """A status as fstat gives it, with this mode and owner."""
    return os.stat_result((mode, 1, 1, 1, uid, 0, 0, 0, 0, 0))


@pytest.mark.parametrize("status, trusted", [
    (fake(stat.S_IFDIR | 0o700), True),
    (fake(stat.S_IFDIR | 0o755), True),
    (fake(stat.S_IFDIR | 0o755, uid=0), True),  # /, /home: root's
    (fake(stat.S_IFDIR | 0o755, uid=OTHER), False),  # another user's: they may swap what it holds
    (fake(stat.S_IFDIR | 0o700, uid=OTHER), False),
    (fake(stat.S_IFDIR | 0o770), False),  # group-writable
    (fake(stat.S_IFDIR | 0o707), False),
    (fake(stat.S_IFDIR | stat.S_ISVTX | 0o777, uid=OTHER), False),  # sticky, but not root's
    (fake(stat.S_IFREG | 0o700), False),
])
def test_which_folders_are_trusted(status, trusted):
    assert cache.trusted_folder(status) is trusted


@pytest.mark.parametrize("status, trusted", [
    (fake(stat.S_IFREG | 0o600), True),
    (fake(stat.S_IFREG | 0o644), True),
    (fake(stat.S_IFREG | 0o600, uid=OTHER), False),
    (fake(stat.S_IFREG | 0o600, uid=0), UID == 0),  # root's: only when root reads it
    (fake(stat.S_IFREG | 0o660), False),
    (fake(stat.S_IFREG | 0o666), False),
    (fake(stat.S_IFIFO | 0o600), False),
    (fake(stat.S_IFDIR | 0o700), False),
])
def test_which_entries_are_trusted(status, trusted):
    assert cache.trusted_entry(status) is trusted


def test_a_symlinked_entry_is_not_read(root, tmp_path):
    path = entry_path()
    cache.write(path, b"compiled")
    make_by_hand(tmp_path / "elsewhere" / "real.bin", b"linked")
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere" / "real.bin")
    assert cache.read(path) is None


def test_a_symlinked_folder_inside_the_cache_is_not_read(root, tmp_path):
    path = entry_path()
    make_by_hand(tmp_path / "elsewhere" / path.name, b"linked")
    root.mkdir(mode=0o700)
    path.parent.symlink_to(tmp_path / "elsewhere")
    assert cache.read(path) is None
    cache.write(path, b"new")
    assert (tmp_path / "elsewhere" / path.name).read_bytes() == b"linked"


def test_a_symlinked_cache_setting_is_resolved_once(tmp_path, monkeypatch):
    """The user's own setting may lead through a link (a home folder that is one); it is
    resolved when the folder is named, and below it no link is followed."""
    (tmp_path / "real").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "link" / "cache"))
    path = entry_path()
    assert path.is_relative_to(tmp_path / "real")
    cache.write(path, b"compiled")
    assert cache.read(path) == b"compiled"


def test_a_fifo_in_place_of_an_entry_neither_blocks_nor_is_read(root):
    path = entry_path()
    cache.write(path, b"compiled")
    path.unlink()
    os.mkfifo(path, 0o600)
    result: list[bytes | None] = []
    reader = threading.Thread(target=lambda: result.append(cache.read(path)), daemon=True)
    reader.start()
    reader.join(5)
    assert result == [None]


def test_a_folder_swapped_after_its_check_is_not_what_is_read(root, tmp_path, monkeypatch):
    """The attack of the finding: the entry's folder is checked, then swapped (as
    renameat2(RENAME_EXCHANGE) would) before the entry is opened. The read must still return
    the bytes of the folder that was checked: it goes on from the checked descriptor."""
    path = entry_path()
    cache.write(path, b"checked")
    swapped_in = tmp_path / "swapped-in"
    make_by_hand(swapped_in / path.name, b"swapped in")
    checked_inode = path.parent.stat().st_ino
    swaps = []

    def swap_once_checked(real):
        def hooked(target, *args, **kwargs):
            status = real(target, *args, **kwargs)
            if status.st_ino == checked_inode and not swaps:  # the folder has just been checked
                path.parent.rename(tmp_path / "moved-away")
                swapped_in.rename(path.parent)
                swaps.append(target)
            return status
        return hooked

    monkeypatch.setattr(os, "stat", swap_once_checked(os.stat))
    monkeypatch.setattr(os, "fstat", swap_once_checked(os.fstat))
    assert cache.read(path) == b"checked"
    assert swaps  # the swap did happen, between the check and the read
    assert path.read_bytes() == b"swapped in"


def test_every_folder_from_the_root_down_is_checked(root, monkeypatch):
    """Each folder on the way is checked through its own descriptor: one check per folder of
    the path, from `/`."""
    path = entry_path()
    cache.write(path, b"compiled")
    checked: list[os.stat_result] = []
    real = cache.trusted_folder
    monkeypatch.setattr(cache, "trusted_folder", lambda s: checked.append(s) or real(s))
    assert cache.read(path) == b"compiled"
    expected = [Path(*path.parent.parts[:i + 1]).stat() for i in range(len(path.parent.parts))]
    assert [(s.st_dev, s.st_ino) for s in checked] == [(s.st_dev, s.st_ino) for s in expected]


def test_the_root_follows_the_settings_and_holds_every_kind(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")
    assert cache.root() is None and cache.folder("kind") is None
    monkeypatch.delenv("BRIEFGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.root() == tmp_path / "xdg" / "briefgen"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.root() == tmp_path / "mine"
    assert cache.folder("kind", "a").parent == cache.root()
    assert cache.folder("kind", "a") != cache.folder("kind", "b")  # named by what they depend on
    assert cache.folder("kind", "a").name.startswith("kind-")
