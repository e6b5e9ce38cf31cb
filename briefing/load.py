"""Stage 1 — load: read ``content/`` into typed records.

Every record keeps the file and line it came from. Files that cannot be read
are reported and skipped, so one run reports every problem in the project.
Each file is parsed by a pure function of its text (``briefing.parse``), and
read through the :class:`~briefing.incremental.loadcache.LoadCache` it is given,
which says whether a file must be read and parsed again; load reads the whole
project either way (a rebuild told which files changed is the incremental
layer's: ``briefing.incremental.loading``). Which files are read, and that none
is outside the project, is ``briefing.discover``'s to say.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.diagnostics import Diagnostics, Location
from briefing.discover import Finder
from briefing.editions import read_previous
from briefing.files import ContentFile, Refused, printable
from briefing.ids import id_problem
from briefing.incremental.loadcache import FoundFile, LoadCache
from briefing.model import Briefing, BriefingInfo, Record, Source, Topic
from briefing.parse import ParsedFile, parse_annotations, parse_briefing, parse_source, parse_topic
from briefing.project import Project
from briefing.yamlio import ContentError

MAX_RAW_BYTES = 20 * 1024 * 1024
ENTITY_KINDS = ("person", "country", "organization", "place")
CONTENT_SUFFIXES = (".md",)
ANNOTATION_SUFFIXES = (".yaml", ".yml")


def load(project: Project, diagnostics: Diagnostics, cache: LoadCache | None = None) -> Briefing | None:
    """Read the whole project; returns None only if briefing.yaml itself is unusable."""
    return load_files(project, diagnostics, cache or LoadCache()).briefing


@dataclass
class LoadedFiles:
    """A load, with what it learnt of the files: which records each yielded, which sources name each capture."""

    briefing: Briefing | None
    records_of: dict[str, tuple[Record, ...]]  # by content file
    sources_of: dict[str, list[str]]  # raw capture or captured page → the sources that name it
    clean: bool  # whether it reported no problem


def load_files(project: Project, diagnostics: Diagnostics, cache: LoadCache) -> LoadedFiles:
    """Read the whole project, every file through ``cache`` (which says whether it must be read again).

    Through a cache that has read nothing yet, the files are likely not in the kernel's page cache either:
    it is told first which files are about to be read (``ContentReader.read_ahead``).
    """
    problems_before = len(diagnostics)
    reader = ContentReader(project, diagnostics, cache)
    if cache.is_empty:
        reader.read_ahead([project.sources_dir, project.annotations_dir, project.topics_dir])
    if reader.finder.content is None:
        return LoadedFiles(None, {}, {}, False)
    info = reader.briefing_info()
    briefing = Briefing(info=info or BriefingInfo(id="briefing"), files=reader.files)
    if info is not None and info.previous_edition:  # an input of the build like any content file
        found = read_previous(project, info, cache, diagnostics)
        if found is not None:
            display, reader.files[display], briefing.previous = found
    for source in reader.markdown_records(project.sources_dir, parse_source, subfolders=True):
        assert isinstance(source, Source)
        briefing.sources[source.id] = source
        add_captures(reader, briefing, source)
    for record in reader.annotations():
        _table_for(briefing, record).setdefault(record.id, record)
    for topic in reader.markdown_records(project.topics_dir, parse_topic):
        assert isinstance(topic, Topic)
        briefing.topics[topic.id] = topic
    reader.finder.note_unread_in_content()
    reader.finder.report_unread({*reader.files, *reader.sources_of})
    briefing.broken_ids = reader.broken_ids
    _check_unique_ids(reader.seen, diagnostics)
    clean = info is not None and len(diagnostics) == problems_before
    return LoadedFiles(briefing if info else None, reader.records_of, reader.sources_of, clean)


def parser_for(project: Project, path: str) -> Callable[[str, str], ParsedFile] | None:
    """How load parses a file of one of the folders it reads; None for briefing.yaml and anything else."""
    folder, name = os.path.split(path)
    stem, suffix = os.path.splitext(name)
    if folder == str(project.sources_dir) and suffix == ".md":
        return lambda text, display: parse_source(text, display, stem)
    if folder == str(project.topics_dir) and suffix == ".md":
        return lambda text, display: parse_topic(text, display, stem)
    if folder == str(project.annotations_dir) and suffix in ANNOTATION_SUFFIXES:
        return parse_annotations
    return None


def _table_for(briefing: Briefing, record: Record) -> dict[str, Any]:
    return getattr(briefing, table_name(record))


def table_name(record: Record) -> str:
    return "entities" if record.kind in ENTITY_KINDS else record.kind + "s"


def add_captures(reader: ContentReader, briefing: Briefing, source: Source) -> None:
    """Read a source's raw capture and captured page (if it names one) into the briefing."""
    raw = reader.raw_capture(source)
    if raw is not None:
        briefing.raw_captures[source.id], briefing.raw_digests[source.id] = raw
    if source.capture:
        digest = reader.capture_digest(source)
        if digest is not None:
            briefing.capture_digests[source.id] = digest


