"""The files of a format written one file a page (the PNG preview): their names, the mark that
says briefgen wrote them, and the pictures of pages a brief no longer has.

Page 1 is the format's one file, `brief.png`, so a one-page brief gives the name a user expects
and a link to the preview always shows the first page; page N is `brief-N.png`. Each picture
carries a mark (`marked`): two text chunks after the PNG's header, `Software: briefgen` and
`Title: brief.png, page N`, the same bytes at every build. A rebuild that gives fewer pages
removes the pictures of the pages that are gone (`stale`): only files that carry the mark of
that page of that brief, so a picture of another brief (`brief-2.yaml`'s `brief-2.png`, an
audience named `2`) or a user's own `brief-2.png` is never deleted; and a name that is not a
plain file (a named pipe, a device, a link) is never opened, so nothing there can hang a build.
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# control characters, the marks that reorder text, and characters that print nothing
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                      "\u2060-\u2069\ufeff]")
HEADER_END = 33  # the signature (8 bytes) and the IHDR chunk (4 + 4 + 13 + 4 bytes)


def page_files(target: Path, count: int) -> list[Path]:
    """The file of each of `count` pages: the target itself, then `<stem>-2<suffix>`, ..."""
    return [target] + [_page(target, n) for n in range(2, count + 1)]


def marked(target: Path, pictures: tuple[bytes, ...]) -> dict[Path, bytes]:
    """Each page's file and its picture, with the mark of that page of that brief put in."""
    files = {}
    for n, (path, data) in enumerate(zip(page_files(target, len(pictures)), pictures), 1):
        if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
            raise ValueError("not a PNG with its header first")
        files[path] = data[:HEADER_END] + mark(target, n) + data[HEADER_END:]
    return files


def mark(target: Path, n: int) -> bytes:
    """The chunks that say page `n` of the brief whose page 1 is `target` was written by
    briefgen: `Software` (Latin-1 text) and `Title` (UTF-8 text, as a file name may need)."""
    title = _shown(f"{target.name}, page {n}").encode("utf-8", "backslashreplace")
    return (_chunk(b"tEXt", b"Software\0briefgen")
            + _chunk(b"iTXt", b"Title\0" + b"\0\0" + b"\0" + b"\0" + title))


def _shown(text: str) -> str:
    """A title as a viewer can show it: every control character, bidi mark, override or
    isolate, and invisible character (zero-width, soft hyphen, byte order mark) shown as its
    code, as the command line shows a file name on the terminal (`cli.terminal_line`): a right-
    to-left override in a file name (`file\u202Elmth.yaml`) cannot make the title read as
    another name (`file...html`)."""
    return _UNSHOWN.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def stale(target: Path, count: int) -> list[Path]:
    """The pictures of pages after `count` that an earlier build of this brief left beside
    `target` (a brief has at most MAX_PAGES pages): the files that carry their mark."""
    from briefgen import MAX_PAGES

    return [path for n in range(max(count, 1) + 1, MAX_PAGES + 1)
            if _carries(path := _page(target, n), mark(target, n))]


def _carries(path: Path, expected: bytes) -> bool:
    """Is `path` a plain file (not a link, a pipe or a device: never opened, never followed)
    whose PNG header is followed by the `expected` mark?"""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:  # not there, not readable, or made a link since
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, HEADER_END + len(expected))
    except OSError:
        return False
    finally:
        os.close(fd)
    return head[:8] == PNG_SIGNATURE and head[HEADER_END:] == expected


def page_of(target: Path) -> tuple[Path, int] | None:
    """(the page-1 file, N) when `target` is named like page N >= 2 of another brief's
    pictures (`x-2.png` of `x.png`), else None."""
    match = re.fullmatch(r"(.+)-([1-9][0-9]*)", target.stem)
    if match is None or int(match.group(2)) < 2:
        return None
    return target.with_name(match.group(1) + target.suffix), int(match.group(2))


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data, and the CRC of type and data."""
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def _page(target: Path, n: int) -> Path:
    return target.with_name(f"{target.stem}-{n}{target.suffix}")
