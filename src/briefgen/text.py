"""Text as briefgen prints it: one normalisation of Unicode for every output.

Every fact's text passes through `printed` once, when the facts file is checked (`facts`), and
whatever a template writes passes through it again when its markup is read (`markup`; the second
time changes nothing). So the PDF's text, the DOCX's text, the metadata of both files and the
notes on stderr hold the same characters, and what a reader copies from the PDF is what was typed,
less what cannot be seen. The rule:

- invisible formatting characters are removed: zero-width spaces and joiners, direction marks,
  embeddings and overrides (U+202E, which would show `exe.gnp` as `gnp.exe` in one format and not
  the other), the byte order mark, word joiners, tags and variation selectors. The soft hyphen
  stays: both formats honour it;
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

import re
import unicodedata

KEPT_FORMAT = "\u00ad"  # the soft hyphen: a format character both formats honour
NO_BREAK = {"\u00a0", "\u2007", "\u202f"}
_CACHED = 1 << 16  # characters whose rule is remembered (a translate table: C speed afterwards)
_SPACES = re.compile(r"[ \t\r\n]+")
_NON_CHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)
)
_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NON_CHARACTERS}]")
_CONTROL_NAMES = {0x00: "NUL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                  0x1B: "escape", 0x7F: "delete"}  # fmt: skip


def invisible(char: str) -> bool:
    """An invisible formatting character, left out of every output."""
    if char in KEPT_FORMAT:
        return False
    return unicodedata.category(char) == "Cf" or "VARIATION SELECTOR" in unicodedata.name(char, "")


def _rule(char: str) -> str | None:
    """What one character becomes: None to remove it, else its replacement (often itself)."""
    category = unicodedata.category(char)
    if category == "Zs":
        return "\u00a0" if char in NO_BREAK else " "
    if category == "Zl":
        return "\n"
    if category == "Zp":
        return "\n\n"
    return None if invisible(char) else char


class _Table(dict):
    """str.translate's table, filled in as characters are first met."""

    def __missing__(self, code: int) -> str | None:
        value = _rule(chr(code))
        if len(self) < _CACHED:
            self[code] = value
        return value


_TABLE = _Table()


def printed(text: str) -> str:
    """The text as every output prints it (the rule above). Applying it twice changes nothing."""
    if text.isascii():  # no ASCII character is changed (control characters are refused earlier)
        return text
    return unicodedata.normalize("NFC", text.translate(_TABLE))


def one_line(text: str) -> str:
    """The printed text on one line: every run of white space one space, none at the ends (the
    banner, a document's title and author, a heading)."""
    return _SPACES.sub(" ", printed(text)).strip(" ")


def hidden(raw: str) -> list[str]:
    """The invisible characters of a text, each once, in order of first use: to say what a text
    that prints nothing holds."""
    return [c for c in dict.fromkeys(raw) if not c.isascii() and _rule(c) is None]


def forbidden(text: str) -> str | None:
    """Why the text cannot be printed at all, if it holds a character no output may hold (a
    control character, a lone surrogate, a non-character): the first such, named."""
    bad = _FORBIDDEN.search(text)
    if bad is None:
        return None
    code = ord(bad.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} is a lone surrogate, not a character (a broken \\u escape?)"
    if code >= 0xA0:
        return f"U+{code:04X} is a Unicode non-character and cannot be printed; delete it"
    name = _CONTROL_NAMES.get(code)
    return f"control character U+{code:04X}{f' ({name})' if name else ''} is not allowed; delete it"
