"""Font files: finding them by name and reading each face once.

In: file names (`fonts.PRIMARY`, `fonts.FALLBACKS`) and the folders and files BRIEFGEN_FONT_PATH
lists. Out: `Face`s, each a TrueType font file (or one font of a collection) read when first
needed, bounded in size, registered with reportlab under a name made from its file. A font file
that cannot be used is a `FontError` naming it.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from briefgen.caches import current
from briefgen.errors import BriefgenError, Problem
from briefgen.input.files import read_bytes
from briefgen.layout.font_outlines import outline_problem
from briefgen.layout.sfnt_names import embedding_problem

ENV_PATH = "BRIEFGEN_FONT_PATH"
# Where Debian's packages put them: looked at first, before searching the font folders.
DEBIAN_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
               "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/wqy",
               "/usr/share/fonts/truetype/noto")
SYSTEM_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
               "/Library/Fonts", "~/Library/Fonts", "/System/Library/Fonts")
FONT_SUFFIXES = (".ttf", ".ttc")
MAX_FONT_BYTES = 64 * 1024 * 1024  # the largest TrueType collections are about 30 MiB
MAX_COLLECTION = 256  # fonts in one collection file; the largest have a few dozen


class FontError(BriefgenError):
    """A font file cannot be used, or a text holds a character no font of the chain prints."""


def user_paths(value: str) -> list[Path]:
    """The folders and files a value of BRIEFGEN_FONT_PATH lists."""
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]


def _font_files(entry: Path, strict: bool = False) -> list[Path]:
    """A font file itself, or the font files anywhere under a folder, sorted by path.

    Only a regular file of at most MAX_FONT_BYTES is a font file: a FIFO named `*.ttf` would
    make reportlab's read wait for ever, a device such as /dev/zero would feed it without end.
    In BRIEFGEN_FONT_PATH's entries (strict) such a file is an error that names it; in the
    system's folders it is passed over."""
    if entry.is_dir():
        found = []
        for root, dirs, files in os.walk(entry):
            dirs.sort()
            found += [Path(root) / f for f in sorted(files) if f.lower().endswith(FONT_SUFFIXES)]
    elif entry.suffix.lower() in FONT_SUFFIXES and entry.exists():  # else: as if not listed
        found = [entry]
    else:
        return []
    usable = []
    for path in found:
        try:
            info = path.stat()
            problem = None if stat.S_ISREG(info.st_mode) else \
                "not a regular file (a pipe, a socket or a device)"
            if problem is None and info.st_size > MAX_FONT_BYTES:
                problem = (f"font file is {info.st_size:,} bytes; the limit is "
                           f"{MAX_FONT_BYTES:,} bytes ({MAX_FONT_BYTES >> 20} MiB)")
        except OSError as exc:
            problem = f"cannot read the font file: {exc.strerror or exc}"
        if problem is None:
            usable.append(path)
        elif strict:
            raise FontError([Problem(str(path), f"{problem}; {ENV_PATH} must list only font "
                                                "files and folders of them")])
    return usable


class FontProblem(Exception):
    """What is wrong with a font file, in words for the user."""


def _check_collection(data: bytes) -> None:
    """Refuse a TrueType collection (.ttc) that claims more than MAX_COLLECTION fonts before
    reportlab reads the offset of each, one at a time (2,147,483,647 of them, claimed in a
    file of 120 bytes)."""
    if data[:4] == b"ttcf" and len(data) >= 12:
        count = int.from_bytes(data[8:12], "big")
        if count > MAX_COLLECTION:
            raise FontProblem(f"the collection claims {count:,} fonts; at most "
                              f"{MAX_COLLECTION} are read")


class Finder:
    """Finds font files by name: in BRIEFGEN_FONT_PATH, in Debian's folders, then in the system's
    font folders (searched once, on the first name not found so far)."""

    def __init__(self, user: list[Path]) -> None:
        self.user_files = [f for entry in user for f in _font_files(entry, strict=True)]
        self._system: dict[str, Path] | None = None

    def find(self, name: str) -> Path | None:
        for path in self.user_files:
            if path.name.lower() == name.lower():
                return path
        for folder in DEBIAN_DIRS:
            path = Path(folder) / name
            if path.is_file():
                return path
        if self._system is None:
            self._system = {}
            dirs = list(SYSTEM_DIRS)
            if os.environ.get("WINDIR"):
                dirs.append(os.path.join(os.environ["WINDIR"], "Fonts"))
            for folder in dirs:
                folder_path = Path(folder).expanduser()
                if folder_path.is_dir():
                    for path in _font_files(folder_path):
                        self._system.setdefault(path.name.lower(), path)
        return self._system.get(name.lower())


