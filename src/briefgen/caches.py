"""Caches: everything briefgen remembers between builds, in one object.

In: nothing but the calls of the functions that remember. Out: a `Caches` object whose named
tables hold what those functions made, each table bounded in entries; `clear()` empties them all,
and `briefgen.clear_caches()` is the public way to call it. Every build uses one `Caches`: the
process's own (`PROCESS`), or the one given to `pipeline.build_with(..., caches=...)`, which is
active for that build alone (`current()`, a context variable, so threads do not mix them).
A memoised function names its table (`@memo("scripts.east_asian")`) and is keyed by all of its
arguments, never by a subset kept by hand; nothing else in briefgen may keep a cache of its own
(tests/test_caches.py greps the source for one).

Every table, with what it holds; its key; its bound in entries; and why a hit is never stale:

text.rules        what each character prints as (`input.text.printed`); the character's code;
                  65,536; Unicode's data does not change while a process runs.
scripts.east_asian  is a character East Asian; the character; 4,096; a fixed list of ranges.
shaping.runs      a run of text shaped by HarfBuzz (`layout.shaping`); its text, face and
                  direction; 8,192; a face's glyphs do not change while it is registered.
shaping.advances  how wide a run shaped by HarfBuzz is, for breaking lines; its text, face and
                  direction; 8,192; as shaping.runs.
bidi.levels       each character's bidi embedding level (`layout.bidi`); the paragraph's text
                  and direction; 2,048; Unicode's algorithm on them alone.
thai.words        where the words of a Thai text start (`layout.thai`); the text; 256; the
                  segmenter's bundled word list does not change.
fonts.faces       one font file's face, read when first needed; its name, made from the file's
                  real path and subfont; 4,096 (far more files than a chain can read); a font
                  file replaced while a process runs is read again after `clear()` only.
fonts.chains      a theme's font chain; the theme's font (text or heading), its template
                  folders for a named family, and the value of BRIEFGEN_FONT_PATH, all a
                  chain is made from; 16; fonts installed since are seen after `clear()`.
fonts.installed   the faces fontconfig lists (`layout.house_fonts`, asked only when a theme
                  names a font family); no key; 1; fonts installed since are seen after
                  `clear()`.
fonts.shipped     the faces of the font files a template folder ships; the folder; 16; likewise.
paragraphs.style  a reportlab paragraph style; style, theme, space, East Asian; 256; made from
                  its arguments alone.
paragraphs.text   a paragraph's markup and fragments; its runs and look (which holds the font
                  chain); 2,048; made from its arguments alone.
paragraphs.root   the fragment reportlab's parse starts from; font and colour; 64; likewise.
paragraphs.colour  the colour of a `color` attribute of paragraph markup; its value; 64;
                  made from it alone.
paragraphs.underline  the underline reportlab's parse records for a link; none; 1; likewise.
layout.inside     the theme as the inside of a laid-out piece sees it; the theme; 64; likewise.
layout.spaced     a paragraph style with space above; style and space; 256; likewise.
layout.labels     the width of a header block's widest label; its labels (with their colon) and
                  the theme; 64; made from them and the theme's font chain, itself kept until
                  `clear()`.
layout.numbers    the room before a numbered source's text; the theme; 64; made from the
                  theme's font, itself kept until `clear()`.
languages.codes   a language code as its tag (`input.language_codes.parse_language`); the code
                  as written; 64; Babel's CLDR data does not change while a process runs.
languages.words   a language's words and punctuation (`compose.languages.language`); its tag;
                  64; read from the package's own files, which do not change.
docx.skeleton     a theme's styled DOCX skeleton; the theme; 16; made from the theme alone.
docx.lines        a font file's natural line height (`writers.docx_lines`); its path and
                  subfont; 64; a file replaced while a process runs is read again after `clear()`.
logo.checked      a logo checked sound; the file's bytes; 16; keyed by content, so a file that
                  changes is checked again.
pipeline.design   a loaded template, theme and audience (`Design`); the -t and -a values; 32; a
                  hit is used only while every file it was read from is unchanged (size, inode,
                  times: `Design.unchanged`), so an edited template, theme, audience or logo is
                  read again at the next build.
dates.reading     how loose dates are read in a language: its phrases as patterns, CLDR's month
                  names (`input.date_reading.reader`); the language code; 32; made from fixed
                  tables and Babel's data alone.
dates.locale      Babel's locale a language's dates are printed with
                  (`compose.date_labels`); the language code; 32; likewise.

One store is not here: the layout stage's laid-out pieces (`layout.measure.PieceStore`). It lives
for one build: `fit` makes it and passes it to every measurement, and the PDF writer draws the
flowables it holds. Its key is the piece and the whole theme, less only the Theme fields whose
metadata says they cannot change a piece's inside (`layout.measure.inside`). `briefgen watch`
alone keeps it from one build to the next (`layout.measure.keeping`: what the last build laid
out is taken back, the rest let go; all of it after a change that empties these tables), which
tests/test_kept_layout.py holds to the bytes of fresh builds; other processes do not, as builds
in threads of one process must not draw the same reportlab flowable at once.

When a table is full, the entry made first is dropped. Objects held in a table keep small memos
of their own (a font chain's choice of face for each character, a face's parsed font file, a
design's compiled templates); dropping the object drops them, so `clear()` reaches them too.
Outside briefgen, reportlab keeps the fonts registered with it: a face read again after `clear()`
is registered again under the same name (named after its file: `font_files.Face.pdf_name`).

Two caches are on disk, in the user's cache folder (`briefgen.disk_cache`, beside this module:
$BRIEFGEN_CACHE_DIR, else $XDG_CACHE_HOME/briefgen, else ~/.cache/briefgen): Jinja2's compiled
templates (`templates-*`, keyed by Jinja2 by the template's name and a checksum of its source) and
the DOCX writer's styled skeletons (`docx-skeletons-*`, named by a digest of the theme and its
styles). Each folder is named by a digest of everything its entries depend on (versions and the
code that makes them), so an entry is used only for the very input it was made from.
`Caches(disk=False)` (or BRIEFGEN_CACHE_DIR=off) keeps nothing there; `clear()` leaves them,
`clear(disk=True)` deletes them too.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

# Every table: its name and its bound on entries (described in the module's docstring).
BOUNDS = {
    "text.rules": 1 << 16,
    "scripts.east_asian": 4096,
    "shaping.runs": 8192,
    "shaping.advances": 8192,
    "thai.words": 256,
    "bidi.levels": 2048,
    "fonts.faces": 4096,
    "fonts.chains": 16,
    "fonts.installed": 1,
    "fonts.shipped": 16,
    "paragraphs.style": 256,
    "paragraphs.text": 2048,
    "paragraphs.root": 64,
    "paragraphs.colour": 64,
    "paragraphs.underline": 1,
    "layout.inside": 64,
    "layout.spaced": 256,
    "layout.labels": 64,
    "layout.numbers": 64,
    "languages.codes": 64,
    "languages.words": 64,
    "docx.skeleton": 16,
    "docx.lines": 64,
    "logo.checked": 16,
    "pipeline.design": 32,
    "dates.reading": 32,
    "dates.locale": 32,
}
DISK_KINDS = ("templates", "docx-skeletons")  # the folders of the disk caches, by kind

F = TypeVar("F", bound=Callable[..., Any])
_KEYWORDS = object()  # separates positional from keyword arguments in a key


class Table(dict):
    """A mapping of at most `maxsize` entries: adding one more drops the oldest. Looking a key up
    is a plain dict lookup (the memoised functions are called hundreds of times a build)."""

    def __init__(self, name: str, maxsize: int) -> None:
        super().__init__()
        self.name = name
        self.maxsize = maxsize

    def __setitem__(self, key: object, value: object) -> None:
        if key not in self and len(self) >= self.maxsize:
            try:
                del self[next(iter(self))]
            except (KeyError, RuntimeError, StopIteration):  # another thread changed it first
                pass
        super().__setitem__(key, value)

    def setdefault(self, key: object, default: object = None) -> object:
        if key not in self:
            self[key] = default
        return self[key]

    def __repr__(self) -> str:
        return f"<Table {self.name}: {len(self)} of {self.maxsize}>"


class FilledTable(Table):
    """A table that fills itself: a missing key's value is `fill(key)`, kept while there is room
    (for `str.translate`, which looks characters up in C and calls `__missing__` for new ones)."""

    def __init__(self, name: str, maxsize: int, fill: Callable[[Any], Any]) -> None:
        super().__init__(name, maxsize)
        self.fill = fill

    def __missing__(self, key: object) -> object:
        value = self.fill(key)
        if len(self) < self.maxsize:
            dict.__setitem__(self, key, value)
        return value


class Caches:
    """The in-memory tables of one process (or of the builds given this object), and the switch
    for the disk caches. Tables are made when first used."""

    def __init__(self, disk: bool = True) -> None:
        self.disk = disk
        self._tables: dict[str, Table] = {}

    def table(self, name: str) -> Table:
        """The table of this name (made empty on first use); a name not in `BOUNDS` is a bug."""
        found = self._tables.get(name)
        if found is None:
            found = self._tables[name] = Table(name, BOUNDS[name])
        return found

    def filled(self, name: str, fill: Callable[[Any], Any]) -> Table:
        """The self-filling table of this name (`FilledTable`)."""
        found = self._tables.get(name)
        if found is None:
            found = self._tables[name] = FilledTable(name, BOUNDS[name], fill)
        return found

    def tables(self) -> dict[str, Table]:
        """Every table made so far, by name."""
        return dict(self._tables)

    def clear(self, disk: bool = False) -> None:
        """Empty every table; with `disk`, delete the disk caches' folders too."""
        for table in self._tables.values():
            table.clear()
        if disk:
            from briefgen import disk_cache

            disk_cache.delete(DISK_KINDS)

    def disk_folder(self, kind: str, *depends: str | bytes) -> Path | None:
        """The folder for disk entries of this kind (`briefgen.disk_cache.folder`), or None
        when this object or BRIEFGEN_CACHE_DIR=off keeps nothing on disk. A kind not in
        DISK_KINDS is refused: `clear(disk=True)` deletes only the kinds it knows."""
        if kind not in DISK_KINDS:
            raise KeyError(f"no disk cache {kind!r}: declare it in briefgen.caches.DISK_KINDS")
        if not self.disk:
            return None
        from briefgen import disk_cache

        return disk_cache.folder(kind, *depends)


