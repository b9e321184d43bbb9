"""The layout stage hands every writer one laid-out brief: a DOCX alone draws no PDF, the page
count comes from the layout, writers share one signature and one registry, and both formats
take their table geometry, font runs, metadata and logo from the same place."""

from __future__ import annotations

import inspect
import io
import pickle
import subprocess
import sys
from pathlib import Path

import click
import docx
import pypdf
import pytest
from conftest import FACTS_DIR, SEED, pdf_pages
from lxml import etree
from PIL import Image
from reportlab.pdfgen import canvas as reportlab_canvas
from test_writers import small_document

import briefgen
from briefgen import pipeline
from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.edge.cli import build as build_command
from briefgen.edge.cli import run
from briefgen.layout.flow import pieces
from briefgen.layout.laid_out import LaidOut, lay_out
from briefgen.layout.measure import Layout
from briefgen.layout.tables import RULE_WIDTH, table_grid
from briefgen.speedups.platypus import Table
from briefgen.writers import PER_PAGE, WRITERS, pdf, writer
from briefgen.writers import docx as docx_writer

THEME = Theme()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def overfull(tmp_path: Path, points: int) -> Path:
    """Facts whose priority-1 points cannot fit one page."""
    lines = "\n".join(
        f"  - text: Must-stay point number {i}, long enough to take up two lines of the page "
        f"when printed in the memo, so that many of them cannot fit.\n    priority: 1"
        for i in range(points))
    path = tmp_path / f"overfull-{points}.yaml"
    path.write_text(f"title: Too much to say\nsummary: Everything here must stay.\n"
                    f"date: 2025-01-02\nkey_points:\n{lines}\n", encoding="utf-8")
    return path


