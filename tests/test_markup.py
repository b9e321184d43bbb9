"""markup.parse: briefgen's small XML vocabulary -> the Document tree."""

from __future__ import annotations

import pytest
from test_template_safety import BASE, folder, refused

from briefgen.compose import document as d
from briefgen.compose import markup
from briefgen.errors import TemplateError

NBSP = "\u00a0"


def parse_blocks(body: str) -> tuple[d.Block, ...]:
    """The blocks of the only section of a brief whose section holds `body`."""
    doc = markup.parse(f"<brief><section>{body}</section></brief>")
    assert len(doc.sections) == 1
    return doc.sections[0].blocks


def runs_of(body: str) -> d.Runs:
    (block,) = parse_blocks(f"<p>{body}</p>")
    assert isinstance(block, d.Paragraph)
    return block.runs


def problem_of(text: str, source: str = "brief.xml.j2"):
    with pytest.raises(TemplateError) as info:
        markup.parse(text, source)
    (problem,) = info.value.problems
    assert problem.file == source
    return problem


# -- every element of the vocabulary ----------------------------------------------------------


def test_brief_attributes_become_document_metadata():
    doc = markup.parse('<brief banner="SECRET" title="T" author="A" date="2025-02-03" lang="fr">'
                       "</brief>")
    assert doc == d.Document(banner="SECRET", sections=(), title="T", author="A",
                             date="2025-02-03", language="fr")


def test_brief_defaults_and_empty_banner_is_none():
    doc = markup.parse('<brief banner=""/>')
    assert doc.banner is None
    assert (doc.title, doc.author, doc.date, doc.language) == ("", "", "", "en")


def test_sections_keep_order_title_and_key():
    doc = markup.parse('<brief><section title="One" key="a"/><section key="b"/>'
                       '<section title=""/></brief>')
    assert doc.sections == (d.Section("One", (), "a"), d.Section(None, (), "b"),
                            d.Section(None, (), ""))


@pytest.mark.parametrize("role", sorted(markup.ROLES))
def test_paragraph_roles(role):
    (block,) = parse_blocks(f'<p role="{role}">Hello</p>')
    assert block == d.Paragraph((d.Run("Hello"),), role)


def test_paragraph_default_role_is_body():
    (block,) = parse_blocks("<p>Hello</p>")
    assert block == d.Paragraph((d.Run("Hello"),), "body")


def test_fields():
    (block,) = parse_blocks('<fields><field label="TO">Desk</field>'
                            '<field label="SUBJECT"><b>Topic</b></field></fields>')
    assert block == d.Fields((("TO", (d.Run("Desk"),)),
                              ("SUBJECT", (d.Run("Topic", bold=True),))))


def test_bullet_list_with_keys_and_priorities():
    (block,) = parse_blocks('<list><item key="key_points[0]" priority="1">One</item>'
                            '<item key="key_points[1]" priority="3">Two</item>'
                            "<item>Three</item></list>")
    assert block == d.BulletList((
        d.ListItem(key="key_points[0]", priority=1, runs=(d.Run("One"),)),
        d.ListItem(key="key_points[1]", priority=3, runs=(d.Run("Two"),)),
        d.ListItem(key=None, priority=1, runs=(d.Run("Three"),)),
    ), numbered=False, drop_from="last")


def test_numbered_list_drop_first():
    (block,) = parse_blocks('<list numbered="yes" drop="first">'
                            '<item number="[1]">A</item></list>')
    assert block == d.BulletList((d.ListItem(runs=(d.Run("A"),), number="[1]"),),
                                 numbered=True, drop_from="first")


def test_numbered_no_is_a_bullet_list():
    (block,) = parse_blocks('<list numbered="no"><item>A</item></list>')
    assert block.numbered is False


def test_table_with_head_rows_and_normalised_widths():
    (block,) = parse_blocks('<table widths="20 80" drop="first">'
                            "<head><cell>When</cell><cell>What</cell></head>"
                            '<row key="timeline[0]" priority="2"><cell>2024</cell>'
                            "<cell><i>Thing</i> happened</cell></row>"
                            "<row><cell>2025</cell><cell>Other</cell></row></table>")
    assert isinstance(block, d.Table)
    assert block.widths == pytest.approx((0.2, 0.8))
    assert block.header == ((d.Run("When"),), (d.Run("What"),))
    assert block.drop_from == "first"
    assert block.rows == (
        d.Row(key="timeline[0]", priority=2,
              cells=((d.Run("2024"),), (d.Run("Thing", italic=True), d.Run(" happened")))),
        d.Row(key=None, priority=1, cells=((d.Run("2025"),), (d.Run("Other"),))),
    )


