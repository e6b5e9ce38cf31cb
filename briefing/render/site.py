"""The built site the layer's render assembles: every output file by path, and what is known of each.

A file's bytes are not always held. A page handed on as it was rendered (``PageSink``) is in the staged
site already; the site keeps its size and title (``StreamedPage``) and empty bytes. A file kept from the
last build by a build in a new process (restored from the store) is in the output folder as that build
wrote it: the caches hold it as ``None`` (``ON_DISK``), and :class:`SiteFiles` reads it from there when a
stage asks for it (a part of the search index made again, the PDF, a whole site swapped in), checking
its digest. At 10,000 sources that is 640 MB of pages a rebuild after one edit no longer reads.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from briefing.render.cache import CachedPage, Held, file_digest
from briefing.render.renderer import SEARCHABLE
from briefing.titles import page_title


class StreamedPage(NamedTuple):
    """What is kept of a page handed on as it was rendered (see ``PageSink``): its size and title."""

    size: int
    title: str | None


class KeptFileChanged(OSError):
    """A file kept from the last build is no longer in the output folder as that build wrote it."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.ESTALE, "a file kept from the last build changed during the build", str(path))


class SiteFiles(Mapping[str, bytes]):
    """The site's files by path, each file's bytes held or read from ``output`` (``ON_DISK``) when asked
    for; a read file's digest must be the one the site has for it (``KeptFileChanged`` otherwise). Reads are
    not kept: a stage that goes through every file holds one at a time."""

    def __init__(self, output: Path | None, digests: Mapping[str, str]) -> None:
        self.output = output
        self._held: dict[str, Held] = {}
        self._digests = digests

    def __getitem__(self, path: str) -> bytes:
        data = self._held[path]
        return data if data is not None else self._read(path)

    def __iter__(self) -> Iterator[str]:
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)

    def __contains__(self, path: object) -> bool:  # Mapping's would read the file
        return path in self._held

    def is_held(self, path: str) -> bool:
        return self._held[path] is not None

    def put(self, path: str, data: Held) -> None:
        self._held[path] = data

    def update(self, files: Mapping[str, Held]) -> None:
        self._held.update(files)

    def _read(self, path: str) -> bytes:
        if self.output is None:
            raise AssertionError(f"{path} has no bytes and the site no output folder to read them from")
        location = self.output / path
        try:
            data = location.read_bytes()
        except FileNotFoundError:
            raise KeptFileChanged(location) from None
        if file_digest(data) != self._digests[path]:
            raise KeptFileChanged(location)
        return data


@dataclass
class Site:
    """The built site: output path → bytes (``files``; see the module's docstring for files whose bytes are
    not held).

    ``output``: the folder the bytes of files kept ``ON_DISK`` are read from. A page handed on to a
    ``PageSink`` as it was rendered is listed in ``streamed``, and its bytes in ``files`` are empty: only
    its path, digest, size and title are kept."""

    output: Path | None = None
    rendered: int = 0
    reused: int = 0
    processes: int = 1  # that rendered the pages: more than one when they were rendered in forked workers
    postponed: list[str] = field(default_factory=list)  # deferred pages whose previous version was kept
    streamed: dict[str, StreamedPage] = field(default_factory=dict)
    pages: Mapping[str, CachedPage] = field(default_factory=dict, repr=False)  # the rendered pages, as kept
    _digests: dict[str, str] = field(default_factory=dict, repr=False)
    files: SiteFiles = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.files = SiteFiles(self.output, self._digests)

    def size(self, path: str) -> int:
        streamed = self.streamed.get(path)
        return len(self.files[path]) if streamed is None else streamed.size

    def title(self, path: str) -> str | None:
        """A page's title (see ``titles.page_title``)."""
        streamed = self.streamed.get(path)
        return page_title(self.files[path]) if streamed is None else streamed.title

    def searchable(self, path: str) -> bool:
        """Whether search indexes a page: as found when it was rendered, or in its bytes (a static file's)."""
        page = self.pages.get(path)
        return page.searchable if page is not None else SEARCHABLE in self.files.get(path, b"")

    def digest(self, path: str) -> str:
        """A digest of one output file, computed once per build (files are added, never replaced)."""
        if path not in self._digests:
            self._digests[path] = file_digest(self.files[path])
        return self._digests[path]

    def digests(self) -> dict[str, str]:
        """The digest of every file, by path."""
        if len(self._digests) != len(self.files):
            for path in self.files.keys() - self._digests.keys():
                self.digest(path)
        return self._digests

    def add(self, path: str, data: bytes, digest: str | None = None) -> None:
        """Add a file (with its digest, if known: a rendered page carries its own)."""
        self.files.put(path, data)
        self._digests[path] = digest or file_digest(data)

    def add_files(self, files: Mapping[str, Held], digests: dict[str, str]) -> None:
        """Add files whose digests (``file_digests``) a cache kept with them; bytes ``ON_DISK`` included."""
        self.files.update(files)
        self._digests.update(digests)
