"""Sections from the facts: `recommendations`, `background` and user-defined `sections`.

Each is checked as the user meets it: the exact error line of a bad facts or audience file
(exit 1, nothing written), where each built-in audience prints them in the Markdown, the PDF and
the DOCX read back, the executive's decision block and its fallback, the fitter dropping a
priority-3 recommendation (and the source only it cites) before a priority-1 key point, the
audience limits and their notes, a user section placed by an audience's id, by
`other_sections` and by a template of the user's that reads `sections` and `tags`.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from conftest import assert_in_order, docx_text, pdf_pages, pdf_text

from briefgen.edge.cli import run
from briefgen.pipeline import build

FACTS = """\
title: Floods in Valencia
date: 2024-11-04
summary: Torrential rain flooded the province; the Minister is asked to send a second team.
tags: [floods, spain]
background:
  - text: Spain's worst flood in decades followed a cut-off low over the Mediterranean.
    sources: [aemet]
key_points:
  - text: More than 200 people died, most of them in towns south of the city.
    priority: 1
  - Rail links to Madrid are cut for at least two weeks.
sections:
  - id: risks
    title: Risks
    items:
      - text: Further rain is forecast for Thursday.
        sources: [aemet]
      - Disease risk rises where water stands.
  - id: logistics
    title: Logistics
    items:
      - Fuel deliveries resume on Monday.
recommendations:
  - text: Approve the deployment of a second search-and-rescue team.
    priority: 1
    sources: [plan]
  - Ask the EU for Copernicus emergency mapping.
sources:
  - id: aemet
    title: AEMET special warning
  - id: plan
    title: Civil protection deployment plan
"""

HEAD = "title: T\nsummary: S.\n"


def cli(*args: str | Path) -> tuple[int, str]:
    """Run the command line in-process: exit code and stderr."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = run([str(a) for a in args])
    return code, err.getvalue()


def facts(tmp_path: Path, text: str = FACTS, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def markdown(path: Path, audience: str | None = None, template: str | None = None) -> str:
    return build(path, ("md",), audience=audience, template=template).outputs["md"].decode()


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    """A template folder of the user's holding these files."""
    root = tmp_path / "house"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


# ---- bad facts files ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, line", [
    (HEAD + "sections:\n  - id: Risks ahead\n    title: R\n",
     "4: sections[0].id: 'Risks ahead' is not a section id: lowercase letters, digits and "
     "underscores, starting with a letter, e.g. 'risks_ahead'"),
    (HEAD + "sections:\n  - id: 2nd\n    title: R\n",
     "4: sections[0].id: '2nd' is not a section id: lowercase letters, digits and underscores, "
     "starting with a letter, e.g. 'risks'"),
    (HEAD + "sections:\n  - id: key_points\n    title: K\n",
     "4: sections[0].id: 'key_points' is a built-in section; give this one another id, e.g. "
     "'more_key_points'"),
    (HEAD + "sections:\n  - id: risks\n    title: R\n  - id: risks\n    title: S\n",
     "6: sections[1].id: duplicate section id 'risks' (first at line 4)"),
    (HEAD + "sections:\n  - id: risks\n    title: R\n    itmes: [x]\n",
     "6: sections[0].itmes: unknown key 'itmes' (did you mean 'items'?; allowed: id, title, "
     "items)"),
    (HEAD + "sections:\n  - id: risks\n",
     "4: sections[0].title: missing required field 'title'"),
    (HEAD + "recomendations: [x]\n",
     "3: recomendations: unknown key 'recomendations' (did you mean 'recommendations'?; "
     "allowed: title, summary, date, memo, key_points, timeline, quotes, figures, outlook, "
     "recommendations, background, sections, sources, tags, markings, language)"),
    (HEAD + "background:\n" + "  - x\n" * 201,
     "4: background: the list has 201 entries; the limit is 200"),
    (HEAD + "sections:\n  - id: risks\n    title: R\n    items:\n      - text: " + "x" * 5001
     + "\n", "7: sections[0].items[0].text: the text is 5,001 characters long; the limit is "
     "5,000"),
    (HEAD + "recommendations:\n  - text: Go.\n    sources: [plan]\n",
     "5: recommendations[0].sources[0]: cites unknown source 'plan' (no sources are listed "
     "under sources)"),
    (HEAD + "sections:\n  - id: risks\n    title: R\n    items: [{text: A, priority: 5}]\n",
     "6: sections[0].items[0].priority: priority must be 1, 2 or 3, not '5'"),
])
def test_a_bad_section_is_one_line_naming_file_line_and_field(tmp_path, text, line):
    path = facts(tmp_path, text)
    code, err = cli("build", path, "-o", tmp_path / "out")
    assert (code, err) == (1, f"error: {path}:{line}\n")
    assert not (tmp_path / "out").exists()