def test_table_widths_any_scale_and_default_drop():
    (block,) = parse_blocks('<table widths="1 1 2"><row><cell>a</cell><cell>b</cell>'
                            "<cell>c</cell></row></table>")
    assert block.widths == pytest.approx((0.25, 0.25, 0.5))
    assert block.header is None
    assert block.drop_from == "last"


def test_quote_with_text_and_attribution():
    (block,) = parse_blocks('<quote key="quotes[0]" priority="2">'
                            "<text>“Words”</text><by>— <b>Someone</b>, role</by></quote>")
    assert block == d.Quote(key="quotes[0]", priority=2, runs=(d.Run("“Words”"),),
                            attribution=(d.Run("— "), d.Run("Someone", bold=True),
                                         d.Run(", role")))


def test_quote_without_attribution():
    (block,) = parse_blocks("<quote><text>Only words</text></quote>")
    assert block == d.Quote(runs=(d.Run("Only words"),), attribution=())


def test_all_block_kinds_in_one_section_keep_order():
    blocks = parse_blocks('<p>a</p><fields><field label="X">b</field></fields>'
                          "<list><item>c</item></list>"
                          '<table widths="1"><row><cell>d</cell></row></table>'
                          "<quote><text>e</text></quote>")
    assert [type(b) for b in blocks] == [d.Paragraph, d.Fields, d.BulletList, d.Table, d.Quote]


# -- inline runs -----------------------------------------------------------------------------


def test_inline_bold_italic_cite_link_runs():
    runs = runs_of('Plain <b>bold</b> <i>it</i> <b><i>both</i></b> <cite>[1, 2]</cite> '
                   '<a href="https://example.org/x?a=1&amp;b=2">link</a>.')
    assert runs == (
        d.Run("Plain "),
        d.Run("bold", bold=True),
        d.Run(" "),
        d.Run("it", italic=True),
        d.Run(" "),
        d.Run("both", bold=True, italic=True),
        d.Run(" "),
        d.Run("[1, 2]", cite=True),
        d.Run(" "),
        d.Run("link", href="https://example.org/x?a=1&b=2"),
        d.Run("."),
    )


def test_inline_look_nests_into_links():
    runs = runs_of('<a href="http://example.org/"><b>bold</b> link</a>')
    assert runs == (d.Run("bold", bold=True, href="http://example.org/"),
                    d.Run(" link", href="http://example.org/"))


def test_neighbouring_runs_with_the_same_look_merge():
    assert runs_of("<b>a</b><b>b</b>c") == (d.Run("ab", bold=True), d.Run("c"))


def test_whitespace_folds_and_trims():
    assert runs_of("\n   Several\t\tspaced \r\n  words  \n") == (d.Run("Several spaced words"),)


def test_whitespace_spanning_two_runs_is_one_space():
    assert runs_of("a <b> b</b>") == (d.Run("a "), d.Run("b", bold=True))


def test_no_break_space_survives_inside_text():
    assert runs_of(f"10{NBSP}km  and{NBSP}{NBSP}more") == (
        d.Run(f"10{NBSP}km and{NBSP}{NBSP}more"),)


def test_no_break_space_between_runs_survives():
    runs = runs_of(f"<b>10</b>{NBSP}<i>km</i>")
    assert d.plain_text(runs) == f"10{NBSP}km"


def test_no_break_space_at_the_ends_is_text_not_white_space():
    # markup.py: "XML white space only: a no-break space is text". Only XML white space may be
    # trimmed at the ends of a paragraph; str.strip() also eats U+00A0.
    assert d.plain_text(runs_of(f"{NBSP}indented")) == f"{NBSP}indented"
    assert d.plain_text(runs_of(f"end{NBSP}")) == f"end{NBSP}"


def test_leading_space_is_trimmed_even_when_the_first_run_is_only_space():
    # " " (plain) is dropped as empty, and the next run's leading space must go too.
    assert runs_of(" <b> bold</b> ") == (d.Run("bold", bold=True),)
    assert runs_of("<b>bold </b><i> </i>") == (d.Run("bold", bold=True),)


def test_entities_become_literal_characters():
    assert runs_of("Tom &amp; Jerry &lt;b&gt;not bold&lt;/b&gt; &quot;q&quot; &#169;") == (
        d.Run('Tom & Jerry <b>not bold</b> "q" ©'),
    )


