"""briefgen: a file of facts in, a one-page briefing memo out, as PDF and DOCX (and Markdown).

The library API is one function, `build`, the error it raises, and `clear_caches`, which makes
the process forget what builds remember (`briefgen.caches`). `build` is pure (the same
facts, template, audience and version give the same bytes; the date comes from the facts or
SOURCE_DATE_EPOCH) and picklable, so a batch can be mapped over processes or machines.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable

from briefgen.errors import BriefgenError, Problem
from briefgen.writers import WRITERS

__version__ = "0.1.0"
__all__ = ["BriefgenError", "Problem", "__version__", "build", "clear_caches"]
FORMATS = tuple(WRITERS)  # every format a brief can be written in, in this order
DEFAULT_FORMATS = ("pdf", "docx")  # written when none is asked for: Markdown is opt-in
MAX_ENTRIES = 1_000  # formats or markings read from one argument: an endless iterable stops here
MAX_PAGES = 20  # the most pages a brief may be allowed (--pages)


def build(facts: str | os.PathLike[str], *, audience: str | None = None,
          template: str | None = None, formats: Iterable[str] = DEFAULT_FORMATS,
          allow_overflow: bool = False, allow_classifications: Iterable[str] = (),
          pages: int = 1, language: str | None = None,
          paper: str | None = None) -> dict[str, bytes]:
    """Build the brief of a facts file and return its bytes by format (`"pdf"`, `"docx"`, and
    `"md"`, Markdown, and `"html"`, one HTML file, when asked for; `"png"`, the preview: a tuple
    of bytes, a PNG a page).

    `audience` and `template` are what `-a` and `-t` take on the command line; `pages` and
    `allow_overflow` what `--pages` and `--allow-overflow` take (the brief may use up to `pages`
    pages, 1 to `MAX_PAGES`; with `allow_overflow`, as many as priority 1 needs); `language`
    what `--language` takes (a code such as "fr" or "pt-BR"; None: the audience's, else the
    facts file's, else English; an unsupported code is a ValueError); `paper` what `--paper`
    takes ("a4" or "letter"; None: the theme's). Raises
    `BriefgenError` (its `problems` say what and where) for bad input or a brief that cannot fit;
    TypeError or ValueError for an argument of the wrong kind (a bytes path is decoded as
    `open` would): an empty template or audience name (None means the built-in one), or more
    than `MAX_ENTRIES` formats or markings, is a ValueError.
    """
    from briefgen.pipeline import build as build_brief

    path = _path(facts, "facts", "the path of a facts file (str, bytes or os.PathLike)")
    if template is not None:
        template = _path(template, "template", "a name or a path (str or os.PathLike) or None")
        if not template:  # it would be the current folder
            raise ValueError("template is empty: give a name or a path, or None for the "
                             "built-in one")
    if audience is not None and not isinstance(audience, str):
        raise TypeError(f"audience must be a name (text) or None, not {_kind(audience)}")
    if audience == "":
        raise ValueError("audience is empty: give a name, or None for the default audience")
    _check_fitting(allow_overflow, pages)
    chosen = _texts(formats, "formats", "format names", "pdf")
    for name in chosen:
        if name not in FORMATS:
            raise ValueError(f"unknown format {name!r} (formats: {', '.join(FORMATS)})")
    if not chosen:
        raise ValueError(f"formats is empty: ask for one or more of {', '.join(FORMATS)}")
    release = _texts(allow_classifications, "allow_classifications", "markings", "SECRET")
    brief = build_brief(path, chosen, allow_overflow, audience=audience, template=template,
                        release=release, pages=pages, language=_language(language),
                        paper=_paper(paper))
    return brief.outputs


def _check_fitting(allow_overflow: object, pages: object) -> None:
    """`allow_overflow` is a bool and `pages` a whole number from 1 to MAX_PAGES."""
    if not isinstance(allow_overflow, bool):
        raise TypeError(f"allow_overflow must be True or False, not {_kind(allow_overflow)}")
    if not isinstance(pages, int) or isinstance(pages, bool):
        raise TypeError(f"pages must be a whole number, not {_kind(pages)}")
    if not 1 <= pages <= MAX_PAGES:
        raise ValueError(f"pages must be from 1 to {MAX_PAGES}, not {pages}")


def _language(language: object) -> str | None:
    """A language code as its tag (ValueError: the supported languages), or None."""
    if language is None:
        return None
    from briefgen.input.language_codes import parse_language

    if not isinstance(language, str):
        raise TypeError(f"language must be a code such as 'fr' or None, not {_kind(language)}")
    return parse_language(language)


def _paper(paper: object) -> str | None:
    """"a4" or "letter" (any case), or None for the theme's paper."""
    if paper is None:
        return None
    if not isinstance(paper, str):
        raise TypeError(f"paper must be 'a4', 'letter' or None, not {_kind(paper)}")
    if paper.lower() not in ("a4", "letter"):
        raise ValueError(f"unknown paper {paper!r} (papers: a4, letter)")
    return paper.lower()


def clear_caches(*, disk: bool = False) -> None:
    """Forget everything builds in this process remember (fonts read, paragraphs made, designs
    loaded, ...: every table of `briefgen.caches`), so the next build starts as a fresh process
    would, but for the imports. The user's cache folder on disk (compiled templates, DOCX
    skeletons) is kept unless `disk` is True; it is keyed by content, so keeping it is safe."""
    from briefgen.caches import current

    current().clear(disk=disk)


def _kind(value: object) -> str:
    return type(value).__name__


def _path(value: object, name: str, wanted: str) -> str:
    """A path argument as text; bytes (and bytes path objects) decoded as the system does."""
    if isinstance(value, (str, bytes, os.PathLike)):
        path = os.fspath(value)
        if isinstance(path, (str, bytes)):
            return os.fsdecode(path)
    raise TypeError(f"{name} must be {wanted}, not {_kind(value)}")


def _texts(values: object, name: str, what: str, example: str) -> tuple[str, ...]:
    """An iterable of at most MAX_ENTRIES texts as a tuple, read no further than one past the
    limit (`itertools.repeat` never ends). A text alone is refused: iterated, it would be read
    as its characters (the marking 'SECRET' as 'S', 'E', ...)."""
    wrong = f"{name} must be a list of {what} such as [{example!r}], not"
    if isinstance(values, str):
        raise TypeError(f"{wrong} the text {values!r}")
    if isinstance(values, bytes):
        raise TypeError(f"{wrong} bytes")
    try:
        found = tuple(itertools.islice(values, MAX_ENTRIES + 1))  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"{wrong} {_kind(values)}") from None
    if len(found) > MAX_ENTRIES:
        raise ValueError(f"{name} holds more than {MAX_ENTRIES:,} entries")
    for value in found:
        if not isinstance(value, str):
            raise TypeError(f"{name} must hold {what} (text), not {_kind(value)}")
    return found
