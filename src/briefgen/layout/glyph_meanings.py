"""What a shaped run's glyphs stand for, where one glyph is not one character: the codes the PDF
draws them with and their ToUnicode text (`layout.shaping` shapes; this module names).

In: HarfBuzz's glyphs of a run (infos, positions) and the codes reportlab gives them. Out: a code
per glyph (a character's own, else a private one: `code`, `private`), and {glyph index: what it
stands for} for the glyphs whose meaning differs from their code's: a bracket HarfBuzz drew
mirrored in a right-to-left run stands for the bracket typed (`mirrored`); a letter carrying
marks stands for the letter and its marks, the marks' glyphs for nothing, drawn apart
(`marks_with_bases`, `layout.text_layer`). Readers place a glyph's characters where it is drawn,
so this is what copying and search get.
"""

from __future__ import annotations

import re
import unicodedata

PRIVATE = (0xE000, 0xF8FF)  # the codes reportlab gives glyphs without a character
END = "\u200f"  # after a run's last letter when marks end the run (`marks_with_bases`)

MARK = re.compile(r"[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
                   r"\u08d3-\u08ff\ufb1e\ufe20-\ufe2f]")


JOINERS = ("\u200c", "\u200d")  # HarfBuzz draws them with a blank of no advance
TOLD = re.compile(MARK.pattern[:-1] + "".join(JOINERS) + "]")  # marks and joiners


def marks_with_bases(font, hb_font, text: str, infos, positions,
                      codes: list[int]) -> dict[int, str | None]:
    """A right-to-left run's marks (harakat, shadda, Hebrew points) told with their letter: the
    glyph of the letter a mark follows stands for the letter and its marks, and the mark's own
    glyph (of no advance) is drawn apart, as standing for nothing (`layout.shaped_paragraph`).
    Readers place each glyph's characters by where the glyph is drawn, and a mark is drawn
    raised above its letter (a text rise): poppler reads it as a line of its own, apart from
    its word (`TextPage::addChar` starts a new word when the baseline moves by more than half
    a point), and PDFium splits the word around it. The letter's glyph takes a code of its own
    (for this letter with these marks), changing `codes` in place. Returns {glyph index: what
    it stands for, right to left as drawn (see `_stands_for`), or None for a mark}; a letter
    whose cluster is more than one glyph, or a mark with an advance, is left as it was. A
    letter's glyph whose cluster holds characters drawn as nothing stands for them too, and
    a zero-width non-joiner (Persian) or joiner, which HarfBuzz draws as a space of no
    advance, stands for itself, not for a space. A letter drawn as a glyph of no advance
    within the one before (the alef of Noto Naskh's lam-alef) is told with it as a mark is:
    drawn where the lam-alef starts, poppler read it as a word of its own. The glyph of a
    run's last letter, when marks end the run (`سماءً`, `עוֹלָךְ`), stands for a right-to-left
    mark (U+200F) after them too:
    its leftmost character is then that mark, not a mark of the letter. poppler's table gives
    harakat and points no direction, and on a page it reads left to right (more left-to-right
    letters than right-to-left ones) it reads a line from its left end, anything but a
    right-to-left character there first (`reorderText` in TextOutputDev.cc): the tanwin came
    back before the line, `ً• كتاب سماء`. The mark is true: the run ends going right to left."""
    starts: dict[int, list[int]] = {}
    for i, info in enumerate(infos):
        starts.setdefault(info.cluster, []).append(i)
    order = sorted(starts)
    ends = dict(zip(order, [*order[1:], len(text)]))
    fixed: dict[int, str | None] = {}
    base = None
    for cluster in order:
        chars = text[cluster:ends[cluster]]
        inside = base is not None and chars not in JOINERS and \
            not any(positions[i].x_advance for i in starts[cluster])
        if not inside and not all(MARK.match(c) for c in chars):
            glyph = _letter_glyph(starts[cluster], positions, chars, fixed)
            base = None if glyph is None else cluster
            if glyph is not None and (len(starts[cluster]) > 1 or not private(codes[glyph])
                                      and (len(chars) > 1 or chars in JOINERS)):
                fixed[glyph] = chars[::-1]  # (a joiner is drawn as a blank)
            continue
        if not inside:  # a mark of its own width, or one after no letter: left as it was
            continue
        told = fixed.get(glyph, text[base:ends[base]][::-1])
        fixed[glyph] = chars[::-1] + told
        for i in starts[cluster]:
            fixed[i] = None
    if base is not None and MARK.match(text[-1]) and \
            all(fixed.get(i, 0) is None for c in order if c > base for i in starts[c]):
        fixed[glyph] = END + fixed.get(glyph, text[base:][::-1])
    for i, stands in fixed.items():  # a letter's width in the PDF: its advance (`_code`)
        gid = infos[i].codepoint
        wide = font.pdfScale(positions[i].x_advance) if stands else 0
        codes[i] = font.hbAddPrivate(f"{hb_font.glyph_to_string(gid)}\u2063{stands or ''}", gid,
                                     wide)
    return fixed


