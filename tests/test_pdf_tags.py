"""The tagged PDF read back with pikepdf: the structure tree's elements in the brief's order with
the text drawn under each (decoded from the page's content through the fonts' ToUnicode maps),
lists, tables, quotes, links, the logo, languages, artifacts, the parent tree, the metadata."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pikepdf
import pytest
from conftest import FACTS_DIR, pdf_text, qpdf_check
from PIL import Image

from briefgen.pipeline import build

SEED = FACTS_DIR / "japan-nato-mission.yaml"


# ---- reading a tagged PDF back ------------------------------------------------------------------


def _unicode_maps(page: pikepdf.Page) -> dict[str, dict[int, str]]:
    """Each font resource's code -> text, from its ToUnicode map (reportlab's subsets: one byte
    a glyph, one bfchar entry each)."""
    maps = {}
    for name, font in page.Resources.Font.items():
        cmap = font.ToUnicode.read_bytes().decode("latin-1").split("beginbfchar")[1]
        maps[name] = {int(code, 16): bytes.fromhex(text).decode("utf-16-be")
                      for code, text in re.findall(r"<([0-9A-F]+)> <([0-9A-F]+)>", cmap)}
    return maps


class Page:
    """One page's text, by where it is drawn: `marked[mcid]`, `artifacts` (each artifact's
    text) and `loose` (text outside any marked content: must be empty)."""

    def __init__(self, page: pikepdf.Page) -> None:
        maps, font = _unicode_maps(page), {}
        self.marked: dict[int, str] = {}
        self.artifacts: list[str] = []
        self.loose = ""
        self.mcids: list[int] = []  # in the order they are drawn
        stack: list[tuple[str, int | None]] = []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" else None
                mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) \
                    and "/MCID" in props else None
                stack.append((str(operands[0]), mcid))
                if mcid is not None:
                    self.mcids.append(mcid)
                    self.marked[mcid] = ""
                elif str(operands[0]) == "/Artifact":
                    self.artifacts.append("")
            elif op == "EMC":
                stack.pop()
            elif op == "Tf":
                font = maps[str(operands[0])]
            elif op in ("Tj", "TJ", "'", '"'):
                strings = operands[-1] if op != "TJ" else operands[0]
                parts = [strings] if op != "TJ" else [s for s in strings
                                                      if isinstance(s, pikepdf.String)]
                text = "".join(font.get(b, "?") for s in parts for b in bytes(s))
                self._add(stack, text)

    def _add(self, stack: list[tuple[str, int | None]], text: str) -> None:
        if not stack:
            self.loose += text
        elif stack[0][0] == "/Artifact":
            self.artifacts[-1] += text
        else:
            mcid = next(m for _, m in reversed(stack) if m is not None)
            self.marked[mcid] += text


class Tagged:
    """A PDF's structure tree as (role, element, depth) in tree order, and each page's text."""

    def __init__(self, data: bytes) -> None:
        import io

        self.pdf = pikepdf.open(io.BytesIO(data))
        self.pages = [Page(p) for p in self.pdf.pages]
        self.page_of = {p.objgen: i for i, p in enumerate(self.pdf.pages)}
        kids = self.pdf.Root.StructTreeRoot.K
        self.root = kids[0] if isinstance(kids, pikepdf.Array) else kids

    def kids(self, element) -> list:
        k = element.get("/K")
        return [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]

    def walk(self, element=None, depth=0):
        element = self.root if element is None else element
        yield str(element.S)[1:], element, depth
        for kid in self.kids(element):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield from self.walk(kid, depth + 1)

    def content(self, element) -> list[tuple[int, int]]:
        """The (page, MCID) of the marked content directly under an element."""
        page = self.page_of.get(element.Pg.objgen) if "/Pg" in element else None
        out = []
        for kid in self.kids(element):
            if isinstance(kid, int):
                out.append((page, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                out.append((self.page_of[kid.Pg.objgen], int(kid.MCID)))
        return out

    def text(self, element) -> str:
        """All the text drawn for an element and the elements under it, in tree order."""
        own = "".join(self.pages[p].marked[m] for p, m in self.content(element))
        return own + "".join(self.text(k) for k in self.kids(element)
                             if isinstance(k, pikepdf.Dictionary) and "/S" in k)

    def read(self, element) -> str:
        """The text under an element read in order through the tree: its marked content and
        its elements, kid by kid, as a screen reader reads it."""
        page = self.page_of.get(element.Pg.objgen) if "/Pg" in element else None
        out = []
        for kid in self.kids(element):
            if isinstance(kid, int):
                out.append(self.pages[page].marked[int(kid)])
            elif kid.get("/Type") == "/MCR":
                out.append(self.pages[self.page_of[kid.Pg.objgen]].marked[int(kid.MCID)])
            elif "/S" in kid:
                out.append(self.read(kid))
        return "".join(out)

    def objrs(self, element) -> list:
        """The annotations' object references directly under an element."""
        return [k for k in self.kids(element)
                if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]

    def kinds(self, element) -> list[str]:
        """What each kid of an element is: "text" (marked content), "OBJR", or its role."""
        return ["text" if isinstance(k, int) or k.get("/Type") == "/MCR" else
                "OBJR" if k.get("/Type") == "/OBJR" else str(k.S)[1:]
                for k in self.kids(element)]

    def elements(self, role: str) -> list:
        return [e for r, e, _ in self.walk() if r == role]