def test_entities_in_attributes():
    doc = markup.parse('<brief title="A &amp; B &lt;i&gt;"/>')
    assert doc.title == "A & B <i>"


def test_empty_paragraph_has_no_runs():
    assert runs_of("   ") == ()


# -- errors, each with a line ----------------------------------------------------------------

BAD = {
    "unknown element": ("<brief>\n<section>\n<blink>x</blink>\n</section>\n</brief>", 3,
                        "unknown element"),
    "unknown inline element": ("<brief>\n<section>\n<p>a\n<u>x</u></p>\n</section>\n</brief>", 4,
                               "unknown element <u>"),
    "block inside inline": ("<brief>\n<section>\n<p>\n<p>x</p></p>\n</section>\n</brief>", 4,
                            "not allowed"),
    "inline inside section": ("<brief>\n<section>\n<b>x</b>\n</section>\n</brief>", 3,
                              "not allowed"),
    "unknown attribute": ('<brief>\n<section>\n<p style="color:red">x</p>\n</section>\n</brief>',
                          3, "no attribute 'style'"),
    "unknown attribute on brief": ('<brief onload="x">\n</brief>', 1, "no attribute"),
    "stray text in section": ("<brief>\n<section>\nloose text\n</section>\n</brief>", 2,
                              "loose text"),
    "stray text in list": (("<brief>\n<section>\n<list>\nloose<item>a</item>\n</list>\n"
                           "</section>\n</brief>"), 3, "loose"),
    "stray text in brief": ("<brief>\nloose\n<section/>\n</brief>", 1, "loose"),
    "stray text in table row": (('<brief>\n<section>\n<table widths="1">\n<row>x<cell>a</cell>'
                                "</row>\n</table>\n</section>\n</brief>"), 4, "'x'"),
    "bad priority": (('<brief>\n<section>\n<list>\n<item priority="4">a</item>\n</list>\n'
                     "</section>\n</brief>"), 4, "priority"),
    "bad priority on row": (('<brief>\n<section>\n<table widths="1">\n<row priority="high">'
                            "<cell>a</cell></row>\n</table>\n</section>\n</brief>"), 4,
                            "priority"),
    "bad priority on quote": (('<brief>\n<section>\n<quote priority="0"><text>a</text></quote>\n'
                              "</section>\n</brief>"), 3, "priority"),
    "bad drop on list": (('<brief>\n<section>\n<list drop="middle"><item>a</item></list>\n'
                         "</section>\n</brief>"), 3, "drop"),
    "bad drop on table": (('<brief>\n<section>\n\n<table widths="1" drop="random"><row>'
                          "<cell>a</cell></row></table>\n</section>\n</brief>"), 4, "drop"),
    "too few cells": (('<brief>\n<section>\n<table widths="20 80">\n<row><cell>a</cell></row>\n'
                      "</table>\n</section>\n</brief>"), 4, "1 cells"),
    "too many cells": (('<brief>\n<section>\n<table widths="20 80">\n<row><cell>a</cell>'
                       "<cell>b</cell>\n<cell>c</cell></row>\n</table>\n</section>\n</brief>"),
                       4, "3 cells"),
    "head with wrong cells": (('<brief>\n<section>\n<table widths="20 80">\n\n<head><cell>a'
                              "</cell></head>\n</table>\n</section>\n</brief>"), 5, "cells"),
    "table without widths": (("<brief>\n<section>\n<table><row><cell>a</cell></row></table>\n"
                             "</section>\n</brief>"), 3, "widths"),
    "table with bad widths": (('<brief>\n<section>\n<table widths="a b"><row><cell>a</cell>'
                              "</row></table>\n</section>\n</brief>"), 3, "widths"),
    "table with zero width": (('<brief>\n<section>\n<table widths="0 1"><row><cell>a</cell>'
                              "<cell>b</cell></row></table>\n</section>\n</brief>"), 3, "widths"),
    "unknown role": ('<brief>\n<section>\n<p role="shout">x</p>\n</section>\n</brief>', 3,
                     "role"),
    "javascript link": (('<brief>\n<section>\n<p>\n<a href="javascript:alert(1)">x</a></p>\n'
                        "</section>\n</brief>"), 4, "not an http(s) URL"),
    "javascript link with spaces": (('<brief>\n<section>\n<p><a href=" javascript:x">x</a></p>\n'
                                    "</section>\n</brief>"), 3, "http"),
    "data link": (('<brief>\n<section>\n<p><a href="data:text/html,x">x</a></p>\n'
                  "</section>\n</brief>"), 3, "http"),
    "relative link": (('<brief>\n<section>\n<p><a href="/etc/passwd">x</a></p>\n'
                      "</section>\n</brief>"), 3, "http"),
    "link without href": ("<brief>\n<section>\n<p><a>x</a></p>\n</section>\n</brief>", 3,
                          "http"),
    "malformed: unclosed": ("<brief>\n<section>\n<p>x\n</section>\n</brief>", 4, "malformed"),
    "malformed: bare ampersand": ("<brief>\n<section>\n<p>a & b</p>\n</section>\n</brief>", 3,
                                  "malformed"),
    "malformed: undefined entity": ("<brief>\n<section>\n<p>&nbsp;</p>\n</section>\n</brief>",
                                    3, "malformed"),
    "malformed: empty": ("", 1, "malformed"),
    "two roots": ("<brief/>\n<brief/>", 2, "malformed"),
    "wrong root": ("<section/>", 1, "<brief>"),
    "entity declaration": ('<!DOCTYPE x [<!ENTITY a "b">]>\n<brief/>', 1, "entit"),
    "entity declaration later": (('<?xml version="1.0"?>\n<!DOCTYPE brief [\n'
                                 '<!ENTITY a "b">\n]>\n<brief>&a;</brief>'), 3, "entit"),
    "billion laughs": (('<!DOCTYPE brief [\n<!ENTITY a "aaaaaaaaaa">\n'
                       '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
                       "<brief><section><p>&b;</p></section></brief>"), 2, "entit"),
    "external entity": (('<!DOCTYPE brief [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
                        "<brief><section><p>&x;</p></section></brief>"), 2, "entit"),
}


