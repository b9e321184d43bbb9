"""The DOCX writer: a laid-out brief -> DOCX bytes, with python-docx.

In: a `LaidOut` (`briefgen.layout.laid_out`). Out: the DOCX's bytes. It writes the layout's
pieces in order, each in the Word style with the same font, size, line height and space before
as the PDF (`docx_styles`, `docx_gaps`), so Word and LibreOffice break lines where reportlab
did, and a paragraph carries no spacing, size or colour of its own; tables from the layout's shared
geometry, the logo where the layout placed it, and the shared metadata. Everything is styled
through named Word styles (`docx_styles`), so a user can restyle the memo in Word.

Each brief opens its theme's skeleton (`docx_styles.skeleton`) with only the two parts it writes
into parsed, builds its paragraphs, runs and cells element by element in the schema's order
(`docx_text`), and is zipped with the skeleton's other parts as they were deflated once
(`docx_package`). The same laid-out brief always gives the same bytes.
"""

from __future__ import annotations

import datetime
import functools
import io
import re

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.input.language_codes import base
from briefgen.layout.direction import language_direction
from briefgen.layout.flow import ATTRIBUTION_SPACE, Piece
from briefgen.layout.laid_out import CREATOR, Banner, LaidOut, LogoBox, Metadata
from briefgen.layout.reading import foreign_language
from briefgen.layout.runs import spans
from briefgen.layout.script_language import quote_language
from briefgen.layout.tables import RULE_WIDTH
from briefgen.writers import docx_package, docx_parts, docx_text
from briefgen.writers.docx_direction import bidi_language, paragraph_rtl, section_rtl, table_rtl
from briefgen.writers.docx_isolates import as_marks
from briefgen.writers.docx_language import cell_languages, piece_language
from briefgen.writers.docx_styles import STYLE_IDS, TABLE_STYLE, skeleton
from briefgen.writers.docx_text import add_runs, banner_lines, child, style_paragraph


def _twips(points: float) -> str:
    """Twentieths of a point, for the table's cell margins."""
    return str(round(points * 20))


def _table(doc, piece: Piece, laid_out: LaidOut, lang: str | None = None,
           direction: str = "ltr") -> None:
    """A fields block or table, from the layout's geometry (`layout.tables`). In a brief of
    more than one page no row splits across pages and a table's header row is repeated. `lang`:
    the facts' language, for the cells holding their text (`docx_language`). In a right-to-left
    brief (`direction`) its first column is at the right (`docx_direction`)."""
    grid = laid_out.table(piece)
    widths, rows = grid.widths, grid.rows
    langs = cell_languages(laid_out, piece, lang, rows)
    header = isinstance(piece.block, d.Table) and bool(piece.block.header)
    # not doc.add_table: it looks the default table style up in styles.xml, left unparsed
    table = doc._body.add_table(len(rows), len(widths), Pt(sum(widths)))
    table._tbl.tblPr.style = STYLE_IDS[TABLE_STYLE]
    if direction == "rtl":
        table_rtl(table._tbl.tblPr)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", grid.top), ("left", grid.left), ("bottom", grid.bottom),
                        ("right", grid.right)):
        child(margins, f"w:{side}", w=_twips(value), type="dxa")
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption",
                                           "w:tblDescription")
    _look(table._tbl.tblPr, header)
    for column, w in zip(table.columns, widths):
        column.width = Pt(w)
    rule = str(round(RULE_WIDTH * 8))  # Word's border widths are in eighths of a point
    for r, (row, cells) in enumerate(zip(table.rows, rows)):
        for c, (cell, runs) in enumerate(zip(row.cells, cells)):
            cell.width = Pt(widths[c])
            first = cell.paragraphs[0]
            # a table has no space before of its own: the first row's paragraphs take it
            rtl = paragraph_rtl(runs, direction)
            style_paragraph(first, grid.kinds[c], piece.space if r == 0 else 0.0, laid_out.theme,
                            rtl=rtl)
            if direction == "rtl" and not rtl:  # a Latin value at its label's side, the right
                first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            add_runs(first, runs, grid.styles[c], laid_out.theme, lang=langs[r][c])
            tc_pr = cell._tc.get_or_add_tcPr()
            if c == 0 and (laid_out.pages > 1 or (r == 0 and header)):
                _keep_row(row, header=r == 0 and header, keep=laid_out.pages > 1)
            if grid.rule and r == len(rows) - 1:
                child(child(tc_pr, "w:tcBorders"), "w:bottom", val="single", sz=rule,
                       space="0", color=grid.rule[1:])
            elif grid.shade and r % 2 == 0:
                child(tc_pr, "w:shd", val="clear", color="auto", fill=grid.shade[1:])


