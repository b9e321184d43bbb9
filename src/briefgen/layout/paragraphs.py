"""reportlab paragraphs of a document's runs, for the PDF writer and the fit stage's measures.

In: a block's runs, its Style and the Theme. Out: a reportlab Paragraph, not yet laid out, whose
markup and fragments are made once per text (without reportlab's parser when the markup is what
briefgen writes: `briefgen.speedups.fragments`), and whose lines break as Word and LibreOffice
break them where reportlab's breaking would differ.

Fonts come from `briefgen.layout.fonts`: every text is cut into pieces by the first font of the
chain whose face for the text's style (bold, italic) has each character, and each piece is
printed in that face, embedded. Lines break as Word and LibreOffice break them
(`layout.line_breaks`).
"""

from __future__ import annotations

import html
from typing import NamedTuple

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from briefgen.caches import memo
from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.layout import direction, font_files, fonts, scripts, shaping
from briefgen.layout.flow import Style
from briefgen.layout.font_chain import Chain
from briefgen.layout.line_breaks import WordLikeParagraph
from briefgen.speedups import fragments as speedy_fragments
from briefgen.speedups.platypus import Paragraph


def _escape(text: str) -> str:
    """Text as reportlab's paragraph markup, every character literal (`&`, `<`, `>`)."""
    return html.escape(text, quote=False)


def pdf_font(theme: Theme, bold: bool, italic: bool, heading: bool = False) -> str:
    """The theme's font (its heading font, `heading`) in this style, as reportlab knows it."""
    return fonts.for_theme(theme, heading).primary.pdf_font(bold, italic)


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
    return WordLikeParagraph(text.markup, _paragraph_style(style, theme, space, text.east_asian),
                             bulletText=bullet, frags=frags, longest=text.longest)
