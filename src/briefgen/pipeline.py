"""Build: chain the stages, nothing else.

facts file -> Facts -> (audience) selected Facts -> context -> markup -> Document -> lay out and
fit -> LaidOut -> each format's writer (`briefgen.writers`) -> bytes. Nothing here writes to the
disk; that is the CLI's job.
"""

from __future__ import annotations

import datetime
import functools
import os
import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, replace

from briefgen import DEFAULT_FORMATS, FORMATS, MAX_PAGES
from briefgen.build_checks import check_banner, check_margins, guard
from briefgen.caches import Caches, memo, uses_caches
from briefgen.compose import markup
from briefgen.compose.context import build_context
from briefgen.compose.document import Document
from briefgen.compose.languages import Language
from briefgen.design import render_budget, template_lines
from briefgen.design.added_text import TEMPLATE_REMEDY
from briefgen.design.environment import render
from briefgen.design.load import Design, find_templates, load_design
from briefgen.design.selection import select
from briefgen.errors import FactsError, FitError, Problem, TemplateError
from briefgen.input.facts import Facts, load_facts
from briefgen.input.markings import resolve
from briefgen.layout.fit import Fitted, Maker, fit
from briefgen.layout.font_coverage import check_coverage
from briefgen.layout.font_files import FontError
from briefgen.layout.fonts import font_path_read_once
from briefgen.layout.laid_out import LaidOut, margin_rooms


@dataclass(frozen=True)
class Brief:
    """A built brief: the bytes of each format asked for, and what was cut: the notes of the
    audience's limits (`select`), then the fit stage's."""

    outputs: dict[str, bytes]  # a format written per page (png): a tuple, a page each
    notes: tuple[str, ...]
    pages: int
    asked: int = 1  # the pages it was allowed (--pages): more only with --allow-overflow


# "today" where it is not this machine's: the day a --cluster batch was started on the client
TODAY: ContextVar[datetime.date | None] = ContextVar("briefgen_today", default=None)


def brief_date(facts: Facts) -> datetime.date:
    """The facts' date; else SOURCE_DATE_EPOCH (reproducible builds); else today (`TODAY`)."""
    if facts.date is not None:
        return facts.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return TODAY.get() or datetime.date.today()


def build(facts_path: str | os.PathLike[str], formats: tuple[str, ...] = DEFAULT_FORMATS,
          allow_overflow: bool = False, *, audience: str | None = None,
          template: str | None = None, release: tuple[str, ...] = (), pages: int = 1,
          paper: str | None = None, language: str | None = None) -> Brief:
    """Build one brief from a facts file, for an audience, with a template, on at most `pages`
    pages (more only with `allow_overflow`), on the theme's paper or `paper` (a4, letter), in
    `language` (a tag: `--language`) if given."""
    return build_with(design_for(template, audience, paper), facts_path, formats, allow_overflow,
                      release, pages=pages, language=language)


@memo("pipeline.design", fresh=Design.unchanged)
def design_for(template: str | None, audience: str | None, paper: str | None = None) -> Design:
    """The design for a template and audience, loaded once per process (its templates compiled
    once), and loaded again once a file it was read from has changed (`Design.unchanged`)."""
    return load_design(find_templates(template), audience, paper)


DocxWriter = Callable[[LaidOut], Callable[[], bytes]]


def write_here(laid_out: LaidOut) -> Callable[[], bytes]:
    """The DOCX written in this process, when its bytes are asked for (the default of
    `build_with`; the command line may write it in another process: `edge.docx_process`)."""
    from briefgen.writers import writer

    return lambda: writer("docx").write(laid_out)


_ONE_BUILD = threading.RLock()


def one_at_a_time(function):
    """Builds in threads of one process take turns: reportlab's fonts (the private codes it
    gives shaped glyphs, a document's subsets) and the layout's caches are shared by the whole
    process, so two builds at once could number glyphs in either order or clash; a build holds
    the CPU anyway (one interpreter lock), so nothing is lost by waiting."""
    @functools.wraps(function)
    def taking_turns(*args, **kwargs):
        with _ONE_BUILD:
            return function(*args, **kwargs)
    return taking_turns


@one_at_a_time
@uses_caches
@font_path_read_once
def build_with(design: Design, facts_path: str | os.PathLike[str],
               formats: tuple[str, ...] = DEFAULT_FORMATS, allow_overflow: bool = False,
               release: tuple[str, ...] = (), write_docx: DocxWriter = write_here, *,
               caches: Caches | None = None, pages: int = 1,
               language: str | None = None) -> Brief:
    """Build one brief with a design already loaded (a batch loads each design once).
    `write_docx` starts writing the DOCX, here or elsewhere (`docx_process`), while the other
    formats are written. `caches` (default: the process's) holds what the build remembers
    (`uses_caches`). The brief's language is `language` (a tag, `--language`), else the
    audience's, else the facts file's, else English."""
    facts = resolve(load_facts(facts_path), design.theme.markings or None)
    guard(facts, design, release)
    decision = bool(facts.recommendations)  # the file asks for one, whatever is printed
    facts, capped = select(facts, design.audience, release)
    unprintable = check_coverage(facts, design.theme)  # of what this audience may print
    if unprintable:
        raise FactsError(unprintable)
    check_banner(facts, design)
    renders: list[template_lines.Locator] = []  # the last render: where a template line wrote
    make = maker(design, facts, renders, brief_words(design, facts, language), decision)
    # a theme whose margins have no room for the running header and page numbers: one page
    roomy = all(room >= 0 for room in margin_rooms(design.theme))
    with render_budget.one_build():  # every render of this brief within one budget
        try:
            fitted = fit_brief(design, facts, make, pages if roomy else 1, allow_overflow)
        except FontError as exc:  # text the template made (all else was checked): blame it
            blamed = template_lines.unprintable(renders[-1], design.theme, TEMPLATE_REMEDY) \
                if renders else []
            raise TemplateError(blamed or exc.problems) from None
    if not roomy and pages > 1 and not fitted.fits:  # more pages would need the marks
        check_margins(str(facts_path), design)
    if not fitted.fits and not allow_overflow:
        from briefgen.layout.fit_report import too_long

        paths = {s.id: s.path for s in facts.sections}  # a user section's key is its id
        raise FitError([too_long(fitted, str(facts_path), pages,
                                 lambda key: facts.first_line(paths.get(key, key)),
                                 design.audience.name, MAX_PAGES if roomy else 1)])
    laid_out = fitted.laid_out
    if laid_out.pages > pages and not allow_overflow:
        raise FitError([Problem(str(facts_path), f"the laid-out brief has {laid_out.pages} "
                                "pages; use --allow-overflow to write it anyway")])
    if laid_out.pages > 1:
        check_margins(str(facts_path), design)
    unused = () if roomy or pages == 1 else (
        f"kept to one page though --pages {pages} allows more: the theme's margins have no room "
        f"for the running header and page numbers of a longer brief",)
    return Brief(_write(laid_out, formats, write_docx), capped + laid_out.notes + unused,
                 laid_out.pages, pages)


