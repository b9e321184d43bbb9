"""fit: make a brief one page by dropping low-priority items and tightening the theme."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable

import pypdf
import pytest

from briefgen.compose import document as d
from briefgen.design.theme import TIGHTEN_STEPS, Theme
from briefgen.layout.fit import fit
from briefgen.layout.laid_out import lay_out
from briefgen.layout.measure import measure
from briefgen.writers import pdf

THEME = Theme()
AVAILABLE = THEME.text_height * (1 - THEME.fit_margin)


def page_count(data: bytes) -> int:
    """The pages of a PDF, as a reader counts them."""
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


# -- building documents whose items can be dropped ---------------------------------------------


def items(prefix: str, priorities: Iterable[int], words: str = "") -> d.BulletList:
    return d.BulletList(tuple(
        d.ListItem(key=f"{prefix}[{i}]", priority=p, runs=(d.Run(f"{prefix} item {i}{words}"),))
        for i, p in enumerate(priorities)))


def rows(prefix: str, priorities: Iterable[int], drop: str = "first") -> d.Table:
    return d.Table((0.2, 0.8), tuple(
        d.Row(key=f"{prefix}[{i}]", priority=p,
              cells=((d.Run(f"{2000 + i}"),), (d.Run(f"{prefix} event {i}"),)))
        for i, p in enumerate(priorities)), drop_from=drop)


def quotes(prefix: str, priorities: Iterable[int]) -> list[d.Quote]:
    return [d.Quote(key=f"{prefix}[{i}]", priority=p, runs=(d.Run(f"“{prefix} quote {i}”"),),
                    attribution=(d.Run(f"— Speaker {i}"),))
            for i, p in enumerate(priorities)]


def _without(block: d.Block, dropped: frozenset[str]) -> d.Block | None:
    if isinstance(block, d.BulletList):
        kept = tuple(x for x in block.items if x.key not in dropped)
        return d.BulletList(kept, block.numbered, block.drop_from) if kept else None
    if isinstance(block, d.Table):
        kept = tuple(x for x in block.rows if x.key not in dropped)
        return d.Table(block.widths, kept, block.header, block.drop_from) if kept else None
    if isinstance(block, d.Quote) and block.key in dropped:
        return None
    return block


def maker(*sections: tuple[str, list[d.Block]]) -> Callable[[frozenset[str]], d.Document]:
    """make(dropped): the Document without the dropped keys, as a template would render it
    (a list, table or section left empty is not rendered at all)."""
    calls: list[frozenset[str]] = []

    def make(dropped: frozenset[str]) -> d.Document:
        assert isinstance(dropped, frozenset)
        calls.append(dropped)
        out = []
        for title, blocks in sections:
            kept = tuple(b for b in (_without(b, dropped) for b in blocks) if b is not None)
            if kept:
                out.append(d.Section(title, kept, key=title.lower()))
        return d.Document(banner="TEST", sections=tuple(out), title="Fit test")

    make.calls = calls  # type: ignore[attr-defined]
    return make


def dropped_keys(fitted) -> list[str]:
    return [re.match(r"dropped (\S+) \(priority \d\)", n).group(1)
            for n in fitted.notes if n.startswith("dropped ")]


def dropped_priorities(fitted) -> list[int]:
    return [int(re.search(r"\(priority (\d)\)", n).group(1))
            for n in fitted.notes if n.startswith("dropped ")]


def tightened(fitted) -> bool:
    return any(n.startswith("tightened") for n in fitted.notes)


def height(document: d.Document, theme: Theme = THEME) -> float:
    return measure(document, theme).height


def all_keys(document: d.Document) -> set[str]:
    keys = set()
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, d.BulletList):
                keys |= {x.key for x in block.items if x.key}
            elif isinstance(block, d.Table):
                keys |= {x.key for x in block.rows if x.key}
            elif isinstance(block, d.Quote) and block.key:
                keys.add(block.key)
    return keys


def check_result(make, fitted) -> None:
    """What must hold for every fit: the result is what make() gives for the dropped keys,
    its height is measured with its theme, and it is on one page whenever it fits."""
    assert fitted.document == make(frozenset(dropped_keys(fitted)))
    assert fitted.height == pytest.approx(height(fitted.document, fitted.theme))
    assert fitted.available == pytest.approx(AVAILABLE)
    assert fitted.fits == (fitted.height <= fitted.available)
    if fitted.fits:
        assert fitted.laid_out.pages == 1
        assert page_count(pdf.write(fitted.laid_out)) == 1
    assert fitted.theme in [THEME.tightened(s, space) for s in range(TIGHTEN_STEPS + 1)
                            for space in range(s + 1)]
    assert len(set(dropped_keys(fitted))) == len(dropped_keys(fitted))


def first_step_that_fits(document: d.Document) -> int | None:
    for step in range(TIGHTEN_STEPS + 1):
        if height(document, THEME.tightened(step)) <= AVAILABLE:
            return step
    return None


def filler(n: int, priority: int = 1) -> d.BulletList:
    return items("fill", [priority] * n)


def largest_filler(step: int) -> int:
    """The most one-line priority-1 items that fit at this tightening step, with a heading."""
    n = 1
    while height(maker(("Fill", [filler(n + 1)]))(frozenset()), THEME.tightened(step)) \
            <= AVAILABLE:
        n += 1
    return n


@pytest.fixture(scope="module")
def capacity() -> dict[int, int]:
    return {0: largest_filler(0), TIGHTEN_STEPS: largest_filler(TIGHTEN_STEPS)}


# -- the tests ---------------------------------------------------------------------------------


def test_something_that_fits_is_untouched():
    make = maker(("Points", [items("key_points", [1, 2, 3])]),
                 ("Timeline", [rows("timeline", [3, 3])]))
    fitted = fit(make, THEME)
    assert make.calls == [frozenset()]  # made once, nothing to try
    assert fitted.fits
    assert fitted.notes == ()
    assert fitted.theme == THEME
    assert fitted.document == make(frozenset())
    check_result(make, fitted)


def test_priority_3_items_go_before_any_tightening(capacity):
    n = capacity[0] - 6
    make = maker(("Fill", [filler(n)]), ("Extra", [items("extra", [3] * 12)]),
                 ("More", [items("more", [2] * 3)]))
    assert height(make(frozenset())) > AVAILABLE
    fitted = fit(make, THEME)
    check_result(make, fitted)
    assert fitted.fits
    assert fitted.theme == THEME and not tightened(fitted)
    assert set(dropped_priorities(fitted)) == {3}
    # no more than needed: giving back the last dropped item would not fit
    last = dropped_keys(fitted)[-1]
    assert height(make(frozenset(dropped_keys(fitted)) - {last})) > AVAILABLE


def test_all_priority_3_items_go_before_tightening(capacity):
    # without any priority-3 item it fits only when tightened
    n = capacity[0] + 3
    assert n <= capacity[TIGHTEN_STEPS]
    make = maker(("Fill", [filler(n)]), ("Extra", [items("extra", [3] * 5)]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    assert fitted.fits
    assert sorted(dropped_keys(fitted)) == [f"extra[{i}]" for i in range(5)]
    assert tightened(fitted) and fitted.theme != THEME
    assert fitted.notes[-1].startswith("tightened")
    # and only as tight as needed
    step = first_step_that_fits(fitted.document)
    assert fitted.theme == THEME.tightened(step)


def test_tightening_happens_before_any_priority_2_item_is_dropped(capacity):
    # priority 1 and 2 together fit only at the smallest sizes
    n = capacity[TIGHTEN_STEPS] - 1
    assert n > capacity[0]
    make = maker(("Fill", [filler(n - 4)]), ("Two", [items("two", [2] * 4)]),
                 ("Three", [items("three", [3] * 3)]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    assert fitted.fits
    assert 2 not in dropped_priorities(fitted)
    assert sorted(dropped_keys(fitted)) == ["three[0]", "three[1]", "three[2]"]
    assert tightened(fitted)


def test_priority_2_items_go_only_at_the_smallest_sizes(capacity):
    n = capacity[TIGHTEN_STEPS] - 3
    make = maker(("Fill", [filler(n)]), ("Two", [items("two", [2] * 10)]),
                 ("Three", [items("three", [3] * 2)]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    assert fitted.fits
    priorities = dropped_priorities(fitted)
    assert priorities == sorted(priorities, reverse=True)  # all 3s, then 2s
    assert priorities.count(3) == 2 and 2 in priorities
    # the last priority-2 drop was needed even at the smallest sizes
    last = dropped_keys(fitted)[-1]
    kept_back = make(frozenset(dropped_keys(fitted)) - {last})
    assert height(kept_back, THEME.tightened(TIGHTEN_STEPS)) > AVAILABLE


def test_priority_1_items_are_never_dropped(capacity):
    n = capacity[TIGHTEN_STEPS] + 10
    make = maker(("Fill", [filler(n)]), ("Two", [items("two", [2, 2])]),
                 ("Three", [items("three", [3])]),
                 ("Timeline", [rows("timeline", [1, 1, 1])]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    assert not fitted.fits
    assert fitted.height > fitted.available
    assert sorted(dropped_keys(fitted)) == ["three[0]", "two[0]", "two[1]"]
    assert set(dropped_priorities(fitted)) <= {2, 3}
    keys = all_keys(fitted.document)
    assert {f"fill[{i}]" for i in range(n)} <= keys
    assert {"timeline[0]", "timeline[1]", "timeline[2]"} <= keys
    assert fitted.theme == THEME.tightened(TIGHTEN_STEPS)  # as tight as it gets


def test_a_brief_of_priority_1_only_that_cannot_fit():
    make = maker(("Fill", [filler(200)]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    assert not fitted.fits
    assert dropped_keys(fitted) == []
    assert fitted.document == make(frozenset())
    assert [n for n in fitted.notes if not n.startswith("tightened")] == []


def test_timeline_loses_its_oldest_rows_first(capacity):
    n = capacity[0] - 8
    make = maker(("Fill", [filler(n)]), ("Timeline", [rows("timeline", [3] * 12)]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    assert fitted.fits and not tightened(fitted)
    dropped = dropped_keys(fitted)
    assert 0 < len(dropped) < 12
    assert dropped == [f"timeline[{i}]" for i in range(len(dropped))]


def test_timeline_skips_rows_it_may_not_drop(capacity):
    n = capacity[0] - 8
    make = maker(("Fill", [filler(n)]),
                 ("Timeline", [rows("timeline", [1, 3, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3])]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    dropped = dropped_keys(fitted)
    assert dropped and "timeline[0]" not in dropped and "timeline[2]" not in dropped
    threes = [f"timeline[{i}]" for i in [1] + list(range(3, 12))]
    assert dropped == threes[:len(dropped)]


def test_lists_lose_their_last_items_first(capacity):
    n = capacity[0] - 8
    make = maker(("Fill", [filler(n)]), ("Points", [items("points", [3] * 12)]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    dropped = dropped_keys(fitted)
    assert 0 < len(dropped) < 12
    assert dropped == [f"points[{i}]" for i in range(11, 11 - len(dropped), -1)]


def test_quotes_lose_the_last_quote_first(capacity):
    n = capacity[0] - 12
    make = maker(("Fill", [filler(n)]), ("Quotes", quotes("quotes", [3] * 8)))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    dropped = dropped_keys(fitted)
    assert 0 < len(dropped) < 8
    assert dropped == [f"quotes[{i}]" for i in range(7, 7 - len(dropped), -1)]


def test_the_largest_list_loses_the_first_item(capacity):
    n = capacity[0] - 6
    make = maker(("Fill", [filler(n)]), ("Short", [items("short", [3] * 4)]),
                 ("Long", [items("long", [3] * 9)]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    dropped = dropped_keys(fitted)
    assert len(dropped) >= 2
    assert dropped[0] == "long[8]"
    # each next item comes from the list keeping the largest share of its entries
    left = {"short": 4, "long": 9}
    for key in dropped:
        name = key.split("[")[0]
        other = "short" if name == "long" else "long"
        assert left[name] / {"short": 4, "long": 9}[name] >= \
            left[other] / {"short": 4, "long": 9}[other]
        left[name] -= 1


@pytest.mark.parametrize("priority", [2, 3])
def test_cuts_are_shared_in_proportion_to_the_lists_sizes(capacity, priority):
    n = capacity[TIGHTEN_STEPS if priority == 2 else 0] - 8
    make = maker(("Fill", [filler(n)]), ("A", [items("a", [priority] * 12)]),
                 ("B", [items("b", [priority] * 4)]), ("C", [rows("c", [priority] * 8)]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    sizes = {"a": 12, "b": 4, "c": 8}
    left = {p: sum(k.startswith(p + "[") for k in all_keys(fitted.document)) for p in sizes}
    assert sum(left.values()) < 24, left  # something had to go
    assert all(left.values()), left  # no list emptied
    shares = [left[p] / sizes[p] for p in sizes]
    assert max(shares) - min(shares) <= 1 / 4 + 1e-9, left  # within one item of the smallest


def test_priority_1_entries_count_towards_a_lists_length(capacity):
    n = capacity[0] - 3
    make = maker(("Fill", [filler(n)]),
                 ("A", [items("a", [1, 1, 1, 1, 1, 1, 3])]), ("B", [items("b", [3, 3, 3])]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    assert dropped_keys(fitted)[0] == "a[6]"


def test_theme_is_loosened_back_after_dropping_priority_2_items(capacity):
    # priority 1 alone fits at full size; one long priority-2 item cannot fit even tightened
    n = capacity[0] - 2
    long_words = " and more words to fill the line" * 60
    make = maker(("Fill", [filler(n)]), ("Two", [items("two", [2], long_words)]))
    assert first_step_that_fits(make(frozenset())) is None
    fitted = fit(make, THEME)
    check_result(make, fitted)
    assert fitted.fits
    assert dropped_keys(fitted) == ["two[0]"]
    assert fitted.theme == THEME
    assert not tightened(fitted)


def test_theme_is_loosened_back_as_far_as_it_goes(capacity):
    n = capacity[0] + 2  # needs a little tightening even without the priority-2 item
    long_words = " and more words to fill the line" * 60
    make = maker(("Fill", [filler(n)]), ("Two", [items("two", [2], long_words)]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    assert fitted.fits and dropped_keys(fitted) == ["two[0]"]
    step = first_step_that_fits(fitted.document)
    assert 0 < step < TIGHTEN_STEPS
    # the text of the first step that fits, with as much space as still fits at that size
    space = next(s for s in range(step + 1)
                 if height(fitted.document, THEME.tightened(step, s)) <= AVAILABLE)
    assert fitted.theme == THEME.tightened(step, space)
    assert tightened(fitted)


def test_notes_say_what_was_dropped_and_tightened(capacity):
    make = maker(("Fill", [filler(capacity[0] + 1)]),
                 ("Points", [d.BulletList((d.ListItem(key="key_points[3]", priority=3,
                                                      runs=(d.Run("Gone " * 30),)),))]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    first = fitted.notes[0]
    assert first.startswith("dropped key_points[3] (priority 3): Gone Gone")
    assert first.endswith("...") and len(first.split(": ", 1)[1]) == 50
    note = fitted.notes[-1]
    assert note.startswith("tightened to ") and "pt body" in note
    assert f"theme: {THEME.body_size:g} and {THEME.small_size:g} pt" in note


@pytest.mark.parametrize("extra", [0, 10, 20, 30, 45, 60, 90])
def test_result_height_is_within_the_page_whenever_it_fits(extra):
    make = maker(("Fill", [items("fill", [1, 2, 3] * 5)]),
                 ("Timeline", [rows("timeline", [3, 2, 1] * (extra // 3 + 1))]),
                 ("Quotes", quotes("quotes", [2, 3, 3])),
                 ("Outlook", [items("outlook", [3, 2] * (extra // 2), " with a longer text " * 3)]))
    fitted = fit(make, THEME)
    check_result(make, fitted)
    if fitted.fits:
        assert fitted.height <= fitted.available


def test_fit_with_an_a4_theme():
    theme = Theme(page="a4")
    make = maker(("Fill", [filler(60, priority=3)]))
    fitted = fit(make, theme)
    assert fitted.fits
    assert fitted.available == pytest.approx(theme.text_height * (1 - theme.fit_margin))
    assert fitted.height <= fitted.available
    assert page_count(pdf.write(lay_out(fitted.document, fitted.theme))) == 1


def test_a_favoured_list_loses_items_only_once_the_others_have_none(capacity):
    n = capacity[TIGHTEN_STEPS] - 6
    make = maker(("Fill", [filler(n)]), ("Timeline", [rows("timeline", [2] * 8)]),
                 ("Points", [items("points", [2] * 4)]))
    plain = dropped_keys(fit(make, THEME))
    favoured = dropped_keys(fit(make, THEME, favour=("timeline",)))
    assert any(k.startswith("timeline") for k in plain)  # shared when nothing is favoured
    # every point goes before any event of the favoured timeline
    assert len([k for k in favoured if k.startswith("points")]) == min(4, len(favoured))
