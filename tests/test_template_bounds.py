"""A custom template is bounded as a whole, not only render by render: what is compiled (size,
tokens, nesting), which files of its folder are scanned (depth, count, bytes), and what all the
renders of one brief write and take. Each bound is hit here and gives one located error line,
exit 1, nothing written, quickly."""

from __future__ import annotations

import time
from pathlib import Path

import jinja2
import pytest
from conftest import FACTS_DIR
from test_template_safety import BASE, cli, folder, footer, located, refused, refused_within

from briefgen.design import environment as templates
from briefgen.design import render_budget, template_source
from briefgen.design.template_limits import MAX_BUILD_OUTPUT
from briefgen.design.template_source import MAX_CHARS, MAX_EXPRESSION, MAX_STATEMENTS, MAX_TOKENS

E = MAX_EXPRESSION


def nested(opening: str, closing: str, n: int) -> str:
    return opening * n + "x" + closing * n


# ---- F4: nesting too deep to compile is a syntax error at the file and line -----------------

DEEP = {  # each: (at the limit, one over); the expression ones inside {{ }}
    "parens": lambda n: "{{ " + "(" * (n - 1) + "1" + ")" * (n - 1) + " }}",
    "lists": lambda n: "{{ " + "[" * (n - 1) + "]" * (n - 1) + " }}",
    "plus": lambda n: "{{ 1" + "+1" * (n - 1) + " }}",
    "andor": lambda n: "{{ 1" + " and 1" * (n - 1) + " }}",
    "attrs": lambda n: "{{ memo" + ".a" * (n - 1) + " }}",
    "filters": lambda n: "{{ 1" + "|string" * (n - 1) + " }}",
    "nots": lambda n: "{{ " + "not " * (n - 1) + "1 }}",
    "neg": lambda n: "{{ " + "-" * (n - 1) + "1 }}",
    "subscripts": lambda n: "{{ memo" + "[0]" * (n - 1) + " }}",
}
STATEMENTS = {
    "ifs": ("{% if 1 %}", "{% endif %}"),
    "fors": ("{% for a in [1] %}", "{% endfor %}"),
    "calls": ("{% call m() %}", "{% endcall %}"),
    "filter blocks": ("{% filter upper %}", "{% endfilter %}"),
    "withs": ("{% with a = 1 %}", "{% endwith %}"),
    "set blocks": ("{% set s %}", "{% endset %}"),
}
CALLER = "{% macro m() %}{{ caller() }}{% endmacro %}"


def compiled(source: str) -> str | None:
    """Compile `source` as the build would; the syntax error's message, or None."""
    try:
        templates.environment(None).compile(source, "t.j2", "t.j2")
    except jinja2.TemplateSyntaxError as exc:
        return exc.message
    return None


@pytest.mark.parametrize("kind", list(DEEP))
def test_an_expression_nested_too_deep_is_refused_at_its_line(tmp_path, kind):
    assert compiled(DEEP[kind](E)) is None  # at the limit: compiles
    t = folder(tmp_path, {"brief.xml.j2": footer("<p>" + DEEP[kind](1000) + "</p>")})
    start = time.monotonic()
    message = located(refused(tmp_path, "-f", "pdf"), t / "brief.xml.j2", 4)
    assert message == (f"template: an expression nested more than {E} deep (brackets, "
                       "operators, filters, attributes)")
    assert time.monotonic() - start < 5
    assert compiled(DEEP[kind](E + 1)) is not None


@pytest.mark.parametrize("kind", list(STATEMENTS))
def test_statements_nested_too_deep_are_refused_at_their_line(tmp_path, kind):
    opening, closing = STATEMENTS[kind]
    assert compiled(CALLER + nested(opening, closing, MAX_STATEMENTS)) is None
    assert compiled(CALLER + nested(opening, closing, MAX_STATEMENTS + 1)) == \
        f"statements nested more than {MAX_STATEMENTS} deep"
    body = "<p>" + CALLER + "\n" + nested(opening, closing, 300) + "</p>"
    t = folder(tmp_path, {"brief.xml.j2": footer(body)})
    message = located(refused(tmp_path, "-f", "pdf"), t / "brief.xml.j2", 5)
    assert message == f"template: statements nested more than {MAX_STATEMENTS} deep"


