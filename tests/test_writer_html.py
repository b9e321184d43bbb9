"""The HTML writer (`-f html`): every brief parsed back with lxml's HTML parser.

The elements a reader (and a screen reader) meets: the banner as a note at the top and the
bottom, one h1, the TO/FROM block as row headers, the sections as h2 in the PDF's order, lists,
tables with header cells only where they have headers, quotes with their attribution, citations
that link to numbered sources whose ids are unique. The text reads as the PDF's, word for word,
for every facts file and audience. Fact text, hostile or not, reads back exactly as typed and
never becomes markup; the file loads nothing from outside. The browser, the validator and
axe-core are `test_html_browser.py`'s.
"""

from __future__ import annotations

import base64
import contextlib
import io
import pickle
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from conftest import FACTS_DIR, FACTS_FILES, words
from PIL import Image
from test_hostile import EXPECTED, HOSTILE, Corpus, loose
from test_writer_markdown import NASTY, _printed, cli, dropped, laid_out, pdf_words

from briefgen.compose import document as d
from briefgen.edge.cli import run
from briefgen.input.facts import load_facts
from briefgen.input.text import one_line
from briefgen.layout.laid_out import lay_out
from briefgen.pipeline import design_for
from briefgen.writers import html as html_writer

SEED = FACTS_DIR / "japan-nato-mission.yaml"
AUDIENCES = (None, "executive", "analyst", "press")
BLOCKS = ("p", "li", "td", "th", "h1", "h2", "figcaption", "blockquote", "header", "footer")


# ---- reading HTML back --------------------------------------------------------------------------


def parse(data: bytes):
    return lxml.html.document_fromstring(data.decode("utf-8"))


def text_of(element) -> str:
    """The text a reader sees, each block on its own line (a copy: the tree is left alone)."""
    copy = lxml.html.fromstring(lxml.html.tostring(element))
    for block in copy.iter(*BLOCKS):
        block.text = "\n" + (block.text or "")
        block.tail = "\n" + (block.tail or "")
    return copy.text_content()


def built(tmp_path: Path, facts: Path, *args: str,
          formats=("html", "pdf")) -> tuple[dict[str, Path], str]:
    """Build with the command line: the files written, by extension, and the notes."""
    flags = [a for f in formats for a in ("-f", f)]
    code, out, err = cli(str(facts), "-o", str(tmp_path), *flags, *args)
    assert code == 0, err
    return {Path(line).suffix[1:]: Path(line) for line in out.splitlines()}, err


def one_section(*blocks: d.Block, banner: str | None = None, title: str = "Section") -> bytes:
    document = d.Document(banner, (d.Section(title, tuple(blocks)),))
    return html_writer.write(laid_out(document))


def self_contained(tree) -> None:
    """No script, no stylesheet or font from outside, no frame; every picture a data: URI and
    every link inside the page or to an http(s) or mailto address."""
    assert not tree.xpath("//script|//link|//iframe|//object|//embed|//base|//form")
    assert all(src.startswith("data:image/") for src in tree.xpath("//@src"))
    assert all(href.startswith(("#", "http://", "https://", "mailto:"))
               for href in tree.xpath("//@href"))
    assert all("url(" not in style and "@import" not in style
               for style in tree.xpath("//@style") + tree.xpath("//style/text()"))


# ---- the seed brief, element by element ---------------------------------------------------------


