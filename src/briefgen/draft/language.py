"""The language an article is written in, as far as the draft reads it: German or English.

The draft's rules read English and German attributions, so those are the two it tells apart:
by their commonest short words ("der", "und", "nicht" against "the", "and", "of"), counted over
the whole text. A German article's draft says `language: de`, so that the brief built from it
carries German headings, dates and document language; an English one says nothing (English is
the facts format's default).
"""

from __future__ import annotations

import re

_GERMAN = frozenset("der die das und ist nicht mit von den dem des sich auf für ein eine einen "
                    "im zu wird wurde sind hat haben auch nach bei aus wie über".split())
_ENGLISH = frozenset("the and of to is was that with for on are have has were from by an "
                     "this which will be it as".split())


def language(title: str, paragraphs: list[str]) -> str | None:
    """"de" for an article mostly in German; None (English, the default) otherwise."""
    words = re.findall(r"[^\W\d_]+", " ".join([title, *paragraphs]).lower())
    german = sum(1 for w in words if w in _GERMAN)
    english = sum(1 for w in words if w in _ENGLISH)
    return "de" if german >= 3 and german > 2 * english else None
