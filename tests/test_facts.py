"""The facts model: what a good file becomes, and what a user is told about a bad one."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from timing import cpu_seconds_at_most

from briefgen.errors import FactsError
from briefgen.input.facts import MAX_LIST, MAX_TEXT, Facts, Item, Memo, load_facts, normalise_text
from briefgen.input.facts_reader import MAX_BYTES
from briefgen.input.validate import MAX_PROBLEMS, SUGGEST_LENGTH, SUGGESTIONS

DATA = Path(__file__).parent / "data" / "facts"
ACCEPTED = "2025, 2025-01, January 2025, 1990s, late 1970s, c. 2014, by 2027, 2022-2027"
HEAD = "title: T\nsummary: S\n"  # two lines that make a file valid


def write(tmp_path: Path, content: str | bytes, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def problems(path: Path | str) -> list[tuple[int | None, str | None, str]]:
    """(line, field, message) of each problem, after checking every problem names the file."""
    with pytest.raises(FactsError) as caught:
        load_facts(path)
    assert all(p.file == str(path) for p in caught.value.problems)
    return [(p.line, p.field, p.message) for p in caught.value.problems]


def only(tmp_path: Path, text: str, name: str = "f.yaml") -> tuple[int | None, str | None, str]:
    found = problems(write(tmp_path, text, name))
    assert len(found) == 1, found
    return found[0]


# ---- a good file --------------------------------------------------------------------------------


def test_good_yaml_file_becomes_the_model() -> None:
    facts = load_facts(DATA / "good-full.yaml")
    assert facts.file == str(DATA / "good-full.yaml")
    assert facts.title == "Japan opens a dedicated diplomatic mission to NATO"
    assert facts.summary == (
        "Japan opened a stand-alone mission to NATO in January 2025, separating it from its "
        "embassy in Belgium.\nIt is the first such mission for an Indo-Pacific partner."
    )
    assert facts.date == date(2025, 2, 3)
    assert facts.memo == Memo(
        "Director, Indo-Pacific Affairs", "Regional Security Desk", "Europe Desk",
        "RSD-2025-014", "UNCLASSIFIED",
    )  # fmt: skip
    assert facts.key_points == (
        Item("The mission has its own ambassador, Osamu Izawa.", ("article",), 1, "key_points[0]"),
        Item("A plain-text point with <b>markup</b> & {{ braces }}.", (), 2, "key_points[1]"),
    )
    # date order; "2025" and its first day tie with nothing else, the deadline goes last
    assert [(e.date.label, e.path) for e in facts.timeline] == [
        ("Late 1970s", "timeline[1]"), ("2025", "timeline[3]"),
        ("15 Jan 2025", "timeline[0]"), ("By 2027", "timeline[2]"),
    ]  # fmt: skip
    (quote,) = facts.quotes
    assert (quote.speaker, quote.role, quote.context) == (
        "Fumio Kishida", "then Prime Minister of Japan", "Shangri-La Dialogue",
    )  # fmt: skip
    assert quote.date is not None and quote.date.label == "Jun 2022"
    (figure,) = facts.figures
    assert (figure.value, figure.sources, figure.priority) == (
        "$55 billion",
        ("jiia", "article"),
        1,
    )
    assert [(o.text, o.priority) for o in facts.outlook] == [
        ("Watch the NATO summit for a partnership agreement.", 2),
        ("Expect more Indo-Pacific missions.", 3),
    ]
    assert [(s.id, s.publisher, s.url) for s in facts.sources] == [
        ("article", None, "https://example.org/japan-nato"),
        ("jiia", "Japan Institute of International Affairs", None),
    ]
    assert facts.tags == ("japan", "nato")


def test_json_file_gives_the_same_model() -> None:
    from_yaml = load_facts(DATA / "good-full.yaml")
    from_json = load_facts(DATA / "good-full.json")
    assert dataclasses.replace(from_json, file=from_yaml.file) == from_yaml


def test_a_minimal_file_has_empty_sections(tmp_path: Path) -> None:
    facts = load_facts(write(tmp_path, HEAD))
    assert facts == Facts(
        str(tmp_path / "f.yaml"), "T", "S", None, Memo(), (), (), (), (), (), (), (), (), (), ()
    )


def test_yaml_surprises_are_text(tmp_path: Path) -> None:
    text = (
        "title: 2025\nsummary: NO\nkey_points: [on, 1e3, 2024-10-17]\n"
        "figures:\n  - label: price\n    value: 2.50\n"
    )
    facts = load_facts(write(tmp_path, text))
    assert (facts.title, facts.summary) == ("2025", "NO")
    assert [k.text for k in facts.key_points] == ["on", "1e3", "2024-10-17"]
    assert facts.figures[0].value == "2.50"


def test_json_numbers_are_text_and_priority_may_be_a_number(tmp_path: Path) -> None:
    text = json.dumps(
        {"title": 2025, "summary": "S", "figures": [{"label": "n", "value": 2.50, "priority": 1}]}
    )
    facts = load_facts(write(tmp_path, text.replace("2.5", "2.50"), "f.json"))
    assert facts.title == "2025"
    assert (facts.figures[0].value, facts.figures[0].priority) == ("2.50", 1)


def test_text_is_normalised(tmp_path: Path) -> None:
    assert (
        normalise_text("  one\n two\t\t three \n\n\n  four  \r\nfive\n")
        == "one two three\nfour five"
    )
    facts = load_facts(write(tmp_path, 'title: "a\\nb"\nsummary: |\n  x\n  y\n\n  z\n'))
    assert (facts.title, facts.summary) == ("a\nb", "x y\nz")


def test_a_line_break_inside_chinese_or_japanese_text_is_no_space(tmp_path: Path) -> None:
    """Japanese and Chinese have no spaces between words: a YAML line wrapped between two of
    their characters joins with nothing; Korean, which spaces its words, and Latin with them,
    keep the space."""
    facts = load_facts(write(tmp_path, "title: T\nsummary: >-\n  志賀町と輪島市で\n  震度7を観測した。\n"
                                       "  多くの\n  集落が孤立した。 한국어\n  문장 Latin\n  文字\n"))
    assert facts.summary == "志賀町と輪島市で震度7を観測した。多くの集落が孤立した。 한국어 문장 Latin 文字"


def test_empty_optional_text_is_absent(tmp_path: Path) -> None:
    facts = load_facts(write(tmp_path, HEAD + "memo:\n  to: ''\n  cc: '  '\n  from:\n"))
    assert facts.memo == Memo()


def test_events_with_the_same_start_keep_file_order(tmp_path: Path) -> None:
    text = (
        HEAD
        + "timeline:\n"
        + "".join(
            f"  - {{date: '{d}', event: e{i}}}\n"
            for i, d in enumerate(["2025", "Jan 2025", "early 2025"])
        )
    )
    facts = load_facts(write(tmp_path, text))
    assert [e.event for e in facts.timeline] == ["e0", "e1", "e2"]


# ---- a bad file ---------------------------------------------------------------------------------


def test_every_problem_of_a_file_is_reported_with_line_and_field() -> None:
    n = "allowed: title, summary, date, memo, key_points, timeline, quotes, figures, outlook, recommendations, background, sections, sources, tags, markings, language"
    assert problems(DATA / "bad-many.yaml") == [
        (2, "summary", "required text is empty"),
        (3, "qoutes", f"unknown key 'qoutes' (did you mean 'quotes'?; {n})"),
        (6, "memo.form", "unknown key 'form' (did you mean 'from'?; allowed: to, from, cc, reference, classification)"),
        (9, "key_points[0].sources[0]", "cites unknown source 'apx' (known: jiia)"),
        (10, "key_points[0].priority", "priority must be 1, 2 or 3, not 'high'"),
        (11, "key_points[1]", "expected text, or a mapping with keys text, sources, priority, marking, release; got a list"),
        (13, "key_points[2].sources", "expected a list of source ids, e.g. [article]; got text"),
        (15, "timeline[0].date", f"'Febtember 2025' is not a date (accepted: {ACCEPTED})"),
        (17, "timeline[1].date", "'2025-02-30' is not a real calendar date (Feb 2025 has 28 days)"),
        (19, "timeline[2].date", "'2027-2022' is not a date: the range ends before it starts"),
        (21, "timeline[3].date", "missing required field 'date'"),
        (23, "quotes[0].speaker", "missing required field 'speaker'"),
        (27, "figures[0].colour", "unknown key 'colour' (allowed: label, value, note, sources, priority, marking, release)"),
        (31, "sources[0].url", "url must be a web address starting http:// or https://, not 'javascript:alert(1)'"),
        (32, "sources[1].id", "duplicate source id 'jiia' (first at line 29)"),
        (34, "date", "'3 Feb 2025' is not a date in the form YYYY-MM-DD, e.g. 2025-02-03"),
    ]  # fmt: skip


def test_missing_title_and_summary(tmp_path: Path) -> None:
    assert problems(write(tmp_path, "# nothing else\ntags: [a]\n")) == [
        (2, "title", "missing required field 'title'"),
        (2, "summary", "missing required field 'summary'"),
    ]


@pytest.mark.parametrize(
    ("where", "text", "field"),
    [
        ("memo", "memo:\n  to: A\n  bcc: B\n", "memo.bcc"),
        ("item", "key_points:\n  - text: A\n    prio: 1\n", "key_points[0].prio"),
        ("event", "timeline:\n  - date: 2025\n    event: A\n    when: now\n", "timeline[0].when"),
        ("quote", "quotes:\n  - text: A\n    speaker: B\n    speeker: C\n", "quotes[0].speeker"),
        ("figure", "figures:\n  - label: A\n    value: B\n    unit: C\n", "figures[0].unit"),
        ("source", "sources:\n  - id: a\n    title: A\n    author: C\n", "sources[0].author"),
    ],
)
def test_unknown_keys_are_errors_at_every_level(
    tmp_path: Path, where: str, text: str, field: str
) -> None:
    line, found_field, message = only(tmp_path, HEAD + text)
    assert (line, found_field) == (HEAD.count("\n") + text.count("\n"), field)
    assert message.startswith("unknown key '")


def test_unknown_key_suggestion_in_json(tmp_path: Path) -> None:
    text = '{\n  "title": "T",\n  "summary": "S",\n  "Tags": []\n}'
    line, field, message = only(tmp_path, text, "f.json")
    assert (line, field) == (4, "Tags")
    assert message.startswith("unknown key 'Tags' (did you mean 'tags'?; allowed: title, summary,")


def test_unknown_source_with_a_suggestion_and_with_no_sources(tmp_path: Path) -> None:
    sources = "sources:\n  - {id: article, title: A}\n  - {id: jiia, title: J}\n"
    text = HEAD + "key_points:\n  - {text: x, sources: [articel]}\n" + sources
    assert only(tmp_path, text) == (
        4, "key_points[0].sources[0]", "cites unknown source 'articel' (did you mean 'article'?; known: article, jiia)"
    )  # fmt: skip
    text = HEAD + "figures:\n  - {label: x, value: y, sources: [a]}\n"
    assert (
        only(tmp_path, text)[2] == "cites unknown source 'a' (no sources are listed under sources)"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [("high", "'high'"), ("0", "'0'"), ("4", "'4'"), ("[1]", "a list"), ("{}", "a mapping")],
)
def test_bad_priority(tmp_path: Path, value: str, shown: str) -> None:
    text = HEAD + f"key_points:\n  - text: x\n    priority: {value}\n"
    assert only(tmp_path, text) == (
        5,
        "key_points[0].priority",
        f"priority must be 1, 2 or 3, not {shown}",
    )


def test_priority_true_in_json(tmp_path: Path) -> None:
    text = '{"title": "T", "summary": "S", "outlook": [{"text": "x", "priority": true}]}'
    assert only(tmp_path, text, "f.json") == (
        1,
        "outlook[0].priority",
        "priority must be 1, 2 or 3, not true",
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x.org/f",
                                 "www.example.org", "https://", "https://exa mple.org", "https://examp]e.org"])  # fmt: skip
def test_only_web_urls(tmp_path: Path, url: str) -> None:
    text = HEAD + f"sources:\n  - id: a\n    title: A\n    url: '{url}'\n"
    line, field, message = only(tmp_path, text)
    assert (line, field) == (6, "sources[0].url")
    assert message.startswith("url must be a web address starting http:// or https://, not '")


@pytest.mark.parametrize("url", ["http://example.org", "HTTPS://example.org/a?b=c#d"])
def test_web_urls_pass(tmp_path: Path, url: str) -> None:
    facts = load_facts(write(tmp_path, HEAD + f"sources:\n  - {{id: a, title: A, url: '{url}'}}\n"))
    assert facts.sources[0].url == url


@pytest.mark.parametrize(
    ("content", "name", "line", "field", "message"),
    [
        (HEAD + "memo:\n  to: one\x0btwo\n", "f.yaml", 4, "memo.to", "control character U+000B (vertical tab) is not allowed; delete it"),
        (HEAD + 'memo:\n  cc: "a\\vb"\n', "f.yaml", 4, "memo.cc", "control character U+000B (vertical tab) is not allowed; delete it"),
        (HEAD + "tags: [a\x1bb]\n", "f.yaml", 3, "tags[0]", "control character U+001B (escape) is not allowed; delete it"),
        (HEAD + "tags: [a\x7f]\n", "f.yaml", 3, "tags[0]", "control character U+007F (delete) is not allowed; delete it"),
        (HEAD + "tags: [a\x90]\n", "f.yaml", 3, "tags[0]", "control character U+0090 is not allowed; delete it"),
        (HEAD + 'tags: ["\\uFFFE"]\n', "f.yaml", 3, "tags[0]", "U+FFFE is a Unicode non-character and cannot be printed; delete it"),
        (HEAD + "tags: [a\ufffe]\n", "f.yaml", 3, "tags[0]", "U+FFFE is a Unicode non-character and cannot be printed; delete it"),
        (HEAD + "tags: [\ufdd0]\n", "f.yaml", 3, "tags[0]", "U+FDD0 is a Unicode non-character and cannot be printed; delete it"),
        (HEAD + "tags: [\U0001ffff]\n", "f.yaml", 3, "tags[0]", "U+1FFFF is a Unicode non-character and cannot be printed; delete it"),
        ('{"title": "T",\n"summary": "a\\ud800b"}', "f.json", 2, "summary", "U+D800 is a lone surrogate, not a character (a broken \\u escape?)"),
        ('{"title": "T\\u0000", "summary": "S"}', "f.json", 1, "title", "control character U+0000 (NUL) is not allowed; delete it"),
        ('{"title": "T", "summary": "raw\x0cff"}', "f.json", 1, "summary", "control character U+000C (form feed) is not allowed; delete it"),
    ],
)  # fmt: skip
def test_forbidden_characters_name_the_field(
    tmp_path: Path, content: str, name: str, line: int, field: str, message: str
) -> None:
    assert only(tmp_path, content, name) == (line, field, message)


def test_tab_and_newline_are_fine(tmp_path: Path) -> None:
    facts = load_facts(write(tmp_path, '{"title": "a\\tb", "summary": "c\\nd"}', "f.json"))
    assert (facts.title, facts.summary) == ("a b", "c d")


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ("title: [a]\nsummary: S\n", 1, "title", "expected text; got a list"),
        ("title: {a: b}\nsummary: S\n", 1, "title", "expected text; got a mapping"),
        ("title: '   '\nsummary: S\n", 1, "title", "required text is empty"),
        (HEAD + "key_points: point\n", 3, "key_points", "expected a list; got text"),
        (HEAD + "key_points:\n  -\n", 4, "key_points[0]", "required text is empty"),
        (HEAD + "key_points:\n  - priority: 1\n", 4, "key_points[0].text", "missing required field 'text'"),
        (HEAD + "quotes:\n  - speaker: A\n", 4, "quotes[0].text", "missing required field 'text'"),
        (HEAD + "quotes: [x]\n", 3, "quotes[0]", "expected a mapping with keys text, speaker, role, date, context, sources, priority, marking, release; got text"),
        (HEAD + "memo: UNCLASSIFIED\n", 3, "memo", "expected a mapping with keys to, from, cc, reference, classification; got text"),
        (HEAD + "tags: a, b\n", 3, "tags", "expected a list; got text"),
        (HEAD + "tags: [a, [b]]\n", 3, "tags[1]", "expected text; got a list"),
        (HEAD + "date: 2025-02-30\n", 3, "date", "'2025-02-30' is not a real calendar date (YYYY-MM-DD, e.g. 2025-02-03)"),
        (HEAD + "date: late 2025\n", 3, "date", "'late 2025' is not a date in the form YYYY-MM-DD, e.g. 2025-02-03"),
        (HEAD + "timeline:\n  - {date: '', event: x}\n", 4, "timeline[0].date", "required text is empty"),
        (HEAD + "quotes:\n  - {text: a, speaker: b, date: soon}\n", 4, "quotes[0].date", f"'soon' is not a date (accepted: {ACCEPTED})"),
        (HEAD + "sources:\n  - {id: a, title: A, date: 2025-13}\n", 4, "sources[0].date", "'2025-13' is not a date: there is no month 13"),
    ],
)  # fmt: skip
def test_wrong_shapes(tmp_path: Path, text: str, line: int, field: str, message: str) -> None:
    assert only(tmp_path, text) == (line, field, message)


def test_a_json_bool_is_not_text(tmp_path: Path) -> None:
    assert only(tmp_path, '{"title": "T",\n "summary": false}', "f.json") == (
        2,
        "summary",
        "expected text; got false",
    )


def test_limits(tmp_path: Path) -> None:
    long = "x" * (MAX_TEXT + 1)
    assert only(tmp_path, f"title: T\nsummary: {long}\n") == (
        2, "summary", f"the text is {MAX_TEXT + 1:,} characters long; the limit is {MAX_TEXT:,}"
    )  # fmt: skip
    assert (
        load_facts(write(tmp_path, f"title: T\nsummary: {'x' * MAX_TEXT}\n")).summary
        == "x" * MAX_TEXT
    )
    many = "".join(f"  - p{i}\n" for i in range(MAX_LIST + 1))
    assert only(tmp_path, HEAD + "key_points:\n" + many) == (
        4, "key_points", f"the list has {MAX_LIST + 1} entries; the limit is {MAX_LIST}"
    )  # fmt: skip


def test_reading_problems_come_with_checking_problems(tmp_path: Path) -> None:
    text = "title: T\ntitle: U\nsummary: S\nsumary: x\n"
    assert problems(write(tmp_path, text)) == [
        (2, "title", "duplicate key 'title' (first at line 1); keep only one"),
        (4, "sumary", ("unknown key 'sumary' (did you mean 'summary'?; allowed: title, summary, date, memo, "
                  "key_points, timeline, quotes, figures, outlook, recommendations, background, "
                  "sections, sources, tags, markings, language)")),
    ]  # fmt: skip


def test_duplicate_keys_name_their_field_in_yaml_and_json(tmp_path: Path) -> None:
    yaml_text = HEAD + "memo:\n  to: A\n  to: B\n"
    assert only(tmp_path, yaml_text) == (
        5, "memo.to", "duplicate key 'to' (first at line 4); keep only one"
    )  # fmt: skip
    json_text = '{"title": "T", "summary": "S",\n "timeline": [{"date": "2020",\n "date": "2021", "event": "e"}]}'
    assert only(tmp_path, json_text, "f.json") == (
        3, "timeline[0].date", "duplicate key 'date' (first at line 2); keep only one"
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        HEAD + 'timeline:\n  - date: "late\\n\\n1970z"\n    event: e\n',
        HEAD + 'quotes:\n  - {text: q, speaker: s, date: "2025-13\\n\\nlater"}\n',
        HEAD + 'date: "2025-02-30\\n\\nor so"\n',
        HEAD + 'sources:\n  - {id: a, title: A, url: "http://a\\n\\nb"}\n',
        HEAD + 'key_points:\n  - {text: x, sources: "a\\n\\nb"}\n',
        HEAD + 'key_points:\n  - {text: x, sources: ["a\\n\\nb"]}\n',
        HEAD + 'key_points:\n  - {text: x, sources: ["ab\\n\\nc"]}\n'
        + 'sources:\n  - {id: "ab\\n\\nc d", title: T}\n',
        HEAD + '"x\\n\\ny": 1\n',
    ],
)
def test_every_message_holding_a_users_text_is_one_line(tmp_path: Path, text: str) -> None:
    found = problems(write(tmp_path, text))
    assert found
    for _, field, message in found:
        assert len(message.splitlines()) == 1, message
        assert field is None or len(field.splitlines()) == 1, field


def test_io_errors_are_facts_errors(tmp_path: Path) -> None:
    assert problems(tmp_path / "missing.yaml") == [(None, None, "no such file")]
    assert problems(tmp_path) == [(None, None, "is a folder, not a facts file")]


def test_mangled_files_only_ever_raise_facts_errors(tmp_path: Path) -> None:
    """Cut, repeat and swap characters of the good files: the result loads or is a FactsError."""
    rng = random.Random(20250203)
    for name in ("good-full.yaml", "good-full.json"):
        source = (DATA / name).read_text(encoding="utf-8")
        for _ in range(150):
            text = list(source)
            for _ in range(rng.randint(1, 4)):
                i = rng.randrange(len(text))
                action = rng.choice(("cut", "repeat", "swap", "control"))
                if action == "cut":
                    del text[i : i + rng.randint(1, 20)]
                elif action == "repeat":
                    text.insert(i, text[rng.randrange(len(text))])
                elif action == "swap":
                    text[i] = rng.choice(":-[]{}\"'&*!#|>\n\t ,")
                else:
                    text.insert(i, chr(rng.choice((0, 0x0B, 0x1B, 0x7F, 0x85, 0x9F, 0xFFFE))))
            path = write(tmp_path, "".join(text), name)
            try:
                load_facts(path)
            except FactsError as exc:
                assert exc.problems and all(p.file == str(path) for p in exc.problems)


# ---- bounded work: a file full of mistakes is checked in linear time ----------------------------


def _near_1_mib(head: str, pieces: Iterator[str]) -> str:
    """head, then pieces until the text is just under the size limit."""
    out, size = [head], len(head)
    for piece in pieces:
        if size + len(piece) > MAX_BYTES - 100:
            break
        out.append(piece)
        size += len(piece)
    return "".join(out)


def test_a_mebibyte_of_unknown_citations_is_checked_quickly(tmp_path: Path) -> None:
    """200 sources, then 200 points each citing 200 distinct near-misses: the first MAX_PROBLEMS
    citations are reported, the first SUGGESTIONS distinct ones with a hint, then how many more
    there are."""
    sources = "".join(f"  - id: source-{i:03d}-abcdefgh\n    title: X\n" for i in range(MAX_LIST))

    def points() -> Iterator[str]:
        for p in range(MAX_LIST):
            cites = ", ".join(["sorce-000-abcdefgh"] + [f"sorce-{c:03d}-abcdefgh{p}"
                                                        for c in range(1, MAX_LIST)])
            yield f"  - text: p\n    sources: [{cites}]\n"

    path = write(tmp_path, _near_1_mib(HEAD + "sources:\n" + sources + "key_points:\n", points()))
    with cpu_seconds_at_most(2.0), pytest.raises(FactsError) as caught:
        load_facts(path)
    *found, more = caught.value.problems
    assert len(found) == MAX_PROBLEMS
    assert str(more) == (f"error: {path}: {MAX_LIST * MAX_LIST - MAX_PROBLEMS:,} more problems "
                         "not shown; fix these first, then check again")
    assert all(p.message.startswith("cites unknown source 'sorce-") for p in found)
    hinted = {p.message.split("'")[1] for p in found if "did you mean" in p.message}
    assert len(hinted) == SUGGESTIONS
    assert found[0].message.startswith(
        "cites unknown source 'sorce-000-abcdefgh' (did you mean 'source-000-abcdefgh'?; known:")
    assert "did you mean" not in found[-1].message


def test_long_unknown_ids_get_no_hint_and_are_checked_quickly(tmp_path: Path) -> None:
    """90 sources with ids of 4,990 characters, 100 citations one character off each."""
    rng = random.Random(7)
    ids = ["".join(rng.choice("ab") for _ in range(4990)) for _ in range(90)]
    text = HEAD + "sources:\n" + "".join(f"  - id: {i}\n    title: X\n" for i in ids)
    text += "key_points:\n" + "".join(
        f"  - text: p\n    sources: [{ids[n % 90][:n]}c{ids[n % 90][n + 1:]}]\n"
        for n in range(100))
    path = write(tmp_path, text)
    with cpu_seconds_at_most(2.0), pytest.raises(FactsError) as caught:
        load_facts(path)
    assert len(caught.value.problems) == MAX_PROBLEMS + 1  # and how many more
    assert caught.value.problems[-1].message.startswith("50 more problems not shown")
    assert not any("did you mean" in p.message for p in caught.value.problems)


@pytest.mark.parametrize("length, hinted", [(SUGGEST_LENGTH, True), (SUGGEST_LENGTH + 1, False)])
def test_hints_are_given_for_ids_up_to_the_length_bound(tmp_path: Path, length: int,
                                                        hinted: bool) -> None:
    known = "s" * (length - 1) + "a"
    text = HEAD + f"sources:\n  - id: {known}\n    title: X\nkey_points:\n"
    text += f"  - text: p\n    sources: [{'s' * (length - 1)}b]\n"
    (_, _, message), = problems(write(tmp_path, text))
    assert ("did you mean" in message) is hinted


def test_a_mebibyte_of_unknown_keys_is_checked_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, _near_1_mib(HEAD, (f"titel{n}: x\n" for n in range(10**6))))
    with cpu_seconds_at_most(2.0), pytest.raises(FactsError) as caught:
        load_facts(path)
    *found, more = caught.value.problems
    assert len(found) == MAX_PROBLEMS and int(more.message.split()[0].replace(",", "")) > 70_000
    assert more.message.endswith(" more problems not shown; fix these first, then check again")
    assert sum("did you mean 'title'" in p.message for p in found) == SUGGESTIONS
    assert sum("allowed: title, summary" in p.message for p in found) == 1  # the list once
    assert found[-1].message.startswith("unknown key 'titel") and "did you mean" not in \
        found[-1].message


def test_the_hardest_suggestions_for_difflib_are_still_quick(tmp_path: Path) -> None:
    """Ids at the length bound, of two letters only, so that difflib cannot rule any out
    cheaply: the bounded lookups take a fraction of a second."""
    rng = random.Random(11)

    def word() -> str:
        return "".join(rng.choice("ab") for _ in range(SUGGEST_LENGTH))

    known = list(dict.fromkeys(word() for _ in range(MAX_LIST)))
    text = HEAD + "sources:\n" + "".join(f"  - id: {i}\n    title: X\n" for i in known)
    text += "key_points:\n  - text: p\n    sources: [" + ", ".join(
        word() for _ in range(MAX_LIST)) + "]\n"
    with cpu_seconds_at_most(1.0), pytest.raises(FactsError) as caught:
        load_facts(write(tmp_path, text))
    assert caught.value.problems[-1].message.startswith(f"{MAX_LIST - MAX_PROBLEMS} more ")
