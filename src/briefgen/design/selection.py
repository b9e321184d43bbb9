"""An audience's limits applied to the facts: what it keeps, and a note for what it removes.

In: validated `Facts` and an `Audience`. Out: the facts the audience sees and one note per item
a limit removed, in the fit stage's words, so a user reads every cut in one place.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

from briefgen.input.facts import ITEM_LISTS, Facts
from briefgen.input.schema import BLOCKS
from briefgen.input.text import clipped

if TYPE_CHECKING:
    from briefgen.design.audience import Audience


def select(facts: Facts, audience: Audience,
           allowed: tuple[str, ...] = ()) -> tuple[Facts, tuple[str, ...]]:
    """The facts this audience sees, and a note for each item it may not print (`withheld`:
    its release or its marking, unless `allowed` releases that marking) or its limits removed.
    A limit caps a list whatever the priorities: it keeps the most important items (by
    priority, then file order; the timeline by priority, then spread over its dates: `_kept`),
    in their original order; so a limit of 3 removes a fourth priority-1 item too, and says so
    (`executive keeps 3 key points: dropped key_points[4] (priority 1): ...`)."""
    facts, withheld_notes = withheld(facts, audience, allowed)
    changes: dict[str, Any] = {name: () for name in _unplaced(facts, audience)}
    notes: list[str] = [*withheld_notes, *(_missing(name, audience) for name in
                        audience.user_sections if name not in {s.id for s in facts.sections})]
    limits = audience.limits
    for name, items in facts.item_lists():  # in the facts' order, not the audience file's
        limit = limits.get(name)
        if limit is None or name in changes or len(items) <= limit:
            continue
        kept = _kept(items, limit, spread=name == "timeline")
        changes[name] = tuple(items[i] for i in kept)
        cap = f"{audience.name} keeps {limit} {_noun(name, limit)}"
        gone = [i for i in range(len(items)) if i not in kept]
        for i in sorted(gone, key=lambda i: _file_index(items[i].path)):
            notes.append(f"{cap}: dropped {items[i].path} (priority {items[i].priority}): "
                         f"{_label(items[i])}")
    return (facts.replaced(changes) if changes else facts), tuple(notes)


def _unplaced(facts: Facts, audience: Audience) -> list[str]:
    """The lists of items the audience's sections print nowhere (the executive's background),
    left out so that no source is numbered for them alone. Which block prints which list is
    known of the built-in block names only: an audience that names a block of its own template
    keeps every list, as that block may print any."""
    names = set(audience.sections)
    if names - set(BLOCKS) - set(audience.user_sections):
        return []
    placed = names | ({"recommendations"} if "recommendation" in names else set())
    gone = [name for name in ITEM_LISTS if name not in placed and getattr(facts, name)]
    if "other_sections" not in names:
        gone += [s.id for s in facts.sections if s.id not in names and s.items]
    return gone


def _missing(name: str, audience: Audience) -> str:
    """The note for a user section the audience places and the facts lack: it prints nothing."""
    return (f"{audience.name} places section {name!r}, which the facts file does not have: "
            f"printed nothing there")



def withheld(facts: Facts, audience: Audience,
             allowed: tuple[str, ...] = ()) -> tuple[Facts, list[str]]:
    """The facts without the items this audience may not print, and a note for each: an item
    whose release is not in the audience's `release` list; under a marking scheme, an item
    whose marking the audience's `classifications` do not accept and `allowed` (the command
    line's --allow-classification) does not release. Left out before the fit, they are never
    rendered: no part of them reaches the output."""
    from briefgen.input.markings import accepts, scheme_of

    scheme = scheme_of(facts)
    changes: dict[str, tuple[Any, ...]] = {}
    notes, left_out = [], []
    for name, entries in facts.item_lists():
        kept = []
        for x in entries:
            if x.release is not None and audience.release is not None \
                    and x.release not in audience.release:
                prints = ", ".join(audience.release) or "none"
                notes.append(f"{audience.name} prints release {prints}: left out {x.path} "
                             f"(release {x.release}): {_label(x)}")
            elif scheme is not None and x.marking is not None and not accepts(
                    scheme, audience.classifications, allowed, x.marking):
                notes.append(f"{audience.name} may not receive {x.marking}: left out {x.path} "
                             f"(to print it, add --allow-classification "
                             f"{shlex.quote(x.marking)}): {_label(x)}")
            else:
                kept.append(x)
                continue
            left_out.append(x)
        if len(kept) < len(entries):
            changes[name] = tuple(kept)
    if left_out:
        _without_their_sources(facts, audience, left_out, changes, notes)
    return (facts.replaced(changes) if changes else facts), notes


def _without_their_sources(facts: Facts, audience: Audience, left_out: list[Any],
                           changes: dict[str, tuple[Any, ...]], notes: list[str]) -> None:
    """The sources cited only by items left out go too (into `changes`, with a note), so an
    audience that prints every source (`all_sources`) does not print theirs."""
    cited = {source for x in left_out for source in x.sources}
    cited -= {source for name, entries in facts.item_lists()
              for x in changes.get(name, entries) for source in x.sources}
    if not cited:
        return
    for n, source in enumerate(facts.sources):
        if source.id in cited:
            notes.append(f"{audience.name}: left out sources[{n}] (cited only by items left "
                         f"out): {clipped(source.title)}")
    changes["sources"] = tuple(s for s in facts.sources if s.id not in cited)


def _kept(items: tuple[Any, ...], limit: int, spread: bool) -> list[int]:
    """The indices a cap keeps, in order: the highest priorities first; of the priority the cap
    falls in, the first in the list, or (`spread`: a timeline, in date order) its oldest and
    newest and as many between, evenly spaced, so the story keeps its start and its news."""
    kept: list[int] = []
    for priority in sorted({x.priority for x in items}):
        level = [i for i, x in enumerate(items) if x.priority == priority]
        room = limit - len(kept)
        if room <= 0:
            break
        if len(level) <= room:
            kept += level
        elif spread and room > 1:
            kept += [level[round(k * (len(level) - 1) / (room - 1))] for k in range(room)]
        else:
            kept += level[-room:] if spread else level[:room]
    return sorted(kept)


# the built-in lists of items an audience may limit (and its sections print); it may limit a
# user section's items too, by the section's id
LIMITED = ITEM_LISTS

# what one entry of each limited list is called in a note ("keeps 1 quote", "keeps 4 ...")
_NOUNS = {"key_points": ("key point", "key points"),
          "timeline": ("timeline event", "timeline events"),
          "quotes": ("quote", "quotes"), "figures": ("figure", "figures"),
          "outlook": ("outlook item", "outlook items"),
          "recommendations": ("recommendation", "recommendations"),
          "background": ("background item", "background items")}


def _noun(name: str, count: int) -> str:
    one, many = _NOUNS.get(name, (f"item of section {name}", f"items of section {name}"))
    return one if count == 1 else many


def _label(item: Any) -> str:
    """An item's text as a note shows it: its words (an event's date first, as the file writes
    it, so the item is found there; a figure's value first), cut at 50 characters as the fit
    stage's notes are."""
    if hasattr(item, "event"):
        text = f"{item.date.text} {item.event}"
    elif hasattr(item, "value"):
        text = f"{item.value} {item.label}"
    else:
        text = item.text
    return clipped(text)


def _file_index(path: str) -> int:
    """The position an item had in its list in the file: 3 for 'timeline[3]'."""
    return int(path.rsplit("[", 1)[1].rstrip("]"))
