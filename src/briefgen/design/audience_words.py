"""An audience's language and its own words (`language:` and `words:` in an audience file).

In: the values an audience file gives (merged along its `extends` chain). Out: the language as
a tag, and the audience's own words by language tag ({"fr": {"Key points": "Points
essentiels"}}), which `Audience.vocabulary` writes over briefgen's words for that language; a
problem for each value briefgen cannot use, reported with the audience's other problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from briefgen.errors import Problem, TemplateError
from briefgen.input.language_codes import parse_language


def merge_words(value: object, merged: object, current: Path,
                 lines: dict[str, int]) -> dict[object, object]:
    """An audience file's `words` written under those of the files that extend it (read
    first, they win), language by language."""
    if not isinstance(value, dict) and value is not None:
        raise TemplateError([Problem(str(current), "must be a mapping of languages, not "
                                     f"{type(value).__name__}", lines.get("words"), "words")])
    out: dict[object, object] = dict(value or {})
    for code, own in (merged or {}).items():  # type: ignore[attr-defined]
        earlier = out.get(code)
        out[code] = {**earlier, **own} if isinstance(earlier, dict) and isinstance(own, dict) \
            else own
    return out


def language_setting(code: str | None, problem: Callable[[str, str], None]) -> str | None:
    """The audience's `language` as a tag; None (and a problem) for one briefgen lacks."""
    if code is None:
        return None
    try:
        return parse_language(code)
    except ValueError as exc:
        problem("language", str(exc))
        return None


def own_words(words: dict[object, object], problem: Callable[[str, str], None]
           ) -> dict[str, dict[str, str]]:
    """The audience's own `words`, by language tag, each entry an English text and its
    translation; a problem for a language briefgen lacks or an entry that is not text."""
    out = {}
    for code, entries in words.items():
        try:
            tag = parse_language(str(code))
        except ValueError as exc:
            problem(f"words.{code}", str(exc))
            continue
        if not isinstance(entries, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
            problem(f"words.{code}", "is a mapping of English texts to their translation, "
                                     "e.g. {Key points: Points essentiels}")
            continue
        for english, translation in entries.items():
            if _placeholders(english) != _placeholders(translation):
                problem(f"words.{code}", f"{translation!r} must hold the placeholders of "
                                         f"{english!r} ({', '.join(_placeholders(english)) or 'none'}), "
                                         "each once")
        out[tag] = dict(entries)
    return out


def _placeholders(text: str) -> list[str]:
    """The placeholders of a word ("Prepared by {author} on {date}": {author}, {date}), sorted:
    a translation must hold the same ones, or a reader would see "{auteur}" printed."""
    return sorted(re.findall(r"\{[a-z]+\}", text))
