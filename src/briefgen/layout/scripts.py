"""Scripts: which writing system a character belongs to, and what that means for printing it.

In: one character (or a text). Out: whether it is East Asian (text without spaces that may break
between any two characters), and whether it is refused whatever the fonts: letters of right-to-left
scripts (Hebrew, Arabic, ...) and of scripts whose letters must be shaped (Devanagari, Thai, ...),
which reportlab neither orders nor shapes, so they would print wrong.
"""

from __future__ import annotations

import unicodedata

from briefgen.caches import memo

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


def in_ranges(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


@memo("scripts.east_asian")
def east_asian(char: str) -> bool:
    return char >= "\u1100" and in_ranges(char, EAST_ASIAN)


def has_east_asian(text: str) -> bool:
    return not text.isascii() and any(east_asian(c) for c in set(text))


def script_of(char: str) -> str:
    """The script's name as Unicode names its characters: 'Hebrew', 'Arabic', 'Devanagari'."""
    name = unicodedata.name(char, "")
    return name.split(" ")[0].title() if name else f"U+{ord(char):04X}"


@memo("scripts.refused")
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
