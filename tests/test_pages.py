"""Briefs of more than one page (`--pages N`, `--allow-overflow`), read back as a reader sees them:
every page of the PDF, and of the DOCX as LibreOffice lays it out, has the banner at its top and
bottom and "Page k of n"; pages 2 and on have the running header (label and date), between the
banner and the text; no item is split across pages and no heading ends a page; the page count the
layout gives is the PDF's (pdfinfo) and LibreOffice's for the DOCX; a one-page brief is unchanged.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import FACTS_DIR, SEED, pdf_pages, qpdf_check, run_tool, soffice_to_pdf
from docx.oxml.ns import qn
from long_facts import long_facts

import briefgen
from briefgen import pipeline
from briefgen.edge.cli import run

TITLE = "Grain corridor talks resume as ports reopen"
RUNNING = "BRIEFING MEMO · 14 March 2025"  # the audience's label, not the title
HEADINGS = {"BOTTOM LINE", "KEY POINTS", "TIMELINE", "KEY QUOTES", "BY THE NUMBERS", "OUTLOOK",
            "SOURCES"}
# (label pattern, the text that ends the same item): each item's start and end on one page
ITEMS = [(r"\b(KP\d\d)\b", "end{}"), (r"\b(TL\d\d)\b", "end{}"), (r"\b(OL\d\d)\b", "end{}"),
         (r"\b(SUM00)\b", "end{}"), (r"\bFG(\d\d) tonnes", "endFGN{}"),
         (r"\bQT(\d\d)\b", "Speaker {}"), (r"\bSRC(\d\d)\b", "example.org/r/{}")]


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, as drawn."""
    return [run_tool("pdftotext", "-raw", "-enc", "UTF-8", "-f", str(k), "-l", str(k), pdf,
                     "-").stdout for k in range(1, pdf_pages(pdf) + 1)]


def assert_pages_read_right(pdf: Path, marking: str | None, what: str,
                            headings: set[str] = HEADINGS, running: str = RUNNING) -> None:
    """The banner twice on every page, "Page k of n", the running header from page 2 on (not
    on page 1), no item split across pages, no heading last on a page."""
    texts = page_texts(pdf)
    n = len(texts)
    assert n > 1, what
    seen_headings = set()
    for k, text in enumerate(texts, 1):
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        if marking:
            assert lines.count(marking) == 2, (what, k, lines)
        assert f"Page {k} of {n}" in lines, (what, k, lines)
        assert (running in lines) == (k > 1), (what, k, lines)
        body = [line for line in lines if line not in (marking, running, f"Page {k} of {n}")]
        seen_headings |= HEADINGS & set(body)
        assert body[-1] not in HEADINGS, f"{what}: page {k} ends with the heading {body[-1]}"
    assert seen_headings == headings, what
    whole = "\n".join(texts)
    for pattern, end in ITEMS:
        found = re.findall(pattern, whole)
        assert found, (what, pattern)
        for label in found:
            one = re.sub(r"\(.*?\)", label, pattern, count=1)  # this item's start
            start = [k for k, t in enumerate(texts) if re.search(one, t)]
            finish = [k for k, t in enumerate(texts) if end.format(label) in " ".join(t.split())]
            assert len(start) == 1 and start == finish, f"{what}: {label} split: {start} {finish}"


def words_on(pdf: Path, page: int) -> list[tuple[str, float, float]]:
    """(word, top, bottom) of each word on a page, from the page's top, in points."""
    html = run_tool("pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-").stdout
    return [(w, float(top), float(bottom)) for top, bottom, w in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)]


def assert_running_header_between_banner_and_text(pdf: Path, marking: str, what: str,
                                                  running_text: str = RUNNING) -> None:
    """On each page after the first: the top banner, then the running header, then the text,
    each line wholly below the one before."""
    for page in range(2, pdf_pages(pdf) + 1):
        words = words_on(pdf, page)
        banner = min((w for w in words if w[0] == marking), key=lambda w: w[1])
        running = [w for w in words if w[1] < 100 and w[0] in running_text.split()]
        rest = [w for w in words if w[1] > max(r[2] for r in running)]
        text_top = min(w[1] for w in rest)
        assert running, what
        assert banner[2] <= min(r[1] for r in running), (what, page, banner, running)
        assert max(r[2] for r in running) <= text_top, (what, page, running, text_top)


