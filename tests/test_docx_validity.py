"""Every part of every brief's DOCX is valid: checked by openxml-audit (PyPI), a validator nobody
here wrote that carries the Open XML SDK's schema data for the ECMA-376 transitional parts
(no package on PyPI, Debian or npm ships the ECMA-376 XSDs themselves: XSD-SEARCH.md), over
every facts file x audience and the house briefs, plus the schema facts it does not check."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import FACTS_DIR
from lxml import etree
from openxml_audit import OpenXmlValidator

from briefgen.errors import FactsError
from briefgen.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
AUDIENCES = (None, "executive", "analyst", "press")
HOUSE = sorted(f for f in (ROOT / "examples" / "house").glob("*.yaml")
               if f.name != "restricted.yaml")  # the sentences a press brief must not hold
CASES = [(f, a) for f in sorted(FACTS_DIR.glob("*.*")) if f.suffix in (".yaml", ".json")
         for a in AUDIENCES]


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    return OpenXmlValidator()


def _check(data: bytes, tmp_path: Path, validator: OpenXmlValidator) -> None:
    path = tmp_path / "brief.docx"
    path.write_bytes(data)
    result = validator.validate(str(path))
    assert result.is_valid, [str(e) for e in result.errors]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))  # well-formed
        settings = archive.read("word/settings.xml").decode()
    # CT_Zoom's w:percent is required (ECMA-376 Part 1, 17.15.1.95)
    assert re.search(r"<w:zoom\b[^>]*\bw:percent=\"\d+\"", settings)


def _build(facts: Path, audience: str | None, template: str | None = None) -> bytes | None:
    """The brief's DOCX; None where the audience may not see the file's marking."""
    try:
        brief = build(facts, formats=("docx",), audience=audience, template=template,
                      allow_overflow=True)
    except FactsError as refused:
        assert "may not go to" in str(refused)
        return None
    return brief.outputs["docx"]


@pytest.mark.parametrize(("facts", "audience"), CASES,
                         ids=[f"{f.stem}-{a or 'default'}" for f, a in CASES])
def test_every_part_is_valid(facts: Path, audience: str | None, tmp_path: Path,
                             validator: OpenXmlValidator) -> None:
    data = _build(facts, audience)
    if data is not None:
        _check(data, tmp_path, validator)


MINISTERE = ROOT / "examples" / "house" / "ministere"
HOUSE_CASES = [(f, a.stem) for f in HOUSE for a in sorted((MINISTERE / "audiences").glob("*"))]


@pytest.mark.parametrize(("facts", "audience"), HOUSE_CASES,
                         ids=[f"{f.stem}-{a}" for f, a in HOUSE_CASES])
def test_the_house_briefs_are_valid(facts: Path, audience: str, tmp_path: Path,
                                   validator: OpenXmlValidator) -> None:
    data = _build(facts, audience, str(MINISTERE))
    if data is not None:
        _check(data, tmp_path, validator)


def test_most_briefs_are_built_and_checked() -> None:
    """The refusals skip few: every facts file builds for its default audience."""
    assert all(_build(f, None) is not None for f, _ in CASES[::4])


def test_the_validator_finds_an_invalid_part(tmp_path: Path, validator: OpenXmlValidator):
    """The check can fail: the same brief with an element the schema has no place for."""
    data = build(FACTS_DIR / "tiny.yaml", formats=("docx",)).outputs["docx"]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            blob = source.read(info)
            if info.filename == "word/document.xml":
                blob = blob.replace(b"<w:body>", b"<w:body><w:bogus/>", 1)
            target.writestr(info, blob)
    path = tmp_path / "bad.docx"
    path.write_bytes(out.getvalue())
    assert not validator.validate(str(path)).is_valid
