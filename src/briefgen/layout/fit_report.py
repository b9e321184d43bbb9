"""What takes the space when priority 1 cannot fit: the error a user can act on.

In: the `Fitted` brief that does not fit (priority 1 alone, at the smallest sizes), the facts
file's name, the pages asked for, and a function giving the line of a facts field. Out: one
`Problem` whose line says how much is over and what to do, with one detail line per section
(its height at the smallest sizes, its share, its entries), the largest first.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from briefgen.compose import document as d
from briefgen.errors import Problem
from briefgen.layout.fit import Fitted

LineOf = Callable[[str], "int | None"]


def _entries(section: d.Section) -> int:
    count = 0
    for block in section.blocks:
        if isinstance(block, d.BulletList):
            count += len(block.items)
        elif isinstance(block, d.Table):
            count += len(block.rows)
        elif isinstance(block, d.Quote):
            count += 1
    return count


def _name(section: d.Section) -> str:
    """A section as the user knows it: its facts key and its printed title."""
    key = section.key or "untitled section"
    return f"{key} (\u201c{section.title}\u201d)" if section.title else key


def too_long(fitted: Fitted, file: str, pages: int, line_of: LineOf,
             audience: str = "default") -> Problem:
    """The problem of a brief whose priority-1 items do not fit `pages` pages (an audience
    other than the default is named: a run may build several)."""
    sizes = sorted(((height, n) for n, height in enumerate(fitted.measured.sections) if height),
                   key=lambda pair: -pair[0])
    sections = fitted.document.sections
    room = fitted.available * pages
    over = fitted.height - room
    where = "one page" if pages == 1 else f"{pages} pages"
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
    head = (f"cannot fit {where}{whose}: priority 1 needs {fitted.height:.0f} pt at the smallest "
            f"sizes, {over:.0f} pt more than the {room:.0f} pt {where} "
            f"hold{'s' if pages == 1 else ''}; {_advice(fitted, sizes, room, pages)}")
    return Problem(file, head, details=tuple(details))


def _advice(fitted: Fitted, sizes: list[tuple[float, int]], room: float, pages: int) -> str:
    """What to do: shorten a summary that alone fills the page; otherwise cut the section that
    takes the most among those with entries; and more pages."""
    sections = fitted.document.sections
    needed = max(pages + 1, math.ceil(fitted.height / fitted.available))
    more = f"or allow {needed} pages with --pages {needed}"
    for height, n in sizes:
        section = sections[n]
        if section.key == "summary" and height > room:
            return (f"the summary alone takes {height:.0f} pt: shorten it to the few sentences "
                    f"a reader must not miss, {more}")
    for height, n in sizes:
        entries = _entries(sections[n])
        if entries and sections[n].key != "sources":  # sources go with the items citing them
            what = sections[n].key or "the largest section"
            if entries == 1:
                return f"{what} takes the most ({height:.0f} pt) with one entry: shorten it, {more}"
            return (f"{what} takes the most ({height:.0f} pt): give some of its {entries} "
                    f"entries priority 2 or 3, or shorten them, {more}")
    return f"shorten the texts, {more}"
