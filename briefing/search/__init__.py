"""Stage 5 — search: the full-text index (Pagefind), built from the rendered pages.

Pagefind's PyPI package ships its binary; its command line indexes a folder
in a fraction of a second (its Python service API takes ~100 ms per page,
and spoken to directly needs more CPU and twice the memory), so each page's
search document (``documents.py``) is written to a scratch folder, indexed
there (``pagefind.py``), and the index is read back into the site, to be
link-checked and written together with the pages. Only pages marked
``data-pagefind-body`` are indexed, with their page type and topics as filters.

A large briefing is indexed in parts, for two reasons. Pagefind holds all it
indexes in memory until it writes the index: 3.1 GB for the 28,000 pages of a
10,000-source briefing, 0.3 GB for a part of ``PART_PAGES`` pages. And a
part can be indexed as soon as its pages are rendered, while the render
workers go on with the others' (``SearchIndexing``): so a briefing of a few
thousand pages is indexed in ``OVERLAP_PARTS`` parts. The search page merges
the parts (Pagefind's ``mergeIndex``), which ``pagefind/parts.json`` names.
A page is dealt to a part by a hash of its path, so it stays there as the
briefing changes and a rebuild indexes again only the parts whose searchable
pages changed. The first part is the main bundle, ``pagefind/``; the others are
``pagefind/part-N/``, without the UI files (the search page loads only the
main bundle's).

Pagefind's filter and metadata indexes (and pagefind-entry.json, which
names them) are not byte-stable between runs of the same input — upstream
issue Pagefind#638: its fragments are stable since 1.3, those files not yet.
They are the only output files that are not; ``UNSTABLE_FILES`` names them.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from briefing.incremental.outputs import MadeFiles, MadeOutputs
from briefing.render import Site
from briefing.search.documents import SEARCHABLE, SearchDocuments, search_document
from briefing.search.pagefind import (
    SEARCH_FOLDER,
    SearchUnavailable,
    bundle_folder,
    index_part,
    pagefind_command,
    part_folder,
)

__all__ = [
    "PARTS_FILE",
    "SEARCHABLE",
    "SEARCH_FOLDER",
    "UNSTABLE_FILES",
    "add_index_to",
    "last_index",
    "SearchDocuments",
    "SearchIndexing",
    "SearchUnavailable",
    "bundle_folder",
    "pagefind_command",
    "part_count",
    "search_document",
]

PARTS_FILE = f"{SEARCH_FOLDER}/parts.json"
PARTS = "parts"  # the group of PARTS_FILE, made from the number of parts
PART_PAGES = 2_500  # the most pages of a part: at 10,000 sources, 0.3 GB of Pagefind's memory
OVERLAP_PARTS = 4  # where there are enough pages: all but one part are indexed while pages are rendered
SMALLEST_OVERLAP_PART = 600  # below this, a part's Pagefind costs more to start than it leaves to the end
PARTS_AT_ONCE = 2  # while one part's Pagefind runs, the next part's pages are moved out for it
UNSTABLE_FILES = re.compile(
    r"^pagefind/(part-\d+/)?(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$"
)

Stage = Callable[[dict[str, bytes]], None]


def _part_name(number: int) -> str:
    return f"part {number}"


def last_index(outputs: MadeOutputs) -> list[MadeFiles] | None:
    """The parts of the last index made and its listing of them, if all are kept (a part read back
    damaged is forgotten); None if there is no whole index."""
    listing = outputs.last(PARTS)
    if listing is None or listing.made_from is None:
        return None
    parts = [outputs.last(_part_name(number)) for number in range(int(listing.made_from))]
    made = [part for part in parts if part is not None]
    return [*made, listing] if len(made) == len(parts) else None


def add_index_to(site: Site, outputs: MadeOutputs) -> None:
    """Add the files of the last index made (every part and the listing the search page merges)."""
    for made in last_index(outputs) or []:
        site.add_files(made.files, made.digests)


def part_count(pages: int) -> int:
    """How many parts the index of a site of ``pages`` HTML pages is made in: parts of at most
    ``PART_PAGES`` pages, and ``OVERLAP_PARTS`` of at least ``SMALLEST_OVERLAP_PART`` where there are that
    many pages. Fixed by the pages alone, so that it is known before they are rendered."""
    return max(1, math.ceil(pages / PART_PAGES), min(OVERLAP_PARTS, pages // SMALLEST_OVERLAP_PART))


def deal(pages: Sequence[str]) -> list[list[str]]:
    """The site's HTML pages (sorted by path) dealt into the parts of the index, each part's in order."""
    count = part_count(len(pages))
    dealt: list[list[str]] = [[] for _ in range(count)]
    for path in pages:
        dealt[_part_of(path, count)].append(path)
    return dealt


def _part_of(path: str, count: int) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big") % count


def _made_from(paths: list[str], digest_of: Callable[[str], str]) -> str:
    """What a part is made from: the paths and digests of its pages that search indexes (``paths``). A page it
    does not index changes no part: the print view, which every edit of the content changes, for one."""
    return "".join(f"{path}\0{digest_of(path)}\n" for path in paths)


def _handed_on_only(path: str) -> bool:
    """A part indexed ahead indexes the pages handed on (whose documents were written) and no other."""
    return False


@dataclass
class _Ahead:
    """A part whose Pagefind was started (as its last page was handed on, or by ``update``)."""

    made_from: str
    files: Future[dict[str, bytes]] | None  # None once made: the future then no longer holds the bytes
    made: MadeFiles | None = None  # its files (without their bytes once staged) and their digests

    @property
    def done(self) -> bool:
        return self.files is None or self.files.done()

    def take(self, made: Callable[[str, dict[str, bytes]], MadeFiles]) -> MadeFiles:
        """The part, ``made`` from the files Pagefind made (raising what its run raised)."""
        if self.made is None:
            assert self.files is not None
            self.made, self.files = made(self.made_from, self.files.result()), None
        return self.made


class SearchIndexing:
    """Makes the stale parts of the index, ``PARTS_AT_ONCE`` at a time, each in a thread waiting for its
    Pagefind (a process of its own, which uses every core it gets).

    A build that hands its pages on as they are rendered (``briefing.streaming``) asks for them part by
    part (``render_order``) and tells each one handed on (``handed_on``): the moment a part's last page is,
    its Pagefind starts, while the render workers go on with the next part's pages, and only the last part
    is left when rendering ends: at 10,000 sources, a search stage of 24 s after rendering is gone. (At 1,000
    sources the workers keep both cores busy, so the build is no shorter; each Pagefind indexes a quarter of
    the pages, and the build's peak memory, which was Pagefind's, fell from 166 to 142 MB.) ``update`` then
    makes whatever part is still stale.

    ``documents``: those of the pages handed on. ``stage``: where to put each part's files as soon as it is
    made (the staged site of a build that will not build again), which the cache then keeps without their
    bytes: at 10,000 sources the index is 60 MB that the build's process would hold until the write.
    """

    def __init__(
        self,
        language: str,
        outputs: MadeOutputs,
        documents: SearchDocuments | None = None,
        stage: Stage | None = None,
    ) -> None:
        self.language, self.outputs, self.documents, self.stage = language, outputs, documents, stage
        self._pagefinds = ThreadPoolExecutor(max_workers=PARTS_AT_ONCE, thread_name_prefix="pagefind")
        self._planned: list[str] | None = None
        self._dealt: list[list[str]] = []
        self._part_of: dict[str, int] = {}  # each planned page's part, while pages are handed on
        self._waiting: list[int] = []  # by part, how many of its pages are still to be handed on
        self._searchable: dict[str, str] = {}  # the digests of the searchable pages handed on, by path
        self._ahead: dict[int, _Ahead] = {}

    def render_order(self, pages: Sequence[str], to_render: Sequence[str]) -> list[int]:
        """The order (indexes into ``to_render``) in which to render pages so that parts of the index are
        complete as early as can be: part by part. ``pages``: every HTML page the site will have."""
        self._planned = sorted(pages)
        self._dealt = dealt = deal(self._planned)
        if len(dealt) == 1:
            return list(range(len(to_render)))
        self._waiting = [len(paths) for paths in dealt]
        self._part_of = part_of = {path: number for number, paths in enumerate(dealt) for path in paths}
        return sorted(range(len(to_render)), key=lambda index: part_of.get(to_render[index], 0))

    def handed_on(self, path: str, digest: str, searchable: bool) -> None:
        """A page was handed on (its document written, if ``searchable``): start its part's Pagefind if it
        was the part's last, and stage the parts made since the last page. Raises ``SearchUnavailable`` as
        soon as a part's Pagefind failed, which stops the rendering."""
        self._stage_made()
        if searchable:
            self._searchable[path] = digest
        number = self._part_of.get(path)
        if number is not None:
            self._waiting[number] -= 1
            if not self._waiting[number]:
                self._start_ahead(number)

    def _start_ahead(self, number: int) -> None:
        if self.documents is None or self.documents.failure is not None:
            return  # the failure is told by ``update``
        paths = self._dealt[number]
        searchable = self._searchable
        made_from = _made_from([path for path in paths if path in searchable], searchable.__getitem__)
        if self.outputs.kept(_part_name(number), made_from) is not None:
            return  # the last index's part is this one
        files = self._pagefinds.submit(index_part, {}, paths, number, self.language, self.documents, _handed_on_only)
        self._ahead[number] = _Ahead(made_from, files)

    def _stage_made(self) -> None:
        for ahead in self._ahead.values():
            if ahead.made is None and ahead.done:
                ahead.take(self._made)  # raises what Pagefind's run raised: no use rendering on

    def _made(self, made_from: str, files: dict[str, bytes]) -> MadeFiles:
        made = MadeFiles.of(made_from, files)
        if self.stage is not None:
            self.stage(files)
            made = made.without_bytes()
        return made

    def update(self, site: Site, meanwhile: Callable[[], None] = lambda: None) -> None:
        """Index again the parts whose searchable pages changed in ``site``; those started ahead are taken
        as made. ``meanwhile`` runs while Pagefind indexes, if there is anything to index: on a large
        briefing that takes a minute, with about one and a half cores busy, time enough to do other work."""
        documents = self.documents
        if documents is not None and documents.failure is not None:
            raise SearchUnavailable(f"cannot write the pages for Pagefind: {documents.failure}")
        pages = sorted(path for path in site.files if path.endswith(".html"))
        assert not self._ahead or pages == self._planned, "the pages indexed ahead are not the site's pages"
        dealt = deal(pages)
        making: list[tuple[int, _Ahead]] = []
        for number, paths in enumerate(dealt):
            made_from = _made_from([path for path in paths if site.searchable(path)], site.digest)
            if self.outputs.kept(_part_name(number), made_from) is not None:
                continue
            ahead = self._ahead.get(number)
            if ahead is None or ahead.made_from != made_from:
                submitted = (site.files, paths, number, self.language, documents, site.searchable)
                files = self._pagefinds.submit(index_part, *submitted)
                ahead = _Ahead(made_from, files)
            making.append((number, ahead))
        self._dealt, self._part_of, self._waiting = [], {}, []
        if making:
            meanwhile()
            for number, ahead in making:
                self.outputs.keep(_part_name(number), ahead.take(self._made))
            self._ahead.clear()
            self._searchable.clear()
        self._list_parts(len(dealt))

    def _list_parts(self, count: int) -> None:
        """Keep the listing of the ``count`` parts made, which the search page merges (every part with a
        bundle but the main one), and forget the parts of an index of more."""
        listed = self.outputs.last(PARTS)
        listed_count = int(listed.made_from) if listed is not None and listed.made_from is not None else 0
        self.outputs.forget(_part_name(number) for number in range(count, listed_count))
        parts = [self.outputs.last(_part_name(number)) for number in range(count)]
        merged = [f"{part_folder(number)}/" for number, part in enumerate(parts) if number and part and part.digests]
        listing = json.dumps({"merge": merged}).encode()
        self.outputs.keep(PARTS, MadeFiles.of(str(count), {PARTS_FILE: listing}))

    def __enter__(self) -> SearchIndexing:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Wait for the Pagefinds still running (those not started are not), whose scratch folders they
        remove when done."""
        self._pagefinds.shutdown(wait=True, cancel_futures=True)
