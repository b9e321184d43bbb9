"""Pillow and HarfBuzz imported when first used (`speedups.deferred_modules`), in briefgen's own
processes only: the command's English PDF imports neither, a brief with a logo or Arabic text
still uses them and builds the same bytes, and a program that imports briefgen keeps the real
modules, its own Pillow settings and its mocks. Each case runs in a fresh process, since what a
process has imported is the point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "facts" / "japan-nato-mission.yaml"  # English, no logo
TINY = ROOT / "facts" / "tiny.yaml"
SHAPED = ROOT / "facts" / "scripts" / "iran-nuclear-talks.yaml"  # Persian and Arabic quotes
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "BRIEFGEN_SPEEDUPS": ""}
PILLOW, HARFBUZZ = "PIL._imaging", "uharfbuzz._harfbuzz"  # imported only by the real modules


def _command(tmp_path: Path, name: str, *args: str, speedups: str = "") -> tuple[set[str], Path]:
    """`python -m briefgen build ARGS -f pdf` in a fresh process, as a user runs it: the modules
    it imported (Python's own -X importtime list, forked children's too) and its output folder."""
    out = tmp_path / name
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefgen", "build", *args,
                           "-f", "pdf", "-o", str(out)], env={**ENV, "BRIEFGEN_SPEEDUPS": speedups},
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines[1:]}, out  # [0]: the heading


def _program(code: str, *args: object) -> str:
    """Run a host program's code in a fresh process; its printed output."""
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], env=ENV,
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _pdf(folder: Path) -> bytes:
    (pdf,) = folder.glob("*.pdf")
    return pdf.read_bytes()


def test_the_commands_english_pdf_imports_neither_pillow_nor_harfbuzz(tmp_path):
    imported, out = _command(tmp_path, "on", str(SEED))
    assert PILLOW not in imported and HARFBUZZ not in imported
    assert "reportlab.lib.utils" in imported  # the list is complete: reportlab is in it
    imported_off, out_off = _command(tmp_path, "off", str(SEED), speedups="off")
    assert {PILLOW, HARFBUZZ} <= imported_off  # nothing deferred: reportlab imports both
    assert _pdf(out) == _pdf(out_off)


def test_a_batchs_workers_import_neither_for_english_briefs(tmp_path):
    imported, out = _command(tmp_path, "batch", str(SEED), str(TINY), "-j", "2")
    assert PILLOW not in imported and HARFBUZZ not in imported
    assert len(list(out.glob("*.pdf"))) == 2


