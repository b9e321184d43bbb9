"""The page marks of a DOCX of more than one page: page numbers and the running header.

In: a python-docx document whose header and footer hold the banner (`writers.docx`), and the
`LaidOut` brief with its `PageMarks`. Out: the same document with, in the footer of every page,
"Page N of M" (Word's PAGE and NUMPAGES fields) right-aligned on the line above the banner; a
first-page header of its own (the banner, and the logo if any), and on the other pages' header
the running header (title and date) on the line below the banner. Both lines take the gaps the
layout decided (`PageMarks.header_space`, `footer_space`), so they sit in the margins where the
PDF draws them and never push the text down.
"""

from __future__ import annotations

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from briefgen.compose import document as d
from briefgen.layout.direction import language_direction
from briefgen.layout.laid_out import LaidOut
from briefgen.layout.runs import spans
from briefgen.writers.docx_direction import (
    by_direction,
    complex_size,
    paragraph_rtl,
    right_to_left,
    rtl_flags,
)
from briefgen.writers.docx_text import (
    Complex,
    add_text,
    banner_lines,
    child,
    new_run,
    style_paragraph,
)

MARK_STYLE = "cell"  # the small, regular text style the marks' lines take (in the muted colour)


def _line(container, text: str, laid_out: LaidOut, space: float, whole: str = ""):
    """A paragraph of the marks' style with `text` in its font runs, `space` points before it;
    right to left where the line (`whole`, if `text` is only its start) is, in the brief's
    direction (`docx_direction`)."""
    marks = laid_out.marks
    made = container.add_paragraph()
    line = (d.Run(whole or text),)
    style_paragraph(made, MARK_STYLE, space, laid_out.theme,
                    rtl=paragraph_rtl(line, language_direction(laid_out.metadata.language)))
    _spans(made, text, laid_out, complex_size(line, marks.style.size))
    return made


def _spans(made, text: str, laid_out: LaidOut, size: int) -> None:
    """`text` at the end of a marks' line, in its font runs (with the line's complex-script
    size, `size`, if it has complex-script text)."""
    colour = laid_out.marks.style.colour
    made_spans = spans(text, laid_out.theme, False, False)
    flags = rtl_flags("".join(span.text for span in made_spans)) if size else None
    for span in made_spans:
        for piece, rtl in by_direction(span.text, flags):  # w:rtl on right-to-left text only
            add_text(new_run(made._p, span.fallback, piece, colour=colour,
                             cs=Complex(size, False, False) if size else None, rtl=rtl), piece)


def _field(paragraph, code: str, shown: str, colour: str, size: int = 0) -> None:
    """A Word field (PAGE, NUMPAGES) as its runs: begin, code, separate, the value shown until
    the application updates it, end; with the line's complex-script size (`size`), if any."""
    for part in ("begin", code, "separate", shown, "end"):
        r = new_run(paragraph._p, None, part, colour=colour,
                    cs=Complex(size, False, False) if size else None,
                    rtl=bool(size) and right_to_left(part))  # Arabic-Indic digits
        if part in ("begin", "separate", "end"):
            child(r, "w:fldChar", fldCharType=part)
        elif part == code:
            instr = child(r, "w:instrText")
            instr.text = f" {code} "
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        else:
            add_text(r, part)


def _number(footer, laid_out: LaidOut, page: int) -> None:
    """"Page N of M" right-aligned on a line above the footer's banner line, which takes the
    gap between them."""
    marks = laid_out.marks
    banner_line = footer.paragraphs[0]
    banner_line.paragraph_format.space_before = Pt(marks.footer_space)
    parts = re.split(r"(\{pages?\})", marks.numbering)  # "Page ", "{page}", " of ", ...
    made = _line(footer, parts[0], laid_out, 0.0, whole=marks.numbering)
    size = complex_size((d.Run(marks.numbering),), marks.style.size)
    made.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fields = {"{page}": ("PAGE", str(page)), "{pages}": ("NUMPAGES", str(laid_out.pages))}
    for part in parts[1:]:
        if part in fields:
            _field(made, *fields[part], marks.style.colour, size)
        elif part.isascii() and not size:
            add_text(new_run(made._p, None, part, colour=marks.style.colour), part)
        else:  # in the fonts that have its characters
            _spans(made, part, laid_out, size)
    banner_line._p.addprevious(made._p)


def page_marks(doc, laid_out: LaidOut) -> None:
    """The page numbers, the first page's own header and the running header (module doc)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    banner_lines(section.first_page_header, section.first_page_footer, laid_out.banner,
                 laid_out.theme, language_direction(laid_out.metadata.language))
    _line(section.header, laid_out.marks.running, laid_out, laid_out.marks.header_space)
    _number(section.first_page_footer, laid_out, 1)
    _number(section.footer, laid_out, 2)
