"""Stage 1 — load: read ``content/`` into typed records.

Every record keeps the file and line it came from. Files that cannot be read
are reported and skipped, so one run reports every problem in the project.
Each file is parsed by a pure function of its text; a :class:`LoadCache`
keeps the results by content digest, so a rebuild re-parses only the files
that changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from briefing.analytic import BRIEFING
from briefing.diagnostics import Diagnostic, Diagnostics, Location, did_you_mean
from briefing.editions import read_previous
from briefing.model import (
    ANNOTATION_SECTIONS,
    RECORD_TABLES,
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
from briefing.yamlio import MAX_CONTENT_BYTES, ContentError, YamlMap, parse_yaml, read_text, split_front_matter

MAX_RAW_BYTES = 20 * 1024 * 1024
ENTITY_KINDS = ("person", "country", "organization", "place")


@dataclass
class ParsedFile:
    """What one content file yields: its records, its problems, and ids it tried to define but could not."""

    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken_ids: set[str] = field(default_factory=set)


FileKey = tuple[int, int, int, int]  # what stat says about a file: device, inode, size, modification time (ns)
# A file modified this recently may be modified again within the file system's timestamp resolution without
# its stat changing, so it is read again on every build until it is older (git calls such entries "racy").
SETTLED_NS = 2_000_000_000


@dataclass
class _ReadFile:
    key: FileKey
    settled: bool
    text: str
    sha256: str = ""


@dataclass
class _CleanLoad:
    """The last load, if it reported no problem: what a load told which files changed can patch."""

    briefing: Briefing  # as load returned it, before later stages added to it
    records_of: dict[str, tuple[Record, ...]]  # by content file
    sources_of: dict[str, list[str]]  # raw capture or captured page → the sources that name it


class LoadCache:
    """What loading keeps between builds of one process.

    A file whose device, inode, size and modification time are unchanged is not read again (editors
    replace or rewrite a file on save, which changes them); a file whose text is unchanged is not parsed
    again, so its records stay the same objects, which later stages use to skip their own work.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, str, ParsedFile]] = {}  # by file: digest and text parsed, result
        self._files: dict[str, _ReadFile] = {}
        self.reads = 0  # files read from disk so far, as opposed to reused
        self.edition: tuple[str, object] | None = None  # the previous edition's text and what it said
        self.clean: _CleanLoad | None = None

    def knows(self, display: str) -> bool:
        """Whether the last load read this file (serve's watcher follows it, wherever it is)."""
        return display in self._files

    @property
    def is_empty(self) -> bool:
        """Whether no file has been read yet: the next load reads every one."""
        return not self._files

    def __getstate__(self) -> dict[str, Any]:
        """Saved without the last clean load: another process cannot know which files changed since."""
        return {**self.__dict__, "clean": None}

    def parse(self, display: str, text: str, parser: Callable[[str, str], ParsedFile]) -> ParsedFile:
        entry = self._entries.get(display)
        if entry is not None and entry[1] is text:  # the text read last time, not read again: no need to hash it
            return entry[2]
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        if entry is not None and entry[0] == digest:
            self._entries[display] = (digest, text, entry[2])
            return entry[2]
        result = parser(text, display)
        self._entries[display] = (digest, text, result)
        return result

    def read(self, file: FoundFile, display: str, limit: int = MAX_CONTENT_BYTES) -> _ReadFile:
        """A content file's text (see ``read_text``), reused while stat says the file is unchanged."""
        return self._unless_changed(file, display, lambda: (read_text(Path(file.path), display, limit), ""))

    def bytes_sha256(self, file: FoundFile, display: str) -> str:
        """The sha256 of a file read as bytes (a captured HTML page), reused while stat says it is unchanged."""
        read = lambda: ("", hashlib.sha256(Path(file.path).read_bytes()).hexdigest())  # noqa: E731
        return self._unless_changed(file, display, read).sha256

    def _unless_changed(self, file: FoundFile, display: str, read: Callable[[], tuple[str, str]]) -> _ReadFile:
        stat = file.stat()
        key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        known = self._files.get(display)
        if known is None or known.key != key or not known.settled:
            settled = time.time_ns() - stat.st_mtime_ns > SETTLED_NS
            known = _ReadFile(key, settled, *read())
            self._files[display] = known
            self.reads += 1
        return known


