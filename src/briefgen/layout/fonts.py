"""Fonts: which font prints each character, in the PDF and in the DOCX.

In: a `Theme` (its `font`: sans or serif) and the environment variable `BRIEFGEN_FONT_PATH`.
Out: the font families of a theme's `Chain` (`briefgen.layout.font_chain`, got with `for_theme`),
tried in order for every character. Its first family is the theme's font; the others are
fallbacks for what the first lacks. The chain cuts a text into pieces, each in the first face of
the text's style that has its characters; both writers print each piece in its face, so the PDF
and the DOCX use the same font for every character. Chains and faces are made once per process
(tables `fonts.chains` and `fonts.faces` of `briefgen.caches`).

The default chain, from Debian packages `scripts/install.sh` installs:

- Liberation Sans (or Serif) from `fonts-liberation2`: Latin with every accent, Greek, Cyrillic and
  most symbols, with the advance widths of Arial (Times New Roman), which the DOCX names, so Word
  and LibreOffice break lines where the PDF does;
- DejaVu Sans (Serif) from `fonts-dejavu-core` and `-extra`: more symbols, arrows, check marks;
- WenQuanYi Micro Hei from `fonts-wqy-microhei`: Chinese, Japanese and Korean (Hangul) in one
  font with TrueType outlines (reportlab cannot embed the CFF outlines of Noto CJK).

Files are looked up by name, first in the folders and files `BRIEFGEN_FONT_PATH` lists, then in
the system's font folders; any other TrueType file listed there joins the chain right after the
theme's font. Nothing is read until it is needed: a brief in English loads the theme's font alone.
Without the Liberation fonts the chain starts with reportlab's built-in Helvetica (Times), which
prints the Windows-1252 characters only and is not embedded.

Right-to-left scripts (Hebrew, Arabic, ...) and scripts whose letters must be shaped (Devanagari,
Thai, ...) are refused: reportlab does not order or shape them, so they would print wrong.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from pathlib import Path

from briefgen.caches import current, memo
from briefgen.errors import BriefgenError, Problem
from briefgen.input.files import read_bytes
from briefgen.design.theme import Theme

if TYPE_CHECKING:
    from briefgen.layout.font_chain import Chain

ENV_PATH = "BRIEFGEN_FONT_PATH"
STYLES = ((False, False), (True, False), (False, True), (True, True))  # regular, b, i, b+i

# The theme's font: four files (regular, bold, italic, bold italic), with the widths of the font
# the DOCX names (`Theme.docx_font`).
PRIMARY = {
    "sans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
             "LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf"),
    "serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
              "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"),
}
DEJAVU_SANS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
               "DejaVuSans-BoldOblique.ttf")
DEJAVU_SERIF = ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
                "DejaVuSerif-BoldItalic.ttf")
CJK = ("wqy-microhei.ttc",)  # subfont 0: WenQuanYi Micro Hei (1 is its monospaced variant)
FALLBACKS = {
    "sans": (DEJAVU_SANS, CJK),
    "serif": (DEJAVU_SERIF, DEJAVU_SANS, CJK),
}
# Where Debian's packages put them: looked at first, before searching the font folders.
DEBIAN_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
               "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/wqy")
SYSTEM_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
               "/Library/Fonts", "~/Library/Fonts", "/System/Library/Fonts")
FONT_SUFFIXES = (".ttf", ".ttc")
MAX_FONT_BYTES = 64 * 1024 * 1024  # the largest TrueType collections are about 30 MiB
MAX_COLLECTION = 256  # fonts in one collection file; the largest have a few dozen

# Letters of right-to-left scripts have these bidirectional classes; Arabic-Indic digits are AN.
RTL_CLASSES = ("R", "AL", "AN")
# Scripts whose letters change shape or order by context (beyond what a font's cmap can give).
SHAPED = ((0x0900, 0x0DFF), (0x0E00, 0x0EFF), (0x0F00, 0x0FFF), (0x1000, 0x109F),
          (0x1100, 0x11FF), (0x1780, 0x18AF), (0x1A00, 0x1CFF), (0xA840, 0xA8FF),
          (0xA960, 0xA9FF), (0xAA00, 0xAAFF), (0xABC0, 0xABFF), (0xD7B0, 0xD7FF),
          (0x11000, 0x11FFF))
# East Asian characters: text without spaces that may break between any two of them.
EAST_ASIAN = ((0x1100, 0x11FF), (0x2E80, 0x2FFF), (0x3000, 0x303F), (0x3040, 0x30FF),
              (0x3100, 0x31FF), (0x3200, 0x4DBF), (0x4E00, 0x9FFF), (0xA000, 0xA4CF),
              (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
              (0x20000, 0x3FFFF))


class FontError(BriefgenError):
    """A font file cannot be used, or a text holds a character no font of the chain prints."""


def in_ranges(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


@memo("fonts.east_asian")
def east_asian(char: str) -> bool:
    return char >= "\u1100" and in_ranges(char, EAST_ASIAN)


def has_east_asian(text: str) -> bool:
    return not text.isascii() and any(east_asian(c) for c in set(text))


def script_of(char: str) -> str:
    """The script's name as Unicode names its characters: 'Hebrew', 'Arabic', 'Devanagari'."""
    name = unicodedata.name(char, "")
    return name.split(" ")[0].title() if name else f"U+{ord(char):04X}"


