"""Settings files (themes, audiences) read with the line of every key, as facts files are.

In: a settings file's path. Out: its mapping as plain data (the values `yaml.safe_load` would
give) and its `Node` tree, from one parse by the reader facts files use (`yaml_reader`, in its
settings dialect), so a problem with a setting names the file, line and full key path it was
written at (`key_lines`). What no settings file needs is refused at the file and line, before any
of its data is made: a file that is not a regular file or is over `files.LIMIT`, a key written
twice (YAML would keep the last one silently), a key that is not text, an alias (which lets a
small file stand for a huge one), nesting deeper than `nodes.MAX_DEPTH`. An integer longer than
`yaml_reader.MAX_INTEGER_DIGITS` digits is read as an infinite number, out of every setting's
range, so the setting's own check names its line and range (Python would refuse to make it from
4,300 digits, and base 60 `1:2:3` would take seconds of arithmetic first).
"""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import Problem, TemplateError
from briefgen.input.files import read_text, reason
from briefgen.input.nodes import Node, key_lines, plain
from briefgen.input.validate import by_line
from briefgen.input.yaml_reader import MAX_INTEGER_DIGITS, SETTINGS, compose

__all__ = ["MAX_INTEGER_DIGITS", "key_lines", "read_settings"]


def read_settings(path: Path, what: str, problems: list[Problem] | None = None
                  ) -> tuple[dict[str, object], Node | None]:
    """A settings file's mapping (an empty file is an empty one) and its node tree; anything
    else is a `TemplateError` with every problem the reader found. `what` names the file in a
    message ("a theme"). Given `problems`, what leaves the file readable (a key written twice,
    whose first value is kept; a key that is not text, left out) is added there instead, to be
    reported with the file's other problems, in one run."""
    import yaml

    def fail(message: str, line: int | None = None) -> TemplateError:
        return TemplateError([Problem(str(path), message, line)])

    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {what}: {reason(exc)}") from None
    found: list[Problem] = []
    try:  # the pure-Python parser, whose messages settings files have always had
        root = compose(yaml.parse(text, Loader=yaml.SafeLoader), str(path), SETTINGS, found)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise fail(f"not valid YAML: {getattr(exc, 'problem', exc)}",
                   mark.line + 1 if mark else None) from None
    if found and (problems is None or root is None):
        raise TemplateError(by_line(found))
    if root is None or root.value is None:
        return {}, None
    if not isinstance(root.value, dict):
        raise TemplateError(by_line([*found, Problem(str(path), f"{what} must be a mapping of "
                                                               "settings")]))
    if problems is not None:
        problems += found
    data = plain(root)
    assert isinstance(data, dict)
    return data, root
