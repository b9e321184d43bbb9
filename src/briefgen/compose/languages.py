"""The brief's words and punctuation in its language.

In: a language tag (`input.language_codes.parse_language`: 'fr', 'fr-CA'). Out: a `Language`: every
word the brief adds (masthead, header labels, section titles, notes, footer, page numbers),
looked up by its English text as gettext does, the colon after a header label and the
quotation marks of the language (CLDR's delimiters). The words are data, one JSON file per
language in `compose/words/`, read once and kept. A regional variant prints the words of its
base language (`fr-CA`: French; Chinese in traditional characters, zh-TW or zh-Hant, its
own words); its dates are printed by `compose/date_labels`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from briefgen.caches import memo
from briefgen.input.language_codes import SUPPORTED, base, written_in

WORDS = Path(__file__).with_name("words")


@dataclass(frozen=True)
class Language:
    """What a brief prints in one language: its `words` (English text -> the language's), the
    `colon` after a header label ("\u00a0:" in French), its quotation marks and the separators
    of a list of parts (an attribution, a source, the sources run into one line)."""

    tag: str
    words: dict[str, str]
    colon: str
    quote_open: str
    quote_close: str
    comma: str = ", "  # between the parts of an attribution or a source ("、" in Japanese)
    semicolon: str = "; "  # between sources run into one paragraph ("\u00a0; " in French)

    @property
    def note_colon(self) -> str:
        """What joins a figure's label and its note: the colon and a space, none after a
        full-width colon ("：")."""
        return self.colon if self.colon.endswith("\uff1a") else self.colon + " "

    def word(self, english: str) -> str:
        """The language's word for an English text; the text as written when there is none (a
        user's own title)."""
        return self.words.get(english, english)


@memo("languages.words")
def language(tag: str) -> Language:
    """The words and punctuation of a tag parse_language gave, read from its language's file
    once (kept by the caches)."""
    data = json.loads((WORDS / f"{written_in(tag)}.json").read_text(encoding="utf-8"))
    marks = data["punctuation"]
    return Language(tag, data["words"], marks["colon"], marks["quote_open"],
                    marks["quote_close"], marks.get("comma", ", "), marks.get("semicolon", "; "))


def label_colon(tag: str) -> str:
    """What follows a header label in this language (':' for a tag briefgen has no words for:
    a custom template's own `lang`)."""
    return words_of(tag).colon


def words_of(tag: str) -> Language:
    """The words of a document's language (`<brief lang>`): English for a tag briefgen has no
    words for (a custom template may name any language)."""
    return language(tag if base(tag) in SUPPORTED else "en")
