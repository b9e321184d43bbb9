"""Bidirectional order: in what order the characters of a line are shown (Unicode UAX #9).

In: a paragraph's text and its direction ('rtl' or 'ltr', `layout.direction`). Out: each
character's resolved embedding level (odd: right to left), and for one line of the paragraph the
runs of equal level in the order they are shown, left to right.

The levels come from fpdf2's implementation of the Unicode bidirectional algorithm (rules X1 to
I2 of UAX #9, with the bracket pairs of N0), a maintained library tested by its authors against
Unicode's BidiCharacterTest data; it is imported only when a text needs it (fpdf2's package costs
some 0.35 s to import, paid by a brief with right-to-left text only). The line rules, L1 (a
line's trailing spaces take the paragraph's level) and L2 (reverse every run at each level from
the highest down to the lowest odd one), are applied here, line by line, as UAX #9 says they
must be: a paragraph is broken into lines before it is reordered.
"""

from __future__ import annotations

import unicodedata

from briefgen.caches import memo


@memo("bidi.levels")
def levels(text: str, direction: str) -> tuple[int, ...]:
    """The embedding level of each character of `text` in a paragraph running `direction`.
    Characters the algorithm removes (embedding controls, rule X9) take the level of the
    character before them, so there is one level per character. Worked out once per text (the
    fit stage lays a paragraph out at several sizes)."""
    base = 1 if direction == "rtl" else 0
    if not text:
        return ()
    from fpdf.bidi import BidiParagraph
    from fpdf.enums import TextDirection

    paragraph = BidiParagraph(text, TextDirection.RTL if base else TextDirection.LTR)
    found: list[int | None] = [None] * len(text)
    for char in paragraph.get_characters():
        found[char.character_index] = char.embedding_level
    out, last = [], base
    for level in found:
        last = last if level is None else level
        out.append(last)
    return tuple(out)


def line_levels(text: str, levels_of_line: tuple[int, ...], direction: str) -> list[int]:
    """A line's levels after rule L1: whitespace (and isolate controls) at the end of the line,
    or before a segment or paragraph separator, takes the paragraph's level."""
    base = 1 if direction == "rtl" else 0
    out = list(levels_of_line)
    trailing = True
    for i in range(len(text) - 1, -1, -1):
        kind = unicodedata.bidirectional(text[i])
        if kind in ("S", "B"):
            out[i], trailing = base, True
        elif kind in ("WS", "FSI", "LRI", "RLI", "PDI", "BN") or not kind:
            if trailing:
                out[i] = base
        else:
            trailing = False
    return out


def visual_order(runs_levels: list[int]) -> list[int]:
    """Rule L2 on runs: given the level of each run of a line (in logical order), the indices of
    the runs in the order they are shown, left to right. Reversing whole runs of one level is
    what reversing their characters does, once each run is itself shaped in its direction."""
    order = list(range(len(runs_levels)))
    if not runs_levels:
        return order
    highest = max(runs_levels)
    odd = [level for level in runs_levels if level % 2]
    if not odd:
        return order
    for level in range(highest, min(odd) - 1, -1):
        i = 0
        while i < len(order):
            if runs_levels[order[i]] >= level:
                j = i
                while j < len(order) and runs_levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order
