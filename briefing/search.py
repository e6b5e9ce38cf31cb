"""The full-text search index (Pagefind), built from the rendered pages.

Pagefind's PyPI package ships its binary; its command line indexes a folder
in a fraction of a second (its Python service API takes ~100 ms per page),
so the pages are written to a scratch folder, indexed there, and the index
is read back into the site, to be link-checked and written together with
the pages. Only pages marked ``data-pagefind-body`` are indexed, with their
page type and topics as filters.

A large briefing is indexed in parts. Pagefind holds all it indexes in memory
until it writes the index: 3.1 GB for the 28,000 pages of a 10,000-source
briefing. Dealt into parts of about ``PART_BYTES`` of pages each (eleven
there), each part's Pagefind needs 0.35 GB at most; two parts are indexed at
a time, so that one part's pages are copied out while the other's Pagefind
runs, and the copies go to a folder in memory where there is one. The search
page merges the parts (Pagefind's ``mergeIndex``), which
``pagefind/parts.json`` names. A page is dealt to a part by a hash of its
path, so it stays there as the briefing changes and a rebuild indexes again
only the parts whose pages changed. The first part is the main bundle,
``pagefind/``; the others are ``pagefind/part-N/``, without the UI files
(the search page loads only the main bundle's).

Pagefind's filter and metadata indexes (and pagefind-entry.json, which
names them) are not byte-stable between runs of the same input — upstream
issue Pagefind#638: its fragments are stable since 1.3, those files not yet.
They are the only output files that are not; ``UNSTABLE_FILES`` names them.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.render import Site
from briefing.render.cache import file_digest, file_digests
from briefing.titles import TITLE

SEARCH_FOLDER = "pagefind"
PARTS_FILE = f"{SEARCH_FOLDER}/parts.json"
PART_BYTES = 48_000_000
PARTS_AT_ONCE = 2  # while one part's Pagefind runs, the next part's pages are written out for it
UNSTABLE_FILES = re.compile(
    r"^pagefind/(part-\d+/)?(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$"
)
_UI_FILE = re.compile(r"^pagefind-(ui|modular-ui|component-ui|highlight)\.")
SEARCHABLE = b"data-pagefind-body"
_HTML_START = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_MAIN = re.compile(rb"(<main\b[^>]*data-pagefind-body[^>]*>)(.*)</main>", re.DOTALL | re.IGNORECASE)
_STILL_READ = re.compile(rb"data-pagefind-(filter|meta|sort|ignore)\b", re.IGNORECASE)
_IGNORED_START = re.compile(rb"<([a-zA-Z][\w-]*)\b[^>]*?\sdata-pagefind-ignore(?=[\s=>/])[^>]*>", re.IGNORECASE)


class SearchUnavailable(Exception):
    """Pagefind is not installed or failed."""


@dataclass
class IndexPart:
    """One part of the index: its files (by path in the site) with their digests, and the pages it was
    made from (each page's path and digest; None if it was never made)."""

    pages: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)


@dataclass
class SearchCache:
    """The parts of the last index made, kept for the next build."""

    parts: list[IndexPart] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether there is an index whose every part was made (a part read back damaged is forgotten)."""
        return bool(self.parts) and all(part.pages is not None for part in self.parts)

    def without_bytes(self) -> SearchCache:
        """These parts without their files' bytes (the output folder holds them), their digests kept."""
        return replace(self, parts=[replace(part, files=dict.fromkeys(part.files, b"")) for part in self.parts])

    def add_to(self, site: Site) -> None:
        """Add the files of every part to the site, and the list of parts the search page merges."""
        for part in self.parts:
            site.add_files(part.files, part.digests)
        merged = [f"{_part_folder(number)}/" for number, part in enumerate(self.parts) if number and part.files]
        listing = json.dumps({"merge": merged}).encode()
        site.add(PARTS_FILE, listing, file_digest(listing))


