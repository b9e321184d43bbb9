"""Read a facts file into a plain tree of nodes that know their line.

In: the path of a `.yaml`, `.yml` or `.json` file.
Out: the root `Node` (always a mapping), or a `FactsError` for anything that stops the file
being read: I/O, size, encoding, syntax, duplicate keys, YAML anchors, aliases and odd tags.

Every scalar becomes its text as written (YAML `NO`, `2.50`, `2024-10-17` and JSON `2.50` stay
text); a null becomes None; a JSON true or false stays a bool so the checker can reject it.
Text is given so that a single line break folds and a blank line starts a paragraph in every
style: YAML's plain, quoted and folded styles have already folded their lines, so each line
break left in them stands for a blank line and is doubled here.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import os
import re
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, TypeAlias

import yaml

from briefgen.errors import FactsError, Problem
from briefgen.input.files import NotRegularFile, read_regular

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20

Value: TypeAlias = "str | bool | None | list[Node] | dict[str, Node]"


@dataclass(slots=True)
class Node:
    """One value of the file: text, None, a JSON bool, a list or a mapping, with its line."""

    value: Value
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)  # mappings: the line of each key

    @property
    def kind(self) -> str:
        """What the value is, in the words an error message uses."""
        v = self.value
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, dict):
            return "a mapping"
        if isinstance(v, list):
            return "a list"
        return "nothing" if v is None else "text"


def show(text: str, limit: int = 60) -> str:
    """A user's text quoted for a one-line message: shortened, anything unprintable escaped."""
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return "'" + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04X}" for ch in text) + "'"


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,59}")


def field_path(parent: str, key: str | int) -> str:
    """The field path of an entry or a key below parent: `timeline[2]`, `memo.to`, `summary`.

    A key that is not a plain word is shown quoted in brackets, so a path is always one line.
    """
    if isinstance(key, int):
        return f"{parent}[{key}]"
    if not _PLAIN_KEY.fullmatch(key):
        return f"{parent}[{show(key)}]"
    return f"{parent}.{key}" if parent else key


def read_tree(path: str | os.PathLike[str], problems: list[Problem] | None = None) -> Node:
    """Read, decode and parse a facts file; raise `FactsError` if it cannot be done.

    Problems that leave a usable tree (a duplicate key keeps its first value; an anchor or an
    unknown tag is ignored) are appended to `problems` when it is given, else raised too.
    """
    file = os.fspath(path)
    ext = os.path.splitext(file)[1].lower()

    def fail(message: str, line: int | None = None) -> FactsError:
        return FactsError([Problem(file=file, line=line, message=message)])

    def fold(text: object) -> str:
        return " ".join(str(text).split())

    try:
        data, size = read_regular(file, MAX_BYTES)
    except NotRegularFile:
        raise fail("not a regular file (a pipe, a socket or a device); save the facts to a "
                   "file") from None
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a folder, not a facts file") from None
    except PermissionError:
        raise fail("permission denied: cannot read the file") from None
    except OSError as exc:
        raise fail(f"cannot read the file: {fold(exc.strerror or exc)}") from None
    if ext not in (".yaml", ".yml", ".json"):
        kind = show(ext) if ext else "(no extension)"
        raise fail(f"unsupported file type {kind}: a facts file ends in .yaml, .yml or .json")
    if len(data) > MAX_BYTES:
        # in bytes: "1.0 MiB" would hide the one byte over; a pipe has no size to give
        shown = f"{size:,} bytes" if size > MAX_BYTES else f"more than {MAX_BYTES:,} bytes"
        raise fail(f"file is {shown}; the limit is {MAX_BYTES:,} bytes (1 MiB)")
    text = _decode(data, fail)
    if not text.strip():
        raise fail("facts file is empty", 1)
    found: list[Problem] = []
    root = _parse_json(text, file, found) if ext == ".json" else _parse_yaml(text, file, found)
    if root is not None and not isinstance(root.value, dict):
        message = f"expected a mapping of keys such as title, summary, key_points; got {root.kind}"
        found.append(Problem(file, message, root.line))
    if root is None or not isinstance(root.value, dict) or (found and problems is None):
        raise FactsError(sorted(found, key=lambda p: p.line or 0))
    if problems is not None:
        problems.extend(found)
    return root


