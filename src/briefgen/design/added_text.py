"""The text an audience or a template of the user's adds to a brief, checked before a build:
each text the brief prints must be printable in the theme's fonts and not empty where it must
print something.

In: a loaded `Audience` (its texts and where each was written) or a user template's tokens, and
the `Theme`. Out: a `Problem` for each text at fault, at its file, line and key (or template
line), with the remedy that is true there.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.design.audience import Audience
from briefgen.design.environment import Token
from briefgen.design.theme import Theme
from briefgen.errors import Problem
from briefgen.input.text import forbidden, hidden, nothing_message, one_line

AUDIENCE_REMEDY = "write this text without them"  # what to do with characters no font prints
TEMPLATE_REMEDY = "remove them from the template"


def _unprintable(text: str, theme: Theme, remedy: str) -> list[str]:
    from briefgen.layout.font_coverage import text_problems

    return text_problems(text, theme, remedy)


def audience_text_problems(audience: Audience, theme: Theme) -> list[Problem]:
    """A problem for each text of the audience the brief prints and cannot print, at its file
    and line; and for each that would print nothing. The label and the date label are always
    printed, so they may not be empty; an empty section title leaves the section without a
    heading and an empty recommendation means none, but one of invisible characters only is a
    mistake (it would print an empty heading or section), as in a facts file."""
    texts = [("label", audience.label, True), ("date_label", audience.date_label, True),
             ("recommendation", audience.recommendation or "", False)]
    texts += [(f"titles.{key}", title, False) for key, title in audience.titles.items()]
    texts += [(f"words.{tag}", text, False) for tag, own in audience.words.items()
              for text in own.values()]
    problems = []
    for key, text, required in texts:
        file, line = audience.origins.get(key, (audience.file, None))
        bad = forbidden(text)
        if bad:
            messages = [bad]
        elif not one_line(text) and (required or hidden(text)):
            messages = [nothing_message(text)]
        else:
            messages = _unprintable(text, theme, AUDIENCE_REMEDY)
        problems += [Problem(file, message, line, key) for message in messages]
    return problems


def template_text_problems(lexed: tuple[tuple[Path, tuple[Token, ...]], ...],
                            theme: Theme) -> list[Problem]:
    """A problem for each line of a user's template whose text (outside or inside its tags) the
    brief cannot print, at the template file and line (from the tokens `check_elements` read)."""
    problems = []
    for path, tokens in lexed:
        for first, kind, value in tokens:
            if kind not in ("data", "string") or value.isascii():
                continue
            for offset, text in enumerate(value.split("\n")):
                problems += [Problem(str(path), message, first + offset, "template")
                             for message in _unprintable(text, theme, TEMPLATE_REMEDY)]
    return list(dict.fromkeys(problems))  # a line's text and its strings: each problem once