def test_the_deepest_expression_in_the_deepest_statements_compiles_and_renders(tmp_path):
    """Both limits at once stay clear of Python's recursion and block limits."""
    inner = "{{ memo.to" + "|string" * (E - 2) + " }}"
    blocks = [("{% for a in [1] %}", "{% endfor %}"), ("{% if 1 %}", "{% endif %}"),
              ("{% with a = 1 %}", "{% endwith %}"), ("{% filter upper %}", "{% endfilter %}")]
    opening = "".join(blocks[i % 4][0] for i in range(MAX_STATEMENTS - 1))  # + the block
    closing = "".join(blocks[i % 4][1] for i in reversed(range(MAX_STATEMENTS - 1)))
    t = folder(tmp_path, {"brief.xml.j2": footer("<p>" + opening + inner + closing + "</p>")})
    out = tmp_path / "out"
    code, _, stderr = cli("build", str(FACTS_DIR / "tiny.yaml"), "-t", str(t), "-o", str(out),
                          "-f", "pdf")
    assert code == 0, stderr


def test_an_include_is_checked_as_it_is_compiled(tmp_path):
    """A template loaded only while rendering is checked too, at its own file and line."""
    t = folder(tmp_path, {"brief.xml.j2": footer('{% include "part.j2" %}'),
                          "part.j2": "<p>a</p>\n<p>" + DEEP["parens"](500) + "</p>\n"})
    message = located(refused(tmp_path, "-f", "pdf"), t / "part.j2", 2)
    assert message.startswith(f"template: an expression nested more than {E} deep")


# ---- F2: what is compiled is bounded before compiling ---------------------------------------


def test_a_template_file_over_its_size_is_refused_unread(tmp_path):
    t = folder(tmp_path, {"brief.xml.j2": BASE + "{#" + "x" * (MAX_CHARS - len(BASE) - 4)
                          + "#}"})
    assert (t / "brief.xml.j2").stat().st_size == MAX_CHARS
    assert cli("build", str(FACTS_DIR / "tiny.yaml"), "-t", str(t), "-o",
               str(tmp_path / "ok"), "-f", "pdf")[0] == 0
    t = folder(tmp_path / "big", {"brief.xml.j2": BASE + "{{ title }}" * 90_000})
    start = time.monotonic()
    line = refused(tmp_path / "big", "-f", "pdf")
    assert time.monotonic() - start < 2
    assert line == (f"error: {t / 'brief.xml.j2'}: cannot read the template: the file is "
                    f"{len(BASE) + 990_000:,} bytes; the limit is {MAX_CHARS:,} bytes")


