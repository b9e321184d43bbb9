"""End to end: every facts file in facts/ becomes a valid one-page Letter PDF and a DOCX that says
the same thing in the same order, and that LibreOffice lays out on one page too."""

from __future__ import annotations

import difflib
from pathlib import Path

import docx
import pytest
import yaml
from conftest import (
    FACTS_DIR,
    FACTS_FILES,
    LETTER,
    SEED,
    Built,
    assert_in_order,
    docx_header_footer,
    docx_text,
    joined,
    pdf_fonts,
    pdf_page_size,
    pdf_pages,
    pdf_text,
    qpdf_check,
    words,
)
from docx.enum.style import WD_STYLE_TYPE

from briefgen.compose.context import cited
from briefgen.edge.cli import run
from briefgen.input.dates import parse_fuzzy_date
from briefgen.writers.docx_styles import VARIANT_NAMES

each_file = pytest.mark.parametrize("name", FACTS_FILES)


def kept(b: Built, entries: tuple) -> list:
    dropped = b.dropped
    return [x for x in entries if x.path not in dropped]


def without_banner(text: str, banner: str | None) -> str:
    """The PDF's text less the two banner lines (top and bottom of the page)."""
    if not banner:
        return text
    lines = text.splitlines()
    for _ in range(2):
        lines.remove(next(line for line in lines if line.strip() == banner))
    return "\n".join(lines)


def expected_sequence(b: Built) -> list[str]:
    """What the brief must show, in reading order, given what fitting dropped."""
    f = b.facts
    seq = [x for x in (f.memo.to, f.memo.cc, f.memo.from_, f.memo.reference) if x]
    seq.append(f.title)
    seq += f.summary.split("\n")
    seq += [x.text for x in kept(b, f.key_points)]
    for event in kept(b, f.timeline):
        seq += [event.date.label, event.event]
    for quote in kept(b, f.quotes):
        seq += [quote.text, quote.speaker]
    for figure in kept(b, f.figures):
        seq += [figure.value, figure.label]
    seq += [x.text for x in kept(b, f.outlook)]
    numbers = cited(f, frozenset(b.dropped))  # only the sources the items kept cite
    for source in f.sources:
        if source.id in numbers:
            publisher = f"{source.publisher}, " if source.publisher else ""
            seq.append(f"[{numbers[source.id]}] {publisher}\u201c{source.title}\u201d")
    return seq


def all_entries(b: Built) -> dict[str, tuple[int, str]]:
    """Every droppable entry of the facts: path -> (priority, its main text)."""
    f = b.facts
    out = {}
    for x in (*f.key_points, *f.outlook, *f.recommendations, *f.background,
              *(x for s in f.sections for x in s.items)):
        out[x.path] = (x.priority, x.text)
    for e in f.timeline:
        out[e.path] = (e.priority, e.event)
    for q in f.quotes:
        out[q.path] = (q.priority, q.text)
    for g in f.figures:
        out[g.path] = (g.priority, f"{g.value} {g.label}")
    return out


def assert_same_words(docx_side: str, pdf_side: str, what: str) -> None:
    """Same text in the same order. Whitespace is ignored altogether: a PDF line may break after
    a hyphen or inside a long URL, where the DOCX has no space."""
    a, b = words(docx_side), words(pdf_side)
    if "".join(a) != "".join(b):
        diff = [f"{op}: docx {a[i1:i2]} / pdf {b[j1:j2]}"
                for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False)
                .get_opcodes() if op != "equal"]
        pytest.fail(f"{what}: the DOCX and the PDF differ:\n" + "\n".join(diff[:20]),
                    pytrace=False)


# ---- the PDF ------------------------------------------------------------------------------------


@each_file
def test_pdf_is_valid_one_letter_page_in_liberation_sans(built: dict[str, Built],
                                                         name: str) -> None:
    b = built[name]
    assert b.brief.pages == 1
    qpdf_check(b.pdf)
    assert pdf_pages(b.pdf) == 1
    assert pdf_page_size(b.pdf) == LETTER
    fonts = pdf_fonts(b.pdf)
    assert fonts, "pdffonts lists no fonts"
    assert all(font.startswith("LiberationSans") for font in fonts), fonts


@each_file
def test_pdf_holds_everything_kept_in_order(built: dict[str, Built], name: str) -> None:
    b = built[name]
    text = pdf_text(b.pdf)
    assert_in_order(text, expected_sequence(b), what=f"{name} PDF")


