"""Stage 5 — write: check every internal link, then replace the output folder atomically.

Links are checked on the rendered pages in memory, before anything touches
the disk, so a broken link fails the build and leaves the previous site
served. The new site is assembled in a temporary folder beside the output
and swapped in with renames; a file whose bytes did not change is
hard-linked from the previous site instead of being rewritten, so its
modification time (and anything watching it) stays as it was.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefing.diagnostics import Diagnostics, Location
from briefing.render import Site


@dataclass(frozen=True)
class WriteResult:
    written: int
    unchanged: int


def write(site: Site, output: Path, diagnostics: Diagnostics) -> WriteResult:
    for problem in check_links(site.files):
        diagnostics.error(
            Location(problem.page),
            "broken-link",
            problem.message,
            "a template or content produced a link to a page or #anchor that does not exist",
        )
    if diagnostics.has_errors:
        return WriteResult(0, 0)
    return _swap_in(site.files, output)


# ---------------------------------------------------------------- link check


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src") or (name == "cite" and tag in ("blockquote", "q")):
                self.links.append(value)


@dataclass(frozen=True)
class LinkProblem:
    page: str
    message: str


def check_links(files: dict[str, bytes]) -> list[LinkProblem]:
    """Every relative href/src/cite in every HTML file must name an output file, and its #anchor an id there."""
    parsed: dict[str, _LinkCollector] = {}
    for path, data in files.items():
        if path.endswith(".html"):
            collector = _LinkCollector()
            collector.feed(data.decode("utf-8"))
            parsed[path] = collector
    problems = []
    for page, collector in sorted(parsed.items()):
        for link in sorted(set(collector.links)):
            problem = _check_link(page, link, files, parsed)
            if problem:
                problems.append(LinkProblem(page, problem))
    return problems


def _check_link(page: str, link: str, files: dict[str, bytes], parsed: dict[str, _LinkCollector]) -> str:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return ""
    target = page
    if parts.path:
        if parts.path.startswith("/"):
            return f"link '{link}' is absolute; links must be relative so the site works from a folder"
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if target.startswith("../"):
            return f"link '{link}' points outside the site"
    if target not in files:
        return f"link '{link}' points to {target}, which the build does not produce"
    if parts.fragment:
        anchors = parsed.get(target)
        if anchors is None or unquote(parts.fragment) not in anchors.ids:
            return f"link '{link}' points to #{parts.fragment}, which {target} does not have"
    return ""


# ---------------------------------------------------------------- atomic swap


def _swap_in(files: dict[str, bytes], output: Path) -> WriteResult:
    output.parent.mkdir(parents=True, exist_ok=True)
    _recover_interrupted_swap(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    written = unchanged = 0
    try:
        for relative_path, data in sorted(files.items()):
            target = staging / relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = output / relative_path
            if _same_bytes(previous, data):
                os.link(previous, target)
                unchanged += 1
            else:
                target.write_bytes(data)
                written += 1
        old = output.parent / f".{output.name}.old"
        if output.exists():
            os.replace(output, old)
        os.replace(staging, output)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteResult(written, unchanged)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return (
            path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data
        )
    except OSError:
        return False


def _recover_interrupted_swap(output: Path) -> None:
    """If a previous build stopped between its two renames, put the old site back."""
    old = output.parent / f".{output.name}.old"
    if old.exists():
        if output.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, output)
    for stale in output.parent.glob(f".{output.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
