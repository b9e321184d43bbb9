"""Font coverage: can the theme's fonts print every character of the facts?

In: validated `Facts`. Out: a `Problem` for each text holding a character the fonts cannot print,
naming the field and the character, so a brief never shows a box where a name should be.
The built-in PDF fonts (Helvetica, Times) print the Windows-1252 character set, Western European
text and common symbols; the DOCX fonts matched to them cover at least as much.
"""

from __future__ import annotations

from collections.abc import Iterator

from briefgen.errors import Problem
from briefgen.facts import Facts


def printable(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def texts(facts: Facts) -> Iterator[tuple[str, str]]:
    """(field path, text) for every text a brief may print."""
    yield "title", facts.title
    yield "summary", facts.summary
    for name in ("to", "from_", "cc", "reference", "classification"):
        value = getattr(facts.memo, name)
        if value:
            yield f"memo.{name.rstrip('_')}", value
    for item in facts.key_points + facts.outlook:
        yield item.path, item.text
    for event in facts.timeline:
        yield f"{event.path}.event", event.event
    for quote in facts.quotes:
        for name in ("text", "speaker", "role", "context"):
            if getattr(quote, name):
                yield f"{quote.path}.{name}", getattr(quote, name)
    for figure in facts.figures:
        for name in ("label", "value", "note"):
            if getattr(figure, name):
                yield f"{figure.path}.{name}", getattr(figure, name)
    for index, source in enumerate(facts.sources):
        for name in ("title", "publisher", "url"):
            if getattr(source, name):
                yield f"sources[{index}].{name}", getattr(source, name)


def check_coverage(facts: Facts) -> list[Problem]:
    problems = []
    for field, text in texts(facts):
        missing = list(dict.fromkeys(c for c in text if not printable(c)))  # in order of use
        if missing:
            shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            problems.append(Problem(
                facts.file, f"the brief's fonts cannot print {shown}{more}; they cover "
                            "Western European text (Windows-1252) only: replace the characters",
                field=field))
    return problems
