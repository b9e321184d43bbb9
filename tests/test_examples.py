"""examples/ holds what the seed facts file builds into, for the default brief and each built-in
audience. These tests fail when it is stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES_DIR, FACTS_DIR, SEED

from briefgen.edge.page_files import marked
from briefgen.pipeline import build
from briefgen.writers.png import from_pdf

STEM = Path(SEED).stem
REMAKE = "examples/ is stale: run `bash scripts/make-examples.sh` and commit the result"
AUDIENCES = [None, "executive", "analyst", "press"]


def name(audience: str | None) -> str:
    return STEM + (f"-{audience}" if audience else "")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_example_matches_a_fresh_build(audience: str | None) -> None:
    fresh = build(FACTS_DIR / SEED, ("pdf", "docx", "png"), audience=audience).outputs
    # one page: one picture, with the mark the command line puts in the file it writes
    fresh["png"], = marked(EXAMPLES_DIR / f"{name(audience)}.png", fresh["png"]).values()
    for fmt in ("pdf", "docx", "png"):
        committed = EXAMPLES_DIR / f"{name(audience)}.{fmt}"
        assert committed.is_file(), f"{committed} is missing; {REMAKE}"
        assert committed.read_bytes() == fresh[fmt], f"{committed} differs from a fresh build; " \
                                                     f"{REMAKE}"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_example_png_is_the_committed_pdf(audience: str | None) -> None:
    pdf, png = EXAMPLES_DIR / f"{name(audience)}.pdf", EXAMPLES_DIR / f"{name(audience)}.png"
    assert pdf.is_file() and png.is_file(), f"examples are missing; {REMAKE}"
    assert tuple(marked(png, from_pdf(pdf.read_bytes())).values()) == (png.read_bytes(),), \
        f"{png} is not the picture of {pdf}; {REMAKE}"


def test_nothing_else_in_examples() -> None:
    """The seed's briefs, and the house's facts files and template (examples/house/, built by
    scripts/check-house-briefs.py, not here)."""
    expected = {f"{name(a)}.{ext}" for a in AUDIENCES for ext in ("pdf", "docx", "png")}
    assert {p.name for p in EXAMPLES_DIR.iterdir()} == expected | {"house"}
    assert (EXAMPLES_DIR / "house").is_dir()
