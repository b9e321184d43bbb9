"""Every script the fonts have prints with real glyphs, in both formats; what cannot print is
refused by name; long words, addresses and unspaced East Asian text wrap inside the page.

The outputs are read back with the command line tools (pdffonts, pdftotext, fc-match) and with
LibreOffice, which lays the DOCX out; a missing tool fails the test rather than skipping it.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from conftest import pdf_pages, qpdf_check, run_tool, soffice_to_pdf
from docx.oxml.ns import qn
from lxml import etree

import briefgen
from briefgen import caches
from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.edge.cli import run
from briefgen.input.facts import load_facts
from briefgen.layout import font_files, fonts, scripts
from briefgen.layout.flow import pieces
from briefgen.layout.font_coverage import texts
from briefgen.layout.laid_out import lay_out
from briefgen.layout.measure import Layout
from briefgen.pipeline import build
from briefgen.writers import docx as docx_writer
from briefgen.writers import pdf

DATA = Path(__file__).parent / "data" / "fonts"
SCRIPTS = DATA / "scripts.yaml"
LONG = DATA / "long-words.yaml"
PAGE_WIDTH, MARGIN = 612.0, 64.8
OPENSYMBOL = Path("/usr/share/fonts/truetype/libreoffice/opens___.ttf")  # LibreOffice's own font
# the families a brief may print with, as pdffonts names them (subset tag removed)
EMBEDDED = re.compile(r"(LiberationSans|DejaVuSans|WenQuanYiMicroHei)(-\w+)?$")


@dataclass(frozen=True)
class Out:
    facts: Path
    pdf: Path
    docx: Path
    lo_pdf: Path  # the DOCX as LibreOffice lays it out
    pages: int


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Out]:
    folder = tmp_path_factory.mktemp("fonts")
    made = {}
    for facts in (SCRIPTS, LONG):
        brief = build(facts)
        (folder / f"{facts.stem}.pdf").write_bytes(brief.outputs["pdf"])
        (folder / f"{facts.stem}.docx").write_bytes(brief.outputs["docx"])
        made[facts.stem] = (facts, brief.pages)
    docx_files = [folder / f"{stem}.docx" for stem in made]
    converted = soffice_to_pdf(docx_files, folder / "lo", folder / "profile")
    return {stem: Out(facts, folder / f"{stem}.pdf", folder / f"{stem}.docx",
                      converted[folder / f"{stem}.docx"], pages)
            for stem, (facts, pages) in made.items()}


def pdffonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: name (subset tag removed), type, emb."""
    lines = run_tool("pdffonts", path).stdout.splitlines()
    assert lines[1].startswith("---"), lines
    rows = []
    for line in lines[2:]:
        name = line.split()[0]
        rows.append({"name": name.split("+", 1)[-1], "type": line[37:55].strip(),
                     "emb": line[72:76].strip()})
    return rows


def squashed(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFC", text))


def text_of(path: Path) -> str:
    return squashed(run_tool("pdftotext", "-raw", "-enc", "UTF-8", path, "-").stdout)


def right_edges(path: Path) -> list[tuple[float, str]]:
    """The right edge of every word pdftotext finds, with the word."""
    out = run_tool("pdftotext", "-bbox", path, "-").stdout
    return [(float(x), word) for x, word in
            re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)'
                       r"</word>", out)]


def line_texts(path: Path) -> list[str]:
    out = run_tool("pdftotext", "-bbox-layout", path, "-").stdout
    return [" ".join(re.findall(r">([^<]*)</word>", line))
            for line in re.findall(r"<line [^>]*>(.*?)</line>", out, re.DOTALL)]


# ---- every script prints ------------------------------------------------------------------------


def test_every_script_builds_on_one_page_in_both_formats(out):
    for o in out.values():
        assert o.pages == 1
        qpdf_check(o.pdf)
        assert pdf_pages(o.pdf) == 1
        assert pdf_pages(o.lo_pdf) == 1, f"{o.docx} is not one page in LibreOffice"


