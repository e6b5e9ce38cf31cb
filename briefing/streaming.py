"""Pages handed on as they are rendered, so that a build that assembles a new site need not hold them all.

A cold build used to keep every page's bytes until the write stage: 50 MB of pages at 1,000 sources (half
a gigabyte at 10,000), on top of what rendering, linking and the search index hold, and it read every
page's links in the build's process after rendering. Each page is now done with in the process that
rendered it, a render worker where there are many: its links and ids are read for the link check, its
title kept for the title check, the page is written into the staged site (which the write stage swaps in
whole) and, if it is searchable, its search document into a scratch folder for Pagefind. Only what was
found (``HandedOn``) comes back to the build's process, which records it; the site keeps the page's path,
digest, size and title (``render.StreamedPage``).

Every page is handed on so, but the print view when a PDF is made from it; a builder that builds again
(``serve`` reuses the pages' bytes) or that updates the output in place keeps them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefing.linkcheck import LinkIndex, PageLinks, PageReader, SharedTargets
from briefing.output import StagedSite
from briefing.render import StreamedPage
from briefing.search import SearchDocuments, SearchIndexing
from briefing.titles import page_title


@dataclass(frozen=True)
class HandedOn:
    """What the process that rendered a page did with it, for the build's process to record."""

    size: int
    title: str | None
    links: PageLinks
    searchable: bool  # its search document was written (or failed to be)
    written: bool  # into the staged site; False: hard-linked from the output, which holds the same bytes
    staging_failure: OSError | None
    document_failure: OSError | None


class PageStream:
    """The ``render.PageSink`` of a build that assembles a new site in ``staged``."""

    def __init__(
        self,
        links: LinkIndex,
        staged: StagedSite,
        documents: SearchDocuments,
        indexing: SearchIndexing,
        keep: frozenset[str] = frozenset(),
    ) -> None:
        """``indexing``: makes each part of the search index once its pages are handed on. ``keep``: the
        pages whose bytes a later stage needs (the print view, when a PDF is made of it)."""
        self.links = links
        self.staged = staged
        self.documents = documents
        self.indexing = indexing
        self.keep = keep
        self._reader = PageReader()  # each forked worker uses its own copy, and its memo of tags
        self._shared: SharedTargets = {}

    def render_order(self, pages: Sequence[str], to_render: Sequence[str]) -> list[int]:
        """Part of the search index by part, so that each part is indexed while the next is rendered."""
        return self.indexing.render_order(pages, to_render)

    def hand_on(self, path: str, data: bytes, searchable: bool) -> HandedOn | None:
        """Done in the process that rendered the page; None for a page whose bytes the site keeps."""
        if path in self.keep:
            return None
        links = self._reader.page_links(path, data)
        written, staging_failure, document_failure = False, None, None
        try:
            written = self.staged.put(path, data)
        except OSError as failure:
            staging_failure = failure
        try:
            if searchable:
                self.documents.write(path, data)
        except OSError as failure:
            document_failure = failure
        return HandedOn(len(data), page_title(data), links, searchable, written, staging_failure, document_failure)

    def take(self, path: str, digest: str, handed: HandedOn) -> StreamedPage:
        """Done in the build's process: record what ``hand_on`` did. A link target read in a worker comes
        back as a tuple of its own; the index keeps one tuple per target, as ``PageReader`` shares them."""
        self.links.take(path, digest, handed.links.sharing(self._shared))
        if handed.staging_failure is None:
            self.staged.record(path, handed.written)
        else:
            self.staged.fail(handed.staging_failure)
        if handed.searchable:
            self.documents.record(path, handed.document_failure)
        self.indexing.handed_on(path, digest, handed.searchable)
        return StreamedPage(handed.size, handed.title)
