"""The HTML brief in a real browser, a real validator and a real accessibility checker.

Debian's Chromium, driven by Playwright (never its own browser download), opens every facts
file's brief for every audience, the French and German house briefs and hostile ones: at a
phone's 375 px nothing scrolls sideways, the page asks for nothing outside itself, axe-core
(from npm, injected into the page) finds no violation of any rule it runs by default (WCAG 2
A and AA and its best practices), and the text the DOM shows is the PDF's, word for word.
Screenshots at desktop and phone width are taken and checked for drawn text. The W3C Nu HTML
Checker (vnu.jar, from npm, on Java) reads every file in one call and reports nothing. Each
tool is required: a missing one fails these tests (`bash scripts/install.sh` installs them).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import FACTS_DIR, FACTS_FILES, ROOT, pdf_text, tool, words
from PIL import Image
from test_hostile import Corpus
from test_writer_markdown import cli, pdf_words

from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.input.facts import load_facts
from briefgen.input.text import one_line
from briefgen.layout.laid_out import lay_out
from briefgen.writers import html as html_writer

CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright never downloads a browser here
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PHONE, DESKTOP = 375, 1024
AUDIENCES = (None, "executive", "analyst", "press")
HOUSE = ROOT / "examples" / "house"
HOUSE_FILES = ("retraites-2023.yaml", "ahrtal-flut-2021.yaml")
SEED = FACTS_DIR / "japan-nato-mission.yaml"


def _stem(facts: str, audience: str | None) -> str:
    return Path(facts).stem + (f"-{audience}" if audience else "")


# hostile facts: markup and scripts in facts, bidi controls, words and addresses too long for
# a phone's line
HOSTILE_PAGES = ("32-script", "33-img-tags", "114-bidi-override", "39-long-word",
                 "40-long-url-in-table", "41-long-source-url")
PAGES = [_stem(f, a) for f in FACTS_FILES for a in AUDIENCES] + \
    [Path(f).stem for f in HOUSE_FILES] + list(HOSTILE_PAGES) + \
    ["japan-nato-mission-fr", "retraites-2023-en", "long-label", "japan-nato-mission-logo"] + \
    ["long-to", "long-to-300"]
# a TO line of one long unbroken address (a distribution list), and of 300 characters: the
# TO/FROM table must wrap it, not grow wider than a phone
LONG_TO = {"long-to": "IndoPacificAffairsDistributionList@ForeignMinistry.example.gov",
           "long-to-300": "C" * 300}


# a template's own header label, long, and a long marking: a phone must wrap them
LONG_LABEL = d.Document("TOP SECRET//SPECIAL-ACCESS-REQUIRED//ORCON/NOFORN", (d.Section(None, (
    d.Paragraph((d.Run("NOTE FOR THE BOARD OF DIRECTORS"),), "masthead"),
    d.Fields((("Date of release to the public and the press", (d.Run("3 February 2025"),)),
              ("TO", (d.Run("Everyone"),)))))),), title="Long label")
THEME = Theme()


def _required(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `npm ci` (scripts/install.sh does)", pytrace=False)
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    """Every page of PAGES, built into one folder with the command line (and the PDFs)."""
    out = tmp_path_factory.mktemp("html")
    for name in FACTS_FILES:
        marking = load_facts(FACTS_DIR / name).memo.classification
        release = ["--allow-classification", marking] if marking else []
        audiences = [a for audience in AUDIENCES[1:] for a in ("-a", audience)]
        for args in ([], audiences):
            code, _, err = cli(str(FACTS_DIR / name), "-o", str(out), "-f", "html", "-f", "pdf",
                               *args, *release)
            assert code == 0, err
    code, _, err = cli(*(str(HOUSE / f) for f in HOUSE_FILES), "-t", str(HOUSE / "ministere"),
                       "-o", str(out), "-f", "html")
    assert code == 0, err
    corpus = Corpus(tmp_path_factory.mktemp("corpus"))
    hostile = [str(corpus.path(f"{name}.yaml")) for name in HOSTILE_PAGES]
    code, _, err = cli(*hostile, "-o", str(out), "-f", "html")
    assert code == 0, err
    french = out / "fr"
    code, _, err = cli(str(SEED), "-o", str(french), "-f", "html", "--language", "fr")
    assert code == 0, err
    (french / "japan-nato-mission.html").rename(out / "japan-nato-mission-fr.html")
    english = out / "en"  # French facts in an English brief: the facts' text marked French
    code, _, err = cli(str(HOUSE / "retraites-2023.yaml"), "-t", str(HOUSE / "ministere"),
                       "-o", str(english), "-f", "html", "--language", "en")
    assert code == 0, err
    (english / "retraites-2023.html").rename(out / "retraites-2023-en.html")
    folder = tmp_path_factory.mktemp("logo")  # a template folder whose theme has a logo
    Image.new("RGB", (90, 30), (31, 56, 100)).save(folder / "logo.png")
    (folder / "theme.yaml").write_text("logo: logo.png\nlogo_height: 24\n", "utf-8")
    code, _, err = cli(str(SEED), "-t", str(folder), "-o", str(out / "logo"), "-f", "html")
    assert code == 0, err
    (out / "logo" / "japan-nato-mission.html").rename(out / "japan-nato-mission-logo.html")
    (out / "long-label.html").write_bytes(html_writer.write(lay_out(LONG_LABEL, THEME)))
    for name, to in LONG_TO.items():
        facts = folder / f"{name}.yaml"
        facts.write_text(f"title: A memo to a list\ndate: 2025-02-03\nmemo:\n  to: {to}\n"
                         "  from: Regional Security Desk\nsummary: Sent to a list.\n", "utf-8")
        code, _, err = cli(str(facts), "-o", str(out), "-f", "html")
        assert code == 0, err
    assert sorted(p.stem for p in out.glob("*.html")) == sorted(PAGES)
    return out


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the whole module."""
    tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _axe(page) -> list[tuple]:
    """axe-core's violations on the page: every rule it runs by default."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(_required(AXE)))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]]


def _open(browser, path: Path, width: int):
    """A page at this width showing the file, and the list of every URL it requested."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path.as_uri())
    return page, requested


