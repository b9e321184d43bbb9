"""The sandbox templates render in: Jinja2's immutable sandbox, bounded in what a render may make
and how long it may run, so that no template can exhaust the machine.

Jinja2's sandbox stops a template from reaching Python's internals, but not from asking for a
15 GB string (`"%0300000000d" % 1`) or from looping for hours. Here every operation that makes a
value (`+ * ** %`, `~`, list and dict literals, filters, calls) has what it would make checked
before it runs where one step can make far more than it is given (padding, joining, replacing,
formatting), and what it made checked after; every loop step and call counts; everything a
render writes counts, also inside macros and `{% set %}` blocks; and the render stops at a
deadline. The limits are far above what a real brief needs (the built-in template writes a few
thousand characters in a few hundred steps). A template over a limit fails with
`SecurityError`, which Jinja2 places at the template line that was running.
"""

from __future__ import annotations

import functools

from jinja2 import TemplateSyntaxError, nodes
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum, pass_context, pass_eval_context
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from briefgen.design import template_source
from briefgen.design.render_budget import BUDGET, BriefTemplate
from briefgen.design.template_limits import (
    FILTER_SIZES,
    READ_ONCE,
    binop_size,
    call_size,
    escaping,
    refuse_over,
    weight,
)

_LOOP, _VALUE, _CONCAT, _LITERAL = ("briefgen_loop", "briefgen_value", "briefgen_concat",
                                    "briefgen_literal")


def _charge(chars: int) -> None:
    """Count what the running render made."""
    budget = BUDGET.get()
    if budget is not None:
        budget.charge(chars)


def produced(value: object) -> object:
    """A value an operation made (or a list, tuple or dict literal of the template), checked
    and counted."""
    chars = weight(value)
    refuse_over(chars)
    _charge(chars)
    return value


def step() -> None:
    """Count one step of the running render."""
    budget = BUDGET.get()
    if budget is not None:
        budget.step()


def bounded_filter(name: str, function):
    """`function` (Jinja2's filter `name`) with its steps counted, what it would make checked
    before it runs where it can make far more than it is given, and what it made after."""
    size = FILTER_SIZES.get(name)
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)
    def bounded(*args, **kwargs):
        step()
        if name in READ_ONCE and len(args) > skip and not hasattr(args[skip], "__len__"):
            args = (*args[:skip], list(args[skip]), *args[skip + 1:])
        if size is not None:
            refuse_over(size(*args[skip:], **kwargs))
        return produced(function(*args, **kwargs))

    return bounded


def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
    """Jinja2's placeholder text, refused when it would be longer than a value may be."""
    refuse_over(n * max * 12 if isinstance(n, int) and isinstance(max, int) else 0)
    return generate_lorem_ipsum(n, html, min, max)


# ---- the template's own code: loops, literals, `~` and what it writes ---------------------------


@pass_context
def _metered(_context: Context, iterable: object):
    """A loop's items, each one a step."""
    budget = BUDGET.get()
    for item in iterable:  # type: ignore[attr-defined]
        if budget is not None:
            budget.step()
        yield item


@pass_eval_context
def _concat(eval_ctx, parts: tuple) -> str:
    """`a ~ b`: refused before it runs if it would make too long a string."""
    grows = escaping(*parts) if eval_ctx.autoescape else 1
    refuse_over(sum(weight(part) for part in parts) * grows)
    return produced(markup_join(parts) if eval_ctx.autoescape else str_join(parts))


def _finalize(value: object) -> object:
    """Each value a template writes, also where the text is kept rather than written (a
    macro's text, a `{% set %}` block): checked before it is made text, and counted."""
    chars = len(value) if type(value) in (str, Markup) else weight(value)
    refuse_over(chars, "writes a value")
    _charge(chars)
    return value


@pass_context
def _literal(_context: Context, chars: int) -> None:
    """Count the literal text an output statement is about to write: a loop or a macro can
    write a template's text many times over, without an operation to check."""
    _charge(chars)


class _Guard(NodeTransformer):
    """Rewrites a parsed template so its own code is counted: each loop's items go through
    `_metered`, each list, tuple and dict it makes through `produced`, each `~` through
    `_concat`, and the literal text of each output statement is counted (`_literal`)."""

    def _filter(self, node: nodes.Expr, name: str) -> nodes.Filter:
        return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)

    def visit_For(self, node: nodes.For) -> nodes.For:
        node = self.generic_visit(node)
        node.iter = self._filter(node.iter, _LOOP)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        node = self.generic_visit(node)
        return self._filter(nodes.Tuple(node.nodes, "load", lineno=node.lineno), _CONCAT)

    def visit_List(self, node: nodes.Expr) -> nodes.Filter:
        return self._filter(self.generic_visit(node), _VALUE)

    visit_Dict = visit_List

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Expr:
        node = self.generic_visit(node)
        return self._filter(node, _VALUE) if node.ctx == "load" else node

    def visit_Output(self, node: nodes.Output) -> list[nodes.Node]:
        """The output statement, after a statement counting its literal text (which Jinja2
        writes as constants, past `_finalize`)."""
        node = self.generic_visit(node)
        chars = sum(len(child.data) if isinstance(child, nodes.TemplateData)
                    else len(str(child.value)) if isinstance(child, nodes.Const) else 0
                    for child in node.nodes)
        if not chars:
            return [node]
        count = self._filter(nodes.Const(chars, lineno=node.lineno), _LITERAL)
        return [nodes.ExprStmt(count, lineno=node.lineno), node]


class BriefEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with every operation that makes a value bounded (see the module's
    docstring)."""

    intercepted_binops = frozenset({"+", "*", "**", "%"})
    template_class = BriefTemplate

    def __init__(self, **options: object) -> None:
        super().__init__(finalize=_finalize, **options)
        self.filters = {name: bounded_filter(name, f) for name, f in self.filters.items()}
        self.filters.update({_LOOP: _metered, _VALUE: produced, _CONCAT: _concat,
                             _LITERAL: _literal})
        self.globals["lipsum"] = lipsum

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        """Jinja2's compile, with the source checked first (`template_source`: what would be
        too costly or too deep to compile is refused) and the parsed template rewritten
        (`_Guard`)."""
        try:
            if isinstance(source, str):
                template_source.check(self, source, name, filename)
                source = _Guard().visit(self.parse(source, name, filename))
                source.set_environment(self)
            return super().compile(source, name, filename, raw, defer_init)
        except (RecursionError, SyntaxError, MemoryError):  # what the checks did not foresee
            raise TemplateSyntaxError("the template is too complex to compile", 1, name,
                                      filename) from None

    def call_binop(self, context: Context, operator: str, left: object, right: object) -> object:
        step()
        refuse_over(binop_size(operator, left, right))
        return produced(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: object, *args: object,  # noqa: N805
             **kwargs: object) -> object:
        step()
        args, chars = call_size(__obj, args, kwargs)
        refuse_over(chars)
        return produced(super().call(__context, __obj, *args, **kwargs))
