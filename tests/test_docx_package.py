"""What makes the DOCX writer fast must not change what it writes (no timings here).

The writer opens a skeleton made once per theme with only document.xml and core.xml parsed,
writes every other part back as the skeleton deflated it, builds paragraphs and runs element by
element instead of through python-docx's setters, and zips the members itself (the speed tricks
of `briefgen.speedups`, on here as by default). These tests pin
down that the result is what python-docx gives when it parses and saves every part, and that no
brief leaks into the next through the cached skeleton.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.opc.part import XmlPart
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docx.shared import Pt, RGBColor
from lxml import etree
from PIL import Image

import briefgen
from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.layout import scripts
from briefgen.layout.laid_out import lay_out
from briefgen.speedups import docx_skeleton, docx_zip
from briefgen.writers import docx as docx_writer
from briefgen.writers import docx_package, docx_styles, docx_text

SEED = Path(__file__).parent.parent / "facts" / "japan-nato-mission.yaml"
THEME = Theme()


def brief(banner: str = "OFFICIAL", link: str = "https://example.org/a?b=1&c=2") -> d.Document:
    """A small brief with every kind of piece: fields, a table, items, a numbered source with a
    link, a quote, bold, italic and citation runs, and text in a fallback font."""
    return d.Document(
        banner=banner, title="Harbour barrier", author="Desk", date="2025-02-03",
        sections=(
            d.Section(None, (d.Fields((("TO", (d.Run("Director"),)),
                                       ("DATE", (d.Run("3 February 2025"),)))),), key="header"),
            d.Section("Bottom line", (
                d.Paragraph((d.Run("Late "), d.Run("and", bold=True), d.Run(" over", italic=True),
                             d.Run("[1]", cite=True), d.Run(" – 東京 · Ωmega")), "lead"),
                d.BulletList((d.ListItem(runs=(d.Run("First point"),)),
                              d.ListItem(runs=(d.Run("Second point"),)))),
                d.Table((0.3, 0.7), (d.Row(cells=((d.Run("2024"),), (d.Run("Works start"),))),
                                     d.Row(cells=((d.Run("2025"),), (d.Run("Delay"),)))),
                        header=((d.Run("When"),), (d.Run("What"),))),
                d.Quote(runs=(d.Run("It will open."),), attribution=(d.Run("The minister"),)),
            ), key="summary"),
            d.Section("Sources", (d.BulletList((
                d.ListItem(runs=(d.Run("Harbour report", href=link),), number="1"),),
                numbered=True),), key="sources"),
        ))


def reference_zip(members: list[tuple[str, bytes]]) -> bytes:
    """The members zipped by zipfile as briefgen always zipped them: in order, deflated, dated
    1 January 1980, mode 644."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members:
            info = zipfile.ZipInfo(name, date_time=docx_package.FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, blob)
    return out.getvalue()