@pytest.mark.parametrize("text, line, words", BAD.values(), ids=BAD.keys())
def test_bad_markup_is_a_template_error_with_a_line(text, line, words):
    problem = problem_of(text)
    assert problem.line == line, problem
    assert words.lower() in problem.message.lower()
    assert problem.field == "markup"
    assert f"brief.xml.j2:{line}:" in str(problem)


def test_error_names_the_source_given():
    problem = problem_of("<brief><nope/></brief>", source="/x/my.xml.j2")
    assert problem.file == "/x/my.xml.j2"


def test_error_message_lists_known_elements():
    problem = problem_of("<brief><nope/></brief>")
    assert "<nope>" in problem.message and "section" in problem.message


def test_links_over_http_and_https_are_kept():
    runs = runs_of('<a href="http://a.example/">a</a> <a href="https://b.example/p">b</a>')
    assert [r.href for r in runs if r.href] == ["http://a.example/", "https://b.example/p"]


# ---- errors at the template line the user wrote (through `briefgen build -t FOLDER`) -----------

def _block(*lines: str) -> str:
    """A 7-line user template: the built-in one with its footer block replaced by a section
    whose lines 4 and 5 are `lines`."""
    return BASE + "{% block footer %}\n<section key=\"footer\">\n" + "\n".join(lines) + \
        "\n</section>\n{% endblock %}\n"


@pytest.mark.parametrize(("line4", "line5", "at", "message"), [
    ("<p>one</p>", '<p role="bogus">five</p>', 5,
     "unknown paragraph role 'bogus' (known: body, lead, masthead, note, title)"),
    ("<p>one</p>", '<p tone="loud">five</p>', 5, "<p> has no attribute 'tone'"),
    ("<p>one</p>", '<p>{{ "<q>" | safe }}five</p>', 5,
     ("unknown element <q> (known: a, b, brief, by, cell, cite, field, fields, head, i, item, "
      "list, number, p, quote, row, section, table, text)")),
    ("<p>one</p>", "<p>five", 6,
     "malformed markup: mismatched tag: </section> closes <p>, opened at line 5"),
    ("<p>one</p>", "<p><b>five</i></p>", 5,
     "malformed markup: mismatched tag: </i> closes <b>, opened at line 5"),
    ('<table widths="1 1">', "<row><cell>x</cell></row></table>", 5,
     "<row> has 1 cells but the table has 2 columns"),
    ("<list>", '<item priority="{{ 2 + 5 }}">x</item></list>', 5,
     "priority must be 1, 2 or 3, not '7'"),
    ("<p>one</p>", '<p><a href="ftp://x">x</a></p>', 5, "link 'ftp://x' is not an http(s) URL"),
])
def test_a_markup_error_is_named_at_the_template_line_written(tmp_path, line4, line5, at,
                                                              message):
    """Once reported at a line of the rendered markup (12 or so, of a 7-line file): now at
    the line of the user's file that wrote it."""
    t = folder(tmp_path, {"brief.xml.j2": _block(line4, line5)})
    assert len(_block(line4, line5).splitlines()) == 7
    assert refused(tmp_path, "-f", "pdf") == f"error: {t / 'brief.xml.j2'}:{at}: markup: {message}"


