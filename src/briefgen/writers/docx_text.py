"""The text of a DOCX body: paragraphs, runs and links, element by element.

In: runs of a document (`compose.document`), their piece's `Style` and the `Theme`. Out: w:p, w:r
and w:hyperlink elements appended to a python-docx body, header or cell. Each run is cut into the
font runs the layout stage gives (`layout.runs`): a character the theme's font lacks is printed in
the fallback font the PDF uses for it, named in every script slot, so Word and LibreOffice cannot
pick another one. A paragraph names the style that gives it its space before (`docx_gaps`), a
citation mark, link or speaker names a character style: neither carries a size, colour or space
of its own. Elements are built in the schema's order with `child`: python-docx's setters look for
each of the (up to forty) elements that may follow the one they add, every time.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.layout import scripts
from briefgen.layout.flow import Style
from briefgen.layout.laid_out import Banner
from briefgen.layout.runs import spans
from briefgen.writers import docx_gaps as gaps
from briefgen.writers import docx_lines
from briefgen.writers.docx_direction import (
    bidi_language,
    by_direction,
    complex_size,
    paragraph_rtl,
    rtl_flags,
)
from briefgen.writers.docx_styles import CHARACTER_STYLES, STYLE_IDS, STYLE_NAMES

BREAKS = re.compile(r"[\t\r\n]")  # what python-docx's Run.text turns into w:tab and w:br


def child(parent, tag: str, **attributes: str):
    """Append a new `tag` element to `parent`, with these w: attributes, and return it. The
    writer builds paragraphs and runs in the schema's order with this: python-docx's setters
    look for each of the (up to forty) elements that may follow the one they add, every time,
    which was most of the time a brief took."""
    element = OxmlElement(tag, {qn(f"w:{name}"): value for name, value in attributes.items()})
    parent.append(element)
    return element


KEEPS = ("keepNext", "keepLines", "pageBreakBefore")  # in the schema's order


def style_paragraph(paragraph, key: str, space: float, theme: Theme,
                    keeps: tuple[str, ...] = (), rtl: bool = False) -> None:
    """Give an empty paragraph the Word style for `key` that puts `space` points before it
    (`docx_gaps`), by its id (python-docx's lookup by name would parse styles.xml), the
    page-break properties named in `keeps` (`KEEPS`: a brief of more than one page) and, `rtl`,
    the right-to-left direction (`w:bidi`: `docx_direction`). A space no style gives (the page
    marks' lines) is the paragraph's own."""
    base = STYLE_NAMES[key]
    name = gaps.style_for(key, base, space, theme)
    ppr = child(paragraph._p, "w:pPr")
    child(ppr, "w:pStyle", val=STYLE_IDS[name or base])
    for keep in KEEPS:
        if keep in keeps:
            child(ppr, f"w:{keep}")
    if rtl:
        child(ppr, "w:bidi")
    if name is None:
        child(ppr, "w:spacing", before=str(gaps.twips(space)))


def exact_line(paragraph, style: Style) -> None:
    """The PDF's line height, exactly, for a paragraph holding a run of a font taller than its
    line (`docx_lines`): "at least" would make its lines taller than the PDF's."""
    ppr = paragraph._p.pPr
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = child(ppr, "w:spacing")
    spacing.set(qn("w:line"), str(gaps.twips(style.line)))
    spacing.set(qn("w:lineRule"), "exact")


class Complex(NamedTuple):
    """A run's complex-script look (`docx_direction`): its size in half-points, whether it
    prints bold and italic, and the bold or italic its styles give that its face lacks (`off`:
    "b", "i" or both), turned off as the PDF prints it."""

    size: int
    bold: bool
    italic: bool
    off: str = ""


def _complex(size: int, span, style: Style, look: str | None = None) -> Complex | None:
    """A span's complex-script look in a paragraph of complex-script size `size` (0: none):
    bold and italic as its face prints them. Noto Naskh Arabic and Noto Sans Hebrew have no
    italic, so the PDF prints an Arabic quote upright; without `w:iCs w:val="0"` Word and
    LibreOffice would slant it after the Quote style's `w:iCs`."""
    if not size:
        return None
    bold, italic = span.bold, span.italic
    family = span.family
    if family.embedded and (bold or italic):
        face = family.face(bold, italic)
        bold = bold and face in (family.faces[1], family.faces[3])
        italic = italic and face in (family.faces[2], family.faces[3])
    off = ("b" if (style.bold or look == "speaker") and not bold else "") + \
        ("i" if style.italic and not italic else "")
    return Complex(size, bold, italic, off)


def new_run(parent, font: str | None, piece: str, colour: str | None = None,
            bold: bool = False, italic: bool = False, off: str = "", look: str | None = None,
            cs: Complex | None = None, rtl: bool = False):
    """A new, empty w:r at the end of `parent`. Its properties: its character style (`look`: a
    key of `CHARACTER_STYLES`), `font` (a fallback font, named in every script slot so the
    application cannot choose another; East Asian text gets the eastAsia hint too), bold,
    italic, the style's bold or italic turned off (`off`: "b", "i" or both, where the face
    printing the piece is regular) and `colour` ('#RRGGBB': the page marks' lines, and a
    citation or link whose piece's colour is not its character style's). A run of a paragraph
    holding complex-script text (`cs`) carries its complex-script bold, italic and size, and
    `w:rtl` if it is right-to-left text (`rtl`: `docx_direction.rtl_flags`)."""
    r = child(parent, "w:r")
    if font or bold or italic or off or colour or look or cs:
        rpr = child(r, "w:rPr")
        if look:
            child(rpr, "w:rStyle", val=STYLE_IDS[CHARACTER_STYLES[look]])
        if font:
            slots = child(rpr, "w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)
            if scripts.has_east_asian(piece):
                slots.set(qn("w:hint"), "eastAsia")
        if bold or "b" in off:
            child(rpr, "w:b", **({"val": "0"} if "b" in off else {}))
        if cs and (cs.bold or "b" in cs.off):
            child(rpr, "w:bCs", **({"val": "0"} if not cs.bold else {}))
        if italic or "i" in off:
            child(rpr, "w:i", **({"val": "0"} if "i" in off else {}))
        if cs and (cs.italic or "i" in cs.off):
            child(rpr, "w:iCs", **({"val": "0"} if not cs.italic else {}))
        if colour:
            child(rpr, "w:color", val=str(RGBColor.from_string(colour[1:])))
        if cs:
            child(rpr, "w:szCs", val=str(cs.size))
            if rtl:
                child(rpr, "w:rtl")
    return r


def add_text(r, text: str) -> None:
    """`text` into a run as python-docx's Run.text puts it; its character-by-character scan for
    tabs and line breaks (w:tab, w:br) is only run when there are some."""
    if BREAKS.search(text):
        r.text = text
    else:
        r.add_t(text)


def _look(bold: bool, italic: bool, style: Style, look: str | None = None) -> dict[str, object]:
    """A run's bold and italic as printed, against its paragraph style's and its character
    style's (`look`; a speaker's is bold): `new_run`'s arguments."""
    styled = style.bold or look == "speaker"
    off = ("b" if styled and not bold else "") + ("i" if style.italic and not italic else "")
    return {"bold": bold and not styled, "italic": italic and not style.italic, "off": off,
            "look": look}


def add_runs(paragraph, runs: d.Runs, style: Style, theme: Theme, speaker: bool = False,
             lang: str | None = None) -> None:
    """The runs at the end of a paragraph: one w:r per font run, a link as a w:hyperlink. A
    citation mark takes the citation style; in an attribution (`speaker`), bold text the
    speaker's. A paragraph with a run of a font taller than its line keeps the PDF's line
    height exactly (`exact_line`). `lang`: the runs' language (`in_language`), if not the
    brief's."""
    tall = False
    first = len(paragraph._p)
    size = complex_size(runs, style.size)
    if not size and _is_rtl(paragraph):  # digits alone in a right-to-left paragraph
        size = round(style.size * 2)
    cut = [(run, spans(run.text, theme, style.bold or (run.bold and not run.href),
                       style.italic or (run.italic and not run.href), style.heading))
           for run in runs]
    flags = rtl_flags("".join(s.text for _, made in cut for s in made)) if size else None
    for run, made in cut:
        if run.href:
            tall |= _add_link(paragraph, run, made, style, theme, size, flags)
            continue
        look = "cite" if run.cite else "speaker" if speaker and run.bold else None
        colour = _unstyled(style.cite, theme.muted) if run.cite else None
        for span in made:
            for text, rtl in by_direction(span.text, flags):
                r = new_run(paragraph._p, span.fallback, text, colour,
                            **_look(span.bold, span.italic, style, look),
                            cs=_complex(size, span, style, look), rtl=rtl)
                add_text(r, text)
            tall |= _tall(span, style)
    if tall:
        exact_line(paragraph, style)
    if lang:
        for element in paragraph._p[first:]:
            in_language(element, lang)


def _is_rtl(paragraph) -> bool:
    """Is the paragraph marked right to left (`w:bidi`)? Word and LibreOffice format its digits
    and punctuation with the complex-script properties, so a run of digits alone (a figure's
    value, 49.5) needs its complex-script bold and size there as well, or it prints regular."""
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:bidi")) is not None


def in_language(element, tag: str) -> None:
    """Every run in `element` (a w:r, or a w:hyperlink holding some) marked as in the language
    `tag` (the facts' text where the brief is in another language), so Word and LibreOffice
    check its spelling, and a screen reader reads it, in its own language: `w:lang` last in the
    run's properties, where the schema puts it after everything `new_run` writes; East Asian
    languages in `w:eastAsia` as well, complex-script ones in `w:bidi`, as Word files them."""
    value = "en-US" if tag.lower() == "en" else tag.replace("_", "-")
    attributes = {"val": value}
    if value.split("-")[0].lower() in ("ja", "zh", "ko"):
        attributes["eastAsia"] = value
    elif bidi_language(value):  # Arabic, Hebrew, Hindi, Thai...: Word's complex-script slot
        attributes["bidi"] = value
    runs = [element] if element.tag == qn("w:r") else list(element.iter(qn("w:r")))
    for r in runs:
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            r.insert(0, rpr)
        child(rpr, "w:lang", **attributes)


def _unstyled(colour: str | None, styled: str) -> str | None:
    """A citation's or link's colour when its character style, made from the theme (the muted
    and accent colours: `layout.flow.styles`), does not give it; None when it does."""
    return colour if colour is not None and colour.lower() != styled.lower() else None


def _tall(span, style: Style) -> bool:
    """Is the span in a fallback font whose line is taller than the style's?"""
    return span.fallback is not None and not docx_lines.fits(span.family, style.size, style.line)


def _add_link(paragraph, run: d.Run, made, style: Style, theme: Theme, size: int = 0,
              flags=None) -> bool:
    """A link (`made`: its spans) in the Hyperlink character style; whether it has a run of a
    tall font. `size`: the paragraph's complex-script size, if it has complex-script text
    (`complex_size`); `flags`: which characters are `w:rtl` (`by_direction`)."""
    rel = paragraph.part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = child(paragraph._p, "w:hyperlink")
    link.set(qn("r:id"), rel)
    tall = False
    colour = _unstyled(style.link, theme.accent)
    for span in made:
        for piece, rtl in by_direction(span.text, flags):
            text = child(new_run(link, span.fallback, piece, colour,
                                 **_look(span.bold, span.italic, style, "link"),
                                 cs=_complex(size, span, style, "link"), rtl=rtl), "w:t")
            text.text = piece
            text.set(qn("xml:space"), "preserve")
        tall |= _tall(span, style)
    return tall


def paragraph(container, runs: d.Runs, key: str, style: Style, theme: Theme,
              space: float, prefix: str = "", keeps: tuple[str, ...] = (),
              lang: str | None = None, direction: str = "ltr"):
    """A new paragraph at the end of `container` in the Word style for `key`, with `space`
    points before it and the page-break properties `keeps` (`style_paragraph`), right to left
    where its text is in a brief of direction `direction` (`docx_direction`): `prefix` and a
    tab (a source's number), then the runs, in the language `lang` if given (`add_runs`)."""
    made = container.add_paragraph()
    style_paragraph(made, key, space, theme, keeps, rtl=paragraph_rtl(runs, direction))
    if prefix:
        size = complex_size(runs, style.size)  # the number is in the paragraph's script
        add_text(new_run(made._p, None, prefix, cs=Complex(size, False, False) if size else None),
                 prefix + "\t")
    add_runs(made, runs, style, theme, speaker=key == "attribution", lang=lang)
    return made


def banner_lines(header, footer, banner: Banner | None, theme: Theme,
                 direction: str = "ltr") -> None:
    """A header and a footer (python-docx parts) of their own, each a paragraph in Word's Header
    or Footer style (made from the banner's style: `docx_styles`) holding the banner, if any,
    right to left where its text is in a brief of direction `direction`."""
    for part, style in ((header, "Header"), (footer, "Footer")):
        part.is_linked_to_previous = False
        line = part.paragraphs[0]
        ppr = line._p.get_or_add_pPr()
        ppr.style = STYLE_IDS[style]
        if paragraph_rtl((d.Run(banner.text),) if banner else (), direction):
            child(ppr, "w:bidi")
        if banner:
            add_runs(line, (d.Run(banner.text),), banner.style, theme)