def test_the_seed_brief_reads_back_element_by_element(tmp_path):
    files, notes = built(tmp_path, SEED)
    data = files["html"].read_bytes()
    assert data.startswith(b"<!DOCTYPE html>\n<html lang=\"en\">\n")
    tree = parse(data)
    facts = load_facts(SEED)
    gone = dropped(notes)
    assert tree.xpath("//meta/@charset") == ["utf-8"]
    assert tree.xpath("//meta[@name='viewport']/@content") == [
        "width=device-width, initial-scale=1"]
    assert tree.findtext(".//title") == facts.title
    assert tree.xpath("//meta[@name='author']/@content") == [facts.memo.from_]
    assert tree.xpath("//meta[@name='description']/@content") == [facts.summary.split("\n")[0]]
    self_contained(tree)

    body = tree.body
    (column,) = body
    assert [child.tag for child in column] == ["header", "main", "footer"]
    for landmark in ("header", "footer"):
        (banner,) = column.find(landmark)
        assert (banner.tag, banner.get("role"), banner.text) == ("p", "note", "UNCLASSIFIED")
    assert not body.xpath("//h1|//h2|//h3")[0].xpath("ancestor::header")

    (h1,) = tree.xpath("//h1")
    assert h1.text_content() == "BRIEFING MEMO"  # no headline: the masthead tops the page
    assert [h.text_content() for h in tree.xpath("//h2")] == [
        "Bottom line", "Key points", "Timeline", "Key quotes", "By the numbers", "Outlook",
        "Sources"]
    fields = tree.xpath("//main/table")[0]
    assert [(th.get("scope"), th.text_content()) for th in fields.xpath(".//th")] == [
        ("row", "TO:"), ("row", "FROM:"), ("row", "DATE:"), ("row", "SUBJECT:")]
    assert [td.text_content() for td in fields.xpath(".//td")] == [
        "Director, Indo-Pacific Affairs", "Regional Security Desk", "3 February 2025",
        facts.title]

    points = tree.xpath("//h2[.='Key points']/following-sibling::*[1]")[0]
    assert points.tag == "ul"
    kept = [x for x in facts.key_points if x.path not in gone]
    assert [li.text_content() for li in points] == [
        x.text + " [" + ", ".join(map(str, sorted({_number(facts, gone, s) for s in x.sources})))
        + "]" for x in kept]

    timeline = tree.xpath("//h2[.='Timeline']/following-sibling::table[1]")[0]
    events = [x for x in facts.timeline if x.path not in gone]
    assert not timeline.xpath(".//thead") and not timeline.xpath(".//th[@scope='col']")
    dates = timeline.xpath(".//tr/th[@scope='row']")
    assert [th.text_content() for th in dates] == [x.date.label for x in events]
    assert [bool(th.xpath("i")) for th in dates] == [x.date.approximate for x in events]
    assert all(len(tr.xpath("td")) == 1 for tr in timeline.xpath(".//tr"))

    figures = tree.xpath("//h2[.='By the numbers']/following-sibling::table[1]")[0]
    assert not figures.xpath(".//th[@scope='col']")  # no header row: no column headers
    assert [tr[0].tag for tr in figures.xpath(".//tr")] == ["th"] * len(figures.xpath(".//tr"))

    quotes = tree.xpath("//figure")
    kept_quotes = [x for x in facts.quotes if x.path not in gone]
    assert [q.xpath("blockquote")[0].text_content() for q in quotes] == [
        f"“{x.text}”" for x in kept_quotes]
    for quote, x in zip(quotes, kept_quotes):
        caption = quote.xpath("figcaption")[0]
        assert caption.text_content().startswith(f"— {x.speaker}, {x.role}")
        assert caption.xpath("b")[0].text == x.speaker

    sources = tree.xpath("//h2[.='Sources']/following-sibling::ol[1]/li")
    assert [li.get("id") for li in sources] == [f"source-{n}" for n in
                                                 range(1, len(sources) + 1)]
    assert all(li.text_content().startswith(f"[{n}] ") for n, li in enumerate(sources, 1))
    _links_resolve(tree)


def _number(facts, gone, source_id) -> int:
    from briefgen.compose.context import cited

    return cited(facts, frozenset(gone))[source_id]


def _links_resolve(tree) -> None:
    """Every id is unique and every link inside the page goes to one; each citation number
    links to the source of that number."""
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    inside = tree.xpath("//a[starts-with(@href, '#')]")
    assert inside, "no citation links"
    for link in inside:
        assert link.get("href")[1:] in ids
        assert link.get("href") == f"#source-{link.text}"


