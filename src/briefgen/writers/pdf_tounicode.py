"""A correction to reportlab: the ToUnicode map of characters outside the Basic Multilingual Plane.

A PDF says which characters each glyph of an embedded font stands for in the font's ToUnicode
map, which is what a reader copies and what search and screen readers see. reportlab writes each
entry as `<code> <%04X>` of the code point (`reportlab.pdfbase.ttfonts.makeToUnicodeCMap`, from
reportlab 1.x to 5.1 at least). A character above U+FFFF then gets five or six hex
digits, an odd number, which PDF readers take as UTF-16 and misread: U+1D5A0 (𝖠, printed by
DejaVu Sans) copies as U+1D5A followed by half a character (`ᵚ`), and 😀 as `ὠ`. The map must
hold UTF-16BE: a surrogate pair, eight hex digits, for such characters.

`install()` replaces reportlab's function with `to_unicode_cmap`, which writes the same map with
UTF-16BE values; entries of the Basic Multilingual Plane are unchanged, byte for byte, so briefs
without such characters are the same as before. reportlab calls the function by its module-level
name when it writes a font's subsets (`TTFont.addObjects`), so replacing the name is enough.
pyproject.toml bounds reportlab's version to those checked, and tests/test_writers.py checks
both that reportlab still calls the function that way and that text copies back exactly.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from reportlab.pdfbase import ttfonts

_ORIGINAL = ttfonts.makeToUnicodeCMap
PRIVATE = (0xE000, 0xF8FF)  # where reportlab gives shaped glyphs codes (`TTFont.hbAddPrivate`)


def utf16_hex(code: int) -> str:
    """A code point as the hex digits of its UTF-16BE form: four, or eight for a surrogate
    pair."""
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


_NOTED: contextvars.ContextVar[dict] = contextvars.ContextVar("shaped_texts", default={})


@contextlib.contextmanager
def noted(texts: dict[tuple[bytes, int], str]) -> Iterator[None]:
    """While a PDF is saved: what its shaped glyphs without a character stand for, by the
    face's PostScript name and the glyph's code (`layout.shaped_paragraph`)."""
    token = _NOTED.set(texts)
    try:
        yield
    finally:
        _NOTED.reset(token)


def _private(fontname: str) -> dict[int, str]:
    """The noted texts of the font of this name: reportlab names a subset `XXXXXX+` and the
    face's PostScript name."""
    name = fontname.split("+", 1)[-1].encode("latin-1", "replace")
    return {code: text for (face, code), text in _NOTED.get().items() if face == name}


MOST_BYTES = 512  # the most a ToUnicode entry may say (ISO 32000-1, 9.10.3)


def _capped(utf16: bytes) -> bytes:
    """A ToUnicode entry's UTF-16BE text cut to `MOST_BYTES`, never inside a surrogate pair:
    poppler refuses a longer one and loses its word."""
    if len(utf16) <= MOST_BYTES:
        return utf16
    cut = MOST_BYTES
    if 0xD8 <= utf16[cut - 2] <= 0xDB:  # the first half of a pair
        cut -= 2
    return utf16[:cut]


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap for one subset of a font, with UTF-16BE values. A glyph that
    shaping gave a private code (a ligature, a conjunct) maps to the characters it stands for
    (`layout.shaping`), as first drawn in this PDF; such a private code is never written, so a
    PDF's bytes do not depend on what the process shaped before."""
    private = _private(fontname) if any(PRIVATE[0] <= c <= PRIVATE[1] for c in subset) \
        else {}
    entries = []
    for i, code in enumerate(subset):
        if code in private:
            hexed = _capped(private[code].encode("utf-16-be", "surrogatepass")).hex().upper()
            entries.append(f"<{i:02X}> <{hexed}>")
        else:
            entries.append(f"<{i:02X}> <{utf16_hex(code)}>")
    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(entries)} beginbfchar",
        *entries,
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(cmap)


def install() -> None:
    """Make reportlab write ToUnicode maps with `to_unicode_cmap` (once; idempotent)."""
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
