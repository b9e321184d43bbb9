"""`briefgen schema facts|theme|audience`: JSON Schemas made from the one definition of each kind
of file, checked with a real JSON Schema validator against every facts file and every built-in
theme and audience; and a few invalid files, which the validator and briefgen both refuse, so
the schema and the checker agree."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from template_folder import folder

from briefgen.edge.cli import run

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "docs" / "schemas"
BUILTIN = ROOT / "templates" / "default"
KINDS = ("facts", "theme", "audience")
REGENERATE = ("for k in facts theme audience; do briefgen schema $k > "
              "docs/schemas/$k.schema.json; done")
FACTS_FILES = [*sorted(p for p in (ROOT / "facts").iterdir() if p.is_file()),
               *sorted((ROOT / "facts" / "scripts").iterdir()),
               *sorted((ROOT / "tests" / "data" / "facts").glob("good-*"))]


def printed(capsys, kind: str) -> str:
    capsys.readouterr()
    assert run(["schema", kind]) == 0
    return capsys.readouterr().out


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def as_editor_reads(path: Path) -> object:
    """The file's data as a YAML language server sees it: JSON as JSON; YAML with a date left as
    its text (YAML 1.2 has no date type)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)

    def plain(value: object) -> object:
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value

    return plain(yaml.safe_load(text))


def errors(kind: str, data: object) -> list[str]:
    return [error.message for error in validator(kind).iter_errors(data)]


@pytest.mark.parametrize("kind", KINDS)
def test_the_committed_schemas_are_what_the_command_prints(capsys, kind):
    committed = (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert printed(capsys, kind) == committed, f"docs/schemas is stale; run: {REGENERATE}"


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_sorted_two_space_json_of_draft_2020_12(capsys, kind):
    text = printed(capsys, kind)
    schema = json.loads(text)
    assert text == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)  # raises if it is not a valid schema
    assert schema["type"] == "object" and schema["additionalProperties"] is False


def test_an_unknown_kind_is_a_usage_error(capsys):
    assert run(["schema", "colours"]) == 2
    assert "'colours' is not one of 'facts', 'theme', 'audience'" in capsys.readouterr().err


