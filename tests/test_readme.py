"""The README's promises that can be checked mechanically: the two opening commands are the ones
CI runs, the tour's commands do what it says, the examples build, and it stays a front door."""

import re
import shlex
from pathlib import Path

from briefgen.pipeline import build

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FACTS_DOC = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
MAX_BYTES = 12 * 1024


def test_the_full_facts_example_builds(tmp_path):
    """docs/facts.md's full example is a valid facts file that fits one page untouched."""
    example = re.search(r"A full example.*?```yaml\n(.*?)```", FACTS_DOC, re.DOTALL).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    brief = build(path)
    assert brief.pages == 1 and brief.notes == ()
    assert set(brief.outputs) == {"pdf", "docx"}


def test_the_smallest_example_is_what_facts_tiny_holds(tmp_path):
    """The tour's smallest facts file builds, and its keys are those of facts/tiny.yaml."""
    example = re.search(r"The smallest one:\n\n```yaml\n(.*?)```", README, re.DOTALL).group(1)
    path = tmp_path / "small.yaml"
    path.write_text(example, encoding="utf-8")
    assert build(path).pages == 1
    tiny = (ROOT / "facts" / "tiny.yaml").read_text(encoding="utf-8")
    assert example.splitlines()[0] in tiny.splitlines()


def test_the_opening_commands_are_the_ones_ci_runs():
    commands = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)[:2]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[0].startswith("bash scripts/install.sh")
    assert "bash scripts/install.sh" in ci
    assert commands[1] in ci.splitlines()


def test_the_tours_commands_write_what_they_say(tmp_path, monkeypatch):
    """Every `.venv/bin/briefgen` line of the tour, run as written from a copy of the facts:
    exit 0, and the files each names (or the tour says it writes) are there."""
    import shutil

    from test_template_safety import cli

    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    monkeypatch.chdir(tmp_path)
    tour = README[README.index("## A five-minute tour"):README.index("## Documentation")]
    lines = [line.split("#")[0].strip() for block in re.findall(r"```sh\n(.*?)```", tour, re.DOTALL)
             for line in block.splitlines()]
    commands = [shlex.split(line) for line in lines if line.startswith(".venv/bin/briefgen")]
    assert len(commands) == 5
    for command in commands:
        args = [a for arg in command[1:] for a in (sorted(str(p) for p in tmp_path.glob(arg))
                                                   if "*" in arg else [arg])]
        code, _, stderr = cli(*args)
        assert code == 0, (command, stderr)
    written = {p.name for p in (tmp_path / "out").iterdir()}
    expected = {"tiny.pdf", "tiny.docx", "japan-nato-mission-board.pdf",
                "japan-nato-mission-board.docx"}
    expected |= {f"{p.stem}.pdf" for p in (ROOT / "facts").iterdir()
                 if p.is_file()}  # facts/*.yaml, *.json (not facts/scripts/)
    expected |= {f"japan-nato-mission-{a}.{f}" for a in ("executive", "analyst", "press")
                 for f in ("pdf", "docx")}
    assert written == expected
    assert (tmp_path / "my-briefs" / "brief.xml.j2").is_file()


def test_the_readme_is_a_front_door():
    """At most ~12 KB; the benchmark diary lives in benchmarks/, and the README links every
    page of docs/."""
    assert len(README.encode("utf-8")) <= MAX_BYTES
    assert "## Performance" not in README and "| metric |" not in README
    assert "## Diary" in (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in README, page.name
