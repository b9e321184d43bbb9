"""Errors that come from a user's template name the user's file (and line, where it can be
known), not the built-in template's line or a bare name: markup a template wrote, a template
that includes itself, templates that extend one another."""

from __future__ import annotations

from conftest import FACTS_DIR, pdf_text
from test_template_safety import BASE, cli, folder, footer, located, refused

from briefgen.design.template_limits import MAX_TEMPLATE_DEPTH


def test_bad_markup_written_by_an_expression_is_named_at_its_template_line(tmp_path):
    """`|safe` lets a template write markup the parser refuses after rendering: the error
    names the template line of the expression that wrote it, not a line of the rendered
    markup."""
    t = folder(tmp_path, {"brief.xml.j2": footer('<p role="note">{{ "<i x=\\"1\\">"|safe }}x'
                                                 '</i></p>')})
    line = refused(tmp_path, "-f", "pdf")
    assert located(line, t / "brief.xml.j2", 4) == "markup: <i> has no attribute 'x'"


def test_a_template_that_includes_itself_is_named_at_its_include(tmp_path):
    """This once ended in Python's recursion limit, reported at a line of the built-in
    template."""
    t = folder(tmp_path, {"brief.xml.j2": footer(
        '<p role="note">{% include "brief.xml.j2" %}</p>')})
    assert located(refused(tmp_path, "-f", "pdf"), t / "brief.xml.j2", 4) == (
        f"template: sandbox: templates render inside one another more than "
        f"{MAX_TEMPLATE_DEPTH} deep (an include or extends that loops?)")


def test_includes_within_the_depth_render(tmp_path):
    """A chain of includes as deep as the limit allows (with the built-in template under the
    user's) builds."""
    depth = MAX_TEMPLATE_DEPTH - 2  # the user's template and the built-in one it extends
    files = {"brief.xml.j2": footer('<p role="note">{% include "p1.j2" %}</p>')}
    files |= {f"p{i}.j2": f'{i} {{% include "p{i + 1}.j2" %}}' for i in range(1, depth)}
    files[f"p{depth}.j2"] = "end"
    t = folder(tmp_path, files)
    out = tmp_path / "ok"
    code, _, stderr = cli("build", str(FACTS_DIR / "tiny.yaml"), "-t", str(t), "-o", str(out),
                          "-f", "pdf")
    assert code == 0, stderr
    assert " ".join(str(i) for i in range(1, depth)) + " end" in " ".join(
        pdf_text(out / "tiny.pdf").split())
    files[f"p{depth}.j2"] = f'{{% include "p{depth + 1}.j2" %}}'
    files[f"p{depth + 1}.j2"] = "too deep"
    folder(tmp_path, files)
    assert located(refused(tmp_path, "-f", "pdf"), t / f"p{depth}.j2", 1).startswith(
        "template: sandbox: templates render inside one another more than")


def test_templates_that_extend_one_another_are_named(tmp_path):
    """Two files extending each other once gave `unknown section 'header' (the template
    brief.xml.j2 has: )`."""
    t = folder(tmp_path, {"brief.xml.j2": '{% extends "a.j2" %}\n',
                          "a.j2": '\n{% extends "brief.xml.j2" %}\n'})
    assert located(refused(tmp_path, "-f", "pdf"), t / "a.j2", 2) == (
        "template: extends brief.xml.j2, which leads back here: templates that extend one "
        "another in a loop never end")


def test_a_users_block_over_a_value_limit_is_named_at_its_line(tmp_path):
    """A block's text over the limit was reported at the built-in template's line that prints
    the block; now at the user's line that wrote it."""
    t = folder(tmp_path, {"brief.xml.j2": BASE + '{% block footer %}<section key="footer">\n'
                          '<p role="note">\n{{ ("x" * 1999999) * 1 }}</p></section>'
                          "{% endblock %}\n"})
    assert located(refused(tmp_path, "-f", "pdf"), t / "brief.xml.j2", 4) == \
        "template: sandbox: output exceeds 2,000,000 characters"