def tagged(facts: Path = SEED, **options) -> Tagged:
    return Tagged(build(facts, ("pdf",), **options).outputs["pdf"])


# ---- the tree ------------------------------------------------------------------------------------


def test_headings_come_in_the_briefs_order_with_their_text():
    brief = tagged(audience="press")  # prints the title as a headline
    roles = [r for r, _, depth in brief.walk() if depth == 1]
    headings = [(r, brief.text(e)) for r, e, _ in brief.walk() if r in ("H1", "H2")]
    assert headings == [("H1", "Japan opens a dedicated diplomatic mission to NATO")] + [
        ("H2", t) for t in ("SUMMARY", "KEY FACTS", "TIMELINE", "ON THE RECORD",
                            "BY THE NUMBERS", "WHAT HAPPENS NEXT", "SOURCES")]
    # the marking, the masthead, the title, the DATE block, SUMMARY
    assert roles[:5] == ["P", "P", "H1", "Table", "H2"]
    assert [brief.text(p) for p in brief.elements("P")[:2]] == ["UNCLASSIFIED", "MEDIA BRIEF"]
    summary = roles.index("H2") + 1
    assert roles[summary] == "P"
    (_, element, _), = [w for w in brief.walk() if w[2] == 1][summary:summary + 1]
    assert brief.text(element).startswith("Japan opened a stand-alone diplomatic mission")
    # without a headline, the masthead is the H1 and the title is the SUBJECT in the block
    analyst = tagged(audience="analyst")
    (h1,) = analyst.elements("H1")
    assert analyst.text(h1) == "ANALYTICAL BRIEF"
    assert analyst.text(analyst.elements("H2")[0]) == "ASSESSMENT"


def test_every_mark_is_tagged_once_or_an_artifact_and_the_parent_tree_knows_it():
    for options in ({"audience": "press"}, {"pages": 2, "facts": FACTS_DIR / "crowded.yaml"}):
        facts = options.pop("facts", SEED)
        brief = tagged(facts, **options)
        owners: dict[tuple[int, int], object] = {}
        for _, element, _ in brief.walk():
            for place in brief.content(element):
                assert place not in owners, place  # no MCID in two elements
                owners[place] = element
        tree = brief.pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(tree[i]): tree[i + 1] for i in range(0, len(tree), 2)}
        for index, (page, obj) in enumerate(zip(brief.pages, brief.pdf.pages)):
            assert page.loose == ""  # nothing drawn outside marked content
            assert obj.obj.Tabs == "/S"
            assert sorted(page.mcids) == list(range(len(page.mcids)))  # each drawn once
            array = parents[int(obj.obj.StructParents)]
            assert len(array) == len(page.mcids)
            for mcid in page.mcids:
                assert array[mcid].objgen == owners[index, mcid].objgen
        assert len(owners) == sum(len(p.mcids) for p in brief.pages)


