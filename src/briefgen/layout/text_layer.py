"""The text a shaped line leaves in the PDF: what copying, search and screen readers get.

In: a shaped line's runs (`layout.shaped_lines.Run`) in reading order, with where each is drawn.
Out: what `shaped_paragraph.draw_line` draws besides the runs' glyphs, so that a reader that
places characters by where their glyphs are (poppler's pdftotext, PDFium) reads the line's words
as written, in logical order:

- Direction marks (`direction_marks`). poppler does not run the bidi algorithm: it reads a
  right-to-left line from its right end, a stretch of letters of a right-to-left script (and the
  spaces and brackets with them) reversed, a stretch of anything else (numbers, Latin, and the
  spaces beside them) as it stands (`reorderText` in poppler's TextOutputDev.cc). So
  `في 6 مارس` came back as `في  6مارس`: the space before `مارس` was read with the 6. Where an
  island of the other direction (a number or a Latin name in Arabic, an Arabic name in English)
  ends, and (right to left) where one begins after a number or a separator, a mark of the
  direction around it
  (U+200F RIGHT-TO-LEFT MARK, U+200E LEFT-TO-RIGHT MARK) is drawn at the island's edge, zero
  wide. It is text, and true: the bidi algorithm shows the line the same with it (the island
  ends there and the text around it goes the line's way), and it stops poppler's stretch there.
- Marks after lone signs (`_sign_marks`): poppler reads a comma, a full stop or a percent sign
  in a right-to-left line with the space after it, forwards (`للسوق ،فهبط`); a right-to-left
  mark after the sign ends its stretch there.
- Marks drawn apart (`draw_glyphs`). A right-to-left run's harakat, shadda and points are drawn
  raised above their letter (a text rise); poppler reads a raised glyph as a line of its own and
  PDFium splits the word around it. `layout.shaping` has the letter's glyph stand for the letter
  and its marks; the marks' glyphs are drawn after the run in a span whose /ActualText is empty.
"""

from __future__ import annotations

import unicodedata

MARKS = {True: "\u200f", False: "\u200e"}  # the right-to-left and left-to-right marks
NUDGE = 0.01  # points a direction mark is drawn inside the edge it marks
_WEAK = frozenset(("EN", "ES", "ET", "CS", "AN"))  # poppler's "number" class, roughly


def actual_text(text: str) -> str:
    """A PDF text string (UTF-16BE with its byte order mark, in hex) for /ActualText."""
    return "<FEFF" + text.encode("utf-16-be", "surrogatepass").hex().upper() + ">"


def direction_marks(placed: list, rtl: bool) -> dict[int, list]:
    """The direction marks of a line whose runs are `placed` ((start, x, run) in reading
    order) in a paragraph going right to left (`rtl`) or not: {k: [(right to left?, x, run
    whose face draws it)]}, drawn before run k (k = len(placed): after the last).

    Each sits just inside an edge, never where the next glyph drawn starts: poppler takes a
    character drawn within a tenth of an em of the one before for a duplicate, and splits
    the word there. Right to left, a mark after an island is drawn at the right edge of the
    run that follows it, one before an island at the island's right edge; left to right, a
    mark after an island at the island's right edge. Left to right none is needed before an
    island: poppler reads a number or a separator there with the text before it. A
    left-to-right island in a right-to-left line that ends with a bracket or a quote (a
    citation, `[2]`) also ends with a left-to-right mark, so that poppler keeps the bracket
    with it rather than with the right-to-left text beside it."""
    out: dict[int, list] = {}
    for k in range(1, len(placed)):
        prev, run = placed[k - 1][2], placed[k][2]
        if run.level < prev.level:  # an island ends: the text goes `run`'s way again
            outer = run.level
            island = _island(reversed(placed[:k]), outer)
            if not any((r.level - outer) % 2 for _, _, r in island):
                continue
            if outer % 2:
                out[k] = [(True, placed[k][1] + run.width - NUDGE, run)]
                _, x, edge = max(island, key=lambda p: p[1] + p[2].width)
                if edge.level % 2 == 0 and _neutral_end(island[0][2].text):
                    out[k].append((False, x + edge.width - 2 * NUDGE, edge))
            else:
                _, x, edge = max(island, key=lambda p: p[1] + p[2].width)
                out[k] = [(False, x + edge.width - NUDGE, edge)]
        elif run.level > prev.level and prev.level % 2 and _ends_weak(reversed(placed[:k])):
            island = _island(placed[k:], prev.level)
            if any((r.level - prev.level) % 2 for _, _, r in island):
                _, x, edge = max(island, key=lambda p: p[1] + p[2].width)
                out.setdefault(k, []).append((True, x + edge.width - NUDGE, edge))
    _sign_marks(placed, out)
    island = _island(reversed(placed), 1) if rtl else []  # one ends the line
    if island and island[0][2].level % 2 == 0 and _neutral_end(island[0][2].text):
        _, x, edge = max(island, key=lambda p: p[1] + p[2].width)
        out[len(placed)] = [(False, x + edge.width - 2 * NUDGE, edge)]
    return out


