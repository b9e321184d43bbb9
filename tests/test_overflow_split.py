"""A brief written over several pages (--allow-overflow) whose one paragraph is taller than a
page: the paragraph is split across pages, and its continuation breaks and measures as the whole
paragraph would. Every format builds; the page count printed is the PDF's (pdfinfo) and the DOCX's
as LibreOffice lays it out; no word is lost or repeated (pypdf)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from conftest import docx_text, pdf_pages, qpdf_check, soffice_to_pdf

from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.edge.cli import run
from briefgen.layout.flow import Style
from briefgen.layout.paragraphs import paragraph

THEME = Theme()

WORDS = 1000


def _facts(tmp_path: Path, name: str, text: str) -> Path:
    """One priority-1 key point of this text, citing a source."""
    path = tmp_path / f"{name}.yaml"
    path.write_text("title: t\nsummary: s\nsources:\n- id: a\n  title: x\nkey_points:\n"
                    f"- priority: 1\n  sources:\n  - a\n  text: {text}\n", encoding="utf-8")
    return path


def _cited(tmp_path: Path) -> tuple[Path, list[str]]:
    """A key point of a thousand short words (reportlab breaks its lines)."""
    words = [f"w{i}" for i in range(WORDS)]
    return _facts(tmp_path, "cited", " ".join(words)), words


def _overlong(tmp_path: Path) -> tuple[Path, list[str]]:
    """A key point with a web address wider than the line among its words (briefgen breaks its
    lines, as Word and LibreOffice do), the address on the second page."""
    words = [f"w{i}" for i in range(WORDS - 40)]
    url = "https://example.org/" + "a" * 40 + "/" + "b" * 120
    words.insert(880, url)
    return _facts(tmp_path, "overlong", " ".join(words)), words


@pytest.mark.parametrize("make", [_cited, _overlong], ids=["cited", "overlong-word"])
def test_paragraph_taller_than_a_page_builds_in_every_format(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], make) -> None:
    facts, words = make(tmp_path)
    out = tmp_path / "out"
    for fmt in ("docx", "md", "pdf"):  # each alone: -f docx counts pages without a PDF
        assert run(["build", str(facts), "-o", str(out / fmt), "-f", fmt,
                    "--allow-overflow", "-j", "1"]) == 0, capsys.readouterr().err
        err = capsys.readouterr().err
        assert "Traceback" not in err and "internal error" not in err, err
        found = re.findall(r"written over (\d+) pages", err)
        assert len(found) == 1, err
        pages = int(found[0])
        assert pages > 1
    pdf = out / "pdf" / f"{facts.stem}.pdf"
    qpdf_check(pdf)
    assert pdf_pages(pdf) == pages
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    numbered = [w for w in words if not w.startswith("https://")]
    assert re.findall(r"w\d+", text) == numbered  # every word once, in order
    for url in set(words) - set(numbered):  # cut where the line is full, nothing lost
        assert url in re.sub(r"\s", "", text)
    docx = out / "docx" / f"{facts.stem}.docx"
    assert re.findall(r"w\d+", " ".join(docx_text(docx))) == numbered
    converted = soffice_to_pdf([docx], tmp_path / "lo", tmp_path / "profile")
    assert pdf_pages(converted[docx]) == pages, "LibreOffice lays the DOCX out on other pages"
    md = (out / "md" / f"{facts.stem}.md").read_text(encoding="utf-8")
    assert re.findall(r"w\d+", md) == numbered


def _lines(para) -> list[str]:
    """The text of each line a wrapped paragraph broke into."""
    out = []
    for line in para.blPara.lines:
        if isinstance(line, tuple):  # reportlab's lines of one fragment: (space, words)
            out.append(" ".join(line[1]))
        else:
            out.append("".join(word.text for word in line.words).strip())
    return out


@pytest.mark.parametrize("text", [
    " ".join(f"w{i}" for i in range(400)),
    " ".join(f"w{i}" for i in range(300)) + " https://example.org/" + "a" * 150 + " w300 w301",
    "\u65e5\u672c\u8a9e\u306e\u6587\u7ae0\u3002" * 120,
], ids=["words", "overlong-word", "east-asian"])
def test_a_split_paragraphs_parts_have_the_lines_of_the_whole(text: str) -> None:
    """Split anywhere, the parts' lines, wrapped again at the same width, are the whole's."""
    runs = (d.Run(text), d.Run(" [1]", cite=True))
    style = Style(10.0, 12.0)
    whole = paragraph(runs, style, THEME)
    whole.wrap(300, 10_000)
    for at in (5, 17):
        para = paragraph(runs, style, THEME)
        para.wrap(300, 10_000)
        first, rest = para.split(300, at * 12.0 + 1)
        _, height = rest.wrap(300, 10_000)
        first.wrap(300, at * 12.0 + 1)
        assert _lines(first) + _lines(rest) == _lines(whole)
        assert height == 12.0 * (len(_lines(whole)) - at)
