"""The quotation marks round a text whose direction runs against the brief's.

In: the brief's language (its marks, `compose.languages`) and the quoted text. Out: the marks it
opens and closes with. A text running the brief's way takes the language's marks. One running
the other way (an English quote in an Arabic or Hebrew brief, a Hebrew quote in an English
brief) takes marks that face it:

- guillemets and corner brackets (« », 「 」) are kept: Unicode mirrors them (Bidi_Mirrored),
  so every output already turns them to the text's direction;
- a pair whose marks differ (Arabic ” … “, English “ … ”, German „ … “) is swapped, as the
  quote's paragraph runs the other way round;
- a pair of one mark on both sides (Hebrew ” … ”, which faces nothing in particular) becomes
  the curly pair facing the text in the direction it is shown in: “ … ” left to right,
  ” … “ right to left (in logical order).

A quote's marks stand inside its own paragraph, so they are shown in the quote's direction; a
source title's stand in the source entry, shown in the brief's direction, and are changed only
where the language's pair is one mark (a Hebrew brief's English title)."""

from __future__ import annotations

import unicodedata

from briefgen.compose.languages import Language
from briefgen.layout.direction import language_direction, paragraph_direction

_SINGLE = "\u2018\u2019\u201a\u201b"  # the single curly marks; the others are double


def _curly(direction: str, single: bool) -> tuple[str, str]:
    """The curly marks facing a text shown in this direction, in logical order (open, close)."""
    left, right = ("\u2018", "\u2019") if single else ("\u201c", "\u201d")
    return (left, right) if direction == "ltr" else (right, left)


def quote_marks(text: str, words: Language) -> tuple[str, str]:
    """The marks a quote opens and closes with (see the module's rule)."""
    way = language_direction(words.tag)
    own = paragraph_direction(text, way)
    opening, closing = words.quote_open, words.quote_close
    if own == way or any(unicodedata.mirrored(c) for c in opening + closing):
        return opening, closing
    if opening == closing:
        return _curly(own, opening in _SINGLE)
    return closing, opening


def title_marks(title: str, words: Language) -> tuple[str, str]:
    """The marks round a source's title, shown in the brief's direction: the language's, but
    for a title running against it where the language's pair is one mark twice."""
    way = language_direction(words.tag)
    opening, closing = words.quote_open, words.quote_close
    if opening != closing or paragraph_direction(title, way) == way:
        return opening, closing
    return _curly(way, opening in _SINGLE)