def test_pdf_embeds_truetype_fonts_from_the_chain(out):
    rows = pdffonts(out["scripts"].pdf)
    assert all(row["type"] == "TrueType" and row["emb"] == "yes" for row in rows), rows
    names = {row["name"] for row in rows}
    assert all(EMBEDDED.match(name) for name in names), names
    for family in ("LiberationSans", "LiberationSans-Bold", "DejaVuSans", "WenQuanYiMicroHei"):
        assert any(name.startswith(family) for name in names), (family, names)


def test_pdf_text_gives_back_every_character(out):
    facts = load_facts(SCRIPTS)
    got = text_of(out["scripts"].pdf)
    for field, text in texts(facts):
        assert squashed(text) in got, f"{field}: {text!r} is not in the PDF's text"


def test_libreoffice_prints_the_docx_with_fonts_that_have_the_glyphs(out):
    # LibreOffice falls back to another font for a glyph the named one lacks; only the chain's
    # fonts (and OpenSymbol, which draws Word's list bullets) may appear.
    names = {row["name"] for row in pdffonts(out["scripts"].lo_pdf)}
    assert all(EMBEDDED.match(name) or name == "OpenSymbol" for name in names), names
    got = text_of(out["scripts"].lo_pdf)
    for field, text in texts(load_facts(SCRIPTS)):
        assert squashed(text) in got, f"{field}: {text!r} is not in LibreOffice's PDF"


def fc_charset(family: str) -> tuple[str, set[int]]:
    """The family fontconfig gives for a name, and the code points it covers."""
    found = run_tool("fc-match", "-f", "%{family[0]}", family).stdout
    ranges = run_tool("fc-match", "-f", "%{charset}", family).stdout.split()
    covered: set[int] = set()
    for item in ranges:
        low, _, high = item.partition("-")
        covered.update(range(int(low, 16), int(high or low, 16) + 1))
    return found, covered


