"""The checks a build makes between its stages, each raising the one error a user reads: the
facts' marking may go to the audience (`guard`), the marking's banner fits on one line
(`check_banner`), and a brief of more than one page has room in the margins for its running
header and page numbers (`check_margins`).

In: the facts, the loaded design (and what --allow-classification releases). Out: nothing, or a
`FactsError` / `FitError` naming the file, line and field to change.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from briefgen.design.environment import THEME_FILE
from briefgen.design.load import Design
from briefgen.errors import FactsError, FitError, Problem
from briefgen.input.facts import Facts
from briefgen.layout.laid_out import margin_rooms


def guard(facts: Facts, design: Design, release: tuple[str, ...]) -> None:
    """The file's marking (memo.classification) must be one the audience receives, else the
    whole file is refused; under a marking scheme, the items it may not print are left out
    instead (`selection.withheld`)."""
    from briefgen.input.markings import accepts, scheme_of

    marking, scheme, listed = (facts.memo.classification, scheme_of(facts),
                               design.audience.classifications)
    if scheme is not None and marking is not None:
        if accepts(scheme, listed, release, marking):
            return
        names = (scheme.lowest if c is None else scheme.canonical(c) for c in listed or ())
        allowed = ", ".join(dict.fromkeys(n for n in names if n)) or "none of this scheme"
    elif design.audience.refuses(marking, release):
        allowed = ", ".join(c or "none" for c in listed or ())
    else:
        return
    raise FactsError([Problem(
        facts.file, f"{marking or 'no marking'!r} may not go to the "
                    f"{design.audience.name} audience (allowed: {allowed}); to release it "
                    f"anyway, add --allow-classification {shlex.quote(marking or 'none')}",
        line=facts.line_of("memo.classification"), field="memo.classification")])


def check_banner(facts: Facts, design: Design) -> None:
    """The marking is printed as one line at the top and the bottom: it must fit the width
    (under a scheme, the highest marking the page may print)."""
    from briefgen.input.markings import scheme_of
    from briefgen.layout import banner

    marking, scheme = facts.memo.classification, scheme_of(facts)
    if scheme is not None and marking is not None:
        marking = scheme.highest([marking, *(x.marking for _, entries in facts.item_lists()
                                             for x in entries)])
    if marking:
        width = banner.width(marking, design.theme)
        if width > design.theme.text_width:
            raise FactsError([Problem(
                facts.file, f"is too long for the one-line banner ({width:.0f} pt; the page "
                            f"allows {design.theme.text_width:.0f} pt): shorten it",
                field="memo.classification")])


def check_margins(path: str, design: Design) -> None:
    """A brief of more than one page prints its running header and page numbers in the top
    and bottom margins, beside the banner: the theme's margins must have room for them. Each
    margin without room is named at the line that set it (as the theme's own problems are)."""
    theme, problems = design.theme, []
    lines = (("top", "running header"), ("bottom", "page number"))
    for (where, line), room in zip(lines, margin_rooms(theme)):
        if room >= 0:
            continue
        key = f"margin_{where}"
        margin = getattr(theme, key)
        file, at = design.where.get(key, (design.audience.file, None))
        field = key if Path(file).name == THEME_FILE else f"theme.{key}"  # else an audience's
        lower = " or lower banner_offset" if theme.banner_offset > 0 else ""
        problems.append(Problem(file, f"{margin:g} pt has no room for the banner and the {line} "
                                      f"({margin - room:g} pt needed), which {path} needs as it "
                                      f"does not fit one page: widen {key} to "
                                      f"{margin - room:g} pt{lower}", at, field))
    if problems:
        raise FitError(problems)