def load(
    project: Project,
    diagnostics: Diagnostics,
    cache: LoadCache | None = None,
    changed: Collection[str] | None = None,
) -> Briefing | None:
    """Read the whole project; returns None only if briefing.yaml itself is unusable.

    ``changed``: the paths that changed since the last load of this cache, when a file watcher says so.
    Then, if the last load was clean, only those are read again (see ``_patched``); a full load is the
    fallback for anything a patch cannot be sure of.
    """
    cache = cache or LoadCache()
    if changed is not None and cache.clean is not None:
        patched = _patched(project, cache, cache.clean, changed)
        if patched is not None:
            return patched
    problems_before = len(diagnostics)
    reader = _Reader(project, diagnostics, cache)
    if cache.is_empty:
        reader.read_ahead([project.sources_dir, project.annotations_dir, project.topics_dir])
    info = reader.briefing_info()
    briefing = Briefing(info=info or BriefingInfo(id="briefing"), files=reader.files)
    if info is not None and info.previous_edition:  # an input of the build like any content file
        found = read_previous(project, info, cache, diagnostics)
        if found is not None:
            display, reader.files[display], briefing.previous = found
    for source in reader.markdown_records(project.sources_dir, _parse_source):
        assert isinstance(source, Source)
        briefing.sources[source.id] = source
        _add_captures(reader, briefing, source)
    for record in reader.annotations():
        _table_for(briefing, record).setdefault(record.id, record)
    for topic in reader.markdown_records(project.topics_dir, _parse_topic):
        assert isinstance(topic, Topic)
        briefing.topics[topic.id] = topic
    briefing.broken_ids = reader.broken_ids
    _check_unique_ids(reader.seen, diagnostics)
    clean = info is not None and len(diagnostics) == problems_before
    cache.clean = _CleanLoad(_tables_of(briefing), reader.records_of, reader.sources_of) if clean else None
    return briefing if info else None


def _tables_of(briefing: Briefing) -> Briefing:
    """A briefing with the same loaded tables, for a later load to copy: the stages after load add to
    the one they are given."""
    return dataclasses.replace(briefing, citations=[], spans={})


def _patched(project: Project, cache: LoadCache, clean: _CleanLoad, changed: Collection[str]) -> Briefing | None:
    """The last clean load with the ``changed`` files read again, or None where only a full load can tell.

    A patch holds only while each changed file is one the last load read (a source, topic or annotations
    file, or a source's capture) and still yields records with the same ids and kinds, in the same order,
    without any problem: then no id, file name or listing can have changed, and the tables keep their
    order. Anything else (briefing.yaml, the previous edition, a file added, removed or linked, a new
    problem) needs a full load.
    """
    reader = _Reader(project, Diagnostics(), cache)
    briefing = dataclasses.replace(
        clean.briefing,
        **{name: dict(getattr(clean.briefing, name)) for name in _LOADED_TABLES},
        broken_ids=set(),
        citations=[],
        spans={},
    )
    records_of = dict(clean.records_of)
    recaptured: set[str] = set()
    for path in changed:
        display = project.display(path)
        if display in clean.sources_of:
            recaptured.update(clean.sources_of[display])
            continue
        parser = _parser_for(project, path) if display in records_of else None
        if parser is None:
            if _is_content(project, path) or display in clean.briefing.files:  # e.g. the previous edition
                return None
            continue  # a template: not loaded
        if os.path.islink(path) or not os.path.isfile(path):
            return None
        try:
            records = reader._parsed(PathFile(Path(path)), parser)
        except OSError:  # removed since it was listed as changed
            return None
        if [(r.id, r.kind) for r in records] != [(r.id, r.kind) for r in records_of[display]]:
            return None
        for record, before in zip(records, records_of[display], strict=True):
            if isinstance(record, Source):
                assert isinstance(before, Source)
                if (record.raw, record.capture) != (before.raw, before.capture):
                    return None
                recaptured.add(record.id)
            _table_for(briefing, record)[record.id] = record
        records_of[display] = tuple(records)
    for source_id in recaptured:
        _add_captures(reader, briefing, briefing.sources[source_id])
    if len(reader.diagnostics) or reader.broken_ids:
        return None
    briefing.files.update(reader.files)
    cache.clean = _CleanLoad(_tables_of(briefing), records_of, clean.sources_of)
    return briefing


