"""The font chain: which face prints each character of a text, in the PDF and in the DOCX.

In: a theme's font (`Theme.font`) and the font files and folders BRIEFGEN_FONT_PATH lists. Out: a
`Chain` of font families (`briefgen.layout.fonts`), tried in order for every character: the
theme's font first, then the fallbacks for what it lacks, read only when a character needs them.
`Chain.pieces(text, bold, italic)` cuts a text into `Piece`s, each printed in one face; both
writers print each piece in its face, so the PDF and the DOCX use the same font and style for
every character. Get a theme's chain with `fonts.for_theme` (made once: `briefgen.caches`).

Every face a character is printed in is checked, not only the regular one: a character is
printed in the first family whose face for the style has it, else upright and regular in the
first family whose regular face has it. So a character some family has never prints as a box,
whatever its style, and `Chain.problems` (the coverage check) need only ask the regular faces.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from briefgen.design.theme import FONT_FAMILIES
from briefgen.errors import Problem
from briefgen.input.text import BIDI_MARKS, printed, printed_keeping_isolates
from briefgen.layout.font_files import Finder, FontError
from briefgen.layout.fonts import (
    ADVICE,
    FALLBACKS,
    PRIMARY,
    STYLES,
    Family,
    find_family,
    house_family,
    user_families,
)
from briefgen.layout.scripts import shown


class Piece(NamedTuple):
    """A stretch of text printed in one face: the family's face for `bold` and `italic`. Those
    are the style asked for, or regular where the asked style's face lacks a character and the
    family's regular face has it (DejaVu Sans Bold has no U+1D5A0, DejaVu Sans has): the
    character then prints upright and regular, in both formats, rather than as a box."""

    family: Family
    bold: bool
    italic: bool
    text: str


def _joins(char: str) -> bool:
    """Does this character belong with the one before it: a combining mark, or a joiner or mark
    of direction (a Persian word's zero-width non-joiner)? It then stays in that one's face
    when the face has it, so a word's letters are shaped together."""
    return bool(unicodedata.combining(char)) or unicodedata.category(char) in ("Mn", "Mc",
                                                                              "Me", "Cf")


class Chain:
    """The families tried for each character, in order. Fallbacks are found and read only when a
    character needs them."""

    def __init__(self, font: str, user: list[Path], dirs: tuple[str, ...] = ()) -> None:
        self.finder = Finder(user)
        if font in PRIMARY:
            key = font
            names = FONT_FAMILIES[font]
            primary = find_family(self.finder, PRIMARY[key], names["docx"])
            if primary is None:  # not installed: reportlab's built-in fonts, not embedded
                primary = Family((), names["docx"], standard=tuple(names["pdf"]))
        else:  # a family the theme names: its own files, then the sans fallbacks
            key, primary = "house", house_family(font, dirs)
        self.primary = primary
        self._fallback_names = tuple(n for n in FALLBACKS[key]
                                     if not self._same(n))
        self._fallbacks: list[Family] | None = None
        self._choice: dict[tuple[str, bool, bool], tuple[Family, bool, bool] | None] = {}
        self._picks: dict[tuple[int, bool, bool], tuple[Family, bool, bool]] = {}  # one each
        self._ascii: dict[tuple[bool, bool], bool] = {}
        # characters known to print in the primary font, by style
        self._plain: dict[tuple[bool, bool], set[str]] = {style: set() for style in STYLES}

    def _same(self, names: tuple[str, ...]) -> bool:
        """Is this fallback the primary family itself (a theme naming Liberation Sans)?"""
        faces = self.primary.faces
        return bool(faces) and faces[0] is not None and faces[0].path.name.lower() in \
            (n.lower() for n in names)

    @property
    def fallbacks(self) -> list[Family]:
        if self._fallbacks is None:
            known = {n.lower() for names in (*PRIMARY.values(), *self._fallback_names)
                     for n in names}
            families = user_families(self.finder, known)
            for names in self._fallback_names:
                family = find_family(self.finder, names)
                if family is not None:
                    families.append(family)
            self._fallbacks = families
        return self._fallbacks

    def family_for(self, char: str) -> Family | None:
        """The first family whose regular face has this character, or None."""
        pick = self.pick(char)
        return None if pick is None else pick[0]

    def pick(self, char: str, bold: bool = False,
             italic: bool = False) -> tuple[Family, bool, bool] | None:
        """(family, bold, italic) of the face that prints this character in this style: the
        first family whose face for the style has it; else the first whose regular face has it,
        printed regular; None if no family has it."""
        key = (char, bold, italic)
        if key not in self._choice:
            found: tuple[Family, bool, bool] | None = None
            if char.isspace() or self.primary.covers(char, bold, italic):
                found = self._face(self.primary, bold, italic)
            else:  # the fallbacks are found (and a font of BRIEFGEN_FONT_PATH read) only now
                for family in self.fallbacks:
                    if family.covers(char, bold, italic):
                        found = self._face(family, bold, italic)
                        break
                if found is None and (bold or italic):
                    regular = self.pick(char)
                    found = None if regular is None else self._face(regular[0], False, False)
            self._choice[key] = found
        return self._choice[key]

    def _face(self, family: Family, bold: bool, italic: bool) -> tuple[Family, bool, bool]:
        """The one (family, bold, italic) tuple for these, so that picks compare with `is`."""
        return self._picks.setdefault((id(family), bold, italic), (family, bold, italic))

    def _all_primary(self, text: str, bold: bool = False, italic: bool = False) -> bool:
        """Is every character of the (normalised) text known to print in the primary font, in
        this style? Printable ASCII is checked once per style."""
        style = (bold, italic)
        if text.isascii():
            if style not in self._ascii:
                primary = self._face(self.primary, *style)
                self._ascii[style] = all(self.pick(chr(c), *style) is primary
                                         for c in range(32, 127))
            if self._ascii[style]:
                return True
        return self._plain[style].issuperset(text)

    def problems(self, text: str) -> list[str]:
        """The characters no family has, each once, in order of first use. A character some
        family has prints in every style (`pick`), so the regular faces decide."""
        text = BIDI_MARKS.sub("", printed(text))  # a mark of direction needs no glyph
        if self._all_primary(text):
            return []
        missing: dict[str, None] = {}
        for char in text:
            family = self.family_for(char)
            if family is None:
                missing[char] = None
            elif family is self.primary:
                self._plain[False, False].add(char)
        return list(missing)

    def pieces(self, text: str, bold: bool = False, italic: bool = False) -> Iterator[Piece]:
        """The text (normalised) as pieces in this style, each as long as possible, each in a
        face that has every character of it (`pick`). A combining mark stays with the
        character before it when that face has it too. Raises FontError for a character that
        cannot be printed. A bidi isolate (`printed_keeping_isolates`) or mark of direction
        (LRM, RLM, ALM) needs no glyph: it goes with the piece it is in, for the line breaker
        to order by and drop."""
        text = printed_keeping_isolates(text)
        if self._all_primary(text, bold, italic):
            if text:
                yield Piece(self.primary, bold, italic, text)
            return
        plain = self._plain[bold, italic]
        primary = self._face(self.primary, bold, italic)
        current: tuple[Family, bool, bool] | None = None
        start = 0
        for i, char in enumerate(text):
            if BIDI_MARKS.match(char):
                if current is None:
                    current, start = primary, i
                continue
            pick = self.pick(char, bold, italic)
            if pick is None:
                self._fail(text, char)
            if pick is primary:
                plain.add(char)
            if current is not None and pick is not current and _joins(char) \
                    and current[0].covers(char, current[1], current[2]):
                pick = current
            if pick is not current:
                if current is not None:
                    yield Piece(*current, text[start:i])
                current, start = pick, i
        if current is not None:
            yield Piece(*current, text[start:])

    def _fail(self, text: str, char: str) -> None:
        why = "no font of the brief has it"
        short = text if len(text) <= 40 else text[:37] + "..."
        raise FontError([Problem("briefgen", f"cannot print {shown(char)} in {short!r}: {why}; "
                                 f"{ADVICE}")])
