"""Lines of a reportlab paragraph broken as Word and LibreOffice break them.

In: a paragraph's fragments (reportlab's, from `layout.paragraphs`) and the widths of its lines.
Out: a `WordLikeParagraph`, which breaks its lines as below, and `can_break`, the rule of where
a line may end, which shaped paragraphs follow too (`layout.shaped_lines`).

A paragraph with East Asian text, which has no spaces to break at, is broken between any two
East Asian characters, as Word and LibreOffice do; so is a paragraph with a word or URL wider
than the line, which starts on a new line and is cut where the line is full. Nothing passes the
right margin. That line breaking is a correction, not a speed trick: it overrides reportlab's
`breakLines` and builds reportlab's own line records, names listed (and pinned by
tests/test_speedups_pins.py) in `briefgen.speedups`.
"""

from __future__ import annotations

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.rl_config import _FUZZ

from briefgen.layout import scripts
from briefgen.speedups.platypus import (
    Paragraph,
    ParaLines,
    _handleBulletWidth,
    cjkU,
    makeCJKParaLine,
)
from briefgen.speedups.wrap_once import WrapOnce

SHY = "\u00ad"
BREAK_AFTER = "-/"  # a line may end after these inside a word, as in LibreOffice (ICU's rules)


def _space(u: str) -> bool:
    return u.isspace() and u not in "\u00a0\u202f"  # no-break spaces hold words together


def can_break(before: str, after: str) -> bool:
    """May a line end between these two characters? After a space, a soft hyphen, or a hyphen or
    slash inside a word; between two characters of which one is East Asian, unless the second
    may not start a line or the first may not end one (kinsoku: not before 。、」 and the like,
    not after 「 and the like)."""
    if not before or not after or _space(after):
        return False
    if _space(before) or before == SHY:
        return True
    if before in BREAK_AFTER:  # not before a digit after a hyphen: -5, 2022-2027
        return after.isalpha() or (before == "/" and after.isdigit())
    if after in ALL_CANNOT_START or before in ALL_CANNOT_END:
        return False
    return scripts.east_asian(before) or scripts.east_asian(after)


def _has_overlong(frags: list, longest: int, width: float) -> bool:
    """Is a word (text between spaces, a URL say) wider than a line? reportlab would start it on
    the current line, where Word and LibreOffice start it on a new one, and it splits a long URL
    once only, printing the rest past the right edge. `longest`: the longest word's length."""
    if not frags:  # a paragraph with no text (a template's, left empty by `text.printed`)
        return False
    if longest * 1.5 * max(f.fontSize for f in frags) <= width:  # no glyph is 1.5 em wide
        return False
    used = 0.0
    for frag in frags:
        for char in frag.text:
            if _space(char):
                used = 0.0
            elif char != SHY:
                used += stringWidth(char, frag.fontName, frag.fontSize)
                if used > width + _FUZZ:
                    return True
    return False


def _broken_lines(frags: list, widths: list[float]) -> ParaLines:
    """Greedy line breaking, one character at a time, as LibreOffice does it: each line takes
    what fits and ends at the last place it may (`can_break`); a line with no such place is cut
    where it is full. Spaces at the ends of lines are dropped; a line ending at a soft hyphen
    shows a hyphen, and other soft hyphens are not shown. Nothing passes the right edge."""
    chars = []
    for frag in frags:
        chars += [cjkU(c, frag, "utf8") for c in frag.text] if frag.text \
            else [cjkU("", frag, "utf8")]

    def width_of(char: str) -> float:
        return 0.0 if char == SHY else char.width

    lines, starts = [], []
    start = 0
    while start < len(chars):
        while start < len(chars) and (_space(chars[start]) or chars[start] == SHY):
            start += 1
        if start == len(chars):
            break
        width = widths[min(len(lines), len(widths) - 1)]
        used, last, end, i = 0.0, None, len(chars), start
        while i < len(chars):
            char = chars[i]
            if i > start and can_break(chars[i - 1], char):
                last = i
            if i > start and not _space(char) and used + width_of(char) > width + _FUZZ:
                end = last if last is not None else i
                break
            used += width_of(char)
            i += 1
        line = [c for c in chars[start:end] if c != SHY]
        while line and _space(line[-1]):
            line.pop()
        if end < len(chars) and chars[end - 1] == SHY and line:  # broken at a soft hyphen
            line.append(cjkU("-", line[-1].frag, "utf8"))
        used = sum(c.width for c in line)
        lines.append(makeCJKParaLine(line, width, used, width - used, False, False))
        starts.append(start)
        start = end
    return ParaLines(kind=1, lines=lines, starts=starts)


def _rest(frags: list, start: int) -> list:
    """The fragments' text from character `start` on, characters counted as `_broken_lines`
    counts them (a fragment with no text is one): a split paragraph's continuation."""
    rest = []
    for frag in frags:
        size = max(len(frag.text), 1)
        if start >= size:
            start -= size
            continue
        rest.append(frag.clone(text=frag.text[start:]) if start else frag)
        start = 0
    return rest


class WordLikeParagraph(WrapOnce, Paragraph):
    """A Paragraph that breaks lines with `_broken_lines` when reportlab's own breaking would
    differ from Word's and LibreOffice's: for East Asian text (style wordWrap='CJK'), which has
    no spaces, and for text with a word wider than the line, which reportlab starts on the
    current line where Word and LibreOffice start it on a new one. Other paragraphs are broken
    by reportlab, at spaces, as Word and LibreOffice do. Lines are broken once per width
    (`briefgen.speedups.wrap_once`).

    A paragraph taller than a page (--allow-overflow) is split; both parts break their lines as
    the whole paragraph did (`own`: True with `_broken_lines`, False with reportlab's; None:
    decided by the text at each width), so the continuation has the lines the whole had."""

    def __init__(self, *args, longest: int = 0, own: bool | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._source = self.frags  # reportlab replaces self.frags with its word list
        self.longest = longest  # the longest word's length in characters
        self.own = own
        self._broke_own = False  # were the last lines broken by `_broken_lines`?

    def breakLines(self, width):
        widths = list(width) if isinstance(width, (list, tuple)) else [width]
        own = self.own
        if own is None:
            own = _has_overlong(self._source, self.longest, min(widths))
        if own:
            return self.breakLinesCJK(width)
        self._broke_own = False
        return super().breakLines(width)

    def breakLinesCJK(self, maxWidths):
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        self.height = 0
        self._broke_own = True
        _handleBulletWidth(self.bulletText, self.style, widths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        return _broken_lines(self._source, widths)

    def split(self, availWidth, availHeight):
        """reportlab's split, its parts told how the whole broke its lines. A continuation of
        `_broken_lines` lines is made of the text left after the first part's lines, so it
        breaks into the lines the whole had (reportlab's own would re-break their words)."""
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        first, rest = parts
        first.own = rest.own = self._broke_own
        starts = getattr(self.blPara, "starts", None)  # None: a split's first part split again
        if self._broke_own and starts is not None:
            rest = WordLikeParagraph(None, rest.style,
                                     frags=_rest(self._source, starts[len(first.blPara.lines)]),
                                     longest=self.longest, own=True)
        return [first, rest]
