"""Settings files (themes, audiences) read with the line of each key.

In: a YAML document's text. Out: its data, as `yaml.safe_load` gives it, and its node tree, from
one parse; `key_lines` reads the line of each key of a mapping off the tree, so a problem with a
setting names the line it was written on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import yaml


def read_yaml(text: str) -> tuple[object, yaml.Node | None]:
    """A YAML document's data and its node tree, parsed once: the nodes know each key's line."""
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


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
