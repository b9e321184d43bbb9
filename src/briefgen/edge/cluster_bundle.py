"""What a Dask worker is sent with a batch (`--cluster`): the custom template's files, and each
brief's facts file, read here with the limits the local build applies.

A worker needs nothing but briefgen: the files a design of the user's template folder reads (its
template files, theme, audiences, logo and, when a theme names a house font, the font files of
the folder and its `fonts/` folder) are read once into a `Bundle`, sent to the cluster once,
and laid out again on each worker (`cluster_task`). A file is read with the limit its reader
applies (`files.read_bytes`), so a bundle is bounded as a local build is. With
`--cluster-shared-paths` nothing is read here: every worker reads the paths itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.design.load import Design

MAX_AUDIENCES = 1_000  # audience files named from one template folder
MAX_FILES = 256  # other files of a template folder a template may extend or include
MAX_FILES_BYTES = 1 << 20  # all of them together
# all of a bundle: the template files, theme and audiences (a few MB at most) and the font files
# a local build reads from one folder (`house_fonts.MAX_TEMPLATE_BYTES`)
MAX_BUNDLE_BYTES = (256 + 64) << 20


@dataclass(frozen=True)
class Bundle:
    """A template folder's files, by their path inside it (`/` between folders), and the name of
    the template file `-t FILE` named (None for a folder). `digest` names the content: a worker
    lays a bundle out once, however many briefs use it."""

    digest: str
    files: tuple[tuple[str, bytes], ...]
    main: str | None

    @property
    def size(self) -> int:
        return sum(len(data) for _, data in self.files)


def template_bundle(template: str | None, designs: list[Design],
                    audiences: tuple[str | None, ...] = ()) -> Bundle | None:
    """The files of the user's template that `designs` (one per audience, loaded here) read; None
    for a built-in template, which every worker has. Of its audience files, only those of
    `audiences` (and those they extend) are sent whole; the others, by name only (empty)."""
    if not designs or designs[0].templates is None or designs[0].templates.user is None:
        return None
    from briefgen.design.environment import THEME_FILE
    from briefgen.input.files import LIMIT

    templates = designs[0].templates
    folder = templates.user
    paths = _folder_files(folder)
    paths[folder / THEME_FILE] = LIMIT
    for design in designs:
        paths.update(_theme_files(design, folder))
    files, total = [], 0
    for path, limit in paths.items():
        data = _read(path, min(limit, MAX_BUNDLE_BYTES - total))
        if data is not None:
            files.append((path.relative_to(folder).as_posix(), data))
            total += len(data)
    files += _audiences(folder, audiences, MAX_BUNDLE_BYTES - total)
    files.sort()
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(f"{name}\0{len(data)}\0".encode("utf-8", "surrogateescape") + data)
    return Bundle(digest.hexdigest(), tuple(files), templates.main)


def _folder_files(folder: Path) -> dict[Path, int]:
    """The files of the template folder a template may extend or include (`.j2` files, and
    any other a template includes by name, such as `label.txt`), at any depth, with the limit
    a template file is read with; not its audiences or font folders (sent apart), nor a file
    whose real path leads out of the folder (a local build refuses it). At most MAX_FILES
    files, MAX_FILES_BYTES in all, `.j2` files first."""
    from briefgen.design.audience import AUDIENCE_DIR
    from briefgen.design.template_source import MAX_DEPTH, MAX_ENTRIES, MAX_FILE_BYTES
    from briefgen.layout.house_fonts import TEMPLATE_FONT_DIRS

    real, found, seen = folder.resolve(), [], 0
    skip = {AUDIENCE_DIR, *TEMPLATE_FONT_DIRS}
    for where, dirs, names in os.walk(folder):
        depth = len(Path(where).relative_to(folder).parts)
        dirs[:] = sorted(d for d in dirs if depth < MAX_DEPTH and not (depth == 0 and d in skip))
        seen += len(dirs) + len(names)
        if seen > MAX_ENTRIES:
            break
        for name in names:
            path = Path(where, name)
            with contextlib.suppress(OSError):
                if path.resolve().is_relative_to(real) and path.stat().st_size <= MAX_FILE_BYTES:
                    found.append((path.suffix != ".j2", path.as_posix(), path))
    paths: dict[Path, int] = {}
    total = 0
    for _, _, path in sorted(found)[:MAX_FILES]:
        total += path.stat().st_size
        if total > MAX_FILES_BYTES:
            break
        paths[path] = MAX_FILE_BYTES
    return paths


def _audiences(folder: Path, names: tuple[str | None, ...], room: int) -> list[tuple[str, bytes]]:
    """The folder's audience files: whole for the audiences of the batch, the default one and
    every one they extend, at most MAX_AUDIENCES of them; the others empty (their names still
    list the known audiences)."""
    import yaml

    from briefgen.design.audience import AUDIENCE_DIR, DEFAULT_AUDIENCE
    from briefgen.input.files import LIMIT

    directory, real = folder / AUDIENCE_DIR, folder.resolve()
    on_disk = {p.stem: p for p in sorted(directory.glob("*.yaml"))[:MAX_AUDIENCES]}
    wanted = [name or DEFAULT_AUDIENCE for name in names] + [DEFAULT_AUDIENCE]
    sent: dict[str, bytes] = {}
    while wanted:
        name = wanted.pop()
        path = on_disk.get(name)
        if name in sent or path is None or not path.resolve().is_relative_to(real):
            continue
        data = _read(path, min(LIMIT, room)) or b""
        room -= len(data)
        sent[name] = data
        with contextlib.suppress(Exception):  # the worker reports what is wrong in it
            parent = yaml.safe_load(data).get("extends")
            if parent:
                wanted.append(str(parent))
    return [(f"{AUDIENCE_DIR}/{path.name}", sent.get(name, b""))
            for name, path in on_disk.items()]


def _theme_files(design: Design, folder: Path) -> dict[Path, int]:
    """The logo a theme prints, and every font file of the folder when it names a house font
    (a family is found by reading them all: a damaged one is an error wherever it is built)."""
    from briefgen.design.logo import MAX_BYTES as LOGO_BYTES
    from briefgen.layout.font_files import MAX_FONT_BYTES
    from briefgen.layout.fonts import PRIMARY
    from briefgen.layout.house_fonts import MAX_TEMPLATE_FONTS, SUFFIXES, TEMPLATE_FONT_DIRS

    theme, found = design.theme, {}
    real = folder.resolve()
    if theme.logo and Path(theme.logo).resolve().is_relative_to(real):
        found[folder / Path(theme.logo).resolve().relative_to(real)] = LOGO_BYTES
    if any(font not in PRIMARY for font in (theme.font, theme.heading_family)):
        fonts = [folder / where / name for where in TEMPLATE_FONT_DIRS
                 if (folder / where).is_dir()
                 for name in sorted(os.listdir(folder / where))
                 if name.lower().endswith(SUFFIXES)]
        found.update(dict.fromkeys(fonts[:MAX_TEMPLATE_FONTS], MAX_FONT_BYTES))
    return found


def _read(path: Path, limit: int) -> bytes | None:
    """A regular file of at most `limit` bytes; None if it is not one (the worker then meets
    the same problem the local build would, at the same place)."""
    from briefgen.input.files import read_bytes

    try:
        return read_bytes(path, limit)
    except (OSError, ValueError):
        return None


def facts_bytes(path: str) -> bytes | None:
    """The bytes of a facts file to send, or None if the local build would refuse to read it
    (missing, not a regular file, over its limit): that brief then fails here, as it would
    with `-j`."""
    from briefgen.input.facts_reader import MAX_BYTES
    from briefgen.input.files import read_regular

    try:
        data, _ = read_regular(path, MAX_BYTES)
    except (OSError, ValueError):
        return None
    return data if len(data) <= MAX_BYTES else None
