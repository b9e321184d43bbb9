"""Speed tricks: every shortcut briefgen takes through a library's internals to make a brief
faster, one module per trick. They change how fast a brief is made, never its bytes.

In: the environment variable BRIEFGEN_SPEEDUPS, read once, when this package is first imported:
unset, empty or `on` turns the tricks on; `off` makes each module below take the library's own,
documented way instead (reportlab's paragraph parser, python-docx's full parse and save); any
other value is refused with one error line. Out: `ENABLED`, which each trick consults.
tests/test_speedups_switch.py builds briefs both ways, in fresh processes, and compares the bytes.

The speed tricks, each switched off by BRIEFGEN_SPEEDUPS=off (module: upstream names it relies
on, and what it relies on them for):

| module        | upstream names (library)                       | relied on for                  |
|---------------|------------------------------------------------|--------------------------------|
| lazy_regex,   | `reportlab.platypus.paragraph.uri_pat`, made   | the web address pattern made   |
| platypus      | by `re.compile` at import; `sys._getframe`     | on first use, only `.match`ed  |
| fragments     | paraparser `ParaFrag.clone`, `__tag__`, `link`;| the parser's fragments, made   |
|               | paragraph `cleanBlockQuotedText`; lib.fonts    | without the parser from        |
|               | `ps2tt`, `tt2ps` (reportlab)                   | briefgen's own markup          |
| fragments     | rl_accel `sameFrag` comparing `nobr`           | `nobr=False` spares a lookup   |
| same_frag     | paragraph's global `sameFrag`; what the C one  | fragments compared without     |
|               | compares (reportlab, rl_accel)                 | making an error per miss       |
| deferred_     | `from PIL import Image` (lib.utils) and        | Pillow and HarfBuzz imported   |
| modules       | `import uharfbuzz` (pdfbase.ttfonts) at the    | when first used, not at start  |
|               | top level, used only later (reportlab)         |                                |
| wrap_once     | platypus `Paragraph.wrap`, `.split` (reportlab)| lines broken once per width    |
| docx_skeleton | opc `PackageReader.from_file`, `.iter_sparts`, | a skeleton opened with two     |
|               | `Unmarshaller.unmarshal`, `PartFactory`, `Part`| parts parsed, the rest bytes   |
|               | (python-docx)                                  |                                |
| docx_zip      | opc.pkgwriter `_ContentTypesItem.from_parts`,  | python-docx's members, in its  |
|               | `Part.before_marshal`, `package.rels.xml`, the | order, zipped by hand reusing  |
|               | order `OpcPackage.save` writes (python-docx);  | members deflated once          |
|               | zipfile's member headers                       |                                |

Not speed tricks, but corrections or ways of writing that also lean on internals. They stay
where they are and have no switch (turning one off would change the output, or there is no
public way to write it):

| where                 | upstream names (library)                         | relied on for         |
|-----------------------|--------------------------------------------------|-----------------------|
| layout/line_breaks.py | platypus `Paragraph.breakLines`, `breakLinesCJK` | Word-like line        |
|                       | and `split` (overridden; a split's parts made by | breaking of long      |
|                       | `self.__class__(None, style, frags=...)`),       | words and East Asian  |
|                       | `_splitpara`, `blPara`, `ParaLines`,             | text, kept by a       |
|                       | `_handleBulletWidth`, `cjkU`, `makeCJKParaLine`, | split's continuation  |
|                       | rl_config `_FUZZ` (reportlab)                    |                       |
| layout/pages.py       | platypus `Frame._atTop`, `_y`, `_y1p`,           | pages counted as the  |
|                       | `_getAvailableWidth()` (what `Frame._add` reads  | PDF's, with no canvas |
|                       | and sets), `Frame.split`; rl_config `_FUZZ`      |                       |
|                       | (reportlab)                                      |                       |
| writers/pdf_tounicode | ttfonts `makeToUnicodeCMap`, called by name from | text above U+FFFF     |
|                       | `TTFont.addObjects` (reportlab)                  | that copies back      |
| layout/measure.py     | `Table._rowHeights` (reportlab)                  | each row's height     |
| layout/rtl_table.py   | `Table.draw`'s order: `_drawBkgrnd`, the cells   | a right-to-left       |
|                       | (`_drawCell`, from `_cellvalues`, `_cellStyles`, | table's cells drawn   |
|                       | `_colpositions`, `_colWidths`), `_drawLines`;    | in reading order      |
|                       | a split's parts made by `self.__class__`         |                       |
|                       | (reportlab)                                      |                       |
| writers/pdf.py        | `canvas._doc._timeStamp` (reportlab)             | the PDF dated as the  |
|                       |                                                  | brief                 |
| writers/pdf.py,       | `BaseDocTemplate._doSave` (the document saved by | the tagged PDF: its   |
| pdf_structure.py,     | hand), `Table._renderCB` (the `renderCB` hook,   | structure tree added  |
| pdf_tags.py           | set on a copy), `Table._cellvalues` (a part's    | before saving, each   |
|                       | rows), canvas `_doc`, `_timeStamp`, `_code` (the | cell, bullet and      |
|                       | page's stream), `_annotationrefs`, `Frame.add`   | flowable marked as it |
|                       | and `split` (called by the document template),   | is drawn              |
|                       | paragraph `_drawBullet` (wrapped),               |                       |
|                       | `PDFPage.__NoDefault__` (reportlab)              |                       |
| writers/pdf_links.py  | the text object's `_linkRecord` (called by the   | a link's text tagged  |
|                       | paragraph where a link starts and ends on a      | as its Link's content |
|                       | line) and `_code` (reportlab)                    |                       |
| writers/              | `PDFDocument.info` replaced by a `PDFInfo`       | an Info dictionary    |
| pdf_structure.py      | subclass; its `_dateFormatter` (reportlab)       | with no empty entry   |
| writers/docx.py,      | `Paragraph._p`, `Document._body`, `Table._tbl`,  | XML with no setter:   |
| docx_text.py,         | `_Cell._tc`, `_Row._tr`, `InlineShape._inline`,  | links, every script's |
| docx_styles.py,       | `CT_R.add_t` (python-docx)                       | font, runs in order,  |
| docx_pages.py         |                                                  | fields, row keeps     |
| layout/font_files.py, | ttfonts `TTFont.face`: `charToGlyph`,            | which face has a      |
| layout/fonts.py       | `familyName`, `flags` (reportlab)                | character             |
| design/logo.py        | `docx.image` header reader (python-docx)         | logos checked first   |
| design/ (sandbox,     | `_Namespace__attrs`, the `_loop_vars` and        | the sandbox's limits  |
| template_limits,      | `_block_vars` keywords, `Template.               | and template error    |
| render_budget,        | _from_namespace`, `jinja_pass_arg`,              | lines                 |
| environment)          | `__jinja_exception__`, `split_template_path`     |                       |
|                       | (Jinja2)                                         |                       |

The DOCX writer builds paragraphs, runs and cells element by element (`docx_text.child`) rather than
through python-docx's setters, which also makes it fast; but it is the writer's one way of
writing XML that python-docx has no setter for, through lxml's public API, and
tests/test_docx_package.py pins its output against python-docx's setters. lxml is used through
its public API only. pyproject.toml bounds reportlab, python-docx and Jinja2 to the versions
checked. tests/test_speedups_pins.py checks each reportlab and python-docx name above (the
ToUnicode map and the fragments are checked in tests/test_writers.py, the Jinja2 names in
tests/test_sandbox.py and tests/test_template_bounds.py), so an upgrade that breaks one fails
there, by name.
"""

from __future__ import annotations

import os

from briefgen.errors import BriefgenError, Problem

VARIABLE = "BRIEFGEN_SPEEDUPS"
SETTINGS = {"": True, "on": True, "off": False}


def setting(value: str) -> bool:
    """Whether the speed tricks are on for this value of BRIEFGEN_SPEEDUPS (any case, spaces
    around ignored). A value that is neither on nor off is refused: a typo such as `of` must
    not pass for `on` in silence."""
    try:
        return SETTINGS[value.strip().lower()]
    except KeyError:
        shown = value if len(value) <= 40 else value[:39] + "\u2026"
        raise BriefgenError([Problem(VARIABLE, f"unknown value {shown!r}: use on or off")]) \
            from None


ENABLED = setting(os.environ.get(VARIABLE, ""))
