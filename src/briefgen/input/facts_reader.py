"""Read a facts file into a plain tree of nodes that know their line.

In: the path of a `.yaml`, `.yml` or `.json` file.
Out: the root `Node` (always a mapping), or a `FactsError` for anything that stops the file
being read: I/O, size, encoding, syntax, duplicate keys, YAML anchors, aliases and odd tags.

Every scalar becomes its text as written (YAML `NO`, `2.50`, `2024-10-17` and JSON `2.50` stay
text); a null becomes None; a JSON true or false stays a bool so the checker can reject it.
Text is given so that a single line break folds and a blank line starts a paragraph in every
style: YAML's plain, quoted and folded styles have already folded their lines, so each line
break left in them stands for a blank line and is doubled here. The parsing itself is
`yaml_reader`'s (shared with themes and audiences) and `json_reader`'s.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import yaml

from briefgen.errors import FactsError, Problem
from briefgen.input.files import NotRegularFile, read_regular
from briefgen.input.nodes import MAX_DEPTH, Node, field_path, show
from briefgen.input.validate import by_line
from briefgen.input.yaml_reader import FACTS, STAND_IN, UNREADABLE, compose

__all__ = ["MAX_BYTES", "MAX_DEPTH", "Node", "field_path", "read_tree", "show"]

MAX_BYTES = 1024 * 1024


def read_tree(path: str | os.PathLike[str], problems: list[Problem] | None = None) -> Node:
    """Read, decode and parse a facts file; raise `FactsError` if it cannot be done.

    Problems that leave a usable tree (a duplicate key keeps its first value; an anchor or an
    unknown tag is ignored) are appended to `problems` when it is given, else raised too.
    """
    file = os.fspath(path)
    ext = os.path.splitext(file)[1].lower()

    def fail(message: str, line: int | None = None) -> FactsError:
        return FactsError([Problem(file=file, line=line, message=message)])

    data, size = _read_bytes(file, fail)
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
    if ext == ".json":
        from briefgen.input.json_reader import parse_json  # only for a JSON file

        root = parse_json(text, file, found)
    else:
        root = _parse_yaml(text, file, found)
    if root is not None and not isinstance(root.value, dict):
        message = f"expected a mapping of keys such as title, summary, key_points; got {root.kind}"
        found.append(Problem(file, message, root.line))
    if root is None or not isinstance(root.value, dict) or (found and problems is None):
        raise FactsError(by_line(found))
    if problems is not None:
        problems.extend(found)
    return root


def _read_bytes(file: str, fail: Callable[..., FactsError]) -> tuple[bytes, int]:
    """The file's bytes (at most one past MAX_BYTES) and its size; why not, as a FactsError."""
    try:
        return read_regular(file, MAX_BYTES)
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
        raise fail(f"cannot read the file: {' '.join(str(exc.strerror or exc).split())}") \
            from None


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

_YAML_HINTS = {
    "mapping values are not allowed": "quote a text that holds ': ', or use a block scalar (|)",
    "cannot start any token": "quote a text that starts with @ or `",
}


def _parse_yaml(text: str, file: str, problems: list[Problem]) -> Node | None:
    """The root node, or None when the file cannot be read on (the reason is in problems)."""
    swapped = {ch for ch in UNREADABLE.findall(text)}
    if swapped:
        text = UNREADABLE.sub(lambda m: chr(STAND_IN + ord(m.group())), text)
    back = {chr(STAND_IN + ord(ch)): ch for ch in swapped}
    try:
        events = yaml.parse(text, Loader=_Loader)
        root = compose(events, file, FACTS, problems, back)
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