@pytest.fixture(scope="module")
def several(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, int]]:
    """Several briefs of two and three pages built by the command line (PDF, DOCX, and the
    DOCX as LibreOffice lays it out): name -> (PDF, LibreOffice's PDF, pages)."""
    root = tmp_path_factory.mktemp("pages")
    cases = {"two": (8, ["--pages", "2"]), "two-full": (12, ["--pages", "3"]),
             "three": (16, ["--pages", "3"]), "overflow": (16, ["--allow-overflow"]),
             "analyst": (14, ["--pages", "3", "-a", "analyst"])}
    built = {}
    for name, (size, options) in cases.items():
        facts = long_facts(root / f"{name}.yaml", size)
        out = root / "out"
        code = run(["build", str(facts), "-o", str(out), "-j", "1", *options])
        assert code == 0, name
        stem = name + ("-analyst" if "-a" in options else "")
        built[name] = (out / f"{stem}.pdf", out / f"{stem}.docx")
    converted = soffice_to_pdf([d for _, d in built.values()], root / "lo", root / "profile")
    return {name: (pdf, converted[d], pdf_pages(pdf)) for name, (pdf, d) in built.items()}


def test_libreoffice_lays_the_docx_out_on_the_pdf_s_pages(several) -> None:
    pages = {name: (n, pdf_pages(lo)) for name, (_, lo, n) in several.items()}
    assert all(n == lo for n, lo in pages.values()), pages
    assert {n for n, _ in pages.values()} == {2, 3}, pages


@pytest.mark.parametrize("which", ["pdf", "docx"])
def test_every_page_has_banner_number_running_header_and_whole_items(several, which) -> None:
    for name, (pdf, lo, _) in several.items():
        target = pdf if which == "pdf" else lo
        if which == "pdf":
            qpdf_check(pdf)
        headings = HEADINGS - {"BOTTOM LINE", "OUTLOOK"} if name == "analyst" else HEADINGS
        running = "ANALYTICAL BRIEF · 14 March 2025" if name == "analyst" else RUNNING
        assert_pages_read_right(target, "OFFICIAL", f"{name} {which}", headings, running)
        assert_running_header_between_banner_and_text(target, "OFFICIAL", f"{name} {which}",
                                                      running)


def test_the_docx_carries_the_keep_rules_fields_and_first_page_header(several) -> None:
    _, _, n = several["three"]
    path = several["three"][0].with_suffix(".docx")
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    for footer, page in ((section.first_page_footer, "1"), (section.footer, "2")):
        xml = footer._element.xml
        assert re.findall(r"<w:instrText[^>]*> (PAGE|NUMPAGES) </w:instrText>", xml) == \
            ["PAGE", "NUMPAGES"]
        assert [p.text for p in footer.paragraphs] == [f"Page {page} of {n}", "OFFICIAL"]
    assert [p.text for p in section.header.paragraphs] == ["OFFICIAL", RUNNING]
    assert [p.text for p in section.first_page_header.paragraphs] == ["OFFICIAL"]
    body = document.element.body
    headings = [p for p in body.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                is not None and p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))
                == "Heading1"]
    assert len(headings) == len(HEADINGS)
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in headings)
    body_paragraphs = [p for p in body.iterchildren(qn("w:p"))]
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepLines')}") is not None
               for p in body_paragraphs)
    breaks = [p for p in body_paragraphs
              if p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None]
    assert len(breaks) < n  # a page that starts in a table starts where the table breaks
    rows = list(body.iter(qn("w:tr")))
    assert rows and all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)


@pytest.mark.parametrize("size", [7, 9, 11, 13, 15, 17, 19, 21, 24, 30])
def test_the_pages_counted_are_the_pages_the_pdf_has(tmp_path: Path, size: int) -> None:
    facts = long_facts(tmp_path / f"long{size}.yaml", size, marking=None if size % 2 else "SECRET")
    seen = []
    for audience in (None, "executive", "analyst"):
        brief = pipeline.build(facts, ("pdf",), allow_overflow=True, audience=audience,
                               pages=3)
        pdf = tmp_path / "b.pdf"
        pdf.write_bytes(brief.outputs["pdf"])
        assert brief.pages == pdf_pages(pdf), (size, audience)
        seen.append(brief.pages)
    assert max(seen) > 1