@memo("fonts.refused")
def refused(char: str) -> str | None:
    """Why this character cannot be printed whatever the fonts, or None."""
    if unicodedata.bidirectional(char) in RTL_CLASSES:
        return (f"{script_of(char)} is written right to left, which briefgen cannot lay out "
                "(it does not order or shape right-to-left text)")
    if in_ranges(char, SHAPED):
        return (f"{script_of(char)} needs its letters shaped, which briefgen cannot do "
                "(reportlab prints each character as it is)")
    return None


def shown(char: str) -> str:
    return f"'{char}' (U+{ord(char):04X})"


# ---- font files ---------------------------------------------------------------------------------


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


# ---- faces and families (the chain that tries them in order: `briefgen.layout.font_chain`) ----


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
                self._font = TTFont(self.pdf_name, io.BytesIO(data),
                                    subfontIndex=self.index, shapable=False)
            except FontProblem as exc:
                raise self._unusable(str(exc)) from None
            except (TTFError, OSError) as exc:
                hint = (": reportlab embeds TrueType outlines only, not CFF (PostScript) "
                        "outlines such as the Noto CJK fonts'"
                        if "postscript outlines" in str(exc) else "")
                raise self._unusable(f"{exc}{hint}") from None
            except Exception as exc:  # noqa: BLE001 - reportlab's parser fails on a damaged
                # file in many ways: struct.error where a table is cut short, ValueError,
                # IndexError, even AttributeError (a font without a name, reportlab 5.1)
                raise self._unusable(f"the file is damaged or cut short ({exc})") from None
        return self._font

    def _unusable(self, reason: str) -> FontError:
        return FontError([Problem(str(self.path), f"cannot use this font: {reason}")])

    def covers(self, char: str) -> bool:
        return self.font.face.charToGlyph.get(ord(char), 0) != 0

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
                _map_family(self.family)
        return self.pdf_name


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


def _map_family(names: tuple[str, ...]) -> None:
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


