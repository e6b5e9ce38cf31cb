"""Stage 1 — load: read ``content/`` into typed records.

Every record keeps the file and line it came from. Files that cannot be read
are reported and skipped, so one run reports every problem in the project.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from briefing.diagnostics import Diagnostics, Location, did_you_mean
from briefing.model import (
    ANNOTATION_SECTIONS,
    BRIEFING,
    SLUG_HINT,
    SLUG_RE,
    SOURCE,
    TOPIC,
    Block,
    Briefing,
    BriefingInfo,
    LocatedText,
    Record,
    Schema,
    Source,
    Topic,
)
from briefing.project import Project
from briefing.yamlio import (
    ContentError,
    YamlMap,
    parse_yaml,
    read_text,
    split_front_matter,
)

MAX_RAW_BYTES = 20 * 1024 * 1024


def load(project: Project, diagnostics: Diagnostics) -> Briefing | None:
    """Read the whole project; returns None only if briefing.yaml itself is unusable."""
    reader = _Reader(project, diagnostics)
    info = reader.briefing_info()
    briefing = Briefing(info=info or BriefingInfo(id="briefing"), files=reader.files)
    for source in reader.sources():
        briefing.sources[source.id] = source
        raw = reader.raw_capture(source)
        if raw is not None:
            briefing.raw_texts[source.id], briefing.raw_digests[source.id] = raw
    for record in reader.annotations():
        table = {
            "person": briefing.entities,
            "country": briefing.entities,
            "organization": briefing.entities,
            "place": briefing.entities,
            "event": briefing.events,
            "quote": briefing.quotes,
            "claim": briefing.claims,
        }[record.kind]
        table.setdefault(record.id, record)
    for topic in reader.topics():
        briefing.topics[topic.id] = topic
    briefing.broken_ids = reader.broken_ids
    _check_unique_ids(reader.seen, diagnostics)
    return briefing if info else None


class _Reader:
    def __init__(self, project: Project, diagnostics: Diagnostics) -> None:
        self.project = project
        self.diagnostics = diagnostics
        self.files: dict[str, str] = {}
        self.seen: dict[str, list[Record]] = {}
        self.broken_ids: set[str] = set()

    # -- files

    def _files(self, folder: Path, *suffixes: str) -> list[Path]:
        if not folder.is_dir():
            return []
        found = []
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.suffix not in suffixes or not path.is_file():
                continue
            if not self.project.contains(path):
                self.diagnostics.error(
                    Location(self.project.display(path)),
                    "outside-project",
                    "this file is a link to a file outside the project's content folder; it is not read",
                    "copy the file into content/ instead of linking to it",
                )
                continue
            found.append(path)
        return found

    def _text(self, path: Path) -> str | None:
        display = self.project.display(path)
        try:
            text = read_text(path, display)
        except ContentError as exc:
            self.diagnostics.error(exc.location, exc.code, exc.message, exc.hint)
            return None
        self.files[display] = text
        return text

    def _yaml(self, text: str, display: str, line_offset: int = 0) -> Any:
        try:
            return parse_yaml(text, display, line_offset)
        except ContentError as exc:
            self.diagnostics.error(exc.location, exc.code, exc.message, exc.hint)
            return None

    def _remember(self, record: Record) -> None:
        self.seen.setdefault(record.id, []).append(record)

    def _id_from_filename(self, path: Path) -> str | None:
        if SLUG_RE.match(path.stem):
            return path.stem
        self.diagnostics.error(
            Location(self.project.display(path)),
            "invalid-id",
            f"file name '{path.name}' does not give a valid id",
            SLUG_HINT + "; rename the file",
        )
        return None

    # -- briefing.yaml

    def briefing_info(self) -> BriefingInfo | None:
        path = self.project.briefing_file
        text = self._text(path)
        if text is None:
            return None
        display = self.project.display(path)
        data = self._yaml(text, display)
        if data is None:
            if text.strip():
                return None
            data = YamlMap()
            data.location, data.key_locations, data.value_locations = Location(display, 1, 1), {}, {}
            data.block_values, data.source_lines = set(), (1, 1)
        info = BRIEFING.read(data, Location(display, 1, 1), self.diagnostics)
        if info is not None:
            info.id = "briefing"
            for judgment in info.key_judgments:
                self._remember(judgment)
        return info

    # -- Markdown files with front matter (sources and topics)

    def _markdown_records(self, folder: Path, schema: Schema) -> list[tuple[Record, str, int]]:
        """Each ``<id>.md`` in ``folder`` read by ``schema``: (record, body, line where the body starts)."""
        found = []
        for path in self._files(folder, ".md"):
            record_id = self._id_from_filename(path)
            text = self._text(path)
            if record_id is None or text is None:
                continue
            front, body, body_line = self._front_matter(text, path)
            record = None
            if front is not None:
                record = schema.read(front, Location(self.project.display(path), 1, 1), self.diagnostics)
            if record is None:
                self.broken_ids.add(record_id)
                continue
            record.id = record_id
            self._remember(record)
            found.append((record, body, body_line))
        return found

    def sources(self) -> list[Source]:
        sources = []
        for source, body, body_line in self._markdown_records(self.project.sources_dir, SOURCE):
            assert isinstance(source, Source)
            source.blocks = parse_source_body(body, body_line)
            source.body_line = body_line
            if not source.blocks:
                self.diagnostics.error(
                    Location(source.location.path, body_line),
                    "empty-source",
                    "the source has no text after its front matter",
                    "paste the article's paragraphs, one per block, separated by blank lines",
                )
            sources.append(source)
        return sources

    def topics(self) -> list[Topic]:
        topics = []
        for topic, body, body_line in self._markdown_records(self.project.topics_dir, TOPIC):
            assert isinstance(topic, Topic)
            topic.body = LocatedText(body, Location(topic.location.path, body_line, 1))
            topics.append(topic)
        return topics

    def _front_matter(self, text: str, path: Path) -> tuple[Any, str, int]:
        display = self.project.display(path)
        try:
            front, body, body_line = split_front_matter(text, display)
        except ContentError as exc:
            self.diagnostics.error(exc.location, exc.code, exc.message, exc.hint)
            return None, "", 0
        data = self._yaml(front, display, line_offset=1)
        if data is None and not front.strip():
            self.diagnostics.error(Location(display, 2), "missing-front-matter", "front matter is empty")
        return data, body, body_line

    def raw_capture(self, source: Source) -> tuple[str, str] | None:
        """Read a source's raw capture, refusing any path that leaves ``content/sources/``."""
        location = source.location
        raw_path = self.project.sources_dir / source.raw
        if Path(source.raw).is_absolute() or not self.project.contains(raw_path, self.project.sources_dir):
            self.diagnostics.error(
                location,
                "outside-project",
                f"raw capture path '{source.raw}' points outside content/sources/",
                "keep raw captures in content/sources/raw/ and write e.g. 'raw: raw/<id>.txt'",
            )
            return None
        if not raw_path.is_file():
            self.diagnostics.error(
                location,
                "missing-raw",
                f"raw capture '{source.raw}' does not exist",
                f"copy the capture byte for byte to {self.project.display(raw_path)}",
            )
            return None
        try:
            text = read_text(raw_path, self.project.display(raw_path), limit=MAX_RAW_BYTES)
        except ContentError as exc:
            self.diagnostics.error(exc.location, exc.code, exc.message, exc.hint)
            return None
        return text, hashlib.sha256(raw_path.read_bytes()).hexdigest()

    # -- annotations

    def annotations(self) -> list[Record]:
        records: list[Record] = []
        for path in self._files(self.project.annotations_dir, ".yaml", ".yml"):
            text = self._text(path)
            if text is None:
                continue
            display = self.project.display(path)
            data = self._yaml(text, display)
            if data is None:
                continue
            records.extend(self._annotation_file(data, display))
        return records

    def _annotation_file(self, data: Any, display: str) -> list[Record]:
        if not isinstance(data, YamlMap):
            self.diagnostics.error(
                Location(display, 1, 1),
                "wrong-type",
                "an annotations file must be a mapping of sections",
                "start with one of: " + ", ".join(f"'{k}:'" for k in ANNOTATION_SECTIONS),
            )
            return []
        records: list[Record] = []
        for section, items in data.items():
            schema = ANNOTATION_SECTIONS.get(section)
            if schema is None:
                self.diagnostics.error(
                    data.key_location(section),
                    "unknown-section",
                    f"unknown section '{section}'",
                    did_you_mean(section, ANNOTATION_SECTIONS) or "sections: " + ", ".join(ANNOTATION_SECTIONS),
                )
                continue
            if items is None:
                continue
            if not isinstance(items, list):
                self.diagnostics.error(
                    data.value_location(section),
                    "wrong-type",
                    f"section '{section}' must be a list of records",
                    "write each record as a '- id: …' item",
                )
                continue
            for index, item in enumerate(items):
                where = items.item_location(index)
                record = schema.read(item, where, self.diagnostics)
                if record is None:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        self.broken_ids.add(item["id"])
                    continue
                self._remember(record)
                records.append(record)
        return records


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


def _check_unique_ids(seen: dict[str, list[Record]], diagnostics: Diagnostics) -> None:
    for record_id, records in sorted(seen.items()):
        if len(records) < 2:
            continue
        first = records[0]
        for duplicate in records[1:]:
            diagnostics.error(
                duplicate.location,
                "duplicate-id",
                f"id '{record_id}' is already used by the {first.kind} at {first.location}",
                "every record, source and topic needs its own id; rename one of them",
            )
