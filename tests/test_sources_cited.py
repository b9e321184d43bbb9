"""Sources follow citations: a brief prints only the sources an item on the page cites, numbered
1, 2, 3... with no gaps, and every citation mark uses those numbers, in the PDF and the DOCX, for
every facts file and audience; an audience with `all_sources: true` prints them all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FACTS_DIR, SEED, docx_text, pdf_text

from briefgen import pipeline
from briefgen.compose import document as d
from briefgen.input.facts import load_facts

FILES = sorted(p.name for p in FACTS_DIR.iterdir() if p.suffix in (".yaml", ".json"))
AUDIENCES = [None, "executive", "analyst", "press"]
MARK = re.compile(r"\[(\d+(?:, \d+)*)\]")


def printed(text: str) -> tuple[list[int], list[int]]:
    """(the numbers the citation marks use, the numbers of the sources printed, in order), from
    the text of a brief: the sources start at the last 'Sources [1]' (in any case)."""
    text = " ".join(text.split())
    at = text.casefold().rfind("sources [1]")  # the heading is in capitals in the PDF
    body, tail = (text[:at], text[at:]) if at >= 0 else (text, "")
    cites = sorted({int(n) for m in MARK.findall(body) for n in m.split(", ")})
    return cites, [int(n) for n in re.findall(r"\[(\d+)\]", tail)]


def build(tmp_path: Path, name: str, audience: str | None, template: str | None = None
          ) -> dict[str, str]:
    facts = FACTS_DIR / name
    brief = pipeline.build(facts, ("pdf", "docx"), audience=audience, template=template,
                           release=("OFFICIAL", "OFFICIAL-SENSITIVE"))
    texts = {}
    for fmt, data in brief.outputs.items():
        path = tmp_path / f"brief.{fmt}"
        path.write_bytes(data)
        texts[fmt] = pdf_text(path) if fmt == "pdf" else "\n".join(docx_text(path))
    return texts


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("name", FILES)
def test_only_cited_sources_are_printed_and_numbered_without_gaps(tmp_path: Path, name: str,
                                                                  audience: str | None) -> None:
    for fmt, text in build(tmp_path, name, audience).items():
        cites, sources = printed(text)
        assert sources == list(range(1, len(sources) + 1)), (fmt, sources)
        assert cites == sources, (fmt, cites, sources)


def test_the_seed_drops_the_sources_only_dropped_items_cite(tmp_path: Path) -> None:
    """The executive brief keeps 1 quote of 5 and 4 timeline events: the sources only the others
    cite are gone, and fewer are printed than the facts file has."""
    facts = load_facts(FACTS_DIR / SEED)
    _, sources = printed(build(tmp_path, SEED, "executive")["pdf"])
    assert 0 < len(sources) < len(facts.sources)


def test_an_audience_may_print_every_source(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "audiences").mkdir(parents=True)
    (folder / "audiences" / "everything.yaml").write_text(
        "extends: executive\nall_sources: true\nsources: numbered\n", encoding="utf-8")
    facts = load_facts(FACTS_DIR / SEED)
    for fmt, text in build(tmp_path, SEED, "everything", str(folder)).items():
        cites, sources = printed(text)
        assert sources == list(range(1, len(facts.sources) + 1)), fmt
        assert set(cites) < set(sources)  # the executive's items cite only some of them


def test_each_source_entry_carries_its_facts_path_and_is_never_dropped(
        monkeypatch: pytest.MonkeyPatch) -> None:
    fitted = []
    fit = pipeline.fit
    monkeypatch.setattr(pipeline, "fit", lambda *a, **k: fitted.append(fit(*a, **k)) or fitted[-1])
    brief = pipeline.build(FACTS_DIR / "crowded.yaml", ())
    assert any("dropped" in note for note in brief.notes)  # the fit had to cut
    [section] = [s for s in fitted[0].document.sections if s.key == "sources"]
    [entries] = [b for b in section.blocks if isinstance(b, d.BulletList)]
    facts = load_facts(FACTS_DIR / "crowded.yaml")
    kept = {x.path for name in ("key_points", "timeline", "quotes", "figures", "outlook")
            for x in getattr(facts, name)} - {re.match(r"dropped (\S+)", n).group(1)
                                              for n in brief.notes if n.startswith("dropped ")}
    cited = {source for name in ("key_points", "timeline", "quotes", "figures", "outlook")
             for x in getattr(facts, name) if x.path in kept for source in x.sources}
    assert [(x.key, x.priority, x.number) for x in entries.items] == [
        (f"sources[{i}]", 1, f"[{n}]") for n, (i, _) in enumerate(
            ((i, s) for i, s in enumerate(facts.sources) if s.id in cited), start=1)]


def test_a_list_the_audience_limits_to_nothing_cites_nothing(tmp_path: Path) -> None:
    """An audience that leaves the timeline, quotes, figures and outlook out (its limits keep
    none of them) prints only the sources its key points cite."""
    folder = tmp_path / "mine"
    (folder / "audiences").mkdir(parents=True)
    (folder / "audiences" / "short.yaml").write_text(
        "sections: [header, bottom_line, key_points, sources, footer]\n"
        "limits: {timeline: 0, quotes: 0, figures: 0, outlook: 0}\n", encoding="utf-8")
    facts = load_facts(FACTS_DIR / "valencia-dana-floods.yaml")
    by_points = {i for x in facts.key_points for i in x.sources}
    assert by_points < {s.id for s in facts.sources}  # the other lists cite more
    for fmt, text in build(tmp_path, "valencia-dana-floods.yaml", "short", str(folder)).items():
        cites, sources = printed(text)
        assert cites == sources == list(range(1, len(by_points) + 1)), (fmt, cites, sources)
