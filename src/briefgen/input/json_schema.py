"""A `Record` of `briefgen.input.schema` as a JSON Schema (draft 2020-12).

In: the record of a kind of file (facts, theme, audience) and its title. Out: the JSON Schema as
a dict (`export`), or as the text `briefgen schema KIND` prints and `docs/schemas/` holds
(`dumps`: sorted keys, two-space indent, so the same definition always gives the same bytes).

What a schema can say, it says: the keys (with `additionalProperties: false`), which are
required, each value's type, a number's range, a choice's values, a list's length limit, and a
description of every field, for an editor's YAML language server to show. What needs the whole
file (a citation of a source that exists, a date that really is one, text a font can print, the
sizes of a theme against each other) only briefgen checks.
"""

from __future__ import annotations

import json
from typing import Any

from briefgen.input.language_codes import SUPPORTED
from briefgen.input.schema import BLOCKS, FACTS, MAX_LIST, SECTION_ID, Field, Record

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Facts text: YAML gives a number for `value: 2024`, which a facts file reads as the text written.
_TEXT = {"type": ["string", "number"]}
_FACTS_KINDS: dict[str, dict[str, Any]] = {
    "text": _TEXT,
    "url": {"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$"},
    "iso_date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "fuzzy_date": {"type": ["string", "integer"]},
    # briefgen reads a priority as the text written: `priority: "1"` is priority 1 too
    "priority": {"anyOf": [{"type": "integer", "enum": [1, 2, 3]},
                           {"type": "string", "pattern": "^\\s*[1-3]\\s*$"}]},
    "cites": {"type": "array", "maxItems": MAX_LIST, "items": _TEXT},
    "tags": {"type": "array", "maxItems": MAX_LIST, "items": _TEXT},
    "section_id": {"type": "string", "pattern": f"^{SECTION_ID}$", "not": {"enum": list(BLOCKS)}},
    "release": {"type": "string", "pattern": "^\\s*[^\\s]+\\s*$"},  # one word, any case
    "marking": {"type": "string", "pattern": "\\S"},  # never blank
    # a marking scheme, any case: "us", "UK", "Tlp"
    "scheme": {"type": "string", "pattern": "^(" + "|".join(
        "".join(f"[{c.upper()}{c}]" for c in name) for name in FACTS.fields["markings"].choices)
        + ")$"},
    # a supported language, maybe with a region or script (fr-CA): Babel checks the rest
    "language": {"type": "string", "pattern": "^\\s*(?:" + "|".join(
        "".join(f"[{c.lower()}{c.upper()}]" for c in code) for code in SUPPORTED)
        + ")(?:[-_][A-Za-z0-9]{2,8})*\\s*$"},
}
_SETTINGS_KINDS: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "bool": {"type": "boolean"},
    "colour": {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"},
}


def export_kind(kind: str) -> str:
    """The schema text of a kind of file: "facts", "theme" or "audience". Themes and audiences
    are defined beside their models, in the design stage; they are looked up only when asked."""
    if kind == "facts":
        return dumps(export(FACTS, "briefgen facts file", facts=True))
    if kind == "theme":
        from briefgen.design.theme import THEME

        return dumps(export(THEME, "briefgen theme"))
    if kind == "audience":
        from briefgen.design.audience_file import AUDIENCE

        return dumps(export(AUDIENCE, "briefgen audience"))
    raise ValueError(f"no schema for {kind!r}")


def export(record: Record, title: str, facts: bool = False) -> dict[str, Any]:
    """The JSON Schema of a file holding this record. In a facts file (`facts`), a key written
    with no value counts as absent; in a settings file only a field marked nullable may be."""
    return {"$schema": DRAFT, "title": title, **_object(record, facts)}


def dumps(schema: dict[str, Any]) -> str:
    """The schema as deterministic text: sorted keys, two-space indent, a final line break."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _object(record: Record, facts: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {key: _field(f, facts) for key, f in record.items()},
        "additionalProperties": False,
    }
    if record.others is not None:
        pattern, other = record.others
        out["patternProperties"] = {f"^{pattern}$": _field(other, facts)}
    required = [key for key, f in record.items() if f.required]
    if required:
        out["required"] = required
    if record.doc:
        out["description"] = record.doc
    return out


def _field(f: Field, facts: bool) -> dict[str, Any]:
    out = _value(f, facts)
    if f.required and out.get("type") == _TEXT["type"]:
        out = {**out, "minLength": 1}
    if (facts and not f.required) or f.nullable:
        out = _or_null(out)
    if f.doc:
        out = {**out, "description": f.doc}
    return out


def _value(f: Field, facts: bool) -> dict[str, Any]:
    """The schema of one value, by its kind."""
    if facts and f.kind in _FACTS_KINDS:
        return dict(_FACTS_KINDS[f.kind])
    if f.record is not None and f.kind in ("memo", "mapping"):
        return _object(f.record, facts)
    if f.record is not None:  # a facts list: items, events, quotes, figures, sources
        entry = _object(f.record, facts)
        if f.kind == "items":  # an item is plain text or a mapping
            entry = {"anyOf": [dict(_TEXT, minLength=1), entry]}
        return {"type": "array", "maxItems": MAX_LIST, "items": entry}
    if f.kind in _SETTINGS_KINDS:
        return dict(_SETTINGS_KINDS[f.kind])
    if f.kind in ("number", "count"):
        out: dict[str, Any] = {"type": "number" if f.kind == "number" else "integer"}
        if f.low is not None:
            out["minimum"] = f.low
        if f.high is not None:
            out["maximum"] = f.high
        return out
    if f.kind == "choice":
        return {"enum": list(f.choices)}
    if f.kind == "list" and f.entry is not None:
        return {"type": "array", "items": _field(f.entry, facts)}
    if f.kind == "mapping" and f.entry is not None:
        return {"type": "object", "additionalProperties": _field(f.entry, facts)}
    raise ValueError(f"no JSON Schema for a field of kind {f.kind!r}")


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema, or null."""
    out = dict(schema)
    if "anyOf" in out:  # one more choice, not a choice within a choice
        return {**out, "anyOf": [*out["anyOf"], {"type": "null"}]}
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    kind = out.get("type")
    if isinstance(kind, str):
        out["type"] = [kind, "null"]
    elif isinstance(kind, list):
        out["type"] = [*kind, "null"]
    elif "enum" not in out:
        out = {"anyOf": [schema, {"type": "null"}]}
    return out
