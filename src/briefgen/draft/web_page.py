"""A saved web page -> the article in it: headline, paragraphs and what the page says of itself
(publication date, site name, address).

trafilatura finds the main text and leaves out the navigation, the comments, the related links
and the footer; it is imported here only, so neither a build nor `draft` on a text file loads it.
Parsing is bounded in time (`deadline`): a page built to make a parser work for ever (deeply
nested or enormous markup) ends in a one-line error instead.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from briefgen.draft.article import fail


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException, so no library's `except Exception` hides it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise `_TimeUp` in the block after `seconds` (in the main thread, where signals are
    delivered; elsewhere the size bound alone applies)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
            signal, "setitimer"):
        yield
        return

    def ring(signum: int, frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _quiet() -> None:
    """trafilatura and its helpers log their doubts; the command prints one line or none."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False


def read_page(path: str, data: bytes, seconds: float) -> tuple[str, list[str], dict[str, str]]:
    """The page's headline, its paragraphs of main text and its metadata (`date` as
    YYYY-MM-DD, `publisher`, `url`); raises `BriefgenError` for a page with no article or one
    that takes longer than `seconds` to read."""
    import trafilatura

    _quiet()
    try:
        with deadline(seconds):
            found = trafilatura.bare_extraction(
                data, with_metadata=True, include_comments=False, include_tables=False,
                include_images=False, include_formatting=False, include_links=False,
                deduplicate=False)
    except _TimeUp:
        raise fail(path, f"took longer than {seconds:g} s to read as a web page (save the "
                         "article's text as a .txt file and draft from that)") from None
    except (ValueError, TypeError, RecursionError, MemoryError):
        found = None
    text = getattr(found, "text", None) or ""
    if not text.strip():
        raise fail(path, "holds no article text: no main text was found in the page")
    meta = {key: value for key, value in (
        ("date", getattr(found, "date", None)), ("publisher", getattr(found, "sitename", None)),
        ("url", getattr(found, "url", None))) if isinstance(value, str) and value.strip()}
    title = " ".join((getattr(found, "title", None) or "").split())
    paragraphs = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return title, paragraphs, meta