_LOADED_TABLES = (*RECORD_TABLES, "files", "raw_texts", "raw_digests", "capture_digests")


def _parser_for(project: Project, path: str) -> Callable[[str, str], ParsedFile] | None:
    """How load parses a file of one of the folders it reads; None for briefing.yaml and anything else."""
    folder, name = os.path.split(path)
    stem, suffix = os.path.splitext(name)
    if folder == str(project.sources_dir) and suffix == ".md":
        return lambda text, display: _parse_source(text, display, stem)
    if folder == str(project.topics_dir) and suffix == ".md":
        return lambda text, display: _parse_topic(text, display, stem)
    if folder == str(project.annotations_dir) and suffix in (".yaml", ".yml"):
        return _parse_annotations
    return None


def _is_content(project: Project, path: str) -> bool:
    return Path(path).is_relative_to(project.content)


def _table_for(briefing: Briefing, record: Record) -> dict[str, Any]:
    if record.kind in ENTITY_KINDS:
        return briefing.entities
    return getattr(briefing, record.kind + "s")


def _add_captures(reader: _Reader, briefing: Briefing, source: Source) -> None:
    """Read a source's raw capture and captured page (if it names one) into the briefing."""
    raw = reader.raw_capture(source)
    if raw is not None:
        briefing.raw_texts[source.id], briefing.raw_digests[source.id] = raw
    if source.capture:
        digest = reader.capture_digest(source)
        if digest is not None:
            briefing.capture_digests[source.id] = digest


