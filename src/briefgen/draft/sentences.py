"""Sentences and clauses of a paragraph.

pysbd splits sentences by rules that ship with it ("U.S.", "Maj. Gen.", "p.m." and initials do
not end a sentence). A clause is a part of a sentence joined by "; ", ", and " or ", but ": a
sentence such as "talks began in the 1990s, and a first exercise followed in 2014" holds two
dated events, one per clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """A sentence: its text and where it starts in its paragraph."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _segmenter():  # noqa: ANN202 - pysbd has no types
    """A sentence splitter (made anew each time: it costs under a microsecond, and the project
    keeps no cache outside `briefgen.caches`)."""
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split(paragraph: str) -> list[Sentence]:
    """The paragraph's sentences, in order, with their offsets."""
    out: list[Sentence] = []
    for span in _segmenter().segment(paragraph):
        text = span.sent.strip()
        if text:
            out.append(Sentence(text, paragraph.find(text, span.start)))
    return _rejoin(paragraph, out)


GERMAN_MONTHS = ("Januar", "J\u00e4nner", "Februar", "M\u00e4rz", "April", "Mai", "Juni", "Juli",
                 "August", "September", "Oktober", "November", "Dezember")
# a German ordinal, written with a full stop: "am 15.", "der 1. FC K\u00f6ln", "3. M\u00e4rz"; no
# sentence ends there and it is no figure
GERMAN_ORDINAL = re.compile(r"(?:\b(?i:am|vom|zum|bis|ab|seit|der|die|das|den|dem|des|im|ein|"
                            r"eine|einem|einer)\s+\d{1,3}|\b\d{1,2}(?=\.\s+(?:"
                            + "|".join(GERMAN_MONTHS) + r")\b))\.(?=\s|$)")


def _rejoin(paragraph: str, sentences: list[Sentence]) -> list[Sentence]:
    """Join a sentence that starts in lower case to the one before (a split inside a quote
    such as "It is \u2026 important" is no sentence end), and one that follows a German
    ordinal ("am 14. Mai")."""
    out: list[Sentence] = []
    for s in sentences:
        ordinal = out and any(m.end() == len(out[-1].text)
                              for m in GERMAN_ORDINAL.finditer(out[-1].text))
        if out and (s.text[:1].islower() or ordinal):
            prev = out.pop()
            s = Sentence(paragraph[prev.start:s.end], prev.start)
        out.append(s)
    return out


CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while)\s+(?=\S)")


def clauses(sentence: str) -> list[str]:
    """The sentence cut at "; ", ", and ", ", but " and ", while "."""
    parts = [p.strip() for p in CLAUSE_BREAK.split(sentence)]
    return [p for p in parts if p]
