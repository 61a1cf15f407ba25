"""Read YAML while remembering where every key and item stands in the file.

PyYAML's composer gives node positions; we turn nodes into plain containers that
carry those line numbers, so a schema error can be reported as ``file:line``.
Numeric scalars are kept as their source text: the schema parses them into exact
``Decimal`` or ``int`` values, so nothing is rounded through a float.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from adckg.errors import CurationError


class LineDict(dict[str, Any]):
    """A mapping that knows its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A sequence that knows its own line and the line of each item."""

    line: int
    item_lines: list[int]


_NUMERIC_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
# libyaml's parser when PyYAML was built with it (ten times faster on large files).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# One constructor for all scalars: making a loader per scalar took half the load time.
_SCALARS = yaml.constructor.SafeConstructor()


def _convert(node: yaml.Node, path: Path) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line = line
        out.key_lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path)
            if not isinstance(key, str):
                raise CurationError(path, key_node.start_mark.line + 1, f"key {key!r} must be text")
            if key in out:
                raise CurationError(
                    path, key_node.start_mark.line + 1, f"duplicate key {key!r} in this mapping"
                )
            out[key] = _convert(value_node, path)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LineList(_convert(item, path) for item in node.value)
        seq.line = line
        seq.item_lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    if isinstance(node, yaml.ScalarNode):
        if node.tag in _NUMERIC_TAGS:
            return node.value
        build = _SCALARS.yaml_constructors.get(node.tag)
        if build is None:
            raise CurationError(path, line, f"unsupported YAML tag {node.tag}; remove it")
        return build(_SCALARS, node)
    raise CurationError(path, line, f"unsupported YAML node {node.tag}")


def read_yaml(path: Path) -> Any:
    """Parse one YAML file into line-aware containers.

    :raises CurationError: on a syntax error, with the line and column YAML reports.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CurationError(path, None, f"not UTF-8 text ({exc.reason})") from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        where = f" (column {mark.column + 1})" if mark else ""
        raise CurationError(
            path, line, f"YAML syntax error{where}: {exc.problem}; fix the indentation or quoting"
        ) from None
    if node is None:
        return LineDict()
    return _convert(node, path)


def locate(data: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the deepest element of ``loc`` that exists in ``data``."""
    line: int | None = getattr(data, "line", None)
    current = data
    for part in loc:
        if isinstance(current, LineDict) and isinstance(part, str) and part in current:
            line = current.key_lines[part]
            current = current[part]
        elif isinstance(current, LineList) and isinstance(part, int) and part < len(current):
            line = current.item_lines[part]
            current = current[part]
        else:
            break
    return line