class _Reader:
    """Reads one build's content files, listing each folder once (``os.scandir``).

    A folder's listing also says which entries are files and which are symlinks, so the common case (a
    plain file in a folder inside the project) costs one ``stat``, for the load cache's key.
    """

    def __init__(self, project: Project, diagnostics: Diagnostics, cache: LoadCache) -> None:
        self.project = project
        self.diagnostics = diagnostics
        self.cache = cache
        self.files: dict[str, str] = {}
        self.records_of: dict[str, tuple[Record, ...]] = {}
        self.sources_of: dict[str, list[str]] = {}  # capture files: the sources that name them
        self.seen: dict[str, list[Record]] = {}
        self.broken_ids: set[str] = set()
        self._listings: dict[str, dict[str, os.DirEntry[str]]] = {}
        self._folders_inside: dict[tuple[str, Path | None], bool] = {}
        self._sources_dir = project.sources_dir
        self._sources_folder = str(project.sources_dir)

    def _listing(self, folder: str) -> dict[str, os.DirEntry[str]]:
        """A folder's entries by name; empty if it is not a folder."""
        if folder not in self._listings:
            try:
                with os.scandir(folder) as scan:
                    self._listings[folder] = {entry.name: entry for entry in scan}
            except (FileNotFoundError, NotADirectoryError):
                self._listings[folder] = {}
        return self._listings[folder]

    def _inside(self, folder: str, name: str, entry: os.DirEntry[str] | None, base: Path | None = None) -> bool:
        """``Project.contains`` for ``folder/name``, resolving each folder once: a file that is not a
        symlink is where its folder is."""
        if name in ("", ".", "..") or (entry is not None and entry.is_symlink()):
            return self.project.contains(Path(folder, name), base)
        key = (folder, base)
        if key not in self._folders_inside:
            self._folders_inside[key] = self.project.contains(Path(folder), base)
        return self._folders_inside[key]

    def _files(self, folder: Path, *suffixes: str) -> list[os.DirEntry[str]]:
        found = []
        listing = self._listing(str(folder))
        for name in sorted(listing):
            entry = listing[name]
            if name.startswith(".") or os.path.splitext(name)[1] not in suffixes or not entry.is_file():
                continue
            if not self._inside(str(folder), name, entry):
                self.diagnostics.error(
                    Location(self.project.display(entry.path)),
                    "outside-project",
                    "this file is a link to a file outside the project's content folder; it is not read",
                    "copy the file into content/ instead of linking to it",
                )
                continue
            found.append(entry)
        return found

    def _parsed(self, file: FoundFile, parser: Callable[[str, str], ParsedFile]) -> list[Record]:
        """Read a file and parse it (or reuse the parse of the same text), keeping its records and problems."""
        display = self.project.display(file.path)
        try:
            text = self.cache.read(file, display).text
        except ContentError as exc:
            self.diagnostics.error(exc.location, exc.code, exc.message, exc.hint)
            return []
        self.files[display] = text
        result = self.cache.parse(display, text, parser)
        self.records_of[display] = tuple(result.records)
        self.diagnostics.extend(result.diagnostics)
        self.broken_ids |= result.broken_ids
        for record in result.records:
            self.seen.setdefault(record.id, []).append(record)
        return result.records

    def briefing_info(self) -> BriefingInfo | None:
        records = self._parsed(PathFile(self.project.briefing_file), _parse_briefing)
        info = records[0] if records and isinstance(records[0], BriefingInfo) else None
        if info is not None:
            self.seen.pop("briefing", None)
        return info

    def read_ahead(self, folders: list[Path]) -> None:
        """Tell the kernel that the files of these folders (and of their subfolders: raw captures) are about
        to be read, so that it reads them from disk all at once rather than each when the build asks for it.
        A cold build of 10,000 sources (20,000 files) waited about 5 s for the disk otherwise, when the files
        were not in the page cache."""
        if not hasattr(os, "posix_fadvise"):
            return
        for folder in folders:
            for entry in self._listing(str(folder)).values():
                if entry.is_dir(follow_symlinks=False):
                    self.read_ahead([Path(entry.path)])
                elif entry.is_file(follow_symlinks=False):
                    _advise_reading(entry.path)

    def markdown_records(self, folder: Path, parser: Callable[[str, str, str], ParsedFile]) -> list[Record]:
        """``<id>.md`` files with front matter (sources, topics); the id comes from the file name."""
        records: list[Record] = []
        for entry in self._files(folder, ".md"):
            stem = entry.name[: -len(".md")]
            if not SLUG_RE.match(stem):
                self.diagnostics.error(
                    Location(self.project.display(entry.path)),
                    "invalid-id",
                    f"file name '{entry.name}' does not give a valid id",
                    SLUG_HINT + "; rename the file",
                )
                continue
            records += self._parsed(entry, lambda text, display, stem=stem: parser(text, display, stem))
        return records

    def annotations(self) -> list[Record]:
        records: list[Record] = []
        for entry in self._files(self.project.annotations_dir, ".yaml", ".yml"):
            records += self._parsed(entry, _parse_annotations)
        return records

    def raw_capture(self, source: Source) -> tuple[str, str] | None:
        """Read a source's raw capture, refusing any path that leaves ``content/sources/``."""
        raw_file = self._source_file(source, source.raw, "raw capture")
        if raw_file is None:
            return None
        display = self.project.display(raw_file.path)
        self.sources_of.setdefault(display, []).append(source.id)
        try:
            raw = self.cache.read(raw_file, display, limit=MAX_RAW_BYTES)
        except ContentError as exc:
            self.diagnostics.error(exc.location, exc.code, exc.message, exc.hint)
            return None
        if not raw.sha256:
            raw.sha256 = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
        return raw.text, raw.sha256

    def capture_digest(self, source: Source) -> str | None:
        """The sha256 of the HTML page a source's raw text was extracted from."""
        capture = self._source_file(source, source.capture, "captured page")
        if capture is None:
            return None
        if capture.stat().st_size > MAX_RAW_BYTES:
            self.diagnostics.error(
                source.location, "file-too-large", f"captured page '{source.capture}' is over {MAX_RAW_BYTES} bytes"
            )
            return None
        display = self.project.display(capture.path)
        self.sources_of.setdefault(display, []).append(source.id)
        return self.cache.bytes_sha256(capture, display)

    def _source_file(self, source: Source, relative: str, what: str) -> os.DirEntry[str] | None:
        """A file a source refers to, if it exists inside ``content/sources/``; otherwise report why not."""
        subfolder, _, name = relative.rpartition("/")
        folder = os.path.join(self._sources_folder, subfolder) if subfolder else self._sources_folder
        entry = self._listing(folder).get(name)
        if os.path.isabs(relative) or not self._inside(folder, name, entry, self._sources_dir):
            self.diagnostics.error(
                source.location,
                "outside-project",
                f"{what} path '{relative}' points outside content/sources/",
                "keep raw captures in content/sources/raw/ and write e.g. 'raw: raw/<id>.txt'",
            )
            return None
        if entry is None or not entry.is_file():
            self.diagnostics.error(
                source.location,
                "missing-raw",
                f"{what} '{relative}' does not exist",
                f"copy the capture byte for byte to {self.project.display(os.path.join(folder, name))}",
            )
            return None
        return entry


