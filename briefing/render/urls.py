"""Where each record's page lives, and relative links between pages.

Every link in the site is relative, so the output works from ``file://``,
from any sub-path of a web server, and inside the PDF renderer.
"""

from __future__ import annotations

import posixpath
from typing import Protocol

from briefing.model import BRIEFING_KINDS


def raw_capture_path(source_id: str) -> str:
    """Where a source's raw capture is published, as the bytes it was read as."""
    return f"sources/raw/{source_id}.txt"


class Linkable(Protocol):
    """Anything with a page: a record, or a light stand-in for one (its id and kind)."""

    id: str
    kind: str


SECTIONS = {
    "source": "sources",
    "person": "entities",
    "country": "entities",
    "organization": "entities",
    "place": "entities",
    "event": "events",
    "quote": "quotes",
    "claim": "claims",
    "topic": "topics",
}


def record_path(record: Linkable) -> str:
    """Site path of a record's page, with a fragment for records shown inside another page."""
    if record.kind in BRIEFING_KINDS:  # key judgments, assumptions…: parts of the home page
        return f"index.html#{record.id}"
    return f"{SECTIONS[record.kind]}/{record.id}.html"


def relative(from_page: str, target: str) -> str:
    """A link from the page at ``from_page`` to ``target`` (a site path, optionally with ``#anchor``)."""
    path, _, fragment = target.partition("#")
    link = "" if path == from_page else relative_path(path, posixpath.dirname(from_page))
    return f"{link}#{fragment}" if fragment else (link or posixpath.basename(from_page))


def relative_path(path: str, folder: str) -> str:
    """``posixpath.relpath(path, folder)`` for site paths, without its two ``abspath`` calls: a large index
    page makes tens of thousands of links."""
    if not path or path.startswith("/") or ".." in path.split("/") or folder.startswith("/"):
        return posixpath.relpath(path, folder or ".")
    up = folder.split("/") if folder and folder != "." else []
    parts = path.split("/")
    common = 0
    while common < len(up) and common < len(parts) and up[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(up) - common) + parts[common:]) or "."