def test_lists_have_a_label_and_a_body_per_item():
    brief = tagged(FACTS_DIR / "mpox-emergency-2024.yaml", audience="press")
    lists = brief.elements("L")
    bullets, sources = lists[0], lists[-1]
    assert bullets.A.ListNumbering == "/Disc" and sources.A.ListNumbering == "/Decimal"
    for items, label in ((bullets, lambda n: "•"), (sources, lambda n: f"[{n}]")):
        entries = [k for k in brief.kids(items)]
        assert entries and all(e.S == "/LI" for e in entries)
        for n, entry in enumerate(entries, 1):
            lbl, body = brief.kids(entry)
            assert (lbl.S, body.S) == ("/Lbl", "/LBody")
            assert brief.text(lbl) == label(n)
            assert brief.text(body).strip()
    assert brief.text(brief.kids(sources)[0]).startswith("[1]World Health Organization")


def test_tables_have_row_headers_and_data_cells():
    brief = tagged(audience="analyst")
    fields, timeline = brief.elements("Table")[:2]
    rows = brief.kids(fields)
    assert [brief.text(r) for r in rows][0].startswith("TO:")
    for row in rows:
        head, value = brief.kids(row)
        assert (head.S, head.A.Scope, value.S) == ("/TH", "/Row", "/TD")
    (body,) = brief.kids(timeline)  # no header row: a TBody only
    assert body.S == "/TBody"
    for row in brief.kids(body):
        cells = brief.kids(row)
        assert [c.S for c in cells] == ["/TH", "/TD"] and cells[0].A.Scope == "/Row"
    date, event = brief.kids(brief.kids(body)[0])
    assert brief.text(date) == "Late 1970s" and brief.text(event).startswith("First informal")
    assert brief.elements("TD") and not brief.elements("THead")


def test_quotes_hold_their_attribution():
    brief = tagged(audience="analyst")
    quotes = brief.elements("BlockQuote")
    assert quotes
    for quote in quotes:
        text, by = brief.kids(quote)
        assert (text.S, by.S) == ("/P", "/P")
        assert brief.text(text).startswith("“") and brief.text(by).startswith("—")


def test_links_have_a_description_and_sit_in_link_elements():
    brief = tagged(FACTS_DIR / "mpox-emergency-2024.yaml", audience="press")
    tree = brief.pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(tree[i]): tree[i + 1] for i in range(0, len(tree), 2)}
    annots = [a for p in brief.pdf.pages for a in p.obj.get("/Annots", [])]
    assert len(annots) == 5
    for annot in annots:
        assert str(annot.Contents) == str(annot.A.URI) and str(annot.Contents).startswith("http")
        assert int(annot.F) & 4  # printed
        link = parents[int(annot.StructParent)]
        assert link.S == "/Link" and link.P.S == "/LBody" and "/Alt" not in link
        objr = brief.objrs(link)
        assert [k.Obj.objgen for k in objr] == [annot.objgen]
        assert str(annot.A.URI) in brief.text(link.P)


def _squash(text: str) -> str:
    """Text without its spaces and line breaks (a line's end is a break in pdftotext's text and
    nothing in the page's content)."""
    return re.sub(r"\s+", "", text)


def test_a_link_s_printed_text_is_its_link_element_s_content(tmp_path):
    # each source's address is the link: its text is the Link's content, beside its OBJR, after
    # the source's other words in its LBody; the item read through the tree is what pdftotext
    # prints for it, and the address is no longer the LBody's own text
    path = tmp_path / "mpox.pdf"
    path.write_bytes(build(FACTS_DIR / "mpox-emergency-2024.yaml", ("pdf",),
                           audience="press").outputs["pdf"])
    brief = Tagged(path.read_bytes())
    printed = _squash(pdf_text(path))
    links = brief.elements("Link")
    assert len(links) == 5
    for link in links:
        (annot,) = [k.Obj for k in brief.objrs(link)]
        assert brief.kinds(link) == ["text", "OBJR"]
        assert brief.read(link) == str(annot.A.URI)
        body = link.P
        assert brief.kinds(body) == ["text", "Link"]
        own = "".join(brief.pages[p].marked[m] for p, m in brief.content(body))
        assert str(annot.A.URI) not in own and own.rstrip().endswith(",")
        label = brief.read(brief.kids(body.P)[0])  # the LI's Lbl: "[4]"
        assert _squash(label + brief.read(body)) in printed


