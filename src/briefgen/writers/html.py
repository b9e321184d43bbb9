"""The HTML writer: a laid-out brief -> one self-contained, accessible HTML file, for an email
or an intranet page.

In: the laid-out brief (its `document`, `theme`, `metadata`, `logo` and `pieces` in reading
order, the ones the PDF is drawn from, so both have the same sections, items and order). Out:
UTF-8 HTML5 bytes, LF line ends, one trailing newline; the same brief gives the same bytes.

What each piece becomes: the banner a `<p role="note">` in a `<header>` at the top (after the
logo, embedded as a `data:` URI with its alternative text) and in a `<footer>` at the bottom;
the title paragraph the `<h1>` (a brief without one: its masthead, as the PDF's top heading);
a section title an `<h2>`; a list a `<ul>`, and numbered sources an `<ol>` whose items show
their number as printed ([1]) and have the id `source-1`, which each citation mark [1] links
to; a quote a `<figure>` of a `<blockquote>` and its attribution as `<figcaption>`; the
TO/FROM/DATE/SUBJECT block and a table a `<table>` (`writers.html_tables`). Bold and italic
runs are `<b>` and `<i>`; links are underlined.

Every look is an inline `style` attribute (`writers.html_css`); no script, no external file,
no remote font. Every character of text is escaped; a link's address is kept only if it is an
http(s) or mailto URL, and escaped too.
"""

from __future__ import annotations

import base64
import re
from typing import TYPE_CHECKING

from briefgen.compose import document as d
from briefgen.layout.direction import language_direction
from briefgen.layout.flow import Piece, Style, lists_gathered
from briefgen.layout.reading import FACT_ROLES, top_heading
from briefgen.writers import html_brief as brief
from briefgen.writers import html_direction as rtl
from briefgen.writers import html_tables as tables
from briefgen.writers.html_css import (
    PHONE_CSS,
    body_style,
    column_style,
    css,
    link_style,
    points,
    text_style,
)

if TYPE_CHECKING:
    from briefgen.layout.laid_out import LaidOut

_SCHEMES = ("http://", "https://", "mailto:")
_NUMBER = brief.NUMBER
_CITED = re.compile(r"\d{1,9}")  # a number inside a citation mark: [1, 3]
SOURCES = brief.SOURCES


_e = brief.escape


