"""What the HTML writer reads off a laid-out brief before it writes a line: the ids of the
sources its citations link to, the piece that is the page's `<h1>`, the description, and the
language of the facts' own text.

In: a `LaidOut`. Out: plain values for `writers.html`.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from briefgen.compose import document as d
from briefgen.layout.reading import foreign_language
from briefgen.layout.script_language import quote_language

if TYPE_CHECKING:
    from briefgen.layout.laid_out import LaidOut

NUMBER = re.compile(r"\[(\d{1,9})\]")  # a numbered source's number: [1]
SOURCES = "sources"  # the section key of the sources


def escape(text: str) -> str:
    """Text as HTML text: `&`, `<` and `>` escaped (quotes too, so it is safe in attributes)."""
    return html.escape(text, quote=True)


def source_ids(laid_out: LaidOut) -> dict[str, str]:
    """Each source number printed -> its id (`source-3`): those of numbered items, and those a
    run-in list of sources marks as where an entry starts (`<number>[3]</number>`: a run with
    `number`), never a [3] that is only text, such as a source's title "Annex [3]"."""
    numbers: list[str] = []
    for piece in laid_out.pieces:
        if piece.kind == "number":
            found = NUMBER.fullmatch(piece.block.number or "")
            numbers += [found.group(1)] if found else []
        elif piece.kind == "paragraph":
            numbers += [found.group(1) for run in piece.block.runs if run.number
                        and (found := NUMBER.fullmatch(run.text.strip()))]
    return {n: f"source-{int(n)}" for n in dict.fromkeys(numbers)}


def foreign(laid_out: LaidOut) -> str:
    """The `lang` attribute of the facts' own text: the facts file's language, where it is
    not the brief's (`--language`, an audience's language); else nothing."""
    lang = foreign_language(laid_out)
    return f' lang="{escape(lang.replace("_", "-"))}"' if lang else ""


def description(laid_out: LaidOut) -> str:
    """The first lead paragraph's text (the bottom line), for a mail or search preview."""
    for piece in laid_out.pieces:
        if piece.kind == "paragraph" and piece.block.role == "lead":
            return d.plain_text(piece.block.runs).strip()
    return ""


def quote_lang(laid_out: LaidOut, runs) -> str:
    """The `lang` attribute of a quote's paragraph where its script tells a language other than
    the one its element is in (`layout.script_language`): a Hebrew quote in an English brief."""
    meta = laid_out.metadata
    own = quote_language("".join(run.text for run in runs), meta.text_language or meta.language,
                         foreign_language(laid_out) or meta.language)
    return f' lang="{escape(own)}"' if own else ""
