"""templates: the sandboxed, autoescaped Jinja2 environment, and the default template."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from briefgen.compose import document as d
from briefgen.compose import markup
from briefgen.compose.context import build_context
from briefgen.design import environment as templates
from briefgen.design.audience import load_audience
from briefgen.design.load import catalogue, find_templates
from briefgen.errors import TemplateError
from briefgen.input.facts import load_facts
from briefgen.input.urls import link_target

DAY = datetime.date(2025, 2, 3)
DEFAULT_DIR = templates.BUILTIN_DIR
HOSTILE = [
    "Uses <b>bold</b> tags",
    "Fish & chips &amp; &lt;",
    "Sums {{ 7*7 }} here",
    "Includes {% include 'x' %} here",
    "Runs <script>alert(1)</script> here",
    "Quotes \"double\" and 'single'",
    "Closes ]]> and <!-- comments --> and <?pi?>",
    "Entity &nbsp; and &#60;",
]
URL = "https://example.org/a?b=1&c=<2>"


def hostile_facts() -> dict:
    return {
        "title": "Title <b>{{ 7*7 }}</b> & \"more\"",
        "summary": "Summary <i>one</i> & {% raw %}\n\nSecond {{ x }} paragraph",
        "date": "2025-02-03",
        "memo": {"to": "<script>x</script>", "from": "Desk & Co", "cc": "{{ memo }}",
                 "reference": "R&D-<1>", "classification": "A & B <c>"},
        "key_points": [{"text": text, "sources": ["s1"], "priority": 1} for text in HOSTILE],
        "timeline": [{"date": "2024", "event": HOSTILE[0]},
                     {"date": "c. 2014", "event": HOSTILE[2]}],
        "quotes": [{"text": HOSTILE[4], "speaker": "A <b>speaker</b>", "role": "{{ role }}",
                    "context": "&amp;", "sources": ["s1"]}],
        "figures": [{"label": HOSTILE[1], "value": "<50%", "note": HOSTILE[3]}],
        "outlook": list(HOSTILE),
        "sources": [{"id": "s1", "title": "Source <i>title</i> & co", "publisher": "{{ pub }}",
                     "url": URL}],
    }


@pytest.fixture
def hostile_doc(tmp_path) -> d.Document:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(hostile_facts()), encoding="utf-8")
    facts = load_facts(path)
    context = build_context(facts, DAY)
    context["audience"] = load_audience("default", [DEFAULT_DIR]).context()
    text = templates.render(templates.environment(), templates.TEMPLATE_FILE, context)
    return markup.parse(text, str(DEFAULT_DIR / templates.TEMPLATE_FILE))


def section(doc: d.Document, key: str) -> d.Section:
    (found,) = [s for s in doc.sections if s.key == key]
    return found


def all_runs(doc: d.Document) -> list[d.Run]:
    out: list[d.Run] = []
    for s in doc.sections:
        for block in s.blocks:
            if isinstance(block, d.Paragraph):
                out += block.runs
            elif isinstance(block, d.BulletList):
                for item in block.items:
                    out += item.runs
            elif isinstance(block, d.Table):
                for row in block.rows:
                    for cell in row.cells:
                        out += cell
            elif isinstance(block, d.Fields):
                for _, runs in block.rows:
                    out += runs
            elif isinstance(block, d.Quote):
                out += block.runs + block.attribution
    return out


def test_fact_text_arrives_as_exactly_those_characters(hostile_doc):
    (points,) = section(hostile_doc, "key_points").blocks
    assert [d.plain_text(i.runs) for i in points.items] == [f"{t} [1]" for t in HOSTILE]
    for item, text in zip(points.items, HOSTILE):
        # the fact is one plain run: none of its "tags" became bold, italic or links
        assert item.runs[0] == d.Run(text + " ")
        assert item.runs[1] == d.Run("[1]", cite=True)
    (outlook,) = section(hostile_doc, "outlook").blocks
    assert [d.plain_text(i.runs) for i in outlook.items] == HOSTILE


def test_fact_text_in_other_places(hostile_doc):
    assert hostile_doc.title == 'Title <b>{{ 7*7 }}</b> & "more"'
    assert hostile_doc.banner == "A & B <c>"
    assert hostile_doc.author == "Desk & Co"
    (fields,) = section(hostile_doc, "header").blocks[1:]
    values = {label: runs for label, runs in fields.rows}
    assert d.plain_text(values["TO"]) == "<script>x</script>"
    assert d.plain_text(values["CC"]) == "{{ memo }}"
    assert d.plain_text(values["REF"]) == "R&D-<1>"
    assert values["SUBJECT"] == (d.Run('Title <b>{{ 7*7 }}</b> & "more"', bold=True),)
    summary = section(hostile_doc, "summary").blocks
    assert [p.runs for p in summary] == [(d.Run("Summary <i>one</i> & {% raw %}"),),
                                         (d.Run("Second {{ x }} paragraph"),)]
    (quote,) = section(hostile_doc, "quotes").blocks
    assert d.plain_text(quote.runs) == f"“{HOSTILE[4]}”"
    assert d.plain_text(quote.attribution) == "— A <b>speaker</b>, {{ role }}, &amp; [1]"
    (figures,) = section(hostile_doc, "figures").blocks
    assert [d.plain_text(c) for c in figures.rows[0].cells] == [
        "<50%", f"{HOSTILE[1]}: {HOSTILE[3]}"]


def test_no_fact_text_is_ever_evaluated(hostile_doc):
    text = " ".join(r.text for r in all_runs(hostile_doc))
    assert "49" not in text
    assert not any(r.href and r.href != link_target(URL) for r in all_runs(hostile_doc))
    # only the template's own formatting is bold/italic
    assert {r.text for r in all_runs(hostile_doc) if r.bold} == {
        'Title <b>{{ 7*7 }}</b> & "more"', "A <b>speaker</b>", "<50%"}


def test_source_url_becomes_a_link_with_exactly_that_href(hostile_doc):
    (sources,) = section(hostile_doc, "sources").blocks
    assert sources.numbered
    (item,) = sources.items
    assert item.number == "[1]"
    assert item.runs[-1] == d.Run(URL, href=link_target(URL))  # printed as written
    assert link_target(URL) == "https://example.org/a?b=1&c=%3C2%3E"
    assert d.plain_text(item.runs) == f"{{{{ pub }}}}, “Source <i>title</i> & co”, {URL}"


def test_default_template_structure(hostile_doc):
    assert [s.key for s in hostile_doc.sections] == [
        "header", "summary", "key_points", "timeline", "quotes", "figures", "outlook",
        "sources", "footer"]
    timeline = section(hostile_doc, "timeline")
    table = timeline.blocks[0]
    assert isinstance(table, d.Table) and table.drop_from == "first"
    assert [r.key for r in table.rows] == ["timeline[1]", "timeline[0]"]
    # an approximate date prints in italics, and a note says so
    assert table.rows[0].cells[0][0].italic
    assert timeline.blocks[1].role == "note"
    assert hostile_doc.date == "2025-02-03"


def write_template(tmp_path, text: str, name: str = "t.xml.j2"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return templates.environment(tmp_path)


def test_undefined_variable_is_an_error_with_file_and_line(tmp_path):
    env = write_template(tmp_path, "<brief>\n<section>\n<p>{{ nope }}</p>\n</section>\n</brief>\n")
    with pytest.raises(TemplateError) as info:
        templates.render(env, "t.xml.j2", {})
    (problem,) = info.value.problems
    assert problem.file.endswith("t.xml.j2")
    assert problem.line == 3
    assert "nope" in problem.message


def test_undefined_attribute_is_an_error(tmp_path):
    env = write_template(tmp_path, "<brief>\n{{ memo.nope }}\n</brief>\n")
    with pytest.raises(TemplateError) as info:
        templates.render(env, "t.xml.j2", {"memo": {"to": "x"}})
    (problem,) = info.value.problems
    assert problem.file.endswith("t.xml.j2") and problem.line == 2


def test_undefined_in_a_loop_test_is_an_error(tmp_path):
    env = write_template(tmp_path, "a\nb\n{% for x in missing %}{{ x }}{% endfor %}\n")
    with pytest.raises(TemplateError) as info:
        templates.render(env, "t.xml.j2", {})
    assert info.value.problems[0].line == 3


def test_syntax_error_is_an_error_with_file_and_line(tmp_path):
    env = write_template(tmp_path, "<brief>\n\n{% if %}\n</brief>\n")
    with pytest.raises(TemplateError) as info:
        templates.render(env, "t.xml.j2", {})
    (problem,) = info.value.problems
    assert problem.file.endswith("t.xml.j2")
    assert problem.line == 3


def test_unclosed_block_is_a_syntax_error(tmp_path):
    env = write_template(tmp_path, "<brief>\n{% for x in y %}\n</brief>\n")
    with pytest.raises(TemplateError) as info:
        templates.render(env, "t.xml.j2", {"y": []})
    assert info.value.problems[0].file.endswith("t.xml.j2")
    assert info.value.problems[0].line is not None


def test_missing_template_is_an_error(tmp_path):
    with pytest.raises(TemplateError) as info:
        templates.render(templates.environment(tmp_path), "absent.xml.j2", {})
    assert "absent.xml.j2" in str(info.value)


@pytest.mark.parametrize("expression", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__ }}",
    "{{ x.__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ x.append(1) }}",
    "{{ d.update({'a': 1}) }}",
    "{{ x.__len__() }}",
])
def test_sandbox_refuses_unsafe_access(tmp_path, expression):
    env = write_template(tmp_path, f"<brief>\n{expression}\n</brief>\n")
    with pytest.raises(TemplateError) as info:
        templates.render(env, "t.xml.j2", {"x": [1], "d": {}})
    (problem,) = info.value.problems
    assert problem.file.endswith("t.xml.j2")
    assert problem.line == 2


def test_autoescape_is_on(tmp_path):
    env = write_template(tmp_path, "{{ a }}|{{ b }}")
    assert templates.render(env, "t.xml.j2", {"a": "<b>&", "b": "\"'"}) == \
        "&lt;b&gt;&amp;|&#34;&#39;"


def test_user_folder_comes_before_the_builtin_one(tmp_path):
    # the user's folder is searched first; what it lacks comes from the built-in folder, which
    # also stays reachable under the `builtin/` prefix (so a user's template can extend it)
    (tmp_path / templates.TEMPLATE_FILE).write_text("first", encoding="utf-8")
    (tmp_path / "only.xml.j2").write_text("only", encoding="utf-8")
    env = templates.environment(tmp_path)
    assert templates.render(env, templates.TEMPLATE_FILE, {}) == "first"
    assert templates.render(env, "only.xml.j2", {}) == "only"
    builtin = (DEFAULT_DIR / templates.TEMPLATE_FILE).read_text(encoding="utf-8")
    assert env.get_template(f"{templates.BUILTIN_PREFIX}/{templates.TEMPLATE_FILE}").filename \
        == str(DEFAULT_DIR / templates.TEMPLATE_FILE)
    assert env.loader.get_source(env, f"builtin/{templates.TEMPLATE_FILE}")[0] == builtin
    # without a user folder the built-in template is the one found
    plain = templates.environment()
    assert plain.loader.get_source(plain, templates.TEMPLATE_FILE)[0] == builtin


def builtin_template_rows() -> dict[str, str]:
    return {name: description for kind, name, description in catalogue(find_templates(None))
            if kind == "template"}


def test_list_templates_lists_default_with_a_description():
    found = builtin_template_rows()
    assert "default" in found
    description = found["default"]
    assert description and description[0].isupper() and description.endswith(".")
    assert "{#" not in description and "#}" not in description


def test_list_templates_description_is_a_whole_sentence():
    # The description is the template file's first line, which cuts the leading comment
    # mid-sentence: "... both the PDF and the." It should end where a sentence ends.
    description = builtin_template_rows()["default"]
    assert description.split()[-1] not in {"the.", "and.", "a.", "of.", "to."}, description


# ---- the cache of compiled templates ----------------------------------------------------------


def cached_files(folder) -> list:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def small_template(tmp_path, text: str = "{{ a }}!"):
    """A template folder holding t.xml.j2."""
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "t.xml.j2").write_text(text, encoding="utf-8")
    return folder


def test_a_compiled_template_is_kept_and_used_by_the_next_environment(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(cache))
    folder = small_template(tmp_path, "{{ a }} one")
    assert templates.render(templates.environment(folder), "t.xml.j2", {"a": 1}) == "1 one"
    (entry,) = cached_files(cache)
    assert entry.stat().st_size > 0
    # a fresh environment loads the compiled code instead of compiling: break the compiler
    env = templates.environment(folder)
    monkeypatch.setattr(env, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert templates.render(env, "t.xml.j2", {"a": 2}) == "2 one"


def test_an_edited_template_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    folder = small_template(tmp_path, "before")
    assert templates.render(templates.environment(folder), "t.xml.j2", {}) == "before"
    (folder / "t.xml.j2").write_text("after", encoding="utf-8")
    assert templates.render(templates.environment(folder), "t.xml.j2", {}) == "after"


def test_a_broken_cache_entry_is_compiled_again(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(cache))
    folder = small_template(tmp_path, "{{ a }}")
    templates.render(templates.environment(folder), "t.xml.j2", {"a": 1})
    (entry,) = cached_files(cache)
    entry.write_bytes(entry.read_bytes()[:40])  # cut short
    assert templates.render(templates.environment(folder), "t.xml.j2", {"a": 3}) == "3"


def test_an_unusable_cache_folder_does_not_stop_a_build(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(blocker / "cache"))
    env = templates.environment(small_template(tmp_path))
    assert templates.render(env, "t.xml.j2", {"a": 1}) == "1!"


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    env = templates.environment(small_template(tmp_path))
    assert env.bytecode_cache is None
    assert templates.render(env, "t.xml.j2", {"a": 1}) == "1!"
    assert not (tmp_path / "xdg").exists()


def test_the_cache_folder_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("BRIEFGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    templates.render(templates.environment(small_template(tmp_path)), "t.xml.j2", {"a": 1})
    (entry,) = cached_files(tmp_path / "xdg" / "briefgen")
    assert entry.parent.name.startswith("templates-")


def test_compiled_templates_in_a_folder_others_can_write_to_are_not_used(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(cache))
    folder = small_template(tmp_path)
    templates.render(templates.environment(folder), "t.xml.j2", {"a": 1})
    (entry,) = cached_files(cache)
    entry.parent.chmod(0o777)
    assert_compiled_afresh(folder, monkeypatch)


def assert_compiled_afresh(folder, monkeypatch) -> None:
    """A new environment of the folder renders the template by compiling it again: the cached
    entry was not loaded (a loaded entry is not compiled)."""
    env = templates.environment(folder)
    compiled: list = []
    real = env.compile
    monkeypatch.setattr(env, "compile", lambda *a, **k: compiled.append(1) or real(*a, **k))
    assert templates.render(env, "t.xml.j2", {"a": 2}) == "2!"
    assert compiled


def test_a_compiled_template_others_can_write_is_not_loaded(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(cache))
    folder = small_template(tmp_path)
    templates.render(templates.environment(folder), "t.xml.j2", {"a": 1})
    (entry,) = cached_files(cache)
    entry.chmod(0o666)  # its folder is still private: the file itself is not
    assert_compiled_afresh(folder, monkeypatch)


def test_compiled_templates_below_a_folder_others_can_write_to_are_not_used(tmp_path,
                                                                           monkeypatch):
    shared = tmp_path / "shared"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(shared / "cache"))
    folder = small_template(tmp_path)
    templates.render(templates.environment(folder), "t.xml.j2", {"a": 1})
    (entry,) = cached_files(shared)
    shared.chmod(0o777)  # anyone may swap the private folders inside it
    assert_compiled_afresh(folder, monkeypatch)


def test_the_themes_date_column_sets_the_timeline_columns_in_both_formats(tmp_path):
    """`date_column` (a fraction of the text width) was documented but never read: the
    template wrote `widths="20 80"`. Now a theme that sets it moves the timeline's event
    column in the PDF and widens its date column in the DOCX; the figures table keeps its
    own widths, and the default (0.2) lays out as before."""
    import docx
    from conftest import FACTS_DIR, run_tool
    from test_template_safety import cli

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "theme.yaml").write_text("date_column: 0.4\n", encoding="utf-8")
    seed = FACTS_DIR / "japan-nato-mission.yaml"
    built = {}
    for name, extra in (("default", ()), ("wide", ("-t", str(tmp_path / "t")))):
        code, _, stderr = cli("build", str(seed), "-o", str(tmp_path / name), *extra)
        assert code == 0, stderr
        bbox = run_tool("pdftotext", "-bbox", tmp_path / name / "japan-nato-mission.pdf",
                        "-").stdout
        # where the first event's first word starts: "First informal communications ..."
        x = float(re.search(r'xMin="([0-9.]+)"[^>]*>First</word>\s*<word[^>]*>informal<',
                            bbox).group(1))
        tables = docx.Document(str(tmp_path / name / "japan-nato-mission.docx")).tables
        widths = {t.cell(0, 0).text: [c.width for c in t.columns] for t in tables}
        built[name] = x, widths["Late 1970s"], widths["$55 billion"]
    text_width = 612 - 2 * 64.8
    assert built["wide"][0] - built["default"][0] == pytest.approx(0.2 * text_width, abs=0.01)
    for name, share in (("default", 0.2), ("wide", 0.4)):
        date, event = built[name][1]
        assert date / (date + event) == pytest.approx(share, abs=1e-4)
    assert built["wide"][2] == built["default"][2]  # the figures table: not the timeline's


def test_the_builtin_template_reads_date_column_from_the_context():
    """The context carries the theme's date column (the default when no theme is given)."""
    from conftest import FACTS_DIR

    from briefgen.design.theme import Theme

    facts = load_facts(FACTS_DIR / "japan-nato-mission.yaml")
    assert build_context(facts, DAY)["theme"] == {"date_column": 0.2, "portion_marks": False}
    assert build_context(facts, DAY, theme=Theme(date_column=0.35))["theme"] == {
        "date_column": 0.35, "portion_marks": False}


