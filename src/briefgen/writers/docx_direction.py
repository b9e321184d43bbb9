"""Right-to-left and complex-script text in a DOCX: what Word and LibreOffice need to lay it out.

In: the runs of a paragraph and the brief's direction (`layout.direction`). Out: the answers the
DOCX writer (`docx_text`, `docx`) turns into properties, in the schema's order:

- a paragraph whose first strong character is right to left (UAX #9, P2-P3; one without a
  strong character takes the brief's direction) is a right-to-left paragraph (`w:bidi`): it
  starts at the right margin, its indents and bullet are mirrored, and Word and LibreOffice
  read `w:jc` left as its start; an English sentence stays left to right, even in an Arabic
  brief, so its full stop and brackets stay where an English reader expects them;
- Word and LibreOffice format complex-script text (Arabic, Hebrew, Devanagari, Bengali, Thai,
  ...) with the complex-script properties, not the Latin ones: its font (`w:rFonts/@w:cs`), size
  (`w:szCs`), bold and italic (`w:bCs`, `w:iCs`). The styles give the Latin ones only, so every
  run of a paragraph holding such text carries them (LibreOffice counts the spaces and digits
  between complex-script letters as complex script too); a run with right-to-left letters is
  marked `w:rtl`;
- a brief in a right-to-left language is laid out right to left as a whole: its paragraphs
  (all those in its own words, the labels, titles, notes and footer, and the facts' in its
  script), its section (`w:bidi`: page numbers and columns), its tables (`w:bidiVisual`: the
  first column at the right) and its default language for complex script (`w:lang/@w:bidi`).

A paragraph of Latin, Greek, Cyrillic or CJK text is told apart by one `str.isascii` or a scan of
its distinct characters, so the common path adds nothing to the DOCX and almost no time.
"""

from __future__ import annotations

import re
import unicodedata

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from briefgen.compose import document as d
from briefgen.layout.direction import RTL_LANGUAGES, paragraph_direction

# Blocks of the scripts Word formats with the complex-script properties: Hebrew to Arabic
# Extended, the Indic scripts to Sinhala, Thai and Lao, Tibetan, Myanmar, Khmer, the Hebrew
# and Arabic presentation forms, and the right-to-left scripts beyond the first plane. One
# regular expression, so a text is searched at C speed.
COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f"
                     "\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                     "\U0001e800-\U0001efff]")
RTL_CLASSES = ("R", "AL", "AN")
# Languages Word files under w:lang/@w:bidi (its complex-script language) besides the
# right-to-left ones: those written in the complex scripts above.
COMPLEX_LANGUAGES = RTL_LANGUAGES | {"hi", "mr", "ne", "sa", "bn", "as", "pa", "gu", "or", "ta",
                                     "te", "kn", "ml", "si", "th", "lo", "bo", "my", "km"}


def complex_script(text: str) -> bool:
    """Does the text hold a character Word formats as complex script (Arabic, Hebrew,
    Devanagari, Thai, ...)?"""
    return not text.isascii() and COMPLEX.search(text) is not None


def right_to_left(text: str) -> bool:
    """Does the text hold a right-to-left letter or an Arabic-Indic digit (a run marked
    `w:rtl`)?"""
    return not text.isascii() and any(unicodedata.bidirectional(c) in RTL_CLASSES
                                      for c in set(text))


def rtl_flags(text: str) -> Directions:
    """Which characters of a paragraph's text go in a run marked `w:rtl`: its right-to-left
    letters and Arabic-Indic digits, and the neutral characters between two of them (a space,
    a comma, a date's digits). Never a strong left-to-right character, nor a neutral next to
    one: ISO/IEC 29500-1 (17.3.2.30) forbids `w:rtl` on left-to-right text, where it would act
    as an override; nor a bidi isolate, which the writer turns into marks (`docx_isolates`).
    Each distinct character is classified once, the rest is regular expressions (C speed)."""
    classes = text.translate({ord(c): _kind(c) for c in set(text)})
    marked = _RTL_STRETCH.sub(lambda m: m.group().translate(_MARKED), classes)
    return Directions(_NOT_RTL.sub("-", marked))


