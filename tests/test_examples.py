"""examples/ holds what the seed facts file builds into. These tests fail when it is stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES_DIR, SEED, Session, run_tool

STEM = Path(SEED).stem
REMAKE = "examples/ is stale: run `bash scripts/make-examples.sh` and commit the result"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_example_matches_a_fresh_build(session_builds: Session, fmt: str) -> None:
    committed = EXAMPLES_DIR / f"{STEM}.{fmt}"
    assert committed.is_file(), f"{committed} is missing; {REMAKE}"
    fresh = session_builds.briefs[SEED].outputs[fmt]
    assert committed.read_bytes() == fresh, f"{committed} differs from a fresh build; {REMAKE}"


def test_example_png_is_the_committed_pdf(tmp_path: Path) -> None:
    pdf, png = EXAMPLES_DIR / f"{STEM}.pdf", EXAMPLES_DIR / f"{STEM}.png"
    assert pdf.is_file() and png.is_file(), f"examples are missing; {REMAKE}"
    run_tool("pdftoppm", "-png", "-r", "60", "-singlefile", pdf, tmp_path / STEM)
    assert (tmp_path / f"{STEM}.png").read_bytes() == png.read_bytes(), \
        f"{png} is not the image of {pdf}; {REMAKE}"
