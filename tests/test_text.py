"""One normalisation of text for every output (`briefgen.input.text`), and text that prints nothing.

A fact made of invisible characters only is a located error when the field is required, and an
absent field when it is optional; odd characters (every Unicode space, line and paragraph
separators, direction overrides) come out the same in the PDF's text, the DOCX's text, the
metadata of both and the notes on stderr.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import pytest
from conftest import docx_header_footer, docx_text, pdf_info, pdf_text, soffice_to_pdf

from briefgen.compose import markup
from briefgen.edge.cli import run
from briefgen.input.text import hidden, one_line, printed, prints_nothing

INVISIBLE = ["\u200b", "\ufeff", "\u202e", "\u200b\ufeff\u202e", "\u2060\u200d\ufe0f",
             # default-ignorable, though not format characters: drawn as boxes or blanks before
             "\u034f", "\u3164", "\u115f\u1160\uffa0", "\u17b4\u17b5\u180f",
             "\U0001bca0\U000e0041\U000e0fff",
             "\u00ad", "\u00ad\u034f\u00ad"]  # a soft hyphen alone breaks nothing: nothing

SPACES = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs"]


def write(tmp_path: Path, body: str, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def build(tmp_path: Path, path: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = run(["build", str(path), "-o", str(tmp_path / "out"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def escape(text: str) -> str:
    """The text as YAML's double-quoted escapes."""
    return "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in text)


def codes(text: str) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(text))


# ---- text that prints nothing ------------------------------------------------------------------


@pytest.mark.parametrize("invisible", INVISIBLE)
@pytest.mark.parametrize("body, line, field", [
    ('title: "{x}"\nsummary: Fine.\n', 1, "title"),
    ('title: Fine\nsummary: "{x}"\n', 2, "summary"),
    ('title: Fine\nsummary: Fine.\nkey_points:\n  - ok\n  - "{x}"\n', 5, "key_points[1]"),
    ('title: Fine\nsummary: Fine.\nquotes:\n  - text: "{x}"\n    speaker: A\n', 4,
     "quotes[0].text"),
    ('title: Fine\nsummary: Fine.\ntimeline:\n  - date: 2020\n    event: "{x} "\n', 5,
     "timeline[0].event"),
], ids=["title", "summary", "key-point", "quote", "event"])
def test_a_required_text_of_invisible_characters_is_a_located_error(tmp_path, capsys, invisible,
                                                                     body, line, field):
    path = write(tmp_path, body.format(x=escape(invisible)))
    code, out, err = build(tmp_path, path, capsys)
    assert code == 1
    assert err == (f"error: {path}:{line}: {field}: has only invisible characters "
                   f"({codes(invisible)}), which print nothing; write the text\n")
    assert out == ""
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_every_problem_of_the_file_is_reported_with_the_invisible_ones(tmp_path, capsys):
    path = write(tmp_path, 'title: "\\u200b"\nsummary: "\\u202e\\u202c"\ndate: 2025-13-01\n')
    code, _, err = build(tmp_path, path, capsys)
    assert code == 1
    assert err.splitlines() == [
        f"error: {path}:1: title: has only invisible characters (U+200B), which print nothing; "
        "write the text",
        f"error: {path}:2: summary: has only invisible characters (U+202E, U+202C), which print "
        "nothing; write the text",
        f"error: {path}:3: date: '2025-13-01' is not a real calendar date (YYYY-MM-DD, e.g. "
        "2025-02-03)"]


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_an_optional_text_of_invisible_characters_is_left_out_like_an_empty_one(
        tmp_path, capsys, invisible):
    escaped = escape(invisible)
    path = write(tmp_path, f'title: Fine\nsummary: Fine.\ndate: 2025-02-03\nmemo:\n'
                           f'  to: "{escaped}"\n  from: Desk\n  classification: "{escaped}"\n'
                           f'quotes:\n  - text: Said.\n    speaker: A\n    role: "{escaped}"\n')
    code, out, err = build(tmp_path, path, capsys, "-f", "docx")
    assert (code, err) == (0, "")
    texts = docx_text(tmp_path / "out" / "f.docx")
    assert "FROM:" in texts and "TO:" not in texts  # the header block has no TO line
    assert "— A" in texts  # no role after the speaker
    assert docx_header_footer(tmp_path / "out" / "f.docx") == ("", "")  # no banner