class SearchDocuments:
    """The search documents of pages handed on as they were rendered (``render.PageSink``), in a scratch
    folder (in memory where there is one) until their part of the index is made: the pages' bytes need not
    be kept for it. A failure to write one is told when the index is made (``update_search_index``)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="briefing-search-pages-", dir=_memory_folder()))
        self.paths: set[str] = set()
        self.failure: OSError | None = None

    def write(self, path: str, page: bytes) -> None:
        """Write a page's document, without recording it (``record`` does): safe in a forked process."""
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(search_document(page))

    def record(self, path: str, failure: OSError | None = None) -> None:
        """Record a document written by ``write``, or the failure to write it."""
        if failure is None:
            self.paths.add(path)
        else:
            self.failure = self.failure or failure

    def move(self, path: str, target: Path) -> None:
        """Move a page's document to ``target`` (in the same file system: the scratch folders' parent)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.folder / path, target)

    def __enter__(self) -> SearchDocuments:
        return self

    def __exit__(self, *exc_info: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def update_search_index(
    site: Site,
    language: str,
    cache: SearchCache,
    meanwhile: Callable[[], None] = lambda: None,
    documents: SearchDocuments | None = None,
    stage: Callable[[dict[str, bytes]], None] | None = None,
) -> None:
    """Index again the parts of ``cache`` whose pages changed in ``site``. ``documents``: those of the pages
    whose bytes ``site`` does not hold (``site.streamed``). ``stage``: where to put each part's files as
    soon as it is made (the staged site of a build that will not build again), which ``cache`` then keeps
    without their bytes: at 10,000 sources the index is 60 MB that the build's process held until the write.

    ``meanwhile`` runs while Pagefind indexes, if there is anything to index: on a large briefing that takes
    a minute, with about one and a half cores busy, time enough to do other work of the build.
    """
    if documents is not None and documents.failure is not None:
        raise SearchUnavailable(f"cannot write the pages for Pagefind: {documents.failure}")
    pages = sorted(path for path in site.files if path.endswith(".html"))
    count = max(1, math.ceil(sum(site.size(path) for path in pages) / PART_BYTES))
    dealt: list[list[str]] = [[] for _ in range(count)]
    for path in pages:
        dealt[_part_of(path, count)].append(path)
    if len(cache.parts) != count:
        cache.parts = [IndexPart() for _ in range(count)]
    stale: list[tuple[int, str, list[str]]] = []
    for number, paths in enumerate(dealt):
        made_from = "".join(f"{path}\0{site.digest(path)}\n" for path in paths)
        if made_from != cache.parts[number].pages:
            stale.append((number, made_from, paths))
    if not stale:
        return
    with ThreadPoolExecutor(max_workers=PARTS_AT_ONCE) as indexers:
        try:
            indexing = [
                indexers.submit(_index_part, site.files, paths, number, language, documents)
                for number, _, paths in stale
            ]
            meanwhile()
            for (number, made_from, _), part in zip(stale, indexing, strict=True):
                files = part.result()
                digests = file_digests(files)
                if stage is not None:
                    stage(files)
                    files = dict.fromkeys(files, b"")
                cache.parts[number] = IndexPart(made_from, files, digests)
        except BaseException:
            indexers.shutdown(cancel_futures=True)
            raise


def _part_of(path: str, count: int) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big") % count


def _part_folder(number: int) -> str:
    return f"part-{number}"


def _folder(number: int) -> str:
    """Where a part's bundle is in the site: the first is the main bundle."""
    return f"{SEARCH_FOLDER}/{_part_folder(number)}" if number else SEARCH_FOLDER


