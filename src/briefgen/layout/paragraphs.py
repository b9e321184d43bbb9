"""reportlab paragraphs of a document's runs, for the PDF writer and the fit stage's measures.

In: a block's runs, its Style and the Theme. Out: a reportlab Paragraph, not yet laid out, whose
markup and fragments are made once per text (without reportlab's parser when the markup is what
briefgen writes: `briefgen.speedups.fragments`), and whose lines break as Word and LibreOffice
break them where reportlab's breaking would differ.

Fonts come from `briefgen.layout.fonts`: every text is cut into pieces by the first font of the
chain whose face for the text's style (bold, italic) has each character, and each piece is
printed in that face, embedded. A paragraph with East Asian text, which has no spaces to break
at, is broken between any two East Asian characters, as Word and LibreOffice do; so is a
paragraph with a word or URL wider than the line, which starts on a new line and is cut where
the line is full (`_Paragraph`). Nothing passes the right margin. That line breaking is a
correction, not a speed trick: it overrides reportlab's `breakLines` and builds reportlab's own
line records, names listed (and pinned by tests/test_speedups_pins.py) in `briefgen.speedups`.
"""

from __future__ import annotations

import html
from typing import NamedTuple

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.rl_config import _FUZZ

from briefgen.caches import memo
from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.layout import direction, font_files, fonts, scripts, shaping
from briefgen.layout.flow import Style
from briefgen.layout.font_chain import Chain
from briefgen.speedups import fragments as speedy_fragments
from briefgen.speedups.platypus import (
    Paragraph,
    ParaLines,
    _handleBulletWidth,
    cjkU,
    makeCJKParaLine,
)
from briefgen.speedups.wrap_once import WrapOnce


def _escape(text: str) -> str:
    """Text as reportlab's paragraph markup, every character literal (`&`, `<`, `>`)."""
    return html.escape(text, quote=False)


def pdf_font(theme: Theme, bold: bool, italic: bool, heading: bool = False) -> str:
    """The theme's font (its heading font, `heading`) in this style, as reportlab knows it."""
    return fonts.for_theme(theme, heading).primary.pdf_font(bold, italic)


SHY = "\u00ad"
BREAK_AFTER = "-/"  # a line may end after these inside a word, as in LibreOffice (ICU's rules)


def _space(u: str) -> bool:
    return u.isspace() and u not in "\u00a0\u202f"  # no-break spaces hold words together


def _can_break(before: str, after: str) -> bool:
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


can_break = _can_break  # the same rule for shaped paragraphs (`layout.shaped_lines`)


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
    what fits and ends at the last place it may (`_can_break`); a line with no such place is cut
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
            if i > start and _can_break(chars[i - 1], char):
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


class _Paragraph(WrapOnce, Paragraph):
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
            rest = _Paragraph(None, rest.style, frags=_rest(self._source,
                                                            starts[len(first.blPara.lines)]),
                              longest=self.longest, own=True)
        return [first, rest]


@memo("paragraphs.style")
def _paragraph_style(style: Style, theme: Theme, space: float = 0.0,
                     east_asian: bool = False) -> ParagraphStyle:
    return ParagraphStyle(
        "s", fontName=pdf_font(theme, style.bold, style.italic, style.heading), fontSize=style.size,
        leading=style.line, textColor=colors.HexColor(style.colour), spaceBefore=space,
        spaceAfter=0, leftIndent=style.indent, firstLineIndent=0,
        bulletIndent=style.indent - style.hanging, bulletFontName=pdf_font(theme, False, False),
        bulletFontSize=style.size, splitLongWords=1, embeddedHyphenation=1, allowWidows=1,
        allowOrphans=1, uriWasteReduce=0.3, wordWrap="CJK" if east_asian else None,
        spaceShrinkage=0,  # Word and LibreOffice never squeeze a line's spaces to fit a word
    )