def test_a_template_paragraph_left_empty_by_the_rule_does_not_crash_the_writers():
    from briefgen.design.theme import Theme
    from briefgen.layout.laid_out import lay_out
    from briefgen.writers import docx as docx_writer
    from briefgen.writers import pdf

    document = markup.parse('<brief title="T"><section><p>\u200b\u202e</p><p>Text</p>'
                            "</section></brief>")
    assert document.sections[0].blocks[0].runs == ()
    laid_out = lay_out(document, Theme())
    data = pdf.write(laid_out)
    assert laid_out.pages == 1 and data.startswith(b"%PDF")
    assert docx_writer.write(laid_out).startswith(b"PK")


# ---- the rule ----------------------------------------------------------------------------------


def test_every_space_character_becomes_a_space_or_the_no_break_space():
    assert len(SPACES) == 17  # Unicode 15: if a new one comes, it is covered by its category
    for space in SPACES:
        wanted = "\u00a0" if space in "\u00a0\u2007\u202f" else " "
        assert printed(f"a{space}b") == f"a{wanted}b", f"U+{ord(space):04X}"


def test_separators_are_line_breaks_and_invisible_characters_go():
    assert printed("a\u2028b\u2029c") == "a\nb\n\nc"
    assert printed("Invoice \u202egnp.exe\u202c") == "Invoice gnp.exe"
    assert printed("e\u200b\u0301\u00ad") == "\u00e9\u00ad"  # NFC after removal; soft hyphen kept
    assert one_line(" \u2003SECRET\u2028NOFORN\u1680X\u3000") == "SECRET NOFORN X"


@pytest.mark.parametrize("text", ["\u2000\u2001x", "e\u0301\u200d\u0308", "\u2029\u2029",
                                  "\U0001d5a0\ufe0f", "a\u3000\u2028b"])
def test_the_rule_applied_twice_changes_nothing(text):
    assert printed(printed(text)) == printed(text)


# ---- default-ignorable characters ------------------------------------------------------------

# Unicode's own definition (DerivedCoreProperties.txt), from PropList.txt, written apart from
# briefgen's table: Other_Default_Ignorable_Code_Point + Cf + Variation_Selector - White_Space -
# U+FFF9..U+FFFB - U+13430..U+1343F - Prepended_Concatenation_Mark.
OTHER_DICP = [(0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x2065, 0x2065),
              (0x3164, 0x3164), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0xE0000, 0xE0000),
              (0xE0002, 0xE001F), (0xE0080, 0xE00FF), (0xE01F0, 0xE0FFF)]
VARIATION_SELECTORS = [(0x180B, 0x180D), (0x180F, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF)]
PREPENDED_MARKS = [(0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891),
                   (0x08E2, 0x08E2), (0x110BD, 0x110BD), (0x110CD, 0x110CD)]
NOT_IGNORABLE = PREPENDED_MARKS + [(0xFFF9, 0xFFFB), (0x13430, 0x1343F)]


def expand(ranges: list[tuple[int, int]]) -> set[int]:
    return {code for first, last in ranges for code in range(first, last + 1)}


def test_the_default_ignorable_table_is_unicodes_definition():
    from briefgen.input.text import IGNORABLE

    formats = {c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    derived = (expand(OTHER_DICP) | formats | expand(VARIATION_SELECTORS)) - expand(NOT_IGNORABLE)
    derived -= {c for c in derived if chr(c).isspace()}  # White_Space (none today)
    assert expand(IGNORABLE) == derived
    assert IGNORABLE == sorted(IGNORABLE) and all(a <= b for a, b in IGNORABLE)
    assert all(b + 1 < c for (_, b), (c, _) in zip(IGNORABLE, IGNORABLE[1:]))  # no overlap
    assert len(derived) == 4174  # since Unicode 14.0


@pytest.mark.parametrize("code", sorted(expand([
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x3164, 0x3164),
    (0xFFA0, 0xFFA0), (0x2060, 0x206F), (0xFE00, 0xFE0F), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0002), (0xE0020, 0xE0020), (0xE0100, 0xE0100),
    (0xE01EF, 0xE01F0), (0xE0FFF, 0xE0FFF), (0x200B, 0x200D)])),
    ids=lambda code: f"U+{code:04X}")
def test_every_default_ignorable_character_is_removed(code):
    assert printed(f"a{chr(code)}b") == "ab"
    assert one_line(f" {chr(code)}x{chr(code)} ") == "x"


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c"], ids=["LRM", "RLM", "ALM"])
def test_the_marks_of_direction_are_kept_as_typed(mark):
    """An author types LRM, RLM or ALM to say which way a number or a range runs beside
    right-to-left text (`21–22` printed `22–21` beside Hebrew): they were removed."""
    assert printed(f"a{mark}b") == f"a{mark}b"
    assert one_line(f" {mark}x{mark} ") == f"{mark}x{mark}"
    assert prints_nothing(f" {mark}\u00ad{mark} ")  # still nothing to print on their own
    assert hidden(f"a{mark}") == [mark]