def test_the_press_brief_has_its_title_as_h1_and_its_sources_linked(tmp_path):
    files, _ = built(tmp_path, FACTS_DIR / "eu-china-ev-duties.yaml", "-a", "press")
    tree = parse(files["html"].read_bytes())
    facts = load_facts(FACTS_DIR / "eu-china-ev-duties.yaml")
    assert [h.text_content() for h in tree.xpath("//h1")] == [facts.title]
    links = tree.xpath("//ol/li/a")
    assert links and all(a.get("href") == a.text and a.get("href").startswith("http")
                         for a in links)
    assert all("text-decoration:underline" in a.get("style") for a in tree.xpath("//a"))
    _links_resolve(tree)


def test_a_run_in_list_of_sources_gives_each_number_its_id(tmp_path):
    """The executive audience prints its sources as one paragraph: each [n] there is the
    target of the citations."""
    files, _ = built(tmp_path, SEED, "-a", "executive")
    tree = parse(files["html"].read_bytes())
    targets = tree.xpath("//h2[.='Sources']/following-sibling::p[1]/span[@id]")
    assert [(s.get("id"), s.text) for s in targets] == [
        (f"source-{n}", f"[{n}]") for n in range(1, len(targets) + 1)]
    assert len(targets) >= 2
    _links_resolve(tree)


def _pdf_row_headers(path: Path) -> list[int]:
    """Each table of the tagged PDF, in order: how many row headers (TH /Scope /Row) it has."""
    import pikepdf

    def walk(node, out: list[int]) -> None:
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in (k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k):
            if kid.S == "/Table":
                out.append(0)
            if kid.S == "/TH" and "/A" in kid and kid.A.get("/Scope") == "/Row":
                out[-1] += 1
            walk(kid, out)

    found: list[int] = []
    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot, found)
    return found


@pytest.mark.parametrize("facts", ["japan-nato-mission.yaml", "uk-inflation-2022-2024.yaml"])
def test_tables_have_the_row_headers_the_tagged_pdf_has(tmp_path, facts):
    """One rule for both formats (`layout.tables.row_headers`): every table without a header
    row, the figures' as well as the timeline's, names each row by its first cell."""
    files, _ = built(tmp_path, FACTS_DIR / facts, "-a", "analyst")
    tree = parse(files["html"].read_bytes())
    html_counts = [len(t.xpath(".//th[@scope='row']")) for t in tree.xpath("//table")]
    assert html_counts == _pdf_row_headers(files["pdf"])
    figures = tree.xpath("//h2[.='By the numbers']/following-sibling::table[1]")
    assert figures and figures[0].xpath(".//th[@scope='row']")


def test_a_number_in_a_run_in_source_s_title_is_not_a_link_target(tmp_path):
    """Source 1's title holds "Annex [2]": the id source-2 is on the second entry's number, the
    one the layout marks as where that entry starts, not on the title's text."""
    facts = tmp_path / "ids.yaml"
    facts.write_text(
        "title: Ids\ndate: 2025-02-03\nsummary: Sum.\nkey_points:\n"
        "  - text: First point.\n    sources: [a]\n  - text: Second point.\n    sources: [b]\n"
        "sources:\n  - id: a\n    title: \"Annex [2] of the treaty\"\n"
        "    url: https://example.org/a\n"
        "  - id: b\n    title: Real second source\n    url: https://example.org/b\n", "utf-8")
    files, _ = built(tmp_path / "out", facts, "-a", "executive")
    tree = parse(files["html"].read_bytes())
    (paragraph,) = tree.xpath("//h2[.='Sources']/following-sibling::p[1]")
    targets = paragraph.xpath(".//*[@id]")
    assert [(t.get("id"), t.text) for t in targets] == [("source-1", "[1]"),
                                                          ("source-2", "[2]")]
    assert "Annex" in targets[0].tail and "Real second source" in targets[1].tail
    _links_resolve(tree)