class _Look(NamedTuple):
    """What a paragraph's text looks like, but for its size: from its style and the theme."""

    bold: bool
    italic: bool
    caps: bool
    colour: str
    cite: str | None  # colour of citations
    link: str | None  # colour of links
    chain: Chain


def _look(style: Style, theme: Theme) -> _Look:
    return _Look(style.bold, style.italic, style.caps, style.colour, style.cite, style.link,
                 fonts.for_theme(theme, style.heading))


def _markup(runs: d.Runs, look: _Look) -> str:
    """reportlab's paragraph markup for these runs. Every character of text is escaped here,
    the one place fact text enters reportlab, so it is always printed literally."""
    chain = look.chain
    parts = []
    for run in runs:
        bold, italic = look.bold or run.bold, look.italic or run.italic
        text = "".join(
            _escape(piece.text)
            if piece.family is chain.primary and (piece.bold, piece.italic) == (bold, italic)
            else f'<font name="{piece.family.pdf_font(piece.bold, piece.italic)}">'
                 f'{_escape(piece.text)}</font>'
            for piece in chain.pieces(run.text.upper() if look.caps else run.text, bold, italic))
        if run.bold and not look.bold:
            text = f"<b>{text}</b>"
        if run.italic and not look.italic:
            text = f"<i>{text}</i>"
        if run.cite and look.cite:
            text = f'<font color="{look.cite}">{text}</font>'
        if run.href:
            colour = f' color="{look.link}"' if look.link else ""
            # underlined as well as coloured, so a link is not told by colour alone (the
            # underline is drawn below the line: it takes no room)
            text = f'<a href="{html.escape(run.href)}"{colour} underline="1">{text}</a>'
        parts.append(text)
    return "".join(parts)


class _Text(NamedTuple):
    """A paragraph's text at no particular size: its markup and fragments, whether it has East
    Asian text, and its longest word's length in characters."""

    markup: str
    fragments: tuple
    east_asian: bool
    longest: int


@memo("paragraphs.text")
def _text(runs: d.Runs, look: _Look) -> _Text:
    """A paragraph's text, made once for all sizes: only the fragments' font size depends on
    the style's size, and the fit stage makes each paragraph at several sizes."""
    markup = _markup(runs, look)
    fragments = _parsed(markup, look.chain.primary.pdf_font(look.bold, look.italic), look.colour)
    longest = max((len(w) for f in fragments for w in getattr(f, "text", "").split()), default=0)
    return _Text(markup, fragments, any(scripts.has_east_asian(run.text) for run in runs),
                 longest)


def _parsed(markup: str, font: str, colour: str) -> tuple:
    """reportlab's parse of paragraph markup into fragments: made without reportlab's parser
    (`briefgen.speedups.fragments`) when the markup is what `_markup` writes."""
    fragments = speedy_fragments.made(markup, font, colour)
    if fragments is None:
        style = ParagraphStyle("p", fontName=font, textColor=colors.HexColor(colour))
        fragments = tuple(Paragraph(markup, style).frags)
    font_files.register({fragment.fontName for fragment in fragments})  # a <b> in italics, say
    return fragments


def paragraph(runs: d.Runs, style: Style, theme: Theme, space: float = 0.0,
              bullet: str | None = None) -> Paragraph:
    """The paragraph of these runs in this style, not yet laid out: shaped and ordered by
    `layout.shaped_paragraph` when a run holds right-to-left or shaped text."""
    if any(shaping.needs(run.text) for run in runs) or (
            style.rtl and direction.paragraph_direction("".join(r.text for r in runs), "rtl")
            == "rtl"):
        from briefgen.layout.shaped_paragraph import from_runs

        return from_runs(runs, style, _look(style, theme),
                         _paragraph_style(style, theme, space), bullet)
    text = _text(runs, _look(style, theme))
    frags = speedy_fragments.sized(text.fragments, style.size)
    return _Paragraph(text.markup, _paragraph_style(style, theme, space, text.east_asian),
                      bulletText=bullet, frags=frags, longest=text.longest)
