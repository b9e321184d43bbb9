"""Shaped lines: a paragraph with right-to-left or shaped text broken into lines and ordered.

In: the paragraph's text as `Segment`s (a stretch in one face and colour), its direction, and a
line width. Out: `Line`s, each the logical stretch of text it holds and its `Run`s in the order
they are shown, left to right, each run shaped in its direction (`layout.shaping`).

Lines are broken where a line may end (`line_breaks.can_break`: after spaces, hyphens and slashes,
around East Asian characters; after a URL's slash only as the Latin paragraphs allow it:
`Breaker._may_split`) and between Thai words (`layout.thai`), measuring the shaped text,
so a line never passes the margin and the fit stage counts the lines that are drawn. A word wider
than a line is cut between characters, at a cluster's end unless one cluster alone is wider
than the line. Each line is then ordered by the bidi algorithm (`layout.bidi`: the paragraph's levels, rules L1 and L2 per line);
the bidi isolates around the pieces briefgen composes (a date, a link) and the marks of direction an
author typed (LRM, RLM, ALM) order the paragraph, then are dropped: they have no glyph.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from briefgen.input.text import BIDI_MARKS
from briefgen.layout import bidi, shaping

URI_WASTE = 0.7  # 1 - reportlab's uriWasteReduce for the Latin paragraphs (`layout.paragraphs`)


class Segment(NamedTuple):
    """A stretch of a paragraph's text printed in one face, colour and decoration."""

    text: str
    font: str  # reportlab's name of the face
    colour: str  # '#RRGGBB'
    underline: bool = False
    href: str | None = None  # a link's address


class Run(NamedTuple):
    """A stretch of a line in one face and one direction, shaped, as it is shown."""

    glyphs: object  # reportlab's ShapedStr
    width: float
    segment: Segment
    text: str  # in logical order
    rtl: bool
    start: int  # where its text starts in the line's
    in_order: bool  # do its glyphs' characters read back as its text (`shaping.Shaped`)?
    private: tuple[tuple[int, str], ...]  # what its glyphs without a character stand for
    level: int = 0  # its bidi embedding level (odd: right to left)
    marks: tuple[int, ...] = ()  # its glyphs drawn apart, told by their letter's (`shaping`)


class Line(NamedTuple):
    """One line: its text in logical order (for /ActualText), its runs left to right, its
    width in points, and whether its paragraph runs right to left."""

    text: str
    runs: tuple[Run, ...]
    width: float
    rtl: bool = False


def _owners(segments: list[Segment]) -> list[int]:
    """The index of the segment each character of the paragraph's text belongs to."""
    return [i for i, segment in enumerate(segments) for _ in segment.text]


def _pieces(text: str, owners: list[int], start: int, end: int):
    """(start, end) of each stretch of text[start:end] that lies in one segment."""
    i = start
    while i < end:
        j = i + 1
        while j < end and owners[j] == owners[i]:
            j += 1
        yield i, j
        i = j


