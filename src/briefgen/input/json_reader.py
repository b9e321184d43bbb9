"""JSON text -> a tree of `Node`s that know their line, for facts files written in JSON.

In: the text of a `.json` facts file. Out: the root `Node` (numbers kept as the text written, so
`2.50` stays `2.50`; true and false as bools, for the checker to refuse), or None, with the
reason added to a list of problems. A key given twice is a problem at the repeat, with its
field path; the first value is kept, as in YAML.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from briefgen.errors import Problem
from briefgen.input.nodes import Node, duplicate_key, field_path

# The standard library's pure-Python JSON parts, which take a scan function we can wrap.
# They are public in the modules but missing from the type stubs.
_JSONObject: Any = json.decoder.JSONObject  # type: ignore[attr-defined]
_JSONArray: Any = json.decoder.JSONArray  # type: ignore[attr-defined]
_scanstring: Any = json.decoder.scanstring  # type: ignore[attr-defined]
_WHITESPACE: Any = json.decoder.WHITESPACE  # type: ignore[attr-defined]
_py_make_scanner: Any = json.scanner.py_make_scanner  # type: ignore[attr-defined]


@dataclass(slots=True)
class _Pairs:
    items: dict[str, Node]
    key_lines: dict[str, int]
    duplicates: list[tuple[str, Node]] = field(default_factory=list)  # (key, its unused value)


# Mappings with a duplicate key (by id), and each duplicate. The parser builds a mapping before
# it knows where the mapping goes, so they are reported once the tree is whole, with paths.
_Duplicated = dict[int, tuple[Node, list[tuple[str, Node]]]]


def parse_json(text: str, file: str, problems: list[Problem]) -> Node | None:
    """Parse JSON with the standard library's pure-Python scanner, keeping each value's line."""
    duplicated: _Duplicated = {}
    scan = _scanner(text, duplicated)
    root: Node | None = None
    try:
        start = _WHITESPACE.match(text, 0).end()
        try:
            root, end = scan(text, start)
        except StopIteration as exc:
            raise json.JSONDecodeError("Expecting value", text, exc.value) from None
        end = _WHITESPACE.match(text, end).end()
        if end != len(text):
            raise json.JSONDecodeError("Extra data after the top-level value", text, end)
    except json.JSONDecodeError as exc:
        problems.append(Problem(file, f"JSON syntax error: {exc.msg}", exc.lineno))
        root = None
    except RecursionError:
        problems.append(Problem(file, "JSON nested too deeply"))
        root = None
    if duplicated:
        paths = _json_paths(root, duplicated) if root is not None else {}
        for node, duplicates in duplicated.values():
            path = paths.get(id(node))
            for key, value in duplicates:
                first = node.key_lines[key]
                field_ = None if path is None else field_path(path, key)
                problems.append(Problem(file, duplicate_key(key, first), value.line, field_))
    return root


def _scanner(text: str, duplicated: _Duplicated) -> Any:
    """The standard library's scanner, wrapped to make a `Node` of each value it reads, with the
    line it starts on; mappings with a duplicate key are noted in `duplicated`."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def pairs_hook(pairs: list[tuple[str, Node]]) -> _Pairs:
        found = _Pairs({}, {})
        for key, node in pairs:  # a key's line is taken as its value's line
            if key in found.items:
                found.duplicates.append((key, node))
                continue
            found.items[key] = node
            found.key_lines[key] = node.line
        return found

    def parse_object(state: Any, strict: bool, _scan: Any, hook: Any, pairs: Any, memo: Any) -> Any:
        return _JSONObject(state, strict, scan, hook, pairs, memo)

    def parse_array(state: Any, _scan: Any) -> Any:
        return _JSONArray(state, scan)

    context = SimpleNamespace(
        strict=False,  # raw control characters in strings reach the checker, which names the field
        object_hook=None,
        object_pairs_hook=pairs_hook,
        parse_float=str,
        parse_int=str,
        parse_constant=str,
        parse_object=parse_object,
        parse_array=parse_array,
        parse_string=_scanstring,
        memo={},
    )
    inner = _py_make_scanner(context)

    def scan(s: str, index: int) -> tuple[Node, int]:
        value, end = inner(s, index)
        node = Node(value, bisect.bisect_left(newlines, index) + 1)
        if isinstance(value, _Pairs):
            node.value, node.key_lines = value.items, value.key_lines
            if value.duplicates:
                duplicated[id(node)] = (node, value.duplicates)
        return node, end

    return scan


def _json_paths(root: Node, duplicated: _Duplicated) -> dict[int, str]:
    """The field path of each mapping in duplicated, by id: a walk over the finished tree,
    without recursion, that also enters the values of duplicate keys (which the tree drops)."""
    paths: dict[int, str] = {}
    todo = [(root, "")]
    while todo and len(paths) < len(duplicated):
        node, path = todo.pop()
        if isinstance(node.value, list):
            todo.extend((entry, field_path(path, i)) for i, entry in enumerate(node.value))
        elif isinstance(node.value, dict):
            todo.extend((child, field_path(path, key)) for key, child in node.value.items())
            if id(node) in duplicated:
                paths[id(node)] = path
                todo.extend(
                    (child, field_path(path, key)) for key, child in duplicated[id(node)][1]
                )
    return paths
