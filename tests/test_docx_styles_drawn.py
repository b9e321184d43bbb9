"""The DOCX's styles carry only what the PDF draws: python-docx's template gives its Title style
letter spacing, kerning and a bottom border, which made a headline that fits one line in the PDF
wrap in LibreOffice (the press brief of facts/valencia-dana-floods.yaml)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from conftest import FACTS_DIR, pdf_text, soffice_to_pdf
from lxml import etree

from briefgen.pipeline import build
from briefgen.writers.docx_styles import STYLE_IDS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FACTS = FACTS_DIR / "valencia-dana-floods.yaml"
TITLE = "Valencia floods (DANA), October 2024 - deaths, response and recovery"


def test_no_style_of_the_brief_spaces_letters_kerns_or_draws_a_border() -> None:
    data = build(FACTS, ("docx",), audience="press", release=("OFFICIAL",)).outputs["docx"]
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml"))
    used = {style.get(f"{W}styleId"): style for style in styles.iter(f"{W}style")
            if style.get(f"{W}styleId") in set(STYLE_IDS.values())}
    assert "Title" in used and len(used) >= 10
    for name, style in used.items():
        for props, banned in ((f"{W}rPr", ("spacing", "kern")), (f"{W}pPr", ("pBdr", "shd"))):
            found = style.find(props)
            assert found is None or not [b for b in banned if found.find(W + b) is not None], \
                name


def test_a_headline_on_one_line_in_the_pdf_is_one_line_in_libreoffice(tmp_path: Path) -> None:
    outputs = build(FACTS, ("pdf", "docx"), audience="press", release=("OFFICIAL",)).outputs
    (tmp_path / "b.pdf").write_bytes(outputs["pdf"])
    (tmp_path / "b.docx").write_bytes(outputs["docx"])
    converted = soffice_to_pdf([tmp_path / "b.docx"], tmp_path / "lo", tmp_path / "profile")
    for path in (tmp_path / "b.pdf", converted[tmp_path / "b.docx"]):
        lines = [line.strip() for line in pdf_text(path, "layout").splitlines()]
        assert TITLE in lines, (path, lines[:8])