LINKED = """{% extends "builtin/brief.xml.j2" %}
{% block bottom_line %}
<section key="summary" title="Summary">
<p role="body">Intro words come first, before <a href="https://example.org/the-report">the \
ministry's report on the harbour barrier, which opens late and well over its budget</a>, and \
then the tail of the paragraph ends it.</p>
<p role="body">Before the page ends. {% for i in range(40) %}Filler words fill the page until \
it breaks. {% endfor %}<a href="https://example.org/long">{% for i in range(30) %}The linked \
words run on over the page break. {% endfor %}</a> After.</p>
<list><item key="a"><a href="https://example.org/whole">{% for i in range(3 %}An item that is \
all one link. {% endfor %}</a></item></list>
<table widths="0.5 0.5"><row key="r"><cell><a href="https://example.org/cell">A linked \
cell</a></cell><cell>A plain cell after it.</cell></row></table>
</section>
{% endblock %}
""".replace("range(3 %}", "range(3) %}")


def linked_brief(folder: Path) -> tuple[Path, dict]:
    """A facts file and build options for a brief with three links from a template of its
    own: one over two lines inside a paragraph, one over a page break, and a list item that
    is all link (reportlab writes a paragraph in one style another way)."""
    (folder / "brief.xml.j2").write_text(LINKED, encoding="utf-8")
    (folder / "theme.yaml").write_text("body_size: 14\nmin_body_size: 14\nleading: 2\n"
                                       "margin_top: 80\nmargin_bottom: 80\n", encoding="utf-8")
    facts = folder / "barrier.yaml"
    facts.write_text("title: The harbour barrier report\nsummary: Late.\n", encoding="utf-8")
    return facts, {"pages": 5, "template": str(folder)}


def _annots(brief: Tagged, url: str) -> list:
    return [a for p in brief.pdf.pages for a in p.obj.get("/Annots", [])
            if str(a.A.URI) == url]


def test_a_link_over_two_lines_is_one_link_element_read_in_its_paragraph(tmp_path):
    facts, options = linked_brief(tmp_path)
    built = build(facts, ("pdf",), **options).outputs["pdf"]
    assert build(facts, ("pdf",), **options).outputs["pdf"] == built  # byte-identical
    path = tmp_path / "barrier.pdf"
    path.write_bytes(built)
    qpdf_check(path)
    brief = Tagged(built)
    parents = brief.pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(parents[i]): parents[i + 1] for i in range(0, len(parents), 2)}
    (paragraph,) = [p for p in brief.elements("P") if brief.read(p).startswith("Intro")]
    assert brief.kinds(paragraph) == ["text", "Link", "text"]
    link = brief.kids(paragraph)[1]
    annots = _annots(brief, "https://example.org/the-report")
    assert len(annots) == 2  # reportlab's: one a line; both the one Link's, each after its line
    assert brief.kinds(link) == ["text", "OBJR", "text", "OBJR"]
    assert [k.Obj.objgen for k in brief.kids(link)[1::2]] == [a.objgen for a in annots]
    assert all(parents[int(a.StructParent)].objgen == link.objgen for a in annots)
    assert _squash(brief.read(link)) == _squash(
        "the ministry's report on the harbour barrier, which opens late and well over its budget")
    assert _squash(brief.read(paragraph)) in _squash(pdf_text(path))
    assert _squash(brief.read(paragraph)) == _squash(
        "Intro words come first, before the ministry's report on the harbour barrier, which "
        "opens late and well over its budget, and then the tail of the paragraph ends it.")
    linked, plain = [c for r, c, _ in brief.walk() if r in ("TD", "TH")][-2:]
    assert brief.kinds(linked) == ["Link"] and brief.read(linked) == "A linked cell"
    assert brief.kinds(plain) == ["text"] and brief.read(plain) == "A plain cell after it."