def docx_runs(path: Path) -> list[tuple[str, str]]:
    """(font, text) of every run of the body, header and footer. A run without its own font
    has its style's: the theme's, Arial."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name):
                root = etree.fromstring(z.read(name))
                for r in root.iter(qn("w:r")):
                    named = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
                    font = named.get(qn("w:eastAsia")) if named is not None else "Arial"
                    if named is not None:  # one font in every script slot
                        assert {named.get(qn(f"w:{s}")) for s in
                                ("ascii", "hAnsi", "eastAsia", "cs")} == {font}
                    out.append((font, "".join(t.text or "" for t in r.iter(qn("w:t")))))
    return out


def test_docx_names_fonts_that_have_its_characters(out):
    runs = docx_runs(out["scripts"].docx)
    text = "".join(t for _, t in runs)
    for field, fact in texts(load_facts(SCRIPTS)):
        assert squashed(fact) in squashed(text), f"{field} is not in the DOCX"
    charsets = {font: fc_charset(font) for font in {f for f, _ in runs}}
    assert charsets["Arial"][0] == "Liberation Sans"  # what LibreOffice lays Arial out with
    for font, run_text in runs:
        family, covered = charsets[font]
        assert font == "Arial" or family == font, f"fontconfig has no {font!r}"
        missing = [c for c in run_text if not c.isspace() and ord(c) not in covered]
        assert not missing, f"{font} ({family}) lacks {missing}"
    fallback = {f for f, t in runs if any(scripts.east_asian(c) for c in t)}
    assert fallback == {"WenQuanYi Micro Hei"}


def test_east_asian_text_breaks_where_libreoffice_breaks_it(out):
    # same lines, in the same order, in the PDF and in LibreOffice's layout of the DOCX; no line
    # starts with closing punctuation
    def lines(path: Path) -> list[str]:  # bullets aside: LibreOffice prints Word's as U+F0B7
        return [re.sub("[\u2022\uf0b7]", "", squashed(t)) for t in line_texts(path)]

    ours, theirs = lines(out["scripts"].pdf), lines(out["scripts"].lo_pdf)
    east_asian = [t for t in ours if scripts.has_east_asian(t)]
    assert len(east_asian) > 10
    assert [t for t in theirs if scripts.has_east_asian(t)] == east_asian
    assert not [t for t in ours if t[:1] in "。、，」』）"]


# ---- what cannot print is refused ---------------------------------------------------------------


def facts_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "f.yaml"
    path.write_text("title: A brief\nsummary: Fine.\n" + body, encoding="utf-8")
    return path


def test_a_character_no_font_has_is_an_error_naming_field_and_character(tmp_path, capsys):
    path = facts_file(tmp_path, "quotes:\n  - text: ok\n    speaker: Name \ue001\n")
    assert run(["build", str(path), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}:5: quotes[0].speaker: no font of the brief has "
                          "'\ue001' (U+E001)"), err
    assert "BRIEFGEN_FONT_PATH" in err and err.count("\n") == 1
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("text", ["မြန်မာ", "ሰላም"])
def test_a_script_no_installed_font_has_is_an_error_with_its_line(tmp_path, capsys, text):
    """Myanmar and Ethiopic: no font of the chain has them (Arabic, Hebrew, Devanagari, Bengali
    and Thai now print): the one located line, naming the characters."""
    path = facts_file(tmp_path, f"key_points:\n  - Fine.\n  - text: In the talks, {text}.\n")
    assert run(["build", str(path), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}:5: key_points[1].text: no font of the brief has "
                          f"'{text[0]}' (U+{ord(text[0]):04X})"), err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_the_fonts_page_shows_the_message_as_printed(tmp_path, capsys):
    readme = (Path(__file__).parent.parent / "docs" / "fonts.md").read_text(encoding="utf-8")
    shown = re.search(r"`error: f\.yaml:1: (title: no font of the brief has .*?)`", readme).group(1)
    path = tmp_path / "f.yaml"
    path.write_text("title: A \ue000\nsummary: Fine.\n", encoding="utf-8")
    assert run(["build", str(path), "-o", str(tmp_path / "o")]) == 1
    assert capsys.readouterr().err == f"error: {path}:1: {shown}\n"


# ---- your own fonts, and none ------------------------------------------------------------------


def test_a_font_in_briefgen_font_path_prints_what_the_chain_lacks(tmp_path, monkeypatch):
    assert OPENSYMBOL.is_file(), "LibreOffice's OpenSymbol font is missing"
    path = facts_file(tmp_path, "key_points:\n  - Mark \ue001 here.\n")
    with pytest.raises(Exception, match="U\\+E001"):
        build(path)
    monkeypatch.setenv(fonts.ENV_PATH, f"{tmp_path / 'nowhere'}:{OPENSYMBOL}")
    brief = build(path)
    (tmp_path / "f.pdf").write_bytes(brief.outputs["pdf"])
    assert "OpenSymbol" in {row["name"] for row in pdffonts(tmp_path / "f.pdf")}
    runs = docx_runs_from_bytes(brief.outputs["docx"])
    assert ("OpenSymbol", "\ue001") in runs


def docx_runs_from_bytes(data: bytes) -> list[tuple[str, str]]:
    """(font, text) of every run of the body; Arial where the run names none."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for r in root.iter(qn("w:r")):
        named = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        out.append((named.get(qn("w:ascii")) if named is not None else "Arial",
                    "".join(t.text or "" for t in r.iter(qn("w:t")))))
    return out


def test_a_cff_font_is_refused_with_a_clear_message(tmp_path, monkeypatch):
    fake = tmp_path / "cff.ttf"
    fake.write_bytes(b"OTTO" + bytes(60))  # the signature of CFF-flavoured OpenType
    monkeypatch.setenv(fonts.ENV_PATH, str(fake))
    path = facts_file(tmp_path, "key_points:\n  - Mark \ue001 here.\n")
    with pytest.raises(font_files.FontError) as caught:
        build(path)
    assert str(fake) in str(caught.value) and "cannot use this font" in str(caught.value)


