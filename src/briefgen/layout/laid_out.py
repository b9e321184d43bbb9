"""The laid-out brief: everything a writer needs, decided once.

In: the fitted `Document` and `Theme` and what the fit stage measured. Out: a frozen `LaidOut`,
which every writer (`briefgen.writers`, each `write(laid_out) -> bytes`) draws without deciding
anything again: the pieces in reading order with their styles and the space above each, the
number of pages, the document's metadata, the logo's place, and, through its methods, each
table's geometry and each text's font runs. The reportlab flowables the fit stage measured ride
along for the PDF writer only; they are left out when the brief is pickled (for the DOCX process).

Nothing here imports reportlab or python-docx: a writer that needs neither loads neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.layout.flow import Piece, Style, styles

if TYPE_CHECKING:
    from briefgen.design.logo import Logo
    from briefgen.layout.measure import Layout, Measure
    from briefgen.layout.runs import Span
    from briefgen.layout.tables import Grid

CREATOR = "briefgen"  # the application named in each format's properties


@dataclass(frozen=True)
class Metadata:
    """The document's properties, the same in every format."""

    title: str
    author: str
    subject: str
    date: str  # ISO date, or "" for none
    language: str


@dataclass(frozen=True)
class LogoBox:
    """The logo (checked as it was read: `briefgen.design.logo`) and where it goes: x and y of its
    top left corner from the page's top left, width and height, in points."""

    logo: Logo
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Banner:
    """The marking, printed on one line at the top and the bottom of every page: its text, its
    style (the flow's `banner`), and where: centred on `x`, on the two baselines (the top line's,
    then the bottom line's), in points from the page's bottom left."""

    text: str
    style: Style
    x: float
    baselines: tuple[float, float]


def banner(text: str | None, theme: Theme) -> Banner | None:
    """The banner of a marking on the theme's page (None: no marking, no banner)."""
    if not text:
        return None
    width, height = theme.page_size
    top = height - theme.banner_offset - theme.banner_size
    return Banner(text, styles(theme)["banner"], width / 2, (top, theme.banner_offset))


@dataclass(frozen=True)
class LaidOut:
    """One brief, laid out and fitted. `document` holds only what is printed (the items the fit
    dropped are gone) and `theme` is the fitted, possibly tightened theme."""

    document: d.Document
    theme: Theme
    pieces: tuple[Piece, ...]
    notes: tuple[str, ...]
    pages: int
    metadata: Metadata
    logo: LogoBox | None
    banner: Banner | None  # the marking printed at the top and the bottom of every page
    layout: Layout | None = field(default=None, compare=False, repr=False)  # PDF writer only

    def __reduce__(self):
        """Pickled without the measured flowables (reportlab objects: the PDF writer's)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values["layout"] = None
        return (_rebuild, (values,))

    def table(self, piece: Piece) -> Grid:
        """A fields or table piece's geometry (`layout.tables`)."""
        from briefgen.layout.tables import table_grid

        return table_grid(piece, self.theme)

    def spans(self, text: str, bold: bool = False, italic: bool = False) -> list[Span]:
        """A text cut into font runs in this style (`layout.runs`)."""
        from briefgen.layout.runs import spans

        return spans(text, self.theme, bold, italic)


def _rebuild(values: dict) -> LaidOut:
    return LaidOut(**values)


def metadata(document: d.Document) -> Metadata:
    """The document's properties: its title is also its subject."""
    return Metadata(document.title, document.author, document.title, document.date or "",
                    document.language)


def logo_box(theme: Theme) -> LogoBox | None:
    """Where the theme's logo goes, if it has one: top left in the top margin, at the theme's
    height, its width keeping the image's proportions. Raises for a logo that cannot be used."""
    if not theme.logo:
        return None
    from briefgen.design.logo import placed

    logo, width = placed(theme.logo, theme.logo_height, theme.text_width)
    return LogoBox(logo, theme.margin_left, theme.banner_offset / 2, width, theme.logo_height)


def lay_out(document: d.Document, theme: Theme, notes: tuple[str, ...] = (),
            layout: Layout | None = None, measured: Measure | None = None) -> LaidOut:
    """A document laid out at this theme as it is (no fitting), through `layout` (a fresh one
    unless given); `measured` is the layout's measurement of this document and theme, if the
    caller (the fit stage) has it already."""
    from briefgen.layout.measure import Layout

    layout = layout if layout is not None else Layout()
    if measured is None:
        measured = layout.measure(document, theme)
    if not measured.pieces:
        pages = 0  # nothing to print: reportlab starts no page
    elif measured.height > theme.text_height:
        from briefgen.layout.pages import count  # only a brief over one page is split

        pages = count(layout.flowables(measured.pieces, theme), theme, measured.height)
    else:
        pages = 1
    return LaidOut(document, theme, measured.pieces, notes, pages, metadata(document),
                   logo_box(theme), banner(document.banner, theme), layout)
