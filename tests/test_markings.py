"""Per-item markings and release: each scheme's order and banner, the errors, what an audience
leaves out (with a note) and builds from the rest, `--allow-classification` per item, portion
marks in every format, and no byte of a left-out item in any output."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import run_tool

from briefgen.edge.cli import run

INTERNAL = "Our search-and-rescue team reached Paiporta at dawn on Thursday."
SECRET = "A liaison officer reports the regional command is overwhelmed."
CONFIDENTIAL = "Intercepted traffic shows looting planned."

FACTS = f"""\
title: Floods in Valencia
summary: Spain's worst flood in decades has killed more than 200 people.
date: 2024-11-05
markings: us
memo:
  to: Minister
  from: Crisis cell
  classification: u
key_points:
  - text: The regional government issued its alert hours after the rain began.
    release: Public
  - text: {INTERNAL}
    release: internal
  - text: {SECRET}
    marking: S
  - Rail links to Madrid are cut until further notice.
timeline:
  - date: 2024-10-29
    event: Torrential rain begins.
  - date: 2024-10-30
    event: {CONFIDENTIAL}
    marking: confidential
quotes:
  - text: We were left alone.
    speaker: A resident
figures:
  - label: Deaths
    value: "217"
"""


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def facts(folder: Path, text: str = FACTS, name: str = "f.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def marked_template(folder: Path, theme: str = "", audience: str = "portion_marks: true\n"
                    ) -> Path:
    """A template folder: its theme.yaml holds `theme`; audience 'marked' extends default."""
    (folder / "audiences").mkdir(parents=True)
    if theme:
        (folder / "theme.yaml").write_text(theme, encoding="utf-8")
    (folder / "audiences" / "marked.yaml").write_text(audience, encoding="utf-8")
    return folder


def markdown(capsys: pytest.CaptureFixture[str], path: Path, out: Path, *args: str
             ) -> tuple[str, list[str]]:
    """The Markdown brief built from `path`, and the notes printed."""
    code, _, err = cli(capsys, "build", path, "-o", out, "-f", "md", *args)
    assert code == 0, err
    [written] = out.glob("*.md")
    return written.read_text(encoding="utf-8"), [line for line in err.splitlines()
                                                 if line.startswith("note: ")]


def banner(md: str) -> str:
    """The banner of a Markdown brief: its first line, bold."""
    return md.splitlines()[0].strip("*")


# ---- schemes: order and banner -----------------------------------------------------------------

SCHEME_CASES = [
    ("us", "U", ["u", "CUI", "c", "Secret", "ts"],
     ["UNCLASSIFIED", "CUI", "CONFIDENTIAL", "SECRET", "TOP SECRET"],
     ["U", "CUI", "C", "S", "TS"]),
    ("uk", "official", ["O", "os", "SECRET", "top secret"],
     ["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET"], ["O", "OS", "S", "TS"]),
    ("tlp", "tlp:clear", ["TLP:CLEAR", "tlp:green", "TLP:Amber", "TLP:AMBER+STRICT", "tlp:red"],
     ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"],
     ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]),
    ("fr", "Non protégé", ["NP", "diffusion restreinte", "S", "Tres Secret"],
     ["NON PROTÉGÉ", "DIFFUSION RESTREINTE", "SECRET", "TRÈS SECRET"], ["NP", "DR", "S", "TS"]),
    ("de", "offen", ["OFFEN", "VS-NfD", "vs-vertraulich", "GEH.", "Streng geheim"],
     ["OFFEN", "VS-NUR FÜR DEN DIENSTGEBRAUCH", "VS-VERTRAULICH", "GEHEIM", "STRENG GEHEIM"],
     ["OFFEN", "VS-NfD", "VS-Vertr.", "geh.", "str. geh."]),
]


@pytest.mark.parametrize(("scheme", "file_marking", "written", "banners", "portions"),
                         SCHEME_CASES)
def test_each_scheme_orders_its_markings_and_the_banner_is_the_highest_printed(
        tmp_path, capsys, scheme, file_marking, written, banners, portions) -> None:
    """The banner rises with each marking of the scheme, in its order: the brief of the first k
    markings carries the k-th; each item prints its portion mark; the summary the file's."""
    template = marked_template(tmp_path / "t")
    for k in range(1, len(written) + 1):
        points = "".join(f"  - text: Point {i}.\n    marking: '{m}'\n"
                         for i, m in enumerate(written[:k]))
        path = facts(tmp_path, f"title: T\nsummary: S.\nmarkings: {scheme.upper()}\nmemo:\n"
                               f"  classification: '{file_marking}'\nkey_points:\n{points}",
                     f"f{k}.yaml")
        md, notes = markdown(capsys, path, tmp_path / f"out{k}", "-t", template, "-a", "marked")
        assert (banner(md), notes) == (banners[k - 1], [])
        assert md.splitlines()[-1] == f"**{banners[k - 1]}**"
        assert f"({portions[0]}) S." in md
        for i in range(k):
            assert f"- ({portions[i]}) Point {i}." in md


