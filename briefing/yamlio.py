"""Safe YAML reading that keeps the file position of every mapping, list and value.

Content is data: only YAML's plain types are built (PyYAML's safe constructor),
aliases are refused rather than expanded (a "billion laughs" document cannot
grow in memory), duplicate keys are errors, and oversize files are refused
before they are read.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
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
from briefing.yamlsyntax import explain

MAX_CONTENT_BYTES = 2 * 1024 * 1024
MAX_NESTING = 50
DEEP_HINT = "content records nest a few levels at most: close the lists and mappings opened above this line"


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


# Characters no content file may hold: C0 and C1 controls other than tab and line ends, DEL, the Unicode
# line and paragraph separators (which YAML and Python count as line ends but editors do not), and the
# non-characters U+FFFE/U+FFFF. YAML refuses most of them anyway, without saying where.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# What is left of UTF-8 bytes once printable ASCII, tab and line ends are taken out holds one of those
# characters only if it holds an ASCII byte or one of their encodings (bytes.translate is ten times quicker
# than searching the text, and most files are mostly ASCII).
_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_MAYBE_CONTROL = re.compile(rb"[\x00-\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbf[\xbe\xbf]")
_CONTROL_NAMES = {"\0": "null", "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "escape", "\x7f": "delete"}
_OTHER_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def decode_text(data: bytes, display: str, exact: bool = False) -> str:
    """A content file's bytes as text: UTF-8, a byte-order mark dropped, CRLF and lone CR line ends read as
    LF (so every line number counts what an editor shows); with ``exact`` (a raw capture, whose every byte
    counts) neither is changed. ContentError for another encoding, bytes that are not UTF-8, or a control
    character, each at its line and column."""
    for mark, encoding in _OTHER_ENCODINGS:
        if data.startswith(mark):
            raise ContentError(
                Location(display, 1, 1),
                "not-utf8",
                f"file is not valid UTF-8: it is {encoding} (it starts with a {encoding} byte-order mark)",
                "save the file as UTF-8 (in most editors: Save As… / Encoding: UTF-8)",
            )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode("utf-8", "replace")) + 1
        raise ContentError(
            Location(display, line, column),
            "not-utf8",
            f"file is not valid UTF-8: byte 0x{data[exc.start]:02X} here ({exc.reason}); it may be in another encoding",
            "save the file as UTF-8, or retype the character shown at this place",
        ) from None
    if _MAYBE_CONTROL.search(data.translate(None, _PLAIN_BYTES)):  # a quick look at the bytes first
        found = _CONTROL.search(text)
        if found:
            raise control_character(text, found.start(), display)
    if exact or not decoding_changes(data):
        return text
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def decoding_changes(data: bytes) -> bool:
    """Whether ``decode_text`` (not ``exact``) gives a text other than the bytes say: a byte-order mark to
    drop, or CR line ends to read as LF."""
    return data.startswith(codecs.BOM_UTF8) or b"\r" in data


def control_character(text: str, index: int, display: str, line_offset: int = 0) -> ContentError:
    """The error for the character at ``text[index]``, which no content may hold."""
    line = text.count("\n", 0, index) + text.count("\r", 0, index) - text.count("\r\n", 0, index) + 1 + line_offset
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    character = text[index]
    name = _CONTROL_NAMES.get(character) or unicodedata.name(character, "a control character")
    nul = " (a file full of them is UTF-16 or binary, not UTF-8 text)" if character == "\0" else ""
    return ContentError(
        Location(display, line, index - start + 1),
        "control-character",
        f"invisible character U+{ord(character):04X} ({name.lower()}) in the text{nul}",
        "delete it: it is often invisible in an editor, so delete the characters around it and retype them",
    )


class _SharedNode(Exception):
    """A node reached twice while converting: the document used an alias."""


def parse_yaml(text: str, display: str, line_offset: int = 0, warnings: list[ContentError] | None = None) -> Any:
    """Parse one YAML document into YamlMap / YamlList / plain scalars.

    LibYAML's C parser is used when PyYAML has it (several times faster); it
    resolves aliases itself, so an alias shows up as a node reached twice,
    and the document is then parsed again by the pure-Python loader, which
    refuses the alias at its exact position. ``warnings`` collects values
    YAML reads other than as written (see ``_number``).
    """
    found: list[ContentError] = []
    lines = text.split("\n")
    try:
        if yaml.__with_libyaml__:
            try:
                return _parse(yaml.CSafeLoader(text), text, _Context(display, line_offset, found, set(), lines))
            except _SharedNode:
                found.clear()
        return _parse(_Loader(text), text, _Context(display, line_offset, found, None, lines))
    finally:
        if warnings is not None:
            warnings.extend(found)


@dataclass(frozen=True)
class _Context:
    path: str
    line_offset: int
    warnings: list[ContentError]
    seen: set[int] | None  # nodes converted so far, when an alias must be noticed as a node reached twice
    lines: list[str]  # the text's lines, to say where a record ends

    def of(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)


def _parse(loader: Any, text: str, context: _Context) -> Any:
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise ContentError(*explain(exc, text, context.path, context.line_offset)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (decode_text refuses them first)
        raise control_character(text, exc.position, context.path, context.line_offset) from None
    except yaml.YAMLError as exc:
        raise ContentError(Location(context.path), "yaml-syntax", f"malformed YAML: {exc}") from None
    except RecursionError:
        raise ContentError(Location(context.path), "yaml-too-deep", "YAML nesting is too deep", DEEP_HINT) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    try:
        return _convert(node, loader, context, depth=0)
    except RecursionError:
        raise ContentError(context.of(node), "yaml-too-deep", "YAML nesting is too deep", DEEP_HINT) from None


def _convert(node: Node, loader: Any, context: _Context, depth: int) -> Any:
    if context.seen is not None:
        if id(node) in context.seen:
            raise _SharedNode
        context.seen.add(id(node))
    if depth > MAX_NESTING:
        message = f"YAML is nested more than {MAX_NESTING} levels deep"
        raise ContentError(context.of(node), "yaml-too-deep", message, DEEP_HINT)
    _refuse_tag(node, loader, context)
    if isinstance(node, MappingNode):
        return _convert_mapping(node, loader, context, depth)
    if isinstance(node, SequenceNode):
        items = YamlList(_convert(child, loader, context, depth + 1) for child in node.value)
        items.location = context.of(node)
        items.item_locations = [context.of(child) for child in node.value]
        return items
    assert isinstance(node, ScalarNode)
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise ContentError(
            context.of(node),
            "yaml-value",
            f"cannot read value: {exc.problem}",
            "quote the value to keep it as text",
        ) from None
    except ValueError as exc:  # e.g. 2017-02-30 parsed as a timestamp
        raise ContentError(
            context.of(node),
            "invalid-date",
            f"impossible date {node.value!r}: {exc}",
            "use a real calendar date in the form YYYY-MM-DD",
        ) from None
    _number(node, value, context)
    return value


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


def _refuse_tag(node: Node, loader: Any, context: _Context) -> None:
    """A tag (``!!python/object…``, ``!!binary``, ``!custom``) asks for a type content has no use for."""
    if node.tag in _PLAIN_TAGS:
        return
    implicit = isinstance(node, ScalarNode) and not node.style
    if implicit and node.tag == loader.resolve(ScalarNode, node.value, (True, False)):
        return  # not written, but read from a plain value (such as '='): the constructor says what is wrong
    shown = node.tag.replace("tag:yaml.org,2002:", "!!")
    raise ContentError(
        context.of(node),
        "yaml-tag",
        f"YAML tag '{shown}' is not allowed in content: values are text, numbers, dates, lists and mappings",
        "remove the tag (the word starting with '!'), and quote the value if it must stay as written",
    )


def _number(node: ScalarNode, value: Any, context: _Context) -> None:
    """Warn about a plain value YAML 1.1 reads as a number other than as written: ``0x1F`` (31), ``012``
    (octal: 10), ``1:20`` (base 60: 80), ``1_000``, ``1.50``. Left unquoted in a text field, it would be
    shown as that number. (``yes``/``no``/``on``/``off`` become booleans, which text fields refuse.)"""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not node.style and number and str(value) != node.value:  # plain: LibYAML says '', PyYAML None
        context.warnings.append(
            ContentError(
                context.of(node),
                "yaml-number",
                f"'{node.value}' is read as the number {value}, not as written",
                f'quote it ("{node.value}") to keep it as written: YAML reads 0x…, 0o…, a leading 0, '
                "1:20 and 1_000 as numbers",
            )
        )


def _convert_mapping(node: MappingNode, loader: Any, context: _Context, depth: int) -> YamlMap:
    result = YamlMap()
    result.location = context.of(node)
    result.key_locations = {}
    result.value_locations = {}
    result.block_values = set()
    first, last = node.start_mark.line, _last_line(node, context.lines)
    result.source_lines = (first + 1 + context.line_offset, last + 1 + context.line_offset)
    for key_node, value_node in node.value:
        key = _convert(key_node, loader, context, depth + 1)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise ContentError(
                context.of(key_node),
                "duplicate-key",
                f"key '{key}' appears twice in the same mapping (first at line {result.key_locations[key].line})",
                "remove or rename one of them",
            )
        result[key] = _convert(value_node, loader, context, depth + 1)
        result.key_locations[key] = context.of(key_node)
        result.value_locations[key] = context.of(value_node)
        if isinstance(value_node, ScalarNode) and value_node.style in ("|", ">"):
            result.block_values.add(key)
    return result


def _last_line(node: Node, lines: list[str]) -> int:
    """The (0-based) line of a collection's last character that is not white space.

    A block collection's ``end_mark`` is where the next token starts: the next item's line, after any blank
    lines and comments, so it cannot say where the collection's own text ends. Its last leaf (a scalar or a
    flow collection) ends exactly, save a block scalar's trailing blank lines, which are stepped over.
    """
    leaf = node
    while isinstance(leaf, MappingNode | SequenceNode) and not leaf.flow_style and leaf.value:
        leaf = leaf.value[-1][1] if isinstance(leaf, MappingNode) else leaf.value[-1]
    end = leaf.end_mark
    line = end.line if end.column else end.line - 1  # a mark at a line's start: nothing of that line
    while line > node.start_mark.line and (line >= len(lines) or not lines[line].strip()):
        line -= 1
    return max(line, node.start_mark.line)


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
