"""`briefgen init-template DIR`: a commented starting folder (a theme, an audience, a template
overriding one block) that builds at once; it never writes over an existing folder's files."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import docx
import pytest
import yaml
from conftest import FACTS_DIR, SEED, docx_text, joined, pdf_page_size, pdf_text, qpdf_check

from briefgen.design.audience import load_audience
from briefgen.design.environment import BUILTIN_DIR
from briefgen.design.scaffold import scaffold
from briefgen.design.selection import select
from briefgen.edge.cli import run
from briefgen.errors import TemplateError
from briefgen.input.facts import load_facts

A4 = (595.276, 841.89)
FOOTER = "Questions: contact the author."


def test_scaffold_lists_a_theme_an_audience_and_a_template(tmp_path):
    folder = tmp_path / "mine"
    files = scaffold(folder)
    assert set(files) == {folder / "theme.yaml", folder / "audiences" / "board.yaml",
                          folder / "brief.xml.j2"}
    assert not folder.exists()  # scaffold only says what to write; the CLI writes
    theme = yaml.safe_load(files[folder / "theme.yaml"])
    assert theme == {"page": "a4", "font": "serif", "accent": "#7A1F2B"}
    board = yaml.safe_load(files[folder / "audiences" / "board.yaml"])
    assert board["extends"] == "executive" and board["label"] == "BOARD NOTE"
    assert str(folder) in files[folder / "audiences" / "board.yaml"]  # how to build it
    template = files[folder / "brief.xml.j2"]
    assert '{% extends "builtin/brief.xml.j2" %}' in template
    assert template.count("{% block ") == 1  # overrides one block, copies nothing else


def test_each_scaffolded_file_is_commented(tmp_path):
    for path, text in scaffold(tmp_path / "mine").items():
        comment = "{#" if path.suffix == ".j2" else "#"
        lines = text.splitlines()
        assert lines[0].lstrip().startswith(comment), path
        assert sum(comment in line for line in lines) >= 2, path


def test_scaffold_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        scaffold(tmp_path)
    assert info.value.problems[0].file == str(tmp_path)


def test_scaffold_accepts_an_empty_folder(tmp_path):
    assert len(scaffold(tmp_path)) == 3


def test_scaffold_refuses_a_file(tmp_path):
    path = tmp_path / "file"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(TemplateError):
        scaffold(path)


# ---- the command line ---------------------------------------------------------------------------


def cli(*args: str) -> tuple[int, str, str]:
    """Run the command line in-process: exit code, stdout, stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = run(list(args))
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """init-template, then a build with `-t DIR -a board`: what each command said and wrote."""
    root = tmp_path_factory.mktemp("scaffold")
    folder, out = root / "tpl", root / "out"
    init = cli("init-template", str(folder))
    build = cli("build", str(FACTS_DIR / SEED), "-t", str(folder), "-a", "board", "-o", str(out))
    listing = cli("templates", "-t", str(folder))
    return {"folder": folder, "out": out, "init": init, "build": build, "listing": listing}


def test_init_template_writes_the_folder(board):
    code, stdout, stderr = board["init"]
    folder = board["folder"]
    assert code == 0 and stderr == ""
    written = ["audiences/board.yaml", "brief.xml.j2", "theme.yaml"]
    assert sorted(stdout.split()) == sorted(str(folder / name) for name in written)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) \
        == written
    for path, text in scaffold(Path("unused")).items():  # the files are what scaffold says
        relative = path.relative_to("unused")
        assert (folder / relative).read_text("utf-8") == text.replace("unused", str(folder))


def test_the_scaffold_builds_at_once(board):
    code, stdout, stderr = board["build"]
    assert code == 0, stderr
    assert "error" not in stderr and "Traceback" not in stderr
    stem = Path(SEED).stem
    pdf, docx_file = board["out"] / f"{stem}-board.pdf", board["out"] / f"{stem}-board.docx"
    assert stdout.split() == [str(pdf), str(docx_file)]
    qpdf_check(pdf)
    assert pdf_page_size(pdf) == A4
    section = docx.Document(str(docx_file)).sections[0]
    assert (round(section.page_width.pt), round(section.page_height.pt)) == (595, 842)


def test_the_scaffold_audience_and_block_reach_both_formats(board):
    stem = Path(SEED).stem
    pdf = pdf_text(board["out"] / f"{stem}-board.pdf")
    body = "\n".join(docx_text(board["out"] / f"{stem}-board.docx"))
    facts = load_facts(FACTS_DIR / SEED)
    audience = load_audience("board", [board["folder"], BUILTIN_DIR])
    kept, _ = select(facts, audience)
    assert len(kept.key_points) == 2 and kept.quotes == ()
    for text in (pdf, body):
        stream = joined(text)
        assert joined("BOARD NOTE") in stream and joined("In one sentence") in stream
        assert joined(FOOTER) in stream  # the template's footer block
        assert joined("Prepared by Regional Security Desk on") in stream
        for x in facts.key_points:
            assert (joined(x.text) in stream) == (x in kept.key_points), x.path
        for q in facts.quotes:
            assert joined(q.text) not in stream, q.path


def test_templates_lists_the_scaffolded_items_as_yours(board):
    code, stdout, stderr = board["listing"]
    assert code == 0 and stderr == ""
    lines = stdout.splitlines()
    assert any(line.startswith("audience") and "board (yours)" in line and "The board" in line
               for line in lines), lines
    assert any(line.startswith("template") and "brief.xml.j2 (yours)" in line for line in lines)
    assert any(line.split()[:2] == ["audience", "executive"] for line in lines)


def test_init_template_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "theme.yaml").write_text("page: letter\n", encoding="utf-8")
    code, stdout, stderr = cli("init-template", str(tmp_path))
    assert code == 1 and stdout == ""
    assert stderr.startswith(f"error: {tmp_path}: ") and "not an empty folder" in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["theme.yaml"]
    assert (tmp_path / "theme.yaml").read_text("utf-8") == "page: letter\n"


def test_init_template_into_an_empty_folder(tmp_path):
    code, _, stderr = cli("init-template", str(tmp_path))
    assert code == 0 and stderr == ""
    assert (tmp_path / "audiences" / "board.yaml").is_file()
