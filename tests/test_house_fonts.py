"""House fonts (a theme naming a font family, for text and headings) and the paper option:
what a user sees in the PDF, the DOCX and LibreOffice's layout of it, and every error's line."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import (
    FACTS_DIR,
    pdf_fonts,
    pdf_page_size,
    pdf_pages,
    pdf_text,
    run_tool,
    soffice_to_pdf,
)
from font_copies import DEJAVU, cff_font, damaged, maison_serif, with_fs_type
from lxml import etree
from pypdf import PdfReader

import briefgen
from briefgen.edge.cli import run

CROWDED = FACTS_DIR / "crowded.yaml"
TITLE = "Port Wenlow tidal barrier runs 18% over budget as storm season nears"
A4, LETTER = (595.28, 841.89), (612.0, 792.0)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def template(folder: Path, theme: str, audience: str | None = None) -> Path:
    """A template folder with this theme.yaml (and this audiences/x.yaml)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text(theme, encoding="utf-8")
    if audience is not None:
        (folder / "audiences").mkdir()
        (folder / "audiences" / "x.yaml").write_text(audience, encoding="utf-8")
    return folder


def build(capsys, *args: str) -> tuple[int, str]:
    code = run(["build", *args, "-j", "1"])
    return code, capsys.readouterr().err


def text_by_font(pdf: Path) -> dict[str, str]:
    """The text drawn in each font of the PDF's first page (subset prefix dropped)."""
    found: dict[str, str] = {}

    def visit(text, cm, tm, font, size) -> None:
        if font is not None and text.strip():
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
            found[name] = found.get(name, "") + " " + " ".join(text.split())

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


def style_fonts(path: Path) -> dict[str, str]:
    """Each DOCX style's font (w:rFonts ascii), by style id: its own, or the one of the style it
    is based on, as Word and LibreOffice resolve it (most styles take Normal's)."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/styles.xml"))
    own, based = {}, {}
    for style in root.iter(f"{W}style"):
        name = style.get(f"{W}styleId")
        found, parent = style.find(f"{W}rPr/{W}rFonts"), style.find(f"{W}basedOn")
        own[name] = found.get(f"{W}ascii") if found is not None else None
        based[name] = parent.get(f"{W}val") if parent is not None else None

    def font(name: str | None) -> str | None:
        while name is not None and own.get(name) is None:
            name = based.get(name)
        return own.get(name) if name is not None else None

    return {name: font(name) for name in own if font(name) is not None}


def lo_fonts_and_pages(docx_files: list[Path], tmp: Path) -> list[tuple[int, list[str]]]:
    """LibreOffice's layout of each DOCX (one call): pages and the fonts it printed with."""
    converted = soffice_to_pdf(docx_files, tmp / "lo", tmp / "profile")
    return [(pdf_pages(converted[f]), pdf_fonts(converted[f])) for f in docx_files]


# ---- a family by name, in both formats ---------------------------------------------------------


def test_an_installed_family_and_a_template_folder_family_build_embed_and_fit(
        tmp_path, capsys, monkeypatch):
    serif = template(tmp_path / "serif", 'font: "DejaVu Serif"\n')
    maison = template(tmp_path / "maison", 'font: "maison serif"\n')  # any case
    maison_serif(maison / "fonts")
    for folder in (serif, maison):
        code, err = build(capsys, str(CROWDED), "-t", str(folder), "-o", str(folder / "out"))
        assert code == 0, err
    for folder, ps, family in ((serif, "DejaVuSerif", "DejaVu Serif"),
                               (maison, "MaisonSerif", "Maison Serif")):
        pdf, docx_file = folder / "out" / "crowded.pdf", folder / "out" / "crowded.docx"
        assert pdf_pages(pdf) == 1
        assert set(pdf_fonts(pdf)) == {ps, f"{ps}-Bold", f"{ps}-Italic"}  # embedded, alone
        drawn = text_by_font(pdf)
        assert TITLE in drawn[f"{ps}-Bold"]  # the heading font is the text font
        assert "The flood-defence programme is forecast to cost £484 million" in drawn[ps]
        assert TITLE in " ".join(pdf_text(pdf).split())
        styles = style_fonts(docx_file)
        assert {styles[s] for s in ("Normal", "Heading1", "Title", "ListBullet")} == {family}
    # LibreOffice lays out each DOCX on one page in the very font named (the template's font
    # installed for it, as a user installs a house font with the template; in a second call, as
    # LibreOffice prints a font with the same outlines as one it has printed already with that)
    (pages, fonts), = lo_fonts_and_pages([serif / "out" / "crowded.docx"], tmp_path / "a")
    assert pages == 1 and {"DejaVuSerif", "DejaVuSerif-Bold"} <= set(fonts)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><include ignore_missing="yes">'
                    f'/etc/fonts/fonts.conf</include><dir>{maison / "fonts"}</dir>'
                    f'<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    (pages, fonts), = lo_fonts_and_pages([maison / "out" / "crowded.docx"], tmp_path / "b")
    assert pages == 1 and {"MaisonSerif", "MaisonSerif-Bold"} <= set(fonts)