def test_without_the_fonts_the_builtin_fonts_print_western_european_text(tmp_path, monkeypatch):
    monkeypatch.setattr(font_files.Finder, "find", lambda self, name: None)
    briefgen.clear_caches()  # the chain is found again, without the fonts
    try:
        brief = build(Path(__file__).parent.parent / "facts" / "tiny.yaml")
        (tmp_path / "t.pdf").write_bytes(brief.outputs["pdf"])
        rows = pdffonts(tmp_path / "t.pdf")
        assert {row["name"] for row in rows} <= {"Helvetica", "Helvetica-Bold",
                                                 "Helvetica-Oblique"}
        assert {row["emb"] for row in rows} == {"no"}
        problems = fonts.for_theme(Theme()).problems("Łódź café")
        assert problems == ["Ł", "ź"]
        path = facts_file(tmp_path, "key_points:\n  - Talks in Łódź.\n")
        with pytest.raises(Exception, match="Windows-1252 only"):
            build(path)
    finally:
        briefgen.clear_caches()


def read_faces() -> list[font_files.Face]:
    """The faces whose font file has been read, of those the caches in use hold."""
    return [face for face in caches.current().table("fonts.faces").values()
            if face._font is not None]


def test_a_brief_in_english_reads_no_fallback_font(tmp_path):
    # cold start: the big East Asian font is read only when a character needs it
    briefgen.clear_caches()
    build(Path(__file__).parent.parent / "facts" / "japan-nato-mission.yaml")
    read = {face.path.name for face in read_faces()}
    # (and of its own family, only the faces it prints in: it has no bold italic)
    assert read == {"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
                    "LiberationSans-Italic.ttf"}
    build(SCRIPTS)
    read = {face.path.name for face in read_faces()}
    assert "wqy-microhei.ttc" in read


# ---- the chain's rules --------------------------------------------------------------------------


def test_runs_cut_text_by_the_first_font_that_has_each_character():
    chain = fonts.for_theme(Theme())
    got = [(p.family.label, p.text) for p in chain.pieces("Łódź — 日本と ✓ Жα")]
    assert got == [("Liberation Sans", "Łódź — "), ("WenQuanYi Micro Hei", "日本と"),
                   ("Liberation Sans", " "), ("DejaVu Sans", "✓"), ("Liberation Sans", " Жα")]


def test_text_is_composed_and_invisible_formatting_is_left_out():
    chain = fonts.for_theme(Theme())
    assert "".join(p.text for p in chain.pieces("Dvor\u030cák\u200b a\u200db\ufe0f")) == "Dvořák ab"


def test_shaped_and_right_to_left_scripts_have_fonts_in_the_chain():
    chain = fonts.for_theme(Theme())
    assert chain.problems("नमस्ते สวัสดี مرحبا שלום নমস্কার") == []
    labels = {chain.family_for(c).label for c in "नสمব"}
    assert labels == {"Noto Sans Devanagari", "Noto Sans Thai", "Noto Naskh Arabic",
                      "Noto Sans Bengali"}
    assert chain.family_for("₹").label == "DejaVu Sans"  # a script font prints its script only


def test_serif_theme_embeds_liberation_serif_and_the_same_fallbacks(tmp_path):
    theme = Theme(font="serif")
    doc = d.Document("機密ではない", (d.Section("Points", (d.Paragraph(
        (d.Run("Ελληνικά and 日本語 and ₽"),)),)),))
    (tmp_path / "s.pdf").write_bytes(pdf.write(lay_out(doc, theme)))
    names = {row["name"] for row in pdffonts(tmp_path / "s.pdf")}
    assert any(n.startswith("LiberationSerif") for n in names)
    assert any(n.startswith("WenQuanYiMicroHei") for n in names)
    assert any(n.startswith("DejaVuSerif") for n in names)
    word = docx.Document(io.BytesIO(docx_writer.write(lay_out(doc, theme))))
    named = [r.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") for p in word.paragraphs
             for r in p.runs]
    fonts_named = {f.get(qn("w:ascii")) for f in named if f is not None}
    assert fonts_named == {"WenQuanYi Micro Hei", "DejaVu Serif"}


