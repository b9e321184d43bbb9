"""Build: chain the stages, nothing else.

facts file -> Facts -> (audience) selected Facts -> context -> markup -> Document -> fit
-> PDF / DOCX / Markdown bytes. Nothing here writes to the disk; that is the CLI's job.
"""

from __future__ import annotations

import datetime
import functools
import os
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from briefgen import DEFAULT_FORMATS
from briefgen.compose import markup
from briefgen.design import render_budget
from briefgen.design.audience import select
from briefgen.compose.context import build_context
from briefgen.layout.font_coverage import check_coverage
from briefgen.design.load import Design, find_templates, load_design
from briefgen.edge.docx_process import write_here
from briefgen.compose.document import Document
from briefgen.errors import FactsError, FitError, Problem
from briefgen.input.facts import Facts, load_facts
from briefgen.layout.fit import Fitted, fit
from briefgen.design.environment import render
from briefgen.design.theme import Theme


@dataclass(frozen=True)
class Brief:
    """A built brief: the bytes of each format asked for, and what fitting did."""

    outputs: dict[str, bytes]
    notes: tuple[str, ...]
    pages: int


def brief_date(facts: Facts) -> datetime.date:
    """The facts' date; else SOURCE_DATE_EPOCH (reproducible builds); else today."""
    if facts.date is not None:
        return facts.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def build(facts_path: str | os.PathLike[str], formats: tuple[str, ...] = DEFAULT_FORMATS,
          allow_overflow: bool = False, *, audience: str | None = None,
          template: str | None = None, release: tuple[str, ...] = ()) -> Brief:
    """Build one brief from a facts file, for an audience, with a template."""
    return build_with(design_for(template, audience), facts_path, formats, allow_overflow,
                      release)


@functools.lru_cache(maxsize=32)
def design_for(template: str | None, audience: str | None) -> Design:
    """The design for a template and audience, loaded once per process (its templates compiled
    once); a template file changed since is read again, a theme or audience file is not."""
    return load_design(find_templates(template), audience)


def _guard(facts: Facts, design: Design, release: tuple[str, ...]) -> None:
    marking = facts.memo.classification
    if design.audience.refuses(marking, release):
        allowed = ", ".join(c or "none" for c in design.audience.classifications or ())
        raise FactsError([Problem(
            facts.file, f"{marking or 'no marking'!r} may not go to the "
                        f"{design.audience.name} audience (allowed: {allowed}); to release it "
                        f"anyway, add --allow-classification {shlex.quote(marking or 'none')}",
            field="memo.classification")])


def _check_banner(facts: Facts, design: Design) -> None:
    """The marking is printed as one line at the top and the bottom: it must fit the width."""
    from briefgen.layout import banner

    marking = facts.memo.classification
    if marking:
        width = banner.width(marking, design.theme)
        if width > design.theme.text_width:
            raise FactsError([Problem(
                facts.file, f"is too long for the one-line banner ({width:.0f} pt; the page "
                            f"allows {design.theme.text_width:.0f} pt): shorten it",
                field="memo.classification")])


DocxWriter = Callable[[Document, Theme], Callable[[], bytes]]


def build_with(design: Design, facts_path: str | os.PathLike[str],
               formats: tuple[str, ...] = DEFAULT_FORMATS, allow_overflow: bool = False,
               release: tuple[str, ...] = (), write_docx: DocxWriter = write_here) -> Brief:
    """Build one brief with a design already loaded (a batch loads each design once).
    `write_docx` starts writing the DOCX, here or elsewhere (`docx_process`), while the PDF is
    drawn."""
    facts = load_facts(facts_path)
    unprintable = check_coverage(facts, design.theme)
    if unprintable:
        raise FactsError(unprintable)
    _guard(facts, design, release)
    _check_banner(facts, design)
    facts = select(facts, design.audience)
    day = brief_date(facts)
    audience = design.audience.context()

    def make(dropped: frozenset[str]):
        context = build_context(facts, day, dropped)
        context["audience"] = audience
        text = render(design.env, design.template, context)
        path = design.env.get_template(design.template).filename  # compiled: kept by Jinja2
        return markup.parse(text, path or design.template, rendered=True)

    with render_budget.one_build():  # every render of this brief within one budget
        fitted = fit(make, design.theme, tighten=design.audience.tighten)
    if not fitted.fits and not allow_overflow:
        raise FitError([Problem(
            str(facts_path),
            f"cannot fit one page: what must stay (priority 1) needs {fitted.height:.0f} pt of "
            f"the {fitted.available:.0f} pt a page holds at the smallest sizes; shorten the "
            f"texts, give more items priority 2 or 3, or use --allow-overflow")])
    from briefgen.writers import pdf

    docx = write_docx(fitted.document, fitted.theme) if "docx" in formats else None
    data, pages = pdf.render(fitted.document, fitted.theme, fitted.layout)  # even for a DOCX
    if pages > 1 and not allow_overflow:
        raise FitError([Problem(str(facts_path), f"the laid-out brief has {pages} pages; "
                                "use --allow-overflow to write it anyway")])
    outputs: dict[str, bytes] = {"pdf": data} if "pdf" in formats else {}
    if docx is not None:
        outputs["docx"] = docx()
    if "md" in formats:
        outputs["md"] = _markdown(fitted, pages)
    return Brief(outputs, fitted.notes, pages)


def _markdown(fitted: Fitted, pages: int) -> bytes:
    """The Markdown of a fitted brief, from the laid-out brief its writer reads (made here
    until the layout stage makes one for every writer)."""
    from types import SimpleNamespace

    from briefgen.layout import flow
    from briefgen.writers import markdown

    return markdown.write(SimpleNamespace(
        document=fitted.document, theme=fitted.theme, notes=fitted.notes, pages=pages,
        pieces=tuple(flow.pieces(fitted.document, fitted.theme))))