@each_file
def test_what_was_dropped_is_named_and_gone(built: dict[str, Built], name: str) -> None:
    b = built[name]
    entries = all_entries(b)
    stream = joined(pdf_text(b.pdf))
    for path, priority in b.dropped.items():
        assert path in entries, f"a note names {path}, which is not in the facts"
        assert priority == entries[path][0], f"{path}: note says priority {priority}"
        assert priority != 1, f"{path} has priority 1 and was dropped"
        assert joined(entries[path][1]) not in stream, f"{path} is dropped but still printed"


@each_file
def test_priority_1_is_never_dropped(built: dict[str, Built], name: str) -> None:
    b = built[name]
    must_stay = {path for path, (priority, _) in all_entries(b).items() if priority == 1}
    assert not must_stay & set(b.dropped)
    stream = joined(pdf_text(b.pdf))
    for path in must_stay:
        assert joined(all_entries(b)[path][1]) in stream, f"priority-1 {path} is missing"


@each_file
def test_fitting_drops_priority_3_before_priority_2(built: dict[str, Built], name: str) -> None:
    priorities = list(built[name].dropped.values())
    assert priorities == sorted(priorities, reverse=True), built[name].brief.notes


@each_file
def test_timeline_is_in_date_order(built: dict[str, Built], name: str) -> None:
    """Sorted from the file as written (not from briefgen's model): by the start of what each
    date covers, a deadline by its end, ties in file order."""
    b = built[name]
    path = FACTS_DIR / name
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))  # JSON is YAML too
    events = [(i, parse_fuzzy_date(str(e["date"])), e["event"])
              for i, e in enumerate(raw.get("timeline") or [])]
    events.sort(key=lambda e: (e[1].start or e[1].end, e[0]))
    dropped = b.dropped
    shown = [f"{date.label} {event}" for i, date, event in events
             if f"timeline[{i}]" not in dropped]
    assert_in_order(pdf_text(b.pdf), shown, what=f"{name} timeline")


def test_long_timeline_sorts_every_date_form(built: dict[str, Built]) -> None:
    b = built["long-timeline.yaml"]
    assert [e.date.label for e in b.facts.timeline] == [
        "1880s", "c. 1890", "c. 1905", "c. 1912", "1923", "Early 1930s", "Mid-1940s", "Mar 1951",
        "Late 1950s", "Mar 1962", "Early 1967", "1972\u20131974", "14 Jun 1978", "Nov 1989",
        "4 Apr 1996", "21 Aug 2003", "Mid-2008", "Late 2015", "2019\u20132021", "By 2030",
    ]
    kept_labels = [e.date.label for e in kept(b, b.facts.timeline)]
    assert len(kept_labels) >= 2
    timeline = pdf_text(b.pdf).split("TIMELINE", 1)[1]
    assert_in_order(timeline, kept_labels, what="long-timeline dates")


@each_file
def test_banner_at_top_and_bottom(built: dict[str, Built], name: str) -> None:
    b = built[name]
    banner = b.facts.memo.classification
    for pdf in (b.pdf, b.lo_pdf):
        lines = [line.strip() for line in pdf_text(pdf, "layout").splitlines() if line.strip()]
        if banner:
            assert lines[0] == banner and lines[-1] == banner, (pdf, lines[0], lines[-1])
            assert lines.count(banner) == 2, pdf
        else:
            assert lines[0] == "BRIEFING MEMO", (pdf, lines[0])
    header, footer = docx_header_footer(b.docx)
    assert (header, footer) == ((banner, banner) if banner else ("", ""))


# ---- the DOCX -----------------------------------------------------------------------------------


@each_file
def test_docx_says_what_the_pdf_says(built: dict[str, Built], name: str) -> None:
    b = built[name]
    banner = b.facts.memo.classification
    body = "\n".join(docx_text(b.docx))
    assert_same_words(body, without_banner(pdf_text(b.pdf), banner), name)
    assert_in_order(body, expected_sequence(b), what=f"{name} DOCX")


