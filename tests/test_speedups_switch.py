"""BRIEFGEN_SPEEDUPS=off builds every brief without the speed tricks (reportlab's own paragraph
parser and platypus import, python-docx's own parse and save), and the bytes are the same.

The switch is read once, when `briefgen.speedups` is imported, so each way runs in a fresh
process: it builds the seed, a file of East Asian and astral characters, a few files of the
hostile corpus and a custom template with a logo, in every built-in audience, both formats,
and reports what it used, which shows the tricks were really on, or really off.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).parent.parent
HOSTILE = ROOT / "tests" / "hostile"
AUDIENCES = [None, "executive", "analyst", "press"]
HOSTILE_FILES = ["39-long-word.yaml", "41-long-source-url.yaml", "47-tab-cr-lf.json",
                 "71-reportlab-markup.yaml", "95-soft-hyphen-long-word.yaml",
                 "116-italic-ogham-quote.yaml", "118-astral-copy-back.yaml",
                 "122-soft-hyphen-banner.yaml"]

EAST_ASIAN = """\
title: "東京とソウルの会合 \\U0001F600 Tokyo and Seoul"
date: 2025-02-03
summary: >-
  日本と韓国の外相は東京で会談し、「協力を強化する」と述べた。한국 외교부 장관은 협력을
  강조했다. Sans-serif 𝖠𝗆 letters and a smile 😀 stay as typed.
key_points:
  - text: 会談は二時間続いた。次回はソウルで開かれる予定である。
  - text: 共同声明は発表されなかったが、両国は定期的な協議に合意した。
"""

# Builds every case given, writes each output, and says what was used: the type of reportlab's
# web address pattern, how often reportlab's paragraph parser ran, whether paragraphs wrap once,
# which parts of a skeleton python-docx parsed, and how many members zipfile wrote.
BUILD = r'''
import json, sys, zipfile
from pathlib import Path

import briefgen.speedups.platypus  # first, as the PDF writer imports platypus
from reportlab.platypus import paraparser

used = {"parser": 0, "zipfile": 0}

def counted(function, key):
    def call(*args, **kwargs):
        used[key] += 1
        return function(*args, **kwargs)
    return call

paraparser.ParaParser.parse = counted(paraparser.ParaParser.parse, "parser")
zipfile.ZipFile.writestr = counted(zipfile.ZipFile.writestr, "zipfile")

import briefgen
from briefgen import speedups
from briefgen.design.theme import Theme
from briefgen.layout import line_breaks
from briefgen.writers import docx_styles
from docx.opc.part import XmlPart
from reportlab.platypus import paragraph

out = Path(sys.argv[1])
for index, (facts, audience, template) in enumerate(json.loads(sys.argv[2])):
    try:
        made = briefgen.build(facts, audience=audience, template=template)
    except briefgen.BriefgenError as exc:  # a marking the press may not have, say
        made = {"error": str(exc).encode()}
    for kind, data in made.items():
        (out / f"{index}.{kind}").write_bytes(data)
package = docx_styles.skeleton(Theme()).open().part.package
used.update(enabled=speedups.ENABLED, pattern=type(paragraph.uri_pat).__name__,
            wrap_once=any(c.__name__ == "_WrapOnce" for c in line_breaks.WordLikeParagraph.__mro__),
            parsed=sorted(str(part.partname) for part in package.parts
                          if isinstance(part, XmlPart)))
print(json.dumps(used))
'''


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str | None, str | None]]:
    folder = tmp_path_factory.mktemp("inputs")
    east_asian = folder / "east-asian.yaml"
    east_asian.write_text(EAST_ASIAN, encoding="utf-8")
    template = folder / "with-logo"
    subprocess.run([sys.executable, "-m", "briefgen", "init-template", str(template)],
                   check=True, capture_output=True)
    Image.new("RGB", (120, 40), (122, 31, 43)).save(template / "logo.png")
    with (template / "theme.yaml").open("a", encoding="utf-8") as theme:
        theme.write("logo: logo.png\n")
    files = [ROOT / "facts" / "japan-nato-mission.yaml", east_asian,
             *(HOSTILE / name for name in HOSTILE_FILES)]
    made = [(str(path), audience, None) for path in files for audience in AUDIENCES]
    return made + [(str(files[0]), None, str(template)), (str(files[0]), "board", str(template))]


def build(mode: str, cases: list, out: Path) -> dict:
    out.mkdir()
    env = {**os.environ, "BRIEFGEN_SPEEDUPS": mode, "BRIEFGEN_CACHE_DIR": "off",
           "SOURCE_DATE_EPOCH": "1700000000"}
    run = subprocess.run([sys.executable, "-c", BUILD, str(out), json.dumps(cases)], env=env,
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def both_ways(cases, tmp_path_factory) -> tuple[dict, dict, Path, Path]:
    on, off = tmp_path_factory.mktemp("on") / "out", tmp_path_factory.mktemp("off") / "out"
    return build("on", cases, on), build("off", cases, off), on, off


def test_every_brief_has_the_same_bytes_with_the_speed_tricks_off(cases, both_ways):
    _, _, on, off = both_ways
    names = sorted(path.name for path in on.iterdir())
    assert names == sorted(path.name for path in off.iterdir())
    different = [name for name in names if (on / name).read_bytes() != (off / name).read_bytes()]
    assert different == []
    kinds = [name.split(".")[1] for name in names]
    assert kinds.count("pdf") == kinds.count("docx") >= len(cases) - 4  # the press refuses some
    assert kinds.count("pdf") + kinds.count("error") == len(cases)
    for name in names:
        start = (on / name).read_bytes()[:4]
        assert start == {"pdf": b"%PDF", "docx": b"PK\x03\x04", "error": b"erro"}[
            name.split(".")[1]]


def test_with_the_speed_tricks_on_briefgen_takes_its_shortcuts(both_ways):
    used = both_ways[0]
    assert used["enabled"] is True
    assert used["pattern"] == "LazyPattern" and used["wrap_once"]
    assert used["parsed"] == ["/docProps/core.xml", "/word/document.xml"]
    assert used["zipfile"] == 0  # every .docx zipped by briefgen's own writer


def test_with_the_speed_tricks_off_the_libraries_do_the_work(both_ways):
    on, off = both_ways[:2]
    assert off["enabled"] is False
    assert off["pattern"] == "Pattern" and not off["wrap_once"]
    assert {"/word/styles.xml", "/word/settings.xml"} < set(off["parsed"])  # parsed too
    assert off["zipfile"] > 0
    # reportlab's parser made the fragments of every paragraph, not only a style's first one
    assert off["parser"] > 5 * max(on["parser"], 1)


@pytest.mark.parametrize("value", ["of", "yes", "0", "o n", "off\n1"])
def test_an_unknown_value_is_one_error_line_and_nothing_is_written(tmp_path, value):
    env = {**os.environ, "BRIEFGEN_SPEEDUPS": value}
    run = subprocess.run([sys.executable, "-m", "briefgen", "build",
                          str(ROOT / "facts" / "tiny.yaml"), "-o", str(tmp_path / "out")],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr == f"error: BRIEFGEN_SPEEDUPS: unknown value {value!r}: use on or off\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value,enabled", [("", True), ("on", True), ("ON", True),
                                           (" off ", False), ("Off", False)])
def test_on_and_off_are_read_in_any_case(value, enabled):
    env = {**os.environ, "BRIEFGEN_SPEEDUPS": value}
    run = subprocess.run([sys.executable, "-c", "import briefgen.speedups as s; print(s.ENABLED)"],
                         env=env, capture_output=True, text=True, check=True)
    assert run.stdout == f"{enabled}\n"