def test_an_item_the_fit_drops_does_not_raise_the_banner(tmp_path, capsys) -> None:
    """A priority-3 SECRET point that the page has no room for goes, and the banner stays at
    the highest marking printed."""
    long = ("A point that must stay, written out at length so that it takes several lines of "
            "the page, and so that the page is nearly full. ") * 2
    points = f"  - text: {long}\n    priority: 1\n" * 14
    path = facts(tmp_path, f"title: T\nsummary: S.\nmarkings: us\nmemo:\n  classification: C\n"
                           f"key_points:\n{points}  - text: {SECRET}\n    marking: TS\n"
                           f"    priority: 3\n")
    md, notes = markdown(capsys, path, tmp_path / "out")
    assert notes and notes[0].startswith(f"note: {path}: dropped key_points[14] (priority 3)")
    assert (banner(md), SECRET in md) == ("CONFIDENTIAL", False)


def test_without_a_scheme_the_banner_is_the_marking_as_written(tmp_path, capsys) -> None:
    path = facts(tmp_path, "title: T\nsummary: S.\nmemo:\n  classification: Restricted\n"
                           "key_points:\n  - text: P.\n    release: internal\n")
    md, notes = markdown(capsys, path, tmp_path / "out", "-t",
                         marked_template(tmp_path / "t"), "-a", "marked")
    assert (banner(md), notes, "- P." in md, "(" in md) == ("Restricted", [], True, False)


def test_the_theme_names_the_scheme_and_the_facts_file_wins(tmp_path, capsys) -> None:
    template = marked_template(tmp_path / "t", theme="markings: UK\n")
    path = facts(tmp_path, "title: T\nsummary: S.\nmemo:\n  classification: o\n"
                           "key_points:\n  - text: P.\n    marking: os\n")
    md, _ = markdown(capsys, path, tmp_path / "out", "-t", template, "-a", "marked")
    assert (banner(md), "- (OS) P." in md, "(O) S." in md) == ("OFFICIAL-SENSITIVE", True, True)
    own = facts(tmp_path, "title: T\nsummary: S.\nmarkings: tlp\nmemo:\n  classification: "
                          "TLP:GREEN\n", "own.yaml")
    md, _ = markdown(capsys, own, tmp_path / "out2", "-t", template, "-a", "marked")
    assert (banner(md), "(TLP:GREEN) S." in md) == ("TLP:GREEN", True)


# ---- errors -------------------------------------------------------------------------------------