def brief_words(design: Design, facts: Facts, language: str | None = None) -> Language:
    """The brief's language and its words: `language` (--language), else the audience's, else
    the facts file's, else English. Its words must print in the theme's fonts: a problem (at
    the facts file's `language`) names the characters no font has."""
    words = design.audience.vocabulary(language or design.audience.language or facts.language
                                       or "en")
    if words.tag != "en":
        from briefgen.layout.font_coverage import text_problems

        marks = "".join((words.colon, words.quote_open, words.quote_close, words.comma,
                         words.semicolon))
        used = "".join(sorted(set("".join(words.words.values()) + marks)))
        problems = text_problems(used, design.theme, f"build in another language than "
                                                     f"{words.tag}")
        if problems:
            raise FactsError([Problem(facts.file, f"the words of the {words.tag} brief: {m}",
                                      facts.line_of("language"), "language") for m in problems])
    return words


def maker(design: Design, facts: Facts,
          renders: list[template_lines.Locator] | None = None,
          words: Language | None = None, asked: bool | None = None) -> Maker:
    """make(dropped): the brief's Document without the items dropped, rendered from its
    template, in its language (`words`: `brief_words`; default English); `renders` is given
    the last render's locator (where each template line wrote); `asked`: did the facts file
    have recommendations before the audience removed any (default: do the facts given)."""
    day = brief_date(facts)
    words = words or design.audience.vocabulary("en")
    audience = design.audience.context(words)
    path = design.env.get_template(design.template).filename  # compiled: kept by Jinja2

    def make(dropped: frozenset[str]) -> Document:
        context = build_context(facts, day, dropped, design.theme, design.audience.all_sources,
                                words, asked)
        context["audience"] = audience
        text = render(design.env, design.template, context)
        locator = template_lines.Locator(design.env, design.template, context, text)
        if renders is not None:
            renders[:] = [locator]
        document = markup.parse(text, path or design.template, locate=locator)
        # the facts' text is in the facts file's language, else English: every format reads
        # it from here (the PDF through the metadata's `text_language`)
        return replace(document, facts_language=facts.language or "en")

    return make


def fit_brief(design: Design, facts: Facts, make: Maker, pages: int = 1,
              grow: bool = False) -> Fitted:
    """The brief fitted as its audience asks (`layout.fit`), on at most `pages` pages."""
    return fit(make, design.theme, tighten=design.audience.tighten,
               cites=citations(facts, design), favour=design.audience.favour,
               keys=items(facts), pages=pages, grow=grow)


def items(facts: Facts) -> frozenset[str]:
    """The facts paths of the items a template may mark droppable (`key=`): a key that names
    none of them is never dropped, as leaving it out would change nothing."""
    return frozenset(x.path for _, entries in facts.item_lists() for x in entries)


def citations(facts: Facts, design: Design) -> dict[str, frozenset[str]]:
    """Each item's facts path -> the facts paths of the sources it cites (`sources[2]`): the
    fit stage knows a source entry goes when the last item citing it does (none, for an
    audience that prints every source)."""
    if design.audience.all_sources:
        return {}
    where = {source.id: f"sources[{n}]" for n, source in enumerate(facts.sources)}
    return {x.path: frozenset(where[i] for i in x.sources if i in where)
            for _, entries in facts.item_lists() for x in entries if x.sources}


def _write(laid_out: LaidOut, formats: tuple[str, ...], write_docx: DocxWriter) -> dict[str, bytes]:
    """Each format asked for, by its writer; the DOCX is started first (`write_docx`, maybe in
    another process), so that it is written while the others are. A format drawn from another
    (the PNG pages, from the PDF) reuses that one's bytes when it is written too, else makes
    them without keeping them (a PNG alone writes no PDF)."""
    from briefgen.writers import DRAWN_FROM, writer

    docx = write_docx(laid_out) if "docx" in formats else None
    outputs = {}
    for name in FORMATS:
        if name not in formats:
            continue
        source = DRAWN_FROM.get(name)
        if source is not None:
            drawn = outputs.get(source) or writer(source).write(laid_out)
            outputs[name] = writer(name).from_pdf(drawn)
        else:
            outputs[name] = docx() if name == "docx" and docx else writer(name).write(laid_out)
    return outputs
