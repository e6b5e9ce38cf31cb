"""Content files parsed: each by a pure function of its text and path, into records and problems.

``load`` calls these through its cache, so a file whose text did not change is not parsed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefing.analytic import BRIEFING
from briefing.diagnostics import Diagnostic, Diagnostics, Location, did_you_mean
from briefing.model import (
    ANNOTATION_SECTIONS,
    SOURCE,
    TOPIC,
    Block,
    Form,
    LocatedText,
    Record,
    read,
)
from briefing.yamlio import ContentError, YamlMap, parse_yaml, split_front_matter


@dataclass
class ParsedFile:
    """What one content file yields: its records, its problems, and ids it tried to define but could not."""

    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken_ids: set[str] = field(default_factory=set)


def _yaml(text: str, display: str, diagnostics: Diagnostics, line_offset: int = 0) -> Any:
    warnings: list[ContentError] = []
    try:
        return parse_yaml(text, display, line_offset, warnings)
    except ContentError as exc:
        diagnostics.error(exc.location, exc.code, exc.message, exc.hint)
        return None
    finally:
        for warning in warnings:
            diagnostics.warning(warning.location, warning.code, warning.message, warning.hint)


def parse_briefing(text: str, display: str) -> ParsedFile:
    diagnostics = Diagnostics()
    data = _yaml(text, display, diagnostics)
    if data is None and not text.strip():
        data = YamlMap()
        data.location, data.key_locations, data.value_locations = Location(display, 1, 1), {}, {}
        data.block_values, data.source_lines = set(), (1, 1)
    info = read(BRIEFING, data, Location(display, 1, 1), diagnostics) if data is not None else None
    records: list[Record] = []
    if info is not None:
        info.id = "briefing"
        records = [info, *info.analytic_records()]
    return ParsedFile(records, diagnostics.sorted())


def _front_matter(text: str, display: str, diagnostics: Diagnostics) -> tuple[Any, str, int]:
    try:
        front, body, body_line = split_front_matter(text, display)
    except ContentError as exc:
        diagnostics.error(exc.location, exc.code, exc.message, exc.hint)
        return None, "", 0
    data = _yaml(front, display, diagnostics, line_offset=1)
    if data is None and not front.strip():
        diagnostics.error(Location(display, 2), "missing-front-matter", "front matter is empty")
    return data, body, body_line


def _front_matter_record(
    text: str, display: str, record_id: str, form: Form, diagnostics: Diagnostics
) -> tuple[Any, str, int]:
    """A ``<id>.md`` file's front matter read as ``form`` (None if unusable), its body and the body's first line."""
    front, body, body_line = _front_matter(text, display, diagnostics)
    record = read(form, front, Location(display, 2, 1), diagnostics) if front is not None else None
    if record is not None:
        record.id = record_id
    return record, body, body_line


def parse_source(text: str, display: str, record_id: str) -> ParsedFile:
    diagnostics = Diagnostics()
    source, body, body_line = _front_matter_record(text, display, record_id, SOURCE, diagnostics)
    if source is None:
        return ParsedFile([], diagnostics.sorted(), {record_id})
    source.blocks = parse_source_body(body, body_line)
    source.body_line = body_line
    if not source.blocks:
        diagnostics.error(
            Location(display, body_line),
            "empty-source",
            "the source has no text after its front matter",
            "paste the article's paragraphs, one per block, separated by blank lines",
        )
    return ParsedFile([source], diagnostics.sorted())


def parse_topic(text: str, display: str, record_id: str) -> ParsedFile:
    diagnostics = Diagnostics()
    topic, body, body_line = _front_matter_record(text, display, record_id, TOPIC, diagnostics)
    if topic is None:
        return ParsedFile([], diagnostics.sorted(), {record_id})
    topic.body = LocatedText(body, Location(display, body_line, 1))
    return ParsedFile([topic], diagnostics.sorted())


def parse_annotations(text: str, display: str) -> ParsedFile:
    diagnostics = Diagnostics()
    result = ParsedFile()
    data = _yaml(text, display, diagnostics)
    if data is None:
        if not diagnostics.has_errors:
            diagnostics.warning(
                Location(display, 1),
                "empty-file",
                "this annotations file holds no records",
                "add records under a section such as 'people:', or remove the file",
            )
        result.diagnostics = diagnostics.sorted()
        return result
    if not isinstance(data, YamlMap):
        diagnostics.error(
            Location(display, 1, 1),
            "wrong-type",
            "an annotations file must be a mapping of sections",
            "start with one of: " + ", ".join(f"'{k}:'" for k in ANNOTATION_SECTIONS),
        )
        result.diagnostics = diagnostics.sorted()
        return result
    for section, items in data.items():
        form = ANNOTATION_SECTIONS.get(section)
        if form is None:
            diagnostics.error(
                data.key_location(section),
                "unknown-section",
                f"unknown section '{section}'",
                did_you_mean(section, ANNOTATION_SECTIONS) or "sections: " + ", ".join(ANNOTATION_SECTIONS),
            )
            continue
        if items is None:
            continue
        if not isinstance(items, list):
            diagnostics.error(
                data.value_location(section),
                "wrong-type",
                f"section '{section}' must be a list of records",
                "write each record as a '- id: …' item",
            )
            continue
        for index, item in enumerate(items):
            record = read(form, item, items.item_location(index), diagnostics)
            if record is not None:
                result.records.append(record)
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                result.broken_ids.add(item["id"])
    result.diagnostics = diagnostics.sorted()
    return result


def parse_source_body(body: str, first_line: int) -> list[Block]:
    """Split a source body into paragraphs and ``## `` sub-headings.

    The body is the article's own words, not Markdown: nothing in it is
    interpreted except the sub-heading marker.
    """
    blocks: list[Block] = []
    counters = {"paragraph": 0, "heading": 0}
    current: list[str] = []
    start = first_line

    def flush() -> None:
        if not current:
            return
        text = " ".join(line.strip() for line in current)
        kind = "heading" if text.startswith("## ") else "paragraph"
        if kind == "heading":
            text = text[3:].strip()
        counters[kind] += 1
        blocks.append(Block(kind=kind, text=text, number=counters[kind], line=start))
        current.clear()

    for offset, line in enumerate(body.splitlines()):
        if not line.strip():
            flush()
            continue
        if line.startswith("## ") and current:
            flush()
        if not current:
            start = first_line + offset
        current.append(line)
        if line.startswith("## "):
            flush()
    flush()
    return blocks
