"""The theme's `logo_alt`: checked as the theme's other text is (one located line, nothing
written), and, where blank, absent: every format then says the memo's sender, else "Logo"."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import FACTS_DIR
from PIL import Image
from test_writer_markdown import cli

from briefgen.design.theme_file import MAX_ALT

TINY = FACTS_DIR / "tiny.yaml"  # no sender
SEED = FACTS_DIR / "japan-nato-mission.yaml"  # from: Regional Security Desk


def _template(folder: Path, alt_line: str) -> Path:
    folder.mkdir()
    Image.new("RGB", (60, 20), (31, 56, 100)).save(folder / "logo.png")
    (folder / "theme.yaml").write_text(f"logo: logo.png\n{alt_line}\n", "utf-8")
    return folder


def _alts(out: Path, stem: str) -> tuple[str, str, str]:
    """The logo's alternative text in the PDF (/Alt), the DOCX (docPr descr), the HTML (alt)."""
    with pikepdf.open(out / f"{stem}.pdf") as pdf:
        found = []

        def walk(node) -> None:
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if kid.S == "/Figure":
                        found.append(str(kid.Alt))
                    walk(kid)
        walk(pdf.Root.StructTreeRoot)
    with zipfile.ZipFile(out / f"{stem}.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8") + "".join(
            docx.read(n).decode("utf-8") for n in docx.namelist() if n.startswith("word/header"))
    (descr,) = set(re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', document))
    (alt,) = re.findall(r'<img [^>]*alt="([^"]*)"', (out / f"{stem}.html").read_text("utf-8"))
    return found[0], descr, alt


@pytest.mark.parametrize("alt_line, message", [
    ('logo_alt: "Harbour\\a authority"', "control character U+0007 is not allowed; delete it"),
    ('logo_alt: "Harbour\\x00"', "control character U+0000 (NUL) is not allowed; delete it"),
    (f"logo_alt: {'x' * (MAX_ALT + 1)}",
     f"must be at most {MAX_ALT} characters (got {MAX_ALT + 1}): say what the logo shows"),
])
def test_a_bad_logo_alt_is_one_located_line_and_nothing_is_written(tmp_path, alt_line, message):
    folder = _template(tmp_path / "house", alt_line)
    code, out, err = cli(str(SEED), "-t", str(folder), "-o", str(tmp_path / "out"),
                         "-f", "pdf", "-f", "docx", "-f", "html")
    assert (code, out) == (1, "")
    assert err == f"error: {folder / 'theme.yaml'}:2: logo_alt: {message}\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("facts, expected", [(SEED, "Regional Security Desk"), (TINY, "Logo")])
def test_a_blank_logo_alt_is_no_logo_alt_in_every_format(tmp_path, facts, expected):
    folder = _template(tmp_path / "house", 'logo_alt: "  \\t "')
    out = tmp_path / "out"
    code, _, err = cli(str(facts), "-t", str(folder), "-o", str(out),
                       "-f", "pdf", "-f", "docx", "-f", "html")
    assert code == 0, err
    assert _alts(out, facts.stem) == (expected,) * 3


def test_a_logo_alt_at_its_bound_is_used_in_every_format(tmp_path):
    alt = "Harbour  authority " + "x" * (MAX_ALT - 19)
    assert len(alt) == MAX_ALT
    folder = _template(tmp_path / "house", f'logo_alt: "{alt}"')
    out = tmp_path / "out"
    code, _, err = cli(str(SEED), "-t", str(folder), "-o", str(out),
                       "-f", "pdf", "-f", "docx", "-f", "html")
    assert code == 0, err
    assert _alts(out, SEED.stem) == (" ".join(alt.split()),) * 3