class Breaker:
    """Measures and breaks one paragraph's text (its segments joined) at one size."""

    def __init__(self, segments: list[Segment], direction: str, size: float) -> None:
        from briefgen.layout.line_breaks import can_break

        joined = "".join(s.text for s in segments)
        levels = bidi.levels(joined, direction)
        if BIDI_MARKS.search(joined):  # ordered by, then dropped: they print as nothing
            levels = tuple(level for level, c in zip(levels, joined) if not BIDI_MARKS.match(c))
            segments = [Segment(BIDI_MARKS.sub("", s.text), *s[1:]) for s in segments]
        self.segments = segments
        self.text = "".join(s.text for s in segments)
        self.owners = _owners(segments)
        self.direction = direction
        self.size = size
        self.levels = levels
        text = self.text
        breaks = {i for i in range(1, len(text)) if can_break(text[i - 1], text[i])}
        if any("\u0e00" <= c <= "\u0e7f" for c in text):
            from briefgen.layout.thai import word_starts

            breaks |= {i for i in word_starts(text) if not text[i - 1].isspace()
                       and not text[i].isspace()}
        self.breaks = sorted(breaks)

    def width(self, start: int, end: int) -> float:
        """The shaped width of text[start:end], each segment's stretch shaped on its own."""
        total = 0.0
        for i, j in _pieces(self.text, self.owners, start, end):
            piece = self.text[i:j]
            rtl = self.levels[i] % 2 == 1
            total += shaping.width(piece, self.segments[self.owners[i]].font, self.size, rtl)
        return total

    def lines(self, widths: list[float]) -> list[Line]:
        """The paragraph broken greedily into lines of these widths (the last repeats)."""
        text, out = self.text, []
        start = 0
        stops = self.breaks + [len(text)]
        while start < len(text):
            while start < len(text) and text[start].isspace():
                start += 1
            if start >= len(text):
                break
            room = widths[min(len(out), len(widths) - 1)]
            end = self._fit(start, [s for s in stops if s > start], room)
            out.append(self.line(start, end))
            start = end
        return out

    def _fit(self, start: int, stops: list[int], room: float) -> int:
        """Where the line starting at `start` ends: the last stop whose text fits, else (a word
        wider than the line) the most characters that fit (`_cut`)."""
        best = None
        for stop in stops:
            if not self._fits(start, self._trim(start, stop), room):
                break
            if self.text[stop - 1] != "/" or self._may_split(start, stop, room):
                best = stop
        return best if best is not None else self._cut(start, stops[0], room)

    def _may_split(self, start: int, stop: int, room: float) -> bool:
        """May the line starting at `start` end after the slash before `stop` (in a URL, say)?
        As the Latin paragraphs break (reportlab's `uriWasteReduce`, `layout.paragraphs`): only
        where the word is wider than the line, or where moving it whole to the next line would
        leave this one less than 70% full; else the word moves whole, never leaving
        `https://` at the line's end."""
        text = self.text
        first = stop - 1
        while first > start and not text[first - 1].isspace():
            first -= 1
        last = stop
        while last < len(text) and not text[last].isspace():
            last += 1
        if first == start or self.width(start, first) <= URI_WASTE * room:
            return True
        return self.width(first, last) > room + 0.01

    def _fits(self, start: int, end: int, room: float) -> bool:
        """Does text[start:end] fit in `room`? Prefixes of doubling length are measured first,
        so a word thousands of letters long is not shaped whole for every line it fills."""
        length = 64
        while start + length < end:
            if self.width(start, start + length) > room + 0.01:
                return False
            length *= 2
        return self.width(start, end) <= room + 0.01

    def _cut(self, start: int, end: int, room: float) -> int:
        """The most characters of text[start:end] (a word wider than the line) that fit, found
        by doubling then halving (a few shapings a line, not one a character), ending at a
        cluster's end; a single cluster wider than the line (a letter under thousands of
        marks) is cut inside, so nothing passes the margin."""
        def fits(i: int) -> bool:
            return self.width(start, i) <= room + 0.01

        low, high = start + 1, start + 2
        while high < end and fits(high):
            low, high = high, min(end, start + 2 * (high - start))
        if high >= end:
            high = end
            if fits(end):
                return end
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if fits(middle) else (low, middle)
        cut = low
        while cut > start + 1 and unicodedata.combining(self.text[cut]):
            cut -= 1
        if cut == start + 1:  # the first cluster alone: whole when it fits, else cut inside
            whole = cut
            while whole < end and unicodedata.combining(self.text[whole]):
                whole += 1
            cut = whole if fits(whole) else low
        return cut

    def _trim(self, start: int, end: int) -> int:
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return end

    def line(self, start: int, end: int) -> Line:
        """The line holding text[start:end] (its trailing spaces dropped), ordered for
        showing."""
        end = self._trim(start, end)
        text = self.text[start:end]
        levels = bidi.line_levels(text, self.levels[start:end], self.direction)
        spans, run_levels = [], []
        i = 0
        while i < len(text):
            j = i + 1
            while j < len(text) and levels[j] == levels[i] and \
                    self.owners[start + j] == self.owners[start + i]:
                j += 1
            spans.append((i, j))
            run_levels.append(levels[i])
            i = j
        runs = []
        for k in bidi.visual_order(run_levels):
            i, j = spans[k]
            segment = self.segments[self.owners[start + i]]
            rtl = run_levels[k] % 2 == 1
            made = shaping.shaped(text[i:j], segment.font, rtl)
            runs.append(Run(made.glyphs, made.advance * self.size / 1000, segment, text[i:j],
                            rtl, i, made.in_order, made.private, run_levels[k],
                            made.marks))
        return Line(text, tuple(runs), sum(r.width for r in runs), self.direction == "rtl")