# ---- where each audience prints them ------------------------------------------------------------


def test_the_default_audience_prints_background_first_and_recommendations_near_the_end(
        tmp_path):
    text = markdown(facts(tmp_path))
    assert_in_order(text, ["## Bottom line", "## Background", "Spain's worst flood",
                           "## Key points", "## Risks", "Further rain", "## Logistics",
                           "Fuel deliveries", "## Recommendations",
                           "Approve the deployment", "Ask the EU", "## Sources"])
    assert "For information" not in text


def test_the_analyst_prints_background_and_the_user_sections_and_no_recommendations(tmp_path):
    text = markdown(facts(tmp_path), "analyst")
    assert_in_order(text, ["## Assessment", "## Background", "## Key points", "## Risks",
                           "## Logistics", "## Sources"])
    assert "Approve" not in text and "Civil protection" not in text  # nor the source it cites


def test_the_press_prints_background_but_neither_recommendations_nor_user_sections(tmp_path):
    text = markdown(facts(tmp_path), "press")
    assert_in_order(text, ["## Summary", "## Background", "## Key facts", "## Sources",
                           "AEMET special warning"])
    for absent in ("Approve", "Ask the EU", "Risks", "Further rain", "Logistics",
                   "Civil protection"):
        assert absent not in text, absent


def test_the_executive_prints_the_recommendations_as_the_decision_asked_for(tmp_path):
    text = markdown(facts(tmp_path), "executive")
    assert_in_order(text, ["## Key points", "## Decision requested", "Approve the deployment",
                           "[1]", "Ask the EU", "## Sources"])
    for absent in ("For your information", "For information only", "Background", "Risks",
                   "Logistics"):
        assert absent not in text, absent
    # the background's source is cited by nothing the executive prints: it is not listed
    assert "Civil protection deployment plan" in text and "AEMET" not in text
    assert "[1] “Civil protection deployment plan”" in text


def test_the_executive_falls_back_to_its_fixed_text_only_without_recommendations(tmp_path):
    without = FACTS.split("recommendations:")[0] + "sources:" + FACTS.split("sources:")[-1]
    text = markdown(facts(tmp_path, without), "executive")
    assert_in_order(text, ["## For your information",
                           "For information only; no action is required."])
    assert "Decision requested" not in text


@pytest.mark.parametrize("audience", [
    "extends: executive\nrelease: [public]\n", "extends: executive\nlimits: {recommendations: 0}\n"])
def test_a_decision_the_audience_may_not_print_is_not_said_to_be_unneeded(tmp_path, audience):
    """Facts that ask for a decision never print "no action is required", even when this
    audience may not print the recommendations (their release, or its limit)."""
    internal = FACTS.replace(
        "    priority: 1\n    sources: [plan]\n  - Ask the EU for Copernicus emergency mapping.\n",
        "    priority: 1\n    sources: [plan]\n    release: internal\n"
        "  - text: Ask the EU for Copernicus emergency mapping.\n    release: internal\n")
    assert internal != FACTS
    path = facts(tmp_path, internal)
    folder = tmp_path / "t"
    (folder / "audiences").mkdir(parents=True)
    (folder / "audiences" / "boss.yaml").write_text(audience, encoding="utf-8")
    out = tmp_path / "out"
    assert run(["build", str(path), "-t", str(folder), "-a", "boss", "-f", "md", "-o", str(out)]) == 0
    text = (out / f"{path.stem}-boss.md").read_text(encoding="utf-8")
    assert "no action is required" not in text and "## Decision requested" not in text


@pytest.mark.parametrize("audience", ["default", "executive", "analyst", "press"])
def test_the_pdf_and_the_docx_print_what_the_markdown_does(tmp_path, audience):
    brief = build(facts(tmp_path), ("pdf", "docx", "md"), audience=audience)
    (tmp_path / "b.pdf").write_bytes(brief.outputs["pdf"])
    (tmp_path / "b.docx").write_bytes(brief.outputs["docx"])
    md = brief.outputs["md"].decode()
    headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    pdf = " ".join(pdf_text(tmp_path / "b.pdf").split())
    docx = " ".join(docx_text(tmp_path / "b.docx"))
    assert pdf_pages(tmp_path / "b.pdf") == 1
    for probe in ("Spain's worst flood", "Further rain", "Approve the deployment"):
        assert (probe in md) == (probe in pdf) == (probe in docx), (audience, probe)
    assert_in_order(pdf, headings, "pdf")
    assert_in_order(docx, headings, "docx")