def _look(tbl_pr, header: bool) -> None:
    """What the table style's conditional looks apply to (w:tblLook): a header row only where
    the table has one (pandoc and screen readers take a claimed first row for headers); else a
    first column, which names each row (the TO/FROM labels, the timeline's dates, the figures),
    as the PDF's row headers and the HTML's `<th scope="row">` say; no banding or last row. The
    table style has no look of its own for either, so the page looks the same."""
    look = tbl_pr.find(qn("w:tblLook"))
    flags = {"firstRow": header, "lastRow": False, "firstColumn": not header,
             "lastColumn": False, "noHBand": True, "noVBand": True}
    for name in list(look.attrib):
        del look.attrib[name]
    for name, on in flags.items():
        look.set(qn(f"w:{name}"), "1" if on else "0")
    # the same in Word 2007's bit mask: firstRow 0x20, firstColumn 0x80, noHBand 0x200,
    # noVBand 0x400
    look.set(qn("w:val"), f"{(0x20 if header else 0x80) | 0x600:04X}")


def _keep_row(row, header: bool, keep: bool) -> None:
    """A row that cannot split across pages (`keep`: a brief of more than one page); a table's
    header row marked as such (w:tblHeader: read as header cells, and repeated on each page)."""
    tr_pr = row._tr.get_or_add_trPr()
    if keep:
        child(tr_pr, "w:cantSplit")
    if header:
        child(tr_pr, "w:tblHeader")


def _keeps(laid_out: LaidOut, i: int, piece: Piece) -> tuple[tuple[str, ...], float]:
    """The page-break properties of the i-th piece and the space before it. In a brief of more
    than one page they follow the layout's keep rules (`layout.pages`): no paragraph splits
    (but one taller than a page), a heading and a quote (but one taller than a page) keep with
    what follows them, and a piece that starts a page does so, without its space."""
    if laid_out.pages <= 1:
        return (), piece.space
    tall = i in laid_out.tall
    keeps: tuple[str, ...] = () if tall else ("keepLines",)
    # a quote taller than a page splits where the page ends (as in the PDF): keep-with-next on
    # it would make LibreOffice move it, its heading and attribution on as one block
    if piece.kind == "heading" or (piece.kind == "quote" and not tall):
        keeps += ("keepNext",)
    if i in laid_out.breaks:
        return keeps + ("pageBreakBefore",), 0.0
    return keeps, piece.space


def _piece(doc, piece: Piece, laid_out: LaidOut, i: int, facts: str | None = None,
           direction: str = "ltr") -> None:
    """The i-th piece of the flow, in its Word style (`_keeps`: its page-break properties);
    the facts' text in their language `facts` where it is not the brief's (`docx_language`);
    each paragraph right to left where its text is, in a brief of direction `direction`."""
    block, theme = piece.block, laid_out.theme
    keeps, space = _keeps(laid_out, i, piece)
    lang = piece_language(laid_out, piece, facts)
    paragraph = functools.partial(docx_text.paragraph, direction=direction)
    if piece.kind == "heading":
        paragraph(doc, (d.Run(block.title),), "heading", piece.style, theme, space, keeps=keeps,
                  lang=lang)
    elif piece.kind == "paragraph":
        paragraph(doc, block.runs, block.role, piece.style, theme, space, keeps=keeps,
                  lang=lang)
    elif piece.kind == "item":
        paragraph(doc, block.runs, "item", piece.style, theme, space, keeps=keeps, lang=lang)
    elif piece.kind == "number":
        paragraph(doc, block.runs, "number", piece.style, theme, space,
                  prefix=block.number or "", keeps=keeps, lang=lang)
    elif piece.kind == "quote":  # in its own language where its script tells it
        meta = laid_out.metadata
        own = quote_language(d.plain_text(block.runs), meta.text_language or meta.language,
                             lang or meta.language)
        paragraph(doc, block.runs, "quote", piece.style, theme, space, keeps=keeps,
                  lang=own or lang)
        paragraph(doc, block.attribution, "attribution", piece.small, theme, ATTRIBUTION_SPACE,
                  keeps=tuple(k for k in keeps if k == "keepLines"), lang=lang)
    else:
        _table(doc, piece, laid_out, facts, direction)


def write(laid_out: LaidOut) -> bytes:
    """The DOCX's bytes."""
    kept = skeleton(laid_out.theme)
    doc = kept.open()
    facts = foreign_language(laid_out)
    direction = language_direction(laid_out.metadata.language)
    for i, piece in enumerate(laid_out.pieces):
        _piece(doc, piece, laid_out, i, facts, direction)
    _banners(doc, laid_out.banner, laid_out.theme, direction)
    if direction == "rtl":
        section_rtl(doc)
    if laid_out.marks is not None:
        from briefgen.writers.docx_pages import page_marks

        page_marks(doc, laid_out)
    if laid_out.logo is not None:
        _logo(doc, laid_out.logo, first_page_only=laid_out.marks is not None,
              alt=laid_out.logo_alt)
    as_marks(doc)  # the bidi isolates as marks and embeddings, which Word and LibreOffice lay out
    _metadata(doc, laid_out.metadata)
    return docx_package.zip_entries(_in_language(doc, kept, laid_out.metadata.language))