class Writer:
    """One brief being written: its output lines and the ids of the sources that were printed,
    which the citation marks link to."""

    def __init__(self, laid_out: LaidOut) -> None:
        self.laid = laid_out
        self.theme = laid_out.theme
        self.targets = brief.source_ids(laid_out)  # source number -> id: the numbers printed
        self.given: set[str] = set()  # ids already written: each once
        self.h1 = top_heading(laid_out)
        self.foreign = brief.foreign(laid_out)  # ' lang="fr"' on facts' text, or ""
        self.direction = language_direction(laid_out.metadata.language or "en")

    # ---- inline text ------------------------------------------------------------------------

    def runs(self, runs: d.Runs, style: Style) -> str:
        """Runs as inline HTML: bold and italic as `<b>` and `<i>`, citation marks in the
        citation colour with their numbers linked to the sources, links underlined, and a
        run-in source's number (a `number` run, [n]) given its id, which citations link to."""
        out = []
        for run in runs:
            if run.href and run.href.lower().startswith(_SCHEMES):
                text = f'<a href="{_e(run.href)}" style="{link_style(style)}">{_e(run.text)}</a>'
            elif run.cite:
                text = _CITED.sub(self.cite_link(style), _e(run.text))
                text = f'<span style="{css(color=style.cite or style.colour)}">{text}</span>'
            elif run.number:
                ident = self.new_id(run.text.strip())
                text = f'<span id="{ident}">{_e(run.text)}</span>' if ident else _e(run.text)
            else:
                text = _e(run.text)
            if run.italic:
                text = f"<i>{text}</i>"
            if run.bold:
                text = f"<b>{text}</b>"
            out.append(text)
        return "".join(out)

    def cite_link(self, style: Style):
        """A substitution giving each number of a citation mark its link to its source."""
        def link(match: re.Match) -> str:
            target = self.targets.get(match.group())
            if target is None:
                return match.group()
            return f'<a href="#{target}" style="{link_style(style)}">{match.group()}</a>'
        return link

    def new_id(self, printed: str) -> str | None:
        """The id of the source whose number is printed as `printed` ([3]), the first time it
        is asked for; else None."""
        found = _NUMBER.fullmatch(printed)
        ident = self.targets.get(found.group(1)) if found else None
        if ident is None or ident in self.given:
            return None
        self.given.add(ident)
        return ident

    # ---- blocks -------------------------------------------------------------------------------

    def margin(self, piece: Piece) -> str:
        """No margin but the space the flow puts above the piece."""
        return css(margin="0", margin_top=points(piece.space, self.theme))

    def heading(self, piece: Piece) -> str:
        style = text_style(piece.style, self.theme) + ";" + self.margin(piece)
        attr, style = rtl.block("", style, (d.Run(piece.block.title or ""),), self.direction)
        return f'<h2{attr} style="{style}">{_e(piece.block.title or "")}</h2>'

    def paragraph(self, piece: Piece) -> str:
        block: d.Paragraph = piece.block
        tag = "h1" if piece is self.h1 else "p"
        style = text_style(piece.style, self.theme) + ";" + self.margin(piece)
        lang = self.foreign if block.role in FACT_ROLES else ""
        lang, style = rtl.block(lang, style, block.runs, self.direction)
        return f'<{tag}{lang} style="{style}">' \
               f"{self.runs(block.runs, piece.style)}</{tag}>"

    def quote(self, piece: Piece) -> str:
        block: d.Quote = piece.block
        indent = points(piece.style.indent, self.theme)
        text = text_style(piece.style, self.theme, margin="0")
        attr, text = rtl.block(brief.quote_lang(self.laid, block.runs), text, block.runs,
                               self.direction)
        out = [f'<figure style="{self.margin(piece)};margin-left:{indent}">',
               f'<blockquote{self.foreign} style="margin:0"><p{attr} style="{text}">'
               f"{self.runs(block.runs, piece.style)}</p></blockquote>"]
        if block.attribution and piece.small:
            small = text_style(piece.small, self.theme, margin="0")
            attr, small = rtl.block("", small, block.attribution, self.direction)
            out.append(f'<figcaption{attr} style="{small}">'
                       f"{self.runs(block.attribution, piece.small)}</figcaption>")
        return "\n".join(out + ["</figure>"])

    fields = tables.fields  # the TO/FROM block and the tables: `writers.html_tables`
    table = tables.table

    def items(self, items: list[Piece]) -> str:
        """One list's items: a `<ol>` of sources that print their number, else a `<ul>`."""
        first = items[0]
        indent = points(first.style.indent, self.theme)
        if first.kind == "number":
            out = [f'<ol style="{self.margin(first)};padding-left:0;list-style:none">']
        else:
            out = [f'<ul class="brief-list" style="{self.margin(first)};'
                   f'padding-left:{indent}">']
        for n, piece in enumerate(items):
            block: d.ListItem = piece.block
            space = points(piece.space, self.theme) if n else "0"
            look = text_style(piece.style, self.theme, margin="0", margin_top=space)
            body = self.runs(block.runs, piece.style)
            if piece.kind == "number":
                ident = self.new_id(block.number or "")
                number = f"{_e(block.number)} " if block.number else ""
                attr = f' id="{ident}"' if ident else ""
                attr, look = rtl.block(attr, look, block.runs, self.direction)
                out.append(f'<li{attr} style="{look}">{number}{body}</li>')
            elif own := rtl.turned(block.runs, self.direction):  # its bullet at its start
                out.append(f'<li{self.foreign} dir="{own}" style="{rtl.item(look, indent)}">'
                           f"{body}</li>")
            else:
                out.append(f'<li{self.foreign} style="{look}">{body}</li>')
        out.append("</ol>" if first.kind == "number" else "</ul>")
        return "\n".join(out)

    # ---- the file -----------------------------------------------------------------------------

    def main(self) -> list[str]:
        """Every piece in reading order, each list's items written as one list."""
        return [self.items(piece) if isinstance(piece, list) else getattr(self, piece.kind)(piece)
                for piece in lists_gathered(self.laid.pieces)]

    def banner(self, space: str = "0") -> str:
        """The marking, a note centred on its own line; `space` above it."""
        banner = self.laid.banner
        if banner is None:
            return ""
        look = text_style(banner.style, self.theme, margin="0", margin_top=space,
                          text_align="center")
        return f'<p role="note" style="{look}">{_e(banner.text)}</p>'

    def logo(self) -> str:
        """The theme's logo, its very bytes as a `data:` image, at its size on the page (never
        wider than the screen), with its alternative text: the theme's `logo_alt` where a
        theme has one, else the memo's sender, else "Logo"."""
        box = self.laid.logo
        if box is None:
            return ""
        data = box.logo.data
        kind = "png" if data.startswith(b"\x89PNG") else "jpeg"
        alt = self.laid.logo_alt
        source = f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}"
        size = css(width=points(box.width, self.theme), max_width="100%", height="auto",
                   display="block", margin_bottom="0.5em")
        return f'<img src="{source}" alt="{_e(alt)}" style="{size}">'

    def page(self) -> str:
        """The whole file: the head (language, title, metadata, the phone's style), the
        header with the logo and the banner, the brief in `<main>`, the banner again below."""
        meta = self.laid.metadata
        page_dir = ' dir="rtl"' if self.direction == "rtl" else ""
        head = ['<!DOCTYPE html>', f'<html lang="{_e(meta.language or "en")}"{page_dir}>', "<head>",
                '<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f"<title>{_e(meta.title or 'Brief')}</title>"]
        if meta.author:
            head.append(f'<meta name="author" content="{_e(meta.author)}">')
        description = brief.description(self.laid)
        if description:
            head.append(f'<meta name="description" content="{_e(description)}">')
        head += ['<meta name="generator" content="briefgen">', f"<style>{PHONE_CSS}</style>",
                 "</head>", f'<body style="{body_style(self.theme)}">',
                 f'<div class="brief" style="{column_style(self.theme)}">']
        top = "\n".join(part for part in (self.logo(), self.banner()) if part)
        if top:
            head.append(f"<header>\n{top}\n</header>")
        body = ["<main>", *self.main(), "</main>"]
        end = [f"<footer>\n{self.banner('0.75em')}\n</footer>"] if self.laid.banner else []
        page = "\n".join(head + body + end + ["</div>", "</body>", "</html>"]) + "\n"
        return rtl.mirror_page(page) if self.direction == "rtl" else page


def write(laid_out: LaidOut) -> bytes:
    """The brief as one HTML file."""
    return Writer(laid_out).page().encode("utf-8")
