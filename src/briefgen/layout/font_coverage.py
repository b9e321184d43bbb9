"""Font coverage: can the theme's fonts print every character of the facts?

In: validated `Facts` and the `Theme`. Out: a `Problem` for each text holding a character the
brief cannot print, naming the field and the character, so a brief never shows a box where a name
should be. Which fonts print what is `briefgen.layout.font_chain`'s business (`Chain`); this module only walks
every text a brief may print and words the problems.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from briefgen.design.theme import Theme
from briefgen.errors import Problem
from briefgen.input.facts import Facts
from briefgen.input.schema import FACTS, MEMO, SOURCE, attribute, lists_of, text_fields
from briefgen.layout.font_chain import Chain
from briefgen.layout.fonts import ADVICE, ENV_PATH, for_theme
from briefgen.layout.scripts import shown

# The printed texts of each part of a facts file, from its one definition (worked out once).
_TOP = text_fields(FACTS)
_MEMO = tuple((name, attribute(name)) for name in text_fields(MEMO))
_ITEMS = tuple(key for key, _ in lists_of(FACTS, "items"))
_ENTRIES = tuple((key, text_fields(record)) for key, record in
                 lists_of(FACTS, "events", "quotes", "figures"))
_SOURCE = text_fields(SOURCE)


def texts(facts: Facts) -> Iterator[tuple[str, str]]:
    """(field path, text) for every text a brief may print, in the order of the facts schema
    (`briefgen.input.schema`): the top level's, the memo's, then each list's entries'."""
    for name in _TOP:
        yield name, getattr(facts, name)
    for name, attr in _MEMO:
        value = getattr(facts.memo, attr)
        if value:
            yield f"memo.{name}", value
    for key in _ITEMS:  # an item's path names its text
        for item in getattr(facts, key):
            yield item.path, item.text
    for section in facts.sections:  # a user section's title, then its items
        yield f"{section.path}.title", section.title
        for item in section.items:
            yield item.path, item.text
    for key, names in _ENTRIES:
        for entry in getattr(facts, key):
            for name in names:
                value = getattr(entry, name)
                if value:
                    yield f"{entry.path}.{name}", value
    for index, source in enumerate(facts.sources):
        for name in _SOURCE:
            value = getattr(source, name)
            if value:
                yield f"sources[{index}].{name}", value


def check_coverage(facts: Facts, theme: Theme | None = None) -> list[Problem]:
    """A problem for each text holding characters no font of the theme's chain has."""
    theme = theme or Theme()
    chain = for_theme(theme)
    found = [Problem(facts.file, message, facts.line_of(field), _named(field))
             for field, text in texts(facts) for message in _messages(chain, text)]
    if theme.heading_family != theme.font and not found:  # the title is in the heading font
        found = [Problem(facts.file, message, facts.line_of("title"), "title")
                 for message in _messages(for_theme(theme, heading=True), facts.title)]
    return found


def _named(field: str) -> str:
    """The field a problem names: an item's text (`key_points[0].text`), as every other
    problem with an item's text names it, where `texts` gives the item's path."""
    return f"{field}.text" if field.endswith("]") else field


def text_problems(text: str, theme: Theme, remedy: str | None = None) -> list[str]:
    """Why the theme's fonts cannot print this text (an audience's or a template's), if they
    cannot. Without `remedy`, the messages said of a fact. With it (what to do in the file the
    user wrote, e.g. "remove them from the template"), the advice is the one true there: a
    character no font has is printed once a font that has it is added to the chain
    (BRIEFGEN_FONT_PATH)."""
    if theme.heading_family != theme.font:  # a title or label may be a heading: both fonts
        heading = text_problems(text, replace(theme, font=theme.heading_family), remedy)
        body = text_problems(text, replace(theme, heading_font=""), remedy)
        return body + [m for m in heading if m not in body]
    chain = for_theme(theme)
    if remedy is None:
        return _messages(chain, text)
    missing = chain.problems(text)
    messages = []
    if missing:
        messages.append(f"cannot print {_list(missing)}: no font briefgen has prints them "
                        f"({_fonts(chain)}): {remedy}, or add a TrueType font that has them to "
                        f"{ENV_PATH}")
    return messages


def _messages(chain: Chain, text: str) -> list[str]:
    missing = chain.problems(text)
    if not missing:
        return []
    return [f"no font of the brief has {_list(missing)} ({_fonts(chain)}): replace the "
            f"characters, or {ADVICE}"]


def _list(chars: list[str]) -> str:
    more = f" and {len(chars) - 5} more" if len(chars) > 5 else ""
    return ", ".join(shown(c) for c in chars[:5]) + more


def _fonts(chain: Chain) -> str:
    names = [chain.primary.label + (" (Windows-1252 only: the Liberation fonts are not installed)"
                                    if not chain.primary.embedded else "")]
    names += [family.label for family in chain.fallbacks]
    return "fonts tried: " + ", ".join(names)
