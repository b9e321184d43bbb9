"""How a reader's tools are told what a brief's pieces are, decided once for every format that
marks them (the tagged PDF's structure, the HTML's elements, the DOCX's run languages): which
text is the facts' own, in the facts' language, and which piece is the top heading.

In: a `LaidOut`. Out: plain values; nothing is drawn here, so the formats cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.compose import document as d

if TYPE_CHECKING:
    from briefgen.layout.flow import Piece
    from briefgen.layout.laid_out import LaidOut

# the sections the built-in template titles with its own words; any other is the facts' own
# (a facts file's `sections`), its title in the facts' language
BUILT_IN_SECTIONS = frozenset({"header", "summary", "background", "key_points", "timeline",
                               "quotes", "figures", "outlook", "recommendations",
                               "recommendation", "sources", "footer"})
# paragraph roles holding the facts' text; the others (notes, the masthead, a body paragraph
# such as the audience's fixed recommendation) hold the brief's words
FACT_ROLES = frozenset({"title", "lead"})


def foreign_language(laid_out: LaidOut) -> str | None:
    """The facts' language where it is not the brief's (English facts built with `--language
    fr`), for the elements holding the facts' text; None when the two are the same."""
    meta = laid_out.metadata
    text = meta.text_language or meta.language
    same = text.replace("_", "-").lower() == meta.language.replace("_", "-").lower()
    return None if same else text


def top_heading(laid_out: LaidOut) -> Piece | None:
    """The brief's one top heading: the title paragraph, else the masthead (an audience that
    prints no title), whichever first has text; None without either (then the sections'
    headings are the top level)."""
    paragraphs = [p for p in laid_out.pieces if p.kind == "paragraph"]
    for role in ("title", "masthead"):
        found = next((p for p in paragraphs if p.block.role == role), None)
        if found is not None and d.plain_text(found.block.runs).strip():
            return found
    return None
