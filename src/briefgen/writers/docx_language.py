"""Which of a DOCX's runs are in the facts' language rather than the brief's.

In: a `LaidOut` and one of its pieces. Out: the language tag to mark a piece's runs with
(`docx_text.in_language`), or None. Where the facts' language is the brief's, nothing is marked
(the document's default language, set in styles.xml, says it once). Otherwise the runs holding
the facts' own text get it: the title and summary, the list items, the quotes and their
attributions, the header block's values but the date, the tables' cells but a timeline's
dates, and the headings of the facts' own sections; the words the brief adds (its headings,
labels, notes and dates) stay in the brief's language. This is the set the PDF's structure tree
(`pdf_plan`) and the HTML (`html`) mark.
"""

from __future__ import annotations

from briefgen.compose import document as d
from briefgen.compose.date_labels import brief_day
from briefgen.layout.flow import Piece
from briefgen.layout.laid_out import LaidOut
from briefgen.layout.reading import BUILT_IN_SECTIONS, FACT_ROLES


def piece_language(laid_out: LaidOut, piece: Piece, lang: str | None) -> str | None:
    """The language of a heading's, paragraph's, item's or quote's runs: `lang` (the facts',
    from `layout.reading.foreign_language`) where they are the facts' text, else None."""
    if lang is None:
        return None
    if piece.kind == "heading":
        key = laid_out.document.sections[piece.section].key
        return None if key in BUILT_IN_SECTIONS else lang
    if piece.kind == "paragraph":
        return lang if piece.block.role in FACT_ROLES else None
    return lang  # a list item, a source, a quote


def cell_languages(laid_out: LaidOut, piece: Piece, lang: str | None,
                   rows: list) -> list[list[str | None]]:
    """The language of each cell of a table or header block (`rows`: the grid's cells): the
    facts' in every cell but the header block's labels and date and a timeline's dates."""
    if lang is None:
        return [[None] * len(cells) for cells in rows]
    if piece.kind == "fields":
        day = brief_day(laid_out.document)
        return [[None, None if d.plain_text(cells[1]) == day else lang] for cells in rows]
    timeline = laid_out.document.sections[piece.section].key == "timeline"
    header = bool(getattr(piece.block, "header", None))
    return [[None if timeline and c == 0 and not (header and r == 0) else lang
             for c in range(len(cells))] for r, cells in enumerate(rows)]
