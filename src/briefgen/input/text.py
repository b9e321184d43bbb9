"""Text as briefgen prints it: one normalisation of Unicode for every output.

Every fact's text passes through `printed` once, when the facts file is checked (`facts`), and
whatever a template writes passes through it again when its markup is read (`markup`; the second
time changes nothing). So the PDF's text, the DOCX's text, the metadata of both files and the
notes on stderr hold the same characters, and what a reader copies from the PDF is what was typed,
less what cannot be seen. The rule:

- the characters Unicode calls default-ignorable (`IGNORABLE`), which print nothing, are removed:
  zero-width spaces and joiners (but a joiner or non-joiner after a letter of a script whose
  letters join or combine, Arabic or an Indic script, which decides how the word is shaped:
  Persian نامه‌ها, Hindi क्‍ष; `IN_WORD`), embeddings and overrides (U+202E, which would
  show `exe.gnp` as `gnp.exe` in one format and not the other), the byte order mark, word
  joiners, tags, variation selectors, the combining grapheme joiner and the Hangul fillers
  (which a font may draw as a box or a blank in the PDF where Word and LibreOffice show nothing);
  so are the few format characters that are not default-ignorable (U+0600, U+FFF9), as they
  always were: briefgen cannot lay them out. The soft hyphen stays where a line may break, and
  shows a hyphen there in both formats. The marks of direction (`MARKS`: U+200E LRM, U+200F RLM,
  U+061C ALM) stay as typed: an author puts one beside a number or a range (`21–22` beside
  Hebrew) to say which way it runs, every output honours it, and none draws it; a text on one
  line (`one_line`) never breaks, so it loses its soft hyphens; a text (or paragraph) of soft hyphens only prints nothing
  (`prints_nothing`);
- the line separator U+2028 is a line break and the paragraph separator U+2029 a blank line, which
  the facts checker then treats like any other (a line break folds to a space);
- the no-break spaces U+2007 (figure) and U+202F (narrow) become U+00A0, the no-break space both
  formats keep (reportlab would break a line at them and Word would not); every other space
  character (U+1680, U+2000 to U+200A, U+205F, U+3000) becomes a plain space, which is what
  reportlab prints for them, and what Word and LibreOffice then print too;
- the text is composed (NFC), so an accent typed as a separate combining character prints on
  its letter.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from briefgen.caches import current

SOFT_HYPHEN = "\u00ad"  # default-ignorable, but kept: both formats break a line at it
MARKS = "\u061c\u200e\u200f"  # ALM, LRM, RLM: default-ignorable, but kept (they order text)
NO_BREAK = {"\u00a0", "\u2007", "\u202f"}
_SPACES = re.compile(r"[ \t\r\n]+")
_NON_CHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)
)
_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NON_CHARACTERS}]")
# A zero-width non-joiner or joiner written after a letter or mark of Arabic (U+0600 to U+08FF)
# or of an Indic script (U+0900 to U+0DFF): part of the word's spelling, kept.
IN_WORD = re.compile("(?<=[\u0600-\u08ff\u0900-\u0dff])[\u200c\u200d]")
_CONTROL_NAMES = {0x00: "NUL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                  0x1B: "escape", 0x7F: "delete"}  # fmt: skip


# Default_Ignorable_Code_Point, as (first, last) code points: DerivedCoreProperties.txt of the
# Unicode Character Database (unchanged since Unicode 14.0), which derives it as
# Other_Default_Ignorable_Code_Point (PropList.txt: U+034F, the Hangul fillers, the Khmer inherent
# vowels, reserved code points) + every format character (Cf) + Variation_Selector, less
# White_Space, U+FFF9..U+FFFB, U+13430..U+1343F and the Prepended_Concatenation_Marks (U+0600..
# U+0605, U+06DD, ...), which are drawn. Python's unicodedata lacks the property;
# tests/test_text.py derives it again from the categories Python knows.
IGNORABLE = [
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
]
_IGNORABLE_STARTS = [first for first, _ in IGNORABLE]


def ignorable(char: str) -> bool:
    """Is this character default-ignorable (`IGNORABLE`)?"""
    code = ord(char)
    at = bisect.bisect_right(_IGNORABLE_STARTS, code) - 1
    return at >= 0 and code <= IGNORABLE[at][1]


def invisible(char: str) -> bool:
    """A default-ignorable or format character but the soft hyphen: left out of every output."""
    return char != SOFT_HYPHEN and (ignorable(char) or unicodedata.category(char) == "Cf")


def _rule(char: str) -> str | None:
    """What one character becomes: None to remove it, else its replacement (often itself)."""
    category = unicodedata.category(char)
    if category == "Zs":
        return "\u00a0" if char in NO_BREAK else " "
    if category == "Zl":
        return "\n"
    if category == "Zp":
        return "\n\n"
    if char in MARKS:
        return char
    return None if invisible(char) else char


def _code_rule(code: int) -> str | None:
    return _rule(chr(code))


def printed(text: str) -> str:
    """The text as every output prints it (the rule above). Applying it twice changes nothing."""
    if text.isascii():  # no ASCII character is changed (control characters are refused earlier)
        return text
    rules = current().filled("text.rules", _code_rule)  # each character's rule, once: C speed
    if "\u200c" in text or "\u200d" in text:
        kept = IN_WORD.findall(text)
        parts = [part.translate(rules) for part in IN_WORD.split(text)]
        text = "".join(p + k for p, k in zip(parts, [*kept, ""]))
        return unicodedata.normalize("NFC", text)
    return unicodedata.normalize("NFC", text.translate(rules))


ISOLATES = re.compile("([\u2066-\u2069])")  # LRI, RLI, FSI, PDI
# What orders text and prints nothing: the isolates and the marks of direction. The layout
# orders a line by them, then drops them; no font is asked for them.
BIDI_MARKS = re.compile("([\u061c\u200e\u200f\u2066-\u2069])")


def printed_keeping_isolates(text: str) -> str:
    """The text as printed (`printed`) but for the bidi isolates, kept: those a template puts
    around the pieces briefgen composes (a date, a citation mark, a link: see
    `compose.context.isolates`), so that each is ordered on its own. The facts' own text has
    none left (the facts reader prints it)."""
    if text.isascii():
        return text
    return "".join(part if ISOLATES.fullmatch(part) else printed(part)
                   for part in ISOLATES.split(text))


def one_line(text: str) -> str:
    """The printed text on one line, which never breaks: no soft hyphen (the PDF would draw it as
    a hyphen, Word and LibreOffice would not), every run of white space one space, none at the
    ends (the banner, a document's title and author, a heading, a field's label)."""
    return _SPACES.sub(" ", printed(text).replace(SOFT_HYPHEN, "")).strip(" ")


def clipped(text: str, most: int = 50) -> str:
    """The start of a text for a one-line note: at most `most` characters, "..." if cut."""
    return text if len(text) <= most else text[:most - 3] + "..."


def prints_nothing(text: str) -> bool:
    """True if the printed text shows nothing: white space and soft hyphens only (a soft hyphen
    shows a hyphen only where a line breaks, and a line never breaks at the first character)."""
    return not BIDI_MARKS.sub("", text.replace(SOFT_HYPHEN, "")).strip()


def hidden(raw: str) -> list[str]:
    """The characters of a text that print nothing, each once, in order of first use: to say
    what a text that prints nothing holds."""
    return [c for c in dict.fromkeys(raw)
            if not c.isascii() and (c == SOFT_HYPHEN or c in MARKS or _rule(c) is None)]


def nothing_message(raw: str) -> str:
    """What is wrong with a text that prints nothing, to a writer: the characters it holds."""
    invisible_chars = hidden(raw)
    if not invisible_chars:
        return "required text is empty"
    more = f" and {len(invisible_chars) - 5} more" if len(invisible_chars) > 5 else ""
    codes = ", ".join(f"U+{ord(c):04X}" for c in invisible_chars[:5]) + more
    return f"has only invisible characters ({codes}), which print nothing; write the text"


def forbidden(text: str) -> str | None:
    """Why the text cannot be printed at all, if it holds a character no output may hold (a
    control character, a lone surrogate, a non-character): the first such, named."""
    bad = _FORBIDDEN.search(text)
    if bad is None:
        return None if text.isascii() else _too_many_marks(text)
    code = ord(bad.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} is a lone surrogate, not a character (a broken \\u escape?)"
    if code >= 0xA0:
        return f"U+{code:04X} is a Unicode non-character and cannot be printed; delete it"
    name = _CONTROL_NAMES.get(code)
    return f"control character U+{code:04X}{f' ({name})' if name else ''} is not allowed; delete it"


MOST_MARKS = 30  # Unicode's Stream-Safe Text Format (UAX #15): at most 30 non-starters in a row


def _too_many_marks(text: str) -> str | None:
    """Why the text cannot be printed if it stacks more than `MOST_MARKS` combining marks on
    one character: thousands on a letter draw a column off the page, and no script needs more
    than a few (Unicode's Stream-Safe Text Format allows 30)."""
    for stretch in _LONG_NON_ASCII.finditer(text):  # marks are not ASCII: look only there
        run = 0
        for i in range(stretch.start(), stretch.end()):
            if unicodedata.category(text[i])[0] != "M":
                run = 0
                continue
            run += 1
            if run > MOST_MARKS:
                start = i - run + 1
                base = f" on {text[start - 1]!r}" if start else ""
                return (f"more than {MOST_MARKS} combining marks in a row{base} (from "
                        f"character {start + 1}); Unicode's stream-safe text allows "
                        f"{MOST_MARKS}: delete the extra marks")
    return None


_LONG_NON_ASCII = re.compile(f"[^\x00-\x7f]{{{MOST_MARKS + 1},}}")
