"""The sandbox's limits (briefgen/sandbox.py, briefgen/template_limits.py): no template can
make much from little, write or make more than its bounds, or run past its deadline; each limit
is hit at its bound exactly where it can be, and the error names the template file and line
that was running. (The attacks of issue 10 itself, in a child process each, are in
tests/test_template_safety.py.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_template_safety import folder, footer, located, refused_within


def render_small(tmp_path: Path, text: str, name: str = "t.j2") -> tuple[str | None, str]:
    """Render a template of its own (no built-in one) in a fresh environment: (the error line,
    or None; the text)."""
    from briefgen.design import environment as templates
    from briefgen.errors import TemplateError

    t = tmp_path / "small"
    t.mkdir(exist_ok=True)
    (t / name).write_text(text, encoding="utf-8")
    try:
        return None, templates.render(templates.environment(t), name, {})
    except TemplateError as exc:
        (problem,) = exc.problems
        return str(problem), ""


VALUE = "makes a value of more than 2,000,000 characters"
ATTACKS = [  # (the attack, what the error says): every way found to make much from little
    ('{{ "{:0300000000d}".format(1) }}', VALUE),
    ('{{ "{:{w}}".format("x", w=300000000) }}', VALUE),
    ('{{ "{0}{0}{0}".format_map({"0": "x" * 999999}) }}', VALUE),
    ('{{ "%s%s%s"|format("x" * 999999, "x" * 999999, "x" * 999999) }}', VALUE),
    ('{{ "%(a)s%(a)s%(a)s" % {"a": "x" * 999999} }}', VALUE),
    ('{{ "%.300000000f" % 1.5 }}', VALUE),
    ('{{ "%*d" % (300000000, 1) }}', VALUE),
    ('{{ ("x\\n" * 99999)|indent("y" * 1000) }}', VALUE),
    ('{{ ("x\\n" * 99999)|indent(1000) }}', VALUE),
    ('{{ ("x " * 49999)|wordwrap(1, wrapstring="y" * 1000) }}', VALUE),
    ('{{ ("x " * 999999)|urlize }}', "gives urlize more than 100,000 characters"),
    ('{{ ("x " * 999999)|title }}', "gives title more than 100,000 characters"),
    ('{{ ("x" * 99999)|replace("x", "y" * 99999) }}', VALUE),
    ('{{ ("x" * 99999).replace("", "y" * 99999) }}', VALUE),
    ('{{ "x".ljust(1000000000) }}', VALUE),
    ('{{ "x".rjust(1000000000) }}', VALUE),
    ('{{ "x".zfill(1000000000) }}', VALUE),
    ('{{ ("\\t" * 99999).expandtabs(100000) }}', VALUE),
    ('{{ ",".join(["x" * 99999] * 20) }}', VALUE),
    ('{{ ("x" * 99999).translate({120: "y" * 99999}) }}', VALUE),
    ('{{ (1).to_bytes(1000000000, "big") }}', VALUE),
    ('{{ "x".encode() * 1000000000 }}', VALUE),
    ('{{ "%0300000000d".encode() % 1 }}', VALUE),
    ('{{ "x".encode().center(1000000000) }}', VALUE),
    ('{% macro m() %},{% endmacro %}{{ m().center(1000000000) }}', VALUE),  # markup's methods
    ('{% macro m() %}{{ "y" * 4000 }}{% endmacro %}{{ m().join(["x"] * 99999) }}', VALUE),
    ('{% macro m() %}%s{% endmacro %}{{ m() % ("<" * 999999) }}', VALUE),
    ('{{ lipsum(1000000) }}', VALUE),
    ('{{ lipsum(1, max=10000000) }}', VALUE),
    ('{{ ([[1] * 99999] * 20)|sum(start=[]) }}', VALUE),
    ('{{ {}.fromkeys(range(100000), "x" * 99999) }}', VALUE),
    ('{{ ("x" * 1999999) + ("x" * 1999999) }}', VALUE),
    ('{{ "x" * 1999999 ~ "x" * 1999999 }}', VALUE),
    ('{% set a = ["x" * 99999] * 10 %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}'
     '{% set c = [b, b, b, b, b, b, b, b, b, b] %}{{ c|length }}', VALUE),
    ('{% set x = "x" * 1500000 %}{% set ns = namespace(a=x, b=x) %}', VALUE),
    ('{% set x = "x" * 1500000 %}{% set ns = namespace(a=x) %}{% set ns.b = x %}{{ ns }}',
     "writes a value of more than 2,000,000 characters"),
    ('{% set ns = namespace(s="xx") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}'
     "{% endfor %}", VALUE),
    ('{{ [[1], [2]]|tojson(indent=1000000000) }}', "indents JSON by more than 16 characters"),
    ('{{ [1]|batch(1000000000, "x")|list }}', "makes a batch of more than 100,000"),
    ("{{ [1]|slice(1000000000)|list }}", "makes slices of more than 100,000"),
    ("{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}"
     "{% endfor %}", "makes a number of more than 100,000 bits"),
    ("{{ ((10 ** 64) ** 64) ** 64 }}", "makes a number of more than 100,000 bits"),
    ('{% for i in range(100000) %}{{ "x" * 1000 }}{% endfor %}',  # the block's output, early
     "output exceeds 2,000,000 characters"),
    ('{% macro m() %}{% for i in range(100000) %}{{ "y" * 1000 }}{% endfor %}{% endmacro %}'
     "{% set a = m() %}", "makes more than 20,000,000 characters in all"),
    ("{% macro m() %}{% for i in range(100000) %}" + "x" * 1000 + "{% endfor %}{% endmacro %}"
     "{% set a = m() %}", "makes more than 20,000,000 characters in all"),
    ("{% set a %}{% for i in range(100000) %}" + "x" * 1000 + "{% endfor %}{% endset %}",
     "makes more than 20,000,000 characters in all"),
    ('{% for x in "x" * 99999 %}{% for y in "y" * 99999 %}{% endfor %}{% endfor %}',
     "runs more than 200,000 loop steps and calls"),
    ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
     "{{ f(40) }}", None),  # the steps or the deadline, whichever comes first
]


@pytest.mark.parametrize("attack, message", ATTACKS)
def test_a_template_cannot_make_much_from_little(tmp_path, attack, message):
    """Refused before what it asks for is made: the build's peak of Python allocations stays
    far below the 1 GB and more each attack asks for (a normal build peaks at about 20 MB)."""
    t = folder(tmp_path, {"brief.xml.j2": footer(attack)})
    line = refused_within(tmp_path, 10, 100, "-f", "pdf")
    text = located(line, t / "brief.xml.j2", 4)
    if message is None:
        assert text in ("template: sandbox: runs more than 200,000 loop steps and calls",
                        "template: sandbox: runs longer than 3 seconds"), text
    else:
        assert text == f"template: sandbox: {message}"


def test_output_is_bounded_as_it_is_written(tmp_path):
    """Written text is counted as it comes, and the render is stopped at the template line
    that was writing when the count passed the limit."""
    folder(tmp_path, {})
    error, text = render_small(tmp_path, "{{ 'x' * 2000000 }}")
    assert error is None and len(text) == 2_000_000
    error, _ = render_small(tmp_path, "a\n{{ 'x' * 2000000 }}\nb")
    assert error == (f"error: {tmp_path / 'small' / 't.j2'}:2: template: sandbox: output exceeds "
                     "2,000,000 characters")


@pytest.mark.parametrize("good, bad, message", [
    ("{% set x = 'x'|center(2000000) %}", "{% set x = 'x'|center(2000001) %}", VALUE),
    ("{% set x = 'x' * 2000000 %}", "{% set x = 'x' * 2000001 %}", VALUE),
    ("{% set x = 'x' * 1000000 + 'y' * 1000000 %}", "{% set x = 'x' * 1000000 + 'y' * 1000001 %}",
     VALUE),
    ("{% set x = ('x' * 1999999) ~ 'y' %}", "{% set x = ('x' * 1999999) ~ 'yz' %}", VALUE),
    ("{% set x = '%2000000d' % 1 %}", "{% set x = '%2000001d' % 1 %}", VALUE),
    ("{% set x = [1]|batch(100000)|list %}", "{% set x = [1]|batch(100001)|list %}",
     "makes a batch of more than 100,000"),
    ("{% set x = [1]|slice(100000)|list %}", "{% set x = [1]|slice(100001)|list %}",
     "makes slices of more than 100,000"),
    ("{% for i in range(100000) %}{% endfor %}{% for i in range(99998) %}{% endfor %}",
     "{% for i in range(100000) %}{% endfor %}{% for i in range(99999) %}{% endfor %}",
     "runs more than 200,000 loop steps and calls"),
    ("{{ 2 ** 64 }}", "{{ 2 ** 65 }}", "exponent 65 is too large for a template"),
    ("{% set x = [[1]]|tojson(indent=16) %}", "{% set x = [[1]]|tojson(indent=17) %}",
     "indents JSON by more than 16 characters"),
    ("{% set x = ('x' * 100000)|urlize %}", "{% set x = ('x' * 100001)|urlize %}",
     "gives urlize more than 100,000 characters"),
    ("{% for i in range(9) %}{% set x = 'x' * 2000000 %}{% endfor %}",
     "{% for i in range(11) %}{% set x = 'x' * 2000000 %}{% endfor %}",
     "makes more than 20,000,000 characters in all"),
])
def test_each_limit_at_and_over_its_bound(tmp_path, good, bad, message):
    start = time.monotonic()
    assert render_small(tmp_path, good)[0] is None
    error, _ = render_small(tmp_path, f"\n{bad}")
    assert error == f"error: {tmp_path / 'small' / 't.j2'}:2: template: sandbox: {message}"
    assert time.monotonic() - start < 10


def test_a_render_stops_at_its_deadline(tmp_path, monkeypatch):
    """A clock that moves a second each time it is read: the render stops once three seconds
    have passed, at the loop that was running."""
    from briefgen.design import render_budget

    ticks = iter(range(10**6))
    monkeypatch.setattr(render_budget.time, "monotonic", lambda: float(next(ticks)))
    error, _ = render_small(tmp_path, "<p>\n{% for i in range(10) %}{{ i }}{% endfor %}\n</p>")
    assert error == (f"error: {tmp_path / 'small' / 't.j2'}:2: template: sandbox: runs longer "
                     "than 3 seconds")


def test_a_namespace_is_sized_by_what_it_holds(tmp_path):
    """Jinja2 keeps a namespace's attributes under a private name; the size of one is read
    from there (pyproject bounds Jinja2 below 3.2)."""
    from jinja2.utils import Namespace

    from briefgen.design.template_limits import weight

    assert weight(Namespace(a="x" * 1000, b="y" * 500)) >= 1500
    error, _ = render_small(tmp_path, "{% set ns = namespace(a='x' * 1500000) %}"
                                      "{% set ns.b = ns.a %}{{ ns }}")
    assert error is not None and error.endswith("writes a value of more than 2,000,000 characters")