def _index_part(
    files: dict[str, bytes], paths: list[str], number: int, language: str, documents: SearchDocuments | None
) -> dict[str, bytes]:
    """The files of one part's bundle, by path in the site; none for a part (but the main one) with no
    searchable page."""
    written = documents.paths if documents is not None else set()
    searchable = [path for path in paths if path in written or SEARCHABLE in files[path]]
    if number and not searchable:
        return {}
    with tempfile.TemporaryDirectory(prefix="briefing-search-", dir=_memory_folder()) as scratch:
        site = Path(scratch) / "site"
        for path in searchable:
            target = site / path
            if path in written:
                assert documents is not None
                documents.move(path, target)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(search_document(files[path]))
        site.mkdir(exist_ok=True)
        output = Path(scratch) / "index"
        _run_pagefind(site, output, language)
        folder = _folder(number)
        return {
            f"{folder}/{path.relative_to(output).as_posix()}": path.read_bytes()
            for path in sorted(output.rglob("*"))
            if path.is_file() and not (number and _UI_FILE.match(path.name))
        }


def search_document(page: bytes) -> bytes:
    """What Pagefind is given for a page: its ``<html>`` start tag, its ``<title>`` and its searchable
    ``<main>``, without the elements marked ``data-pagefind-ignore``. Pagefind indexes only that part of a
    page anyway, but it parses the whole of it: on a 1,000-source briefing the header, navigation, footer,
    structured data and ignored sections are 60% of the bytes and a third of Pagefind's time. The index
    made from these documents is the one made from the whole pages (tests/test_search_documents.py)."""
    main = _MAIN.search(page)
    if main is None:
        return page
    start = _HTML_START.search(page)
    title = TITLE.search(page)
    return b"".join(
        (
            b"<!doctype html>",
            start.group(0) if start else b"<html>",
            b"<head>" + (title.group(0) if title else b"") + b"</head><body>",
            main.group(1) + _without_ignored(main.group(2)) + b"</main>",
            b"</body></html>",
        )
    )


def _without_ignored(html: bytes) -> bytes:
    """``html`` without its elements marked ``data-pagefind-ignore`` (each up to its matching end tag)."""
    kept: list[bytes] = []
    position = 0
    while (ignored := _IGNORED_START.search(html, position)) is not None:
        end = _element_end(html, ignored.group(1), ignored.end())
        if _STILL_READ.search(html, ignored.end(), end):  # Pagefind reads these inside ignored parts too
            kept.append(html[position:end])
        else:
            kept.append(html[position : ignored.start()])
        position = end
    kept.append(html[position:])
    return b"".join(kept)


def _element_end(html: bytes, name: bytes, position: int) -> int:
    """Where the element named ``name`` whose start tag ends at ``position`` ends: after its end tag,
    counting the same elements nested in it; the end of ``html`` if it has none."""
    tags = re.compile(rb"<(/?)" + re.escape(name) + rb"\b[^>]*>", re.IGNORECASE)
    depth = 1
    for tag in tags.finditer(html, position):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return len(html)


def _memory_folder() -> str | None:
    """A folder in memory (tmpfs) for a part's scratch copy, if the system has one: those pages are read
    once and removed, and on disk they wait in line behind the site's own writes (0.5 GB at 10,000 sources)."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def pagefind_command(site: Path, output: Path, language: str) -> list[str]:
    """The command that indexes the pages in ``site`` into ``output``: the binary of the ``pagefind[bin]``
    package, which ``python -m pagefind`` finds and replaces itself with. benchmarks/ runs Pagefind over
    Hugo's output with it, to index it as the build does."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-path",
        str(output),
        "--force-language",
        language or "en",
        "--quiet",
    ]


def _run_pagefind(site: Path, output: Path, language: str) -> None:
    command = pagefind_command(site, output, language)
    try:
        indexing = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except OSError as exc:
        raise SearchUnavailable(f"cannot run Pagefind: {exc}") from None
    if indexing.returncode != 0:
        message = (indexing.stderr or indexing.stdout).strip().splitlines()
        raise SearchUnavailable(
            "Pagefind failed: "
            + (message[-1] if message else f"exit {indexing.returncode}")
            + " (it is installed with: pip install 'pagefind[bin]')"
        )