@each_file
def test_docx_uses_word_styles(built: dict[str, Built], name: str) -> None:
    b = built[name]
    document = docx.Document(str(b.docx))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        assert table.style is not None and table.style.type == WD_STYLE_TYPE.TABLE, table.style
        assert table.style.name != "Normal Table"
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    # a spacing variant ("Quote After Heading") counts as the style it is based on
    used = {p.style.base_style.name if p.style.name in VARIANT_NAMES else p.style.name
            for p in paragraphs}
    assert document.tables, "no table (the memo header at least is one)"
    assert "Heading 1" in used
    assert document.styles["Heading 1"].font.all_caps
    if kept(b, b.facts.key_points) or kept(b, b.facts.outlook):
        assert "List Bullet" in used
    if kept(b, b.facts.quotes):
        assert "Quote" in used
    section = document.sections[0]
    assert {p.style.name for p in section.header.paragraphs} == {"Header"}
    assert {p.style.name for p in section.footer.paragraphs} == {"Footer"}
    assert (section.page_width.pt, section.page_height.pt) == LETTER


@each_file
def test_docx_is_one_page_in_libreoffice(built: dict[str, Built], name: str) -> None:
    b = built[name]
    assert pdf_pages(b.lo_pdf) == 1
    assert pdf_page_size(b.lo_pdf) == LETTER
    banner = b.facts.memo.classification
    assert_same_words("\n".join(docx_text(b.docx)), without_banner(pdf_text(b.lo_pdf), banner),
                      f"{name} as laid out by LibreOffice")


# ---- the seed -----------------------------------------------------------------------------------


def test_seed_brief(built: dict[str, Built]) -> None:
    b = built[SEED]
    pdf = pdf_text(b.pdf)
    body = "\n".join(docx_text(b.docx))
    kishida = "Today\u2019s Ukraine might be tomorrow\u2019s Asia"
    assert any(kishida in q.text for q in b.facts.quotes), "the seed's curly apostrophes"
    for text in (pdf, body):
        for needle in ("Osamu Izawa", "$55 billion", "2% of GDP", f"\u201c{kishida}\u201d",
                       "Fumio Kishida", "UNCLASSIFIED" if text is pdf else "Japan opens"):
            assert joined(needle) in joined(text), needle
        # the fifth source is cited by a priority-2 key point alone, which fitting drops
        assert_in_order(text, ["SOURCES", *(f"[{n}]" for n in range(1, 5))], what="sources")
        assert "[5]" not in text and "Kyodo" not in text
    assert_in_order(pdf, ["[1] \u201cJapan opens dedicated diplomatic mission to NATO\u201d"],
                    what="seed's first source")


# ---- fitting, through the command line ----------------------------------------------------------


