"""The editor's fit on real facts files: every file in facts/ and every built-in audience.

What a reader is owed, checked by making and measuring the pages the fit did not choose:
every priority-1 item is printed; no dropped priority-2 item could be put back, not even at
the smallest sizes; the text is as large as those items allow; and no dropped priority-3 item
could be put back at the size chosen. (How cuts are spread between lists is held by
tests/test_fit.py, on lists made for it.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefgen.design.selection import select
from briefgen.design.theme import TIGHTEN_STEPS, Theme
from briefgen.errors import BriefgenError
from briefgen.input.facts import load_facts
from briefgen.layout import fit_order
from briefgen.layout.measure import Layout
from briefgen.pipeline import design_for, fit_brief, maker

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p.name for p in (ROOT / "facts").iterdir() if p.suffix in (".yaml", ".json"))
AUDIENCES = ("default", "executive", "analyst", "press")


@dataclass
class Case:
    make: object
    fitted: object
    design: object
    dropped: dict[str, int]  # key -> priority

    def height(self, dropped: set[str], theme: Theme) -> float:
        return Layout().measure(self.make(frozenset(dropped)), theme).height


def fitted_case(name: str, audience: str, release: tuple[str, ...] = ()) -> Case:
    design = design_for(None, audience)
    facts = load_facts(ROOT / "facts" / name)
    if design.audience.refuses(facts.memo.classification, release):
        pytest.fail(f"{name} is refused by {audience}: list it as such")  # pragma: no cover
    facts, _ = select(facts, design.audience)
    make = maker(design, facts)
    fitted = fit_brief(design, facts, make)
    dropped = {m.group(1): int(m.group(2)) for m in
               (re.match(r"dropped (\S+) \(priority (\d)\)", n) for n in fitted.notes) if m}
    return Case(make, fitted, design, dropped)


def cases() -> list[tuple[str, str]]:
    out = []
    for name in FILES:
        marking = load_facts(ROOT / "facts" / name).memo.classification
        for audience in AUDIENCES:
            if not design_for(None, audience).audience.refuses(marking):
                out.append((name, audience))
    return out


@pytest.fixture(scope="module", params=cases(), ids=lambda c: f"{c[0]}-{c[1]}")
def case(request: pytest.FixtureRequest) -> Case:
    name, audience = request.param
    try:
        return fitted_case(name, audience)
    except BriefgenError as exc:  # pragma: no cover - a repo file must build
        pytest.fail(f"{name} ({audience}) does not build: {exc}")


SIZES = ("body_size", "small_size", "heading_size")


def steps_of(case: Case) -> tuple[int, int]:
    """The size step and the spacing step of the theme chosen (the first of equal sizes)."""
    chosen, theme = case.fitted.theme, case.design.theme
    size = next(s for s in range(TIGHTEN_STEPS + 1)
                if all(getattr(theme.tightened(s), k) == getattr(chosen, k) for k in SIZES))
    space = next(s for s in range(TIGHTEN_STEPS + 1)
                 if theme.tightened(size, s).block_space == chosen.block_space)
    assert theme.tightened(size, space) == chosen
    return size, space


def test_it_fits_and_keeps_every_priority_1_item(case: Case) -> None:
    assert case.fitted.fits
    assert 1 not in case.dropped.values()
    assert case.fitted.document == case.make(frozenset(case.dropped))


def test_no_dropped_priority_2_item_fits_back_even_at_the_smallest_sizes(case: Case) -> None:
    tightest = TIGHTEN_STEPS if case.design.audience.tighten else 0
    for key, priority in case.dropped.items():
        if priority == 2:
            height = case.height(set(case.dropped) - {key},
                                 case.design.theme.tightened(tightest))
            assert height > case.fitted.available, f"{key} fits back ({height:.1f} pt)"


def test_the_text_is_as_large_as_the_items_kept_allow(case: Case) -> None:
    size, space = steps_of(case)
    second = {k for k, p in case.dropped.items() if p == 2}
    third = {k for k, (p, _) in fit_order.labels(case.make(frozenset())).items() if p == 3}
    theme = case.design.theme
    if size:  # the next larger text, at the smallest spacing, does not fit
        assert case.height(second | third, theme.tightened(size - 1)) > case.fitted.available
    if space:  # nor does more space at the sizes chosen
        assert case.height(second | third, theme.tightened(size, space - 1)) > \
            case.fitted.available


def test_no_dropped_priority_3_item_fits_back_at_the_size_chosen(case: Case) -> None:
    for key, priority in case.dropped.items():
        if priority == 3:
            height = case.height(set(case.dropped) - {key}, case.fitted.theme)
            assert height > case.fitted.available, f"{key} fits back ({height:.1f} pt)"


def test_a_key_that_names_no_item_is_never_dropped(tmp_path: Path) -> None:
    """A template may key its entries as it likes; the fit drops only what leaving out the
    facts path named by the key removes, so a note never says an item went that is printed."""
    from briefgen.pipeline import build

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "brief.xml.j2").write_text(
        '{% extends "builtin/brief.xml.j2" %}\n{% block key_points %}{% if key_points %}\n'
        '<section title="Key points" key="key_points"><list>{% for x in key_points %}'
        '<item key="kp-{{ loop.index }}" priority="3">{{ x.text }}</item>{% endfor %}'
        '</list></section>{% endif %}{% endblock %}\n', encoding="utf-8")
    plain = build(ROOT / "facts" / "japan-nato-mission.yaml", ("md",))
    keyed = build(ROOT / "facts" / "japan-nato-mission.yaml", ("md",), template=str(folder))
    assert not [n for n in keyed.notes if "kp-" in n], keyed.notes
    text = keyed.outputs["md"].decode("utf-8")
    for note in keyed.notes:
        if note.startswith("dropped "):
            assert note.split("): ", 1)[1].removesuffix("...") not in text, note
    assert plain.outputs != keyed.outputs  # every key point printed, priority 3 or not