@pytest.mark.parametrize("path", [FACTS_DIR / "tiny.yaml", FACTS_DIR / "long-timeline.yaml",
                                  Path(__file__).parent / "data" / "facts" / "good-full.yaml"])
def test_a_brief_that_fits_one_page_is_the_same_bytes_whatever_pages_allow(path: Path) -> None:
    """One page that keeps every priority-2 item is the fewest pages: more pages allowed
    change nothing, not even the text size (long-timeline.yaml is tightened and drops its
    priority-3 events on one page)."""
    one = pipeline.build(path)
    many = pipeline.build(path, pages=5)
    assert not [note for note in one.notes if "(priority 2)" in note]
    assert one.outputs == many.outputs and one.pages == many.pages == 1
    assert one.notes == many.notes


def test_more_pages_keep_what_one_page_drops(tmp_path: Path) -> None:
    """The seed drops items to fit one page; allowed two, it keeps them all, at full size, and
    each page is drawn as above (the PDF and LibreOffice's PDF of the DOCX)."""
    one = pipeline.build(FACTS_DIR / SEED)
    two = pipeline.build(FACTS_DIR / SEED, pages=2)
    assert [note for note in one.notes if note.startswith("dropped")]
    assert two.notes == () and two.pages == 2
    pdf, docx_file = tmp_path / "seed.pdf", tmp_path / "seed.docx"
    pdf.write_bytes(two.outputs["pdf"])
    docx_file.write_bytes(two.outputs["docx"])
    lo = soffice_to_pdf([docx_file], tmp_path / "lo", tmp_path / "profile")[docx_file]
    assert pdf_pages(pdf) == pdf_pages(lo) == 2
    for target in (pdf, lo):
        texts = page_texts(target)
        for k, text in enumerate(texts, 1):
            assert text.count("UNCLASSIFIED") >= 2 and f"Page {k} of 2" in text, (target, k)
        assert "BRIEFING MEMO · 3 February 2025" in " ".join(texts[1].split())


