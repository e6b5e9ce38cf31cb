"""Every page's ``<title>`` must be distinct: it names the page in tabs, bookmarks, history and search results.

The templates build titles from what tells records apart (a quote's words, an event's date), but two records
may still share them (two events with one title on one day): the build warns, naming the pages.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from briefing.diagnostics import Diagnostics, Location

TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)


def page_title(data: bytes) -> str | None:
    """The text of a page's first ``<title>``, unescaped and with its white space collapsed."""
    match = TITLE.search(data)
    if match is None:
        return None
    return " ".join(html.unescape(match.group(1).decode("utf-8", "replace")).split())


def shared_titles(files: Iterable[str], title_of: Callable[[str], str | None]) -> dict[str, list[str]]:
    """Titles held by more than one HTML page of ``files`` (paths), each with its pages in path order."""
    pages: dict[str, list[str]] = defaultdict(list)
    for path in sorted(files):
        if path.endswith(".html"):
            title = title_of(path)
            if title is not None:
                pages[title].append(path)
    return {title: paths for title, paths in pages.items() if len(paths) > 1}


def check_titles(
    files: dict[str, bytes], diagnostics: Diagnostics, title_of: Callable[[str], str | None] | None = None
) -> None:
    """A ``duplicate-title`` warning on the first page of every title that several pages share. ``title_of``:
    a page's title by path, where the bytes of ``files`` are not all there (see ``render.Site.title``)."""
    for title, paths in shared_titles(files, title_of or (lambda path: page_title(files[path]))).items():
        others = ", ".join(paths[1:])
        diagnostics.warning(
            Location(paths[0]),
            "duplicate-title",
            f"the page title “{title}” is shared with {others}",
            "give the records distinct titles (or names), or override the page's {% block title %} in its template",
        )