def _show(name: str) -> tuple[int, bytes, str]:
    """`briefgen templates --show NAME` as a user runs it: exit code, stdout bytes, stderr."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "briefgen", "templates", "--show", name],
                          capture_output=True, timeout=60, check=False)
    return done.returncode, done.stdout, done.stderr.decode("utf-8")


@pytest.mark.parametrize(("name", "path"), [
    ("brief.xml.j2", "brief.xml.j2"), ("theme.yaml", "theme.yaml"),
    ("audiences/analyst.yaml", "audiences/analyst.yaml"), ("press", "audiences/press.yaml"),
    ("default", "audiences/default.yaml"), ("executive", "audiences/executive.yaml")])
def test_templates_show_prints_a_builtin_file_exactly_as_shipped(name, path):
    code, out, err = _show(name)
    assert (code, err) == (0, "")
    assert out == (DEFAULT_DIR / path).read_bytes()


def test_a_shown_template_copied_into_a_folder_builds_the_same_brief(tmp_path):
    """What --show prints is a working template: copied as a user would, it builds the brief
    the built-in one builds, byte for byte."""
    from conftest import FACTS_DIR
    from test_template_safety import cli

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "brief.xml.j2").write_bytes(_show("brief.xml.j2")[1])
    for name, extra in (("builtin", ()), ("copy", ("-t", str(tmp_path / "mine")))):
        code, _, stderr = cli("build", str(FACTS_DIR / "tiny.yaml"), "-f", "docx", "-o",
                              str(tmp_path / name), *extra)
        assert code == 0, stderr
    assert (tmp_path / "copy" / "tiny.docx").read_bytes() == \
        (tmp_path / "builtin" / "tiny.docx").read_bytes()


@pytest.mark.parametrize("name", ["nope", "../theme.yaml", "audiences", "/etc/passwd"])
def test_templates_show_refuses_a_name_that_is_not_a_builtin_file(name):
    code, out, err = _show(name)
    assert (code, out) == (1, b"")
    assert err == (f"error: {name}: show: no such built-in file (files: audiences/analyst.yaml, "
                   "audiences/default.yaml, audiences/executive.yaml, audiences/press.yaml, "
                   "brief.xml.j2, theme.yaml; or an audience by name: analyst, default, "
                   "executive, press)\n")
