"""context.build_context: Facts -> the plain data a template sees."""

from __future__ import annotations

import datetime
import json

import pytest

from briefgen.compose.context import MONTHS, build_context, long_date
from briefgen.input.facts import load_facts

DAY = datetime.date(2025, 2, 3)

FACTS = """\
title: A title
summary: |
  First paragraph,
  folded onto one line.

  Second paragraph.

  Third.
memo:
  to: The Director
  from: The Desk
  classification: RESTRICTED
key_points:
  - text: Cites the third and first sources.
    sources: [gamma, alpha]
    priority: 1
  - text: Cites nothing.
  - text: Cites one source twice.
    sources: [beta, beta]
    priority: 3
timeline:
  - date: 2024
    event: Later in the file, earlier in time.
    sources: [beta]
  - date: 1990s
    event: Earliest.
    priority: 3
  - date: late 2025
    event: Latest.
quotes:
  - text: Said something.
    speaker: Someone
    role: Minister
    date: June 2022
    sources: [alpha]
figures:
  - label: Budget
    value: $5 billion
    note: a record
    sources: [gamma]
outlook:
  - Plain outlook.
  - text: Second outlook.
    sources: [alpha, beta, gamma]
sources:
  - id: alpha
    title: Alpha title
    publisher: Alpha Press
    url: https://example.org/alpha
    date: 2025-01-16
  - id: beta
    title: Beta title
  - id: gamma
    title: Gamma title
    date: March 2024
"""


