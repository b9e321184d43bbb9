"""An approximate date says so in its words or with "≈", as well as in italics, in every
format (docs/facts.md): a decade ("1880s") gets the sign; "c. 1890", "early 1930s", "mid-2008"
and "by 2030" say it in words and get no second marker."""

from __future__ import annotations

import io
import re

import docx
import pytest
from conftest import FACTS_DIR, run_tool

from briefgen.compose.date_labels import fuzzy_label
from briefgen.input.dates import parse_fuzzy_date
from briefgen.pipeline import build

FACTS = FACTS_DIR / "long-timeline.yaml"


@pytest.mark.parametrize(("text", "language", "printed"), [
    ("1880s", "en", "\u2248\u00a01880s"), ("1880s", "fr", "\u2248\u00a0années 1880"),
    ("1880s", "de", "\u2248\u00a01880er"), ("1990s - 2000s", "en",
                                                  "\u2248\u00a01990s\u20132000s"),
    ("c. 1890", "en", "c. 1890"), ("early 1930s", "en", "Early 1930s"),
    ("mid 2008", "en", "Mid-2008"), ("by 2030", "en", "By 2030"), ("2023", "en", "2023"),
    ("mid 2008", "fr", "mi-2008"), ("by 2030", "de", "bis 2030"),
])
def test_only_a_date_whose_words_do_not_say_it_is_approximate_is_marked(text, language,
                                                                          printed):
    assert fuzzy_label(parse_fuzzy_date(text), language) == printed


@pytest.mark.parametrize("language", ["en", "fr", "ja"])
def test_the_marker_is_printed_in_the_pdf_the_docx_and_markdown(tmp_path, language):
    outputs = build(FACTS, formats=("pdf", "docx", "md"), pages=2, language=language).outputs
    decade = fuzzy_label(parse_fuzzy_date("1880s"), language)
    assert decade.startswith("\u2248\u00a0")
    (tmp_path / "b.pdf").write_bytes(outputs["pdf"])
    pdf = run_tool("pdftotext", tmp_path / "b.pdf", "-").stdout.replace("\u00a0", " ")
    assert decade.replace("\u00a0", " ") in pdf
    document = docx.Document(io.BytesIO(outputs["docx"]))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert decade in cells
    assert re.search(rf"\| \*{re.escape(decade)}\* \|", outputs["md"].decode())
    # a form whose words say it: once only, no sign
    assert "\u2248" not in fuzzy_label(parse_fuzzy_date("c. 1890"), language)


@pytest.mark.parametrize(("printed", "language", "label"), [
    ("\u2248 1990s", "en", "1990s"), ("\u2248\u00a0années 1990", "fr", "1990s"),
    ("\u2248\u00a01990年代", "ja", "1990s"), ("\u2248 2014", "en", "c. 2014"),
    ("\u2248 1990s - 2000s", "en", "1990s\u20132000s"),
])
def test_a_marked_date_reads_back(printed, language, label):
    date = parse_fuzzy_date(printed, language)
    assert date.label == label and date.approximate


def test_the_sign_before_an_exact_date_is_an_error(tmp_path, capsys):
    """`≈ May 2025` is not a date: one line naming the file, line and field; nothing written."""
    from briefgen.edge.cli import run

    bad = tmp_path / "bad.yaml"
    bad.write_text((FACTS_DIR / "tiny.yaml").read_text(encoding="utf-8")
                   + "timeline:\n  - date: \u2248 May 2025\n    event: Something.\n",
                   encoding="utf-8")
    line = bad.read_text(encoding="utf-8").splitlines().index("  - date: \u2248 May 2025") + 1
    out = tmp_path / "out"
    code = run(["build", str(bad), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert err.startswith(f"error: {bad}:{line}: timeline[0].date: ") and "is not a date" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