# ---- long words and addresses -------------------------------------------------------------------


@pytest.mark.parametrize("which", ["pdf", "lo_pdf"])
def test_long_words_and_addresses_stay_inside_the_margins(out, which):
    o = out["long-words"]
    path = getattr(o, which)
    edges = right_edges(path)
    assert edges
    beyond = [(x, word) for x, word in edges if x > PAGE_WIDTH - MARGIN + 0.5]
    assert not beyond, f"{path}: past the right margin: {beyond}"
    got = text_of(path)
    for field, text in texts(load_facts(LONG)):
        assert squashed(text) in got, f"{field}: {text!r} lost or out of order in {path}"


def test_a_word_wider_than_the_line_starts_on_a_new_line(out):
    lines = [squashed(t) for t in line_texts(out["long-words"].pdf)]
    assert "index.html?query=abcdefghijklmnopqrstuvwxyz0123456789and" in lines
    assert any(t.startswith("Rindfleischetikettierungs") for t in lines)


def test_a_table_cell_wraps_a_long_address_at_its_slashes():
    theme = Theme()
    url = "https://example.org/" + "segment/" * 30 + "end"
    doc = d.Document(None, (d.Section(None, (d.Table((0.2, 0.8), (
        d.Row(cells=((d.Run("2025"),), (d.Run(url),))),)),)),))
    (table,) = Layout().flowables(pieces(doc, theme), theme)
    table.wrap(theme.text_width, 1e6)
    cell = table._cellvalues[0][1][0]
    lines = ["".join(f.text for f in line.words) for line in cell.blPara.lines]
    assert "".join(lines) == url
    assert all(line.endswith("/") for line in lines[:-1]) and len(lines) > 1


