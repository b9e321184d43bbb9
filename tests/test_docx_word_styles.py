"""The DOCX is styled the way a Word user restyles it: spacing, sizes and colours live in named
paragraph and character styles, not on each paragraph and run, and line heights are "at least"
the PDF's, so a larger font in a style grows its lines instead of overlapping the next ones.

The LibreOffice tests lay the DOCX out (soffice --convert-to pdf, one call per test) and read the
lines' boxes back with pdftotext -bbox-layout.
"""

from __future__ import annotations

import io
import re
import statistics
import zipfile
from pathlib import Path

import docx
from conftest import FACTS_DIR, run_tool, soffice_to_pdf
from docx.shared import Pt
from lxml import etree

from briefgen.pipeline import build

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FACTS = FACTS_DIR / "japan-nato-mission.yaml"
# Chinese, Japanese and Korean (printed in WenQuanYi Micro Hei) and symbols DejaVu Sans prints,
# beside Latin text: lines holding a fallback font, whose own line height differs from the theme
# font's.
CJK_FACTS = """\
title: 日本とNATOの協力 — Japan and NATO 협력
date: 2025-02-03
memo:
  to: Director, Indo-Pacific Affairs
  classification: UNCLASSIFIED
summary: >-
  日本は2025年1月、北大西洋条約機構（NATO）に独立した外交使節団を開設した。これは地域外の
  パートナーシップを深めるものである。 The move ✓ deepens → NATO's oldest partnership;
  中国和俄罗斯的安全环境正在变化。한국도 관심을 보이고 있다.
key_points:
  - 東京は欧州とインド太平洋の安全保障は不可分だと主張している。Tokyo argues ✓ that security ≈ indivisible.
  - 北京对此表示关注，认为这一举措将加剧地区紧张局势。
  - 서울은 이 결정을 환영하며 협력 확대를 기대한다고 밝혔다.
  - Plain English key point for comparison, long enough to wrap onto a second line of the brief.
quotes:
  - text: 「欧州とインド太平洋の安全保障は不可分である」
    speaker: 岸田文雄
    role: 首相
"""