def test_a_template_with_too_many_tokens_is_refused_quickly(tmp_path):
    """990 KB of `{{ title }}` took 9 s and 1 GB to compile; 23,000 empty macros 31 s. Within
    the size limit, the token limit stops them, before anything is compiled."""
    env = templates.environment(None)
    unit = "{% macro m() %}x{% endmacro %}"
    per = sum(1 for _ in env.lex(unit))
    within = unit * (MAX_TOKENS // per)
    assert compiled(within) is None
    assert compiled(within + unit) == (f"the template has more than {MAX_TOKENS:,} tokens "
                                       "(tags, names, operators, runs of text); split it or "
                                       "simplify it")
    t = folder(tmp_path, {"brief.xml.j2": BASE + "\n" + "{{ title }}" * 5000})
    line = refused_within(tmp_path, 5, 100, "-f", "pdf")
    assert located(line, t / "brief.xml.j2", 3).startswith(
        f"template: the template has more than {MAX_TOKENS:,} tokens")


def test_the_built_in_template_is_well_within_the_source_limits():
    source = (templates.BUILTIN_DIR / templates.TEMPLATE_FILE).read_text("utf-8")
    env = templates.environment(None)
    assert len(source) * 8 < MAX_CHARS
    assert sum(1 for _ in env.lex(source)) * 5 < MAX_TOKENS
    template_source.check(env, source, "b", "b")


# ---- F3: the scan of a template folder is bounded ---------------------------------------------


def test_a_folder_nested_too_deep_is_refused_not_recursed(tmp_path):
    """1,100 nested folders once ended in `internal error: RecursionError`."""
    t = folder(tmp_path, {"brief.xml.j2": BASE})
    made = [t / "d"]
    for _ in range(1099):
        made.append(made[-1] / "d")
    try:
        for path in made:
            path.mkdir()
        line = refused(tmp_path, "-f", "pdf")
    finally:  # removed here, one by one: removing a tree recurses in Python 3.11
        for path in reversed(made):
            path.rmdir()
    at = t.joinpath(*["d"] * (template_source.MAX_DEPTH + 1))
    assert line == (f"error: {at}: template: folders nested more than {template_source.MAX_DEPTH} "
                    "deep in the template folder")
    made[template_source.MAX_DEPTH - 1].mkdir(parents=True)  # at the limit: fine
    assert template_source.template_files(t) == [t / "brief.xml.j2"]


def test_too_many_template_files_are_refused_before_any_is_read(tmp_path):
    files = {"brief.xml.j2": BASE}
    files |= {f"extra/f{i}.j2": "{{ x }}" for i in range(template_source.MAX_FILES - 1)}
    t = folder(tmp_path, files)
    assert len(template_source.template_files(t)) == template_source.MAX_FILES
    (t / "extra" / "one-more.j2").write_text("x", encoding="utf-8")
    start = time.monotonic()
    assert refused(tmp_path, "-f", "pdf") == (
        f"error: {t}: template: the template folder holds more than {template_source.MAX_FILES} "
        "template files (.j2)")
    assert time.monotonic() - start < 2


def test_template_files_too_large_in_all_are_refused_before_any_is_read(tmp_path):
    each = template_source.MAX_FOLDER_BYTES // 10
    t = folder(tmp_path, {"brief.xml.j2": BASE, **{f"extra/f{i}.j2": "x" * each
                                                   for i in range(10)}})
    start = time.monotonic()
    assert refused(tmp_path, "-f", "pdf") == (
        f"error: {t}: template: the template files (.j2) of the folder hold more than "
        f"{template_source.MAX_FOLDER_BYTES:,} bytes in all")
    assert time.monotonic() - start < 2
    (t / "extra" / "f0.j2").unlink()
    assert len(template_source.template_files(t)) == 10  # under the total again


def test_a_folder_with_too_many_entries_is_refused(tmp_path):
    t = folder(tmp_path, {"brief.xml.j2": BASE})
    (t / "junk").mkdir()
    for i in range(template_source.MAX_ENTRIES):
        (t / "junk" / str(i)).touch()
    line = refused(tmp_path, "-f", "pdf")
    assert line.startswith(f"error: {t / 'junk'}: template: the template folder holds more "
                           f"than {template_source.MAX_ENTRIES:,} files and folders")


# ---- F1: all the renders of one brief share one budget ---------------------------------------


def many_p3(tmp_path: Path) -> Path:
    """A facts file of 200 short priority-3 key points: the fit stage drops them one by one."""
    path = tmp_path / "many.yaml"
    path.write_text("title: Many\ndate: 2025-01-01\nsummary: Many points.\nkey_points:\n"
                    + "".join(f"  - text: point {i}\n    priority: 3\n" for i in range(200)),
                    encoding="utf-8")
    return path


REFIT = BASE + """{% block key_points %}<section title="K" key="key_points"><list>
{% for x in key_points %}<item key="{{ x.key }}" priority="{{ x.priority }}">{{ x.text }}
{% if loop.last %}{{ (range(100000, 199999) | join(" ")) ~ " " ~ (range(200000, 299999)
| join(" ")) }}{% endif %}</item>{% endfor %}
</list></section>{% endblock %}
"""


def test_the_renders_of_one_brief_share_one_budget(tmp_path):
    """Each render writes about 1.4 MB (under the limit of one render), and each drop of the
    fit stage moves it to the new last item: the renders of the brief are stopped together,
    in seconds (this took 100 s and 815 MB), at the user's template line."""
    t = folder(tmp_path, {"brief.xml.j2": REFIT})
    start = time.monotonic()
    line = refused(tmp_path, "-f", "pdf", facts=many_p3(tmp_path))
    assert time.monotonic() - start < 20
    assert located(line, t / "brief.xml.j2", 4) == (
        f"template: sandbox: output exceeds {MAX_BUILD_OUTPUT:,} characters in all the renders "
        "of the brief (the fit stage renders again after each drop)")


def test_a_renders_output_counts_against_its_brief(tmp_path):
    """One render over what is left of the brief's budget is stopped where it writes."""
    env = templates.environment(None)
    template = env.from_string("{% for i in range(10) %}{{ 'x' * 1000 }}\n{% endfor %}")
    with render_budget.one_build() as budget:
        budget.written = MAX_BUILD_OUTPUT - 10_010
        assert len(render_budget.render(template, {})) == 10_010  # exactly what was left: no
        budget.written = MAX_BUILD_OUTPUT - 10_009
        with pytest.raises(jinja2.sandbox.SecurityError, match="in all the renders"):
            render_budget.render(template, {})
    assert len(render_budget.render(template, {})) == 10_010  # outside a build: its own limit


def test_the_renders_of_one_brief_share_one_deadline(monkeypatch):
    """A clock that moves a second each time it is read: with 4 of the brief's 5 seconds used,
    a render stops after one, saying it is the brief's time that ran out."""
    env = templates.environment(None)
    template = env.from_string("{% for i in range(10) %}{{ i }}{% endfor %}")
    ticks = iter(range(10**6))
    monkeypatch.setattr(render_budget.time, "monotonic", lambda: float(next(ticks)))
    with render_budget.one_build() as budget:
        budget.seconds = 4.0
        with pytest.raises(jinja2.sandbox.SecurityError,
                           match="longer than 5 seconds in all the renders"):
            render_budget.render(template, {})


def test_a_users_too_large_block_is_named_at_its_own_line(tmp_path):
    """A block writes into the built-in template that calls it; over the limit, it is stopped
    inside itself, so the error names the user's file and line, not the built-in one."""
    t = folder(tmp_path, {"brief.xml.j2": footer(
        '<p role="note">{% for i in range(99999) %}abcdefghijklmnopqrst{% endfor %}</p>')})
    line = refused(tmp_path, "-f", "pdf")
    assert located(line, t / "brief.xml.j2", 4) == \
        "template: sandbox: output exceeds 2,000,000 characters"


def test_blocks_are_bounded_also_when_loaded_from_the_cache(tmp_path, monkeypatch):
    """Jinja2 makes a template from its compiled code through a private classmethod
    (`Template._from_namespace`, pyproject bounds Jinja2 below 3.2); the blocks are wrapped
    there, whether the code was compiled now or read from the cache."""
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    t = folder(tmp_path, {"brief.xml.j2": footer("<p>x</p>")})
    for _ in range(2):  # compiled, then read back from the cache by a fresh environment
        template = templates.environment(t).get_template("brief.xml.j2")
        assert all(getattr(f, "__wrapped__", None) for f in template.blocks.values())
    assert list((tmp_path / "cache").rglob("__jinja2_*.cache"))
