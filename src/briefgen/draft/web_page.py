"""A saved web page -> the article in it: headline, paragraphs and what the page says of itself
(publication date, site name, address).

trafilatura finds the main text and leaves out the navigation, the comments, the related links
and the footer; it is imported here only, so neither a build nor `draft` on a text file loads it.

The page is parsed in a child process, killed when the draft's deadline (`time_limit`) rings: lxml's parser, which does
the work, runs in C and a signal cannot stop it (a tag with 50,000 distinct attributes takes it
15 s, 200,000 take 83 s). A forked child costs ~10 ms on a real page; where fork is missing (not
Linux or macOS) the page is parsed in this process, under the size bound alone.
"""

from __future__ import annotations

import logging
import multiprocessing
import os

from briefgen.draft.article import fail

_Found = tuple[str, str, dict[str, str]]  # title, main text, metadata


def _quiet() -> None:
    """trafilatura and its helpers log their doubts; the command prints one line or none."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False


def _extract(data: bytes) -> _Found:
    """trafilatura's reading of the page: headline, main text, metadata (empty when none)."""
    import trafilatura

    _quiet()
    try:
        found = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_formatting=False, include_links=False,
            deduplicate=False,
            # the page's own date only: with a search of the text, a page without one got
            # the first date its story mentions ("by March 2025")
            date_extraction_params={"extensive_search": False, "original_date": True})
    except (ValueError, TypeError, RecursionError, MemoryError):
        found = None
    meta = {key: value for key, value in (
        ("date", getattr(found, "date", None)), ("publisher", getattr(found, "sitename", None)),
        ("url", getattr(found, "url", None))) if isinstance(value, str) and value.strip()}
    return (str(getattr(found, "title", None) or ""), str(getattr(found, "text", None) or ""),
            meta)


def _child(data: bytes, send: object) -> None:
    """The child's work: extract and send the result back, then leave at once."""
    try:
        send.send(_extract(data))  # type: ignore[attr-defined]
    finally:
        os._exit(0)


def _extract_bounded(data: bytes) -> _Found:
    """`_extract` in a forked child, killed when the draft's deadline raises `TimeUp` here."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return _extract(data)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(data, send), daemon=True)
    child.start()
    send.close()
    try:
        try:
            return receive.recv()
        except EOFError:  # the child died (out of memory): no article read
            return ("", "", {})
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()


def read_page(path: str, data: bytes) -> tuple[str, list[str], dict[str, str]]:
    """The page's headline, its paragraphs of main text and its metadata (`date` as
    YYYY-MM-DD, `publisher`, `url`); raises `BriefgenError` for a page with no article."""
    title, text, meta = _extract_bounded(data)
    if not text.strip():
        raise fail(path, "holds no article text: no main text was found in the page")
    paragraphs = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return " ".join(title.split()), paragraphs, meta