def _advise_reading(path: str) -> None:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
    finally:
        os.close(descriptor)


class FoundFile(Protocol):
    """A file as the reader found it: an ``os.DirEntry`` from a folder's listing, or a known path."""

    @property
    def path(self) -> str: ...

    def stat(self) -> os.stat_result: ...


@dataclass(frozen=True)
class PathFile:
    """A file the project names by path (``briefing.yaml``), not found by listing a folder."""

    file: Path

    @property
    def path(self) -> str:
        return str(self.file)

    def stat(self) -> os.stat_result:
        return self.file.stat()


# ---------------------------------------------------------------- pure parsers (text → records)


def _yaml(text: str, display: str, diagnostics: Diagnostics, line_offset: int = 0) -> Any:
    try:
        return parse_yaml(text, display, line_offset)
    except ContentError as exc:
        diagnostics.error(exc.location, exc.code, exc.message, exc.hint)
        return None


def _parse_briefing(text: str, display: str) -> ParsedFile:
    diagnostics = Diagnostics()
    data = _yaml(text, display, diagnostics)
    if data is None and not text.strip():
        data = YamlMap()
        data.location, data.key_locations, data.value_locations = Location(display, 1, 1), {}, {}
        data.block_values, data.source_lines = set(), (1, 1)
    info = BRIEFING.read(data, Location(display, 1, 1), diagnostics) if data is not None else None
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
    text: str, display: str, record_id: str, schema: Schema, diagnostics: Diagnostics
) -> tuple[Any, str, int]:
    """A ``<id>.md`` file's front matter read by ``schema`` (None if unusable), its body and the body's first line."""
    front, body, body_line = _front_matter(text, display, diagnostics)
    record = schema.read(front, Location(display, 1, 1), diagnostics) if front is not None else None
    if record is not None:
        record.id = record_id
    return record, body, body_line


def _parse_source(text: str, display: str, record_id: str) -> ParsedFile:
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


def _parse_topic(text: str, display: str, record_id: str) -> ParsedFile:
    diagnostics = Diagnostics()
    topic, body, body_line = _front_matter_record(text, display, record_id, TOPIC, diagnostics)
    if topic is None:
        return ParsedFile([], diagnostics.sorted(), {record_id})
    topic.body = LocatedText(body, Location(display, body_line, 1))
    return ParsedFile([topic], diagnostics.sorted())


def _parse_annotations(text: str, display: str) -> ParsedFile:
    diagnostics = Diagnostics()
    result = ParsedFile()
    data = _yaml(text, display, diagnostics)
    if data is None:
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
        schema = ANNOTATION_SECTIONS.get(section)
        if schema is None:
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
            record = schema.read(item, items.item_location(index), diagnostics)
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


def _check_unique_ids(seen: dict[str, list[Record]], diagnostics: Diagnostics) -> None:
    for record_id, records in sorted(seen.items()):
        for duplicate in records[1:]:
            first = records[0]
            diagnostics.error(
                duplicate.location,
                "duplicate-id",
                f"id '{record_id}' is already used by the {first.kind} at {first.location}",
                "every record, source and topic needs its own id; rename one of them",
            )
