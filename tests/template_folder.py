"""A custom template folder of the user's, as `briefgen init-template` makes it, and a build of
the smallest facts file with it: what the settings-file tests change and run."""

from __future__ import annotations

from pathlib import Path

from timing import wall_seconds_at_most

from briefgen.edge.cli import run

TINY = Path(__file__).resolve().parent.parent / "facts" / "tiny.yaml"


def folder(tmp_path: Path) -> Path:
    """A fresh template folder, made by `briefgen init-template`."""
    made = tmp_path / "house"
    assert run(["init-template", str(made)]) == 0
    return made


def build(capsys, template: Path, *more: str) -> tuple[int, list[str]]:
    """Build the smallest facts file with the folder: exit code and stderr lines. Within 20 s,
    never a traceback, and nothing written unless it built."""
    capsys.readouterr()
    with wall_seconds_at_most(20):
        code = run(["build", str(TINY), "-t", str(template), "-o", str(template / "out"), *more])
    err = capsys.readouterr().err.splitlines()
    assert not (template / "out").exists() or code == 0
    assert not any("Traceback" in line for line in err)
    return code, err