def test_an_element_left_open_in_a_block_is_named_where_it_opens(tmp_path):
    """The masthead block sits inside the built-in template's <p>: the </p> that does not match
    is briefgen's line, so the user's open <b> is named, at the user's line."""
    t = folder(tmp_path, {"brief.xml.j2": BASE + "{% block label %}\nA\n<b>NOTE\n"
                                              "{% endblock %}\n"})
    assert refused(tmp_path, "-f", "pdf") == (
        f"error: {t / 'brief.xml.j2'}:4: markup: malformed markup: <b> is not closed "
        "(</p> follows)")


def test_a_markup_error_in_an_included_file_names_that_file(tmp_path):
    t = folder(tmp_path, {"brief.xml.j2": _block("<p>one</p>", '<p>{% include "part.j2" %}</p>'),
                          "part.j2": "x\ny\n<b>z</i>\n"})
    assert refused(tmp_path, "-f", "pdf") == (
        f"error: {t / 'part.j2'}:3: markup: malformed markup: mismatched tag: </i> closes <b>, "
        "opened at line 3")


UNPRINTED = "cannot print '\u1230' (U+1230): no font briefgen has prints them (fonts tried: "


@pytest.mark.parametrize("written", ["NOTE &#x1230; here", 'NOTE {{ "\\u1230" }} here',
                                     'NOTE {{ "%c" | format(4656) }} here'])
def test_text_a_template_makes_that_no_font_prints_is_blamed_on_the_template(tmp_path, written):
    """A character reference or an escape makes text no font prints that the template's own
    text did not show: once `error: briefgen: ... install the fonts` (wrong: the fonts are
    there), now the template line, and advice that is true."""
    t = folder(tmp_path, {"brief.xml.j2": BASE + "{% block label %}\n" + written +
                                          "\n{% endblock %}\n"})
    line = refused(tmp_path, "-f", "docx")
    assert line.startswith(f"error: {t / 'brief.xml.j2'}:3: template: {UNPRINTED}"), line
    assert "remove them from the template" in line


def test_a_label_no_font_has_is_blamed_on_the_audience_with_the_font_path_advice(tmp_path):
    """A character that some font could print but none briefgen has: the audience file, line
    and key, and the true remedies (another text, or a font added through BRIEFGEN_FONT_PATH)."""
    t = folder(tmp_path, {"audiences/default.yaml": "extends: default\ntitles:\n"
                                                    "  key_points: \"Points \\U0001F99C\"\n"})
    line = refused(tmp_path, "-f", "pdf")
    assert line.startswith(f"error: {t / 'audiences' / 'default.yaml'}:3: titles.key_points: "
                           "cannot print '\U0001F99C' (U+1F99C): no font briefgen has prints "
                           "them (fonts tried: ")
    assert line.endswith("): write this text without them, or add a TrueType font that has "
                         "them to BRIEFGEN_FONT_PATH")
    assert "install" not in line


def test_the_locator_names_lines_and_claims_none_when_unsure():
    """`Locator` finds the line of literal text and of an expression's output; a template that
    measures its own text renders differently with markers, so no line is claimed."""
    import jinja2

    from briefgen.design.template_lines import Locator

    env = jinja2.Environment(loader=jinja2.DictLoader({
        "t": "first\n{{ name }} second\nthird\n",
        "m": "{% set s %}ab\ncd{% endset %}{{ s | length }}\n"}))
    text = env.get_template("t").render(name="N")
    where = Locator(env, "t", {"name": "N"}, text)
    assert [where(text.index(c)) for c in ("f", "N", " second", "t\n")] == [
        ("t", 1), ("t", 2), ("t", 2), ("t", 1)]
    assert where(text.index("third")) == ("t", 3)
    text = env.get_template("m").render()
    assert Locator(env, "m", {}, text)(0) is None
    env.loader.mapping["u"] = "«é»\n{{ name }}\n"  # offsets are UTF-8 bytes, as expat counts
    text = env.get_template("u").render(name="N")
    where = Locator(env, "u", {"name": "N"}, text)
    assert where(text.encode().index(b"N")) == ("u", 2)
    assert where(text.encode().index("»".encode())) == ("u", 1)