# ---- every facts file and audience --------------------------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("name", FACTS_FILES)
def test_every_audience_reads_as_its_pdf(tmp_path, name, audience):
    """The same words in the same order as the PDF of the same build, the sections as h2 in
    the PDF's order, one h1, every link resolving, nothing loaded from outside."""
    facts = FACTS_DIR / name
    marking = load_facts(facts).memo.classification
    files, _ = built(tmp_path, facts, *(["-a", audience] if audience else []),
                     *(["--allow-classification", marking] if marking else []))
    stem = facts.stem + (f"-{audience}" if audience else "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{stem}.html", f"{stem}.pdf"]
    tree = parse(files["html"].read_bytes())
    assert words(text_of(tree.body)) == pdf_words(files["pdf"], marking and one_line(marking))
    assert len(tree.xpath("//h1")) == 1
    from conftest import pdf_text

    titles = [h.text_content().upper() for h in tree.xpath("//h2")]
    pdf_lines = [line.strip() for line in pdf_text(files["pdf"]).splitlines()]
    assert [line for line in pdf_lines if line in set(titles)] == titles
    self_contained(tree)
    if tree.xpath("//a[starts-with(@href, '#')]"):
        _links_resolve(tree)


def test_the_same_brief_gives_the_same_bytes(tmp_path):
    first = built(tmp_path / "a", SEED, "-a", "analyst", formats=("html",))[0]["html"]
    second = built(tmp_path / "b", SEED, "-a", "analyst", formats=("html",))[0]["html"]
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text("utf-8")
    assert "\r" not in text and text.endswith("</html>\n")


# ---- the command line and the library -----------------------------------------------------------


def test_html_is_opt_in_and_named_like_the_others(tmp_path):
    assert cli(str(SEED), "-o", str(tmp_path / "default"))[0] == 0
    assert sorted(p.suffix for p in (tmp_path / "default").iterdir()) == [".docx", ".pdf"]
    code, out, err = cli(str(SEED), "-o", str(tmp_path / "html"), "-f", "html", "-a", "press")
    assert code == 0, err
    assert out.splitlines() == [str(tmp_path / "html" / "japan-nato-mission-press.html")]
    assert [p.name for p in (tmp_path / "html").iterdir()] == ["japan-nato-mission-press.html"]
    help_text = io.StringIO()
    with contextlib.redirect_stdout(help_text):
        assert run(["build", "--help"]) == 0
    assert "html, one self-contained HTML file" in " ".join(help_text.getvalue().split())


def test_the_library_builds_html_when_asked(tmp_path):
    import briefgen

    outputs = briefgen.build(SEED, formats=["html"])
    assert list(outputs) == ["html"]
    assert outputs["html"] == built(tmp_path, SEED, formats=("html",))[0]["html"].read_bytes()


def test_bad_facts_write_no_html(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nsummary: S\nkey_points:\n  - text: x\n    priority: 9\n", "utf-8")
    code, out, err = cli(str(bad), "-o", str(tmp_path / "out"), "-f", "html")
    assert (code, out) == (1, "")
    assert err == f"error: {bad}:5: key_points[0].priority: priority must be 1, 2 or 3, " \
                  "not '9'\n"
    assert not (tmp_path / "out").exists()


def test_a_logo_is_embedded_with_its_alternative_text(tmp_path):
    Image.new("RGB", (60, 20), (10, 120, 200)).save(tmp_path / "logo.png")
    (tmp_path / "theme.yaml").write_text("logo: logo.png\nlogo_height: 20\n", "utf-8")
    files, _ = built(tmp_path / "out", SEED, "-t", str(tmp_path), formats=("html",))
    tree = parse(files["html"].read_bytes())
    (image,) = tree.xpath("//header/img")
    source = image.get("src")
    assert source.startswith("data:image/png;base64,")
    assert base64.b64decode(source.split(",", 1)[1]) == (tmp_path / "logo.png").read_bytes()
    assert image.get("alt") == "Regional Security Desk"  # the memo's sender
    self_contained(tree)


def test_the_writer_loads_neither_reportlab_nor_python_docx(tmp_path):
    """In a fresh process: a laid-out brief, unpickled and written as HTML."""
    document = d.Document("SECRET", (d.Section("S", (
        d.Fields((("TO", (d.Run("x"),)),)), d.Paragraph((d.Run("y"),)),
        d.Table((0.3, 0.7), (d.Row(cells=((d.Run("a"),), (d.Run("b"),))),)))),))
    brief = tmp_path / "brief.pickle"
    brief.write_bytes(pickle.dumps(lay_out(document, design_for(None, None).theme)))
    script = (f"import pickle, sys\nfrom briefgen.writers import html\n"
              f"data = html.write(pickle.loads(open({str(brief)!r}, 'rb').read()))\n"
              f"print(data[:15], sorted({{m.split('.')[0] for m in sys.modules}} & "
              f"{{'reportlab', 'docx'}}))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.split("\n")[0] == "b'<!DOCTYPE html>' []"


# ---- escaping -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*NASTY, "<script>alert(1)</script>", "</title><b>x",
                                  "a & b &amp; c", "\"quoted\" 'single'", "<!-- not -->"])
