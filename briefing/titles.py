"""Every page's ``<title>`` must be distinct: it names the page in tabs, bookmarks, history and search results.

The templates build titles from what tells records apart (a quote's words, an event's date), but two records
may still share them (two events with one title on one day): the build warns, naming the pages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping

from briefing.diagnostics import Diagnostics, Location
from briefing.incremental.memo import differing_keys

TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)


def page_title(data: bytes) -> str | None:
    """The text of a page's first ``<title>``, unescaped and with its white space collapsed."""
    match = TITLE.search(data)
    if match is None:
        return None
    return " ".join(html.unescape(match.group(1).decode("utf-8", "replace")).split())


class TitleIndex:
    """Each HTML page's title, kept between builds: a page's title is read again only when its digest changes,
    and the titles that several pages share are known without going through every page (at 10,000 sources,
    reading the 28,000 titles again took most of a one-source edit's write stage)."""

    def __init__(self) -> None:
        self._digests: dict[str, str] = {}  # by page: the digest of the bytes its title was read from
        self._titles: dict[str, str | None] = {}  # by page
        self._paths: dict[str, str | set[str]] = {}  # by title: its page, or the pages that share it
        self._shared: set[str] = set()  # titles of more than one page

    def update(self, digests: dict[str, str], title_of: Callable[[str], str | None]) -> None:
        """Take the pages of a site: ``digests`` of its files by path; ``title_of`` a page's title by path."""
        pages = {path: digest for path, digest in digests.items() if path.endswith(".html")}
        for path in differing_keys(self._digests, pages):
            if path in self._titles:
                self._drop(path)
            if path in pages:
                self._add(path, title_of(path))
        self._digests = pages

    def saved(self) -> list[tuple[str, str, str | None]]:
        """Each page with the digest its title was read from, and the title, for the store to keep: a build
        in a new process then reads the titles of the pages that changed only."""
        return [(path, digest, self._titles[path]) for path, digest in self._digests.items()]

    def restore(self, pages: Iterable[tuple[str, str, str | None]]) -> None:
        for path, digest, title in pages:
            self._digests[path] = digest
            self._add(path, title)

    def shared(self) -> dict[str, list[str]]:
        """Titles held by more than one page, each with its pages in path order, in the order of their first pages."""
        shared = {title: sorted(self._paths[title]) for title in self._shared}  # each a set
        return dict(sorted(shared.items(), key=lambda item: item[1][0]))

    def _add(self, path: str, title: str | None) -> None:
        self._titles[path] = title
        if title is None:
            return
        held = self._paths.get(title)
        if held is None:
            self._paths[title] = path  # not a set of one: most titles are one page's
        elif isinstance(held, str):
            self._paths[title] = {held, path}
            self._shared.add(title)
        else:
            held.add(path)

    def _drop(self, path: str) -> None:
        title = self._titles.pop(path)
        if title is None:
            return
        held = self._paths[title]
        if isinstance(held, str):
            del self._paths[title]
            return
        held.discard(path)
        if len(held) == 1:
            self._paths[title] = held.pop()
            self._shared.discard(title)


def check_titles(
    files: Mapping[str, bytes],
    diagnostics: Diagnostics,
    title_of: Callable[[str], str | None] | None = None,
    titles: TitleIndex | None = None,
    digests: dict[str, str] | None = None,
) -> None:
    """A ``duplicate-title`` warning on the first page of every title that several pages share. ``title_of``:
    a page's title by path, where the bytes of ``files`` are not all there (see ``render.Site.title``).
    ``titles``: what the last build's check found, updated here with ``digests`` (of the files, by path);
    without both, every page is read."""
    if titles is None or digests is None:
        titles, digests = TitleIndex(), dict.fromkeys(files, "")
    titles.update(digests, title_of or (lambda path: page_title(files[path])))
    for title, paths in titles.shared().items():
        others = ", ".join(paths[1:])
        diagnostics.warning(
            Location(paths[0]),
            "duplicate-title",
            f"the page title “{title}” is shared with {others}",
            "give the records distinct titles (or names), or override the page's {% block title %} in its template",
        )