def test_the_nu_html_checker_finds_nothing(pages):
    """Every page through vnu.jar in one call: no error, no warning."""
    files = sorted(pages.glob("*.html"))
    done = subprocess.run([tool("java"), "-jar", str(_required(VNU)), "--format", "json",
                           *map(str, files)], capture_output=True, text=True, timeout=300,
                          check=False)
    report = json.loads(done.stderr or done.stdout)
    messages = [(Path(m.get("url", "")).name, m.get("type"), m.get("message"))
                for m in report["messages"]]
    assert messages == [], messages
    assert done.returncode == 0


@pytest.mark.parametrize("name", PAGES)
def test_each_page_in_the_browser(pages, browser, name):
    """At 375 px nothing scrolls sideways; the page requests nothing but itself; axe-core
    finds no violation."""
    path = pages / f"{name}.html"
    page, requested = _open(browser, path, PHONE)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
        assert page.evaluate("document.scripts.length") == 0
        assert _axe(page) == []
        assert requested == [path.as_uri()]
    finally:
        page.close()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_dom_text_is_the_pdf_s(pages, browser, audience):
    """The text Chromium lays out (innerText, capitals as shown) is the PDF's, word for word;
    at desktop width too, axe-core finds nothing."""
    stem = _stem("japan-nato-mission.yaml", audience)
    page, _ = _open(browser, pages / f"{stem}.html", DESKTOP)
    try:
        shown = page.inner_text("body")
        assert _axe(page) == []
    finally:
        page.close()
    marking = load_facts(SEED).memo.classification
    assert words(shown) == pdf_words(pages / f"{stem}.pdf", one_line(marking))
    headings = [line.strip() for line in pdf_text(pages / f"{stem}.pdf").splitlines()]
    assert "TIMELINE" in headings and "TIMELINE" in shown.splitlines()  # text-transform shown


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_screenshots_show_the_brief_within_the_width(pages, browser, tmp_path, width):
    """A full-page screenshot is exactly the viewport wide (nothing sticks out), long enough
    for the whole brief, and shows dark text and the theme's accent colour."""
    page, _ = _open(browser, pages / "japan-nato-mission-press.html", width)
    try:
        shot = tmp_path / f"press-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
    finally:
        page.close()
    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        assert rgb.width == width and rgb.height > 900
        colours = rgb.getcolors(maxcolors=1 << 20)
    dark = sum(n for n, (r, g, b) in colours if max(r, g, b) < 80)
    accent = sum(n for n, (r, g, b) in colours if (r, g, b) == (0x1F, 0x38, 0x64))
    assert dark > 2000 and accent > 200


def test_a_script_in_a_fact_is_printed_and_never_run(pages, browser):
    page, _ = _open(browser, pages / "32-script.html", DESKTOP)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.reload()
        shown = page.inner_text("body")
        assert page.evaluate("document.scripts.length") == 0
    finally:
        page.close()
    assert "<script>alert(1)</script>" in shown and dialogs == []


def test_a_brief_in_another_language_says_so(pages, browser):
    page, _ = _open(browser, pages / "japan-nato-mission-fr.html", DESKTOP)
    try:
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert "DESTINATAIRE" in page.inner_text("body")
    finally:
        page.close()
