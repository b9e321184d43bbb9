"""The bidi isolates of a brief written for Word and LibreOffice as marks and embeddings.

The pieces briefgen composes (a date, a citation mark, a link, each part of a source entry or an
attribution: `compose.context.isolates`) are wrapped in Unicode isolates (U+2066 to U+2069),
which the PDF and browsers order by. LibreOffice 7 lays them out wrongly in a right-to-left
line: a date's space goes ("6 مارس2024") and a link's underline runs on past it; Word before
2016 knows nothing of them. Both have long honoured the older controls, so the DOCX says the
same with those (UAX #9's way before isolates): each isolate becomes a mark of the direction
around it (U+200E LRM or U+200F RLM), which keeps the neutral characters at its edges (a
comma, a space) with the text outside, and, for a piece running the other way from the text
around it, an embedding of the piece's direction (U+202A LRE or U+202B RLE, closed by U+202C
PDF); a piece running the same way needs none (nor its extra level, which LibreOffice also
mislays). A first-strong isolate (FSI) takes the direction of its first strong character, as
the bidi algorithm does. Each paragraph is rewritten once it is made, its runs kept; the
controls at a link's ends are moved out of the link, which LibreOffice would underline.
"""

from __future__ import annotations

import re
import unicodedata

from docx.oxml.ns import qn

ISOLATE = re.compile("[\u2066-\u2069]")
_MARK = {"ltr": "\u200e", "rtl": "\u200f"}
_EMBED = {"ltr": "\u202a", "rtl": "\u202b"}
_POP = "\u202c"
_CONTROLS = "\u200e\u200f\u202a\u202b\u202c"
_OPENS = {"\u2066": "ltr", "\u2067": "rtl", "\u2068": None}
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _first_strong(text: str, start: int) -> str | None:
    """The direction of the first strong character from `start` to the isolate's end."""
    depth = 0
    for char in text[start:]:
        kind = unicodedata.bidirectional(char)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            if depth == 0:
                return None
            depth -= 1
        elif depth == 0 and kind == "L":
            return "ltr"
        elif depth == 0 and kind in ("R", "AL"):
            return "rtl"
    return None


def replaced(text: str, base: str) -> list[str]:
    """What each character of a paragraph's text (running `base`) becomes: an isolate its marks
    and embedding (module doc), any other character itself; an unmatched PDI nothing."""
    out: list[str] = []
    stack = [(base, False)]  # (direction, embedded?) of each open piece, the paragraph first
    for i, char in enumerate(text):
        if char in _OPENS:
            around = stack[-1][0]
            inside = _OPENS[char] or _first_strong(text, i + 1) or around
            embedded = inside != around
            out.append(_MARK[around] + (_EMBED[inside] if embedded else ""))
            stack.append((inside, embedded))
        elif char == "\u2069":
            if len(stack) == 1:
                out.append("")
                continue
            _, embedded = stack.pop()
            out.append((_POP if embedded else "") + _MARK[stack[-1][0]])
        else:
            out.append(char)
    return out


def _rtl(paragraph) -> bool:
    """Does the paragraph run right to left (its `w:bidi`)?"""
    props = paragraph.find(qn("w:pPr"))
    bidi = None if props is None else props.find(qn("w:bidi"))
    return bidi is not None and bidi.get(qn("w:val")) not in ("0", "false", "off")


def _outside_links(paragraph) -> None:
    """The controls at a link's ends moved out of it, each end's into a run of its own beside
    it: inside, LibreOffice underlines them as if they were a space."""
    for link in paragraph.iter(qn("w:hyperlink")):
        nodes = list(link.iter(qn("w:t")))
        if not nodes:
            continue
        first, last = nodes[0], nodes[-1]
        head = len(first.text) - len(first.text.lstrip(_CONTROLS))
        if head:
            link.addprevious(_run(first.text[:head]))
            first.text = first.text[head:]
        tail = len(last.text) - len(last.text.rstrip(_CONTROLS))
        if tail:
            link.addnext(_run(last.text[-tail:]))
            last.text = last.text[:-tail]


def _run(text: str):
    """A run of the paragraph's font holding only these (invisible) controls."""
    from docx.oxml import OxmlElement

    run, node = OxmlElement("w:r"), OxmlElement("w:t")
    node.text = text
    node.set(_SPACE, "preserve")
    run.append(node)
    return run


def rewrite(root) -> None:
    """Every paragraph under `root` (a body, a header or a footer) with isolates rewritten."""
    for paragraph in root.iter(qn("w:p")):
        nodes = list(paragraph.iter(qn("w:t")))
        text = "".join(node.text or "" for node in nodes)
        if not ISOLATE.search(text):
            continue
        chars = replaced(text, "rtl" if _rtl(paragraph) else "ltr")
        at = 0
        for node in nodes:
            length = len(node.text or "")
            node.text = "".join(chars[at:at + length])
            node.set(_SPACE, "preserve")
            at += length
        _outside_links(paragraph)


def as_marks(doc) -> None:
    """The document's body, headers and footers rewritten (module doc), if it has isolates:
    a brief with right-to-left text (a search in C; the others are left as they are)."""
    if not doc.element.body.xpath("boolean(.//w:t[contains(., '\u2069')])"):  # a piece's end
        return
    rewrite(doc.element.body)
    for rel in doc.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")) and not rel.is_external:
            rewrite(rel.target_part.element)