CJK = ("ja", "zh", "ko")  # languages Word files under w:eastAsia


def _in_language(doc, kept: docx_package.Skeleton, tag: str) -> list[docx_package.Entry]:
    """The package's members in the brief's language: the core properties' `dc:language`, the
    styles' default `w:lang` and the settings' `w:themeFontLang` (`w:eastAsia` for Japanese,
    Chinese and Korean, as Word writes it, `w:bidi` as well as `w:val` for Arabic and Hebrew,
    `w:val` for the others), so Word and LibreOffice check spelling and pick fonts for it.
    An English brief keeps python-docx's en-US, byte for byte."""
    if tag == "en":
        return docx_package.entries(doc.part.package, kept.kept)
    doc.core_properties.language = tag
    members = docx_package.entries(doc.part.package, kept.kept)
    which = "w:eastAsia" if base(tag) in CJK else "w:bidi" if bidi_language(tag) else "w:val"
    theme_lang = {"w:eastAsia": f'<w:themeFontLang w:val="en-US" w:eastAsia="{tag}"/>',
                  "w:bidi": f'<w:themeFontLang w:val="{tag}" w:bidi="{tag}"/>',
                  "w:val": f'<w:themeFontLang w:val="{tag}"/>'}[which].encode()
    out = []
    for member in members:
        if member.name == "word/styles.xml":
            xml = member.blob()
            for slot in ("w:val", which) if which == "w:bidi" else (which,):
                xml = re.sub(rf'(<w:lang\b[^>]*\b{slot}=")[^"]*(")'.encode(),
                             rb"\g<1>" + tag.encode() + rb"\g<2>", xml)
            member = docx_package.Entry.deflate(member.name, xml)
        elif member.name == "word/settings.xml":
            xml = re.sub(rb"<w:themeFontLang\b[^>]*/>", theme_lang, member.blob())
            member = docx_package.Entry.deflate(member.name, xml)
        out.append(member)
    return out


def _banners(doc, banner: Banner | None, theme: Theme, direction: str = "ltr") -> None:
    """The banner in the page's header and footer paragraphs (Word's Header and Footer styles,
    made from the same style: `docx_styles`)."""
    section = doc.sections[0]
    banner_lines(section.header, section.footer, banner, theme, direction)


def _logo(doc, box: LogoBox, first_page_only: bool = False, alt: str = "") -> None:
    """The logo as a floating picture in the page header (the first page's only, in a brief of
    more than one page), placed from the page's corner exactly where the PDF draws it; floating,
    it cannot push the text down. `alt` is its description (`descr`), as the PDF's Figure's."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    x, y, width, height = (Pt(v) for v in (box.x, box.y, box.width, box.height))
    section = doc.sections[0]
    header = section.first_page_header if first_page_only else section.header
    run = header.paragraphs[0].add_run()
    inline = run.add_picture(io.BytesIO(box.logo.data), width=width, height=height)._inline
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp", "a", "pic", "r")} distT="0" distB="0" distL="0" distR="0" '
        'simplePos="0" relativeHeight="0" behindDoc="0" locked="1" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{int(x)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{int(y)}</wp:posOffset></wp:positionV>'
        '</wp:anchor>')
    for name in ("extent", "effectExtent"):
        found = inline.find(qn(f"wp:{name}"))
        if found is not None:
            anchor.append(found)
    anchor.append(parse_xml(f'<wp:wrapNone {nsdecls("wp")}/>'))
    if alt:
        inline.find(qn("wp:docPr")).set("descr", alt)
    for name in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        anchor.append(inline.find(qn(name)))
    inline.getparent().replace(inline, anchor)


def _metadata(doc, meta: Metadata) -> None:
    """The core properties: what the brief says, dated with the brief's date; none empty."""
    props = doc.core_properties
    props.title = _property(meta.title)
    props.author = _property(meta.author)
    props.subject = _property(meta.subject)
    props.last_modified_by = CREATOR
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    moment = datetime.datetime(1980, 1, 1)
    if meta.date:
        moment = datetime.datetime.fromisoformat(meta.date)
    props.created = props.modified = moment
    docx_parts.drop_empty(doc.part.package)


def _property(text: str) -> str:
    """A document property: Word allows 255 characters, so a longer text is cut with '…'."""
    return text if len(text) <= 255 else text[:254] + "…"


def prepare(theme: Theme) -> None:
    """Make the theme's skeleton and read its fonts now (the DOCX process does so while the
    brief is fitted): the regular, bold and italic faces, whose characters decide each piece's
    face in those styles."""
    skeleton(theme)
    for bold, italic in ((False, False), (True, False), (False, True)):
        spans("A", theme, bold, italic)