def test_the_fit_measures_in_the_named_font(tmp_path, capsys):
    """DejaVu Serif is much wider than Liberation Sans: the same facts keep less."""
    serif = template(tmp_path / "t", 'font: "DejaVu Serif"\n')
    assert build(capsys, str(CROWDED), "-o", str(tmp_path / "a"))[0] == 0
    code, err = build(capsys, str(CROWDED), "-t", str(serif), "-o", str(tmp_path / "b"))
    assert code == 0
    plain = pdf_text(tmp_path / "a" / "crowded.pdf")
    wide = pdf_text(tmp_path / "b" / "crowded.pdf")
    assert len(wide) < len(plain) and err.count("dropped") > 0
    # the label column fits "SUBJECT:" on one line in the wider bold face
    assert "SUBJECT:" in pdf_text(tmp_path / "b" / "crowded.pdf", "layout")


def test_a_heading_font_prints_the_headings_and_the_masthead_in_both_formats(tmp_path, capsys):
    folder = template(tmp_path / "t", 'font: serif\nheading_font: "DejaVu Sans"\n')
    code, err = build(capsys, str(CROWDED), "-t", str(folder), "-o", str(tmp_path / "o"))
    assert code == 0, err
    drawn = text_by_font(tmp_path / "o" / "crowded.pdf")
    assert "BRIEFING MEMO" in drawn["DejaVuSans-Bold"]
    assert TITLE in drawn["LiberationSerif-Bold"]  # the subject line is a field: the text font
    assert "KEY POINTS" in drawn["DejaVuSans-Bold"] and "BOTTOM LINE" in drawn["DejaVuSans-Bold"]
    assert "KEY POINTS" not in drawn["LiberationSerif-Bold"]
    assert "The flood-defence programme" in drawn["LiberationSerif"]
    styles = style_fonts(tmp_path / "o" / "crowded.docx")
    assert styles["Heading1"] == styles["Title"] == styles["BriefMasthead"] == "DejaVu Sans"
    assert styles["Normal"] == styles["ListBullet"] == "Times New Roman"


