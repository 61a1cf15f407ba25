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


MAX_DEPTH = 50  # curation records nest a handful of levels; more is a mistake or an attack


class _Reader:
    """Turns one file's node tree into containers, refusing aliases and deep nesting.

    PyYAML resolves an alias (``*name``) to the very node its anchor (``&name``) marks,
    so a node met twice is an alias: curation files never need them, and refusing them
    stops alias bombs (a kilobyte that expands to gigabytes) and cycles (``&r [*r]``).
    """

    def __init__(self, path: Path):
        self.path = path
        self.seen: set[int] = set()

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        line = node.start_mark.line + 1
        if id(node) in self.seen:
            raise CurationError(
                self.path,
                line,
                "YAML aliases (*name) are not allowed in curation files: the node anchored at"
                " this line is used again; write the value out where it is needed",
            )
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise CurationError(
                self.path, line, f"nested more than {MAX_DEPTH} levels deep; flatten the data"
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, line, depth)
        if isinstance(node, yaml.SequenceNode):
            seq = LineList(self.convert(item, depth + 1) for item in node.value)
            seq.line = line
            seq.item_lines = [item.start_mark.line + 1 for item in node.value]
            return seq
        if isinstance(node, yaml.ScalarNode):
            if node.tag in _NUMERIC_TAGS:
                return node.value
            build = _SCALARS.yaml_constructors.get(node.tag)
            if build is None:
                raise CurationError(self.path, line, f"unsupported YAML tag {node.tag}; remove it")
            return build(_SCALARS, node)
        raise CurationError(self.path, line, f"unsupported YAML node {node.tag}")

    def _mapping(self, node: yaml.MappingNode, line: int, depth: int) -> LineDict:
        out = LineDict()
        out.line = line
        out.key_lines = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise CurationError(
                    self.path, key_line, "YAML merge keys (<<) are not allowed; write the keys out"
                )
            key = self.convert(key_node, depth + 1)
            if not isinstance(key, str):
                raise CurationError(self.path, key_line, f"key {key!r} must be text")
            if key in out:
                raise CurationError(self.path, key_line, f"duplicate key {key!r} in this mapping")
            out[key] = self.convert(value_node, depth + 1)
            out.key_lines[key] = key_line
        return out


def _decode(path: Path, data: bytes) -> str:
    """The file's text; a byte that is not UTF-8 is reported with its line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CurationError(
            path,
            line,
            f"byte 0x{data[exc.start]:02x} at column {column} is not UTF-8; save the file as UTF-8",
        ) from None


def read_yaml(path: Path) -> Any:
    """Parse one YAML file into line-aware containers.

    :raises CurationError: on a syntax error, with the line and column YAML reports.
    """
    try:
        text = _decode(path, path.read_bytes())
    except OSError as exc:
        raise CurationError(path, None, f"cannot be read ({exc.strerror})") from None
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
    return _Reader(path).convert(node)


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