class ContentReader:
    """Reads one build's content files, found by a :class:`~briefing.discover.Finder` (inside the project
    only), through the load cache."""

    def __init__(self, project: Project, diagnostics: Diagnostics, cache: LoadCache) -> None:
        self.project = project
        self.diagnostics = diagnostics
        self.cache = cache
        self.finder = Finder(project, diagnostics)
        self.files: dict[str, bytes] = {}  # content files' texts, in UTF-8
        self.records_of: dict[str, tuple[Record, ...]] = {}
        self.sources_of: dict[str, list[str]] = {}  # capture files: the sources that name them
        self.seen: dict[str, list[Record]] = {}
        self.broken_ids: set[str] = set()

    def parsed(self, file: FoundFile, parser: Callable[[str, str], ParsedFile]) -> list[Record]:
        """Read a file and parse it (or reuse the parse of the same text), keeping its records and problems."""
        display = self.finder.display(file.path)
        try:
            read = self.cache.read(file, display)
        except ContentError as exc:
            self.diagnostics.error(exc.location, exc.code, exc.message, exc.hint)
            return []
        self.files[display] = read.data
        result = self.cache.parse(display, read, parser)
        self.records_of[display] = tuple(result.records)
        self.diagnostics.extend(result.diagnostics)
        self.broken_ids |= result.broken_ids
        for record in result.records:
            self.seen.setdefault(record.id, []).append(record)
        return result.records

    def briefing_info(self) -> BriefingInfo | None:
        path = str(self.project.briefing_file)
        missing = Refused("missing-file", "is missing", "create it: every project has a content/briefing.yaml")
        try:
            file = self.finder.named_file(path, missing)
        except Refused as refusal:
            message = f"briefing.yaml {refusal.reason}; it is not read"
            self.diagnostics.error(Location(self.finder.display(path)), refusal.code, message, refusal.hint)
            return None
        records = self.parsed(file, parse_briefing)
        info = records[0] if records and isinstance(records[0], BriefingInfo) else None
        if info is not None:
            self.seen.pop("briefing", None)
        return info

    def read_ahead(self, folders: list[Path]) -> None:
        """Tell the kernel that the files of these folders (and of their subfolders: raw captures) are about
        to be read, so that it reads them from disk all at once rather than each when the build asks for it.
        A cold build of 10,000 sources (20,000 files) waited about 5 s for the disk otherwise, when the files
        were not in the page cache. Only folders inside content/ are listed; links are not followed."""
        if not hasattr(os, "posix_fadvise"):
            return
        for folder in folders:
            real, listing = self.finder.listing(str(folder))
            for entry in listing.values():
                if real is not None and entry.is_dir(follow_symlinks=False):
                    self.read_ahead([Path(folder, entry.name)])
                elif entry.is_file(follow_symlinks=False):
                    _advise_reading(entry.path)

    def markdown_records(
        self, folder: Path, parser: Callable[[str, str, str], ParsedFile], subfolders: bool = False
    ) -> list[Record]:
        """``<id>.md`` files with front matter (sources, topics); the id comes from the file name."""
        records: list[Record] = []
        for file in self.finder.files(str(folder), CONTENT_SUFFIXES, subfolders):
            name = os.path.basename(file.path)
            stem = name[: -len(".md")]
            problem = id_problem(stem)
            if problem is not None:
                self.diagnostics.error(
                    Location(self.finder.display(file.path)),
                    problem.code,
                    f"file name '{printable(name)}' does not give a valid id: {problem.message}",
                    problem.hint + "; rename the file",
                )
                continue
            records += self.parsed(file, lambda text, display, stem=stem: parser(text, display, stem))
        return records

    def annotations(self) -> list[Record]:
        records: list[Record] = []
        for file in self.finder.files(str(self.project.annotations_dir), ANNOTATION_SUFFIXES):
            records += self.parsed(file, parse_annotations)
        return records

    def raw_capture(self, source: Source) -> tuple[bytes, str] | None:
        """Read a source's raw capture, refusing any path that leaves ``content/sources/``."""
        raw_file = self._source_file(source, "raw", "raw capture")
        if raw_file is None:
            return None
        display = self.finder.display(raw_file.path)
        self.sources_of.setdefault(display, []).append(source.id)
        try:
            raw = self.cache.read(raw_file, display, limit=MAX_RAW_BYTES, raw=True)
        except ContentError as exc:
            self.diagnostics.error(exc.location, exc.code, exc.message, exc.hint)
            return None
        return raw.data, raw.sha256

    def capture_digest(self, source: Source) -> str | None:
        """The sha256 of the HTML page a source's raw text was extracted from."""
        capture = self._source_file(source, "capture", "captured page")
        if capture is None:
            return None
        display = self.finder.display(capture.path)
        self.sources_of.setdefault(display, []).append(source.id)
        try:
            return self.cache.bytes_sha256(capture, display, MAX_RAW_BYTES)
        except ContentError as exc:
            self.diagnostics.error(
                source.where("capture"), exc.code, f"captured page '{source.capture}': {exc.message}", exc.hint
            )
            return None

    def _source_file(self, source: Source, field: str, what: str) -> ContentFile | None:
        """A file a source names in ``field``, if it is a file inside ``content/sources/``; otherwise report
        why not, at the line of that field."""
        relative = getattr(source, field)
        folder = self.project.sources_dir
        where = self.finder.display(os.path.normpath(os.path.join(folder, relative)))
        missing = Refused("missing-raw", "does not exist", f"copy the capture byte for byte to {where}")
        try:
            return self.finder.source_file(relative, missing)
        except Refused as refusal:
            message = f"{what} path '{printable(relative)}' {refusal.reason}"
            if refusal.code == "missing-raw":
                message = f"{what} '{printable(relative)}' {refusal.reason}"
            self.diagnostics.error(source.where(field), refusal.code, message, refusal.hint)
            return None


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