class Directions:
    """A paragraph's `w:rtl` characters ("r", else "-"), handed out span by span in order."""

    def __init__(self, marks: str) -> None:
        self.marks = marks
        self.at = 0

    def pieces(self, text: str) -> list[tuple[str, bool]]:
        """The next `len(text)` characters' text cut where `w:rtl` starts or stops."""
        marks = self.marks[self.at:self.at + len(text)].ljust(len(text), "-")
        self.at += len(text)
        return [(text[m.start():m.end()], m.group()[0] == "r") for m in _PIECES.finditer(marks)]


def by_direction(text: str, flags: Directions | None) -> list[tuple[str, bool]]:
    """A span's text cut where `w:rtl` starts or stops (`flags`: the paragraph's
    `rtl_flags`; None in a paragraph without complex-script text), each piece with whether it
    is marked."""
    if flags is None or not text:
        return [(text, False)]
    return flags.pieces(text)


ISOLATES = "\u2066\u2067\u2068\u2069"
_RTL_STRETCH = re.compile("R(?:[NI]*R)*")  # right-to-left characters and what lies between
_MARKED = str.maketrans("RN", "rr")  # an isolate between them stays unmarked
_NOT_RTL = re.compile("[^r]")
_PIECES = re.compile("r+|-+")


def _kind(char: str) -> str:
    """"R" for a right-to-left letter or Arabic-Indic digit, "L" for a left-to-right letter,
    "I" for an isolate, "N" for anything else (neutral or weak)."""
    return "I" if char in ISOLATES else _strong(char) or "N"


def _strong(char: str) -> str:
    """"R" for a right-to-left letter or Arabic-Indic digit, "L" for a left-to-right letter,
    "" for anything else."""
    kind = unicodedata.bidirectional(char)
    return "R" if kind in RTL_CLASSES else "L" if kind == "L" else ""


def paragraph_rtl(runs: d.Runs, brief: str = "ltr") -> bool:
    """Is a paragraph of these runs right to left, in a brief of direction `brief`? Its first
    strong character says; a paragraph without one (a date in digits, a number) takes the
    brief's direction (`layout.direction.paragraph_direction`, as the PDF and the HTML)."""
    if brief == "ltr" and all(run.text.isascii() for run in runs):
        return False
    return paragraph_direction("".join(run.text for run in runs), brief) == "rtl"


def complex_size(runs: d.Runs, size: float) -> int:
    """The complex-script size (`w:szCs`, half-points) every run of a paragraph carries when it
    holds complex-script text (`size`: its style's, in points); 0 when it holds none."""
    if any(complex_script(run.text) for run in runs):
        return round(size * 2)
    return 0


def bidi_language(tag: str) -> bool:
    """Is a language tag's language one Word files under w:lang/@w:bidi?"""
    return tag.replace("_", "-").split("-")[0].lower() in COMPLEX_LANGUAGES


def table_rtl(tbl_pr) -> None:
    """A table laid out right to left (its first column at the right): `w:bidiVisual`, where the
    schema puts it, after the style and the floating table's properties."""
    element = OxmlElement("w:bidiVisual")
    tbl_pr.insert_element_before(element, "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
                                 "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
                                 "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
                                 "w:tblLook", "w:tblCaption", "w:tblDescription")


def section_rtl(doc) -> None:
    """The document's section laid out right to left (`w:bidi`: its columns and page-number
    fields), where the schema puts it, after the text direction."""
    sect_pr = doc.element.body.find(qn("w:sectPr"))
    sect_pr.insert_element_before(OxmlElement("w:bidi"), "w:rtlGutter", "w:docGrid",
                                  "w:printerSettings", "w:sectPrChange")
