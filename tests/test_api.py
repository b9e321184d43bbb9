"""The library API: `briefgen.build` returns the bytes, is pure, and can be shipped to workers."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest
from conftest import FACTS_DIR

import briefgen
from briefgen.cli import run

SEED = FACTS_DIR / "japan-nato-mission.yaml"


def test_the_public_names_are_pinned():
    assert sorted(briefgen.__all__) == ["BriefgenError", "Problem", "__version__", "build"]


def test_build_returns_the_bytes_the_command_line_writes(tmp_path):
    outputs = briefgen.build(SEED, audience="executive")
    assert run(["build", str(SEED), "-a", "executive", "-o", str(tmp_path), "-j", "1"]) == 0
    for fmt in ("pdf", "docx"):
        assert outputs[fmt] == (tmp_path / f"japan-nato-mission-executive.{fmt}").read_bytes()


def test_build_only_the_formats_asked_for():
    assert set(briefgen.build(FACTS_DIR / "tiny.yaml", formats=["pdf"])) == {"pdf"}


def test_build_is_picklable_and_gives_the_same_bytes_in_other_processes():
    assert pickle.loads(pickle.dumps(briefgen.build)) is briefgen.build
    here = briefgen.build(SEED)
    with ProcessPoolExecutor(max_workers=2) as pool:
        there = list(pool.map(briefgen.build, [SEED, SEED]))
    assert there == [here, here]


def test_errors_cross_process_boundaries_with_their_problems(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\n", encoding="utf-8")
    with pytest.raises(briefgen.BriefgenError) as raised:
        briefgen.build(bad)
    again = pickle.loads(pickle.dumps(raised.value))
    assert type(again) is type(raised.value) and again.problems == raised.value.problems
    assert again.problems[0].field == "summary"
    with ProcessPoolExecutor(max_workers=1) as pool, pytest.raises(briefgen.BriefgenError) as far:
        pool.submit(briefgen.build, bad).result()
    assert far.value.problems == raised.value.problems
