"""What takes the space when priority 1 cannot fit: the error a user can act on.

In: the `Fitted` brief that does not fit (priority 1 alone, at the smallest sizes), the facts
file's name, the pages asked for, and a function giving the line of a facts field. Out: one
`Problem` whose line says how much is over and what to do, with one detail line per section
(its height at the smallest sizes, its share, its entries), the largest first.
"""

from __future__ import annotations

from collections.abc import Callable

from briefgen.compose import document as d
from briefgen.errors import Problem
from briefgen.layout.fit import Fitted

LineOf = Callable[[str], "int | None"]


def _entries(section: d.Section) -> int:
    return len(d.entries(section))


def _name(section: d.Section) -> str:
    """A section as the user knows it: its facts key and its printed title."""
    key = section.key or "untitled section"
    return f"{key} (\u201c{section.title}\u201d)" if section.title else key


def too_long(fitted: Fitted, file: str, pages: int, line_of: LineOf,
             audience: str = "default", most: int = 20) -> Problem:
    """The problem of a brief whose priority-1 items do not fit `pages` pages (an audience
    other than the default is named: a run may build several; `most`: the most pages a brief
    may have, 1 when the theme's margins have no room for a longer brief's page marks)."""
    sizes = sorted(((height, n) for n, height in enumerate(fitted.measured.sections) if height),
                   key=lambda pair: -pair[0])
    sections = fitted.document.sections
    room = fitted.available * pages
    needed = max(pages + 1, fitted.laid_out.pages)  # by the keep rules of `layout.pages`
    whose = "" if audience == "default" else f" for the {audience} audience"
    details = []
    for height, n in sizes:
        section = sections[n]
        line = line_of(section.key) if section.key else None
        entries = _entries(section)
        count = f", {entries} entr{'y' if entries == 1 else 'ies'}" if entries else ""
        at = f"{file}:{line}: " if line else ""
        details.append(f"{at}{_name(section)}: {height:.0f} pt, {height / fitted.height:.0%}"
                       f"{count}")
    if pages == 1:
        need = (f"cannot fit one page{whose}: priority 1 needs {fitted.height:.0f} pt at the "
                f"smallest sizes allowed, {fitted.height - room:.0f} pt more than the "
                f"{room:.0f} pt one page holds")
    else:
        need = (f"cannot fit {pages} pages{whose}: priority 1 needs {needed} pages at the "
                f"smallest sizes allowed ({fitted.height:.0f} pt of text)")
    advice = _advice(sections, sizes, fitted.available)
    if most == 1:
        more = ("as the theme's margins leave no room for the page numbers and running header "
                "of a longer brief (widen them to allow more pages)")
    elif needed <= most:
        more = f"or allow {needed} pages with --pages {needed}"
    else:
        more = f"as it needs more than the {most} pages a brief may have"
    return Problem(file, f"{need}; {advice}, {more}", details=tuple(details))


def _advice(sections: tuple[d.Section, ...], sizes: list[tuple[float, int]],
            page: float) -> str:
    """What to cut, for the section that takes the most of those a user can shorten (the
    summary, a list, the sources; not the header or the footer)."""
    for height, n in sizes:
        section, entries = sections[n], _entries(sections[n])
        what = f"{section.key or 'the largest section'} takes the most ({height:.0f} pt)"
        if section.key == "summary":
            alone = f"the summary alone takes {height:.0f} pt" if height > page else \
                f"the summary takes the most ({height:.0f} pt)"
            return f"{alone}: shorten it to the few sentences a reader must not miss"
        if section.key == "sources" and entries:  # sources go with the items citing them
            return (f"the {entries} sources the items cite take the most ({height:.0f} pt): "
                    f"shorten their titles, or cite fewer")
        if entries == 1:
            return f"{what} with one entry: shorten it"
        if entries:
            return (f"{what}: give some of its {entries} entries priority 2 or 3, or shorten "
                    f"them")
    return "shorten the texts"
