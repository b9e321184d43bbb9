"""docx_process: the DOCX written by a second process gives the same bytes, its errors are the
writer's own, and a child that dies only means the DOCX is written here instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FACTS_DIR, SEED

from briefgen.edge import docx_process
from briefgen.edge.cli import run
from briefgen.errors import BriefgenError, Problem
from briefgen.layout.fit import fit
from briefgen.pipeline import build, design_for
from briefgen.writers import docx


@pytest.fixture(scope="module")
def fitted():
    """The seed's laid-out brief, fitted, as build() writes it."""
    from briefgen.compose import markup
    from briefgen.compose.context import build_context
    from briefgen.design.environment import render
    from briefgen.design.selection import select
    from briefgen.input.facts import load_facts
    from briefgen.pipeline import brief_date

    design = design_for(None, None)
    facts, _ = select(load_facts(FACTS_DIR / SEED), design.audience)

    def make(dropped):
        context = build_context(facts, brief_date(facts), dropped)
        context["audience"] = design.audience.context()
        return markup.parse(render(design.env, design.template, context), design.template)

    return fit(make, design.theme).laid_out


def gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_child_writes_the_same_bytes(fitted, monkeypatch):
    theme = fitted.theme
    expected = docx.write(fitted)
    with docx_process.DocxProcess() as side:
        # from here on this process cannot write a DOCX: the bytes must come from the child
        monkeypatch.setattr(docx, "write", lambda *a: pytest.fail("written in the parent"))
        side.prepare(theme)
        assert side.start(fitted)() == expected
        assert side.start(fitted)() == expected  # and again
    assert gone(side._pid)


def test_a_writer_error_is_raised_in_the_parent(fitted, monkeypatch):
    def broken(*args):
        raise BriefgenError([Problem("facts.yaml", "cannot write this", line=3, field="x")])

    monkeypatch.setattr(docx, "write", broken)  # the child is forked with it
    with docx_process.DocxProcess() as side:
        result = side.start(fitted)
        with pytest.raises(BriefgenError) as info:
            result()
    assert [str(p) for p in info.value.problems] == \
        ["error: facts.yaml:3: x: cannot write this"]


def test_a_dead_child_means_the_docx_is_written_here(fitted, monkeypatch):
    monkeypatch.setattr(docx_process, "_serve", lambda inbox, outbox: os._exit(3))
    with docx_process.DocxProcess() as side:
        side.prepare(fitted.theme)
        assert side.start(fitted)() == docx.write(fitted)


def test_the_command_line_writes_the_same_files_with_one_job_or_two(tmp_path: Path, capsys):
    seed = FACTS_DIR / SEED
    assert run(["build", str(seed), "-o", str(tmp_path / "one"), "-j", "1"]) == 0
    assert run(["build", str(seed), "-o", str(tmp_path / "two"), "-j", "2"]) == 0
    capsys.readouterr()
    for suffix in (".pdf", ".docx"):
        name = Path(SEED).stem + suffix
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert (tmp_path / "two" / (Path(SEED).stem + ".docx")).read_bytes() == \
        build(seed).outputs["docx"]


def test_a_docx_that_fails_in_the_child_writes_nothing(tmp_path: Path, capsys, monkeypatch):
    def broken(*args):
        raise BriefgenError([Problem("somewhere.yaml", "the DOCX cannot be written")])

    monkeypatch.setattr(docx, "write", broken)
    code = run(["build", str(FACTS_DIR / SEED), "-o", str(tmp_path), "-j", "2"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines()[-1] == "error: somewhere.yaml: the DOCX cannot be written"
    assert list(tmp_path.iterdir()) == []
