"""What Pagefind is given for a page (its search document), and the scratch folder documents wait in."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from briefing.render.renderer import SEARCHABLE
from briefing.titles import TITLE

__all__ = ["SEARCHABLE", "SearchDocuments", "memory_folder", "search_document"]
_HTML_START = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_MAIN = re.compile(rb"(<main\b[^>]*data-pagefind-body[^>]*>)(.*)</main>", re.DOTALL | re.IGNORECASE)
_STILL_READ = re.compile(rb"data-pagefind-(filter|meta|sort|ignore)\b", re.IGNORECASE)
_IGNORED_START = re.compile(rb"<([a-zA-Z][\w-]*)\b[^>]*?\sdata-pagefind-ignore(?=[\s=>/])[^>]*>", re.IGNORECASE)


class SearchDocuments:
    """The search documents of pages handed on as they were rendered (``render.PageSink``), in a scratch
    folder (in memory where there is one) until their part of the index is made: the pages' bytes need not
    be kept for it. A failure to write one is told when the index is made (``SearchIndexing``)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="briefing-search-pages-", dir=memory_folder()))
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


def memory_folder() -> str | None:
    """A folder in memory (tmpfs) for scratch copies, if the system has one: those pages are read once and
    removed, and on disk they wait in line behind the site's own writes (0.5 GB at 10,000 sources)."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None
