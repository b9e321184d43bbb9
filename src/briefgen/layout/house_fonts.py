"""House fonts: a font family a theme names (`font: "DejaVu Serif"`), found by its name.

In: a family name and the template folders in force (`Theme.font_dirs`). Out: the files of the
family's regular, bold, italic and bold italic faces (`Found`), or a `FontError` saying the
family is not there and which names are near. Looked for first among the font files shipped with
the template (`.ttf`, `.ttc`, `.otf` in the template's folder or its `fonts/` folder, read by
their own name table), then among the fonts fontconfig knows (`fc-list`, run once per process
with fixed arguments, no shell and a time limit; without fontconfig, the template's fonts only).
Nothing here runs unless a theme names a family: `sans` and `serif` are `fonts.PRIMARY`'s.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from briefgen.caches import memo
from briefgen.errors import Problem
from briefgen.input.files import read_bytes
from briefgen.layout.font_files import MAX_FONT_BYTES, FontError
from briefgen.layout.font_outlines import outline_problem
from briefgen.layout.sfnt_names import SfntProblem, describe, table_offsets

FC_TIMEOUT = 10.0  # seconds fc-list may take (it answers from its cache in a few ms)
FC_FORMAT = "%{family}\t%{weight}\t%{slant}\t%{width}\t%{index}\t%{fontformat}\t%{file}\n"
TEMPLATE_FONT_DIRS = (".", "fonts")  # in a template folder
SUFFIXES = (".ttf", ".ttc", ".otf")
MAX_TEMPLATE_FONTS = 256  # font files read from one template folder
MAX_TEMPLATE_BYTES = 256 << 20  # bytes of font files read from one template folder
BOLD_WEIGHT = 200  # fontconfig's FC_WEIGHT_BOLD; regular is 80
BUILT_IN = ("sans", "serif")


class Candidate(NamedTuple):
    """One face of an installed or shipped font: its family names (as written), style, file."""

    families: tuple[str, ...]
    bold: bool
    italic: bool
    width: int  # 100: normal; 87: condensed
    weight: int  # 80: regular; 200: bold
    truetype: bool  # TrueType outlines (reportlab embeds these; CFF it refuses)
    path: str
    index: int


class Found(NamedTuple):
    """A family found: its name as the fonts spell it, and (path, subfont index) or None for its
    regular, bold, italic and bold italic faces."""

    name: str
    faces: tuple[tuple[str, int] | None, ...]


@memo("fonts.installed")
def installed() -> tuple[Candidate, ...]:
    """Every face fontconfig knows, listed once per process; none without fontconfig or if it
    fails or takes longer than FC_TIMEOUT."""
    program = shutil.which("fc-list")
    if program is None:
        return ()
    try:
        done = subprocess.run([program, "--format", FC_FORMAT], capture_output=True,
                              timeout=FC_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return ()
    if done.returncode != 0:
        return ()
    return tuple(c for line in done.stdout.decode("utf-8", "replace").splitlines()
                 if (c := _fc_line(line)) is not None)


def _fc_line(line: str) -> Candidate | None:
    """A line of `fc-list --format FC_FORMAT` as a Candidate; None if it is not one."""
    parts = line.split("\t")
    if len(parts) != 7 or not parts[6].lower().endswith(SUFFIXES):
        return None
    family, weight, slant, width, index, kind, path = parts
    try:
        weight_n, slant_n = int(float(weight)), int(float(slant))
        width_n, index_n = int(float(width or 100)), int(index or 0)
    except ValueError:  # a variable font lists ranges ("[100 900]"): not one face
        return None
    return Candidate(tuple(n.strip() for n in family.split(",") if n.strip()),
                     weight_n >= BOLD_WEIGHT, slant_n > 0, width_n, weight_n,
                     kind == "TrueType", path, index_n)


@memo("fonts.shipped")
def shipped(folder: str) -> tuple[Candidate, ...]:
    """The faces of the font files shipped in a template folder (itself and its `fonts/`): at
    most MAX_TEMPLATE_FONTS files, each read once however many links name it, and at most
    MAX_TEMPLATE_BYTES in all (a folder of links to one large file cannot make a build slow)."""
    found: list[Candidate] = []
    seen: dict[tuple[int, int], int] = {}  # (device, inode) -> size: links count once
    for sub in TEMPLATE_FONT_DIRS:
        where = Path(folder) / sub
        if not where.is_dir():
            continue
        for path in sorted(where.iterdir()):
            if len(seen) >= MAX_TEMPLATE_FONTS:
                break
            if path.suffix.lower() not in SUFFIXES or not path.is_file():
                continue
            info = path.stat()
            if (info.st_dev, info.st_ino) in seen or info.st_size > MAX_FONT_BYTES:
                continue
            seen[info.st_dev, info.st_ino] = info.st_size
            if sum(seen.values()) > MAX_TEMPLATE_BYTES:
                raise FontError([Problem(str(path), f"cannot use this font: the template's "
                                         f"fonts take more than {MAX_TEMPLATE_BYTES >> 20} MiB")])
            found += _described(path)
    return tuple(found)


def _described(path: Path) -> list[Candidate]:
    """The faces of one shipped font file; a file whose names cannot be read, or whose glyphs
    are damaged (`font_outlines`), is an error."""
    try:
        data = read_bytes(path, MAX_FONT_BYTES)
        faces = describe(data)
        damaged = next(filter(None, _distinct_outlines(data, len(faces))), None)
    except (SfntProblem, OSError) as exc:
        raise FontError([Problem(str(path), f"cannot use this font: {exc}")]) from None
    if damaged:
        raise FontError([Problem(str(path), f"cannot use this font: the file is damaged "
                                            f"({damaged})")])
    return [Candidate((f.family,), f.bold, f.italic, 100, BOLD_WEIGHT if f.bold else 80,
                      f.truetype, str(path), index) for index, f in enumerate(faces)]


def find(name: str, folders: tuple[str, ...]) -> Found:
    """The family of this name (case does not matter): from the template folders if they ship
    it, else as installed. Raises FontError (file "briefgen") if it is nowhere."""
    wanted = name.strip().casefold()
    for pool in [shipped(f) for f in folders] + [installed()]:
        members = [c for c in pool if wanted in (n.casefold() for n in c.families)]
        if members:
            spelled = next(n for n in members[0].families if n.casefold() == wanted)
            return Found(spelled, tuple(_best(members, bold, italic)
                                        for bold, italic in ((False, False), (True, False),
                                                             (False, True), (True, True))))
    raise FontError([Problem("briefgen", not_found(name, folders))])


def _best(members: list[Candidate], bold: bool, italic: bool) -> tuple[str, int] | None:
    """The face of a family for a style: normal width before condensed, the weight nearest
    regular or bold, TrueType before CFF, then by file name (so the choice is stable)."""
    fits = [c for c in members if (c.bold, c.italic) == (bold, italic)]
    if not fits:
        return None
    best = min(fits, key=lambda c: (abs(c.width - 100), abs(c.weight - (BOLD_WEIGHT if bold
                                                                        else 80)),
                                    not c.truetype, c.path, c.index))
    return best.path, best.index


def not_found(name: str, folders: tuple[str, ...]) -> str:
    """The message for a family that is neither shipped nor installed, with the names near it."""
    names = sorted({n for pool in [*(shipped(f) for f in folders), installed()]
                    for c in pool for n in c.families} | set(BUILT_IN))
    near = difflib.get_close_matches(name, names, n=3, cutoff=0.6) or \
        difflib.get_close_matches(name.casefold(), [n.casefold() for n in names], n=3, cutoff=0.6)
    near = [next(n for n in names if n.casefold() == m.casefold()) for m in near]
    where = "in the template's folder" if folders else ""
    where = f"{where} or installed" if where else "installed"
    hint = f"did you mean {', '.join(repr(n) for n in near)}? " if near else ""
    how = "" if shutil.which("fc-list") else " (fontconfig's fc-list is not here, so only " \
        "fonts shipped in the template folder are found)"
    return (f"no font family {name!r} {where}{how}: {hint}give an installed family's name "
            f"(fc-list lists them), put its .ttf files in the template folder or its fonts{os.sep}"
            f" folder, or use sans or serif")


def _distinct_outlines(data: bytes, count: int) -> Iterator[str | None]:
    """The outline check of each font of a file whose glyph tables are not those of a font
    checked before it (a collection of 256 fonts sharing one set of tables is checked once)."""
    checked = set()
    for index in range(count):
        tables = table_offsets(data, index)
        key = (tables.get(b"glyf"), tables.get(b"loca"), tables.get(b"maxp"), tables.get(b"head"))
        if key not in checked:
            checked.add(key)
            yield outline_problem(data, index)
