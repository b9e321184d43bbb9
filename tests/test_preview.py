"""`-f png`: a picture of each page of the PDF brief, read back with Pillow: its size from the
page and the resolution, dark pixels where the PDF prints text and none in the margins, the same
bytes on every rebuild, `brief.png` then `brief-2.png` for a longer brief, and no stale picture
of a page the brief no longer has: only the pictures briefgen wrote for that brief (they carry
its mark), never another brief's or a user's, and never a pipe or a link opened on the way."""

from __future__ import annotations

import io
import math
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FACTS_DIR, SEED
from PIL import Image
from pypdf import PdfReader

import briefgen
from briefgen.edge.cli import run

DPI = 120
LONG = "crowded.yaml"  # two pages with --pages 2


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def chunks(data: bytes) -> list[bytes]:
    """The PNG's chunk types, in order."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    names, at = [], 8
    while at < len(data):
        length, = struct.unpack(">I", data[at:at + 4])
        names.append(data[at + 4:at + 8])
        at += 12 + length
    return names


def text_boxes(pdf: Path) -> list[tuple[str, float, float, float]]:
    """Each text run pypdf reads on page 1: (text, x, y from the top, size), in points."""
    page = PdfReader(pdf).pages[0]
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x, height - y, size * abs(tm[3] or 1) * abs(cm[3] or 1)))

    page.extract_text(visitor_text=visit)
    return found


def picture(path: Path) -> Image.Image:
    """The PNG at path, read whole (no file left open)."""
    image = Image.open(io.BytesIO(path.read_bytes()))
    image.load()
    return image


def dark(image: Image.Image, box: tuple[float, float, float, float]) -> int:
    """How many pixels in a box (in points) are dark (text)."""
    scale = DPI / 72
    crop = image.convert("L").crop(tuple(round(v * scale) for v in box))
    return sum(crop.histogram()[:128])


def test_png_alone_writes_one_picture_of_the_page(capsys, tmp_path: Path) -> None:
    code, out, err = cli(capsys, "build", FACTS_DIR / SEED, "-f", "png", "-o", tmp_path)
    assert code == 0, err
    stem = Path(SEED).stem
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{stem}.png"]  # no PDF
    assert out.split() == [str(tmp_path / f"{stem}.png")]
    data = (tmp_path / f"{stem}.png").read_bytes()
    assert chunks(data) == [b"IHDR", b"tEXt", b"iTXt"] + [b"IDAT"] * (len(chunks(data)) - 4) + [
        b"IEND"]
    assert picture(tmp_path / f"{stem}.png").text == {"Software": "briefgen",
                                                      "Title": f"{stem}.png, page 1"}
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.size == (612 * DPI // 72, 792 * DPI // 72)  # Letter at 120 dpi


def test_the_picture_shows_the_text_where_the_pdf_prints_it(tmp_path: Path) -> None:
    code = run(["build", str(FACTS_DIR / SEED), "-f", "pdf", "-f", "png", "-o", str(tmp_path)])
    assert code == 0
    stem = Path(SEED).stem
    image = picture(tmp_path / f"{stem}.png")
    runs = text_boxes(tmp_path / f"{stem}.pdf")
    assert len(runs) > 20
    inked = 0
    for text, x, baseline, size in runs:
        if len(text) >= 8:
            assert dark(image, (x, baseline - size * 0.8, x + size * 3, baseline)) > 0, text
            inked += 1
    assert inked > 10
    # the left margin (36 pt here, nothing printed) is white
    assert dark(image, (0, 0, 30, 792)) == 0
    assert image.convert("L").getextrema()[0] < 50  # and the text is black, not grey


def test_a4_paper_gives_an_a4_picture(capsys, tmp_path: Path) -> None:
    code, _, err = cli(capsys, "build", FACTS_DIR / "tiny.yaml", "-f", "png", "--paper", "a4",
                       "-o", tmp_path)
    assert code == 0, err
    width, height = picture(tmp_path / "tiny.png").size
    # PDFium rounds a part pixel up: 992.1 x 1403.1
    assert (width, height) == (math.ceil(595.2756 * DPI / 72), math.ceil(841.8898 * DPI / 72))


def test_rebuilds_give_the_same_bytes_and_reuse_the_pdf(tmp_path: Path) -> None:
    first = briefgen.build(FACTS_DIR / SEED, formats=["png"])
    both = briefgen.build(FACTS_DIR / SEED, formats=["pdf", "png"])
    briefgen.clear_caches()
    again = briefgen.build(FACTS_DIR / SEED, formats=["png"])
    assert isinstance(first["png"], tuple) and len(first["png"]) == 1
    assert first["png"] == both["png"] == again["png"]
    assert "pdf" not in first
    assert both["pdf"] == briefgen.build(FACTS_DIR / SEED, formats=["pdf"])["pdf"]


def test_the_pdf_is_drawn_once_when_both_are_written(monkeypatch) -> None:
    from briefgen.writers import pdf

    calls = []
    real = pdf.write
    monkeypatch.setattr(pdf, "write", lambda laid_out: calls.append(1) or real(laid_out))
    briefgen.build(FACTS_DIR / "tiny.yaml", formats=["pdf", "png"])
    assert len(calls) == 1


def test_a_longer_brief_gives_a_picture_a_page_and_drops_stale_ones(capsys,
                                                                     tmp_path: Path) -> None:
    code, out, err = cli(capsys, "build", FACTS_DIR / LONG, "-f", "png", "-f", "pdf",
                         "--pages", "2", "-o", tmp_path)
    assert code == 0, err
    assert len(PdfReader(tmp_path / "crowded.pdf").pages) == 2
    assert {p.name for p in tmp_path.iterdir()} == {"crowded.pdf", "crowded.png",
                                                    "crowded-2.png"}
    assert str(tmp_path / "crowded-2.png") in out.split()
    one, two = (picture(tmp_path / n) for n in ("crowded.png", "crowded-2.png"))
    assert one.size == two.size == (1020, 1320)
    assert one.tobytes() != two.tobytes()
    assert dark(two, (36, 36, 576, 756)) > 1000  # page 2 has text too
    (tmp_path / "crowded-3.png").write_bytes(b"not a picture of ours")
    code, out, err = cli(capsys, "build", FACTS_DIR / LONG, "-f", "png", "-o", tmp_path)
    assert code == 0, err
    assert not (tmp_path / "crowded-2.png").exists()  # page 2 is gone with the page
    assert (tmp_path / "crowded-3.png").read_bytes() == b"not a picture of ours"
    assert out.split() == [str(tmp_path / "crowded.png")]


def test_a_later_page_name_taken_by_another_brief_is_refused(capsys, tmp_path: Path) -> None:
    shutil.copy(FACTS_DIR / "tiny.yaml", tmp_path / "memo.yaml")
    shutil.copy(FACTS_DIR / "tiny.yaml", tmp_path / "memo-2.yaml")
    out = tmp_path / "out"
    code, _, err = cli(capsys, "build", tmp_path / "memo.yaml", tmp_path / "memo-2.yaml",
                       "-f", "png", "-o", out)
    assert code == 1
    assert err.splitlines() == [
        f"error: {tmp_path / 'memo-2.yaml'}: output {out / 'memo-2.png'} is also the name of "
        f"page 2 of the pictures of {tmp_path / 'memo.yaml'}; build them into separate folders"]
    assert sorted(p.name for p in out.iterdir()) == ["memo.png"]
    code, _, err = cli(capsys, "build", tmp_path / "memo.yaml", tmp_path / "memo-2.yaml",
                       "-f", "pdf", "-o", out)
    assert code == 0, err


def test_bad_facts_write_no_picture(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: A title\n")
    code, out, err = cli(capsys, "build", bad, "-f", "png", "-o", tmp_path / "out")
    assert code == 1 and out == ""
    assert err.startswith(f"error: {bad}:") and len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_the_clean_up_deletes_only_the_pictures_of_that_brief(capsys, tmp_path: Path,
                                                               monkeypatch) -> None:
    """Another brief's picture (`memo-2.yaml`'s, an audience named `2`'s) and a user's own
    `report-2.png` beside `report.yaml` stay; the pictures carry which page of which brief."""
    out = tmp_path / "out"
    for name in ("memo.yaml", "memo-2.yaml"):
        shutil.copy(FACTS_DIR / "tiny.yaml", tmp_path / name)
    assert cli(capsys, "build", tmp_path / "memo-2.yaml", "-f", "png", "-o", out)[0] == 0
    kept = (out / "memo-2.png").read_bytes()
    assert picture(out / "memo-2.png").text["Title"] == "memo-2.png, page 1"
    assert cli(capsys, "build", tmp_path / "memo.yaml", "-f", "png", "-o", out)[0] == 0
    assert (out / "memo-2.png").read_bytes() == kept
    assert run(["init-template", str(tmp_path / "house")]) == 0
    shutil.copy(tmp_path / "house" / "audiences" / "board.yaml",
                tmp_path / "house" / "audiences" / "2.yaml")
    house = ("-t", tmp_path / "house", "-f", "png", "-o", tmp_path / "aud")
    assert cli(capsys, "build", tmp_path / "memo.yaml", "-a", "2", *house)[0] == 0
    assert cli(capsys, "build", tmp_path / "memo.yaml", *house)[0] == 0
    assert sorted(p.name for p in (tmp_path / "aud").iterdir()) == ["memo-2.png", "memo.png"]
    monkeypatch.chdir(tmp_path)
    shutil.copy(FACTS_DIR / "tiny.yaml", tmp_path / "report.yaml")
    Image.new("RGB", (30, 20), "red").save(tmp_path / "report-2.png")  # the user's chart
    chart = (tmp_path / "report-2.png").read_bytes()
    assert cli(capsys, "build", "report.yaml", "-f", "png")[0] == 0
    assert (tmp_path / "report-2.png").read_bytes() == chart


def test_a_pipe_or_a_link_at_a_later_page_name_is_never_opened(tmp_path: Path) -> None:
    """A named pipe, a link to one and a link to a terminal where stale pages are looked for:
    the build ends (it used to wait on the pipe for ever) and leaves them as they were."""
    shutil.copy(FACTS_DIR / "tiny.yaml", tmp_path / "memo.yaml")
    os.mkfifo(tmp_path / "memo-2.png")
    os.symlink("memo-2.png", tmp_path / "memo-3.png")
    os.symlink("/dev/tty", tmp_path / "memo-4.png")
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", "memo.yaml", "-f", "png"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "memo.png\n", done.stderr
    assert os.path.exists(tmp_path / "memo-2.png") and os.path.islink(tmp_path / "memo-3.png")
    assert os.readlink(tmp_path / "memo-4.png") == "/dev/tty"


def test_a_bidi_override_in_the_file_name_is_shown_as_its_code_in_the_title(capsys,
                                                                             tmp_path: Path):
    """A right-to-left override (U+202E) would make `file<RLO>lmth.png` read `file...html` in a
    viewer showing the Title; like the terminal's lines, the title shows its code instead."""
    facts = tmp_path / "file\u202elmth\u200b.yaml"
    shutil.copy(FACTS_DIR / "tiny.yaml", facts)
    code, _, err = cli(capsys, "build", facts, "-f", "png", "-o", tmp_path / "out")
    assert code == 0, err
    (made,) = (tmp_path / "out").iterdir()
    title = picture(made).text["Title"]
    assert title == "file\\u202Elmth\\u200B.png, page 1"
    assert not any(0x200B <= ord(c) <= 0x202E for c in title)