def _sign_marks(placed: list, out: dict[int, list]) -> None:
    """Add to `out` a right-to-left mark after each lone sign of poppler's number class (a
    comma, a full stop, a percent sign: `_WEAK`) in a right-to-left run. poppler reads such a
    sign with the space after it as a stretch of its own, forwards: `للسوق، فهبط` came back as
    `للسوق ،فهبط`, `20% من` (an Arabic number is an island, its percent sign is not) as
    `20 %من`. The mark ends the stretch after the sign. Two signs together (`%.`) are one
    word to poppler, which no mark drawn beside them parts: those are left."""
    for k, (_, x, run) in enumerate(placed):
        for after in _lone_signs(run):
            if after < len(run.text):
                edge = run.width * _share(run, after)
                out.setdefault(k, []).append((True, x + run.width - edge - NUDGE, run))
            elif k + 1 < len(placed):  # the sign ends the run: at the next one's edge
                _, x_next, following = placed[k + 1]
                marks = out.setdefault(k + 1, [])
                if not any(rtl for rtl, _, _ in marks):
                    marks.append((True, x_next + following.width - NUDGE, following))


def _lone_signs(run) -> list[int]:
    """Where (character offsets) each lone sign of a right-to-left run ends."""
    text = run.text
    if not run.rtl:
        return []
    weak = [unicodedata.bidirectional(c) in _WEAK for c in text]
    return [i + 1 for i in range(len(text)) if weak[i] and not (i and weak[i - 1])
            and not (i + 1 < len(text) and weak[i + 1])]


def _share(run, offset: int) -> float:
    """The part of a right-to-left run's width its first `offset` characters take."""
    data = run.glyphs.__shapeData__
    total = sum(d.x_advance for d in data) or 1.0
    return sum(d.x_advance for d in data if d.cluster < offset) / total


def _neutral_end(text: str) -> bool:
    """Does this text end with a bracket, a quote or another neutral character?"""
    return unicodedata.bidirectional(text[-1]) in ("ON", "WS") if text else False


def _island(runs, outer: int) -> list:
    """The runs, from the first, while they are embedded deeper than `outer`."""
    out = []
    for placed in runs:
        if placed[2].level <= outer:
            break
        out.append(placed)
    return out


def _ends_weak(before) -> bool:
    """Does the text before an island (its placed runs, last first) end with a number or a
    separator (a comma, a colon, a percent sign) after its last letter? poppler then reads
    that stretch with the island."""
    for _, _, run in before:
        for char in reversed(run.text):
            kind = unicodedata.bidirectional(char)
            if kind in _WEAK:
                return True
            if kind in ("L", "R", "AL"):
                return False
    return False


def draw_direction_mark(canvas, rtl: bool, x: float, run, y: float, size: float) -> None:
    """The right-to-left (`rtl`) or left-to-right mark at `x`, in `run`'s face when the face
    has it (the Noto and Liberation faces do; else none is drawn)."""
    draw_mark(canvas, MARKS[rtl], x, y, size, (run.segment.font,))


def draw_mark(canvas, mark: str, x: float, y: float, size: float, fonts) -> None:
    """A direction mark at `x` in the first of these faces that has it, if any, not painted
    (text render mode 3): Liberation draws the marks as visible signs."""
    from reportlab.pdfbase import pdfmetrics

    for font_name in fonts:
        face = getattr(pdfmetrics.getFont(font_name), "face", None)
        if face is not None and ord(mark) in getattr(face, "charToGlyph", {}):
            canvas.setFont(font_name, size)
            canvas.drawString(x, y, mark, mode=3)  # invisible: some faces draw a sign
            return


def label_needs_mark(label: str) -> bool:
    """Does a right-to-left list item's label (its number, "[2]") need a right-to-left mark
    after it? When it holds a number: poppler would read the space after it with it."""
    return any(unicodedata.bidirectional(c) in _WEAK for c in label)


def draw_glyphs(canvas, run, x: float, y: float, size: float) -> None:
    """A run's glyphs from `x`. Its marks told by their letter's glyph (`layout.shaping`) are
    drawn after the others, where shaping puts them, in a span whose /ActualText is empty:
    their text is already the letter's."""
    glyphs = run.glyphs
    if not run.marks:
        canvas.drawString(x, y, glyphs)
        return
    from reportlab.pdfbase.ttfonts import ShapedStr

    data = glyphs.__shapeData__
    apart = set(run.marks)
    kept = [i for i in range(len(glyphs)) if i not in apart]
    canvas.drawString(x, y, ShapedStr("".join(glyphs[i] for i in kept),
                                      shapeData=[data[i] for i in kept]))
    canvas.addLiteral(f"/Span <</ActualText {actual_text('')}>> BDC")
    pen = x
    for i, glyph in enumerate(glyphs):
        if i in apart:
            canvas.drawString(pen, y, ShapedStr(glyph, shapeData=[data[i]]))
        pen += data[i].x_advance * size / 1000
    canvas.addLiteral("EMC")
