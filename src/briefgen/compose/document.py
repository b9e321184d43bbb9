"""The neutral document tree: what a brief says, in which order, with no format in it.

In: built by `markup.parse`. Out: read by the layout stage and, through it, by every writer. Frozen dataclasses only;
nothing here knows about reportlab or python-docx.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look. `href` only ever comes from a source's http(s) URL."""

    text: str
    bold: bool = False
    italic: bool = False
    cite: bool = False  # a citation mark such as [1], shown muted
    href: str | None = None
    # a source's number where its entry starts in a run-in list of sources (`<number>[1]
    # </number>`): printed as plain text; the HTML gives it the id the citations link to
    number: bool = False


Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Droppable:
    """Marks a block the fit stage may drop: its facts path and priority (1 stays, 3 goes first)."""

    key: str | None = None
    priority: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text. `role` picks its style: body, lead, title, masthead, note."""

    runs: Runs
    role: str = "body"


@dataclass(frozen=True)
class ListItem(Droppable):
    runs: Runs = ()
    number: str | None = None  # numbered lists (sources) print this instead of a bullet


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    numbered: bool = False
    drop_from: str = "last"  # which end the fit stage drops from: "last" or "first"


@dataclass(frozen=True)
class Row(Droppable):
    cells: tuple[Runs, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table whose column widths are fractions of the text width. `header` is its first row."""

    widths: tuple[float, ...]
    rows: tuple[Row, ...]
    header: tuple[Runs, ...] | None = None
    drop_from: str = "last"


@dataclass(frozen=True)
class Fields:
    """The label | value header block (TO, FROM, DATE, SUBJECT)."""

    rows: tuple[tuple[str, Runs], ...]
    colon: str = ":"  # printed after each label: the brief's language's ("\u00a0:" in French)


@dataclass(frozen=True)
class Quote(Droppable):
    runs: Runs = ()
    attribution: Runs = ()


Block = Paragraph | BulletList | Table | Fields | Quote


@dataclass(frozen=True)
class Section:
    """A titled part of the brief. A section left with no blocks after fitting is not shown."""

    title: str | None
    blocks: tuple[Block, ...]
    key: str = ""


@dataclass(frozen=True)
class Document:
    banner: str | None  # printed identically at the top and the bottom of every page
    sections: tuple[Section, ...]
    title: str = ""  # document metadata
    author: str = ""
    date: str = ""  # ISO date of the brief, for metadata
    language: str = "en"
    # the language of the facts' text: the facts file's `language`, else "en" ("" in a
    # document made without facts); every writer marks the text it knows to be the facts'
    # with it where it is not the brief's language (`layout.laid_out.metadata` passes it on)
    facts_language: str = ""


def entries(section: Section) -> list[Droppable]:
    """The entries of a section's lists, tables and quotes, in order."""
    out: list[Droppable] = []
    for block in section.blocks:
        if isinstance(block, BulletList):
            out += block.items
        elif isinstance(block, Table):
            out += block.rows
        elif isinstance(block, Quote):
            out.append(block)
    return out


def plain_text(runs: Runs) -> str:
    return "".join(run.text for run in runs)
