"""Typed reading of composed YAML nodes against a field table, with a line for every problem.

Values are read as written: an identifier `1.10` stays the text "1.10" (YAML would make it the
float 1.1), so nobody has to remember to quote criterion IDs or versions. Every mapping read
here carries `_line` (its own line) and `_lines` (line of each key) for the semantic checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date
from typing import Any

import yaml

from audit_engine.checklists.yaml_source import Problems

STD = "tag:yaml.org,2002:"
SCALAR_TAGS = frozenset(STD + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
NULL = STD + "null"

Reader = Callable[["NodeReader", yaml.Node, str], Any]


class NodeReader:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self._seen: set[int] = set()

    def _visit(self, node: yaml.Node, path: str) -> bool:
        """Refuse a node seen before (an alias) and any tag beyond plain YAML types."""
        if id(node) in self._seen:
            self.problems.at(node, path, "YAML aliases (*name) are not allowed")
            return False
        self._seen.add(id(node))
        ok_tag = (
            node.tag in SCALAR_TAGS
            if isinstance(node, yaml.ScalarNode)
            else node.tag in (STD + "map", STD + "seq")
        )
        if not ok_tag:
            self.problems.at(node, path, f"YAML tag {node.tag} is not allowed")
        return ok_tag

    def mapping(
        self,
        node: yaml.Node,
        path: str,
        fields: Mapping[str, Reader],
        required: Collection[str] = (),
    ) -> dict[str, Any] | None:
        if not self._visit(node, path):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.problems.at(node, path, "must be a mapping of keys to values")
            return None
        result: dict[str, Any] = {"_line": node.start_mark.line + 1, "_lines": {}}
        for key_node, value_node in node.value:
            key = self._key(key_node, path, fields, result)
            if key is None:
                continue
            result["_lines"][key] = key_node.start_mark.line + 1
            where = f"{path}.{key}" if path else key
            if self._is_alias(value_node, key_node, where):
                continue
            value = fields[key](self, value_node, where)
            if value is not None:
                result[key] = value
        for key in required:
            if key not in result["_lines"]:
                self.problems.at(node, path, f"missing required key '{key}'")
        return result

    def _key(self, key_node: yaml.Node, path: str, fields: Mapping[str, Reader], seen: dict):
        if not self._visit(key_node, path) or not isinstance(key_node, yaml.ScalarNode):
            self.problems.at(key_node, path, "keys must be plain text")
            return None
        key = key_node.value
        where = f"{path}.{key}" if path else key
        if key not in fields:
            allowed = ", ".join(sorted(fields))
            self.problems.at(key_node, where, f"unknown key '{key}' (allowed: {allowed})")
            return None
        if key in seen["_lines"]:
            self.problems.at(key_node, where, f"duplicate key '{key}'")
            return None
        return key

    def sequence(
        self, node: yaml.Node, path: str, item: Reader, min_items: int = 0
    ) -> list[Any] | None:
        if not self._visit(node, path):
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.problems.at(node, path, "must be a list")
            return None
        if len(node.value) < min_items:
            self.problems.at(node, path, f"must have at least {min_items} item(s)")
        values = []
        for i, child in enumerate(node.value):
            where = f"{path}[{_label(child, i)}]"
            if not self._is_alias(child, node, where):
                values.append(item(self, child, where))
        return [v for v in values if v is not None]

    def _is_alias(self, node: yaml.Node, used_at: yaml.Node, path: str) -> bool:
        """A node met twice came from an alias: report it where it is used, not where anchored."""
        if id(node) not in self._seen:
            return False
        anchored = node.start_mark.line + 1
        message = f"YAML aliases (*name) are not allowed (anchor at line {anchored})"
        self.problems.at(used_at, path, message)
        return True

    def scalar(self, node: yaml.Node, path: str) -> str | None:
        """The scalar as written (stripped), refusing nulls, empties and collections."""
        if not self._visit(node, path):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.problems.at(node, path, "must be a single value, not a list or mapping")
            return None
        text = node.value.strip()
        if node.tag == NULL or not text:
            self.problems.at(node, path, "is empty")
            return None
        return text


def _label(node: yaml.Node, index: int) -> str:
    """`criteria[6.2]` reads better than `criteria[41]`; fall back to the index."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode) and value.value:
                return value.value
    return str(index)


# --- readers, one per kind of value ----------------------------------------------------------


def text(reader: NodeReader, node: yaml.Node, path: str) -> str | None:
    return reader.scalar(node, path)


def text_list(reader: NodeReader, node: yaml.Node, path: str) -> list[str] | None:
    return reader.sequence(node, path, text)


def pattern(regex: str, hint: str) -> Reader:
    compiled = re.compile(regex)

    def read(reader: NodeReader, node: yaml.Node, path: str) -> str | None:
        value = reader.scalar(node, path)
        if value is not None and not compiled.fullmatch(value):
            reader.problems.at(node, path, f"'{value}' is not {hint}")
            return None
        return value

    return read


def choice(choices: Iterable[str], what: str) -> Reader:
    allowed = tuple(choices)

    def read(reader: NodeReader, node: yaml.Node, path: str) -> str | None:
        value = reader.scalar(node, path)
        if value is not None and value not in allowed:
            reader.problems.at(
                node, path, f"unknown {what} '{value}' (expected one of: {', '.join(allowed)})"
            )
            return None
        return value

    return read


def a_date(reader: NodeReader, node: yaml.Node, path: str) -> date | None:
    value = reader.scalar(node, path)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        reader.problems.at(node, path, f"'{value}' is not a date like 2023-01-01")
        return None


def integer(reader: NodeReader, node: yaml.Node, path: str) -> int | None:
    value = reader.scalar(node, path)
    if value is not None and not value.isdigit():
        reader.problems.at(node, path, f"'{value}' is not a whole number")
        return None
    return None if value is None else int(value)


def mapping_of(fields: Mapping[str, Reader], required: Collection[str] = ()) -> Reader:
    def read(reader: NodeReader, node: yaml.Node, path: str) -> dict | None:
        return reader.mapping(node, path, fields, required)

    return read


def list_of(item: Reader, min_items: int = 0) -> Reader:
    def read(reader: NodeReader, node: yaml.Node, path: str) -> list | None:
        return reader.sequence(node, path, item, min_items)

    return read
