"""Build: chain the stages, nothing else.

facts file -> Facts -> context -> markup -> Document -> fit -> PDF bytes / DOCX bytes.
Nothing here touches the disk except reading the facts and the template; writing is the CLI's job.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

from briefgen import markup
from briefgen.context import build_context
from briefgen.coverage import check_coverage
from briefgen.errors import FactsError, FitError, Problem
from briefgen.facts import Facts, load_facts
from briefgen.fit import fit
from briefgen.templates import BUILTIN_DIR, DEFAULT_TEMPLATE, TEMPLATE_FILE, THEME_FILE
from briefgen.templates import environment, render
from briefgen.theme import load_theme

FORMATS = ("pdf", "docx")


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
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def build(facts_path: str | os.PathLike[str], formats: tuple[str, ...] = FORMATS,
          allow_overflow: bool = False) -> Brief:
    """Build one brief from a facts file with the default template."""
    facts = load_facts(facts_path)
    unprintable = check_coverage(facts)
    if unprintable:
        raise FactsError(unprintable)
    folder = BUILTIN_DIR / DEFAULT_TEMPLATE
    theme = load_theme(folder / THEME_FILE)
    env = environment([folder])
    day = brief_date(facts)
    source = str(folder / TEMPLATE_FILE)

    def make(dropped: frozenset[str]):  # noqa: ANN202
        text = render(env, TEMPLATE_FILE, build_context(facts, day, dropped))
        return markup.parse(text, source)

    fitted = fit(make, theme)
    if not fitted.fits and not allow_overflow:
        raise FitError([Problem(
            str(facts_path),
            f"cannot fit one page: what must stay (priority 1) needs {fitted.height:.0f} pt of "
            f"the {fitted.available:.0f} pt a page holds at the smallest sizes; shorten the "
            f"texts, give more items priority 2 or 3, or use --allow-overflow")])
    from briefgen.writers import pdf

    data, pages = pdf.render(fitted.document, fitted.theme)  # laid out even for a DOCX alone
    if pages > 1 and not allow_overflow:
        raise FitError([Problem(str(facts_path), f"the laid-out brief has {pages} pages; "
                                "use --allow-overflow to write it anyway")])
    outputs: dict[str, bytes] = {"pdf": data} if "pdf" in formats else {}
    if "docx" in formats:
        from briefgen.writers import docx

        outputs["docx"] = docx.write(fitted.document, fitted.theme)
    return Brief(outputs, fitted.notes, pages)


