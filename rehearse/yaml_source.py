"""Read YAML with `safe_load` semantics while remembering where each value stood.

Call scripts are written by people; an error must point at the line. The text
is parsed twice: once by `yaml.safe_load` for the data, once into a node tree
to record the position of every key and value by its path. Duplicate keys,
which PyYAML silently collapses, are reported here.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import yaml

Path = tuple[Hashable, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


class YamlProblem(Exception):
    def __init__(self, position: Position | None, path: Path, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.path = path
        self.message = message


@dataclass(frozen=True)
class SourceMap:
    """Positions of values and of mapping keys, by path from the document root."""

    values: dict[Path, Position]
    keys: dict[Path, Position]

    def value(self, path: Path) -> Position | None:
        """The position of the value at `path`, or of its nearest ancestor."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return None

    def key(self, path: Path) -> Position | None:
        """The position of the key that ends `path` (falls back to the value)."""
        return self.keys.get(path) or self.value(path)


def _position(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _walk(node: yaml.Node, path: Path, source: SourceMap) -> None:
    source.values[path] = _position(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Hashable, Position] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            if key == "<<":
                continue
            where = _position(key_node.start_mark)
            if key in seen:
                raise YamlProblem(
                    where, (*path, key), f"duplicate key (first given on line {seen[key].line})"
                )
            seen[key] = where
            source.keys[(*path, key)] = where
            _walk(value_node, (*path, key), source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), source)


def load_with_positions(text: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document; raise YamlProblem with a position on any error."""
    source = SourceMap(values={}, keys={})
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        raise YamlProblem(_position(mark) if mark else None, (), problem) from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, (), f"not valid YAML: {error}") from None
    if node is not None:
        _walk(node, (), source)
    return data, source


def scalar_texts(text: str) -> dict[str, str]:
    """The top-level scalar values of a mapping document exactly as written ("14:00:00"),
    before YAML 1.1 turns some of them into numbers or dates."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value): value.value
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
    }