def test_an_audience_may_set_the_fonts(tmp_path, capsys):
    folder = template(tmp_path / "t", "page: letter\n",
                      "extends: default\ntheme:\n  font: DejaVu Sans\n")
    code, err = build(capsys, str(CROWDED), "-t", str(folder), "-a", "x",
                      "-o", str(tmp_path / "o"))
    assert code == 0, err
    assert set(pdf_fonts(tmp_path / "o" / "crowded-x.pdf")) == {
        "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}


def test_a_family_without_bold_prints_bold_in_its_regular_face(tmp_path, capsys):
    folder = template(tmp_path / "t", 'font: "Maison Serif"\n')
    maison_serif(folder / "fonts", ("regular",))
    code, err = build(capsys, str(CROWDED), "-t", str(folder), "-o", str(tmp_path / "o"))
    assert code == 0, err
    pdf = tmp_path / "o" / "crowded.pdf"
    assert set(pdf_fonts(pdf)) == {"MaisonSerif"}
    assert TITLE in text_by_font(pdf)["MaisonSerif"]


def test_characters_the_house_font_lacks_print_from_the_fallbacks(tmp_path, capsys):
    folder = template(tmp_path / "t", 'font: "Maison Serif"\n')
    maison_serif(folder / "fonts")
    facts = tmp_path / "f.yaml"
    facts.write_text("title: Talks in 東京\nsummary: Москва and 서울 agree.\n", encoding="utf-8")
    code, err = build(capsys, str(facts), "-t", str(folder), "-o", str(tmp_path / "o"))
    assert code == 0, err
    drawn = text_by_font(tmp_path / "o" / "f.pdf")
    assert "Москва" in drawn["MaisonSerif"]  # DejaVu Serif has Cyrillic
    assert "서울" in drawn["WenQuanYiMicroHei-0"] and "東京" in drawn["WenQuanYiMicroHei-0"]


def test_without_fontconfig_only_the_template_folder_is_searched(tmp_path, capsys,
                                                                 monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    briefgen.clear_caches()
    try:
        shipped = template(tmp_path / "m", 'font: "Maison Serif"\n')
        maison_serif(shipped / "fonts")
        assert build(capsys, str(CROWDED), "-t", str(shipped), "-o", str(tmp_path / "o"))[0] == 0
        installed = template(tmp_path / "d", 'font: "DejaVu Serif"\n')
        code, err = build(capsys, str(CROWDED), "-t", str(installed), "-o", str(tmp_path / "p"))
    finally:
        monkeypatch.undo()
        briefgen.clear_caches()  # fontconfig's list is read again by the next test
    assert code == 1 and not (tmp_path / "p").exists()
    assert err == (f"error: {installed / 'theme.yaml'}:1: font: no font family 'DejaVu Serif' "
                   "in the template's folder or installed (fontconfig's fc-list is not here, "
                   "so only fonts shipped in the template folder are found): give an installed "
                   "family's name (fc-list lists them), put its .ttf files in the template "
                   "folder or its fonts/ folder, or use sans or serif\n")


# ---- errors: one line each, nothing written ----------------------------------------------------


def test_a_family_not_found_names_the_theme_line_and_what_is_near(tmp_path, capsys):
    folder = template(tmp_path / "t", 'page: a4\nfont: "DejaVu Serf"\n')
    code, err = build(capsys, str(CROWDED), "-t", str(folder), "-o", str(tmp_path / "o"))
    assert code == 1 and not (tmp_path / "o").exists()
    assert err == (f"error: {folder / 'theme.yaml'}:2: font: no font family 'DejaVu Serf' in "
                   "the template's folder or installed: did you mean 'DejaVu Serif', "
                   "'DejaVu Sans', 'DejaVu Serif Condensed'? give an installed family's name "
                   "(fc-list lists them), put its .ttf files in the template folder or its "
                   "fonts/ folder, or use sans or serif\n")


def test_a_heading_family_not_found_in_an_audience_names_its_line(tmp_path, capsys):
    folder = template(tmp_path / "t", "page: a4\n", (
        "extends: default\ntheme:\n  body_size: 11\n  heading_font: Liberation Sanz\n"))
    code = run(["check", str(CROWDED), "-t", str(folder), "-a", "x"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (f"error: {folder / 'audiences' / 'x.yaml'}:4: theme.heading_font: no font "
                   "family 'Liberation Sanz' in the template's folder or installed: did you "
                   "mean 'Liberation Sans', 'Liberation Mono', 'Liberation Serif'? give an "
                   "installed family's name (fc-list lists them), put its .ttf files in the "
                   "template folder or its fonts/ folder, or use sans or serif\n")


def test_a_cff_font_in_the_template_folder_is_refused_naming_the_file(tmp_path, capsys):
    folder = template(tmp_path / "t", "font: Cuff Sans\n")
    otf = cff_font(folder / "fonts" / "CuffSans.otf", "Cuff Sans")
    code, err = build(capsys, str(CROWDED), "-t", str(folder), "-o", str(tmp_path / "o"))
    assert code == 1 and not (tmp_path / "o").exists()
    assert err == (f"error: {otf}: cannot use this font: its outlines are CFF (PostScript), as "
                   "in the Noto CJK fonts, and reportlab embeds TrueType outlines only: use a "
                   "TrueType (.ttf) version\n")


@pytest.mark.parametrize(("fs_type", "why"), [(0x0002, "restricted licence embedding"),
                                              (0x0200, "no subsetting")])
def test_a_font_whose_licence_forbids_embedding_is_refused(tmp_path, capsys, fs_type, why):
    folder = template(tmp_path / "t", 'font: "DejaVu Serif"\n')
    maison_serif(folder / "fonts")  # the family named is the shipped, restricted one
    (folder / "theme.yaml").write_text('font: "Maison Serif"\n', encoding="utf-8")
    bold = with_fs_type(folder / "fonts" / "MaisonSerif-bold.ttf",
                        folder / "fonts" / "MaisonSerif-bold.ttf", fs_type)
    code, err = build(capsys, str(CROWDED), "-t", str(folder), "-o", str(tmp_path / "o"))
    assert code == 1 and not (tmp_path / "o").exists()
    assert err == (f"error: {bold}: cannot use this font: its licence does not allow embedding "
                   f"it in a PDF (OS/2 fsType 0x{fs_type:04X}: {why}); use a font whose "
                   "licence allows embedding\n")


def test_a_character_no_font_has_names_the_house_font_and_the_character(tmp_path, capsys):
    folder = template(tmp_path / "t", 'font: "DejaVu Serif"\n')
    facts = tmp_path / "f.yaml"
    facts.write_text("title: A brief\nsummary: Mark \ue000 here.\n", encoding="utf-8")
    code, err = build(capsys, str(facts), "-t", str(folder), "-o", str(tmp_path / "o"))
    assert code == 1 and not (tmp_path / "o").exists()
    assert err == (f"error: {facts}:2: summary: no font of the brief has '\ue000' (U+E000) "
                   "(fonts tried: DejaVu Serif, Liberation Sans, Noto Naskh Arabic, Noto Sans "
                   "Hebrew, Noto Sans Devanagari, Noto Sans Bengali, Noto Sans Thai, DejaVu "
                   "Sans, WenQuanYi Micro "
                   "Hei): replace the characters, or install the fonts scripts/install.sh "
                   "installs, or name a TrueType font that has it in BRIEFGEN_FONT_PATH\n")


def test_a_title_character_the_heading_font_cannot_print_names_the_title(tmp_path, capsys):
    """The title is a heading in some audiences (press): the heading font's chain must have
    its characters too, though the text font has them (DejaVu Math TeX Gyre has U+210A)."""
    folder = template(tmp_path / "t", 'font: DejaVu Math TeX Gyre\nheading_font: DejaVu Serif\n')
    facts = tmp_path / "f.yaml"
    facts.write_text("title: The \u210a factor\nsummary: Fine \u210a.\n", encoding="utf-8")
    code, err = build(capsys, str(facts), "-t", str(folder), "-o", str(tmp_path / "o"))
    assert code == 1 and not (tmp_path / "o").exists()
    assert err == (f"error: {facts}:1: title: no font of the brief has '\u210a' (U+210A) "
                   "(fonts tried: DejaVu Serif, Liberation Sans, Noto Naskh Arabic, Noto Sans "
                   "Hebrew, Noto Sans Devanagari, Noto Sans Bengali, Noto Sans Thai, DejaVu "
                   "Sans, WenQuanYi Micro "
                   "Hei): replace the characters, or install the fonts scripts/install.sh "
                   "installs, or name a TrueType font that has it in BRIEFGEN_FONT_PATH\n")
    (folder / "theme.yaml").write_text("font: DejaVu Math TeX Gyre\n", encoding="utf-8")
    code, err = build(capsys, str(facts), "-t", str(folder), "-o", str(tmp_path / "o"))
    assert code == 0, err


# ---- paper -----------------------------------------------------------------------------------


def test_paper_a4_overrides_the_theme_in_the_pdf_and_the_docx(tmp_path, capsys):
    code, err = build(capsys, str(CROWDED), str(FACTS_DIR / "tiny.yaml"), "--paper", "A4",
                      "-o", str(tmp_path / "o"))
    assert code == 0, err
    for stem in ("crowded", "tiny"):  # every brief of the batch
        assert pdf_page_size(tmp_path / "o" / f"{stem}.pdf") == pytest.approx(A4, abs=0.01)
        section = docx.Document(str(tmp_path / "o" / f"{stem}.docx")).sections[0]
        assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert build(capsys, str(CROWDED), "-o", str(tmp_path / "d"))[0] == 0  # default: Letter
    assert pdf_page_size(tmp_path / "d" / "crowded.pdf") == LETTER


def test_paper_letter_overrides_a_theme_on_a4(tmp_path, capsys):
    folder = template(tmp_path / "t", "page: a4\n")
    code, _ = build(capsys, str(CROWDED), "-t", str(folder), "--paper", "letter",
                    "-o", str(tmp_path / "o"))
    assert code == 0 and pdf_page_size(tmp_path / "o" / "crowded.pdf") == LETTER
    assert run(["check", str(CROWDED), "-t", str(folder), "--paper", "letter"]) == 0
    assert capsys.readouterr().out == f"ok: {CROWDED}\n"


def test_the_library_takes_the_paper_too(tmp_path):
    """`briefgen.build(paper=...)` prints on the paper asked for, as --paper does."""
    for paper, size in (("a4", A4), ("LETTER", LETTER), (None, LETTER)):
        pdf = tmp_path / "brief.pdf"
        pdf.write_bytes(briefgen.build(FACTS_DIR / "tiny.yaml", formats=["pdf"], paper=paper)["pdf"])
        assert pdf_page_size(pdf) == pytest.approx(size, abs=0.01), paper
    with pytest.raises(ValueError, match="unknown paper 'a5'"):
        briefgen.build(FACTS_DIR / "tiny.yaml", paper="a5")


def test_an_unknown_paper_is_a_usage_error(tmp_path, capsys):
    assert run(["build", str(CROWDED), "--paper", "a5", "-o", str(tmp_path / "o")]) == 2
    assert "'a5' is not one of 'a4', 'letter'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(("paper", "size"), [("letter", LETTER), ("a4", A4), (None, A4)])
def test_init_template_writes_the_paper(tmp_path, capsys, paper, size):
    folder = tmp_path / "mine"
    assert run(["init-template", str(folder), *(["--paper", paper] if paper else [])]) == 0
    theme = (folder / "theme.yaml").read_text("utf-8")
    assert f"\npage: {paper or 'a4'} " in theme
    assert build(capsys, str(CROWDED), "-t", str(folder), "-o", str(tmp_path / "o"))[0] == 0
    assert pdf_page_size(tmp_path / "o" / "crowded.pdf") == pytest.approx(size, abs=0.01)


def test_a_damaged_font_file_in_the_template_folder_is_named(tmp_path, capsys):
    folder = template(tmp_path / "t", 'font: "DejaVu Serif"\n')
    (folder / "fonts").mkdir()
    broken = folder / "fonts" / "Broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00" + bytes(8))  # a TrueType header and no tables
    code, err = build(capsys, str(CROWDED), "-t", str(folder), "-o", str(tmp_path / "o"))
    assert code == 1 and not (tmp_path / "o").exists()
    assert err == (f"error: {broken}: cannot use this font: the font has no name table\n")


@pytest.mark.parametrize(("how", "why"), [
    ("maxp", "it has no glyphs (maxp)"),
    ("loca", "the offsets of its glyphs (loca) are wrong at glyph 0"),
    ("composite", "names glyph 65534, which the font does not have"),
    ("simple", "is cut short"),
    ("noglyf", "it has neither TrueType (glyf) nor CFF outlines"),
])
def test_a_font_with_damaged_glyphs_in_the_template_folder_is_named(tmp_path, capsys, how, why):
    """A shipped font whose glyph tables are broken is refused by `check` and `build` alike,
    naming the file, instead of a brief printed without its letters or an internal error."""
    folder = template(tmp_path / "t", 'font: "DejaVu Serif"\n')
    broken = damaged(DEJAVU / "DejaVuSerif.ttf", folder / "fonts" / "Broken.ttf", how)
    for command in ("check", "build"):
        code, err = build(capsys, str(CROWDED), "-t", str(folder), "-o", str(tmp_path / "o")) \
            if command == "build" else (run(["check", str(CROWDED), "-t", str(folder)]),
                                        capsys.readouterr().err)
        assert code == 1 and not (tmp_path / "o").exists(), (command, err)
        assert err.startswith(f"error: {broken}: cannot use this font: the file is damaged ("), err
        assert why in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("link", ["symlink_to", "hardlink_to"])
def test_links_to_one_font_file_are_read_once(tmp_path, monkeypatch, link):
    """A template folder of many links (symbolic or hard) to one font file costs one read."""
    from briefgen.layout import house_fonts

    folder = template(tmp_path / "t", 'font: "Maison Serif"\n')
    first = maison_serif(folder / "fonts", ("regular",))[0]
    for i in range(100):
        getattr(folder / "fonts" / f"link{i:03d}.ttf", link)(first)
    reads = []
    real = house_fonts.read_bytes
    monkeypatch.setattr(house_fonts, "read_bytes", lambda *a: reads.append(a) or real(*a))
    briefgen.clear_caches()
    assert briefgen.build(CROWDED, template=str(folder), formats=["pdf"])["pdf"]
    assert len(reads) == 1


def test_an_empty_font_collection_is_refused_at_once(tmp_path, capsys):
    """A collection that claims no fonts (a large sparse file, say) is an error, not a read of
    every link to it."""
    folder = template(tmp_path / "t", 'font: "DejaVu Serif"\n')
    empty = folder / "fonts" / "Empty.ttc"
    empty.parent.mkdir()
    with empty.open("wb") as f:
        f.write(b"ttcf\x00\x01\x00\x00" + bytes(4))
        f.truncate(64 << 20)
    code, err = build(capsys, str(CROWDED), "-t", str(folder), "-o", str(tmp_path / "o"))
    assert (code, err) == (1, f"error: {empty}: cannot use this font: the collection holds no "
                              "fonts\n")


def test_an_audience_heading_the_heading_font_cannot_print_names_its_line(tmp_path, capsys):
    folder = template(tmp_path / "t", "font: DejaVu Math TeX Gyre\nheading_font: DejaVu Serif\n",
                      'extends: default\ntitles:\n  key_points: "The \u210a points"\n')
    assert run(["check", str(CROWDED), "-t", str(folder), "-a", "x"]) == 1
    assert capsys.readouterr().err == (
        f"error: {folder / 'audiences' / 'x.yaml'}:3: titles.key_points: cannot print '\u210a' "
        "(U+210A): no font briefgen has prints them (fonts tried: DejaVu Serif, Liberation Sans, "
        "Noto Naskh Arabic, Noto Sans Hebrew, Noto Sans Devanagari, Noto Sans Bengali, Noto Sans "
        "Thai, DejaVu Sans, WenQuanYi Micro Hei): write this text without them, or add a TrueType "
        "font that has them to BRIEFGEN_FONT_PATH\n")
    (folder / "theme.yaml").write_text("font: DejaVu Math TeX Gyre\n", encoding="utf-8")
    assert run(["check", str(CROWDED), "-t", str(folder), "-a", "x"]) == 0


def test_a_wider_font_gives_two_digit_source_numbers_their_room(tmp_path):
    """In a house font wider than Liberation, [10] and [1] start their text at one place (the
    room before a source's text is measured in the font), in the PDF as in the DOCX's style."""
    sources = "".join(f"  - id: s{i}\n    title: Source number {i}\n" for i in range(1, 13))
    points = "".join(f"  - text: Point {i}.\n    sources: [s{i}]\n" for i in range(1, 13))
    facts = tmp_path / "many.yaml"
    facts.write_text(f"title: T\nsummary: S.\nkey_points:\n{points}sources:\n{sources}",
                     encoding="utf-8")
    folder = template(tmp_path / "t", 'font: "DejaVu Serif"\n')
    out = briefgen.build(facts, template=str(folder), formats=["pdf", "docx"])
    (tmp_path / "b.pdf").write_bytes(out["pdf"])
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="[\d.]+">'
                       r"[^<]*Source</word>", run_tool("pdftotext", "-bbox", tmp_path / "b.pdf",
                                                  "-").stdout)
    starts = [float(x) for x in words]
    assert len(starts) == 12 and max(starts) - min(starts) < 0.5, starts
    (tmp_path / "b.docx").write_bytes(out["docx"])
    with zipfile.ZipFile(tmp_path / "b.docx") as z:
        styles = z.read("word/styles.xml").decode()
    assert 'w:hanging="' in styles and 'w:hanging="400"' not in styles  # not the 20 pt default


def test_a_damaged_font_in_briefgen_font_path_is_named(tmp_path, capsys, monkeypatch):
    """A font a user lists in BRIEFGEN_FONT_PATH is checked as a template's is: a damaged copy
    of DejaVu Sans there (looked for first) is refused, naming it, when a character needs it."""
    broken = damaged(DEJAVU / "DejaVuSans.ttf", tmp_path / "fonts" / "DejaVuSans.ttf", "loca")
    monkeypatch.setenv("BRIEFGEN_FONT_PATH", str(broken.parent))
    briefgen.clear_caches()
    facts = tmp_path / "tick.yaml"
    facts.write_text("title: Done \u2713\nsummary: S.\n", encoding="utf-8")
    try:
        code, err = build(capsys, str(facts), "-o", str(tmp_path / "o"))
    finally:
        briefgen.clear_caches()
    assert code == 1 and err.startswith(f"error: {broken}: cannot use this font: the file is "
                                        "damaged (the offsets of its glyphs (loca)"), err