def document_xml(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def cjk_facts(tmp_path: Path) -> Path:
    path = tmp_path / "cjk.yaml"
    path.write_text(CJK_FACTS, encoding="utf-8")
    return path


# -- the XML --------------------------------------------------------------------------------------


def test_no_body_paragraph_or_run_carries_spacing_size_colour_or_indent() -> None:
    for facts in sorted(FACTS_DIR.glob("*.y*ml")):
        root = document_xml(build(facts, ("docx",)).outputs["docx"])
        assert len(list(root.iter(f"{W}p"))) >= 8, facts.name
        for tag in ("spacing", "sz", "szCs", "color", "ind"):
            assert [e for e in root.iter(W + tag)] == [], (facts.name, tag)


def test_runs_name_a_character_style_for_citations_links_and_speakers() -> None:
    root = document_xml(build(FACTS_DIR / "eu-china-ev-duties.yaml", ("docx",)).outputs["docx"])
    run_styles = [r.find(f"{W}rPr/{W}rStyle") for r in root.iter(f"{W}r")]
    named = {s.get(f"{W}val") for s in run_styles if s is not None}
    assert named == {"BriefCitation", "Hyperlink", "BriefSpeaker"}
    for link in root.iter(f"{W}hyperlink"):
        for r in link.iter(f"{W}r"):
            assert r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Hyperlink"
    # the speaker's bold is the character style's, not the run's
    speaker = next(r for r, s in zip(root.iter(f"{W}r"), run_styles)
                   if s is not None and s.get(f"{W}val") == "BriefSpeaker")
    assert speaker.find(f"{W}rPr/{W}b") is None
    assert "".join(speaker.itertext()) == "Ursula von der Leyen"
    cites = [r for r, s in zip(root.iter(f"{W}r"), run_styles)
             if s is not None and s.get(f"{W}val") == "BriefCitation"]
    assert cites and all(re.fullmatch(r" ?\[\d+(, ?\d+)*\]", "".join(r.itertext()))
                         for r in cites), ["".join(r.itertext()) for r in cites]


def test_a_run_in_a_fallback_font_still_names_that_font(tmp_path: Path) -> None:
    root = document_xml(build(cjk_facts(tmp_path), ("docx",)).outputs["docx"])
    named = {}
    for r in root.iter(f"{W}r"):
        fonts = r.find(f"{W}rPr/{W}rFonts")
        if fonts is not None:
            named.setdefault(fonts.get(f"{W}ascii"), []).append("".join(r.itertext()))
    assert set(named) == {"WenQuanYi Micro Hei", "DejaVu Sans"}
    assert "北京对此表示关注，认为这一举措将加剧地区紧张局势。" in named["WenQuanYi Micro Hei"]
    assert "✓" in "".join(named["DejaVu Sans"])
    # every font briefgen prints fits the default leading: no paragraph keeps an exact line
    assert list(root.iter(f"{W}spacing")) == []


def test_a_font_taller_than_the_line_keeps_its_paragraph_exact(tmp_path: Path) -> None:
    # leading 1.0: WenQuanYi Micro Hei (1.172 em) is taller than the line, Liberation Sans is
    # too (1.15 em): the styles and the paragraphs holding CJK runs keep exact line heights
    template = tmp_path / "tight"
    template.mkdir()
    default = FACTS_DIR.parent / "templates" / "default"
    (template / "brief.xml.j2").write_text((default / "brief.xml.j2").read_text("utf-8"),
                                           encoding="utf-8")
    (template / "theme.yaml").write_text("leading: 1.0\n", encoding="utf-8")
    data = build(cjk_facts(tmp_path), ("docx",), template=str(template)).outputs["docx"]
    styles = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml"))
    rules = {s.get(f"{W}styleId"): s.find(f"{W}pPr/{W}spacing").get(f"{W}lineRule")
             for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") in ("Normal", "Heading1")}
    assert rules == {"Normal": "exact", "Heading1": "exact"}
    exact = [p for p in document_xml(data).iter(f"{W}p")
             if p.find(f"{W}pPr/{W}spacing") is not None]
    texts = ["".join(p.itertext()) for p in exact]
    assert any("北京对此表示关注" in t for t in texts)
    assert all(p.find(f"{W}pPr/{W}spacing").get(f"{W}lineRule") == "exact" for p in exact)
    assert not any(t.startswith("Plain English") for t in texts)


# -- laid out by LibreOffice --------------------------------------------------------------------


def lines(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Every line LibreOffice drew: (page, xMin, yMin, xMax, yMax, text)."""
    root = etree.fromstring(run_tool("pdftotext", "-bbox-layout", pdf, "-").stdout.encode(),
                            etree.XMLParser(recover=True))
    found = []
    for number, page in enumerate(root.iter("{*}page")):
        for line in page.iter("{*}line"):
            text = " ".join(word.text or "" for word in line.iter("{*}word"))
            found.append((number, *(float(line.get(k)) for k in ("xMin", "yMin", "xMax",
                                                                  "yMax")), text))
    return found


# pdftotext's line boxes are as tall as the fonts' bounding boxes (1.295 em for Liberation
# Sans), taller than the text's own ascent and descent (1.117 em, 86% of it): lines set one
# plain line apart touch theirs. A line's text is its box shrunk to 86% around its middle.
TEXT_HEIGHT = 0.86


def text_box(line: tuple) -> tuple[float, float]:
    """The top and bottom of a line's text."""
    middle, half = (line[2] + line[4]) / 2, (line[4] - line[2]) * TEXT_HEIGHT / 2
    return middle - half, middle + half


def overlaps(found: list) -> list[tuple[str, str, float]]:
    """The pairs of lines whose text intersects (by more than a hundredth of a point)."""
    pairs = []
    for i, line in enumerate(found):
        top, bottom = text_box(line)
        for other in found[i + 1:]:
            other_top, other_bottom = text_box(other)
            shared = min(bottom, other_bottom) - max(top, other_top)
            if other[0] == line[0] and min(line[3], other[3]) - max(line[1], other[1]) > 0.01 \
                    and shared > 0.01:
                pairs.append((line[5], other[5], round(shared, 2)))
    return pairs


def line_of(found: list, pattern: str) -> int:
    return next(i for i, line in enumerate(found) if re.fullmatch(pattern, line[5]))


def height(line: tuple) -> float:
    return line[4] - line[2]


def restyle_as_a_word_user(source: Path, target: Path) -> None:
    """Heading 1 16 pt with 18 pt space before, and the body style (Normal) 13 pt: through the
    styles only, as Word's Modify Style dialog does."""
    document = docx.Document(str(source))
    heading = document.styles["Heading 1"]
    heading.font.size = Pt(16)
    heading.paragraph_format.space_before = Pt(18)
    document.styles["Normal"].font.size = Pt(13)
    document.save(str(target))


def test_a_word_user_restyles_heading_and_body_and_nothing_overlaps(tmp_path: Path) -> None:
    plain, edited = tmp_path / "plain.docx", tmp_path / "edited.docx"
    plain.write_bytes(build(FACTS, ("docx",)).outputs["docx"])
    restyle_as_a_word_user(plain, edited)
    # styles that take their size from Normal, given one of their own (with exact line heights,
    # as before, these overlapped: 21 pairs of lines in this brief)
    lists = tmp_path / "lists.docx"
    document = docx.Document(str(plain))
    for name in ("List Bullet", "Brief Bottom Line", "Quote"):
        document.styles[name].font.size = Pt(13)
    document.save(str(lists))
    converted = soffice_to_pdf([plain, edited, lists], tmp_path / "lo", tmp_path / "profile")
    before, after = lines(converted[plain]), lines(converted[edited])
    assert len(before) > 50 and before[-1][0] == 0  # one page, as the PDF
    assert overlaps(before) == []
    assert overlaps(after) == []
    assert overlaps(lines(converted[lists])) == []
    # the change shows: headings 16/9.5 and the summary 13/9.5 times as tall (the fit printed
    # this brief at 9.5 pt), with at least 18 pt above the heading
    for pattern, size in (("KEY POINTS", 16), ("TIMELINE", 16), ("Japan opened a .*", 13)):
        old, new = before[line_of(before, pattern)], after[line_of(after, pattern)]
        assert abs(height(new) / height(old) - size / 9.5) < 0.04, (pattern, old, new)
    i, j = line_of(before, "KEY POINTS"), line_of(after, "KEY POINTS")
    gap_before = text_box(before[i])[0] - text_box(before[i - 1])[1]
    gap_after = text_box(after[j])[0] - text_box(after[j - 1])[1]
    assert gap_after >= 18 and gap_after > gap_before + 10, (gap_before, gap_after)
    assert after[-1][0] >= 1  # larger text takes more room: the brief runs on


def test_at_least_lays_out_the_lines_exact_heights_did(tmp_path: Path) -> None:
    # the unedited DOCX, laid out by LibreOffice, against the same DOCX with every style's line
    # height exact (as before): the same lines on the same pages at the same heights, CJK and
    # fallback-font lines included (their fonts' own line heights fit the leading)
    made = []
    for name, facts in (("nato", FACTS), ("cjk", cjk_facts(tmp_path))):
        data = build(facts, ("docx",)).outputs["docx"]
        (tmp_path / f"{name}.docx").write_bytes(data)
        styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")
        assert styles.count(b'w:lineRule="atLeast"') >= 6
        with zipfile.ZipFile(io.BytesIO(data)) as source, \
                zipfile.ZipFile(tmp_path / f"{name}-exact.docx", "w") as target:
            for item in source.infolist():
                blob = source.read(item)
                if item.filename == "word/styles.xml":
                    blob = blob.replace(b'w:lineRule="atLeast"', b'w:lineRule="exact"')
                target.writestr(item, blob)
        made += [tmp_path / f"{name}.docx", tmp_path / f"{name}-exact.docx"]
    converted = soffice_to_pdf(made, tmp_path / "lo", tmp_path / "profile")
    for name in ("nato", "cjk"):
        at_least = lines(converted[tmp_path / f"{name}.docx"])
        exact = lines(converted[tmp_path / f"{name}-exact.docx"])
        assert [(line[0], line[5]) for line in at_least] == \
            [(line[0], line[5]) for line in exact], name
        shifts = [a[2] - e[2] for a, e in zip(at_least, exact)]
        # "at least" puts a line's spare room above its text, not below: every line moves by
        # the same fraction of a point, and none drifts further down the page
        assert all(0 <= shift <= 0.5 for shift in shifts), (name, shifts)
        assert statistics.pstdev(shifts) < 0.15, (name, shifts)
        assert overlaps(at_least) == []
