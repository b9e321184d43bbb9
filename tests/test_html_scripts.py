"""Right-to-left text in the HTML brief: an Arabic or Hebrew brief is `dir="rtl"` with its looks
mirrored; in an English brief a right-to-left paragraph, item or cell takes `dir="rtl"`. Read
back as markup, through the Nu HTML Checker, and in Chromium (where the text sits, axe-core)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import tool
from test_docx_scripts import BRIEFS, _facts_texts, briefs_in, canonical_words
from test_html_browser import PHONE, VNU, _axe, _open, _required, browser  # noqa: F401

from briefgen.pipeline import build

SEED = Path(__file__).resolve().parent.parent / "facts" / "japan-nato-mission.yaml"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    return briefs_in(tmp_path_factory.mktemp("html-scripts"), "html")


@pytest.mark.parametrize(("name", "tag"), [("rtl-arabic-brief", "ar"), ("hebrew-brief", "he")])
def test_a_right_to_left_brief_is_dir_rtl_with_its_looks_mirrored(pages, name, tag):
    """The document is right to left, and no look keeps a left where a right-to-left page
    needs a right: labels, cells, lists and the quote start at the right; only a block of
    Latin text (the reference) is dir="ltr", with its left-to-right look."""
    html = pages[name].read_text("utf-8")
    assert f'<html lang="{tag}" dir="rtl">' in html
    body = html.split("<body", 1)[1]
    for element in re.findall(r"<[^>]*(?:text-align:left|margin-left|padding-left)[^>]*>", body):
        assert ' dir="ltr"' in element, element
    assert re.findall(r'<(\w+)[^>]* dir="ltr"[^>]*>([^<]*)', body) == [
        ("td", "GAT/2023/088" if tag == "ar" else "POL/2022/025")]
    assert "text-align:right" in html and "padding-right" in html
    assert ' dir="rtl"' not in body  # the page says it once


def test_an_english_brief_marks_its_right_to_left_blocks(pages):
    """In the mixed brief the Arabic key point, timeline event and quote are dir="rtl", the
    English ones are not, and the page is left to right."""
    html = pages["mixed-arabic-english"].read_text("utf-8")
    assert '<html lang="en">' in html
    marked = re.findall(r'<(\w+)[^>]* dir="rtl"[^>]*>([^<]{0,12})', html)
    starts = {(tag, text[:7]) for tag, text in marked}
    assert ("li", "الاتفاق") in starts and ("td", "إعلان ا") in starts
    assert any(tag == "p" and text.lstrip("“”").startswith("إن") for tag, text in marked)
    assert not any(text.startswith(("China", "Riyadh", "Saudi")) for _, text in marked)
    assert "<html" in html and 'dir="rtl"' not in html.split("<body", 1)[0]


def test_english_sources_in_a_hebrew_brief_read_in_their_own_direction(tmp_path):
    """The seed's English facts with --language he: each English list item and paragraph is
    dir="ltr" in the right-to-left page, the Hebrew words are not; each source entry's parts
    (publisher, title, date, link) are isolated, each read in its own direction."""
    html = build(SEED, formats=("html",), language="he").outputs["html"].decode()
    assert '<html lang="he" dir="rtl">' in html
    # each source is in the page's direction, its parts each an isolated left-to-right piece
    sources = re.findall(r'<li id="source-\d+"[^>]*>\[\d+\] \u2068(\w)', html)
    assert sources and all("A" <= c <= "z" for c in sources)
    assert re.search(r'<h2[^>]*>עיקרי הדברים</h2>', html)  # in the page's direction
    assert re.search(r'<li[^>]* dir="ltr"[^>]*>The mission', html)


def test_the_hindi_brief_has_no_direction_of_its_own(pages):
    assert ' dir="' not in pages["mixed-hindi-english"].read_text("utf-8")


def test_the_nu_html_checker_finds_nothing(pages):
    done = subprocess.run([tool("java"), "-jar", str(_required(VNU)), "--format", "json",
                           *map(str, pages.values())], capture_output=True, text=True,
                          timeout=300, check=False)
    report = json.loads(done.stderr or done.stdout)
    assert report["messages"] == [] and done.returncode == 0


@pytest.mark.parametrize("name", BRIEFS)
def test_in_the_browser(pages, browser, name):  # noqa: F811
    """At a phone's width nothing scrolls sideways (a right-to-left item's bullet stays on the
    page); axe-core finds nothing; the text shown holds every word of the facts."""
    page, _ = _open(browser, pages[name], PHONE)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
        assert _axe(page) == []
        shown = canonical_words(page.inner_text("body"))
    finally:
        page.close()
    for text in _facts_texts(name):
        assert canonical_words(text) - shown == {}, text


def _edges(page, selector: str) -> tuple[float, float]:
    box = page.evaluate(f"""(() => {{ const r = document.createRange();
        r.selectNodeContents(document.querySelector({json.dumps(selector)}));
        const b = r.getBoundingClientRect(); return [b.left, b.right]; }})()""")
    return box[0], box[1]


def test_right_to_left_text_starts_at_the_right(pages, browser):  # noqa: F811
    """In Chromium the Arabic brief's masthead ends at the column's right edge; in the mixed
    brief the Arabic item ends at the right, the English one starts at the left."""
    page, _ = _open(browser, pages["rtl-arabic-brief"], 800)
    try:
        column = page.evaluate("(() => { const b = document.querySelector('.brief')"
                               ".getBoundingClientRect(); return [b.left, b.right]; })()")
        left, right = _edges(page, "main h1")
        assert right > column[1] - 40 and left > column[0] + 200
    finally:
        page.close()
    page, _ = _open(browser, pages["mixed-arabic-english"], 800)
    try:
        items = page.query_selector_all("main li")
        arabic = next(i for i, li in enumerate(items) if li.get_attribute("dir") == "rtl")
        _, arabic_right = _edges(page, f"main ul li:nth-of-type({arabic + 1})")
        english_left, english_right = _edges(page, "main ul li:nth-of-type(1)")
        assert arabic_right > english_right + 50 and english_left < arabic_right - 300
    finally:
        page.close()