def test_cli_reports_what_fitting_dropped(built: dict[str, Built], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    facts = str(FACTS_DIR / "crowded.yaml")
    assert run(["build", facts, "-o", str(tmp_path), "-f", "pdf"]) == 0
    err = capsys.readouterr().err.splitlines()
    notes = built["crowded.yaml"].brief.notes
    assert any(note.startswith("dropped ") for note in notes)
    assert err == [f"note: {facts}: {note}" for note in notes]
    assert (tmp_path / "crowded.pdf").read_bytes() == built["crowded.yaml"].pdf.read_bytes()


def overfull(tmp_path: Path) -> Path:
    points = "\n".join(
        f"  - text: Must-stay point number {i}, which is long enough to take up two lines of the "
        f"page when printed in the memo, so that sixty of them cannot fit. \n    priority: 1"
        for i in range(60))
    path = tmp_path / "overfull.yaml"
    path.write_text(f"title: Too much to say\nsummary: Everything here must stay.\n"
                    f"date: 2025-01-02\nkey_points:\n{points}\n", encoding="utf-8")
    return path


def test_priority_1_that_cannot_fit_fails(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    facts = overfull(tmp_path)
    out = tmp_path / "out"
    assert run(["build", str(facts), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    errors = captured.err.splitlines()
    assert errors[0].startswith(f"error: {facts}: cannot fit one page: priority 1 needs "), errors
    assert "key_points takes the most" in errors[0]
    assert "give some of its 60 entries priority 2 or 3" in errors[0]
    assert errors[0].endswith("or allow 3 pages with --pages 3")
    # then one line per section, the largest first, each naming its line in the facts file
    assert errors[1].startswith(f"  {facts}:5: key_points (“Key points”): "), errors
    assert errors[1].endswith(", 60 entries")
    assert [line.split(": ")[-2].split(" ")[-1] for line in errors[1:]][:1] == ["points”)"]
    assert all(line.startswith("  ") for line in errors[1:]) and len(errors) == 5
    assert not out.exists()
    out.mkdir()
    (out / "overfull.pdf").write_bytes(b"an older brief")
    assert run(["build", str(facts), "-o", str(out)]) == 1
    assert "cannot fit one page" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["overfull.pdf"]
    assert (out / "overfull.pdf").read_bytes() == b"an older brief"


def wordy(tmp_path: Path) -> Path:
    """A brief whose summary alone (100 short paragraphs) takes more than a page."""
    facts = tmp_path / "wordy.yaml"
    long = "\n\n  ".join(["The summary goes on about why it matters."] * 100)
    facts.write_text(f"title: Wordy\ndate: 2025-01-02\nsummary: |\n  {long}\n"
                     "key_points:\n  - text: One point.\n", encoding="utf-8")
    return facts


def test_a_brief_that_cannot_fit_names_its_audience(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    facts = wordy(tmp_path)
    assert run(["build", str(facts), "-a", "default", "-a", "press", "-o",
                str(tmp_path / "out")]) == 1
    heads = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert [h.split(": priority 1")[0] for h in heads] == [
        f"error: {facts}: cannot fit one page", f"error: {facts}: cannot fit one page for the "
        "press audience"], heads


def test_a_summary_that_alone_fills_the_page_is_named(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    facts = wordy(tmp_path)
    assert run(["build", str(facts), "-o", str(tmp_path / "out")]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert "; the summary alone takes " in errors[0], errors
    assert ": shorten it to the few sentences a reader must not miss, or allow 3 pages with " \
        "--pages 3" in errors[0]
    assert errors[1].startswith(f"  {facts}:3: summary (“Bottom line”): ")
    assert not (tmp_path / "out").exists()


def test_allow_overflow_writes_several_pages(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    facts = overfull(tmp_path)
    out = tmp_path / "out"
    assert run(["build", str(facts), "-o", str(out), "--allow-overflow"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [str(out / "overfull.pdf"), str(out / "overfull.docx")]
    qpdf_check(out / "overfull.pdf")
    pages = pdf_pages(out / "overfull.pdf")
    assert pages > 1
    assert f"written over {pages} pages" in captured.err
    expected = [f"Must-stay point number {i}," for i in range(60)]
    assert_in_order(pdf_text(out / "overfull.pdf"), expected, what="overflowing PDF")
    assert_in_order("\n".join(docx_text(out / "overfull.docx")), expected,
                    what="overflowing DOCX")


def test_text_outside_the_pdf_font_encoding_is_printed_or_refused(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Text is printed literally (facts contract). A character the PDF's fonts cannot show must
    not silently turn into a black box: either it is printed, or the build fails naming it."""
    facts = tmp_path / "names.yaml"
    facts.write_text("title: Talks in \u0141\u00f3d\u017a\n"
                     "date: 2025-01-02\n"
                     "summary: Ji\u0159\u00ed Dvo\u0159\u00e1k met the delegation in "
                     "\u0141\u00f3d\u017a.\n", encoding="utf-8")
    out = tmp_path / "out"
    code = run(["build", str(facts), "-o", str(out)])
    err = capsys.readouterr().err
    if code == 0:
        pdf = pdf_text(out / "names.pdf")
        assert "\u25a0" not in pdf, f"characters printed as black boxes:\n{pdf}"
        for name in ("\u0141\u00f3d\u017a", "Ji\u0159\u00ed Dvo\u0159\u00e1k"):
            assert name in pdf
        assert_same_words("\n".join(docx_text(out / "names.docx")), pdf, "names")
    else:
        assert code == 1 and not out.exists()
        assert err.startswith(f"error: {facts}:") and "summary" in err and "title" in err


def test_a_brief_longer_than_any_brief_may_be_says_so(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    facts = tmp_path / "huge.yaml"
    points = "\n".join(f"  - text: {'Must stay, every word of it. ' * 30}\n    priority: 1"
                       for _ in range(120))
    facts.write_text(f"title: Huge\ndate: 2025-01-02\nsummary: Too much.\nkey_points:\n"
                     f"{points}\n", encoding="utf-8")
    assert run(["build", str(facts), "--pages", "20", "-o", str(tmp_path / "out")]) == 1
    line = capsys.readouterr().err.splitlines()[0]
    assert line.startswith(f"error: {facts}: cannot fit 20 pages: priority 1 needs "), line
    assert line.endswith("as it needs more than the 20 pages a brief may have"), line