@dataclass
class Family:
    """A font in its four styles. A missing style is printed with the nearest one there is (bold
    italic with bold, else italic, else regular); the DOCX still asks for the style, and Word and
    LibreOffice make it up if the font lacks it."""

    faces: tuple[Face | None, ...]  # regular, bold, italic, bold italic
    docx_name: str | None = None  # None: the regular face's family name
    standard: tuple[str, ...] | None = None  # reportlab's built-in fonts instead of files
    _pdf_family: str | None = field(default=None, repr=False)

    @property
    def embedded(self) -> bool:
        return self.standard is None

    def covers(self, char: str, bold: bool = False, italic: bool = False) -> bool:
        """Does the face this style is printed in have the character? (Each of reportlab's
        built-in fonts has the Windows-1252 characters, in every style.)"""
        if self.standard is not None:
            try:
                char.encode("cp1252")
            except UnicodeEncodeError:
                return False
            return True
        return self.face(bold, italic).covers(char)

    @property
    def name(self) -> str:
        """The name the DOCX gives this family."""
        return self.docx_name or self.faces[0].family_name

    @property
    def label(self) -> str:
        """The family's own name, for messages: 'Liberation Sans', 'Helvetica'."""
        return self.standard[0] if self.standard is not None else self.faces[0].family_name

    def face(self, bold: bool, italic: bool) -> Face:
        order = {(False, False): (0,), (True, False): (1, 0), (False, True): (2, 0),
                 (True, True): (3, 1, 2, 0)}[(bold, italic)]
        return next(self.faces[i] for i in order if self.faces[i] is not None)

    def pdf_font(self, bold: bool = False, italic: bool = False) -> str:
        """The reportlab font name for this style, registered. Only the faces a brief uses are
        registered: the family's names are known to reportlab (for `<b>` and `<i>`) at once, and
        a face is read when it is first asked for here or through `register`."""
        if self.standard is not None:
            return self.standard[STYLES.index((bold, italic))]
        if self._pdf_family is None:
            names = tuple(self.face(b, i).pdf_name for b, i in STYLES)
            for member in self.faces:
                if member is not None:
                    member.family = names
            _map_family(names)
            self._pdf_family = names[0]
        return self.face(bold, italic).register()


def find_family(finder: Finder, names: tuple[str, ...], docx_name: str | None = None) \
        -> Family | None:
    """The family whose faces are the fonts named (regular, bold, italic, bold italic), if the
    regular one is installed; a missing face is printed with the regular one."""
    paths = [finder.find(n) for n in names] + [None] * (4 - len(names))
    if paths[0] is None:
        return None
    return Family(tuple(face(p) if p else None for p in paths), docx_name)


def user_families(finder: Finder, known: set[str]) -> list[Family]:
    """The fonts BRIEFGEN_FONT_PATH lists besides the known ones, grouped into families by the
    name and style their files give, in the order they are listed."""
    from reportlab.pdfbase.ttfonts import FF_FORCEBOLD, FF_ITALIC

    groups: dict[str, list[Face | None]] = {}
    for path in finder.user_files:
        if path.name.lower() in known:
            continue
        found = face(path)
        flags = found.font.face.flags
        style = STYLES.index((bool(flags & FF_FORCEBOLD), bool(flags & FF_ITALIC)))
        slots = groups.setdefault(found.family_name, [None] * 4)
        if slots[style] is None:
            slots[style] = found
    families = []
    for slots in groups.values():
        if slots[0] is None:  # no regular face: the lightest upright one stands in for it
            slots[0] = next(f for f in (slots[1], slots[2], slots[3]) if f is not None)
        families.append(Family(tuple(slots)))
    return families


ADVICE = (f"install the fonts scripts/install.sh installs, or name a TrueType font that has it "
          f"in {ENV_PATH}")

def for_theme(theme: Theme) -> Chain:
    """The chain for this theme: for its font, with the fonts BRIEFGEN_FONT_PATH lists now."""
    return chain(theme.font, os.environ.get(ENV_PATH, ""))


@memo("fonts.chains")
def chain(font: str, font_path: str) -> Chain:
    """The chain for a theme's font (`Theme.font`) and a value of BRIEFGEN_FONT_PATH: all a
    chain is made from, so the whole of its key."""
    from briefgen.layout.font_chain import Chain

    return Chain(font, user_paths(font_path))
