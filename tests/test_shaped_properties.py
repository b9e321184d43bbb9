"""Property: any mix of Arabic (Persian and Urdu letters, vowel marks and shadda included),
Hebrew, Devanagari, Bengali, Thai, Latin, digits with a percent sign or a comma, and brackets either
builds a one-page brief whose PDF gives back every word (pdftotext, NFKC), or is refused with
one located error line; never a traceback, never a brief with a word lost."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from conftest import pdf_pages, run_tool
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from briefgen.errors import BriefgenError
from briefgen.pipeline import build


def _letters(low: int, high: int) -> st.SearchStrategy[str]:
    return st.sampled_from([chr(c) for c in range(low, high + 1)
                            if unicodedata.category(chr(c)) == "Lo"])


ARABIC = st.one_of(_letters(0x0621, 0x064A), st.sampled_from("پچژگکیٹڈڑںےہھ"))  # Persian, Urdu
HARAKA = st.sampled_from(["", "", "", "\u064b", "\u064e", "\u0650", "\u0651"])  # tanwin, shadda
HEBREW = _letters(0x05D0, 0x05EA)
THAI = _letters(0x0E01, 0x0E2E)
LATIN = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCXYZ")
DIGIT = st.sampled_from("0123456789")
CONSONANT = _letters(0x0915, 0x0939)
SIGN = st.sampled_from(["", "\u093e", "\u093f", "\u0940", "\u0941", "\u0947", "\u094b",
                        "\u0902", "\u094d"])  # vowel signs, anusvara, virama
BENGALI = st.tuples(_letters(0x0995, 0x09B9),
                    st.sampled_from(["", "\u09be", "\u09bf", "\u09c7", "\u09cd"])).map("".join)


@st.composite
def devanagari(draw: st.DrawFn) -> str:
    """Syllables: a consonant and a sign (a virama joins it to the next consonant)."""
    parts = [draw(CONSONANT) + draw(SIGN) for _ in range(draw(st.integers(1, 4)))]
    word = "".join(parts)
    return word + draw(CONSONANT) if word.endswith("\u094d") else word


def word(letters: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(letters, min_size=1, max_size=8).map("".join)


WORDS = st.one_of(word(st.tuples(ARABIC, HARAKA).map("".join)), word(HEBREW), word(THAI),
                  word(LATIN), st.tuples(word(DIGIT), st.sampled_from(["", "%", ",", "،"])).map(
                      "".join), devanagari(), word(BENGALI).filter(lambda w: not
                                                                   w.endswith("\u09cd")))


# The marks of direction an author types beside a word (LRM, RLM, ALM): they order the line and
# print nothing, so no word is lost or cut by them.
MARK = st.sampled_from(["", "", "", "\u200e", "\u200f", "\u061c"])


@st.composite
def text(draw: st.DrawFn) -> str:
    """Words of one script each, some in brackets or beside a mark of direction, separated by
    spaces."""
    words = draw(st.lists(WORDS, min_size=1, max_size=14))
    out = []
    for w in words:
        bracket = draw(st.sampled_from(["", "()", "[]"]))
        out.append(draw(MARK) + bracket[:1] + w + bracket[1:] + draw(MARK))
    return " ".join(out)


def _plain(text: str) -> str:
    """What must come back, letters and digits only (brackets may be mirrored, spaces may move
    where the direction changes), NFKC-normalised."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum() or
                   unicodedata.category(c).startswith("M"))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(points=st.lists(text(), min_size=1, max_size=4), title=text())
def test_mixed_scripts_build_one_page_with_every_word_or_a_located_error(tmp_path_factory,
                                                                        points, title):
    folder = tmp_path_factory.mktemp("mixed")
    facts = folder / "f.yaml"
    body = "".join(f"  - text: \"{p}\"\n    priority: 1\n" for p in points)
    facts.write_text(f"title: \"{title}\"\nsummary: Mixed.\nkey_points:\n{body}",
                     encoding="utf-8")
    try:
        brief = build(facts, ("pdf",))
    except BriefgenError as exc:
        event("refused: " + re.sub(r"^.*?: \S+: ", "", str(exc))[:40])
        line = str(exc).strip()
        assert "\n" not in line and re.match(rf"{re.escape(str(facts))}:\d+: ", line), line
        return
    pdf = Path(folder / "f.pdf")
    pdf.write_bytes(brief.outputs["pdf"])
    event("built")
    assert brief.pages == 1 and pdf_pages(pdf) == 1
    got = _plain(run_tool("pdftotext", "-enc", "UTF-8", pdf, "-").stdout)
    for w in " ".join([title, *points]).split():
        for token in _words(w):
            assert _plain(token) in got, (token, got)


def _words(text: str) -> list[str]:
    """The words a line may not break inside: between brackets, and Thai as its dictionary
    segmenter cuts it (a line may end between two of its words, `layout.thai`)."""
    from pythainlp.tokenize import word_tokenize

    out = []
    for token in re.split(r"[()\[\]]", text):
        out += word_tokenize(token, engine="newmm") if re.search("[\u0e00-\u0e7f]", token) \
            else [token]
    return out
