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

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from briefgen.compose import document as d
from briefgen.compose.languages import words_of
from briefgen.design.theme import Theme
from briefgen.layout.direction import language_direction
from briefgen.layout.flow import Piece, Style, styles

if TYPE_CHECKING:
    from briefgen.design.logo import Logo
    from briefgen.layout.measure import Layout, Measure
    from briefgen.layout.runs import Span
    from briefgen.layout.tables import Grid

CREATOR = "briefgen"  # the application named in each format's properties
RUNNING_WIDTH = 0.9  # of the text width: the most a running header takes


@dataclass(frozen=True)
class Metadata:
    """The document's properties, the same in every format."""

    title: str
    author: str
    subject: str
    date: str  # ISO date, or "" for none
    language: str  # the brief's: the words it adds
    text_language: str = ""  # the facts' own text's, when known ("": the brief's)


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
class PageMarks:
    """What a brief of more than one page prints besides its text and banner, in the small text
    in the muted colour: "Page 1 of 2" on every page, right-aligned at `right` on the line above
    the bottom banner, and the running header (the title, cut to the text width, and the date)
    on pages 2 and on, from `left` on the line below the top banner (mirrored in a right-to-left
    brief, `rtl`: the number from `left`, the running header ending at `right`). Both lines lie
    in the page margins, between the banner and the text. Baselines in points from the page's bottom;
    `header_space` and `footer_space` are the gaps the DOCX's header and footer put between the
    banner's line and these lines."""

    running: str
    style: Style
    left: float
    right: float
    running_baseline: float
    number_baseline: float
    header_space: float
    footer_space: float
    numbering: str = "Page {page} of {pages}"  # in the brief's language
    rtl: bool = False  # a right-to-left brief: the number at `left`, the header at `right`

    def number(self, page: int, pages: int) -> str:
        """"Page 1 of 2", in the brief's language."""
        return self.numbering.replace("{pages}", str(pages)).replace("{page}", str(page))


def margin_rooms(theme: Theme) -> tuple[float, float]:
    """The room left in the top and the bottom margin once the banner's line and the line of
    the running header (or page number) are in it: negative when they would reach the text."""
    line, banner_line = theme.line(theme.small_size), theme.line(theme.banner_size)
    return (theme.margin_top - theme.banner_offset - banner_line - line,
            theme.margin_bottom - theme.banner_offset - banner_line - line)


def running_text(document: d.Document, theme: Theme) -> str:
    """The running header: the brief's label (its masthead: "BRIEFING MEMO") and the date, the
    label cut with "…" so the line fits in nine tenths of the text width (Word and LibreOffice
    may set it a little wider, and a running header on two lines would push the text down).
    Not the title: a title is a sentence, and a sentence set aside as page furniture (an
    artifact, as PDF/UA asks) reads to accessibility checkers as prose hidden from a reader.
    A template with no masthead gets the date alone."""
    from briefgen.compose.date_labels import brief_day
    from briefgen.layout.banner import pieces

    label = masthead(document)
    when = brief_day(document) or ""
    if not label:
        return when
    when = f" · {when}" if when else ""

    def wide(text: str) -> float:
        return sum(w for _, _, w in pieces(text, theme, theme.small_size, False))

    limit = theme.text_width * RUNNING_WIDTH
    if wide(label + when) <= limit:
        return label + when
    low, high = 0, len(label)  # the longest cut that fits: at least `low`, less than `high`
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if wide(label[:middle].rstrip() + "…" + when) <= limit \
            else (low, middle)
    return label[:low].rstrip() + "…" + when


def masthead(document: d.Document) -> str:
    """The text of the brief's first masthead paragraph (its audience's label), or ""."""
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, d.Paragraph) and block.role == "masthead":
                text = " ".join(d.plain_text(block.runs).split())
                if text:
                    return text
    return ""