def test_pages_limits_the_brief_and_allow_overflow_goes_past_it(tmp_path: Path, capsys) -> None:
    facts = long_facts(tmp_path / "three.yaml", 18)
    out = tmp_path / "out"
    assert run(["build", str(facts), "-o", str(out), "--pages", "2", "-j", "1"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"error: {facts}: cannot fit 2 pages: priority 1 needs "), err
    assert ": priority 1 needs 3 pages at the smallest sizes allowed (" in err[0]
    assert err[0].endswith("or allow 3 pages with --pages 3")
    assert all(line.startswith("  ") for line in err[1:])  # what each section takes
    assert not out.exists()
    assert run(["build", str(facts), "-o", str(out), "--pages", "2", "--allow-overflow",
                "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert f"note: {facts}: written over 3 pages (--allow-overflow)" in err
    assert pdf_pages(out / "three.pdf") == 3
    assert run(["build", str(facts), "-o", str(out), "--pages", "3", "-j", "1"]) == 0
    assert "written over" not in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-1", "21", "abc", "2.5", "", "١"])
def test_a_bad_pages_value_is_one_line_and_exit_1(tmp_path: Path, capsys, value: str) -> None:
    out = tmp_path / "out"
    assert run(["build", str(FACTS_DIR / SEED), "-o", str(out), "--pages", value]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"error: --pages {value!r}: give a whole number of pages from 1 to 20"], captured.err
    assert not out.exists()


@pytest.mark.parametrize("value,error", [(0, ValueError), (21, ValueError), ("2", TypeError),
                                         (True, TypeError), (2.0, TypeError)])
def test_the_api_refuses_a_bad_pages_value(value, error) -> None:
    with pytest.raises(error, match="pages must be"):
        briefgen.build(FACTS_DIR / SEED, pages=value)


def test_a_theme_without_room_for_the_marks_is_refused(tmp_path: Path, capsys) -> None:
    """A brief that does not fit one page needs the running header and page numbers: a theme
    whose margin has no room for them is refused at the line that sets the margin."""
    folder = tmp_path / "house"
    assert run(["init-template", str(folder)]) == 0
    theme = folder / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8") + "\nmargin_top: 48\n", encoding="utf-8")
    line = theme.read_text(encoding="utf-8").splitlines().index("margin_top: 48") + 1
    facts = long_facts(tmp_path / "two.yaml", 12)
    capsys.readouterr()
    out = tmp_path / "out"
    assert run(["build", str(facts), "-t", str(folder), "-o", str(out), "--pages", "3"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {theme}:{line}: margin_top: 48 pt has no room for the banner and the running "
        f"header (53.5 pt needed), which {facts} needs as it does not fit one page: widen "
        "margin_top to 53.5 pt or lower banner_offset"]
    assert not out.exists()


TINY = "margin_top: 20\nmargin_bottom: 20\nmargin_left: 10\nmargin_right: 10\nbanner_offset: 0\n"


def test_a_theme_without_room_for_the_marks_keeps_a_brief_on_one_page(tmp_path: Path) -> None:
    """Small margins leave no room for the running header and page numbers: --pages N then
    fits the brief on one page, written as with --pages 1 (not refused for the margins), and
    a note says why the pages allowed were not used."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "theme.yaml").write_text(TINY, encoding="utf-8")
    facts = FACTS_DIR / "valencia-dana-floods.yaml"
    one = pipeline.build(facts, template=str(folder))
    for pages in (2, 5):
        many = pipeline.build(facts, template=str(folder), pages=pages)
        assert many.pages == 1 and many.outputs == one.outputs
        assert many.notes == one.notes + (
            f"kept to one page though --pages {pages} allows more: the theme's margins have no "
            "room for the running header and page numbers of a longer brief",)
    out = tmp_path / "out"
    assert run(["build", str(facts), "-t", str(folder), "-o", str(out), "--pages", "2",
                "-j", "1"]) == 0
    assert pdf_pages(out / "valencia-dana-floods.pdf") == 1


@pytest.mark.parametrize("extra", [(), ("--allow-overflow",)])
def test_a_brief_too_long_for_one_page_names_each_margin_without_room(
        tmp_path: Path, capsys, extra: tuple[str, ...]) -> None:
    """Each margin without room is named at its line; with banner_offset 0, the advice is only
    to widen the margin."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    theme = folder / "theme.yaml"
    theme.write_text(TINY, encoding="utf-8")
    facts = long_facts(tmp_path / "two.yaml", 12)
    out = tmp_path / "out"
    assert run(["build", str(facts), "-t", str(folder), "-o", str(out), "--pages", "3",
                *extra]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {theme}:1: margin_top: 20 pt has no room for the banner and the running header "
        f"(23.5 pt needed), which {facts} needs as it does not fit one page: widen margin_top "
        "to 23.5 pt",
        f"error: {theme}:2: margin_bottom: 20 pt has no room for the banner and the page number "
        f"(23.5 pt needed), which {facts} needs as it does not fit one page: widen "
        "margin_bottom to 23.5 pt"]
    assert not out.exists()


def test_the_logo_heads_the_first_page_only(tmp_path: Path) -> None:
    """A letterhead: the logo on page 1; the other pages have the running header instead."""
    from PIL import Image

    folder = tmp_path / "with-logo"
    folder.mkdir()
    Image.new("RGB", (120, 40), (122, 31, 43)).save(folder / "logo.png")
    (folder / "theme.yaml").write_text("logo: logo.png\n", encoding="utf-8")
    facts = long_facts(tmp_path / "two.yaml", 8)
    out = tmp_path / "out"
    assert run(["build", str(facts), "-t", str(folder), "-o", str(out), "--pages", "2",
                "-j", "1"]) == 0
    docx_file = out / "two.docx"
    lo = soffice_to_pdf([docx_file], tmp_path / "lo", tmp_path / "profile")[docx_file]
    for pdf in (out / "two.pdf", lo):
        listed = run_tool("pdfimages", "-list", pdf).stdout.splitlines()[2:]
        assert [line.split()[0] for line in listed] == ["1"], (pdf, listed)
    section = docx.Document(str(docx_file)).sections[0]
    assert "<wp:anchor" in section.first_page_header._element.xml
    assert "<wp:anchor" not in section.header._element.xml


@pytest.mark.parametrize("paragraphs,rows", [(10, 5), (22, 10), (40, 30), (70, 60)])
def test_count_gives_the_pages_the_pdf_draws_without_drawing(paragraphs: int, rows: int) -> None:
    """`layout.pages.count` on a document's measured pieces (a heading, paragraphs, a list, a
    table with a header row, quotes) is the PDF's page count, and the table's header row is
    printed again on each page the table continues on."""
    from test_layout_stage import long_document

    from briefgen.design.theme import Theme
    from briefgen.layout import pages
    from briefgen.layout.laid_out import lay_out
    from briefgen.layout.measure import Layout
    from briefgen.writers import pdf

    document = long_document(paragraphs, rows)
    theme = Theme()
    layout = Layout()
    measured = layout.measure(document, theme)
    counted = pages.count(layout.groups(measured.pieces, theme),
                          [piece.kind for piece in measured.pieces], theme, measured.height)
    data = pdf.write(lay_out(document, theme))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert counted == len(reader.pages) > 1
    texts = [page.extract_text() for page in reader.pages]
    with_rows = [t for t in texts if re.search(r"\b20\d\d\b", t)]
    assert all("When" in t and "What" in t for t in with_rows), with_rows


def test_a_long_label_is_cut_to_one_running_header_line(tmp_path: Path) -> None:
    """A label too long for the line is cut with "…" before the date, and stays one line in the
    PDF and in LibreOffice (which sets East Asian text next to Latin a little wider)."""
    label = ("日本とNATO - a very long label that goes on and on about the grain corridor talks "
             "and the ports reopening across the Black Sea region this spring")
    folder = tmp_path / "mine"
    (folder / "audiences").mkdir(parents=True)
    (folder / "audiences" / "long.yaml").write_text(f"extends: default\nlabel: {label}\n",
                                                     encoding="utf-8")
    facts = long_facts(tmp_path / "cjk.yaml", 9, marking=None)
    out = tmp_path / "out"
    assert run(["build", str(facts), "-o", str(out), "--pages", "2", "-j", "1", "-t",
                str(folder), "-a", "long"]) == 0
    docx_file = out / "cjk-long.docx"
    lo = soffice_to_pdf([docx_file], tmp_path / "lo", tmp_path / "profile")[docx_file]
    for pdf in (out / "cjk-long.pdf", lo):
        assert pdf_pages(pdf) == 2
        lines = page_texts(pdf)[1].splitlines()
        running = [line for line in lines if "…" in line]
        # one line: the label's start and the date on it
        assert len(running) == 1 and running[0].endswith("… · 14 March 2025"), (pdf, lines)
        assert running[0].replace(" ", "").startswith("日本とNATO-averylonglabel"), running


def test_the_running_header_is_the_label_and_date_in_the_brief_language(tmp_path: Path) -> None:
    """Page 2's running header is the audience's label (as the masthead prints it, in the
    brief's language) and the date, never the title: the same line in the PDF and the DOCX."""
    facts = long_facts(tmp_path / "grain.yaml", 9, marking=None)
    out = tmp_path / "out"
    assert run(["build", str(facts), "-o", str(out), "--pages", "2", "-j", "1", "-a", "press",
                "--language", "es"]) == 0
    lines = [" ".join(line.split()) for line in page_texts(out / "grain-press.pdf")[1].splitlines()]
    expected = "NOTA DE PRENSA · 14 de marzo de 2025"  # the masthead, in Spanish
    assert expected in lines and not any(TITLE in line for line in lines[:2]), (expected, lines)
    header = docx.Document(str(out / "grain-press.docx")).sections[0].header
    assert [p.text for p in header.paragraphs][-1] == expected


def both_layouts(tmp_path: Path, stem: str, facts_text: str, *args: str) -> tuple[Path, Path]:
    """Build these facts (more than one page) and lay the DOCX out with LibreOffice: the PDF
    and LibreOffice's PDF, checked to have the same number of pages."""
    facts = tmp_path / f"{stem}.yaml"
    facts.write_text(facts_text, encoding="utf-8")
    out = tmp_path / "out"
    assert run(["build", str(facts), "-o", str(out), *args, "--allow-overflow", "-j", "1"]) == 0
    docx_file = out / f"{stem}.docx"
    lo = soffice_to_pdf([docx_file], tmp_path / "lo", tmp_path / "profile")[docx_file]
    assert pdf_pages(out / f"{stem}.pdf") == pdf_pages(lo) > 1
    return out / f"{stem}.pdf", lo


@pytest.mark.parametrize("words", [1000, 860])
def test_a_heading_stays_with_an_item_too_tall_to_keep_whole(tmp_path: Path, words: int) -> None:
    """A key point taller than a page (1000 words), or too tall for a page below its heading
    (860), is split where the page ends rather than leave its heading alone on a page: in the
    PDF and in LibreOffice's layout of the DOCX, on the same number of pages."""
    text = " ".join(f"w{i}" for i in range(words))
    for pdf in both_layouts(tmp_path, "tall",
                            "title: t\ndate: 2025-01-02\nsummary: s\nsources:\n- id: a\n"
                            f"  title: x\nkey_points:\n- priority: 1\n  sources:\n  - a\n"
                            f"  text: {text}\n"):
        for k, page in enumerate(page_texts(pdf), 1):
            body = [line.strip() for line in page.splitlines() if line.strip()
                    and not line.startswith(("Page ", "t · "))]
            assert body[-1] != "KEY POINTS", (pdf, k, body)


@pytest.mark.parametrize("words", [1000, 930, 860])
def test_a_quote_taller_than_a_page_splits_in_the_docx_too(tmp_path: Path, words: int) -> None:
    """A quote taller than a page is split where the page ends in the PDF; the DOCX does not
    ask to keep it whole or with its heading and attribution as one block, so LibreOffice lays
    it out on as many pages, and the attribution follows the quote's last words on their page."""
    text = " ".join(f"w{i}" for i in range(words))
    for pdf in both_layouts(tmp_path, "tallq", "title: t\ndate: 2025-01-02\nsummary: s\n"
                            f"quotes:\n- speaker: Quoted Person\n  text: {text} wlast\n",
                            "--pages", "2"):
        pages = page_texts(pdf)
        last = [k for k, page in enumerate(pages) if "wlast" in page]
        assert len(last) == 1, (pdf, last)
        page = " ".join(pages[last[0]].split())
        assert re.search(r"wlast\W* —\s*Quoted Person", page), (pdf, page)


def test_a_brief_too_long_for_a_theme_without_room_for_pages_is_not_told_to_add_pages(
        tmp_path: Path, capsys) -> None:
    """With margins too small for a longer brief's marks, the cannot-fit advice points at the
    margins, not at --pages (which the margins would refuse)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "theme.yaml").write_text(TINY, encoding="utf-8")
    facts = long_facts(tmp_path / "long.yaml", 18)
    assert run(["build", str(facts), "-t", str(folder), "-o", str(tmp_path / "out")]) == 1
    line = capsys.readouterr().err.splitlines()[0]
    assert line.startswith(f"error: {facts}: cannot fit one page: "), line
    assert "--pages" not in line and line.endswith("(widen them to allow more pages)"), line
    assert not (tmp_path / "out").exists()


def test_a_brief_without_a_masthead_has_the_date_alone_as_its_running_header() -> None:
    """No label to print: the running header is the date, never the title (a sentence an
    accessibility checker takes for prose hidden as an artifact)."""
    from briefgen.compose import document as d
    from briefgen.design.theme import Theme
    from briefgen.layout.laid_out import running_text

    body = d.Section(None, (d.Paragraph((d.Run(TITLE),), role="title"),))
    plain = d.Document(None, (body,), title=TITLE, date="2025-03-14")
    assert running_text(plain, Theme()) == "14 March 2025"
    labelled = d.Document(None, (d.Section(None, (d.Paragraph((d.Run(" MEDIA  BRIEF "),),
                                                              role="masthead"),)), body),
                          title=TITLE, date="2025-03-14", language="fr")
    assert running_text(labelled, Theme()) == "MEDIA BRIEF · 14 mars 2025"
