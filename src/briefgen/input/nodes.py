"""The tree a file is read into: nodes that know their line, and the words that name them.

In: nothing; the readers (`yaml_reader`, `json_reader`) build these. Out: `Node` (one value of a
file with its line, a mapping with the line of each key), `field_path` (the path a message names:
`timeline[2].date`, `theme.body_size`) and `show` (a user's text quoted on one line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeAlias

MAX_DEPTH = 20  # nested mappings and lists; no file briefgen reads needs more than a few

# Facts files hold text, None, JSON bools, lists and mappings; settings files also numbers and
# dates, as YAML types them.
Value: TypeAlias = "str | bool | int | float | object | None | list[Node] | dict[str, Node]"


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


def duplicate_key(key: str, first: int) -> str:
    """The message for a key given twice in one mapping of a facts file (YAML and JSON alike)."""
    return f"duplicate key {show(key)} (first at line {first}); keep only one"


def plain(node: Node | None) -> object:
    """The node's value as plain Python data (lists, dicts, scalars), without recursion."""
    if node is None:
        return None
    made: dict[int, object] = {}
    order: list[Node] = []
    todo = [node]
    while todo:  # every collection, parents before children
        current = todo.pop()
        if isinstance(current.value, (list, dict)):
            order.append(current)
            children = current.value if isinstance(current.value, list) else current.value.values()
            todo.extend(children)
    for current in reversed(order):  # children first, so each parent finds its values made
        value = current.value
        if isinstance(value, list):
            made[id(current)] = [made.get(id(c), c.value) for c in value]
        else:
            assert isinstance(value, dict)
            made[id(current)] = {k: made.get(id(c), c.value) for k, c in value.items()}
    return made.get(id(node), node.value)


def key_lines(node: Node | None, *path: str) -> dict[str, int]:
    """The line of each key of the mapping at `path` below `node` (none if it is not there)."""
    for step in path:
        if node is None or not isinstance(node.value, dict):
            return {}
        node = node.value.get(step)
    if node is None or not isinstance(node.value, dict):
        return {}
    return dict(node.key_lines)
