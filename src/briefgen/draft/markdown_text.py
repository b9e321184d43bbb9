"""A Markdown article -> its headline (the first `#` heading) and its paragraphs as plain text:
emphasis marks, links' addresses, images, list and quote markers and headings' hashes taken
out, so that what is drafted is what a reader of the rendered page reads."""

from __future__ import annotations

import re

from briefgen.draft.article import blocks

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]*)`")
_MARKER = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")


def plain(block: str) -> str:
    """One block of Markdown as the text it shows."""
    lines = [_MARKER.sub("", line.strip()) for line in block.splitlines()]
    text = " ".join(line for line in lines if line)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(2):  # **bold *inside*** as well
        text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def plain_paragraphs(text: str) -> tuple[str, list[str]]:
    """The first level-1 heading (else the first heading) as the headline, and every other
    block as a paragraph; a wholly emphasised short line under the headline (a byline such as
    `*VOA News*`) is left out."""
    raw = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    title = ""
    paragraphs: list[str] = []
    for block in raw:
        stripped = block.strip()
        if not stripped or re.fullmatch(r"[-*_]{3,}", stripped):
            continue
        if stripped.startswith("#") and not title and "\n" not in stripped:
            title = plain(stripped)
            continue
        if stripped.startswith("#"):  # a subheading: not a paragraph of the story
            continue
        if re.fullmatch(r"(\*|_)[^*_\n]{1,60}\1", stripped) and not paragraphs:
            continue
        paragraphs.append(plain(stripped))
    return title, [p for p in paragraphs if p] if raw else blocks(text)
