"""Fonts: which font prints each character, in the PDF and in the DOCX.

In: a `Theme` (its `font` and `heading_font`: sans, serif or a family's name, found by
`briefgen.layout.house_fonts`) and the environment variable `BRIEFGEN_FONT_PATH`.
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

Files are looked up by name (`briefgen.layout.font_files`), first in the folders and files
`BRIEFGEN_FONT_PATH` lists, then in the system's font folders; any other TrueType file listed
there joins the chain right after the theme's font. Nothing is read until it is needed: a brief in English loads the theme's font alone.
Without the Liberation fonts the chain starts with reportlab's built-in Helvetica (Times), which
prints the Windows-1252 characters only and is not embedded.

Right-to-left scripts (Hebrew, Arabic, ...) and scripts whose letters must be shaped (Devanagari,
Thai, ...) are refused (`briefgen.layout.scripts`): reportlab does not order or shape them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.caches import memo
from briefgen.design.theme import Theme
from briefgen.layout.font_files import ENV_PATH, Face, Finder, face, map_family, user_paths

if TYPE_CHECKING:
    from briefgen.layout.font_chain import Chain

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
    "house": (PRIMARY["sans"], DEJAVU_SANS, CJK),  # after a family a theme names
}


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
            map_family(names)
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

def for_theme(theme: Theme, heading: bool = False) -> Chain:
    """The chain for this theme: for its text font (or, `heading`, its heading font), with the
    fonts BRIEFGEN_FONT_PATH lists now. A family the theme names is looked for in its template
    folders; `sans` and `serif` need none (so their chains are shared)."""
    font = theme.heading_family if heading else theme.font
    dirs = () if font in PRIMARY else theme.font_dirs
    return chain(font, dirs, os.environ.get(ENV_PATH, ""))


@memo("fonts.chains")
def chain(font: str, dirs: tuple[str, ...], font_path: str) -> Chain:
    """The chain for a font (`Theme.font` or `heading_font`), the template folders a named
    family is looked for in, and a value of BRIEFGEN_FONT_PATH: all a chain is made from, so
    the whole of its key."""
    from briefgen.layout.font_chain import Chain

    return Chain(font, user_paths(font_path), dirs)


def house_family(font: str, dirs: tuple[str, ...]) -> Family:
    """The family a theme names, its faces found by `house_fonts` (FontError if it is not
    there). A face missing is printed as `Family` says; none is read yet."""
    from briefgen.layout.house_fonts import find

    found = find(font, dirs)
    faces = [face(Path(p), i) if p else None for p, i in
             (f if f else (None, 0) for f in found.faces)]
    if faces[0] is None:  # no regular face: the lightest upright one stands in for it
        faces[0] = next(f for f in faces[1:] if f is not None)
    return Family(tuple(faces), found.name)