def test_a_link_over_two_pages_and_a_paragraph_all_link_are_one_link_each(tmp_path):
    facts, options = linked_brief(tmp_path)
    brief = Tagged(build(facts, ("pdf",), **options).outputs["pdf"])
    (paragraph,) = [p for p in brief.elements("P") if brief.read(p).startswith("Before")]
    assert brief.kinds(paragraph) == ["text", "text", "Link", "text"]  # page 2, page 3
    link = brief.kids(paragraph)[2]
    annots = _annots(brief, "https://example.org/long")
    objr = [k.Obj.objgen for k in brief.objrs(link)]
    assert len(annots) > 10 and objr == [a.objgen for a in annots]
    pages = [brief.page_of[k.Pg.objgen] for k in brief.objrs(link)]
    assert set(pages) == {1, 2}  # each OBJR on the page whose annotation it is
    assert all(k.Obj.objgen in [a.objgen for a in brief.pdf.pages[p].obj.Annots]
               for k, p in zip(brief.objrs(link), pages, strict=True))
    assert len({p for p, _ in brief.content(link)}) == 2  # its text on both pages
    words = "The linked words run on over the page break. " * 30
    assert _squash(brief.read(link)) == _squash(words)
    assert _squash(brief.read(paragraph)) == _squash(
        "Before the page ends. " + "Filler words fill the page until it breaks. " * 40
        + words + " After.")
    (body,) = brief.elements("LBody")
    assert brief.kinds(body) == ["Link"]
    (whole,) = brief.kids(body)
    annots = _annots(brief, "https://example.org/whole")
    assert len(annots) == 2 and brief.kinds(whole) == ["text", "OBJR", "OBJR"]
    assert _squash(brief.read(whole)) == _squash("An item that is all one link. " * 3)
    marked = "".join(t for page in brief.pages for t in page.marked.values())
    assert not any("linked" in a or "link." in a for page in brief.pages for a in page.artifacts)
    assert _squash(marked).count("Thelinkedwords") == 30  # each once, none an artifact


def test_the_marking_is_read_once_first_and_the_other_banners_and_page_marks_are_artifacts():
    brief = tagged(FACTS_DIR / "crowded.yaml", pages=2)
    assert len(brief.pages) == 2
    marked = [t for page in brief.pages for t in page.marked.values()]
    # the first page's top banner line is read, first; its bottom line and page 2's are not
    assert brief.pages[0].artifacts.count("OFFICIAL") == 1
    assert brief.pages[1].artifacts.count("OFFICIAL") == 2
    assert marked.count("OFFICIAL") == 1
    for index, page in enumerate(brief.pages, 1):
        assert f"Page {index} of 2" in page.artifacts
    assert "Page 1 of 2" not in "".join(marked)
    running = [a for a in brief.pages[1].artifacts if " · " in a]
    assert running and running[0].startswith("BRIEFING MEMO · ")  # the label, not the title
    first = [(r, brief.read(e)) for r, e, d in brief.walk() if d == 1][:3]
    assert [r for r, _ in first] == ["P", "H1", "Table"]  # the marking, the masthead, TO/FROM
    assert first[0][1] == "OFFICIAL"


