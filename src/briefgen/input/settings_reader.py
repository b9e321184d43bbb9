"""Settings files (themes, audiences) read with the line of each key.

In: a settings file's path. Out: its mapping, as `yaml.safe_load` gives it, and its node tree,
from one parse; `key_lines` reads the line of each key of a mapping off the tree, so a problem
with a setting names the line it was written on. What no settings file needs is refused at the
file and line, before any of its data is made: a file that is not a regular file or is over
`files.LIMIT`, a key written twice (YAML would keep the last one silently), a key that is not
text, aliases (which let a small file stand for a huge one), nesting too deep to read. An
integer longer than `MAX_INTEGER_DIGITS` digits is read as an infinite number, out of every
setting's range, so the setting's own check names its line and range (Python would refuse to
make it from 4,300 digits, and base 60 `1:2:3` would take seconds of arithmetic first).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.caches import memo
from briefgen.errors import Problem, TemplateError
from briefgen.input.files import read_text, reason

if TYPE_CHECKING:
    import yaml

MAX_INTEGER_DIGITS = 100  # no setting needs more; a float is exact to 17


def read_settings(path: Path, what: str) -> tuple[dict[str, object], yaml.Node | None]:
    """A settings file's mapping (an empty file is an empty one) and its node tree; anything
    else is a `TemplateError`. `what` names the file in a message ("a theme")."""
    import yaml

    def fail(message: str, line: int | None = None, key: str | None = None) -> TemplateError:
        return TemplateError([Problem(str(path), message, line, key)])

    try:
        loader = _loader()(read_text(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {what}: {reason(exc)}") from None
    try:
        node = loader.get_single_node()
        _check_tree(node, str(path))
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise fail(f"not valid YAML: {getattr(exc, 'problem', exc)}",
                   mark.line + 1 if mark else None) from None
    except RecursionError:
        raise fail("nested too deeply to be a settings file") from None
    finally:
        loader.dispose()
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        raise fail(f"{what} must be a mapping of settings")
    return data, node


@memo("settings.loader")
def _loader() -> type[yaml.SafeLoader]:
    """PyYAML's safe loader, with integers bounded in length (made once, as yaml is imported
    only when a settings file is read)."""
    import yaml

    class SettingsLoader(yaml.SafeLoader):
        def construct_yaml_int(self, node: yaml.ScalarNode) -> int | float:
            digits = node.value.replace("_", "").replace(":", "").lstrip("+-")
            if len(digits) > MAX_INTEGER_DIGITS:
                return -math.inf if node.value.startswith("-") else math.inf
            return super().construct_yaml_int(node)

    SettingsLoader.add_constructor("tag:yaml.org,2002:int", SettingsLoader.construct_yaml_int)
    return SettingsLoader


def key_lines(node: yaml.Node | None, *path: str) -> dict[str, int]:
    """The line of each key of the mapping at `path` below `node` (none if it is not there)."""
    import yaml

    for step in path:
        if not isinstance(node, yaml.MappingNode):
            return {}
        node = next((value for key, value in node.value
                     if isinstance(key, yaml.ScalarNode) and key.value == step), None)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value
            if isinstance(key, yaml.ScalarNode)}


def _check_tree(root: yaml.Node | None, file: str) -> None:
    """Refuse a key written twice in a mapping, a key that is not text, and any node met twice
    (an alias), walking the tree once without recursion."""
    import yaml

    met: set[int] = set()
    twice: list[tuple[str, int, int]] = []  # (key path, first line, repeated line)
    pending: list[tuple[yaml.Node | None, str]] = [(root, "")]
    while pending:
        node, path = pending.pop()
        if node is None:
            continue
        if id(node) in met:
            raise TemplateError([Problem(file, "this value is used again by an alias (*name); "
                                               "aliases are not allowed in a settings file",
                                         node.start_mark.line + 1)])
        met.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            continue
        if isinstance(node, yaml.SequenceNode):
            pending += [(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
            continue
        seen: dict[str, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if not isinstance(key, yaml.ScalarNode):
                raise TemplateError([Problem(file, "a key must be text", line, path or None)])
            name = f"{path}.{key.value}".lstrip(".")
            if name in seen:
                twice.append((name, seen[name], line))
            seen.setdefault(name, line)
            pending.append((value, name))
    if twice:
        raise TemplateError([Problem(file, f"is written twice (first on line {first})", line, key)
                             for key, first, line in sorted(twice, key=lambda t: t[2])])
