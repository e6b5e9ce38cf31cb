"""What loading keeps between builds of one process: files read, and what their text parsed to.

A file is read again only when stat says it changed (or it changed too recently for stat to tell), and
parsed again only when its text changed, so a rebuild costs what changed.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from briefing.diagnostics import Location
from briefing.files import read_bytes
from briefing.incremental.fingerprint import bytes_digest
from briefing.model import Briefing, Record
from briefing.parse import ParsedFile
from briefing.yamlio import MAX_CONTENT_BYTES, ContentError, decode_text, decoding_changes

FileKey = tuple[int, int, int, int]  # what stat says about a file: device, inode, size, modification time (ns)
# A file modified this recently may be modified again within the file system's timestamp resolution without
# its stat changing, so it is read again on every build until it is older (git calls such entries "racy").
SETTLED_NS = 2_000_000_000


@dataclass
class _ReadFile:
    """A file as last read: ``data`` is its text in UTF-8 (as ``decode_text`` gives it: a content file's
    line ends made LF, a raw capture's exact bytes). Kept as bytes, not str: a text with one character
    beyond Latin-1 takes two or four bytes a character as a str, and a 10,000-source briefing's files and
    captures took 186 MB so, 103 MB as bytes."""

    key: FileKey
    settled: bool
    data: bytes
    sha256: str = ""

    @property
    def text(self) -> str:
        """The text, decoded again on each call (it was checked when read)."""
        return self.data.decode("utf-8", "surrogatepass")


# A file as the store keeps it: its path as shown; what stat said (key, settled, sha256); its text as read,
# in UTF-8; the digest of the text last parsed, that text if it is not the one read, and what it parsed to.
SavedStat = tuple[FileKey, bool, str]
SavedFile = tuple[str, "SavedStat | None", "bytes | None", "tuple[str, bytes | None, ParsedFile] | None"]


@dataclass
class CleanLoad:
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
        self._entries: dict[str, tuple[str, bytes, ParsedFile]] = {}  # by file: digest and text parsed, result
        self._files: dict[str, _ReadFile] = {}
        self.reads = 0  # files read from disk so far, as opposed to reused
        self.edition: tuple[bytes, object] | None = None  # the previous edition's text and what it said
        self.clean: CleanLoad | None = None

    def knows(self, display: str) -> bool:
        """Whether the last load read this file (serve's watcher follows it, wherever it is)."""
        return display in self._files

    @property
    def is_empty(self) -> bool:
        """Whether no file has been read yet: the next load reads every one."""
        return not self._files

    def saved(self) -> Iterator[SavedFile]:
        """Each file as the store keeps it: what stat said, its text and what the text parsed to. Not the
        last clean load: another process cannot know which files changed since."""
        for display in sorted(self._files.keys() | self._entries.keys()):
            read, parsed = self._files.get(display), self._entries.get(display)
            data = read.data if read is not None else None
            parsed_data = None if parsed is None or parsed[1] is data else parsed[1]
            yield (
                display,
                None if read is None else (read.key, read.settled, read.sha256),
                data,
                None if parsed is None else (parsed[0], parsed_data, parsed[2]),
            )

    def restore(self, files: Iterable[SavedFile]) -> None:
        for display, stat, data, parsed in files:
            if stat is not None and data is not None:
                key, settled, sha256 = stat
                self._files[display] = _ReadFile(key, settled, data, sha256)
            if parsed is not None:
                digest, parsed_data, result = parsed
                parsed_data = data if parsed_data is None else parsed_data
                if parsed_data is not None:
                    self._entries[display] = (digest, parsed_data, result)

    def restore_records(self, display: str, records: list[Record]) -> None:
        """More of the records of a file ``restore`` took back without them (saved apart: see ``snapshot``)."""
        entry = self._entries.get(display)
        if entry is not None:
            entry[2].records.extend(records)

    def parse(self, display: str, read: _ReadFile, parser: Callable[[str, str], ParsedFile]) -> ParsedFile:
        """What the text of ``read`` parses to; the last result while the text is the same."""
        entry = self._entries.get(display)
        if entry is not None and entry[1] is read.data:  # the text read last time, not read again: no need to hash it
            return entry[2]
        digest = bytes_digest(read.data)
        if entry is not None and entry[0] == digest:
            self._entries[display] = (digest, read.data, entry[2])
            return entry[2]
        result = parser(read.text, display)
        self._entries[display] = (digest, read.data, result)
        return result

    def read(self, file: FoundFile, display: str, limit: int = MAX_CONTENT_BYTES, raw: bool = False) -> _ReadFile:
        """A content file's text (see ``decode_text``), or a raw capture's exact text and the sha256 of its
        bytes, reused while stat says the file is unchanged. Raises ContentError."""

        def read() -> tuple[bytes, str]:
            data = read_bytes(file, display, limit)
            text = decode_text(data, display, exact=raw)
            if not raw and decoding_changes(data):
                data = text.encode("utf-8")
            return data, hashlib.sha256(data).hexdigest() if raw else ""

        return self._unless_changed(file, display, read)

    def bytes_sha256(self, file: FoundFile, display: str, limit: int) -> str:
        """The sha256 of a file read as bytes (a captured HTML page), reused while stat says it is unchanged."""
        read = lambda: (b"", hashlib.sha256(read_bytes(file, display, limit)).hexdigest())  # noqa: E731
        return self._unless_changed(file, display, read).sha256

    def _unless_changed(self, file: FoundFile, display: str, read: Callable[[], tuple[bytes, str]]) -> _ReadFile:
        try:
            stat = file.stat()
        except OSError as exc:  # gone since it was listed
            raise ContentError(
                Location(display), "unreadable", f"cannot read this file: {exc.strerror or exc}"
            ) from None
        key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        known = self._files.get(display)
        if known is None or known.key != key or not known.settled:
            settled = time.time_ns() - stat.st_mtime_ns > SETTLED_NS
            known = _ReadFile(key, settled, *read())
            self._files[display] = known
            self.reads += 1
        return known


class FoundFile(Protocol):
    """A file to read: ``path`` as the project names it, ``real`` where it is (links resolved)."""

    @property
    def path(self) -> str: ...

    @property
    def real(self) -> str: ...

    def stat(self) -> os.stat_result: ...


@dataclass(frozen=True)
class PathFile:
    """A file named by a path checked elsewhere (the previous edition), not found by listing a folder."""

    file: Path

    @property
    def path(self) -> str:
        return str(self.file)

    @property
    def real(self) -> str:
        return os.path.realpath(self.file)

    def stat(self) -> os.stat_result:
        return self.file.stat()