def test_a_table_or_paragraph_over_two_pages_is_one_element(tmp_path):
    brief = tagged(FACTS_DIR / "crowded.yaml", pages=2, audience="press", release=("OFFICIAL",))
    spread = [t for t in brief.elements("Table") if len(_pages(brief, t)) == 2]
    assert len(brief.pages) == 2 and len(spread) == 1
    rows = [r for r in brief.kids(brief.kids(spread[0])[0])]
    assert all(len(_pages(brief, r)) == 1 for r in rows)  # split between rows
    long = tmp_path / "long.yaml"  # a summary taller than a page, in large text
    long.write_text("title: A long summary\nsummary: " + "The barrier opens late. " * 200
                    + "\n", encoding="utf-8")
    (tmp_path / "theme.yaml").write_text("body_size: 14\nmin_body_size: 14\nleading: 2\n"
                                         "margin_top: 80\nmargin_bottom: 80\n",
                                         encoding="utf-8")
    brief = tagged(long, pages=5, template=str(tmp_path))
    (summary,) = [p for p in brief.elements("P") if brief.text(p).startswith("The barrier")]
    assert len(brief.pages) >= 2 and len({p for p, _ in brief.content(summary)}) >= 2
    assert brief.text(summary).count("barrier") == 200


def test_a_table_row_taller_than_a_page_is_one_row_over_the_pages(tmp_path):
    (tmp_path / "theme.yaml").write_text(
        "small_size: 14\nmin_small_size: 14\nbody_size: 14\nmin_body_size: 14\nleading: 2\n"
        "margin_top: 80\nmargin_bottom: 80\n", encoding="utf-8")
    facts = tmp_path / "tall.yaml"
    facts.write_text("title: A tall row\nsummary: One event is long.\ntimeline:\n"
                     "  - {date: 2024-01-02, event: A short one.}\n"
                     "  - {date: 2024-02-03, event: " + "The barrier opens late. " * 150 + "}\n"
                     "  - {date: 2024-03-04, event: The last one.}\n", encoding="utf-8")
    brief = tagged(facts, pages=5, template=str(tmp_path))
    timeline = brief.elements("Table")[1]
    rows = [brief.kids(r) for r in brief.kids(brief.kids(timeline)[0])]
    assert [[brief.text(c) for c in row][0] for row in rows] == [
        "2 Jan 2024", "3 Feb 2024", "4 Mar 2024"]
    assert brief.text(rows[1][1]).count("barrier") == 150
    assert len(_pages(brief, rows[1][1])) == len(brief.pages) > 2
    assert brief.text(rows[2][1]) == "The last one."
    assert all(page.loose == "" for page in brief.pages)


def _pages(brief: Tagged, element) -> set[int]:
    """The pages the content of an element and those under it lies on."""
    found = {page for page, _ in brief.content(element)}
    for kid in brief.kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found |= _pages(brief, kid)
    return found


def test_the_facts_text_is_tagged_in_its_own_language():
    brief = tagged(SEED, language="fr", audience="press")
    assert brief.pdf.Root.Lang == "fr"
    (title,) = brief.elements("H1")
    assert title.Lang == "en"
    headings = brief.elements("H2")
    assert headings and all("/Lang" not in h for h in headings)  # the brief's own words
    assert brief.text(headings[0]) == "RÉSUMÉ"
    assert all(b.Lang == "en" for b in brief.elements("LBody"))
    date_cells = [c for c in brief.elements("TD") if re.search(r"\d{4}$", brief.text(c))]
    assert any("/Lang" not in c for c in date_cells)  # the DATE field's value, in French
    english = tagged(SEED, audience="press")
    assert all("/Lang" not in e for _, e, _ in english.walk())


def test_the_logo_is_a_figure_with_its_alternative_text(tmp_path):
    folder = tmp_path / "house"
    folder.mkdir()
    Image.new("RGB", (120, 40), (10, 120, 200)).save(folder / "logo.png")
    (folder / "theme.yaml").write_text("logo: logo.png\nlogo_alt: Ministry of Ports\n",
                                       encoding="utf-8")
    brief = tagged(template=str(folder))
    (figure,) = brief.elements("Figure")
    assert figure.Alt == "Ministry of Ports" and len(figure.A.BBox) == 4
    assert len(brief.content(figure)) == 1
    word = docx.Document(io.BytesIO(build(SEED, ("docx",), template=str(folder))
                                     .outputs["docx"]))
    (described,) = word.sections[0].header._element.xpath(".//wp:docPr")
    assert described.get("descr") == "Ministry of Ports"  # the DOCX's picture says the same
    (folder / "theme.yaml").write_text("logo: logo.png\n", encoding="utf-8")
    default = tagged(template=str(folder))
    (figure,) = default.elements("Figure")
    assert figure.Alt == "Regional Security Desk"  # the memo's from
    assert tagged().elements("Figure") == []