def python_docx_resave(data: bytes) -> bytes:
    """The .docx opened by python-docx (every part it knows parsed: styles, numbering, settings)
    and saved again in its order through zipfile, the way the writer used to save every brief.
    The parts a brief writes into are taken as written: python-docx does not give core.xml's
    empty elements back as it read them (<cp:keywords></cp:keywords> becomes <cp:keywords/>)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        written = {name: archive.read(name[1:]) for name in docx_package.EDITED_PARTS}
    package = docx.Document(io.BytesIO(data)).part.package
    parts = package.parts
    members = [("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob),
               ("_rels/.rels", package.rels.xml)]
    for part in parts:
        members.append((part.partname.membername, written.get(part.partname, part.blob)))
        if len(part.rels):
            members.append((part.partname.rels_uri.membername, part.rels.xml))
    return reference_zip(members)


@pytest.fixture(scope="module")
def logo_theme(tmp_path_factory: pytest.TempPathFactory) -> Theme:
    path = tmp_path_factory.mktemp("logo") / "logo.png"
    Image.new("RGB", (120, 40), (122, 31, 43)).save(path)
    return replace(THEME, logo=str(path), logo_height=24)


@pytest.mark.parametrize("zip_entries", [docx_zip.zip_entries, docx_package.zip_entries],
                         ids=["by hand", "as switched"])
def test_the_zip_is_what_zipfile_writes(zip_entries):
    members = [("[Content_Types].xml", b"<Types/>"), ("word/empty.xml", b""),
               ("word/media/image1.png", bytes(range(256)) * 300),
               ("word/styles.xml", b"<w:styles>" + b"<w:style/>" * 5000 + b"</w:styles>")]
    entries = [docx_package.Entry.deflate(name, blob) for name, blob in members]
    assert zip_entries(entries) == reference_zip(members)
    assert [entry.blob() for entry in entries] == [blob for _, blob in members]


def test_the_seed_is_what_python_docx_saves():
    data = briefgen.build(SEED, formats=("docx",))["docx"]
    assert data == python_docx_resave(data)


def test_a_brief_with_logo_links_and_fallback_fonts_is_what_python_docx_saves(logo_theme):
    for theme in (THEME, logo_theme):
        data = docx_writer.write(lay_out(brief(), theme))
        assert data == python_docx_resave(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None


def test_briefs_do_not_leak_into_each_other(logo_theme):
    first = docx_writer.write(lay_out(brief(), THEME))
    docx_writer.write(lay_out(brief(banner="SECRET", link="https://example.org/other"), THEME))
    docx_writer.write(lay_out(brief(), logo_theme))
    assert docx_writer.write(lay_out(brief(), THEME)) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert not [name for name in archive.namelist() if name.startswith("word/media/")]


def test_a_brief_parses_only_the_parts_it_writes_into():
    skeleton = docx_styles.skeleton(THEME)
    assert docx_styles.skeleton(THEME) is skeleton  # made once per theme
    # the speed trick itself, on or off: tests/test_speedups_switch.py shows the writer uses it
    reader, kept = docx_skeleton.read(skeleton.data)
    package = docx_skeleton.open_document(reader).part.package
    parsed = {part.partname for part in package.parts if isinstance(part, XmlPart)}
    assert parsed == docx_package.EDITED_PARTS
    assert "word/styles.xml" in kept and "word/document.xml" not in kept


def new_paragraph():
    return docx.Document().add_paragraph()


@pytest.mark.parametrize("space", [0.075, 1.5, 4.3, 7.975, 12.7, 33.33])
def test_paragraph_format_is_python_docx_s(space):
    # a space no style gives (the page marks' lines): the paragraph's own, as python-docx sets it
    mine, theirs = new_paragraph(), new_paragraph()
    docx_text.style_paragraph(mine, "body", space, THEME)
    theirs._p.get_or_add_pPr().style = "Normal"
    theirs.paragraph_format.space_before = Pt(space)
    assert etree.tostring(mine._p) == etree.tostring(theirs._p)


@pytest.mark.parametrize("key,space,style", [
    ("body", THEME.block_space, "Normal"), ("body", 0.0, "NormalTop"),
    ("body", THEME.heading_space, "NormalAfterHeading"),
    ("item", THEME.block_space / 2, "ListBullet"),
    ("item", THEME.block_space, "ListBulletNewBlock"),
    ("heading", THEME.section_space, "Heading1"), ("cell", 0.0, "BriefTableText"),
    ("cell", THEME.section_space, "BriefTableTextNewSection")])
def test_a_space_the_flow_gives_is_a_style(key, space, style):
    mine = new_paragraph()
    docx_text.style_paragraph(mine, key, space, THEME)
    assert etree.tostring(mine._p).decode().endswith(
        f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p>')


@pytest.mark.parametrize("text", ["plain", " lead", "trail ", "a\tb", "line\nbreak", "x\r\ny",
                                  "\t", "\n\n", "tab\tand\nbreak ", "東京"])
@pytest.mark.parametrize("font,bold,italic,colour", [
    (None, False, False, None), ("Noto Sans CJK JP", False, False, None),
    (None, True, True, "#3a5fcd"), ("DejaVu Sans", True, False, "#000000")])
def test_runs_are_python_docx_s(text, font, bold, italic, colour):
    mine, theirs = new_paragraph(), new_paragraph()
    docx_text.add_text(docx_text.new_run(mine._p, font, text, colour, bold, italic), text)
    run = theirs.add_run(text)
    if font:
        fonts = OxmlElement("w:rFonts")
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(f"{{{fonts.nsmap['w']}}}{slot}", font)
        if scripts.has_east_asian(text):
            fonts.set(f"{{{fonts.nsmap['w']}}}hint", "eastAsia")
        run._r.get_or_add_rPr().insert(0, fonts)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour[1:])
    assert etree.tostring(mine._p) == etree.tostring(theirs._p)


@pytest.fixture
def fresh_skeletons():
    """No skeleton made by another test: each test here starts, and leaves, as a fresh process
    would."""
    briefgen.clear_caches()
    yield
    briefgen.clear_caches()


@pytest.mark.usefixtures("fresh_skeletons")
def test_the_skeleton_is_kept_in_the_cache_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    made = docx_writer.write(lay_out(brief(), THEME))
    (entry,) = tmp_path.glob("docx-skeletons-*/*.docx")
    assert zipfile.ZipFile(entry).testzip() is None
    # a fresh process reads the skeleton instead of making it
    briefgen.clear_caches()
    monkeypatch.setattr(docx_styles, "_make_skeleton", lambda theme: pytest.fail("made again"))
    assert docx_writer.write(lay_out(brief(), THEME)) == made


@pytest.mark.usefixtures("fresh_skeletons")
@pytest.mark.parametrize("damage", [b"", b"PK\x03\x04 not a zip", "cut"])
def test_a_damaged_skeleton_in_the_cache_is_made_again(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    made = docx_writer.write(lay_out(brief(), THEME))
    (entry,) = tmp_path.glob("docx-skeletons-*/*.docx")
    good = entry.read_bytes()
    entry.write_bytes(good[:len(good) // 2] if damage == "cut" else damage)
    briefgen.clear_caches()
    assert docx_writer.write(lay_out(brief(), THEME)) == made
    assert entry.read_bytes() == good  # and put right


@pytest.mark.usefixtures("fresh_skeletons")
def test_no_skeleton_is_kept_with_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    docx_writer.write(lay_out(brief(), THEME))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("fresh_skeletons")
def test_a_cached_skeleton_is_not_used_once_the_styles_change(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    before = docx_writer.write(lay_out(brief(), THEME))
    made = docx_styles.styles(THEME)
    bigger = {key: replace(style, size=style.size + 1) for key, style in made.items()}
    monkeypatch.setattr(docx_styles, "styles", lambda theme: bigger)  # as if flow.py changed
    briefgen.clear_caches()
    assert docx_writer.write(lay_out(brief(), THEME)) != before
    assert len(list(tmp_path.glob("docx-skeletons-*/*.docx"))) == 2


@pytest.mark.usefixtures("fresh_skeletons")
def test_a_skeleton_in_a_folder_others_can_write_to_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    made = docx_writer.write(lay_out(brief(), THEME))
    (entry,) = tmp_path.glob("docx-skeletons-*/*.docx")
    entry.parent.chmod(0o777)
    calls = []
    real = docx_styles._make_skeleton
    monkeypatch.setattr(docx_styles, "_make_skeleton", lambda theme: calls.append(1) or real(theme))
    briefgen.clear_caches()
    assert docx_writer.write(lay_out(brief(), THEME)) == made
    assert calls == [1]


@pytest.mark.usefixtures("fresh_skeletons")
def test_an_unusable_cache_folder_does_not_stop_a_docx(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(blocker / "cache"))
    written = docx_writer.write(lay_out(brief(), THEME))
    assert zipfile.ZipFile(io.BytesIO(written)).testzip() is None
    briefgen.clear_caches()
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")
    assert docx_writer.write(lay_out(brief(), THEME)) == written


@pytest.mark.usefixtures("fresh_skeletons")
@pytest.mark.parametrize("writable", ["entry", "root's parent"])
def test_a_skeleton_others_can_write_is_not_read(tmp_path, monkeypatch, writable):
    shared = tmp_path / "shared"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(shared / "cache"))
    made = docx_writer.write(lay_out(brief(), THEME))
    (entry,) = shared.glob("cache/docx-skeletons-*/*.docx")
    (entry if writable == "entry" else shared).chmod(0o666 if writable == "entry" else 0o777)
    monkeypatch.setattr(docx_styles, "_make_skeleton", _counted(docx_styles._make_skeleton))
    briefgen.clear_caches()
    assert docx_writer.write(lay_out(brief(), THEME)) == made
    assert docx_styles._make_skeleton.calls == [1]


def _counted(function):
    def counted(*args):
        counted.calls.append(1)
        return function(*args)
    counted.calls = []
    return counted