def test_the_overrides_embeddings_and_the_facts_own_isolates_are_still_removed():
    """They can reorder a whole line (U+202E shows `exe.gnp` as `gnp.exe`), and an unbalanced
    one spills into what follows; briefgen places its own isolates."""
    for code in (0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069):
        assert printed(f"a{chr(code)}b") == "ab"


def test_format_characters_that_are_not_default_ignorable_are_removed_too():
    """U+0600, U+FFF9, U+13430: briefgen cannot lay them out, and the rule removed every format
    character before it knew the default-ignorable ones; unassigned characters are kept (the
    fonts say they cannot print them)."""
    for code in sorted(expand(NOT_IGNORABLE)):
        kept = "" if unicodedata.category(chr(code)) == "Cf" else chr(code)
        assert printed(f"1{chr(code)}2") == f"1{kept}2"
    assert printed("\u0e00") == "\u0e00" and printed("\U000e1000") == "\U000e1000"


def test_the_soft_hyphen_stays_where_a_line_may_break_and_goes_from_one_line_texts():
    assert printed("SE\u00adCRET") == "SE\u00adCRET"
    assert one_line("SE\u00adCRET") == "SECRET"
    assert one_line("a \u00ad b\u00ad \u00ad") == "a b"  # no double space left behind


# ---- every output agrees -----------------------------------------------------------------------

ODD = ('title: "Invoice \\u202egnp.exe\\u202c report"\n'
       'date: 2025-02-03\n'
       'memo:\n'
       '  from: "Desk\\u2003\\u2066One\\u2069"\n'
       '  classification: "SECRET\\u2028NOFORN\\u1680REL"\n'
       'summary: "alpha\\u2028beta\\u1680gamma\\u3000delta\\u2009epsilon\\u202fzeta"\n'
       'key_points:\n'
       '  - text: "first\\u2029second"\n'
       '    priority: 3\n')


def test_pdf_docx_metadata_and_notes_hold_the_same_text(tmp_path, capsys):
    path = write(tmp_path, ODD + "".join(f"  - text: {'filler ' * 60}point {i}\n    priority: 1\n"
                                         for i in range(13)))
    code, _, err = build(tmp_path, path, capsys)
    assert code == 0, err
    pdf, docx_path = tmp_path / "out" / "f.pdf", tmp_path / "out" / "f.docx"
    title = "Invoice gnp.exe report"
    info = pdf_info(pdf)
    assert (info["Title"], info["Subject"], info["Author"]) == (title, title, "Desk One")
    props = docx.Document(str(docx_path)).core_properties
    assert (props.title, props.subject, props.author) == (title, title, "Desk One")
    summary = "alpha beta gamma delta epsilon\u00a0zeta"
    texts = docx_text(docx_path)
    assert summary in texts and f"{title}" in texts
    assert docx_header_footer(docx_path) == ("SECRET NOFORN REL",) * 2
    page = pdf_text(pdf)
    assert "alpha beta gamma delta epsilon zeta" in page  # reportlab prints U+00A0 as a space
    assert page.count("SECRET NOFORN REL") == 2 and title in page
    for odd in "\u2028\u2029\u1680\u3000\u2009\u202f\u202e\u202c\u2066\u2003":
        assert odd not in page and odd not in "".join(texts) and odd not in err
    assert "note: " in err and "first second" in err  # the dropped point, as printed


def test_libreoffice_lays_out_the_docx_with_the_words_apart(tmp_path, capsys):
    path = write(tmp_path, ODD)
    assert build(tmp_path, path, capsys, "-f", "docx")[0] == 0
    converted = soffice_to_pdf([tmp_path / "out" / "f.docx"], tmp_path / "lo", tmp_path / "prof")
    page = pdf_text(converted[tmp_path / "out" / "f.docx"])
    assert "alpha beta gamma delta epsilon" in page
    assert page.count("SECRET NOFORN REL") == 2


SOFT = ('title: "Word Word Word Word Word Word Word Word Word Extraordinarily\\u00adcomplicated'
        '\\u00adbusinesses of the day ahead"\n'
        'date: 2025-02-03\n'
        'memo:\n'
        '  from: "Re\\u00adgional\\u034f Desk"\n'
        '  classification: "SE\\u00adCRET\\u3164\\u034f"\n'
        'summary: "Sum\\u00admary with a grapheme\\u034f joiner and a filler\\u3164."\n')


