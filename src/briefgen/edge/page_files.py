"""The files of a format written one file a page (the PNG preview): their names, and the
pictures of pages a brief no longer has.

Page 1 is the format's one file, `brief.png`, so a one-page brief gives the name a user expects
and a link to the preview always shows the first page; page N is `brief-N.png`. A rebuild that
gives fewer pages removes the pictures of the pages that are gone (`stale`), so every
`brief-N.png` beside `brief.png` is a page of the brief as it is now.
"""

from __future__ import annotations

import re
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MOST_STALE = 10_000  # a folder cannot make the search for stale pages run on


def page_files(target: Path, count: int) -> list[Path]:
    """The file of each of `count` pages: the target itself, then `<stem>-2<suffix>`, ..."""
    return [target] + [_page(target, n) for n in range(2, count + 1)]


def stale(target: Path, count: int) -> list[Path]:
    """The pictures of pages after `count` that an earlier build left beside `target`: page
    count+1, count+2, ... while they are there and are PNG files (a file of another kind with
    such a name is not ours, and stays)."""
    found = []
    for n in range(max(count, 1) + 1, MOST_STALE):
        path = _page(target, n)
        try:
            with path.open("rb") as handle:
                if handle.read(len(PNG_SIGNATURE)) != PNG_SIGNATURE:
                    break
        except OSError:  # not there (or not readable): the run of pages ends
            break
        found.append(path)
    return found


def page_of(target: Path) -> tuple[Path, int] | None:
    """(the page-1 file, N) when `target` is named like page N >= 2 of another brief's
    pictures (`x-2.png` of `x.png`), else None."""
    match = re.fullmatch(r"(.+)-([1-9][0-9]*)", target.stem)
    if match is None or int(match.group(2)) < 2:
        return None
    return target.with_name(match.group(1) + target.suffix), int(match.group(2))


def _page(target: Path, n: int) -> Path:
    return target.with_name(f"{target.stem}-{n}{target.suffix}")