@pytest.fixture
def facts(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text(FACTS, encoding="utf-8")
    return load_facts(path)


@pytest.fixture
def context(facts):
    return build_context(facts, DAY)


def test_sources_numbered_in_file_order(context):
    assert [(s["n"], s["id"]) for s in context["sources"]] == [(1, "alpha"), (2, "beta"),
                                                                (3, "gamma")]


def test_source_fields(context):
    alpha, beta, gamma = context["sources"]
    assert alpha == {"n": 1, "id": "alpha", "title": "Alpha title", "publisher": "Alpha Press",
                     "url": "https://example.org/alpha", "date": alpha["date"],
                     "key": "sources[0]", "marks": ["“", "”"]}
    assert isinstance(alpha["date"], str) and "2025" in alpha["date"]
    assert beta["publisher"] is None and beta["url"] is None and beta["date"] is None
    assert isinstance(gamma["date"], str)


def test_items_cite_the_numbers_of_their_sources(context):
    assert [x["cites"] for x in context["key_points"]] == [[1, 3], [], [2]]
    assert [x["cites"] for x in context["outlook"]] == [[], [1, 2, 3]]
    assert context["quotes"][0]["cites"] == [1]
    assert context["figures"][0]["cites"] == [3]


def test_timeline_cites_follow_date_order(context):
    # the timeline is in date order; each event keeps its own sources and its file path
    assert [x["event"] for x in context["timeline"]] == [
        "Earliest.", "Later in the file, earlier in time.", "Latest."]
    assert [x["key"] for x in context["timeline"]] == ["timeline[1]", "timeline[0]",
                                                       "timeline[2]"]
    assert [x["cites"] for x in context["timeline"]] == [[], [2], []]


def test_items_carry_key_priority_and_text(context):
    assert [(x["key"], x["priority"], x["text"]) for x in context["key_points"]] == [
        ("key_points[0]", 1, "Cites the third and first sources."),
        ("key_points[1]", 2, "Cites nothing."),
        ("key_points[2]", 3, "Cites one source twice."),
    ]


def test_dropped_paths_are_left_out(facts):
    dropped = frozenset({"key_points[1]", "timeline[1]", "quotes[0]", "figures[0]",
                         "outlook[0]"})
    context = build_context(facts, DAY, dropped)
    assert [x["key"] for x in context["key_points"]] == ["key_points[0]", "key_points[2]"]
    assert [x["key"] for x in context["timeline"]] == ["timeline[0]", "timeline[2]"]
    assert context["quotes"] == []
    assert context["figures"] == []
    assert [x["key"] for x in context["outlook"]] == ["outlook[1]"]
    # every source is still cited by an item kept: none goes, the numbers stay
    assert [s["n"] for s in context["sources"]] == [1, 2, 3]
    assert context["key_points"][0]["cites"] == [1, 3]


# ---- sources follow citations -------------------------------------------------------------------

CITED = """\
title: T
summary: S.
key_points:
  - text: Cites the fourth source.
    sources: [delta]
  - text: Cites the second and the fourth.
    sources: [delta, beta]
timeline:
  - date: 2024
    event: Cites the first.
    sources: [alpha]
sources:
  - {id: alpha, title: Alpha}
  - {id: beta, title: Beta}
  - {id: gamma, title: Gamma, url: "https://example.org/a/very/long/address"}
  - {id: delta, title: Delta}
"""


@pytest.fixture
def cited_facts(tmp_path):
    path = tmp_path / "cited.yaml"
    path.write_text(CITED, encoding="utf-8")
    return load_facts(path)


def test_only_cited_sources_are_printed_numbered_without_gaps(cited_facts):
    context = build_context(cited_facts, DAY)
    # gamma, which nothing cites, is not printed; the others are numbered 1, 2, 3 in file order
    assert [(s["n"], s["id"], s["key"]) for s in context["sources"]] == [
        (1, "alpha", "sources[0]"), (2, "beta", "sources[1]"), (3, "delta", "sources[3]")]
    assert [x["cites"] for x in context["key_points"]] == [[3], [2, 3]]
    assert context["timeline"][0]["cites"] == [1]


def test_a_source_cited_only_by_dropped_items_is_not_printed(cited_facts):
    context = build_context(cited_facts, DAY, frozenset({"key_points[1]", "timeline[0]"}))
    # beta was cited by key_points[1] only, alpha by timeline[0] only: delta alone is left
    assert [(s["n"], s["id"], s["key"]) for s in context["sources"]] == [
        (1, "delta", "sources[3]")]
    assert [x["cites"] for x in context["key_points"]] == [[1]]


def test_all_sources_prints_every_source_in_file_order(cited_facts):
    context = build_context(cited_facts, DAY, frozenset({"timeline[0]"}), all_sources=True)
    assert [(s["n"], s["id"]) for s in context["sources"]] == [
        (1, "alpha"), (2, "beta"), (3, "gamma"), (4, "delta")]
    assert [x["cites"] for x in context["key_points"]] == [[4], [2, 4]]


def test_no_source_is_printed_when_nothing_cites_one(tmp_path):
    path = tmp_path / "uncited.yaml"
    path.write_text("title: T\nsummary: S.\nkey_points: [A point.]\n"
                    "sources:\n  - {id: a, title: A}\n", encoding="utf-8")
    assert build_context(load_facts(path), DAY)["sources"] == []


def test_nothing_dropped_by_default(facts, context):
    assert len(context["key_points"]) == len(facts.key_points)
    assert len(context["timeline"]) == len(facts.timeline)


def test_unknown_dropped_paths_are_harmless(facts, context):
    assert build_context(facts, DAY, frozenset({"nothing[9]"})) == context


def test_dates(context):
    assert context["date"] == "3 February 2025"
    assert context["date_iso"] == "2025-02-03"


@pytest.mark.parametrize("day, text", [
    (datetime.date(2025, 2, 3), "3 February 2025"),
    (datetime.date(1999, 12, 31), "31 December 1999"),
    (datetime.date(2024, 1, 1), "1 January 2024"),
    (datetime.date(2024, 2, 29), "29 February 2024"),
])
def test_long_date(day, text):
    assert long_date(day) == text


def test_long_date_every_month():
    assert [long_date(datetime.date(2025, m, 10)).split()[1] for m in range(1, 13)] == list(MONTHS)


def test_summary_split_into_paragraphs(context):
    assert context["summary"] == ["First paragraph, folded onto one line.", "Second paragraph.",
                                  "Third."]


def test_memo(context):
    assert context["memo"] == {"to": "The Director", "from": "The Desk", "cc": None,
                               "reference": None, "classification": "RESTRICTED"}


def test_quote_and_figure_fields(context):
    quote = context["quotes"][0]
    assert quote["text"] == "Said something." and quote["speaker"] == "Someone"
    assert quote["role"] == "Minister" and quote["context"] is None
    assert isinstance(quote["date"], str)
    figure = context["figures"][0]
    assert (figure["label"], figure["value"], figure["note"]) == ("Budget", "$5 billion",
                                                                  "a record")


def test_context_is_plain_data_only(context):
    # the sandbox lets a template read nothing but plain data: check by a JSON round trip
    assert json.loads(json.dumps(context)) == context


def test_minimal_facts(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text("title: T\nsummary: One line.\n", encoding="utf-8")
    context = build_context(load_facts(path), DAY)
    assert context["summary"] == ["One line."]
    for name in ("key_points", "timeline", "quotes", "figures", "outlook", "sources"):
        assert context[name] == []
    assert context["memo"]["from"] is None
