"""What the renders of a template may use as they run: each render's budget (steps, characters
made and written, a deadline), one brief's budget across all its renders, and the render loop
that keeps them.

The fit stage renders the template again after each drop it makes, so a bound on each render
alone would not bound a build: a template writing 1,800,000 characters a render kept one brief
busy for 100 s. A render, or a block of it, over a limit is stopped inside the template, so the
error names the template line that was running (`briefgen.design.environment` reads it off the traceback).
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Iterator
from contextvars import ContextVar

from jinja2 import Template
from jinja2.runtime import Context

from briefgen.design.template_limits import (
    MAX_BUILD_OUTPUT,
    MAX_BUILD_SECONDS,
    MAX_MADE,
    MAX_OUTPUT,
    MAX_SECONDS,
    MAX_STEPS,
    MAX_TEMPLATE_DEPTH,
    LimitError,
)


class BuildBudget:
    """What all the renders of one brief have used so far: the fit stage renders the template
    again after each drop, so bounding each render alone would not bound a build."""

    __slots__ = ("written", "seconds")

    def __init__(self) -> None:
        self.written = 0
        self.seconds = 0.0


# The budget of the brief being built in this thread (None outside `one_build`).
BUILD: ContextVar[BuildBudget | None] = ContextVar("briefgen_build_budget", default=None)


@contextlib.contextmanager
def one_build() -> Iterator[BuildBudget]:
    """Count every render inside this block against one brief's budget."""
    budget = BuildBudget()
    token = BUILD.set(budget)
    try:
        yield budget
    finally:
        BUILD.reset(token)


class Budget:
    """What one render has used so far: steps, characters made, and its deadline (the earlier
    of its own and what is left of its brief's time)."""

    __slots__ = ("steps", "made", "deadline", "late", "room", "full", "depth")

    def __init__(self, build: BuildBudget | None = None) -> None:
        self.steps = 0
        self.made = 0
        self.depth = 0  # templates rendering inside one another now
        self.room = MAX_OUTPUT if build is None else min(MAX_OUTPUT,
                                                         MAX_BUILD_OUTPUT - build.written)
        self.full = (f"output exceeds {MAX_OUTPUT:,} characters" if self.room == MAX_OUTPUT else
                     f"output exceeds {MAX_BUILD_OUTPUT:,} characters in all the renders of "
                     "the brief (the fit stage renders again after each drop)")
        left = MAX_SECONDS if build is None else MAX_BUILD_SECONDS - build.seconds
        self.late = (f"runs longer than {MAX_SECONDS:g} seconds" if left >= MAX_SECONDS else
                     f"runs longer than {MAX_BUILD_SECONDS:g} seconds in all the renders of "
                     "the brief (the fit stage renders again after each drop)")
        self.deadline = time.monotonic() + min(left, MAX_SECONDS)

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise LimitError(f"runs more than {MAX_STEPS:,} loop steps and calls")
        self.on_time()

    def charge(self, chars: int) -> None:
        self.made += chars
        if self.made > MAX_MADE:
            raise LimitError(f"makes more than {MAX_MADE:,} characters in all")

    def written(self, chars: int) -> None:
        """Refuse a render (or a block of it) that has written more than there is room for."""
        if chars > self.room:
            raise LimitError(self.full)

    def on_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitError(self.late)


# The budget of the render running in this thread (None outside a render: compiling folds
# constant expressions, and sizes are checked then too).
BUDGET: ContextVar[Budget | None] = ContextVar("briefgen_template_budget", default=None)


def render(template, context: dict[str, object]) -> str:
    """The template rendered within a fresh budget, and within what is left of its brief's
    (`one_build`); what it writes is counted as it comes, and a render over a limit is stopped
    where it was, inside the template, so that the error names the template line that was
    running."""
    build = BUILD.get()
    budget = Budget(build)
    token = BUDGET.set(budget)
    start, size = time.monotonic(), 0
    try:
        chunks: list[str] = []
        stream = template.generate(context)
        for chunk in stream:
            size += len(chunk)
            try:
                budget.written(size)
                budget.on_time()
            except LimitError as exc:
                stream.throw(exc)
            chunks.append(chunk)
        return "".join(chunks)
    finally:
        BUDGET.reset(token)
        if build is not None:
            build.written += size
            build.seconds += time.monotonic() - start


def _bounded_block(render_block):
    """A block's render function whose output is counted as it comes: a block writes into the
    template that calls it (`self.footer()`, `{% extends %}`), so over the limit it is stopped
    inside itself, where its own template line can be named."""

    @functools.wraps(render_block)
    def block(context: Context):
        stream = render_block(context)
        budget, size = BUDGET.get(), 0
        for chunk in stream:
            size += len(chunk)
            if budget is not None:
                try:
                    budget.written(size)
                except LimitError as exc:
                    stream.throw(exc)
            yield chunk

    return block


def _nested_root(render_root):
    """A template's render function, counted while it runs: a template that includes itself,
    or two that extend one another, would otherwise render inside one another until Python's
    recursion limit; past MAX_TEMPLATE_DEPTH the include or extends that asked is refused."""

    @functools.wraps(render_root)
    def root(context: Context):
        budget = BUDGET.get()
        if budget is None:
            yield from render_root(context)
            return
        if budget.depth >= MAX_TEMPLATE_DEPTH:
            raise LimitError(f"templates render inside one another more than "
                             f"{MAX_TEMPLATE_DEPTH} deep (an include or extends that loops?)")
        budget.depth += 1
        try:
            yield from render_root(context)
        finally:
            budget.depth -= 1

    return root


class BriefTemplate(Template):
    """A compiled template whose blocks count what they write (`_bounded_block`) and whose
    renders inside one another are counted (`_nested_root`)."""

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):  # noqa: A002 (Jinja2's name)
        """Jinja2's (private, pinned by tests/test_template_bounds.py) way to make a template
        from its compiled code, also from the cache: the blocks and the root wrapped."""
        template = super()._from_namespace(environment, namespace, globals)
        template.blocks = {name: _bounded_block(f) for name, f in template.blocks.items()}
        template.root_render_func = _nested_root(template.root_render_func)
        return template