US = "UNCLASSIFIED (U), CUI, CONFIDENTIAL (C), SECRET (S), TOP SECRET (TS)"
ERRORS = [
    ("markings: us\nmemo:\n  classification: U\nkey_points:\n  - text: P.\n    marking: '  '\n",
     "8: key_points[0].marking: is blank: write a marking such as C or CONFIDENTIAL, or leave "
     "the key out"),
    ("key_points:\n  - text: P.\n    release: ''\n",
     "5: key_points[0].release: is blank: write one word such as public or internal, or leave "
     "the key out"),
    ("key_points:\n  - text: P.\n    release:\n",
     "5: key_points[0].release: is blank: write one word such as public or internal, or leave "
     "the key out"),
    ("markings: us\nmemo:\n  classification: U\nkey_points:\n  - text: P.\n    marking: ~\n",
     "8: key_points[0].marking: is blank: write a marking such as C or CONFIDENTIAL, or leave "
     "the key out"),
    ("markings: us\nmemo:\n  classification: U\nkey_points:\n  - text: P.\n    marking: R\n",
     f"8: key_points[0].marking: unknown marking 'R' under markings: us (allowed: {US})"),
    ("markings: uk\nmemo:\n  classification: SECRET\ntimeline:\n  - date: 2024\n"
     "    event: E.\n    marking: C\n",
     "9: timeline[0].marking: unknown marking 'C' under markings: uk (allowed: OFFICIAL (O), "
     "OFFICIAL-SENSITIVE (OS), SECRET (S), TOP SECRET (TS))"),
    ("markings: tlp\nmemo:\n  classification: AMBER\n",
     "5: memo.classification: unknown marking 'AMBER' under markings: tlp (allowed: TLP:CLEAR, "
     "TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED)"),
    ("markings: us\n",
     f"3: memo.classification: a marking is required under markings: us (allowed: {US})"),
    ("markings: nato\n", "3: markings: unknown marking scheme 'nato' (known: us, uk, tlp, fr, de)"),
    ("quotes:\n  - text: Q.\n    speaker: X\n    marking: SECRET\n",
     "6: quotes[0].marking: 'SECRET' needs a marking scheme: add 'markings: us' (or uk, tlp, fr, de) to "
     "the facts file or to the theme"),
    ("figures:\n  - label: L\n    value: '1'\n    release: not public\n",
     "6: figures[0].release: release is one word, such as public or internal, not 'not public'"),
]


@pytest.mark.parametrize(("text", "error"), ERRORS)
def test_a_wrong_marking_is_one_line_naming_the_file_line_and_field(tmp_path, capsys, text,
                                                                   error) -> None:
    path = facts(tmp_path, "title: T\nsummary: S.\n" + text)
    out = tmp_path / "out"
    code, stdout, err = cli(capsys, "build", path, "-o", out)
    assert (code, err) == (1, f"error: {path}:{error}\n")
    assert "Traceback" not in stdout + err and not out.exists()


def test_a_wrong_scheme_in_the_theme_is_an_error_at_its_line(tmp_path, capsys) -> None:
    template = marked_template(tmp_path / "t", theme="font: sans\nmarkings: nato\n")
    code, _, err = cli(capsys, "build", facts(tmp_path), "-t", template, "-o", tmp_path / "o")
    assert (code, err) == (1, f"error: {template / 'theme.yaml'}:2: markings: unknown marking "
                              "scheme (known: us, uk, tlp, fr, de)\n")


# ---- what an audience prints ---------------------------------------------------------------------


def test_press_leaves_out_what_it_may_not_print_with_a_note_and_builds(tmp_path, capsys) -> None:
    path = facts(tmp_path)
    md, notes = markdown(capsys, path, tmp_path / "out", "-a", "press")
    assert notes == [
        f"note: {path} (press): press prints release public: left out key_points[1] (release "
        "internal): Our search-and-rescue team reached Paiporta at ...",
        f"note: {path} (press): press may not receive SECRET: left out key_points[2] (to print "
        "it, add --allow-classification SECRET): A liaison officer reports the regional "
        "command ...",
        f"note: {path} (press): press may not receive CONFIDENTIAL: left out timeline[1] (to "
        "print it, add --allow-classification CONFIDENTIAL): 2024-10-30 Intercepted traffic "
        "shows looting pl..."]
    assert banner(md) == "UNCLASSIFIED"
    assert "The regional government issued its alert" in md and "Rail links" in md
    assert INTERNAL not in md and SECRET not in md and CONFIDENTIAL not in md