def test_catalog_and_xmp_say_what_the_info_says():
    brief = tagged()
    pdf = brief.pdf
    assert pdf.Root.MarkInfo.Marked is True
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert pdf.Root.Lang == "en"
    info, xmp = pdf.docinfo, pdf.open_metadata()
    title = "Japan opens a dedicated diplomatic mission to NATO"
    assert xmp["dc:title"] == str(info.Title) == title
    assert xmp["dc:creator"] == [str(info.Author)] == ["Regional Security Desk"]
    assert xmp["dc:description"] == str(info.Subject)
    assert xmp["dc:language"] == {"en"}
    assert xmp["pdf:Producer"] == str(info.Producer) == "briefgen"
    assert xmp["xmp:CreatorTool"] == str(info.Creator)
    assert xmp["pdfuaid:part"] == "1"
    assert str(info.CreationDate) == "D:20250203000000+00'00'"
    assert xmp["xmp:CreateDate"] == xmp["xmp:ModifyDate"] == "2025-02-03T00:00:00+00:00"


@pytest.mark.parametrize("options", [{"audience": "press", "release": ("OFFICIAL",)},
                                     {"pages": 2}])
def test_tagged_briefs_rebuild_byte_identical_and_pass_qpdf(options, tmp_path):
    facts = FACTS_DIR / "crowded.yaml"
    first = build(facts, ("pdf",), **options).outputs["pdf"]
    assert build(facts, ("pdf",), **options).outputs["pdf"] == first
    path = tmp_path / "brief.pdf"
    path.write_bytes(first)
    qpdf_check(path)
    assert "Port Wenlow" in pdf_text(path)



HEADED = """{% extends "builtin/brief.xml.j2" %}
{% block timeline %}{% if timeline %}
<section title="{{ heading('timeline') }}" key="timeline">
  <table widths="0.2 0.8" drop="first"><head><cell>When</cell><cell>What happened</cell></head>
    {% for x in timeline %}<row key="{{ x.key }}" priority="{{ x.priority }}">
      <cell>{{ x.date }}</cell><cell>{{ x.event }}</cell></row>
    {% endfor %}
  </table>
</section>
{% endif %}{% endblock %}
"""


def test_a_header_row_is_column_headers_and_its_repeat_on_a_later_page_an_artifact(tmp_path):
    (tmp_path / "brief.xml.j2").write_text(HEADED, encoding="utf-8")
    brief = tagged(FACTS_DIR / "valencia-dana-floods.yaml", pages=2, template=str(tmp_path))
    (table,) = [t for t in brief.elements("Table") if brief.kids(t)[0].S == "/THead"]
    head, body = brief.kids(table)
    (row,) = brief.kids(head)
    assert [(brief.text(c), c.S, c.A.Scope) for c in brief.kids(row)] == [
        ("When", "/TH", "/Column"), ("What happened", "/TH", "/Column")]
    assert all(c.S == "/TD" for r in brief.kids(body) for c in brief.kids(r))  # no row headers
    assert _pages(brief, table) == {0, 1}
    assert "When" in brief.pages[1].artifacts  # the header row repeated on page 2
    marked = [t for page in brief.pages for t in page.marked.values()]
    assert marked.count("When") == 1


def test_tagging_imports_nothing_heavy(tmp_path):
    """A PDF build in a fresh process imports no network or mail module for its XMP (the
    standard XML escaper would bring urllib.request, ssl and email: 3 MB and 40 ms)."""
    import subprocess
    import sys

    script = ("import sys\nfrom briefgen.pipeline import build\n"
              f"build({str(SEED)!r}, ('pdf',))\n"
              "print(sorted(m for m in ('urllib.request', 'ssl', 'email', 'http.client', "
              "'pikepdf') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.split() == ["[]"]