class Face:
    """One font file (one subfont of a collection), read on first use, registered with reportlab
    on first use in a PDF. Get one with `face()`: each file is read once per process (until
    `briefgen.clear_caches()`)."""

    def __init__(self, path: Path, index: int, name: str) -> None:
        self.path = path
        self.index = index
        self._name = name  # `pdf_name`
        self._font = None
        self._registered = False
        self.family: tuple[str, ...] | None = None  # its family's four names, once mapped

    @property
    def font(self):
        if self._font is None:
            from reportlab.pdfbase.ttfonts import TTFError, TTFont

            try:  # shapable=False: no kerning or ligatures even if uharfbuzz is installed, so
                # the widths are the plain advance widths Word and LibreOffice use too
                data = read_bytes(self.path, MAX_FONT_BYTES)  # the file checked is the one read
                _check_collection(data)
                licence = embedding_problem(data, self.index)
                if licence:
                    raise FontProblem(licence)
                font = TTFont(self.pdf_name, io.BytesIO(data), subfontIndex=self.index,
                              shapable=False)
                damaged = None if _trusted(self.path) else outline_problem(data, self.index)
                if damaged:  # reportlab read it, but would print it wrong or fail in the PDF
                    raise FontProblem(f"the file is damaged ({damaged})")
                self._font = font
            except FontProblem as exc:
                raise self._unusable(str(exc)) from None
            except (TTFError, OSError) as exc:
                why = ("its outlines are CFF (PostScript), as in the Noto CJK fonts, and "
                       "reportlab embeds TrueType outlines only: use a TrueType (.ttf) version"
                       if "postscript outlines" in str(exc) else str(exc))
                raise self._unusable(why) from None
            except Exception as exc:  # noqa: BLE001 - reportlab's parser fails on a damaged
                # file in many ways: struct.error where a table is cut short, ValueError,
                # IndexError, even AttributeError (a font without a name, reportlab 5.1)
                raise self._unusable(f"the file is damaged or cut short ({exc})") from None
        return self._font

    def _unusable(self, reason: str) -> FontError:
        return FontError([Problem(str(self.path), f"cannot use this font: {reason}")])

    def covers(self, char: str) -> bool:
        """Does the face have the character? Not a private-use code reportlab gave a shaped
        glyph (`TTFont.hbAddPrivate`: a ligature, a mirrored bracket): that is no character
        of the face's, and what the face covers must not depend on what was shaped before."""
        code = ord(char)
        if 0xE000 <= code <= 0xF8FF and code in getattr(self.font, "_TTFont__hbUnis", {}).values():
            return False
        return self.font.face.charToGlyph.get(code, 0) != 0

    @property
    def family_name(self) -> str:
        return self.font.face.familyName.decode("latin-1") \
            if isinstance(self.font.face.familyName, bytes) else str(self.font.face.familyName)

    @property
    def pdf_name(self) -> str:
        """The name reportlab knows this face by, once `register` has run: made from the file's
        real path and subfont, so a face read again (after `clear_caches`, or by another `Caches`)
        takes the name it had, and no two files share one."""
        return self._name

    def register(self) -> str:
        """Register the face with reportlab (reading the file: about 8 ms), once."""
        if not self._registered:
            from reportlab.pdfbase import pdfmetrics

            pdfmetrics.registerFont(self.font)  # which maps the face's name to itself in all
            self._registered = True  # four styles: map its family again
            if self.family is not None:
                map_family(self.family)
        return self.pdf_name


# folders only an administrator writes: their fonts are the system's, not checked glyph by glyph
TRUSTED_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts",
                "/System/Library/Fonts")


def _trusted(path: Path) -> bool:
    """Is this font file the system's (in `TRUSTED_DIRS`), not one a user gave (a template's,
    BRIEFGEN_FONT_PATH's, the user's own font folder)?"""
    real = str(path.resolve())
    return any(real.startswith(folder + os.sep) for folder in TRUSTED_DIRS)


def face_name(real_path: Path, index: int) -> str:
    """The reportlab name of a font file's subfont (it is not written into the PDF)."""
    tag = hashlib.sha256(f"{real_path}\0{index}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"bg{tag[:12]}-{real_path.stem}"


def face(path: Path, index: int = 0) -> Face:
    """The face of this file's subfont, made once (table `fonts.faces`, by its `face_name`)."""
    faces = current().table("fonts.faces")
    name = face_name(path.resolve(), index)
    found = faces.get(name)
    if found is None:
        found = faces[name] = Face(path, index, name)
    return found


def map_family(names: tuple[str, ...]) -> None:
    """Tell reportlab which faces print a family's bold, italic and bold italic."""
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2],
                                  boldItalic=names[3])


def register(pdf_names: Iterable[str]) -> None:
    """Register the faces of these reportlab names, such as reportlab's paragraph parser gives
    the text of a `<b>` or `<i>` element (reportlab's built-in fonts need none)."""
    faces = current().table("fonts.faces")
    for name in pdf_names:
        if name in faces:
            faces[name].register()
