"""What a fresh process spares: Pillow and HarfBuzz are loaded only for a brief that uses them
(`speedups.deferred_modules`), a template is parsed again only when it extends another
(`design.environment._extends`), and neither changes a byte of what is built."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.design.environment import _extends, environment

ROOT = Path(__file__).parent.parent
SEED = ROOT / "facts" / "japan-nato-mission.yaml"
SHAPED = ROOT / "facts" / "scripts" / "iran-nuclear-talks.yaml"  # Persian and Arabic quotes

# builds one PDF in this fresh process, writes it, and says which of the deferred modules
# were really imported (their compiled parts are imported only by the real modules)
_BUILD = """
import json, sys
from briefgen.pipeline import build
brief = build(sys.argv[1], formats=("pdf",), allow_overflow=True)
open(sys.argv[2], "wb").write(brief.outputs["pdf"])
print(json.dumps({"harfbuzz": "uharfbuzz._harfbuzz" in sys.modules,
                  "pillow": "PIL._imaging" in sys.modules}))
"""


def _build(facts: Path, out: Path, speedups: str = "") -> dict[str, bool]:
    env = {**os.environ, "BRIEFGEN_SPEEDUPS": speedups, "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run([sys.executable, "-c", _BUILD, str(facts), str(out)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)


def test_english_pdf_imports_neither_pillow_nor_harfbuzz(tmp_path: Path) -> None:
    used = _build(SEED, tmp_path / "seed.pdf")
    assert used == {"harfbuzz": False, "pillow": False}
    off = _build(SEED, tmp_path / "seed-off.pdf", "off")  # nothing deferred: both imported
    assert off == {"harfbuzz": True, "pillow": True}
    assert (tmp_path / "seed.pdf").read_bytes() == (tmp_path / "seed-off.pdf").read_bytes()


def test_shaped_brief_still_shapes_with_harfbuzz(tmp_path: Path) -> None:
    used = _build(SHAPED, tmp_path / "shaped.pdf")
    assert used["harfbuzz"] is True
    _build(SHAPED, tmp_path / "shaped-off.pdf", "off")
    assert (tmp_path / "shaped.pdf").read_bytes() == (tmp_path / "shaped-off.pdf").read_bytes()
    text = subprocess.run(["pdftotext", str(tmp_path / "shaped.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Muscat" in text


def test_deferred_module_becomes_the_real_one() -> None:
    """A stand-in takes the real module's names once used, and leaves `sys.modules`."""
    code = """
import sys
import briefgen.layout
from briefgen.speedups.deferred_modules import Deferred
import reportlab.lib.utils as utils
assert isinstance(utils.Image, Deferred), type(utils.Image)
opened = utils.Image.open  # the first use imports Pillow
import PIL.Image
assert opened is PIL.Image.open and not isinstance(sys.modules["PIL.Image"], Deferred)
assert utils.Image.__dict__["open"] is PIL.Image.open
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "BRIEFGEN_SPEEDUPS": ""}, check=False)
    assert done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize(("source", "extends"), [
    ('{% extends "builtin/brief.xml.j2" %}{% block title %}x{% endblock %}', True),
    ('{%- extends "builtin/brief.xml.j2" -%}', True),
    ('{# a child template {% extends "builtin/brief.xml.j2" %} overrides blocks #}<brief/>', False),
    ("<brief>{% if true %}extends{% endif %}</brief>", False),
])
def test_a_template_is_parsed_again_only_when_it_extends(tmp_path: Path, source: str,
                                                         extends: bool) -> None:
    (tmp_path / "mine.xml.j2").write_text(source, encoding="utf-8")
    env = environment(tmp_path)
    assert _extends(env.get_template("mine.xml.j2")) is extends