def test_an_arabic_brief_is_shaped_by_harfbuzz_with_the_same_bytes(tmp_path):
    imported, out = _command(tmp_path, "on", str(SHAPED), "--allow-overflow")
    assert HARFBUZZ in imported
    _, out_off = _command(tmp_path, "off", str(SHAPED), "--allow-overflow", speedups="off")
    assert _pdf(out) == _pdf(out_off)
    text = subprocess.run(["pdftotext", str(next(out.glob("*.pdf"))), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Muscat" in text


def test_a_brief_with_a_logo_draws_it_with_pillow_with_the_same_bytes(tmp_path):
    house = tmp_path / "house"
    house.mkdir()
    Image.new("RGB", (60, 20), (31, 56, 100)).save(house / "logo.png")
    (house / "theme.yaml").write_text("logo: logo.png\nlogo_alt: Harbour authority\n", "utf-8")
    imported, out = _command(tmp_path, "on", str(TINY), "-t", str(house))
    assert PILLOW in imported
    _, out_off = _command(tmp_path, "off", str(TINY), "-t", str(house), speedups="off")
    assert _pdf(out) == _pdf(out_off)
    assert b"/Subtype /Image" in _pdf(out)


def test_a_program_that_builds_a_brief_keeps_the_real_modules():
    code = """
import sys, briefgen
briefgen.build(sys.argv[1], formats=("pdf",))
import uharfbuzz
from PIL import Image
import PIL.Image, reportlab.lib.utils
print(type(Image).__name__, type(uharfbuzz).__name__,
      Image is PIL.Image is sys.modules["PIL.Image"], reportlab.lib.utils.Image is Image,
      uharfbuzz is sys.modules["uharfbuzz"],
      hasattr(Image, "__file__"), sorted(type(m).__name__ for m in sys.modules.values()
                                         if type(m).__name__ == "Deferred"))
"""
    assert _program(code, TINY) == "module module True True True True []"


def test_a_programs_own_pillow_limit_holds_after_a_build(tmp_path):
    Image.new("RGB", (40, 40)).save(tmp_path / "40.png")  # 1,600 pixels
    code = """
import sys, briefgen
briefgen.build(sys.argv[1], formats=("pdf",))
from PIL import Image
Image.MAX_IMAGE_PIXELS = 100  # a decompression bomb above 200 pixels
try:
    Image.open(sys.argv[2]).load()
    print("opened")
except Image.DecompressionBombError:
    print("refused")
"""
    assert _program(code, TINY, tmp_path / "40.png") == "refused"


def test_a_programs_mock_of_pillow_is_used_after_a_build(tmp_path):
    code = """
import sys, briefgen
from unittest import mock
briefgen.build(sys.argv[1], formats=("pdf",))
with mock.patch("PIL.Image.open") as fake_open:
    from PIL import Image
    Image.open(sys.argv[2])
print(fake_open.call_count)
"""
    assert _program(code, TINY, tmp_path / "missing.png") == "1"


# The stand-ins themselves, made as the command makes them (`defer()` before reportlab).
_STANDING = """
import sys
from briefgen.speedups.deferred_modules import Deferred, defer
defer()
import reportlab.lib.utils as utils
from PIL import Image
assert isinstance(Image, Deferred) and utils.Image is Image, type(Image)
"""


def test_a_setting_made_on_a_stand_in_is_the_real_modules(tmp_path):
    Image.new("RGB", (40, 40)).save(tmp_path / "40.png")
    code = _STANDING + """
Image.MAX_IMAGE_PIXELS = 100  # set on the stand-in, before its code ran
real = sys.modules["PIL.Image"]
assert type(real) is type(sys) and real is Image and real.MAX_IMAGE_PIXELS == 100
try:
    utils.Image.open(sys.argv[1]).load()
    print("opened")
except real.DecompressionBombError:
    print("refused")
real.MAX_IMAGE_PIXELS = 7  # set on the real module: the stand-in reads the same
print(Image.MAX_IMAGE_PIXELS, utils.Image.MAX_IMAGE_PIXELS)
del Image.MAX_IMAGE_PIXELS
print(hasattr(real, "MAX_IMAGE_PIXELS"), isinstance(Image.new("L", (1, 1)), real.Image))
"""
    assert _program(code, tmp_path / "40.png").split("\n") == ["refused", "7 7", "False True"]


def test_a_mock_through_a_stand_in_reaches_every_user_and_is_undone():
    code = _STANDING + """
from unittest import mock
with mock.patch("PIL.Image.open") as fake_open:
    from PIL import Image as again
    utils.Image.open("a.png")
    again.open("b.png")
    import PIL.Image
    PIL.Image.open("c.png")
real = sys.modules["PIL.Image"]
print(fake_open.call_count, real.open.__module__, utils.Image.open is real.open)
"""
    assert _program(code) == "3 PIL.Image True"


def test_threads_using_the_stand_ins_at_once_get_one_real_module_each():
    code = _STANDING + """
import importlib, threading
import uharfbuzz as hb_stand_in
start = threading.Barrier(6)
found = []
def use(how):
    start.wait()
    found.append(how())
hows = [lambda: importlib.import_module("PIL.ImageFont").Image.Image,
        lambda: importlib.import_module("PIL.PngImagePlugin").Image.Image,
        lambda: utils.Image.Image, lambda: Image.new("L", (1, 1)).__class__,
        lambda: hb_stand_in.Buffer, lambda: importlib.import_module("uharfbuzz").Buffer]
threads = [threading.Thread(target=use, args=(how,)) for how in hows]
for t in threads: t.start()
for t in threads: t.join(60)
real, hb = sys.modules["PIL.Image"], sys.modules["uharfbuzz"]
pillow = [c for c in found if c is not hb.Buffer]
print(len(found), len(pillow), all(c is real.Image for c in pillow), isinstance(real, Deferred),
      isinstance(hb, Deferred), real.__file__.endswith("Image.py"))
"""
    assert _program(code) == "6 4 True False False True"