def test_the_default_audience_prints_everything_under_the_highest_banner(tmp_path,
                                                                         capsys) -> None:
    md, notes = markdown(capsys, facts(tmp_path), tmp_path / "out")
    assert (banner(md), notes) == ("SECRET", [])
    assert INTERNAL in md and SECRET in md and CONFIDENTIAL in md
    assert "(S)" not in md  # portion marks only when asked for


@pytest.mark.parametrize("allowed", ["c", "CONFIDENTIAL"])
def test_allow_classification_releases_the_items_of_that_marking_only(tmp_path, capsys,
                                                                      allowed) -> None:
    md, notes = markdown(capsys, facts(tmp_path), tmp_path / "out", "-a", "press",
                         "--allow-classification", allowed)
    assert CONFIDENTIAL in md and SECRET not in md and INTERNAL not in md
    assert banner(md) == "CONFIDENTIAL"
    assert [n.split(": ", 3)[2] for n in notes] == ["press prints release public",
                                                     "press may not receive SECRET"]


def test_press_refuses_a_file_whose_own_marking_it_may_not_receive(tmp_path, capsys) -> None:
    path = facts(tmp_path, FACTS.replace("classification: u", "classification: C"))
    code, _, err = cli(capsys, "build", path, "-a", "press", "-o", tmp_path / "out")
    assert (code, err) == (1, f"error: {path}:8: memo.classification: 'CONFIDENTIAL' may not "
                              "go to the press audience (allowed: UNCLASSIFIED); to "
                              "release it anyway, add --allow-classification CONFIDENTIAL\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("scheme", "lowest", "higher"), [
    ("us", "U", "CUI"), ("uk", "OFFICIAL", "OS"), ("tlp", "TLP:CLEAR", "TLP:GREEN"),
    ("fr", "NP", "DR"), ("de", "OFFEN", "VS-NfD")])
def test_press_prints_only_the_schemes_lowest_marking(tmp_path, capsys, scheme, lowest,
                                                      higher) -> None:
    path = facts(tmp_path, f"title: T\nsummary: S.\nmarkings: {scheme}\nmemo:\n"
                           f"  classification: '{lowest}'\nkey_points:\n  - Low point.\n"
                           f"  - text: High point.\n    marking: '{higher}'\n")
    md, notes = markdown(capsys, path, tmp_path / "out", "-a", "press")
    assert ("Low point." in md, "High point." in md, len(notes)) == (True, False, 1)
    assert "may not receive" in notes[0]


def test_an_audience_release_list_is_case_insensitive(tmp_path, capsys) -> None:
    template = marked_template(tmp_path / "t", audience="release: [INTERNAL]\n")
    md, notes = markdown(capsys, facts(tmp_path), tmp_path / "out", "-t", template, "-a",
                         "marked")
    assert INTERNAL in md and "The regional government" not in md
    assert notes[0].endswith("marked prints release internal: left out key_points[0] (release "
                             "public): The regional government issued its alert hours ...")


# ---- portion marks and the bytes ----------------------------------------------------------------


def build_all(capsys, path: Path, out: Path, *args: str | Path) -> dict[str, Path]:
    code, _, err = cli(capsys, "build", path, "-o", out, "-f", "pdf", "-f", "docx", "-f", "md",
                       *args)
    assert code == 0, err
    return {p.suffix[1:]: p for p in out.iterdir()}


def docx_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name).decode("utf-8", "replace") for name in z.namelist()}


def docx_text(path: Path) -> str:
    """The text of the DOCX body, its runs joined."""
    body = docx_parts(path)["word/document.xml"]
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body))


