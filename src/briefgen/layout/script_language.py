"""The language a quoted passage is in, where its script says so (WCAG 2.1, 3.1.2).

In: a quote's text, the facts' language and the language its element is already marked in. Out:
a language tag to mark the quote with, or None.

A quote in Hebrew, Thai or Bengali in an English brief would otherwise be marked English with the
rest of the facts, and a screen reader would read it with an English voice. Most of its letters
in one script that only one language here is written in tells the language: Hebrew letters are
Hebrew (he), Thai letters Thai (th), Bengali letters Bengali (bn), Greek letters Greek (el),
Georgian (ka), Armenian (hy), Hangul Korean (ko), kana Japanese (ja). Arabic letters are Arabic,
Persian or Urdu, and Devanagari Hindi, Marathi or Nepali: such a quote is marked only with the
facts' language, where that is written in its script; else it is left as it is. An ASCII text
is decided by one `str.isascii`, so the common path costs nothing.
"""

from __future__ import annotations

import unicodedata

# a letter's Unicode name starts with its script's: the one language each names
_ONE_LANGUAGE = {"HEBREW": "he", "THAI": "th", "BENGALI": "bn", "GREEK": "el", "GEORGIAN": "ka",
                 "ARMENIAN": "hy", "HANGUL": "ko", "HIRAGANA": "ja", "KATAKANA": "ja"}
# scripts several languages are written in, and those languages
_SHARED = {"ARABIC": {"ar", "fa", "ur", "ps", "sd", "ug", "ckb"},
           "DEVANAGARI": {"hi", "mr", "ne", "sa"}}


def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def quote_language(text: str, facts: str, marked: str) -> str | None:
    """The tag to mark a quote of `text` with, where its script tells a language other than
    `marked` (the language its element is marked in already); `facts`: the facts' language,
    for a script several languages share. None: leave it as it is."""
    if text.isascii():
        return None
    counts: dict[str, int] = {}
    letters = 0
    for char in text:
        if char.isalpha():
            letters += 1  # an ASCII letter's Unicode name starts with LATIN: no lookup
            script = "LATIN" if char.isascii() else _script(char)
            if script is not None:
                counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, most = max(counts.items(), key=lambda item: item[1])
    if most * 2 <= letters:  # no script holds most of its letters
        return None
    tag = _ONE_LANGUAGE.get(script)
    if tag is None and _base(facts) in _SHARED.get(script, ()):
        tag = facts
    if tag is None or _base(tag) == _base(marked):
        return None
    return tag


def _base(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()
