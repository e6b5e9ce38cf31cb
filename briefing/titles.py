"""Every page's ``<title>`` must be distinct: it names the page in tabs, bookmarks, history and search results.

The templates build titles from what tells records apart (a quote's words, an event's date), but two records
may still share them (two events with one title on one day): the build warns, naming the pages.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

from briefing.diagnostics import Diagnostics, Location

_TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)


def page_title(data: bytes) -> str | None:
    """The text of a page's first ``<title>``, unescaped and with its white space collapsed."""
    match = _TITLE.search(data)
    if match is None:
        return None
    return " ".join(html.unescape(match.group(1).decode("utf-8", "replace")).split())


def shared_titles(files: dict[str, bytes]) -> dict[str, list[str]]:
    """Titles held by more than one HTML page, each with its pages in path order."""
    pages: dict[str, list[str]] = defaultdict(list)
    for path in sorted(files):
        if path.endswith(".html"):
            title = page_title(files[path])
            if title is not None:
                pages[title].append(path)
    return {title: paths for title, paths in pages.items() if len(paths) > 1}


def check_titles(files: dict[str, bytes], diagnostics: Diagnostics) -> None:
    """A ``duplicate-title`` warning on the first page of every title that several pages share."""
    for title, paths in shared_titles(files).items():
        others = ", ".join(paths[1:])
        diagnostics.warning(
            Location(paths[0]),
            "duplicate-title",
            f"the page title “{title}” is shared with {others}",
            "give the records distinct titles (or names), or override the page's {% block title %} in its template",
        )