def test_portion_marks_are_printed_in_pdf_docx_and_markdown(tmp_path, capsys) -> None:
    files = build_all(capsys, facts(tmp_path), tmp_path / "out", "-t",
                      marked_template(tmp_path / "t"), "-a", "marked")
    pdf = " ".join(run_tool("pdftotext", "-layout", files["pdf"], "-").stdout.split())
    docx_body = docx_text(files["docx"])
    md = files["md"].read_text(encoding="utf-8")
    for mark, text in [("U", "Spain's worst flood"), ("U", "The regional government"),
                       ("U", "Our search-and-rescue"), ("S", "A liaison officer"),
                       ("U", "Rail links"), ("U", "Torrential rain"), ("C", "Intercepted"),
                       ("U", "“We were left alone.”"), ("U", "Deaths")]:
        for name, shown in (("pdf", pdf), ("docx", docx_body), ("md", md.replace("**", ""))):
            assert f"({mark}) {text}" in shown, (name, mark, text)
    assert pdf.split()[0] == "SECRET" and docx_parts(files["docx"])["word/header1.xml"].count(
        "SECRET") == 1


def test_portion_marks_take_room_the_fit_measures(tmp_path, capsys) -> None:
    """Long TLP marks before every point: the fit counts them, so fewer points fit the one page
    than without them, and the page is still one."""
    points = "".join(f"  - text: Point {i:02d}, long enough to take nearly the whole of one "
                     f"line of the page at this body size.\n    marking: TLP:AMBER+STRICT\n    priority: 3\n"
                     for i in range(60))
    path = facts(tmp_path, f"title: T\nsummary: S.\nmarkings: tlp\nmemo:\n  classification: "
                           f"TLP:AMBER\nkey_points:\n{points}")
    plain = markdown(capsys, path, tmp_path / "plain")[0].count("- Point ")
    files = build_all(capsys, path, tmp_path / "marked", "-t",
                      marked_template(tmp_path / "t"), "-a", "marked")
    marked = files["md"].read_text(encoding="utf-8").count("- (TLP:AMBER+STRICT) Point ")
    assert 0 < marked < plain < 60
    assert "Pages:           1\n" in run_tool("pdfinfo", files["pdf"]).stdout


def test_nothing_of_a_left_out_item_is_in_any_byte_of_the_outputs(tmp_path, capsys) -> None:
    """The press brief: the internal, SECRET and CONFIDENTIAL sentences are in no part of the
    DOCX, not in the PDF's text, its metadata or its uncompressed objects, nor in the Markdown;
    the banner is the lowest marking."""
    files = build_all(capsys, facts(tmp_path), tmp_path / "out", "-a", "press")
    words = [INTERNAL, SECRET, CONFIDENTIAL, "Paiporta", "liaison", "Intercepted", "SECRET",
             "CONFIDENTIAL"]
    for name, part in docx_parts(files["docx"]).items():
        for word in words:
            assert word not in part, (name, word)
    assert "UNCLASSIFIED" in docx_parts(files["docx"])["word/header1.xml"]
    pdf_text = run_tool("pdftotext", files["pdf"], "-").stdout
    info = run_tool("pdfinfo", files["pdf"]).stdout
    qdf = tmp_path / "qdf.pdf"
    run_tool("qpdf", "--qdf", "--object-streams=disable", files["pdf"], qdf)
    raw = qdf.read_bytes().decode("latin-1")
    assert "Rail links" in pdf_text and "Rail links" in raw  # the check can see text
    for word in words:
        assert word not in pdf_text and word not in info and word not in raw, word
    md = files["md"].read_text(encoding="utf-8")
    assert not any(word in md for word in words)


# ---- check ---------------------------------------------------------------------------------------


def test_check_reports_what_press_leaves_out_and_the_errors(tmp_path, capsys) -> None:
    path = facts(tmp_path)
    code, out, err = cli(capsys, "check", path, "-a", "press", "--fit")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"ok: {path}"
    assert f"ok: {path} (press)" in lines
    after = lines[lines.index(f"ok: {path} (press)") + 1:]
    assert [line.split(":")[0] for line in after[:3]] == [
        "  press prints release public", "  press may not receive SECRET",
        "  press may not receive CONFIDENTIAL"]
    bad = facts(tmp_path, FACTS.replace("marking: S\n", "marking: SECRETS\n"), "bad.yaml")
    code, out, err = cli(capsys, "check", bad)
    assert (code, out) == (1, "")
    assert err == (f"error: {bad}:15: key_points[2].marking: unknown marking 'SECRETS' under "
                   f"markings: us (allowed: {US})\n")


