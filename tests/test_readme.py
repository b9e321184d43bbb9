"""The README's promises that can be checked mechanically."""

import re
from pathlib import Path

from briefgen.pipeline import build

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_full_facts_example_builds(tmp_path):
    example = re.search(r"A full example.*?```yaml\n(.*?)```", README, re.DOTALL).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    brief = build(path)
    assert brief.pages == 1 and brief.notes == ()
    assert set(brief.outputs) == {"pdf", "docx"}


def test_the_opening_commands_are_the_ones_ci_runs():
    commands = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)[:2]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[0].startswith("bash scripts/install.sh")
    assert "bash scripts/install.sh" in ci
    assert commands[1] in ci.splitlines()