def _letter_glyph(members: list[int], positions, chars: str, fixed: dict) -> int | None:
    """The glyph that stands for a letter's cluster: its only glyph, or, when HarfBuzz drew a
    letter with one of its marks as one glyph and another mark apart in the cluster (Hebrew
    `שָׁ`: shin with its dot, and the qamats), the one glyph with an advance, the marks of
    none (their glyphs then stand for nothing: drawn apart, `fixed` says None). Else None: a
    ligature or a conjunct is left as it was."""
    if len(members) == 1:
        return members[0]
    wide = [i for i in members if positions[i].x_advance]
    if len(wide) != 1 or sum(not MARK.match(c) for c in chars) != 1:
        return None
    for i in members:
        if i != wide[0]:
            fixed[i] = None
    return wide[0]


def mirrored(font, hb_font, text: str, infos, codes: list[int]) -> dict[int, str]:
    """A right-to-left run's brackets, quotes and other mirrored characters told as written.
    HarfBuzz draws `(` in a right-to-left run with the glyph of `)`, whose ToUnicode entry
    says `)`; a reader (poppler, PDFium) takes it for the character it names, so the run read
    back with its brackets turned round: `)World Bank(`. Such a glyph takes a code of its own
    (for this glyph standing for this character), changing `codes` in place, whose entry says
    the character typed. Returns {glyph index: the character}."""
    fixed: dict[int, str] = {}
    for i, info in enumerate(infos):
        char = text[info.cluster] if info.cluster < len(text) else ""
        if not char or not unicodedata.mirrored(char) or codes[i] == ord(char):
            continue
        if i + 1 < len(infos) and infos[i + 1].cluster == info.cluster:
            continue  # a cluster of several glyphs: left as it was
        if i and infos[i - 1].cluster == info.cluster:
            continue
        if len(text) > info.cluster + 1 and TOLD.match(text[info.cluster + 1]):
            continue
        fixed[i] = char
        gid = info.codepoint
        codes[i] = font.hbAddPrivate(f"{hb_font.glyph_to_string(gid)}\u2063{char}", gid,
                                     font.face.charWidths.get(codes[i], 0))
    return fixed


def code_for(font, hb_font, gid: int, advance: int, char: str | None = None) -> int:
    """The code reportlab draws a glyph with: a character it stands for, else a private one,
    whose width (the PDF's /W, in thousandths of an em) is its shaped advance: readers box its
    characters by it (Hebrew `ךְ` in Liberation Sans was 1094, its advance in the face's
    2048ths, and poppler read it as a line of its own). A glyph drawn for one character
    (`char`) that the face also gives to others is drawn with the code of that character
    (or a form of it); with none such, with a private code that stands for it: Noto Naskh
    draws Urdu `ں` before a letter with the glyph of U+FBE8, an alef maksura, read back `ى`."""
    found = font.face.glyphToChar.get(gid)
    if found and char is not None:
        same = [c for c in found if unicodedata.normalize("NFKC", chr(c)) == char]
        if same:
            return same[0]
        if unicodedata.normalize("NFKC", chr(found[0])) != char:
            name = f"{hb_font.glyph_to_string(gid)}\u2063{char}"
            return font.hbAddPrivate(name, gid, font.pdfScale(advance))
    return found[0] if found else font.hbAddPrivate(hb_font.glyph_to_string(gid), gid,
                                                    font.pdfScale(advance))  # as /W: per 1000


def single_chars(text: str, clusters: list[int]) -> dict[int, str]:
    """{glyph index: its character} of the glyphs that alone draw one letter (NFKC)."""
    count: dict[int, int] = {}
    for cluster in clusters:
        count[cluster] = count.get(cluster, 0) + 1
    starts = sorted(count)
    ends = dict(zip(starts, [*starts[1:], len(text)]))
    out = {}
    for i, cluster in enumerate(clusters):
        chars = text[cluster:ends[cluster]]
        if count[cluster] == 1 and len(chars) == 1 and unicodedata.category(chars)[0] == "L":
            out[i] = unicodedata.normalize("NFKC", chars)
    return out


def private(code: int) -> bool:
    return PRIVATE[0] <= code <= PRIVATE[1]
