"""A right-to-left brief of two pages is mirrored in its page furniture too: the logo at the top
right, "Page N of M" at the bottom left, the running header from the right; in the PDF, in
LibreOffice's pages of the DOCX, and (the logo: the HTML has no page numbers) in Chromium's page
of the HTML. An Arabic brief with an Arabic title and a Hebrew one with an English title (whose
running header line is itself left to right). Read back from the files: pdftotext's words and
their places, PDFium's image objects."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
from conftest import ROOT, run_tool, soffice_to_pdf
from PIL import Image

from briefgen.pipeline import build

BRIEFS = {"ar": (ROOT / "tests" / "data" / "bidi" / "egypt-float-2024.yaml", "ar"),
          "he": (ROOT / "facts" / "scripts" / "iran-nuclear-talks.yaml", "he")}
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>')


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """Each brief's PDF, LibreOffice's PDF of its DOCX and Chromium's PDF of its HTML."""
    folder = tmp_path_factory.mktemp("rtl-marks")
    template = folder / "template"
    template.mkdir()
    Image.new("RGB", (90, 30), (31, 56, 100)).save(template / "logo.png")
    (template / "theme.yaml").write_text("logo: logo.png\nlogo_height: 24\n", "utf-8")
    out: dict[str, Path] = {}
    for name, (facts, language) in BRIEFS.items():
        brief = build(facts, ("pdf", "docx", "html"), template=str(template), language=language,
                      pages=2)
        assert brief.pages == 2, name
        for kind, data in brief.outputs.items():
            (folder / f"{name}.{kind}").write_bytes(data)
        out[f"{name}-pdf"] = folder / f"{name}.pdf"
        printed = folder / f"{name}-chromium.pdf"
        run_tool("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                 "--no-pdf-header-footer", f"--print-to-pdf={printed}",
                 (folder / f"{name}.html").as_uri())
        out[f"{name}-html"] = printed
    office = soffice_to_pdf([folder / f"{n}.docx" for n in BRIEFS], folder / "lo", folder / "p")
    out.update({f"{docx.stem}-docx": pdf for docx, pdf in office.items()})
    return out


def _pages(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, str]]]]:
    """Each page's width, height and words (left, top, right, text)."""
    xml = run_tool("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-").stdout
    pages = []
    for width, height, body in re.findall(
            r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        words = [(float(a), float(b), float(c), w) for a, b, c, w in WORD.findall(body)]
        pages.append((float(width), float(height), words))
    return pages


def _logo_left_and_width(pdf: Path) -> tuple[float, float]:
    """Where the first page's one image starts, and the page's width, in points."""
    document = pypdfium2.PdfDocument(str(pdf))
    page = document[0]
    images = [o for o in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])]
    assert len(images) == 1, len(images)
    left = images[0].get_bounds()[0]
    width = page.get_width()
    document.close()
    return left, width


@pytest.mark.parametrize("name", ["ar-pdf", "he-pdf", "ar-docx", "he-docx"])
def test_page_numbers_are_at_the_left_and_the_running_header_at_the_right(files, name):
    pages = _pages(files[name])
    assert len(pages) == 2
    for number, (width, height, words) in enumerate(pages, 1):
        furniture = [w for w in words if w[3] != "OFFICIAL"]
        bottom = [w for w in furniture if w[1] > 0.91 * height]
        assert bottom and any(w[3] == str(number) for w in bottom), bottom
        assert max(w[2] for w in bottom) < width / 2, bottom  # "Page N of M" at the left
    width, height, words = pages[1]
    top = [w for w in words if w[1] < 0.08 * height and w[3] != "OFFICIAL"]
    assert top and min(w[0] for w in top) > width / 2, top  # the running header at the right
    assert max(w[2] for w in top) > width - 100, top  # ending at the right margin


@pytest.mark.parametrize("name", ["ar-pdf", "he-pdf", "ar-docx", "he-docx", "ar-html",
                                  "he-html"])
def test_the_logo_is_at_the_top_right(files, name):
    left, width = _logo_left_and_width(files[name])
    assert left > width / 2, (left, width)