# ---- fitting and limits -------------------------------------------------------------------------


def crowded(tmp_path: Path) -> Path:
    """Fourteen long priority-1 key points and a long priority-3 recommendation citing a source
    nothing else cites: more than a page."""
    points = "".join(f"  - text: Key point {i} {'word ' * 40}\n    priority: 1\n"
                     for i in range(14))
    return facts(tmp_path, f"title: Crowded\nsummary: More than a page.\ndate: 2025-02-03\n"
                           f"key_points:\n{points}recommendations:\n  - text: Defer the "
                           f"decision. {'more words here ' * 30}\n    priority: 3\n"
                           f"    sources: [review]\nsources:\n  - id: review\n"
                           f"    title: The independent review\n", "crowded.yaml")


def test_the_fit_drops_a_priority_3_recommendation_and_its_source_before_a_key_point(tmp_path):
    brief = build(crowded(tmp_path), ("md",))
    text = brief.outputs["md"].decode()
    assert brief.pages == 1
    assert brief.notes[0].startswith("dropped recommendations[0] (priority 3): Defer the "
                                     "decision.")
    assert all(f"Key point {i} " in text for i in range(14))
    assert "Defer" not in text and "independent review" not in text and "Sources" not in text


def test_an_audience_limits_recommendations_background_and_a_user_section_by_its_id(tmp_path):
    house = folder(tmp_path, {"audiences/mine.yaml":
                              "limits: {recommendations: 1, risks: 1, background: 0}\n"})
    brief = build(facts(tmp_path), ("md",), audience="mine", template=str(house))
    assert brief.notes == (
        "mine keeps 1 recommendation: dropped recommendations[1] (priority 2): Ask the EU for "
        "Copernicus emergency mapping.",
        "mine keeps 0 background items: dropped background[0] (priority 2): Spain's worst "
        "flood in decades followed a cut-o...",
        "mine keeps 1 item of section risks: dropped sections[0].items[1] (priority 2): "
        "Disease risk rises where water stands.",
    )
    text = brief.outputs["md"].decode()
    assert "Approve" in text and "Ask the EU" not in text and "Disease" not in text
    assert "Background" not in text and "Further rain" in text


def test_a_limit_that_looks_like_a_typo_is_refused_with_a_hint(tmp_path):
    house = folder(tmp_path, {"audiences/mine.yaml": "label: Mine\nlimits: {recomendations: 1}\n"})
    code, err = cli("build", facts(tmp_path), "-t", house, "-a", "mine", "-o", tmp_path / "out")
    assert (code, err) == (1, f"error: {house}/audiences/mine.yaml:2: limits.recomendations: "
                              "limits are a count from 0 to 200 (the most a list of facts "
                              "holds) for key_points, timeline, quotes, figures, outlook, "
                              "recommendations, background, or a user section's id (did you "
                              "mean 'recommendations'?)\n")
    assert not (tmp_path / "out").exists()


# ---- placing a user section ---------------------------------------------------------------------


def test_an_audience_places_a_user_section_by_its_id(tmp_path):
    house = folder(tmp_path, {"audiences/mine.yaml":
                              "sections: [header, logistics, bottom_line, other_sections, "
                              "sources]\n"})
    text = markdown(facts(tmp_path), "mine", str(house))
    # logistics where named; the others (risks) where other_sections is; never twice
    assert_in_order(text, ["## Logistics", "Fuel deliveries", "## Bottom line", "## Risks",
                           "## Sources"])
    assert text.count("## Logistics") == 1 and "Key points" not in text


def test_a_section_the_facts_lack_prints_nothing_with_a_note(tmp_path):
    house = folder(tmp_path, {"audiences/mine.yaml": "sections: [header, bottom_line, costs]\n"})
    code, err = cli("build", facts(tmp_path), "-t", house, "-a", "mine", "-o", tmp_path / "out",
                    "-f", "md")
    assert code == 0
    assert err == (f"note: {tmp_path}/f.yaml (mine): mine places section 'costs', which the facts "
                   "file does not have: printed nothing there\n")
    assert "Costs" not in (tmp_path / "out" / "f-mine.md").read_text(encoding="utf-8")