def test_fact_text_reads_back_literally_in_every_kind_of_piece(text):
    run = (d.Run(text),)
    data = one_section(
        d.Paragraph(run), d.Paragraph(run, "title"), d.Paragraph(run, "masthead"),
        d.BulletList((d.ListItem(runs=run), d.ListItem(runs=run))),
        d.BulletList((d.ListItem(runs=run, number="[1]"),), numbered=True),
        d.Table((0.5, 0.5), (d.Row(cells=(run, run)),), header=(run, run)),
        d.Fields((("TO", run),)), d.Quote(runs=run, attribution=run), banner=text, title=text)
    tree = parse(data)
    assert not tree.xpath("//script|//b|//comment()")
    expected = text.strip()
    blocks = [b.text_content() for b in tree.body.iter("p", "h1", "h2", "li", "th", "td",
                                                        "blockquote", "figcaption")]
    # the banner, the section title, body, h1 title, masthead, two items, a source, a table's
    # two header cells and two cells, the TO row, the quote (blockquote, its p), its caption,
    # and the bottom banner
    assert blocks == [expected] * 7 + [f"[1] {expected}"] + [expected] * 4 + [
        "TO:", expected] + [expected] * 4, blocks


def test_a_short_header_label_stays_on_one_line_and_a_long_one_may_wrap():
    data = one_section(d.Fields((("TO", (d.Run("x"),)),
                                 ("Date of release to the public", (d.Run("y"),)))))
    styles = [th.get("style") for th in parse(data).xpath("//th[@scope='row']")]
    assert ["white-space:nowrap" in style for style in styles] == [True, False]


def test_only_web_and_mail_addresses_become_links():
    data = one_section(d.Paragraph((
        d.Run("one", href="javascript:alert(1)"), d.Run(" two", href="data:text/html,x"),
        d.Run(" three", href='https://x.test/?a="b"&c=<d>'), d.Run(" four", href="MAILTO:a@b"))))
    tree = parse(data)
    assert [(a.text, a.get("href")) for a in tree.xpath("//a")] == [
        (" three", 'https://x.test/?a="b"&c=<d>'), (" four", "MAILTO:a@b")]
    assert tree.xpath("//main/p")[0].text_content() == "one two three four"


def test_a_citation_without_its_source_is_plain_text():
    data = one_section(d.Paragraph((d.Run("Said. "), d.Run("[2, 7]", cite=True))),
                       d.BulletList((d.ListItem(runs=(d.Run("A source"),), number="[2]"),),
                                    numbered=True))
    tree = parse(data)
    assert [(a.get("href"), a.text) for a in tree.xpath("//a")] == [("#source-2", "2")]
    assert tree.xpath("//main/p")[0].text_content() == "Said. [2, 7]"


# ---- the hostile corpus -------------------------------------------------------------------------

HOSTILE_OK = [name for name, spec in EXPECTED.items() if "ok" in spec or "either" in spec]


