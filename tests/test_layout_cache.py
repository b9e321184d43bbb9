"""The layout's piece cache: its key is the whole theme but for the fields that declare they do
not change the inside of a piece, so no Theme field can make it reuse a piece wrongly."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest
from PIL import Image
from test_writers import small_document

import briefgen
from briefgen.design.theme import RANGES, Theme
from briefgen.layout import measure as measure_module
from briefgen.layout.laid_out import lay_out
from briefgen.layout.measure import Layout, PieceStore, inside
from briefgen.speedups.platypus import Table
from briefgen.writers import pdf

THEME = Theme()
NAMES = [f.name for f in fields(Theme)]
OTHER_TEXT = {"page": "a4", "font": "serif", "accent": "#7A1F2B", "text": "#202020",
              "muted": "#3A6E3A", "shade": "#FFF4D6", "markings": "us", "portion_marks": True,
              "heading_font": "serif", "font_dirs": ("elsewhere",),
              "logo_alt": "Port authority"}


def other_value(name: str, tmp_path: Path) -> object:
    """A valid value for this Theme field that is not the default."""
    if name == "logo":
        path = tmp_path / "logo.png"
        Image.new("RGB", (90, 30), (31, 56, 100)).save(path)
        return str(path)
    if name in OTHER_TEXT:
        return OTHER_TEXT[name]
    value = getattr(THEME, name)
    low, high, _ = RANGES[name]
    changed = min(high, value * 1.3 if value else (low + high) / 4)
    assert changed != value and low <= changed <= high
    return changed


def test_every_theme_field_has_another_value_here(tmp_path):
    for name in NAMES:
        assert other_value(name, tmp_path) != getattr(THEME, name), name


def seen(document, theme: Theme, layout: Layout) -> tuple:
    """What a layout gives for a document at a theme: the heights, and the PDF drawn from its
    flowables."""
    measured = layout.measure(document, theme)
    laid_out = lay_out(document, theme, layout=layout, measured=measured)
    return measured.height, measured.items, laid_out.pages, pdf.write(laid_out)


@pytest.mark.parametrize("name", NAMES)
def test_a_changed_theme_field_never_reuses_a_piece_wrongly(name, tmp_path):
    """Laid out at T, then at T' (one field changed) through the same store, a brief is what a
    fresh store gives at T'; and the other way round."""
    document = small_document()
    changed = replace(THEME, **{name: other_value(name, tmp_path)})
    for first, then in ((THEME, changed), (changed, THEME)):
        shared = Layout(PieceStore())
        seen(document, first, shared)
        assert seen(document, then, shared) == seen(document, then, Layout())


def test_the_fields_left_out_of_the_key_are_declared_on_the_theme():
    declared = {f.name: f.metadata["layout"] for f in fields(Theme) if "layout" in f.metadata}
    assert declared == {"body_size": "style", "small_size": "style", "heading_size": "style",
                        "section_space": "spacing", "heading_space": "spacing",
                        "block_space": "spacing"}
    # (a field that is already 0.0 or false, such as portion_marks, was not zeroed by `inside`)
    assert {name for name in NAMES if getattr(inside(THEME), name) == 0.0
            and getattr(THEME, name) != 0.0} == set(declared)


def test_a_field_wrongly_left_out_of_the_key_is_caught(monkeypatch, tmp_path):
    # the check above can fail: declare cell_padding as mere spacing and the table is reused
    monkeypatch.setattr(measure_module, "_OUTSIDE", (*measure_module._OUTSIDE, "cell_padding"))
    briefgen.clear_caches()
    try:
        document = small_document()
        changed = replace(THEME, cell_padding=4.0)
        shared = Layout(PieceStore())
        seen(document, THEME, shared)
        assert seen(document, changed, shared) != seen(document, changed, Layout())
    finally:
        briefgen.clear_caches()


def kept(flowable) -> object:
    """What a flowable's layout is kept in (shared by the copy that adds space above it)."""
    return flowable._cellvalues if isinstance(flowable, Table) else flowable.blPara


def test_a_store_passed_in_is_used_and_a_layout_has_its_own_by_default():
    document = small_document()
    store = PieceStore()
    first = Layout(store).flowables(Layout(store).measure(document, THEME).pieces, THEME)
    assert store.pieces and store.cells
    again = Layout(store).flowables(Layout(store).measure(document, THEME).pieces, THEME)
    assert [id(kept(f)) for f in first] == [id(kept(f)) for f in again]  # laid out once
    assert Layout().store is not Layout().store
    store.clear()
    assert not store.pieces and not store.cells