def test_bold_in_italics_and_italics_in_bold_are_printed_in_the_bold_italic_face():
    # a fresh process, where each face is read and registered when first used: reportlab's
    # parser names the bold italic face for <b> inside <i>, and for <i> in a bold style
    script = """
import io, pypdf
import briefgen
from briefgen import caches
from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.layout.laid_out import lay_out
from briefgen.writers import pdf
for runs, role in (((d.Run("A title, "), d.Run("in italics", italic=True)), "title"),
                   ((d.Run("Body text, "), d.Run("bold", bold=True, italic=True)), "body")):
    doc = d.Document(None, (d.Section(None, (d.Paragraph(runs, role),)),))
    data = pdf.write(lay_out(doc, Theme()))
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    print(sorted(f.get_object()["/BaseFont"].split("+")[-1]
                 for f in page["/Resources"]["/Font"].values()))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert run.stdout.splitlines() == ["['LiberationSans-Bold', 'LiberationSans-BoldItalic']",
                                       "['LiberationSans', 'LiberationSans-BoldItalic']"]


# ---- every face a character is printed in has it ------------------------------------------------

# DejaVu Sans has these, but not in every face: its Bold lacks the mathematical sans-serif
# letters (U+1D5A0-1D5D3), its Oblique lacks Ogham and Tifinagh. Liberation Sans has none.
MATH_SANS = "\U0001d5a0\U0001d5d3"
OGHAM_TIFINAGH = "\u1681\u1682 \u2d30\u2d31"
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")


def test_the_dejavu_faces_lack_what_these_tests_rely_on():
    def covers(name: str, text: str) -> bool:
        return all(font_files.face(DEJAVU_DIR / name).covers(c) for c in text if not c.isspace())

    assert covers("DejaVuSans.ttf", MATH_SANS + OGHAM_TIFINAGH)
    assert not any(covers("DejaVuSans-Bold.ttf", c) for c in MATH_SANS)
    assert not any(covers("DejaVuSans-Oblique.ttf", c) for c in OGHAM_TIFINAGH.replace(" ", ""))


@pytest.fixture
def missing_glyphs(monkeypatch) -> list[tuple[str, str]]:
    """(font, character) of every character a PDF is drawn with in a font that lacks it:
    reportlab prints those as the font's missing-glyph box. Every text reportlab draws in a
    TrueType font, paragraphs and the banner alike, goes through TTFont.splitString."""
    from reportlab.pdfbase.ttfonts import TTFont

    found: list[tuple[str, str]] = []
    split = TTFont.splitString

    def checked(self, text, doc, encoding="utf-8"):
        text = text.decode(encoding) if isinstance(text, bytes) else text
        found.extend((self.fontName, c) for c in text
                     if ord(c) != 0xA0 and ord(c) not in self.face.charToGlyph)
        return split(self, text, doc, encoding)

    monkeypatch.setattr(TTFont, "splitString", checked)
    return found


def test_pieces_are_cut_by_the_face_of_the_style(missing_glyphs):
    chain = fonts.for_theme(Theme())
    got = [(p.family.label, p.bold, p.italic, p.text)
           for p in chain.pieces(f"Bold {MATH_SANS} \u2713 text", bold=True)]
    assert got == [("Liberation Sans", True, False, "Bold "),
                   ("DejaVu Sans", False, False, MATH_SANS),  # no bold face has them
                   ("Liberation Sans", True, False, " "),
                   ("DejaVu Sans", True, False, "\u2713"),  # DejaVu Sans Bold has it
                   ("Liberation Sans", True, False, " text")]
    italic = [(p.family.label, p.bold, p.italic, p.text)
              for p in chain.pieces(f"in {OGHAM_TIFINAGH}", italic=True)]
    assert italic == [("Liberation Sans", False, True, "in "),
                      ("DejaVu Sans", False, False, "\u1681\u1682"),
                      ("Liberation Sans", False, True, " "),
                      ("DejaVu Sans", False, False, "\u2d30\u2d31")]


def test_bold_italic_and_banner_text_print_every_character_in_a_face_that_has_it(
        tmp_path, missing_glyphs):
    path = tmp_path / "faces.yaml"
    path.write_text(
        f'title: "Bold {MATH_SANS} title"\ndate: 2025-02-03\n'
        f'memo:\n  classification: "SECRET\\u2028NOFORN\\u1680{MATH_SANS}"\n'
        "summary: Faces.\n"
        f'quotes:\n  - text: "Ogham {OGHAM_TIFINAGH} quoted"\n    speaker: "Name {MATH_SANS}"\n'
        f'timeline:\n  - date: c. 2014\n    event: "Approximate {MATH_SANS}"\n',
        encoding="utf-8")
    brief = build(path)
    assert missing_glyphs == []
    pdf_path, docx_path = tmp_path / "faces.pdf", tmp_path / "faces.docx"
    pdf_path.write_bytes(brief.outputs["pdf"])
    docx_path.write_bytes(brief.outputs["docx"])
    page = run_tool("pdftotext", "-raw", "-enc", "UTF-8", pdf_path, "-").stdout
    for text in (f"SUBJECT: Bold {MATH_SANS} title", f"Ogham {OGHAM_TIFINAGH} quoted",
                 f"Name {MATH_SANS}", f"SECRET NOFORN {MATH_SANS}"):
        assert text in page, f"{text!r} is not in the PDF's text:\n{page}"
    assert page.count(f"SECRET NOFORN {MATH_SANS}") == 2
    # the DOCX asks for the same faces: DejaVu Sans, upright and regular, for those characters
    root = etree.fromstring(zipfile.ZipFile(docx_path).read("word/document.xml"))
    for r in root.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if set(text) & set(MATH_SANS + OGHAM_TIFINAGH.replace(" ", "")):
            fonts_named = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            assert fonts_named.get(qn("w:ascii")) == "DejaVu Sans", text
            for tag in ("w:b", "w:i"):  # off, or not set in a style that has neither
                element = r.find(f"{qn('w:rPr')}/{qn(tag)}")
                assert element is None or element.get(qn("w:val")) == "0", (text, tag)
    lo_pdf = soffice_to_pdf([docx_path], tmp_path / "lo", tmp_path / "profile")[docx_path]
    lo_page = run_tool("pdftotext", "-raw", "-enc", "UTF-8", lo_pdf, "-").stdout
    assert f"Bold {MATH_SANS} title" in lo_page and f"Ogham {OGHAM_TIFINAGH} quoted" in lo_page
    assert lo_page.count(f"SECRET NOFORN {MATH_SANS}") == 2
    names = {row["name"] for row in pdffonts(lo_pdf)}
    assert names <= {"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic",
                     "LiberationSans-BoldItalic", "DejaVuSans", "OpenSymbol"}, names


def test_text_the_theme_s_font_has_in_every_style_looks_for_no_fallback():
    from briefgen.layout.font_chain import Chain

    chain = Chain(Theme().font, [])  # a chain of its own, not the one other tests have used
    assert chain._fallbacks is None
    for bold, italic in fonts.STYLES:
        assert "".join(p.text for p in chain.pieces("Łódź, Ærø — café", bold, italic)) \
            == "Łódź, Ærø — café"
    assert chain._fallbacks is None  # neither found nor read
    assert chain.pick("\u2713", True, False)[0].label == "DejaVu Sans"
    assert chain._fallbacks is not None


# ---- damaged font files in BRIEFGEN_FONT_PATH --------------------------------------------------

LIBERATION = Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")


def collection(count: int) -> bytes:
    """A TrueType collection of `count` fonts, each Liberation Sans (one copy, its tables moved
    behind the header)."""
    import struct

    font = LIBERATION.read_bytes()
    shift = 12 + 4 * count
    (tables,) = struct.unpack(">H", font[4:6])
    directory = bytearray(font[:12 + 16 * tables])
    for i in range(tables):
        at = 12 + 16 * i + 8
        directory[at:at + 4] = (int.from_bytes(directory[at:at + 4], "big") + shift).to_bytes(
            4, "big")
    header = b"ttcf\x00\x01\x00\x00" + count.to_bytes(4, "big") + shift.to_bytes(4, "big") * count
    return header + bytes(directory) + font[len(directory):]


def build_with_font(tmp_path: Path, monkeypatch, capsys, name: str, data: bytes) -> tuple:
    font = tmp_path / name
    font.write_bytes(data)
    monkeypatch.setenv(fonts.ENV_PATH, str(font))
    facts = facts_file(tmp_path, "key_points:\n  - Tokyo (\u6771\u4eac) talks.\n")  # a fallback
    capsys.readouterr()  # is needed: the fonts listed are read
    code = run(["build", str(facts), "-o", str(tmp_path / "out"), "-f", "pdf"])
    return code, capsys.readouterr().err.splitlines(), font


@pytest.mark.parametrize("name, data, reason", [
    # once: internal error: error: unpack requires a buffer of 2 bytes
    ("cut.ttf", LIBERATION.read_bytes()[:20_000],
     "the file is damaged or cut short (unpack requires a buffer of 2 bytes)"),
    ("huge.ttc", b"ttcf\x00\x01\x00\x00\x7f\xff\xff\xff" + bytes(108),
     "the collection claims 2,147,483,647 fonts; at most 256 are read"),
    ("many.ttc", collection(257), "the collection claims 257 fonts; at most 256 are read"),
    ("cut.ttc", collection(2)[:16], "the file is damaged or cut short (unpack requires a "
                                    "buffer of 4 bytes)"),
])
def test_a_damaged_font_is_refused_by_name(tmp_path, monkeypatch, capsys, name, data, reason):
    from timing import wall_seconds_at_most

    with wall_seconds_at_most(5):
        code, err, font = build_with_font(tmp_path, monkeypatch, capsys, name, data)
    assert (code, err) == (1, [f"error: {font}: cannot use this font: {reason}"])
    assert not (tmp_path / "out").exists()


def test_a_collection_of_256_fonts_is_read(tmp_path, monkeypatch, capsys):
    code, err, _ = build_with_font(tmp_path, monkeypatch, capsys, "many.ttc", collection(256))
    assert (code, err) == (0, [])
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    assert pdf_pages(pdf) == 1
    assert any(f.path.name == "many.ttc" for f in read_faces())
