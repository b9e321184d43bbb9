"""The Markdown writer (`-f md`): every brief read back with a real CommonMark parser.

markdown-it-py, CommonMark with GFM tables and strikethrough on (so `~~` in a fact would show if
it were not escaped), reads the Markdown back: the banner first and last, the sections as
headings in the PDF's order, items as list items, table cells, quotes with their attribution,
numbered sources, and every word in the PDF's order. Fact text, hostile or not, reads back as
exactly the text typed; raw HTML never appears.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FACTS_DIR, FACTS_FILES, pdf_text, words
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_hostile import EXPECTED, HOSTILE, Corpus, loose, squashed
from test_template_safety import cli as command_line

from briefgen.compose import document as d
from briefgen.compose.context import cited as cited_sources
from briefgen.edge.cli import run
from briefgen.input.facts import Facts, load_facts
from briefgen.input.text import one_line
from briefgen.input.urls import link_target
from briefgen.layout.flow import Style
from briefgen.layout.laid_out import LaidOut, lay_out
from briefgen.pipeline import design_for
from briefgen.writers import markdown

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
SEED = FACTS_DIR / "japan-nato-mission.yaml"
AUDIENCES = (None, "executive", "analyst", "press")


# ---- reading Markdown back ----------------------------------------------------------------------


@dataclass(frozen=True)
class Char:
    """One character of text as the parser read it, with its look."""

    char: str
    bold: bool
    italic: bool
    href: str | None


@dataclass(frozen=True)
class Block:
    """A stretch of inline text and where it sits: `path` holds the open elements around it
    (`heading:h2`, `bullet_list`, `list_item:3` for an ordered list's third, `td`, ...)."""

    path: tuple[str, ...]
    chars: tuple[Char, ...]

    @property
    def text(self) -> str:
        return "".join(c.char for c in self.chars)

    def inside(self, name: str) -> bool:
        return any(p == name or p.startswith(name + ":") for p in self.path)

    def number(self) -> int | None:
        """The number an ordered list shows before this item."""
        for p in self.path:
            if p.startswith("list_item:") and "ordered_list" in self.path:
                return int(p.split(":")[1])
        return None


def _chars(inline) -> tuple[Char, ...]:
    out, bold, italic, href = [], 0, 0, None
    for child in inline.children:
        kind = child.type
        assert not kind.startswith("html"), f"raw HTML in the Markdown: {child.content!r}"
        assert kind not in ("image", "s_open", "code_inline"), f"markup read from text: {kind}"
        if kind in ("text", "softbreak", "hardbreak"):
            text = child.content if kind == "text" else "\n"
            out += [Char(c, bold > 0, italic > 0, href) for c in text]
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind.endswith("open") else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind.endswith("open") else -1
        elif kind == "link_open":
            href = child.attrs["href"]
        elif kind == "link_close":
            href = None
    return tuple(out)


def read(source: str) -> list[Block]:
    """Every inline text of the Markdown in order, with the elements it sits in."""
    path: list[str] = []
    blocks = []
    numbers: list[int] = []
    for token in PARSER.parse(source):
        assert token.type not in ("html_block", "code_block", "fence", "hr"), token.type
        if token.type == "ordered_list_open":
            numbers.append(int(token.attrs.get("start", 1)))
        if token.nesting == 1:
            name = token.type.removesuffix("_open")
            if token.type == "heading_open":
                name = f"heading:{token.tag}"
            elif token.type == "list_item_open" and path and path[-1] == "ordered_list":
                name = f"list_item:{numbers[-1]}"
                numbers[-1] += 1
            path.append(name)
        elif token.nesting == -1:
            if path.pop() == "ordered_list":
                numbers.pop()
        elif token.type == "inline":
            blocks.append(Block(tuple(path), _chars(token)))
    return blocks


def plain(blocks: list[Block]) -> str:
    """The text a reader sees, one block a line; an ordered list's numbers as [n], as printed."""
    lines = []
    for block in blocks:
        number = block.number()
        lines.append((f"[{number}] " if number is not None else "") + block.text)
    return "\n".join(lines)


def headings(blocks: list[Block], level: str = "h2") -> list[str]:
    return [b.text for b in blocks if f"heading:{level}" in b.path]


def section(blocks: list[Block], title: str) -> list[Block]:
    """The blocks under the level-2 heading `title`, up to the next one."""
    start = next(i for i, b in enumerate(blocks) if b.path == ("heading:h2",) and
                 b.text == title)
    end = next((i for i, b in enumerate(blocks) if i > start and b.path == ("heading:h2",)),
               len(blocks))
    return blocks[start + 1:end]


# ---- building -----------------------------------------------------------------------------------


def cli(*args: str) -> tuple[int, str, str]:
    """`briefgen build -j 1 ARGS...` in-process: exit code, stdout, stderr."""
    return command_line("build", "-j", "1", *args)


def built(tmp_path: Path, facts: Path, *args: str,
          formats=("md", "pdf")) -> tuple[dict[str, Path], str]:
    """Build with the command line: the files written, by extension, and the notes."""
    flags = [a for f in formats for a in ("-f", f)]
    code, out, err = cli(str(facts), "-o", str(tmp_path), *flags, *args)
    assert code == 0, err
    return {Path(line).suffix[1:]: Path(line) for line in out.splitlines()}, err


def dropped(err: str) -> set[str]:
    return set(re.findall(r"dropped (\S+) \(priority", err))


def laid_out(document: d.Document) -> LaidOut:
    """The document laid out, unfitted, at the default theme."""
    return lay_out(document, design_for(None, None).theme)


def one_section(*blocks: d.Block, banner: str | None = None) -> str:
    document = d.Document(banner, (d.Section("Section", tuple(blocks)),))
    return markdown.write(laid_out(document)).decode("utf-8")


def cited(x, facts: Facts, gone: set[str]) -> str:
    """An entry's citation mark: the numbers of the sources the entries kept cite."""
    numbers = cited_sources(facts, frozenset(gone))
    cites = sorted({numbers[i] for i in x.sources})
    return f" [{', '.join(map(str, cites))}]" if cites else ""


# ---- the seed brief, piece by piece -------------------------------------------------------------


def test_the_seed_brief_reads_back_piece_by_piece(tmp_path):
    files, notes = built(tmp_path, SEED)
    blocks = read(files["md"].read_text("utf-8"))
    facts = load_facts(SEED)
    gone = dropped(notes)
    assert gone, "the seed brief drops items to fit: the Markdown must drop the same"

    for banner in (blocks[0], blocks[-1]):
        assert banner.path == ("paragraph",) and banner.text == "UNCLASSIFIED"
        assert all(c.bold for c in banner.chars)
    assert headings(blocks) == ["Bottom line", "Key points", "Timeline", "Key quotes",
                                "By the numbers", "Outlook", "Sources"]
    fields = blocks[2]
    assert fields.text.split("\n") == [
        "TO: Director, Indo-Pacific Affairs", "FROM: Regional Security Desk",
        "DATE: 3 February 2025", f"SUBJECT: {facts.title}"]
    assert [c.char for c in fields.chars if c.bold][:3] == list("TO:")

    points = section(blocks, "Key points")
    assert all(b.path == ("bullet_list", "list_item", "paragraph") for b in points)
    assert [b.text for b in points] == [x.text + cited(x, facts, gone) for x in facts.key_points
                                        if x.path not in gone]

    cells = [b for b in section(blocks, "Timeline") if b.inside("td")]
    events = [x for x in facts.timeline if x.path not in gone]
    assert [c.text for c in cells] == [t for x in events
                                       for t in (x.date.label, x.event + cited(x, facts, gone))]
    for cell, x in zip(cells[::2], events):
        assert all(c.italic == x.date.approximate for c in cell.chars), cell.text
    assert [b.text for b in section(blocks, "Timeline") if b.inside("th")] == ["", ""]

    quotes = [b for b in section(blocks, "Key quotes") if b.inside("blockquote")]
    kept = [x for x in facts.quotes if x.path not in gone]
    assert [b.text for b in quotes[::2]] == [f"“{x.text}”" for x in kept]
    assert all(c.italic for b in quotes[::2] for c in b.chars)
    for attribution, x in zip(quotes[1::2], kept):
        assert attribution.text.startswith(f"— {x.speaker}, {x.role}")
        assert "".join(c.char for c in attribution.chars if c.bold) == x.speaker

    *sources, footer, _ = section(blocks, "Sources")  # the footer has no title; the banner
    printed = [s for s in facts.sources if s.id in cited_sources(facts, frozenset(gone))]
    assert 0 < len(printed) < len(facts.sources)  # one is cited by a dropped key point only
    assert [b.number() for b in sources] == list(range(1, len(printed) + 1))
    assert [b.text for b in sources] == [
        (f"{s.publisher}, " if s.publisher else "") + f"“{s.title}”" for s in printed]
    assert footer.text.startswith("Prepared by Regional Security Desk")


def pdf_words(pdf: Path, banner: str | None) -> list[str]:
    """The PDF's words in reading order: the page decoration draws both banners first."""
    found = words(pdf_text(pdf))
    if banner:
        once = words(banner)
        assert found[:2 * len(once)] == once * 2, found[:10]
        found = once + found[2 * len(once):] + once
    return found


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("name", FACTS_FILES)
def test_every_audience_reads_as_its_pdf(tmp_path, name, audience):
    """The same words in the same order as the PDF of the same build (layout aside), and the
    sections as level-2 headings in the PDF's order."""
    facts = FACTS_DIR / name
    marking = load_facts(facts).memo.classification
    files, _ = built(tmp_path, facts, *(["-a", audience] if audience else []),
                  *(["--allow-classification", marking] if marking else []))
    stem = facts.stem + (f"-{audience}" if audience else "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{stem}.md", f"{stem}.pdf"]
    blocks = read(files["md"].read_text("utf-8"))
    assert words(plain(blocks)) == pdf_words(files["pdf"], marking and one_line(marking))
    pdf_lines = [line.strip() for line in pdf_text(files["pdf"]).splitlines()]
    assert [line for line in pdf_lines if line in {h.upper() for h in headings(blocks)}] == \
        [h.upper() for h in headings(blocks)]


def test_the_same_brief_gives_the_same_bytes(tmp_path):
    first = built(tmp_path / "a", SEED, "-a", "analyst", formats=("md",))[0]["md"].read_bytes()
    second = built(tmp_path / "b", SEED, "-a", "analyst", formats=("md",))[0]["md"].read_bytes()
    assert first == second
    text = first.decode("utf-8")  # UTF-8, LF line ends, one trailing newline
    assert "\r" not in text and text.endswith("\n") and not text.endswith("\n\n")
    assert "\n\n\n" not in text and not any(line != line.rstrip() for line in text.split("\n"))


# ---- the command line ---------------------------------------------------------------------------


def test_md_is_opt_in_and_named_like_the_others(tmp_path):
    assert cli(str(SEED), "-o", str(tmp_path / "default"))[0] == 0
    assert sorted(p.suffix for p in (tmp_path / "default").iterdir()) == [".docx", ".pdf"]
    code, out, err = cli(str(SEED), "-o", str(tmp_path / "md"), "-f", "md", "-a", "press")
    assert code == 0, err
    assert out.splitlines() == [str(tmp_path / "md" / "japan-nato-mission-press.md")]
    assert [p.name for p in (tmp_path / "md").iterdir()] == ["japan-nato-mission-press.md"]
    help_text = io.StringIO()
    with contextlib.redirect_stdout(help_text):
        assert run(["build", "--help"]) == 0
    assert "md, Markdown, only" in " ".join(help_text.getvalue().split())


def test_the_library_builds_markdown_when_asked(tmp_path):
    import briefgen

    outputs = briefgen.build(SEED, formats=["md"])
    assert list(outputs) == ["md"]
    assert outputs["md"] == built(tmp_path, SEED, formats=("md",))[0]["md"].read_bytes()
    assert set(briefgen.build(SEED)) == {"pdf", "docx"}


def test_bad_facts_write_no_markdown(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nsummary: S\nkey_points:\n  - text: x\n    priority: 9\n", "utf-8")
    code, out, err = cli(str(bad), "-o", str(tmp_path / "out"), "-f", "md")
    assert (code, out) == (1, "")
    assert err == f"error: {bad}:5: key_points[0].priority: priority must be 1, 2 or 3, " \
                  "not '9'\n"
    assert not (tmp_path / "out").exists()


# ---- the hostile corpus -------------------------------------------------------------------------


def _printed(facts: Facts, gone: set[str]) -> list[str]:
    """Every text of the facts the default brief prints, but for what fitting dropped."""
    memo = facts.memo
    texts = [facts.title, *facts.summary.split("\n"), memo.to, memo.from_, memo.cc,
             memo.reference]
    for x in (*facts.key_points, *facts.outlook):
        texts += [x.text] if x.path not in gone else []
    for x in facts.timeline:
        texts += [x.date.label, x.event] if x.path not in gone else []
    for x in facts.quotes:
        texts += [x.text, x.speaker, x.role, x.context] if x.path not in gone else []
    for x in facts.figures:
        texts += [x.value, x.label, x.note] if x.path not in gone else []
    for x in facts.sources:
        texts += [x.title, x.publisher, x.url]
    return [t for t in texts if t]


HOSTILE_OK = [name for name, spec in EXPECTED.items() if "ok" in spec or "either" in spec]


@pytest.mark.parametrize("name", HOSTILE_OK)
def test_hostile_text_reads_back_exactly(tmp_path, name):
    """Each successful corpus file through `-f md`: every fact's text reads back exactly as
    typed (every text of a plain facts file; the corpus's own list for a template folder)."""
    spec = EXPECTED[name]
    path = Corpus(tmp_path).path(name)
    args = [*spec.get("args", []), *(["-t", str(HOSTILE / name)] if path.parent.name == name
                                     else [])]
    code, out, err = cli(str(path), "-o", str(tmp_path / "out"), "-f", "md", *args)
    if "either" in spec and code != 0:
        return  # a refusal is test_hostile's to check; this test is about what is written
    assert code == 0, err
    source = (tmp_path / "out" / f"{path.stem}.md").read_text("utf-8")
    blocks = read(source)
    text = "\n".join(b.text for b in blocks)
    flat, position = loose(text), 0
    for literal in spec.get("ok", {}).get("literal", []):
        found = flat.find(loose(literal), position)
        assert found >= 0, f"{literal!r} not in:\n{flat}"
        position = found + len(loose(literal)) if spec["ok"].get("in_order") else 0
    for literal in spec.get("ok", {}).get("squash", []):
        assert squashed(literal) in squashed(text)
    for absent in spec.get("ok", {}).get("absent", []):
        assert loose(absent).lower() not in flat.lower()
    if path.parent.name != name:
        facts = load_facts(path)
        for typed in _printed(facts, dropped(err)):
            assert typed in text, f"{typed!r} does not read back from:\n{source}"
        if facts.memo.classification:
            assert blocks[0].text == blocks[-1].text == one_line(facts.memo.classification)


# ---- escaping, piece by piece ---------------------------------------------------------------

NASTY = ["*stars* and **more**", "_under_ and __more__", "# not a heading", "[a link](x)",
         "a | pipe", "<b>bold?</b>", "`code`", "1. not a list", "2) nor this", "- nor this",
         "+ nor this", "> not a quote", "&amp; &#65; &copy;", "back\\slash\\", "~~struck~~",
         "---", "===", "![image](x.png)", "<https://example.com>", "[1]: https://x.test",
         "a  two spaces", "ends with \\", "*", "_", "#", "\\*", "**",
         "x*y*z", "“quoted”", "|", "1.", "12345678901. long number"]


@pytest.mark.parametrize("text", NASTY)
def test_fact_text_reads_back_literally_in_every_kind_of_piece(text):
    run = (d.Run(text),)
    source = one_section(
        d.Paragraph(run), d.Paragraph(run, "title"), d.Paragraph(run, "masthead"),
        d.BulletList((d.ListItem(runs=run), d.ListItem(runs=run))),
        d.BulletList((d.ListItem(runs=run, number="[1]"),), numbered=True),
        d.Table((0.5, 0.5), (d.Row(cells=(run, run)),), header=(run, run)),
        d.Fields((("TO", run), ("FROM", run))),
        d.Quote(runs=run, attribution=run), banner=text)
    section_title = d.Section(text, (d.Paragraph(run),))
    heading = markdown.write(laid_out(d.Document(None, (section_title,)))).decode("utf-8")
    blocks = read(source)
    expected = text.strip()
    assert [b.text for b in blocks] == [
        expected, "Section", expected, expected, expected, expected, expected, expected,
        expected, expected, expected, expected, f"TO: {expected}\nFROM: {expected}", expected,
        expected, expected], source
    assert [b.text for b in read(heading)] == [expected, expected], heading


@pytest.mark.parametrize("text", ["four spaces", "- a list?", "1. a list?", "> a quote?"])
def test_spaces_at_a_line_start_never_make_code_or_markup(text):
    run = (d.Run("    " + text),)
    source = one_section(d.Paragraph(run), d.BulletList((d.ListItem(runs=run),)),
                         d.Quote(runs=run), banner="    " + text)
    assert [b.text for b in read(source)] == [text, "Section", text, text, text, text]
    assert [b.path[-1] for b in read(source)] == ["paragraph", "heading:h2"] + ["paragraph"] * 4


def test_lists_in_a_row_stay_apart_and_numbers_stay_as_printed():
    items = tuple(d.ListItem(runs=(d.Run(t),)) for t in "ab")
    numbered = tuple(d.ListItem(runs=(d.Run(t),), number=n) for t, n in (("c", "[3]"),
                                                                          ("d", "[4]")))
    odd = tuple(d.ListItem(runs=(d.Run(t),), number=n) for t, n in (("e", "[1]"), ("f", "(x)")))
    source = one_section(d.BulletList(items), d.BulletList(items),
                         d.BulletList(numbered, numbered=True),
                         d.BulletList(numbered, numbered=True), d.BulletList(odd, numbered=True))
    tokens = [t.type for t in PARSER.parse(source) if t.type.endswith("list_open")]
    assert tokens == ["bullet_list_open"] * 2 + ["ordered_list_open"] * 2 + ["bullet_list_open"]
    blocks = read(source)[1:]
    assert [(b.number(), b.text) for b in blocks] == [
        (None, "a"), (None, "b"), (None, "a"), (None, "b"), (3, "c"), (4, "d"), (3, "c"),
        (4, "d"), (None, "[1] e"), (None, "(x) f")]


def test_links_keep_their_address_and_text():
    url = "https://en.example.org/wiki/A_(b)?q=<1>&x=\\"
    source = one_section(d.Paragraph((d.Run("see "), d.Run(url, href=url),
                                      d.Run(" and "), d.Run("*bold link*", bold=True,
                                                            href=url))))
    (block,) = read(source)[1:]
    assert block.text == f"see {url} and *bold link*"
    normalized = PARSER.normalizeLink(url)
    assert [c.href for c in block.chars] == [None] * 4 + [normalized] * len(url) + \
        [None] * 5 + [normalized] * 11
    assert all(c.bold for c in block.chars[-11:])


def test_runs_separated_by_spaces_keep_their_look():
    runs = (d.Run("plain "), d.Run("bold.", bold=True), d.Run(" "), d.Run("(italic)", italic=True),
            d.Run(" "), d.Run("“both”", bold=True, italic=True), d.Run(" end"))
    (block,) = read(one_section(d.Paragraph(runs)))[1:]
    assert block.text == "plain bold. (italic) “both” end"
    looks = {(c.bold, c.italic) for c in block.chars if c.char != " "}
    assert looks == {(False, False), (True, False), (False, True), (True, True)}
    for each in runs:
        start = block.text.index(each.text)
        assert all((c.bold, c.italic) == (each.bold, each.italic)
                   for c in block.chars[start:start + len(each.text)] if c.char != " ")


_SPECIAL = "ab1 .*_#[]()|<>`~\\&;!-+=:\"'{}^$%@/\u00a0\u00ad“”é€日"
_TEXT = st.text(st.sampled_from(list(_SPECIAL)), min_size=1, max_size=8)
_RUN = st.builds(d.Run, _TEXT, st.booleans(), st.booleans(), st.just(False),
                 st.sampled_from([None, None, "https://example.com/a_(b)"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_RUN, min_size=1, max_size=5))
def test_any_runs_read_back_as_their_text_and_never_in_the_wrong_look(runs):
    """Whatever the runs, the paragraph reads back as their text; a character is bold or
    italic only if its run is (emphasis Markdown cannot express is left out, never misplaced),
    and a link's characters always link."""
    text = "".join(r.text for r in runs)
    assume(text == text.strip(" \u00a0") != "")  # markup trims the spaces at a line's ends
    (block,) = read(one_section(d.Paragraph(tuple(runs))))[1:]
    assert block.text == text
    looks = [(r.bold, r.italic, r.href) for r in runs for _ in r.text]
    for char, (bold, italic, href) in zip(block.chars, looks):
        if char.char not in " \u00a0":  # white space at a run's ends is kept out of its look
            assert char.href == (href and PARSER.normalizeLink(href)), (runs, block.chars)
            assert (char.bold <= bold, char.italic <= italic) == (True, True), runs


# ---- links that cannot lie ----------------------------------------------------------------------

NASTY_URLS = [
    "https://www.gov.example&#64;evil.example/login", "https://x.example/&amp;&copy;&#x41;",
    "https://x.example/a&b=1&c;d", "https://x.example/a|b|c", "https://x.example/a)b",
    "https://x.example/(a", "https://x.example/a(b)c)", "https://x.example/a b",
    "https://x.example/<a>", "https://x.example/a>b", "https://x.example/a\\b\\",
    "https://x.example/\\&#64;", "https://x.example/\\|", "https://x.example/%41%zz%",
    "https://x.example/é日?q=€", "https://x.example/a*b_c`d`~e~#f[g]h!",
    "https://x.example/a\u00a0b", "https://x.example/a\tb"]


def hrefs(source: str) -> list[str]:
    return [t.attrs["href"] for t in PARSER.parse(source) if t.type == "inline"
            for t in t.children if t.type == "link_open"]


@pytest.mark.parametrize("url", NASTY_URLS)
def test_a_link_goes_exactly_where_its_url_says_in_every_kind_of_piece(url):
    """CommonMark reads entities and backslash escapes in a link's destination, and a table cell
    ends at an unescaped `|`: the address must come out as the URL typed (percent-encoded as
    the parser does for any address: non-ASCII, a `%` not before two hex digits, white space)."""
    link = (d.Run("see "), d.Run(url, href=url))
    source = one_section(d.Paragraph(link), d.BulletList((d.ListItem(runs=link),)),
                         d.Table((0.5, 0.5), (d.Row(cells=(link, link)),), header=(link, link)),
                         d.Fields((("TO", link),)), d.Quote(runs=link, attribution=link))
    assert hrefs(source) == [PARSER.normalizeLink(url)] * 9, source
    assert all(b.text in ("Section", f"see {url}", f"TO: see {url}") for b in read(source))
    cells = [b for b in read(source) if b.inside("td") or b.inside("th")]
    assert [b.text for b in cells] == [f"see {url}"] * 4, source


def test_a_url_the_parser_need_not_encode_is_the_href_byte_for_byte():
    exact = [url for url in NASTY_URLS if PARSER.normalizeLink(url) == url]
    assert len(exact) >= 6 and NASTY_URLS[0] in exact
    for url in exact:
        assert hrefs(one_section(d.Paragraph((d.Run("x", href=url),)))) == [url]


def test_an_entity_in_a_source_url_does_not_change_the_host(tmp_path):
    facts = tmp_path / "spoof.yaml"
    url = "https://www.gov.example&#64;evil.example/login"
    facts.write_text(f"title: T\nsummary: S\nkey_points: [{{text: K, sources: [a]}}]\n"
                     f"sources:\n  - id: a\n    title: A\n    url: \"{url}\"\n", "utf-8")
    files, _ = built(tmp_path, facts, formats=("md",))
    (href,) = hrefs(files["md"].read_text("utf-8"))
    assert href == link_target(url) == "https://www.gov.example%26#64;evil.example/login"


def test_a_pipe_in_a_url_keeps_the_table_cell_whole(tmp_path):
    """A template that puts a source's URL in a table: the cell holds the whole link."""
    template = tmp_path / "tpl"
    template.mkdir()
    (template / "brief.xml.j2").write_text(
        '{% extends "builtin/brief.xml.j2" %}{% block figures %}'
        '<section title="Sources table" key="figures"><table widths="30 70">'
        '{% for s in sources %}<row><cell>{{ s.title }}</cell>'
        '<cell><a href="{{ s.url }}">{{ s.url }}</a></cell></row>{% endfor %}'
        '</table></section>{% endblock %}', "utf-8")
    facts = tmp_path / "pipe.yaml"
    url = "https://example.org/a|b|c"
    facts.write_text(f"title: T\nsummary: S\nfigures:\n  - label: x\n    value: '1'\n"
                     f"    sources: [a]\nsources:\n  - id: a\n    title: A|B\n"
                     f"    url: \"{url}\"\n", "utf-8")
    files, _ = built(tmp_path / "out", facts, "-t", str(template), formats=("md",))
    source = files["md"].read_text("utf-8")
    cells = [b for b in section(read(source), "Sources table") if b.inside("td")]
    assert [b.text for b in cells] == ["A|B", url]
    assert {c.href for c in cells[1].chars} == {PARSER.normalizeLink(url)}  # `|` as %7C
    assert hrefs(source) == [PARSER.normalizeLink(url)] * 2


# ---- escaping where a block starts, after a styled space ----------------------------------------

LEADS = ["> not a quote", "- not a list", "1. not numbered", "[x]: https://evil.example",
         "=== ", "+ plus", "# heading"]


@pytest.mark.parametrize("text", LEADS)
@pytest.mark.parametrize("space", [" ", "\u00a0", " \u00a0 "])
@pytest.mark.parametrize("look", [dict(bold=True), dict(italic=True), dict(href="https://e.x/")])
def test_a_styled_space_at_a_block_start_does_not_turn_markup_on(text, space, look):
    """`<b>NBSP</b>> text` at the start of a paragraph, an item or a quote is the same as the
    unstyled `NBSP> text`: the text reads back literally, never as a quote, list or definition."""
    runs = (d.Run(space, **look), d.Run(text + " [x]"))
    plain_runs = (d.Run(space + text + " [x]"),)
    for block in (lambda r: d.Paragraph(r), lambda r: d.BulletList((d.ListItem(runs=r),)),
                  lambda r: d.Quote(runs=r)):
        source = one_section(block(runs))
        assert source == one_section(block(plain_runs))
        assert [b.text for b in read(source)][1:] == [text + " [x]"], source
        assert [t.type for t in PARSER.parse(source)].count("heading_open") == 1


def test_the_lead_reproducer_prints_every_paragraph_literally(tmp_path):
    template = tmp_path / "tpl"
    template.mkdir()
    (template / "brief.xml.j2").write_text(
        '{% extends "builtin/brief.xml.j2" %}{% block bottom_line %}'
        '<section title="Bottom line" key="summary">{% for paragraph in summary %}'
        '<p role="lead"><b>\u00a0</b>{{ paragraph }}</p>{% endfor %}</section>{% endblock %}',
        "utf-8")
    facts = tmp_path / "lead.yaml"
    lines = ["> not a quote", "- not a list", "1. not numbered", "=== not an underline",
             "[x]: https://evil.example", "[x]"]
    facts.write_text("title: T\nsummary: \"" + "\\n\\n".join(lines) + "\"\n", "utf-8")
    files, _ = built(tmp_path / "out", facts, "-t", str(template), formats=("md",))
    blocks = section(read(files["md"].read_text("utf-8")), "Bottom line")
    assert [(b.path, b.text) for b in blocks[:-1]] == [(("paragraph",), line) for line in lines]


_SPACE_RUN = st.builds(d.Run, st.sampled_from([" ", "\u00a0", " \u00a0"]), st.booleans(),
                      st.booleans(), st.just(False), st.sampled_from([None, "https://e.x/"]))
_LEAD = st.builds(d.Run, st.sampled_from(["> ", "- ", "+ ", "1. ", "2) ", "=", "[x]: ", "#"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_SPACE_RUN, max_size=2), _LEAD, st.lists(_RUN, min_size=1, max_size=4),
       st.booleans(), st.booleans())
def test_any_runs_at_a_block_start_read_back_as_one_paragraph(spaces, lead, rest, bold, italic):
    """The attacker's fuzzer, bounded: runs of white space in any look, then text that would be
    block markup at a line's start, then any runs, in any piece style at the start of a
    paragraph, read back as one paragraph of exactly their text, with no markup."""
    runs = [*spaces, lead, *rest]
    text = "".join(r.text for r in runs).strip(" \u00a0")
    assume(text)
    line = markdown.inline(tuple(runs), Style(10, 12, bold=bold, italic=italic), at_start=True)
    tokens = PARSER.parse(line)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], line
    assert "".join(c.char for c in _chars(tokens[1])) == text, line


# ---- lists from the layout ----------------------------------------------------------------------


def test_lists_come_from_the_layout_not_from_the_document():
    """Where each list starts and ends is the layout's word (`Piece.first`, `Piece.last`): the
    writer reads the pieces alone, so a document that says nothing of the lists (here: none)
    gives the same Markdown, two lists in a row stay two and an ordered list keeps its items."""
    ab = tuple(d.ListItem(runs=(d.Run(t),)) for t in "ab")
    numbered = tuple(d.ListItem(runs=(d.Run(t),), number=f"[{n}]") for n, t in enumerate("cd", 1))
    document = d.Document(None, (d.Section("S", (
        d.BulletList(ab), d.BulletList(ab[:1]), d.BulletList(numbered, numbered=True))),))
    out = laid_out(document)
    assert [(p.kind, p.last) for p in out.pieces] == [
        ("heading", False), ("item", False), ("item", True), ("item", True), ("number", False),
        ("number", True)]
    source = markdown.write(out).decode("utf-8")
    assert source == "## S\n\n- a\n- b\n\n* a\n\n1. c\n2. d\n"
    assert markdown.write(dataclasses.replace(out, document=d.Document(None, ()))) == \
        source.encode("utf-8")