def _decode(data: bytes, fail: Any) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if _looks_utf16(data):
        raise fail("not UTF-8 (it looks like UTF-16); re-save the file as UTF-8", 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        message = f"not UTF-8: byte 0x{byte:02X} cannot be read; re-save the file as UTF-8"
        raise fail(message, line) from None


def _looks_utf16(data: bytes) -> bool:
    """A UTF-16 byte order mark; or, without one, NUL bytes that are frequent and all on the
    same side of each byte pair, as text that is mostly ASCII gives (and which, NULs and all,
    would otherwise pass for UTF-8)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    even, odd = data[0::2].count(0), data[1::2].count(0)
    return 4 * (even + odd) >= len(data) > 0 and (even == 0 or odd == 0)


# ---- YAML ------------------------------------------------------------------------------------

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {None, "!"} | {
    _STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)
# Characters the YAML reader refuses outright. They are swapped for private-use stand-ins before
# parsing and swapped back in scalars, so the checker can name the field that holds them.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_STAND_IN = 0x100000

_YAML_HINTS = {
    "mapping values are not allowed": "quote a text that holds ': ', or use a block scalar (|)",
    "cannot start any token": "quote a text that starts with @ or `",
}


def _parse_yaml(text: str, file: str, problems: list[Problem]) -> Node | None:
    """The root node, or None when the file cannot be read on (the reason is in problems)."""
    swapped = {ch for ch in _UNREADABLE.findall(text)}
    if swapped:
        text = _UNREADABLE.sub(lambda m: chr(_STAND_IN + ord(m.group())), text)
    back = {chr(_STAND_IN + ord(ch)): ch for ch in swapped}
    try:
        root = _compose(yaml.parse(text, Loader=_Loader), file, back, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        hint = next((h for k, h in _YAML_HINTS.items() if k in message), None)
        line = text.split("\n")[mark.line] if mark and mark.line <= text.count("\n") else ""
        if "\t" in line[: mark.column + 1 if mark else 0]:
            hint = "YAML indents with spaces, not tabs"
        message = f"YAML syntax error: {message}" + (f" ({hint})" if hint else "")
        problems.append(Problem(file, message, mark.line + 1 if mark else None))
        root = None
    except yaml.YAMLError as exc:  # a reader error; the characters it refuses are swapped above
        problems.append(Problem(file, f"YAML error: {' '.join(str(exc).split())}"))
        root = None
    if (root is None or root.value is None) and not problems:
        problems.append(Problem(file=file, line=1, message="facts file is empty"))
        root = None
    return root


@dataclass(slots=True)
class _Open:
    """A collection being composed: its node, its field path and, for a mapping, the key read
    and waiting for its value."""

    node: Node
    path: str
    key: Node | None = None


def _compose(events: Any, file: str, back: dict[str, str], problems: list[Problem]) -> Node | None:
    """Build nodes from parser events, without recursion.

    Returns None (after adding the reason to problems) for an alias, a second document or
    too deep a nesting; builds on past an anchor, an unknown tag or a duplicate key.
    """
    stack: list[_Open] = []
    root: Node | None = None
    documents = 0

    def problem(line: int, message: str, path: str = "") -> None:
        problems.append(Problem(file, message, line, path or None))

    for event in events:
        line = event.start_mark.line + 1
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                problem(
                    line,
                    "only one YAML document is allowed; remove the second '---' and what follows",
                )
                return None
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            node = stack.pop().node
            if not stack:
                root = node
            continue
        if not isinstance(event, _NODE_EVENTS):
            continue
        node = Node(None, line)
        # where the node goes: an entry, a key (its mapping's path) or a key's value
        path = _attach(stack[-1], node, problem) if stack else ""
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            message = "YAML anchors and aliases are not supported; write the value out in full"
            problem(line, message, path)
            if isinstance(event, yaml.AliasEvent):
                return None
        if isinstance(event, yaml.ScalarEvent):
            if event.tag not in _SCALAR_TAGS:
                problem(line, f"unsupported YAML tag {show(str(event.tag), 100)}", path)
            node.value = _scalar(event, back)
        else:
            expected = _STD + ("seq" if isinstance(event, yaml.SequenceStartEvent) else "map")
            if event.tag not in (None, "!", expected):
                problem(line, f"unsupported YAML tag {show(event.tag, 100)}", path)
            node.value = [] if isinstance(event, yaml.SequenceStartEvent) else {}
        if not stack and not isinstance(node.value, (list, dict)):
            root = node
        if isinstance(node.value, (list, dict)):
            if len(stack) >= MAX_DEPTH:
                problem(line, f"nested more than {MAX_DEPTH} levels deep")
                return None
            stack.append(_Open(node, path))
    return root


def _scalar(event: Any, back: dict[str, str]) -> str | None:
    text: str = event.value
    plain = event.style in (None, "")
    if event.tag == _STD + "null" or (plain and event.tag is None and text in _NULLS):
        return None
    if back:
        text = "".join(back.get(ch, ch) for ch in text)
    if event.style != "|":
        text = text.replace("\n", "\n\n")
    return text


def _attach(parent: _Open, node: Node, problem: Any) -> str:
    """Add node to the collection on top of the stack: an entry, a key, or a key's value.

    Returns the node's field path (a key's is its mapping's). The node may still be empty:
    it is attached as soon as it starts, so that its own problems can name their field, and
    filled in place.
    """
    collection = parent.node
    if isinstance(collection.value, list):
        collection.value.append(node)
        return field_path(parent.path, len(collection.value) - 1)
    assert isinstance(collection.value, dict)
    key = parent.key
    if key is None:
        parent.key = node
        return parent.path
    parent.key = None
    if not isinstance(key.value, str):
        problem(key.line, f"a key must be text, not {key.kind}", parent.path)
        return parent.path
    path = field_path(parent.path, key.value)
    first = collection.key_lines.get(key.value)
    if first is not None:
        problem(key.line, _duplicate(key.value, first), path)
        return path
    collection.value[key.value] = node
    collection.key_lines[key.value] = key.line
    return path


# ---- JSON ------------------------------------------------------------------------------------


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


def _parse_json(text: str, file: str, problems: list[Problem]) -> Node | None:
    """Parse JSON with the standard library's pure-Python scanner, keeping each value's line."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_at(index: int) -> int:
        return bisect.bisect_left(newlines, index) + 1

    # Mappings with a duplicate key, and each duplicate. The parser builds a mapping before it
    # knows where the mapping goes, so they are reported once the tree is whole, with paths.
    duplicated: dict[int, tuple[Node, list[tuple[str, Node]]]] = {}

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
        node = Node(value, line_at(index))
        if isinstance(value, _Pairs):
            node.value, node.key_lines = value.items, value.key_lines
            if value.duplicates:
                duplicated[id(node)] = (node, value.duplicates)
        return node, end

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
                problems.append(Problem(file, _duplicate(key, first), value.line, field_))
    return root


def _json_paths(
    root: Node, duplicated: dict[int, tuple[Node, list[tuple[str, Node]]]]
) -> dict[int, str]:
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


def _duplicate(key: str, first: int) -> str:
    """The message for a key given twice in one mapping (YAML and JSON alike)."""
    return f"duplicate key {show(key)} (first at line {first}); keep only one"