def test_the_facts_schema_tells_an_editor_what_each_field_is():
    schema = json.loads((SCHEMAS / "facts.schema.json").read_text(encoding="utf-8"))
    top = schema["properties"]
    assert schema["required"] == ["title", "summary"]
    assert all(field["description"] for field in top.values())
    event = top["timeline"]["items"]
    assert event["required"] == ["date", "event"] and event["additionalProperties"] is False
    assert "late 1970s" in event["properties"]["date"]["description"]
    assert event["properties"]["priority"]["anyOf"][0]["enum"] == [1, 2, 3]
    assert top["date"]["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@pytest.mark.parametrize("path", FACTS_FILES, ids=lambda p: p.name)
def test_every_facts_file_is_valid_for_the_schema_and_for_briefgen(capsys, path):
    assert errors("facts", as_editor_reads(path)) == []
    assert run(["check", str(path)]) == 0


def test_the_built_in_theme_and_every_built_in_audience_are_valid():
    audiences = sorted((BUILTIN / "audiences").glob("*.yaml"))
    assert [p.stem for p in audiences] == ["analyst", "default", "executive", "press"]
    assert errors("theme", as_editor_reads(BUILTIN / "theme.yaml")) == []
    for path in audiences:
        assert errors("audience", as_editor_reads(path)) == [], path.name


FACTS_HEAD = "title: T\nsummary: S\n"


@pytest.mark.parametrize("text, error", [
    (FACTS_HEAD + "qoutes: []\n",
     "f.yaml:3: qoutes: unknown key 'qoutes' (did you mean 'quotes'?; allowed: title, summary, "
     "date, memo, key_points, timeline, quotes, figures, outlook, recommendations, background, "
     "sections, sources, tags, markings, language)"),
    (FACTS_HEAD + "memo: [to, from]\n",
     "f.yaml:3: memo: expected a mapping with keys to, from, cc, reference, classification; "
     "got a list"),
    (FACTS_HEAD + "key_points:\n  - text: K\n    priority: 4\n",
     "f.yaml:5: key_points[0].priority: priority must be 1, 2 or 3, not '4'"),
    ("title: T\n", "f.yaml:1: summary: missing required field 'summary'"),
    (FACTS_HEAD + "sources:\n  - id: a\n    title: A\n    url: ftp://x\n",
     "f.yaml:6: sources[0].url: url must be a web address starting http:// or https://, "
     "not 'ftp://x'"),
    (FACTS_HEAD + "sections:\n  - id: Risks\n    title: R\n",
     "f.yaml:4: sections[0].id: 'Risks' is not a section id: lowercase letters, digits and "
     "underscores, starting with a letter, e.g. 'risks'"),
    (FACTS_HEAD + "sections:\n  - id: background\n    title: B\n",
     "f.yaml:4: sections[0].id: 'background' is a built-in section; give this one another id, "
     "e.g. 'more_background'"),
])
def test_an_invalid_facts_file_is_refused_by_the_schema_and_by_briefgen(
        tmp_path, capsys, text, error):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    assert errors("facts", as_editor_reads(path)) != []
    capsys.readouterr()
    assert run(["check", str(path)]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path}/{error}\n"


@pytest.mark.parametrize("kind, name, text, error", [
    ("theme", "theme.yaml", "body_sise: 10\n",
     "theme.yaml:1: body_sise: unknown theme setting (did you mean 'body_size'?; allowed: "),
    ("theme", "theme.yaml", "body_size: big\n",
     "theme.yaml:1: body_size: expected a float, got 'big'"),
    ("theme", "theme.yaml", "leading: 5\n",
     "theme.yaml:1: leading: must be between 1 and 3 times the font size (got 5)"),
    ("theme", "theme.yaml", "page: a5\n", "theme.yaml:1: page: unknown page size (known: "),
    ("audience", "audiences/board.yaml", "labl: X\n",
     "audiences/board.yaml:1: labl: unknown key 'labl' (did you mean 'label'?; allowed: "),
    ("audience", "audiences/board.yaml", "sources: table\n",
     "audiences/board.yaml:1: sources: sources is one of numbered, line"),
    ("audience", "audiences/board.yaml", "limits: {quotes: 201}\n",
     "audiences/board.yaml:1: limits.quotes: limits are a count from 0 to 200"),
    ("audience", "audiences/board.yaml", "fit: {tighten: 'no'}\n",
     "audiences/board.yaml:1: fit.tighten: is true or false"),
])
def test_an_invalid_theme_or_audience_is_refused_by_the_schema_and_by_briefgen(
        tmp_path, capsys, kind, name, text, error):
    made = folder(tmp_path)
    (made / name).write_text(text, encoding="utf-8")
    assert errors(kind, as_editor_reads(made / name)) != []
    capsys.readouterr()
    tiny = ROOT / "facts" / "tiny.yaml"
    out = tmp_path / "o"
    assert run(["build", str(tiny), "-t", str(made), "-a", "board", "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {made}/{error}"), err
    assert not out.exists()


def test_the_stages_that_walk_the_facts_take_their_fields_from_the_one_definition():
    """The font coverage check walks every printed text the schema declares (a new text field
    is checked without another list to update), and the template context holds every field of
    each entry, by the schema's keys."""
    import re

    from briefgen.compose.context import build_context
    from briefgen.input.facts import load_facts
    from briefgen.input.schema import FACTS, lists_of, text_fields
    from briefgen.layout.font_coverage import texts

    facts = load_facts(ROOT / "tests" / "data" / "facts" / "good-full.yaml")
    walked = {re.sub(r"\[\d+\]", "[]", path) for path, _ in texts(facts)}
    declared = set(text_fields(FACTS))
    for key, field in FACTS.items():
        if field.kind == "items":
            declared.add(f"{key}[]")  # an item's path names its text
        elif field.kind == "sections":  # a user section: its title, and its items' texts
            declared |= {f"{key}[].title", f"{key}[].items[]"}
        elif field.record is not None:
            prefix = f"{key}[]." if field.kind != "memo" else f"{key}."
            declared |= {prefix + name for name in text_fields(field.record)}
    assert walked == declared
    assert "sources[].id" not in walked and "timeline[].event" in walked
    context = build_context(facts, datetime.date(2025, 2, 3))
    for key, record in lists_of(FACTS, "items", "events", "quotes", "figures"):
        entry = context[key][0]
        assert set(record) - {"sources"} <= set(entry) and {"cites", "key"} <= set(entry), key
    assert list(context["memo"]) == list(FACTS.fields["memo"].record)
    section = FACTS.fields["sections"].record
    assert section is not None and set(section) <= set(context["sections"][0])
    assert context["tags"] == list(facts.tags) == ["japan", "nato"]


def test_the_facts_model_holds_what_the_schema_declares():
    """The model's classes and the one definition cannot drift apart: each record's keys are its
    class's fields (an entry of a list also keeps its facts path)."""
    from dataclasses import fields

    from briefgen.input import facts as model
    from briefgen.input.schema import EVENT, FACTS, FIGURE, ITEM, MEMO, QUOTE, SOURCE, attribute

    def names(cls: type) -> list[str]:
        return [f.name for f in fields(cls)]

    for cls, record, extra in [(model.Item, ITEM, ["path"]), (model.Event, EVENT, ["path"]),
                               (model.Quote, QUOTE, ["path"]), (model.Figure, FIGURE, ["path"]),
                               (model.Source, SOURCE, []), (model.Memo, MEMO, [])]:
        # an item's marking and release come after its path, by keyword (facts.Item)
        keys = [attribute(key) for key in record]
        marked = [key for key in ("marking", "release") if key in keys]
        assert names(cls) == [k for k in keys if k not in marked] + extra + marked, cls.__name__
    assert names(model.Facts) == ["file", *FACTS, "lines"]
