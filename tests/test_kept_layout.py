"""`briefgen watch` keeps the laid-out pieces from build to build (`layout.measure.keeping`), so
an edit lays out again only what it touched. What a user must see: every file it writes is the
same, byte for byte, as a fresh `briefgen build` of the same facts, whatever edits came before,
for every audience, on one page or several; and what is kept stays bounded."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FACTS_DIR

from briefgen.errors import BriefgenError
from briefgen.layout import measure
from briefgen.pipeline import build

AUDIENCES = (None, "executive", "analyst", "press")


def _outcome(path: Path, audience: str | None, pages: int) -> dict[str, bytes] | str:
    """The files a build writes, or its error: a brief that does not fit must not fit either
    way."""
    try:
        return build(path, formats=("pdf", "docx"), audience=audience, pages=pages).outputs
    except BriefgenError as exc:
        return str(exc)


def _edits(text: str) -> list[str]:
    """A crowded facts file as an author edits it: a word of the summary changed, the first
    key point removed (a page with room: items come back), a long key point added (items go),
    the summary changed back."""
    first = re.search(r"(?m)^  - (?:text: )?.+\n(?:    .+\n)*", text.split("key_points:", 1)[1])
    assert first, "the facts file has key points"
    removed = text.replace(first.group(0), "", 1)
    added = text.replace("key_points:\n", "key_points:\n  - text: " + "A further development "
                         "the desk has confirmed with two officials, " * 6 + "\n", 1)
    changed = re.sub(r"(?m)^summary: (\S+)", r"summary: Meanwhile \1", text, count=1)
    return [changed, removed, added, text]


@pytest.mark.parametrize("name, pages", [("valencia-dana-floods.yaml", 2),
                                         ("japan-nato-mission.yaml", 1),
                                         ("mpox-emergency-2024.yaml", 1),
                                         ("saudi-iran-ties.yaml", 2)])
def test_kept_pieces_give_the_bytes_of_a_fresh_build(tmp_path: Path, name: str,
                                                      pages: int) -> None:
    source = (FACTS_DIR / name).read_text(encoding="utf-8")
    path = tmp_path / name
    kept: list[dict] = []
    with measure.keeping() as next_build:
        for text in _edits(source):
            path.write_text(text, encoding="utf-8")
            next_build(False)
            kept.append({a: _outcome(path, a, pages) for a in AUDIENCES})
    for text, outputs in zip(_edits(source), kept):
        path.write_text(text, encoding="utf-8")
        assert outputs == {a: _outcome(path, a, pages) for a in AUDIENCES}


def test_what_is_kept_is_what_the_last_two_builds_used(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    shutil.copyfile(FACTS_DIR / "japan-nato-mission.yaml", path)
    texts = [path.read_text(encoding="utf-8").replace("summary: ", f"summary: Edit {n}. ", 1)
             for n in range(6)]
    with measure.keeping() as next_build:
        sizes = []
        for text in texts:
            path.write_text(text, encoding="utf-8")
            next_build(False)
            build(path, formats=("pdf",))
            store = measure.store_for_build()
            assert store.earlier is None or store.earlier.earlier is None
            sizes.append(len(store.pieces) + (len(store.earlier.pieces) if store.earlier else 0))
        next_build(True)  # a font changed: nothing is taken back
        assert measure.store_for_build().earlier is None
        assert not measure.store_for_build().pieces
    assert max(sizes[2:]) <= sizes[1] + 10  # no growth from edit to edit
    assert measure.store_for_build().earlier is None and not measure.store_for_build().pieces


def test_a_build_outside_a_watch_keeps_nothing(tmp_path: Path) -> None:
    build(FACTS_DIR / "tiny.yaml", formats=("pdf",))
    assert measure.store_for_build() is not measure.store_for_build()
