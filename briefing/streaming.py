"""Pages handed on as they are rendered, so that a build that assembles a new site need not hold them all.

A cold build used to keep every page's bytes until the write stage: 50 MB of pages at 1,000 sources (half
a gigabyte at 10,000), on top of what rendering, linking and the search index hold. Each searchable page
(a record's page: most of the site) is now done with as soon as it is rendered: its links and ids are read
for the link check, its title kept for the title check, its search document written for Pagefind, and the
page itself written into the staged site, which the write stage swaps in whole. Only its path, digest, size
and title stay in memory (``render.StreamedPage``).

The few other pages (index pages, the print view, which the PDF is made from) are kept, as are all pages of
a builder that builds again (``serve`` reuses their bytes) or that updates the output in place.
"""

from __future__ import annotations

from briefing.linkcheck import LinkIndex
from briefing.output import StagedSite
from briefing.render import PageSink, StreamedPage
from briefing.search import SEARCHABLE, SearchDocuments
from briefing.titles import page_title


def page_sink(links: LinkIndex, staged: StagedSite, documents: SearchDocuments) -> PageSink:
    """A sink for ``render`` that reads each searchable page into ``links``, writes it into ``staged`` and its
    search document into ``documents``, and lets go of its bytes."""
    read_links = links.reader()

    def take(path: str, data: bytes, digest: str) -> StreamedPage | None:
        if SEARCHABLE not in data:
            return None
        read_links(path, data, digest)
        staged.add_ahead({path: data})
        documents.add(path, data)
        return StreamedPage(len(data), page_title(data))

    return take
