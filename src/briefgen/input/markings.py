"""Marking schemes: the markings a facts file's items may carry, their order and their marks.

In: validated `Facts` and the scheme the theme names (the facts file's `markings:` wins). Out:
the same facts with every marking in its canonical form (the banner's words) and every item
that carries none given the file's marking (`memo.classification`); or a `FactsError` naming
each marking that is unknown, or written without a scheme, at its file, line and field.

A scheme is a list of markings, lowest first, each with the words its banner prints and the
short mark printed before a portion ("(C) "). Markings are accepted case-insensitively in
either form and stored in the banner's words, so the rest of the build compares exact text.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.errors import FactsError, Problem
from briefgen.input.facts import Facts
from briefgen.input.nodes import show


@dataclass(frozen=True)
class Scheme:
    """One marking scheme: its name and its markings, lowest first, as (banner, portion mark)."""

    name: str
    markings: tuple[tuple[str, str], ...]

    def canonical(self, text: str | None) -> str | None:
        """The banner words of a marking written in either form, any case; None if unknown."""
        if text is None:
            return None
        wanted = _folded(text)
        for banner, portion in self.markings:
            if wanted in (_folded(banner), _folded(portion)):
                return banner
        return None

    def rank(self, marking: str) -> int:
        """The place of a canonical marking in the order, 0 the lowest."""
        return [banner for banner, _ in self.markings].index(marking)

    def portion(self, marking: str) -> str:
        """The mark printed before a portion, without its parentheses: "C", "TLP:AMBER"."""
        return dict(self.markings)[marking]

    def highest(self, markings: Iterable[str]) -> str | None:
        """The highest of these canonical markings (None if there are none)."""
        return max(markings, key=self.rank, default=None)

    @property
    def lowest(self) -> str:
        """The scheme's baseline marking: what an unmarked document would be."""
        return self.markings[0][0]

    def allowed(self) -> str:
        """The markings as a message lists them: "UNCLASSIFIED (U), CUI, ..."."""
        return ", ".join(banner if banner == portion else f"{banner} ({portion})"
                         for banner, portion in self.markings)


def _folded(text: str) -> str:
    """A marking as compared: spaces collapsed, any case, accents optional ("Tres secret")."""
    decomposed = unicodedata.normalize("NFD", " ".join(text.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


SCHEMES = {scheme.name: scheme for scheme in (
    Scheme("us", (("UNCLASSIFIED", "U"), ("CUI", "CUI"), ("CONFIDENTIAL", "C"), ("SECRET", "S"),
                  ("TOP SECRET", "TS"))),
    Scheme("uk", (("OFFICIAL", "O"), ("OFFICIAL-SENSITIVE", "OS"), ("SECRET", "S"),
                  ("TOP SECRET", "TS"))),
    Scheme("tlp", tuple((f"TLP:{level}", f"TLP:{level}") for level in (
        "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"))),
    # France since the 2021 reform (IGI 1300): two classified levels above the protected one
    Scheme("fr", (("NON PROTÉGÉ", "NP"), ("DIFFUSION RESTREINTE", "DR"), ("SECRET", "S"),
                  ("TRÈS SECRET", "TS"))),
    # Germany's Verschlusssachen (VSA), below them the unclassified "offen"
    Scheme("de", (("OFFEN", "OFFEN"), ("VS-NUR FÜR DEN DIENSTGEBRAUCH", "VS-NfD"),
                  ("VS-VERTRAULICH", "VS-Vertr."), ("GEHEIM", "geh."),
                  ("STRENG GEHEIM", "str. geh."))),
)}

def scheme_of(facts: Facts) -> Scheme | None:
    """The scheme the facts' markings are in, once `resolve` has named it (None: no scheme)."""
    return SCHEMES.get(facts.markings) if facts.markings else None


def accepts(scheme: Scheme, classifications: tuple[str | None, ...] | None,
            allowed: tuple[str, ...], marking: str) -> bool:
    """May an audience that receives `classifications` (None: any) print this canonical marking,
    with `allowed` released on the command line? The list's markings of this scheme count, in
    either form; its null (facts with no marking) stands for the scheme's lowest marking, as does
    `--allow-classification none`."""
    if classifications is None:
        return True
    wanted = {scheme.canonical(c) for c in (*classifications, *allowed) if c}
    if None in classifications or any(a.casefold() == "none" for a in allowed):
        wanted.add(scheme.lowest)
    return marking in wanted


def resolve(facts: Facts, theme_scheme: str | None = None) -> Facts:
    """The facts with their markings checked and made canonical under the facts' scheme, else
    the theme's; unchanged when neither names one and no item carries a marking. Resolving
    resolved facts again changes nothing (canonical markings are their own canonical form).
    Raises
    `FactsError` with every marking that is unknown, or given without a scheme."""
    name = facts.markings or theme_scheme
    problems: list[Problem] = []
    if not name:
        for _, entries in facts.item_lists():
            for x in entries:
                if x.marking is not None:
                    problems.append(_problem(
                        facts, f"{x.path}.marking", f"{show(x.marking)} needs a marking scheme: "
                        "add 'markings: us' (or uk, tlp, fr, de) to the facts file or to the "
                        "theme"))
        if problems:
            raise FactsError(problems)
        return facts
    scheme = SCHEMES[name]
    file_marking = _file_marking(facts, scheme, problems)
    changes = {key: tuple(_marked(x, scheme, file_marking, facts, problems) for x in entries)
               for key, entries in facts.item_lists()}
    if problems:
        raise FactsError(problems)
    memo = dataclasses.replace(facts.memo, classification=file_marking)
    return dataclasses.replace(facts.replaced(changes), memo=memo, markings=name)


def _file_marking(facts: Facts, scheme: Scheme, problems: list[Problem]) -> str:
    """The file's marking in the scheme: `memo.classification`, which a scheme requires."""
    given = facts.memo.classification
    found = scheme.canonical(given)
    if found is None:
        what = f"unknown marking {show(given)}" if given else "a marking is required"
        problems.append(_problem(facts, "memo.classification", f"{what} under markings: "
                                 f"{scheme.name} (allowed: {scheme.allowed()})"))
        return scheme.lowest
    return found


def _marked(x: object, scheme: Scheme, file_marking: str, facts: Facts,
            problems: list[Problem]) -> object:
    """An item with its marking canonical (the file's marking if it carries none)."""
    given = getattr(x, "marking")
    found = file_marking if given is None else scheme.canonical(given)
    if found is None:
        problems.append(_problem(facts, f"{getattr(x, 'path')}.marking",
                                 f"unknown marking {show(given)} under markings: "
                                 f"{scheme.name} (allowed: {scheme.allowed()})"))
        return x
    return dataclasses.replace(x, marking=found)  # type: ignore[type-var]


def _problem(facts: Facts, path: str, message: str) -> Problem:
    """A problem at the line of a field of the facts (or of the `markings` key)."""
    line = facts.lines.get(path) or facts.lines.get("markings")
    return Problem(facts.file, message, line, path)