PROCESS = Caches()
_active: contextvars.ContextVar[Caches] = contextvars.ContextVar("briefgen_caches",
                                                                   default=PROCESS)


def current() -> Caches:
    """The caches in use here: those given to the build under way, else the process's."""
    return _active.get()


def memo(name: str, fresh: Callable[[Any], bool] | None = None) -> Callable[[F], F]:
    """Remember what the function returns in the table `name` of the caches in use, keyed by all
    of its arguments. With `fresh`, a remembered value is used only while `fresh(value)` holds
    (else it is made again)."""
    if name not in BOUNDS:
        raise KeyError(f"no cache table {name!r}: declare it in briefgen.caches.BOUNDS")

    def decorate(function: F) -> F:
        missing = object()
        active = _active.get

        @functools.wraps(function)
        def memoised(*args: Any, **kwargs: Any) -> Any:
            key = (*args, _KEYWORDS, *kwargs.items()) if kwargs else args
            table = active()._tables.get(name)
            if table is None:
                table = active().table(name)
            value = table.get(key, missing)
            if value is missing or (fresh is not None and not fresh(value)):
                value = table[key] = function(*args, **kwargs)
            return value

        return memoised  # type: ignore[return-value]

    return decorate


@contextlib.contextmanager
def using(caches: Caches) -> Iterator[Caches]:
    """Make `caches` the caches in use here (`current()`) for the `with` block."""
    token = _active.set(caches)
    try:
        yield caches
    finally:
        _active.reset(token)


def uses_caches(function: F) -> F:
    """Run the function with its keyword argument `caches` (if given) as the caches in use."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        given = kwargs.get("caches")
        if given is None:
            return function(*args, **kwargs)
        with using(given):
            return function(*args, **kwargs)

    return run  # type: ignore[return-value]