def test_soft_hyphens_and_default_ignorables_print_alike_in_the_pdf_and_the_docx(tmp_path, capsys):
    """The banner never breaks, so its soft hyphen prints nothing in either format (the PDF drew
    it as a hyphen); in the subject line both show a hyphen only where the line breaks there.
    Nothing default-ignorable is drawn (the PDF drew U+034F as a dotted box)."""
    path = write(tmp_path, SOFT)
    code, _, err = build(tmp_path, path, capsys)
    assert (code, err) == (0, "")
    pdf, docx_path = tmp_path / "out" / "f.pdf", tmp_path / "out" / "f.docx"
    title = ("Word " * 9) + "Extraordinarilycomplicatedbusinesses of the day ahead"
    info = pdf_info(pdf)
    assert (info["Title"], info["Author"]) == (title, "Regional Desk")
    props = docx.Document(str(docx_path)).core_properties
    assert (props.title, props.author) == (title, "Regional Desk")
    assert docx_header_footer(docx_path) == ("SECRET", "SECRET")
    converted = soffice_to_pdf([docx_path], tmp_path / "lo", tmp_path / "prof")[docx_path]
    for page in (pdf_text(pdf, "layout"), pdf_text(converted, "layout")):
        lines = [" ".join(line.split()) for line in page.splitlines()]
        assert lines.count("SECRET") == 2, page
        assert any(line.endswith("Extraordinarilycomplicated-") for line in lines), page
        assert any(line.startswith("businesses of the day ahead") for line in lines), page
        assert "Summary with a grapheme joiner and a filler." in lines, page
        assert "FROM: Regional Desk" in lines, page
        for odd in "\u00ad\u034f\u3164":
            assert odd not in page


# ---- bounds ------------------------------------------------------------------------------------


def test_the_message_names_five_invisible_characters_at_most(tmp_path, capsys):
    five = "\u200b\u200c\u200d\u2060\ufeff"
    path = write(tmp_path, f'title: "{five}"\nsummary: "{five}\u202a\u202e"\n')
    code, _, err = build(tmp_path, path, capsys)
    assert code == 1
    assert err.splitlines() == [
        f"error: {path}:1: title: has only invisible characters (U+200B, U+200C, U+200D, "
        "U+2060, U+FEFF), which print nothing; write the text",
        f"error: {path}:2: summary: has only invisible characters (U+200B, U+200C, U+200D, "
        "U+2060, U+FEFF and 2 more), which print nothing; write the text"]


def test_the_rule_remembers_a_bounded_number_of_characters(monkeypatch):
    import time

    from briefgen import caches

    monkeypatch.setitem(caches.BOUNDS, "text.rules", 100)
    with caches.using(caches.Caches()) as own:
        many = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 5000)) + "\u2003\u200b"
        started = time.perf_counter()
        assert printed(many) == many[:-2] + " "
        assert printed(many) == many[:-2] + " "  # past the bound: worked out again, the same
        assert len(own.table("text.rules")) == 100
        assert time.perf_counter() - started < 1.0
    # the real bound: every character of Unicode, remembered up to 65,536 of them
    monkeypatch.setitem(caches.BOUNDS, "text.rules", 1 << 16)
    with caches.using(caches.Caches()) as own:
        every = "".join(chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c <= 0xDFFF)
        started = time.perf_counter()
        printed(every)
        assert len(own.table("text.rules")) == 1 << 16
        assert time.perf_counter() - started < 3.0


def test_a_file_full_of_invisible_characters_is_refused_quickly(tmp_path, capsys):
    import time

    path = write(tmp_path, 'title: "' + "\u200b\u202e" * 170_000 + '"\nsummary: Fine.\n')
    assert path.stat().st_size < 1 << 20  # under the size limit: the text is read in full
    started = time.perf_counter()
    code, _, err = build(tmp_path, path, capsys)
    assert time.perf_counter() - started < 2.0
    assert (code, err) == (1, f"error: {path}:1: title: has only invisible characters (U+200B, "
                              "U+202E), which print nothing; write the text\n")


def test_the_banner_is_measured_and_drawn_without_its_soft_hyphens():
    """The width the banner is checked against is the width of what is drawn: no hyphen."""
    from briefgen.design.theme import Theme
    from briefgen.layout import banner

    theme = Theme()
    assert banner.width("SE\u00adCRET\u034f", theme) == banner.width("SECRET", theme) > 0
    assert [text for _, text, _ in banner.line("SE\u00adCRET", theme)] == ["SECRET"]