def no_pdf_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, writing a PDF or making any reportlab canvas fails the test."""
    def refuse(*args, **kwargs):
        pytest.fail("a PDF was drawn")

    monkeypatch.setattr(pdf, "write", refuse)
    monkeypatch.setattr(reportlab_canvas.Canvas, "__init__", refuse)


# ---- -f docx draws no PDF ------------------------------------------------------------------------


@pytest.mark.parametrize("points", [0, 60])
def test_a_docx_alone_draws_no_pdf_and_is_the_docx_of_both(tmp_path, monkeypatch, points):
    facts = FACTS_DIR / SEED if not points else overfull(tmp_path, points)
    both = pipeline.build(facts, ("pdf", "docx"), allow_overflow=True)
    no_pdf_drawn(monkeypatch)
    alone = pipeline.build(facts, ("docx",), allow_overflow=True)
    assert list(alone.outputs) == ["docx"]
    assert alone.outputs["docx"] == both.outputs["docx"]
    assert (alone.pages, alone.notes) == (both.pages, both.notes)
    assert (alone.pages > 1) == bool(points)


def test_the_command_line_writes_a_docx_alone_without_a_pdf(tmp_path, monkeypatch, capsys):
    facts = overfull(tmp_path, 60)
    assert run(["build", str(facts), "-o", str(tmp_path / "both"), "--allow-overflow",
                "-j", "1"]) == 0
    both = capsys.readouterr()
    no_pdf_drawn(monkeypatch)
    assert run(["build", str(facts), "-o", str(tmp_path / "alone"), "-f", "docx",
                "--allow-overflow", "-j", "1"]) == 0
    alone = capsys.readouterr()
    name = facts.with_suffix(".docx").name
    assert (tmp_path / "alone" / name).read_bytes() == (tmp_path / "both" / name).read_bytes()
    assert [p.name for p in (tmp_path / "alone").iterdir()] == [name]
    pages = pdf_pages(tmp_path / "both" / facts.with_suffix(".pdf").name)
    assert pages > 1
    assert alone.err == both.err
    assert alone.err.splitlines()[-1] == \
        f"note: {facts}: written over {pages} pages (--allow-overflow)"


# ---- the page count comes from the layout --------------------------------------------------------


def long_document(paragraphs: int, rows: int, tall_row: bool = False) -> d.Document:
    """Paragraphs, a list, a table (with a row taller than a page, if asked) and quotes."""
    text = "A sentence long enough to wrap onto a second line of the page when it is printed. "
    blocks: list[object] = [d.Paragraph((d.Run(text * (1 + i % 4)),), "body")
                            for i in range(paragraphs)]
    blocks.append(d.BulletList(tuple(d.ListItem(runs=(d.Run(f"Item {i}. " + text),))
                                     for i in range(paragraphs))))
    table_rows = [d.Row(cells=((d.Run(str(2000 + i)),), (d.Run(text * (1 + i % 3)),)))
                  for i in range(rows)]
    if tall_row:
        table_rows.insert(rows // 2, d.Row(cells=((d.Run("Long"),), (d.Run(text * 120),))))
    blocks.append(d.Table((0.2, 0.8), tuple(table_rows), header=((d.Run("When"),),
                                                                 (d.Run("What"),))))
    blocks += [d.Quote(runs=(d.Run(f"“Quote {i}.” " + text),), attribution=(d.Run("— Someone"),))
               for i in range(paragraphs // 3)]
    return d.Document(None, (d.Section("Overflowing", tuple(blocks)),))


@pytest.mark.parametrize("paragraphs,rows,tall_row", [
    (0, 1, False), (10, 5, False), (22, 10, False), (40, 30, False), (70, 60, False),
    (8, 6, True), (30, 20, True)])
def test_the_pages_counted_by_the_layout_are_the_pdf_s(paragraphs, rows, tall_row):
    document = long_document(paragraphs, rows, tall_row)
    for theme in (THEME, Theme(page="a4", body_size=12.0, cell_padding=4.0)):
        laid_out = lay_out(document, theme)
        data = pdf.write(laid_out)
        assert laid_out.pages == len(pypdf.PdfReader(io.BytesIO(data)).pages)
    if paragraphs >= 40:
        assert laid_out.pages > 2


@pytest.mark.parametrize("paragraphs,rows", [(8, 7), (11, 1), (11, 2)])
def test_a_flow_just_taller_than_the_fit_allows_is_counted(paragraphs, rows):
    """Taller than a page's room (the text area less the safety margin) though it might squeeze
    into the text area: two pages, each kept to its room, as the PDF draws them (Word and
    LibreOffice, which lay lines out a little differently, get the same pages)."""
    document = long_document(paragraphs, rows)
    height = Layout().measure(document, THEME).height
    assert height > THEME.page_room
    laid_out = lay_out(document, THEME)
    assert laid_out.pages == 2
    assert laid_out.pages == len(pypdf.PdfReader(io.BytesIO(pdf.write(laid_out))).pages)


@pytest.mark.parametrize("document,pages", [
    (d.Document(None, ()), 0),
    (d.Document("SECRET", (d.Section("Empty", ()),)), 0),
    (d.Document(None, (d.Section(None, (d.Paragraph(()),)),)), 1)])
def test_an_empty_flow_takes_the_pages_the_pdf_has(document, pages):
    laid_out = lay_out(document, THEME)
    assert laid_out.pages == pages
    assert len(pypdf.PdfReader(io.BytesIO(pdf.write(laid_out))).pages) == pages


def test_counting_pages_leaves_the_flowables_the_pdf_draws_untouched():
    document = long_document(40, 30, True)
    layout = Layout()
    counted = lay_out(document, THEME, layout=layout)
    assert counted.pages > 2
    assert pdf.write(counted) == pdf.write(lay_out(document, THEME))


# ---- one writer contract, one registry ----------------------------------------------------------


def test_formats_and_the_f_option_come_from_the_one_registry():
    assert briefgen.FORMATS == tuple(WRITERS) == ("pdf", "docx", "md", "html", "png")
    (option,) = [p for p in build_command.params if p.name == "formats"]
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == briefgen.FORMATS
    with pytest.raises(ValueError,
                       match=r"unknown format 'txt' \(formats: pdf, docx, md, html, png\)"):
        briefgen.build(FACTS_DIR / SEED, formats=["txt"])


@pytest.mark.parametrize("name", list(WRITERS))
def test_every_writer_writes_a_laid_out_brief_to_bytes(name):
    module = writer(name)
    assert list(inspect.signature(module.write).parameters) == ["laid_out"]
    data = module.write(lay_out(small_document(), THEME))
    if name in PER_PAGE:  # a file a page: the preview
        assert isinstance(data, tuple) and len(data) == 1
        data = data[0]
    assert isinstance(data, bytes)
    assert data.startswith({"pdf": b"%PDF-", "docx": b"PK", "md": b"**UNCLASSIFIED**\n",
                            "html": b"<!DOCTYPE html>\n", "png": b"\x89PNG\r\n\x1a\n"}[name])


def test_a_pickled_brief_leaves_its_flowables_behind_and_writes_the_same_bytes():
    laid_out = lay_out(small_document(), THEME)
    assert laid_out.layout is not None
    again = pickle.loads(pickle.dumps(laid_out))
    assert again.layout is None and again == laid_out
    assert docx_writer.write(again) == docx_writer.write(laid_out)
    assert pdf.write(again) == pdf.write(laid_out)  # measured again, the same


def test_the_docx_writer_needs_neither_the_pdf_writer_nor_reportlab_s_layout(tmp_path):
    """In a fresh process (as the DOCX process is): a laid-out brief, unpickled and written."""
    brief = tmp_path / "brief.pickle"
    brief.write_bytes(pickle.dumps(lay_out(small_document(), THEME)))
    script = (f"import pickle, sys\nfrom briefgen.writers import docx\n"
              f"data = docx.write(pickle.loads(open({str(brief)!r}, 'rb').read()))\n"
              f"print(data[:2], sorted(m for m in sys.modules if m in ("
              f"'briefgen.writers.pdf', 'briefgen.layout.measure', 'reportlab.platypus')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.split() == ["b'PK'", "[]"]


# ---- shared decisions: table geometry, metadata, logo --------------------------------------------


def docx_tables(data: bytes) -> list:
    return docx.Document(io.BytesIO(data)).element.body.findall(f"{W}tbl")


@pytest.mark.parametrize("padding", [1.5, 4.0])
def test_both_formats_take_their_table_geometry_from_the_layout(padding):
    theme = Theme(cell_padding=padding)
    laid_out = lay_out(small_document(), theme)
    grids = [laid_out.table(p) for p in laid_out.pieces if p.kind in ("fields", "table")]
    assert grids == [table_grid(p, theme) for p in pieces(small_document(), theme)
                     if p.kind in ("fields", "table")]
    fields_grid, table_grid_ = grids
    assert (fields_grid.rule, fields_grid.shade) == (theme.accent, None)
    assert (table_grid_.rule, table_grid_.shade) == (None, theme.shade)
    drawn = [f for f in laid_out.layout.flowables(laid_out.pieces, theme) if isinstance(f, Table)]
    for grid, table, word in zip(grids, drawn, docx_tables(docx_writer.write(laid_out))):
        cell = table._cellStyles[0][0]
        assert (cell.topPadding, cell.bottomPadding, cell.leftPadding, cell.rightPadding) == \
            (grid.top, grid.bottom, grid.left, grid.right)
        assert list(table._colWidths) == list(grid.widths)
        margins = word.find(f"{W}tblPr/{W}tblCellMar")
        assert [float(margins.find(f"{W}{side}").get(f"{W}w")) / 20
                for side in ("top", "left", "bottom", "right")] == \
            [grid.top, grid.left, grid.bottom, grid.right]
        assert [float(c.get(f"{W}w")) / 20 for c in word.findall(f"{W}tblGrid/{W}gridCol")] == \
            pytest.approx(list(grid.widths), abs=0.05)
        xml = etree.tostring(word).decode()
        if grid.rule:
            assert f'w:sz="{round(RULE_WIDTH * 8)}"' in xml and grid.rule[1:] in xml
        if grid.shade:
            assert f'w:fill="{grid.shade[1:]}"' in xml


def test_both_formats_carry_the_same_metadata_and_logo(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), (122, 31, 43)).save(path)
    theme = Theme(logo=str(path))
    laid_out: LaidOut = lay_out(small_document(), theme)
    meta = laid_out.metadata
    assert (meta.title, meta.author, meta.subject, meta.date, meta.language) == (
        "Harbour barrier brief", "Resilience desk", "Harbour barrier brief", "2025-02-03", "en")
    info = pypdf.PdfReader(io.BytesIO(pdf.write(laid_out))).metadata
    assert (info.title, info.author, info.subject) == (meta.title, meta.author, meta.subject)
    props = docx.Document(io.BytesIO(docx_writer.write(laid_out))).core_properties
    assert (props.title, props.author, props.subject) == (meta.title, meta.author, meta.subject)
    assert props.created.date().isoformat() == meta.date
    box = laid_out.logo
    assert (box.x, box.y, box.width, box.height) == (
        theme.margin_left, theme.banner_offset / 2, theme.logo_height * 3, theme.logo_height)


def test_both_writers_take_cite_and_link_colours_and_the_banner_from_the_layout():
    """The citation and link colours ride on the flow's styles and the banner's style and
    place on the laid-out brief: change them there, and the PDF and the DOCX both follow."""
    from dataclasses import replace

    from briefgen.layout.flow import styles

    laid = lay_out(small_document(banner="SECRET"), THEME)
    assert laid.banner.style == styles(THEME)["banner"] and laid.banner.text == "SECRET"
    assert all((p.style.cite, p.style.link) == (THEME.muted, THEME.accent) for p in laid.pieces)
    moved = replace(
        laid, layout=None,
        pieces=tuple(replace(p, style=replace(p.style, cite="#123456", link="#654321"))
                     for p in laid.pieces),
        banner=replace(laid.banner, style=replace(laid.banner.style, colour="#0000ff"),
                       baselines=(700.0, 60.0)))
    page = pypdf.PdfReader(io.BytesIO(pdf.write(moved))).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    for rgb in (".070588 .203922 .337255 rg", ".396078 .262745 .129412 rg", "0 0 1 rg"):
        assert rgb in content, rgb
    placed = []
    page.extract_text(visitor_text=lambda text, cm, tm, *_: placed.append((text, tm[5])))
    assert sorted(y for text, y in placed if text.strip() == "SECRET") == [60.0, 700.0]
    word = docx.Document(io.BytesIO(docx_writer.write(moved)))
    body = etree.tostring(word.element.body).decode()
    assert 'w:val="123456"' in body and 'w:val="654321"' in body
    header = word.sections[0].header.paragraphs[0]
    assert header.text == "SECRET" and header.style.name == "Header"
