"""Where the quotation marks are: the spans of quoted text in a paragraph.

Curly double quotes pair as opening and closing marks, as each language writes them (English
“…”, German „…“ and »…«, French and Swiss «…»): what closes a quotation depends on the mark
that opened it, so a German “ closes where an English one opens; straight ones alternate.
Single guillemets ‹…› and German ‚…‘ are quotations within one, or quotations of their own in
an article with no double marks. A quotation
left open at the paragraph's end runs to it (news style opens the next paragraph again when a
quotation goes on). Single quotes inside a quotation are a quotation within it ("Kishida once
said, 'Today's Ukraine might be tomorrow's Asia'"); an apostrophe ("Today's") is not a mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN, _CLOSE, _STRAIGHT = "\u201c\u201e\u00ab\u00bb", "\u201d\u00bb", '"'
# what else closes a quotation opened by a mark: German „…“ and »…«, Swedish »…»
_ALSO_CLOSES = {"\u201e": "\u201c", "\u00bb": "\u00ab"}


@dataclass(frozen=True)
class Span:
    """Quoted text: `start`/`end` delimit the text inside the marks; `closed` is False for a
    quotation that runs to the paragraph's end; `inner` for a quotation within a quotation."""

    start: int
    end: int
    closed: bool = True
    inner: bool = False


def spans(paragraph: str) -> list[Span]:
    """The paragraph's quotations, outer ones and those within them, in order of start."""
    found: list[Span] = []
    opened: int | None = None
    closes = ""
    for i, c in enumerate(paragraph):
        if opened is None and (c in _OPEN or c == _STRAIGHT):
            opened = i + 1
            closes = _CLOSE + _STRAIGHT + _ALSO_CLOSES.get(c, "")
        elif opened is not None and c in closes:
            found.append(Span(opened, i))
            opened = None
    if opened is not None and paragraph[opened:].strip():
        found.append(Span(opened, len(paragraph), closed=False))
    if not found:  # British style: 'single quotes' for quotations, when there are no others
        return sorted([Span(m.start("text"), m.end("text")) for m in _SINGLE.finditer(paragraph)
                       if len(m.group("text").split()) >= 3 or "\u2018" in m.group()]
                      + _other_singles(paragraph, 0, inner=False), key=lambda s: s.start)
    inner = [s for outer in found for s in _singles(paragraph, outer)]
    return sorted(found + inner, key=lambda s: s.start)


_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[\u2014,:]))[\u2018'](?P<text>[^\u2018]+?)"
                     r"[\u2019'](?=[\s,.;:!?\u201d\"\u2014)]|$)")


# single marks that are never apostrophes: German ‚…‘, guillemets ‹…› and ›…‹
_OTHER_SINGLE = re.compile("\u201a(?P<low>[^\u201a\u2018\u2019]+)[\u2018\u2019]|"
                           "\u2039(?P<angle>[^\u2039\u203a]+)\u203a|"
                           "\u203a(?P<back>[^\u2039\u203a]+)\u2039")


def _other_singles(text: str, offset: int, inner: bool) -> list[Span]:
    spans_found = []
    for m in _OTHER_SINGLE.finditer(text):
        group = next(g for g in ("low", "angle", "back") if m.group(g) is not None)
        spans_found.append(Span(offset + m.start(group), offset + m.end(group), inner=inner))
    return spans_found


def _singles(paragraph: str, outer: Span) -> list[Span]:
    text = paragraph[outer.start:outer.end]
    return [Span(outer.start + m.start("text"), outer.start + m.end("text"), inner=True)
            for m in _SINGLE.finditer(text)] + _other_singles(text, outer.start, inner=True)


def masked(paragraph: str) -> str:
    """The paragraph with every quoted text (and its marks) blanked out, offsets kept: what the
    article says in its own voice."""
    chars = list(paragraph)
    for s in spans(paragraph):
        if not s.inner:
            for i in range(max(0, s.start - 1), min(len(chars), s.end + 1)):
                chars[i] = " "
    return "".join(chars)