def test_a_source_cited_only_by_items_left_out_is_left_out_even_with_all_sources(
        tmp_path, capsys) -> None:
    template = marked_template(tmp_path / "t", audience="all_sources: true\nrelease: [public]\n")
    path = facts(tmp_path, "title: T\nsummary: S.\nkey_points:\n  - text: Public point.\n"
                           "    sources: [open]\n  - text: Internal point.\n    release: internal"
                           "\n    sources: [memo, open]\nsources:\n  - id: open\n    title: Open "
                           "report\n  - id: memo\n    title: Internal memo 7\n  - id: spare\n"
                           "    title: Spare report\n")
    files = build_all(capsys, path, tmp_path / "out", "-t", template, "-a", "marked")
    md = files["md"].read_text(encoding="utf-8")
    assert "Open report" in md and "Spare report" in md and "Internal memo" not in md
    assert not any("Internal memo" in part or "Internal point" in part
                   for part in docx_parts(files["docx"]).values())
    code, out, _ = cli(capsys, "check", path, "-t", template, "-a", "marked", "--fit")
    assert code == 0 and "  marked: left out sources[1] (cited only by items left out): " \
                         "Internal memo 7" in out.splitlines()


def test_the_theme_turns_portion_marks_on_and_checks_the_value(tmp_path, capsys) -> None:
    template = marked_template(tmp_path / "t", theme="markings: us\nportion_marks: true\n",
                               audience="description: plain\n")
    path = facts(tmp_path, "title: T\nsummary: S.\nmemo:\n  classification: CUI\n"
                           "key_points:\n  - P.\n")
    md, _ = markdown(capsys, path, tmp_path / "out", "-t", template, "-a", "marked")
    assert (banner(md), "(CUI) S." in md, "- (CUI) P." in md) == ("CUI", True, True)
    (template / "theme.yaml").write_text("portion_marks: 'yes'\n", encoding="utf-8")
    code, _, err = cli(capsys, "build", path, "-t", template, "-o", tmp_path / "bad")
    assert (code, err) == (1, f"error: {template / 'theme.yaml'}:1: portion_marks: expected "
                              "true or false, got 'yes'\n")


def test_an_item_left_out_is_not_checked_for_fonts(tmp_path, capsys) -> None:
    """The press brief builds though an internal item holds a character no font prints: only
    what an audience may print must be printable; the default brief still refuses it."""
    path = facts(tmp_path, "title: T\nsummary: S.\nkey_points:\n  - Public point.\n"
                           "  - text: \"Internal \\uE000 point.\"\n    release: internal\n")
    md, notes = markdown(capsys, path, tmp_path / "out", "-a", "press")
    assert "Public point." in md and "Internal" not in md and len(notes) == 1
    code, _, err = cli(capsys, "build", path, "-o", tmp_path / "o2")
    assert code == 1 and err.startswith(f"error: {path}:5: key_points[1]") and "U+E000" in err


def test_an_audience_release_list_holds_words(tmp_path, capsys) -> None:
    """An audience's `release` entries are words, as an item's release is: 'pub lic' would
    print nothing it was meant to."""
    folder = tmp_path / "t"
    (folder / "audiences").mkdir(parents=True)
    audience = folder / "audiences" / "x.yaml"
    audience.write_text('extends: press\nrelease: ["pub lic"]\n', encoding="utf-8")
    code, _, err = cli(capsys, "build", facts(tmp_path), "-t", folder, "-a", "x",
                       "-o", tmp_path / "out")
    assert (code, err) == (1, f"error: {audience}:2: release: is a list of words such as public "
                              "or internal, not 'pub lic'\n")
