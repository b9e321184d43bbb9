"""Each built-in audience keeps what its description says, on realistic, crowded facts files.

A description's counts ("up to 3 key points, 4 events, 1 quote") are held to the audience's
limits, to what its briefs print (never more), and to the crowded files in facts/ (each count is
reached by at least one of them: a promise never kept is not a promise). The executive brief is
the shortest of the four and builds whenever the default one does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_fit_choice import ROOT, fitted_case

from briefgen.compose import document as d
from briefgen.errors import BriefgenError
from briefgen.pipeline import build, design_for

CROWDED = ("crowded.yaml", "eu-china-ev-duties.yaml", "mpox-emergency-2024.yaml",
           "saudi-iran-ties.yaml", "uk-inflation-2022-2024.yaml", "valencia-dana-floods.yaml")
RELEASE = ("OFFICIAL", "OFFICIAL-SENSITIVE")
AUDIENCES = ("default", "executive", "analyst", "press")
NOUNS = {"key points": "key_points", "key facts": "key_points", "events": "timeline",
         "quote": "quotes", "quotes": "quotes", "on-record quotes": "quotes",
         "figures": "figures", "implications": "outlook", "things to watch": "outlook",
         "next steps": "outlook"}
CLAIM = re.compile(r"(\d+) (" + "|".join(sorted(NOUNS, key=len, reverse=True)) + r")\b")


def claims(audience: str) -> dict[str, int]:
    """The counts an audience's description promises, by the list they count."""
    found = CLAIM.findall(design_for(None, audience).audience.description)
    return {NOUNS[noun]: int(n) for n, noun in found}


def printed(document: d.Document) -> dict[str, int]:
    """The entries each list section prints."""
    return {section.key: len(d.entries(section)) for section in document.sections}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_description_states_the_audiences_limits(audience: str) -> None:
    assert claims(audience) == design_for(None, audience).audience.limits


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_description_says_how_sources_and_the_header_print(audience: str) -> None:
    settings = design_for(None, audience).audience
    text = settings.description
    assert ("sources in one paragraph" in text) == (settings.sources == "line")
    assert ("numbered sources" in text or "sources with links" in text) == \
        (settings.sources == "numbered")
    assert ("headline" in text) == settings.headline
    assert ("no routing" in text) == ("to" not in settings.header and "from" not in
                                      settings.header)


@pytest.mark.parametrize("audience", ("executive", "analyst", "press"))
def test_each_promised_count_is_printed_and_never_exceeded(audience: str) -> None:
    most: dict[str, int] = {}
    for name in CROWDED:
        counts = printed(fitted_case(name, audience, RELEASE).fitted.document)
        for key, limit in claims(audience).items():
            assert counts.get(key, 0) <= limit, (name, key, counts)
            most[key] = max(most.get(key, 0), counts.get(key, 0))
    assert most == claims(audience)


def words(audience: str, name: str) -> int:
    """The words a brief prints (its Markdown: the same text as the PDF and the DOCX)."""
    brief = build(ROOT / "facts" / name, ("md",), audience=audience, release=RELEASE)
    return len(brief.outputs["md"].decode("utf-8").split())


@pytest.mark.parametrize("name", CROWDED)
def test_the_executive_brief_is_the_shortest(name: str) -> None:
    executive = words("executive", name)
    for audience in ("default", "analyst", "press"):
        assert executive < words(audience, name), audience


def repo_files() -> list[Path]:
    return sorted(p for folder in (ROOT / "facts", ROOT / "tests" / "data" / "facts")
                  for p in folder.iterdir() if p.suffix in (".yaml", ".json"))


def test_the_executive_brief_builds_whenever_the_default_does(tmp_path: Path) -> None:
    built = 0
    wordy = tmp_path / "wordy.yaml"  # a summary of the most the facts format allows
    wordy.write_text("title: Wordy\ndate: 2025-01-02\nsummary: >-\n  " +
                     "The council met again to weigh the terms of the grain deal. " * 82 +
                     "\nkey_points:\n  - text: One point.\n    priority: 1\n", encoding="utf-8")
    for path in [*repo_files(), wordy]:
        try:
            build(path, (), release=RELEASE)
        except BriefgenError:  # the default cannot fit it, or the file is invalid on purpose
            continue
        build(path, (), audience="executive", release=RELEASE)
        built += 1
    assert built >= 10


def test_the_press_brief_names_no_author_in_its_properties(tmp_path):
    """The press brief prints no routing (no FROM), and its PDF and DOCX properties do not name
    the desk either; the default brief, which prints FROM, names it."""
    import io
    import zipfile

    import pypdf

    import briefgen

    seed = ROOT / "facts" / "japan-nato-mission.yaml"
    for audience, author in (("press", ""), (None, "Regional Security Desk")):
        out = briefgen.build(seed, audience=audience, formats=["pdf", "docx"])
        assert (pypdf.PdfReader(io.BytesIO(out["pdf"])).metadata.author or "") == author
        core = zipfile.ZipFile(io.BytesIO(out["docx"])).read("docProps/core.xml").decode()
        assert ("Regional Security Desk" in core) == bool(author), audience
