"""YAML text -> a tree of `Node`s that know their line: the one YAML reader of every file.

In: the text of a facts file, a theme or an audience, and the `Dialect` of its kind. Out: the
root `Node`, with every problem that leaves the tree usable (a duplicate key keeps its first
value) added to a list; or None, with the reason added, where reading cannot go on (an alias,
a second document, nesting deeper than `MAX_DEPTH`). Syntax errors are raised as PyYAML's.

The tree is built from parser events, without recursion and without ever making the value an
alias points to. The two dialects differ only where their files do: a facts file keeps every
scalar as the text written (YAML `NO`, `2.50`, `2024-10-17` stay text) and refuses anchors;
a settings file takes YAML's types (a number is a number), bounded so that a 5,000-digit
integer is an infinite number rather than seconds of arithmetic, and refuses only the alias.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from briefgen.errors import Problem
from briefgen.input.nodes import MAX_DEPTH, Node, duplicate_key, field_path, show

MAX_INTEGER_DIGITS = 100  # no setting needs more; a float is exact to 17

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {None, "!"} | {
    _STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)
# Characters the YAML reader refuses outright. In a facts file they are swapped for private-use
# stand-ins before parsing and swapped back in scalars, so the checker can name the field.
UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
STAND_IN = 0x100000


@dataclass(frozen=True)
class Dialect:
    """What a kind of file allows, and the words for what it refuses."""

    typed: bool  # scalars as YAML types them (settings), or as the text written (facts)
    anchors: bool  # may a value carry an anchor (&name) no alias uses?
    duplicate: Callable[[str, int], str]  # (key, first line) -> message
    key_not_text: Callable[[str], str]  # (what the key is) -> message
    alias: str
    second_document: str
    too_deep: str


FACTS = Dialect(
    typed=False, anchors=False, duplicate=duplicate_key,
    key_not_text=lambda kind: f"a key must be text, not {kind}",
    alias="YAML anchors and aliases are not supported; write the value out in full",
    second_document="only one YAML document is allowed; remove the second '---' and what follows",
    too_deep=f"nested more than {MAX_DEPTH} levels deep",
)  # fmt: skip
SETTINGS = Dialect(
    typed=True, anchors=True,
    duplicate=duplicate_key,  # one reader, one wording
    key_not_text=lambda kind: "a key must be text",
    alias="this value is used again by an alias (*name); aliases are not allowed in a "
          "settings file",
    second_document="not valid YAML: but found another document",
    too_deep="nested too deeply to be a settings file",
)  # fmt: skip


@dataclass(slots=True)
class _Open:
    """A collection being composed: its node, its field path and, for a mapping, the key read
    and waiting for its value."""

    node: Node
    path: str
    key: Node | None = None


def compose(events: Any, file: str, dialect: Dialect, problems: list[Problem],
            back: dict[str, str] | None = None) -> Node | None:
    """Build nodes from parser events (`back` maps stand-ins back to the characters they hide).

    Returns None (after adding the reason to problems) for an alias, a second document or
    too deep a nesting; builds on past an anchor, an unknown tag or a duplicate key.
    """
    stack: list[_Open] = []
    root: Node | None = None
    documents = 0
    anchors: dict[str, int] = {}  # anchor -> its line
    back = back or {}

    def problem(line: int | None, message: str, path: str = "") -> None:
        problems.append(Problem(file, message, line, path or None))

    for event in events:
        line = event.start_mark.line + 1
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                problem(line, dialect.second_document)
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
        path = _place(stack, node, event, dialect, anchors, problem, back)
        if path is None:
            return None
        if not stack and not isinstance(node.value, (list, dict)):
            root = node
        if isinstance(node.value, (list, dict)):
            if len(stack) >= MAX_DEPTH:
                problem(line, dialect.too_deep)
                return None
            stack.append(_Open(node, path))
    return root


def _place(stack: list[_Open], node: Node, event: Any, dialect: Dialect,
           anchors: dict[str, int], problem: Callable[..., None],
           back: dict[str, str]) -> str | None:
    """Attach the node where it goes (an entry, a key or a key's value) and fill it from its
    event; its field path, or None for an alias, where reading stops."""
    typed = dialect.typed
    # a settings key keeps its text (`1: x` is the key "1"); only a settings file asks
    is_key = typed and bool(stack) and isinstance(stack[-1].node.value, dict) \
        and stack[-1].key is None
    # where the node goes: an entry, a key (its mapping's path) or a key's value
    path = _attach(stack[-1], node, problem, dialect) if stack else ""
    if not typed and isinstance(event, yaml.ScalarEvent) and event.tag is None \
            and event.anchor is None:  # most of a facts file, read inline
        node.value = _scalar(event, back, False)
    elif not _fill(node, event, path, is_key, dialect, anchors, problem, back):
        return None
    return path


def _fill(node: Node, event: Any, path: str, is_key: bool, dialect: Dialect,
          anchors: dict[str, int], problem: Callable[..., None], back: dict[str, str]) -> bool:
    """Give the node its value from its event (a collection starts empty); False for an alias,
    where reading stops."""
    line = node.line
    if isinstance(event, yaml.AliasEvent):
        if not dialect.anchors:
            problem(line, dialect.alias, path)
        elif event.anchor in anchors:
            problem(anchors[event.anchor], dialect.alias)  # where the value it repeats is
        else:
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        return False
    if event.anchor is not None:
        if not dialect.anchors:
            problem(line, dialect.alias, path)
        anchors.setdefault(event.anchor, line)
    if isinstance(event, yaml.ScalarEvent):
        if dialect.typed and not is_key:
            node.value = _typed(event)
            return True
        if not dialect.typed and event.tag not in _SCALAR_TAGS:
            problem(line, f"unsupported YAML tag {show(str(event.tag), 100)}", path)
        node.value = _scalar(event, back, dialect.typed)
        return True
    expected = _STD + ("seq" if isinstance(event, yaml.SequenceStartEvent) else "map")
    if event.tag not in (None, "!", expected):
        problem(line, f"unsupported YAML tag {show(event.tag, 100)}", path)
    node.value = [] if isinstance(event, yaml.SequenceStartEvent) else {}
    return True


def _scalar(event: Any, back: dict[str, str], key: bool) -> str | None:
    """A scalar as the text written: a facts value (a line break left in a folded style stands
    for a blank line, so it is doubled), or a settings key."""
    text: str = event.value
    plain = event.style in (None, "")
    if not key and (event.tag == _STD + "null" or (plain and event.tag is None
                                                    and text in _NULLS)):
        return None
    if key:
        return text
    if back:
        text = "".join(back.get(ch, ch) for ch in text)
    if event.style != "|":
        text = text.replace("\n", "\n\n")
    return text


class _Constructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor, with integers bounded in length."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int | float:
        digits = node.value.replace("_", "").replace(":", "").lstrip("+-")
        if len(digits) > MAX_INTEGER_DIGITS:
            return -math.inf if node.value.startswith("-") else math.inf
        return super().construct_yaml_int(node)


_Constructor.add_constructor(_STD + "int", _Constructor.construct_yaml_int)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = _Constructor()


def _typed(event: Any) -> object:
    """A settings scalar as `yaml.safe_load` makes it: resolved and constructed the same way."""
    tag = event.tag
    if tag in (None, "!"):
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    make = _Constructor.yaml_constructors.get(tag)
    if make is None:
        raise yaml.constructor.ConstructorError(
            None, None, f"could not determine a constructor for the tag {tag!r}", event.start_mark)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return make(_CONSTRUCTOR, node)
    except (ValueError, TypeError):  # `!!int abc`: a tag the text cannot be
        raise yaml.constructor.ConstructorError(
            None, None, f"{show(event.value)} cannot be read as {tag}", event.start_mark) from None


def _attach(parent: _Open, node: Node, problem: Any, dialect: Dialect) -> str:
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
        problem(key.line, dialect.key_not_text(key.kind), parent.path)
        return parent.path
    path = field_path(parent.path, key.value)
    first = collection.key_lines.get(key.value)
    if first is not None:
        problem(key.line, dialect.duplicate(key.value, first), path)
        return path
    collection.value[key.value] = node
    collection.key_lines[key.value] = key.line
    return path