@pytest.mark.parametrize("name", HOSTILE_OK)
def test_hostile_text_reads_back_exactly(tmp_path, name):
    """Each successful corpus file through `-f html`: every fact's text reads back exactly as
    typed, and nothing in it becomes an element."""
    spec = EXPECTED[name]
    path = Corpus(tmp_path).path(name)
    args = [*spec.get("args", []), *(["-t", str(HOSTILE / name)] if path.parent.name == name
                                     else [])]
    code, _, err = cli(str(path), "-o", str(tmp_path / "out"), "-f", "html", *args)
    if "either" in spec and code != 0:
        return  # a refusal is test_hostile's to check; this test is about what is written
    assert code == 0, err
    tree = parse((tmp_path / "out" / f"{path.stem}.html").read_bytes())
    self_contained(tree)
    text = text_of(tree.body)
    flat, position = loose(text), 0
    for literal in spec.get("ok", {}).get("literal", []):
        found = flat.find(loose(literal), position)
        assert found >= 0, f"{literal!r} not in:\n{flat}"
        position = found + len(loose(literal)) if spec["ok"].get("in_order") else 0
    for absent in spec.get("ok", {}).get("absent", []):
        assert loose(absent).lower() not in flat.lower()
    if path.parent.name != name:
        facts = load_facts(path)
        for typed in _printed(facts, dropped(err)):
            assert typed in tree.body.text_content(), f"{typed!r} does not read back"


# ---- languages ----------------------------------------------------------------------------------

HOUSE = FACTS_DIR.parent / "examples" / "house"


def test_the_facts_text_says_its_language_where_the_brief_is_in_another(tmp_path):
    """A French facts file built in English: the page is English, the French text the facts
    wrote (summary, items, quotes, table cells, header values) says it is French; the words
    and dates the brief adds do not."""
    facts = HOUSE / "retraites-2023.yaml"
    files, _ = built(tmp_path / "en", facts, "-t", str(HOUSE / "ministere"), "--language", "en",
                     formats=("html",))
    tree = parse(files["html"].read_bytes())
    assert tree.get("lang") == "en"
    french = {el.text_content() for el in tree.xpath("//*[@lang='fr']")}
    assert set(tree.xpath("//@lang")) == {"en", "fr"}
    loaded = load_facts(facts)
    items = tree.xpath("//ul/li")
    assert items and all(li.get("lang") == "fr" for li in items)
    assert {li.text_content().split(" [")[0] for li in items} & {x.text for x in
                                                                 loaded.key_points}
    assert loaded.summary.split("\n")[0] in french
    assert all(not h.get("lang") for h in tree.xpath("//h2|//th"))
    fields = dict(zip((th.text for th in tree.xpath("//main/table[1]//th")),
                      tree.xpath("//main/table[1]//td")))
    assert fields["TO:"].get("lang") == "fr" and fields["DATE:"].get("lang") is None
    assert fields["DATE:"].text_content() == "15 June 2023"
    assert all(q.get("lang") == "fr" for q in tree.xpath("//blockquote"))

    files, _ = built(tmp_path / "fr", facts, "-t", str(HOUSE / "ministere"), formats=("html",))
    tree = parse(files["html"].read_bytes())
    assert tree.xpath("//@lang") == ["fr"]  # all in the facts' language: said once


def test_facts_without_a_language_are_english_in_the_html_as_in_the_pdf(tmp_path):
    """English facts with no `language:` built in Spanish: the HTML marks the facts' text
    lang="en", as the PDF's structure tree does (/Lang en), both from one value."""
    import pikepdf

    facts = FACTS_DIR / "japan-nato-mission.yaml"
    assert load_facts(facts).language in (None, "")
    files, _ = built(tmp_path, facts, "--language", "es")
    tree = parse(files["html"].read_bytes())
    assert tree.get("lang") == "es"
    items = tree.xpath("//ul/li")
    assert items and all(li.get("lang") == "en" for li in items)
    with pikepdf.open(files["pdf"]) as pdf:
        assert pdf.Root.Lang == "es"
        marked, stack = set(), [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            if "/Lang" in node and node is not pdf.Root.StructTreeRoot:
                marked.add(str(node.Lang))
            if isinstance(kids, pikepdf.Array):
                stack += [k for k in kids if isinstance(k, pikepdf.Dictionary)]
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
    assert marked == set(tree.xpath("//body//@lang")) == {"en"}