def test_a_section_name_that_cannot_be_an_id_is_still_an_unknown_section(tmp_path):
    house = folder(tmp_path, {"audiences/mine.yaml": "sections: [header, Risks]\n"})
    code, err = cli("build", facts(tmp_path), "-t", house, "-a", "mine", "-o", tmp_path / "out")
    assert code == 1
    assert err.startswith(f"error: {house}/audiences/mine.yaml:1: sections[1]: unknown section "
                          "'Risks' (the template brief.xml.j2 has: background, bottom_line,")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["risques", "key_risks", "notes", "timeline_eu"])
def test_an_id_near_a_built_in_name_places_and_limits_its_section(tmp_path, name):
    """A section id like a built-in name but no typo of one ('risques' is not 'quotes') is the
    facts' section, in `sections` and in `limits`; a likely typo ('key_point') is still one."""
    text = FACTS.replace("  - id: risks\n", f"  - id: {name}\n")
    assert text != FACTS
    house = folder(tmp_path, {"audiences/mine.yaml": f"sections: [header, {name}]\n"
                                                     f"limits: {{{name}: 1}}\n"})
    code, err = cli("build", facts(tmp_path, text), "-t", house, "-a", "mine", "-f", "md",
                    "-o", tmp_path / "out")
    assert code == 0, err
    md = (tmp_path / "out" / "f-mine.md").read_text(encoding="utf-8")
    assert "## Risks" in md and md.count("\n- ") == 1
    typo = folder(tmp_path / "typo", {"audiences/mine.yaml": "sections: [header, key_point]\n"})
    code, err = cli("build", facts(tmp_path), "-t", typo, "-a", "mine", "-o", tmp_path / "o2")
    assert code == 1 and "unknown section 'key_point' (did you mean 'key_points'?" in err


def test_a_template_of_the_user_s_reads_tags_and_places_a_user_section(tmp_path):
    template = ('{% extends "builtin/brief.xml.j2" %}\n'
                '{% block label %}{{ tags | join(" / ") | upper }}{% endblock %}\n'
                '{% block watch %}{% for s in sections if s.id == "risks" %}\n'
                '<section title="Watch: {{ s.title }}" key="{{ s.id }}"><list>'
                '{% for x in s["items"] %}<item key="{{ x.key }}" priority="{{ x.priority }}">'
                '{{ x.text }}</item>{% endfor %}</list></section>{% endfor %}{% endblock %}\n')
    house = folder(tmp_path, {"brief.xml.j2": template,
                              "audiences/mine.yaml":
                                  "sections: [header, key_points, watch, sources]\n"})
    brief = build(facts(tmp_path), ("md", "pdf"), audience="mine", template=str(house))
    (tmp_path / "b.pdf").write_bytes(brief.outputs["pdf"])
    for text in (brief.outputs["md"].decode(), " ".join(pdf_text(tmp_path / "b.pdf").split())):
        assert_in_order(text, ["FLOODS / SPAIN", "Key points", "Watch: Risks", "Further rain",
                               "Disease risk", "Sources", "AEMET"])
        assert "Logistics" not in text and "Approve" not in text


def test_a_user_section_too_long_for_the_page_is_named_at_its_line(tmp_path):
    """The cannot-fit detail names a user section at its file and line, as it does the others."""
    items = "".join(f"      - text: Risk number {i} is a long sentence that takes a whole "
                    f"line of the page at this size of text, or more.\n        priority: 1\n"
                    for i in range(60))
    path = facts(tmp_path, "title: T\nsummary: S.\nsections:\n  - id: risks\n    title: Risks\n"
                           f"    items:\n{items}")
    code, err = cli("check", path)
    assert code == 1
    assert f"  {path}:4: risks (“Risks”): " in err.splitlines()[1]


def test_a_facts_section_id_too_like_a_built_in_name_is_refused_where_it_is_written(tmp_path):
    """An id an audience would take for a misspelt built-in name ('key_point') is refused in
    the facts file, at its line, so every id the facts accept can be placed by name."""
    text = FACTS.replace("  - id: risks\n", "  - id: key_point\n")
    code, err = cli("check", facts(tmp_path, text))
    assert code == 1
    assert ":13: sections[0].id: 'key_point' is too like the built-in section 'key_points' for " \
           "an audience to place it; give it another id, e.g. 'my_key_point'" in err, err