def page_marks(document: d.Document, theme: Theme) -> PageMarks:
    """Where a longer brief's running header and page numbers go (`PageMarks`): each line in
    the middle of the room its margin leaves between the banner's line and the text."""
    width, height = theme.page_size
    line, banner_line = theme.line(theme.small_size), theme.line(theme.banner_size)
    top_room, bottom_room = (max(room, 0.0) / 2 for room in margin_rooms(theme))
    baseline = 0.8 * line  # from the top of an exact-height line, as Word places it
    style = replace(styles(theme)["attribution"], indent=0.0)
    return PageMarks(
        running_text(document, theme), style, theme.margin_left, width - theme.margin_right,
        height - (theme.banner_offset + banner_line + top_room + baseline),
        theme.banner_offset + banner_line + bottom_room + line - baseline,
        round(top_room, 2), round(bottom_room, 2),
        words_of(document.language).word("Page {page} of {pages}"),
        language_direction(document.language) == "rtl")


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
    breaks: tuple[int, ...] = ()  # indices of the pieces that start a page (`layout.pages`)
    tall: tuple[int, ...] = ()  # indices of the pieces taller than a page: they may split
    marks: PageMarks | None = None  # page numbers and running header: more than one page

    def __reduce__(self):
        """Pickled without the measured flowables (reportlab objects: the PDF writer's)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values["layout"] = None
        return (_rebuild, (values,))

    @property
    def logo_alt(self) -> str:
        """What the logo shows, for a screen reader: the theme's `logo_alt`, else the memo's
        author (its organisation), else "Logo". A blank `logo_alt` is no `logo_alt`; its white
        space is folded to single spaces (the theme checks it holds no control character)."""
        return " ".join(self.theme.logo_alt.split()) or self.metadata.author or "Logo"

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
    """The document's properties: its title is also its subject; the facts' text's language is
    the document's (`Document.facts_language`), the one every format marks."""
    return Metadata(document.title, document.author, document.title, document.date or "",
                    document.language, document.facts_language)


def logo_box(theme: Theme, rtl: bool = False) -> LogoBox | None:
    """Where the theme's logo goes, if it has one: top left in the top margin (top right in a
    right-to-left brief, `rtl`, mirrored as the text is), at the theme's height, its width
    keeping the image's proportions. Raises for a logo that cannot be used."""
    if not theme.logo:
        return None
    from briefgen.design.logo import placed

    logo, width = placed(theme.logo, theme.logo_height, theme.text_width)
    x = theme.page_size[0] - theme.margin_right - width if rtl else theme.margin_left
    return LogoBox(logo, x, theme.banner_offset / 2, width, theme.logo_height)


def lay_out(document: d.Document, theme: Theme, notes: tuple[str, ...] = (),
            layout: Layout | None = None, measured: Measure | None = None) -> LaidOut:
    """A document laid out at this theme as it is (no fitting), through `layout` (a fresh one
    unless given); `measured` is the layout's measurement of this document and theme, if the
    caller (the fit stage) has it already."""
    from briefgen.layout.measure import Layout

    layout = layout if layout is not None else Layout()
    if measured is None:
        measured = layout.measure(document, theme)
    breaks: tuple[int, ...] = ()
    tall: tuple[int, ...] = ()
    if not measured.pieces:
        pages = 0  # nothing to print: reportlab starts no page
    elif measured.height > theme.page_room + 1e-6:  # as `pages.count` (reportlab's _FUZZ)
        from briefgen.layout.pages import paginate  # only a brief over one page's room is split

        paging = paginate(layout.groups(measured.pieces, theme),
                          [piece.kind for piece in measured.pieces], theme)
        pages, breaks, tall = paging.pages, paging.breaks, paging.tall
    else:
        pages = 1
    rtl = language_direction(document.language) == "rtl"
    return LaidOut(document, theme, measured.pieces, notes, pages, metadata(document),
                   logo_box(theme, rtl), banner(document.banner, theme), layout, breaks, tall,
                   page_marks(document, theme) if pages > 1 else None)
