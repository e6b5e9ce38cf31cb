"""Safe YAML reading that keeps the file position of every mapping, list and value.

Content is data: only YAML's plain types are built (PyYAML's safe constructor),
aliases are refused rather than expanded (a "billion laughs" document cannot
grow in memory), duplicate keys are errors, and oversize files are refused
before they are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from briefing.diagnostics import Location

MAX_CONTENT_BYTES = 2 * 1024 * 1024
MAX_NESTING = 50


class ContentError(Exception):
    """A file that cannot be read as content at all (one diagnostic, then skip the file)."""

    def __init__(self, location: Location, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.location = location
        self.code = code
        self.message = message
        self.hint = hint


class YamlMap(dict):
    """A mapping that remembers where it, each key and each value were written."""

    location: Location
    key_locations: dict[str, Location]
    value_locations: dict[str, Location]
    block_values: set[str]
    source_lines: tuple[int, int]

    def key_location(self, key: str) -> Location:
        return self.key_locations.get(key, self.location)

    def value_location(self, key: str) -> Location:
        return self.value_locations.get(key, self.key_location(key))

    def text_start(self, key: str) -> Location:
        """Where the text of a string value begins (the line after ``|`` or ``>``)."""
        location = self.value_location(key)
        if key in self.block_values:
            return Location(location.path, location.line + 1, 0)
        return location


class YamlList(list):
    """A list that remembers where it and each item were written."""

    location: Location
    item_locations: list[Location]

    def item_location(self, index: int) -> Location:
        if 0 <= index < len(self.item_locations):
            return self.item_locations[index]
        return self.location


class _NoAliasComposer(Composer):
    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "YAML aliases are not allowed in content", event.start_mark)
        return super().compose_node(parent, index)


class _Loader(Reader, Scanner, Parser, _NoAliasComposer, SafeConstructor, Resolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _NoAliasComposer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


@dataclass(frozen=True)
class _Position:
    path: str
    line_offset: int

    def of(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)


def read_text(path: Path, display: str, limit: int = MAX_CONTENT_BYTES) -> str:
    """Read a UTF-8 content file, refusing oversize or undecodable files."""
    size = path.stat().st_size
    if size > limit:
        raise ContentError(
            Location(display),
            "file-too-large",
            f"file is {size:,} bytes; content files are limited to {limit:,} bytes",
            "split the file, or curate the capture down to the article",
        )
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            Location(display, line),
            "not-utf8",
            f"file is not valid UTF-8 ({exc.reason})",
            "save the file as UTF-8",
        ) from None


class _SharedNode(Exception):
    """A node reached twice while converting: the document used an alias."""


def parse_yaml(text: str, display: str, line_offset: int = 0) -> Any:
    """Parse one YAML document into YamlMap / YamlList / plain scalars.

    LibYAML's C parser is used when PyYAML has it (several times faster); it
    resolves aliases itself, so an alias shows up as a node reached twice,
    and the document is then parsed again by the pure-Python loader, which
    refuses the alias at its exact position.
    """
    if yaml.__with_libyaml__:
        try:
            return _parse(yaml.CSafeLoader(text), text, display, line_offset, refuse_shared=True)
        except _SharedNode:
            pass
    return _parse(_Loader(text), text, display, line_offset, refuse_shared=False)


def _parse(loader: Any, text: str, display: str, line_offset: int, refuse_shared: bool) -> Any:
    position = _Position(display, line_offset)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        location = Location(display, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(display)
        problem = exc.problem or exc.context or "invalid YAML"
        if "aliases are not allowed" in problem:
            raise ContentError(
                location,
                "yaml-alias",
                problem,
                "write the value out in full instead of referring to an &anchor with *alias",
            ) from None
        raise ContentError(
            location,
            "yaml-syntax",
            f"malformed YAML: {problem}",
            "check indentation, and quote values that contain ': ' or start with a special character",
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(Location(display), "yaml-syntax", f"malformed YAML: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        return None
    try:
        return _convert(node, loader, position, depth=0, seen=set() if refuse_shared else None)
    except RecursionError:
        raise ContentError(position.of(node), "yaml-too-deep", "YAML nesting is too deep") from None


def _convert(node: Node, loader: Any, position: _Position, depth: int, seen: set[int] | None) -> Any:
    if seen is not None:
        if id(node) in seen:
            raise _SharedNode
        seen.add(id(node))
    if depth > MAX_NESTING:
        raise ContentError(position.of(node), "yaml-too-deep", f"YAML is nested more than {MAX_NESTING} levels deep")
    if isinstance(node, MappingNode):
        return _convert_mapping(node, loader, position, depth, seen)
    if isinstance(node, SequenceNode):
        items = YamlList(_convert(child, loader, position, depth + 1, seen) for child in node.value)
        items.location = position.of(node)
        items.item_locations = [position.of(child) for child in node.value]
        return items
    assert isinstance(node, ScalarNode)
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise ContentError(
            position.of(node),
            "yaml-value",
            f"cannot read value: {exc.problem}",
            "quote the value to keep it as text",
        ) from None
    except ValueError as exc:  # e.g. 2017-02-30 parsed as a timestamp
        raise ContentError(
            position.of(node),
            "invalid-date",
            f"impossible date {node.value!r}: {exc}",
            "use a real calendar date in the form YYYY-MM-DD",
        ) from None


def _convert_mapping(node: MappingNode, loader: Any, position: _Position, depth: int, seen: set[int] | None) -> YamlMap:
    result = YamlMap()
    result.location = position.of(node)
    result.key_locations = {}
    result.value_locations = {}
    result.block_values = set()
    result.source_lines = (
        node.start_mark.line + 1 + position.line_offset,
        node.end_mark.line + position.line_offset + (1 if node.end_mark.column else 0),
    )
    for key_node, value_node in node.value:
        key = _convert(key_node, loader, position, depth + 1, seen)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise ContentError(
                position.of(key_node),
                "duplicate-key",
                f"key '{key}' appears twice in the same mapping (first at line {result.key_locations[key].line})",
                "remove or rename one of them",
            )
        result[key] = _convert(value_node, loader, position, depth + 1, seen)
        result.key_locations[key] = position.of(key_node)
        result.value_locations[key] = position.of(value_node)
        if isinstance(value_node, ScalarNode) and value_node.style in ("|", ">"):
            result.block_values.add(key)
    return result


def split_front_matter(text: str, display: str) -> tuple[str, str, int]:
    """Split ``---`` front matter from a Markdown file.

    Returns (front matter YAML, body, line number where the body starts).
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise ContentError(
            Location(display, 1, 1),
            "missing-front-matter",
            "file must start with YAML front matter between '---' lines",
            "add a first line '---', the fields, then a closing '---' line",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return front, body, index + 2
    raise ContentError(
        Location(display, 1, 1),
        "unclosed-front-matter",
        "front matter is opened with '---' but never closed",
        "add a closing '---' line after the fields",
    )
