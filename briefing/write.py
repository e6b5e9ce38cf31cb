"""Stage 5 — write: check every internal link, then put the site on disk.

Links are checked on the rendered pages in memory, before anything touches
the disk, so a broken link fails the build and leaves the previous site
served.

A cold build assembles the new site in a temporary folder beside the output
(:class:`StagedSite`) and swaps it in with renames; a file whose bytes did not
change is hard-linked from the previous site instead of being rewritten, so
its modification time (and anything watching it) stays as it was. The build
may stage the pages ahead, while the search index is being made; until the
swap, the output is untouched, and a build that fails discards the folder.

A rebuild in the same process (``serve``) knows exactly what it wrote last
time, so it replaces only the changed files, each atomically (write a
temporary file, then rename), and removes the pages that no longer exist.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass
from html import unescape
from itertools import chain
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefing.diagnostics import Diagnostics, Location
from briefing.memo import differing_keys
from briefing.render import Site


@dataclass(frozen=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int = 0
    changed: tuple[str, ...] = ()


class WriteState:
    """What one process knows about its output between builds: file digests on disk and parsed links."""

    def __init__(self) -> None:
        self.on_disk: dict[str, str] | None = None
        self.links = LinkIndex()


def write(
    site: Site,
    output: Path,
    diagnostics: Diagnostics,
    state: WriteState | None = None,
    intact: bool | None = None,
    staged: StagedSite | None = None,
) -> WriteResult:
    """``intact``: whether the output still holds what ``state`` says was written there, if the caller knows.
    ``staged``: the new site as far as the caller assembled it ahead (see ``swaps``); the caller's to discard."""
    state = state or WriteState()
    digests = site.digests()
    for problem in state.links.check(site.files, digests):
        diagnostics.error(
            Location(problem.page),
            "broken-link",
            problem.message,
            "a template or content produced a link to a page or #anchor that does not exist",
        )
    if diagnostics.has_errors:
        return WriteResult(0, 0)
    if intact is None and state.on_disk is not None:
        intact = output_is_intact(output, state.on_disk)
    if swaps(state, bool(intact)):
        with contextlib.nullcontext(staged) if staged else StagedSite(output) as staging:
            result = staging.swap_in(site.files)
    else:
        assert state.on_disk is not None
        result = _update_in_place(site.files, digests, state.on_disk, output)
    state.on_disk = digests
    return result


def swaps(state: WriteState, intact: bool) -> bool:
    """Whether ``write`` assembles the whole site beside the output and swaps it in (a cold build, or an
    output that no longer holds what this process wrote there) rather than replacing the changed files."""
    return state.on_disk is None or not intact


def output_is_intact(output: Path, on_disk: dict[str, str]) -> bool:
    """Cheap check that the output still holds every file this process wrote there last time.

    The output's folders are listed (``os.scandir``) rather than each file checked: a few dozen listings
    cost less than one ``stat`` per page.
    """
    return on_disk.keys() <= _files_under(str(output))


def _files_under(folder: str, prefix: str = "") -> set[str]:
    """The files below ``folder``, as paths relative to it with "/" between parts."""
    found: set[str] = set()
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                if entry.is_dir(follow_symlinks=False):
                    found |= _files_under(entry.path, f"{prefix}{entry.name}/")
                elif entry.is_file():
                    found.add(prefix + entry.name)
    except (FileNotFoundError, NotADirectoryError):
        pass
    return found


def _update_in_place(
    files: dict[str, bytes], digests: dict[str, str], on_disk: dict[str, str], output: Path
) -> WriteResult:
    changed = sorted(differing_keys(on_disk, digests) & digests.keys())
    for relative_path in changed:
        target = output / relative_path
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(files[relative_path])
        os.replace(temporary, target)
    removed = sorted(on_disk.keys() - digests.keys())
    for relative_path in removed:
        (output / relative_path).unlink(missing_ok=True)
    return WriteResult(len(changed), len(digests) - len(changed), len(removed), tuple(changed))


# ---------------------------------------------------------------- link check


# The pages are the build's own, well-formed output; a tag scanner reads their links ten times faster
# than html.parser. Script, style and comment bodies are skipped, as a parser would.
_OPAQUE = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_START_TAG = re.compile(r"<[a-zA-Z][\w-]*\s[^>]*>")  # with attributes: a tag without any has no link or id
_TAG_PARTS = re.compile(r"<([a-zA-Z][\w-]*)(\s[^>]*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")

# Most tags the build writes: every value in double quotes, no character reference; read without unescaping.
_PLAIN_TAG = re.compile(r'<([a-zA-Z][\w-]*)((?:\s+[^\s"\'=<>/&]+(?:="[^"&]*")?)*)\s*/?>')
_PLAIN_ATTRIBUTE = re.compile(r'([^\s"\'=<>/&]+)="([^"]*)"')

_TagParts = tuple[tuple[str, ...], tuple[str, ...]]  # a start tag's ids, and its links


def _ids_and_links(html: str, tags: dict[str, _TagParts] | None = None) -> tuple[set[str], set[str]]:
    """The ids and the distinct links (href, src, cite) of a page. ``tags``: what earlier calls found in each
    start tag, to be reused: most tags of a site (navigation, mention links, paragraphs) recur on many pages.

    Only a page's distinct start tags are looked at: the same tag twice adds no id or link."""
    tags = {} if tags is None else tags
    found = set(_START_TAG.findall(_OPAQUE.sub(_keep_open_tag, html)))
    for tag in found.difference(tags):
        tags[tag] = _tag_ids_and_links(tag)
    parts = [tags[tag] for tag in found]
    return set(chain.from_iterable(ids for ids, _ in parts)), set(chain.from_iterable(links for _, links in parts))


def _tag_ids_and_links(tag: str) -> _TagParts:
    plain = _PLAIN_TAG.fullmatch(tag)
    if plain is not None:
        name, attributes = plain.group(1).lower(), _PLAIN_ATTRIBUTE.findall(plain.group(2))
    else:
        match = _TAG_PARTS.fullmatch(tag)
        assert match is not None
        name, attributes = match.group(1).lower(), _attributes(match.group(2))
    ids: list[str] = []
    links: list[str] = []
    for attribute_name, value in attributes:
        attribute_name = attribute_name.lower()
        if attribute_name == "id" or (attribute_name == "name" and name == "a"):
            ids.append(value)
        elif attribute_name in ("href", "src") or (attribute_name == "cite" and name in ("blockquote", "q")):
            links.append(value)
    return tuple(ids), tuple(links)


def _attributes(text: str) -> list[tuple[str, str]]:
    """The attributes of a start tag that have a value, quoted or not, with character references read."""
    found = []
    for attribute in _ATTRIBUTE.finditer(text):
        raw = next((v for v in attribute.group(2, 3, 4) if v is not None), None)
        if raw is not None:
            found.append((attribute.group(1), unescape(raw)))
    return found


def _keep_open_tag(match: re.Match[str]) -> str:
    """Drop a script or style body but keep its opening tag (its src is a link); drop comments whole."""
    if match.group(1) is None:
        return ""
    text = match.group(0)
    return text[: text.index(">") + 1]


@dataclass(frozen=True)
class LinkProblem:
    page: str
    message: str


@dataclass(frozen=True)
class _PageLinks:
    """One page's anchors, and its relative links resolved to (target file, fragment) — or a problem."""

    ids: frozenset[str]
    targets: tuple[tuple[str, str, str], ...]  # (link as written, target path, fragment)
    problems: tuple[str, ...]


class LinkIndex:
    """Ids, resolved links and link problems of each HTML page, kept between builds.

    A page is parsed again only when its digest changes, and its links checked again only when it changed
    or when something it links to appeared, disappeared or changed its ids.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, _PageLinks]] = {}  # by page: its digest, and what it links to
        self._problems: dict[str, list[str]] = {}
        self._linked_from: dict[str, set[str]] = {}
        self._files: frozenset[str] = frozenset()
        self._seen: dict[str, str] = {}  # the digest of every file (HTML or not) as the last ``read`` saw it
        self._read: set[str] = set()  # pages read since the last check, to be checked
        self._new_ids: set[str] = set()  # pages read since the last check whose ids changed

    def read(self, files: dict[str, bytes], digests: dict[str, str]) -> None:
        """Read the ids and links of the HTML pages that are new or changed: the costly part of ``check``,
        which a caller may do ahead of it. ``digests``: of every file, by path."""
        pages = self._pages
        new_pages = [path for path in differing_keys(self._seen, digests) if path in digests and path.endswith(".html")]
        self._seen = dict(digests)
        reader = _PageReader()
        for path in sorted(new_pages):
            known = pages.get(path)
            links = reader.page_links(path, files[path])
            if known is not None:
                if known[1].ids != links.ids:
                    self._new_ids.add(path)
                self._forget(path)
            pages[path] = (digests[path], links)
            for _, target, _ in links.targets:
                self._linked_from.setdefault(target, set()).add(path)
            self._read.add(path)

    def check(self, files: dict[str, bytes], digests: dict[str, str]) -> list[LinkProblem]:
        """Every relative href/src/cite in every HTML file must name an output file, and its #anchor an id
        there. ``digests``: of every file, by path."""
        names = frozenset(files)
        for path in [path for path in self._pages if path not in files]:
            self._forget(path)
        self.read(files, digests)
        touched = set(names ^ self._files) | self._new_ids
        recheck, self._read, self._new_ids = self._read, set(), set()
        for target in touched:
            recheck |= self._linked_from.get(target, set())
        for page in recheck:
            found = self._page_problems(page, files)
            if found:
                self._problems[page] = found
            else:
                self._problems.pop(page, None)
        self._files = names
        return [LinkProblem(page, message) for page in sorted(self._problems) for message in self._problems[page]]

    def _page_problems(self, page: str, files: dict[str, bytes]) -> list[str]:
        links = self._pages[page][1]
        found = list(links.problems)
        for link, target, fragment in links.targets:
            if target not in files:
                found.append(f"link '{link}' points to {target}, which the build does not produce")
            elif fragment and (target not in self._pages or fragment not in self._pages[target][1].ids):
                found.append(f"link '{link}' points to #{fragment}, which {target} does not have")
        return sorted(set(found))

    def _forget(self, page: str) -> None:
        self._read.discard(page)
        for _, target, _ in self._pages.pop(page)[1].targets:
            readers = self._linked_from.get(target)
            if readers is not None:
                readers.discard(page)
        self._problems.pop(page, None)


class _PageReader:
    """Reads pages' ids and resolved links, remembering what it found in each start tag and where each
    link leads from each folder: one build's pages share most of their tags and links."""

    def __init__(self) -> None:
        self._tags: dict[str, _TagParts] = {}
        self._addresses: dict[str, dict[str, _Resolved]] = {}  # by folder, what a link before its "#" names
        self._followed: dict[str, dict[str, _Followed]] = {}  # by folder, where each whole link leads

    def page_links(self, page: str, data: bytes) -> _PageLinks:
        """The targets of links that leave the page are the same tuple objects on every page of a folder:
        a large site has millions of them, kept (and saved with the caches) for as long as the pages."""
        ids, links = _ids_and_links(data.decode("utf-8"), self._tags)
        folder = posixpath.dirname(page)
        followed = self._followed.setdefault(folder, {})
        addresses = self._addresses.setdefault(folder, {})
        targets, problems = [], []
        for link in sorted(links):
            if link not in followed:
                followed[link] = _follow(folder, link, addresses)
            found = followed[link]
            if found is None:
                continue
            if isinstance(found, str):
                problems.append(found)
            elif found[1]:
                targets.append(found)
            else:
                targets.append((link, page, found[2]))
        return _PageLinks(frozenset(ids), tuple(targets), tuple(problems))


_Resolved = tuple[str, str] | tuple[None, str] | None
_Followed = tuple[str, str, str] | str | None


def _follow(folder: str, link: str, addresses: dict[str, _Resolved]) -> _Followed:
    """Where a link found in a page of ``folder`` leads: (link, target file or "" for the page itself,
    fragment); a problem if it cannot be followed; None if it leaves the site (another scheme or host).
    ``addresses``: what earlier calls found for each link's part before "#" from this folder: a site's links
    to one page differ mostly in their fragment."""
    address, _, fragment = link.partition("#")
    if address not in addresses:
        addresses[address] = _resolve_address(folder, address)
    resolved = addresses[address]
    if resolved is None:
        return None
    target, detail = resolved
    if target is None:
        return f"link '{link}' {detail}"
    return link, target, unquote(fragment)


def _resolve_address(folder: str, address: str) -> _Resolved:
    """Where a link leads, without its fragment (see ``_follow``); a problem is told as what the link does wrong."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return "", ""
    if parts.path.startswith("/"):
        return None, "is absolute; links must be relative so the site works from a folder"
    target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if target.startswith("../"):
        return None, "points outside the site"
    return target, ""


# ---------------------------------------------------------------- atomic swap


class StagedSite:
    """A new site assembled in a folder beside the output, then swapped in whole with two renames."""

    def __init__(self, output: Path) -> None:
        output.parent.mkdir(parents=True, exist_ok=True)
        _recover_interrupted_swap(output)
        self.output = output
        self.folder: Path | None = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
        self.paths: set[str] = set()
        self.written = self.unchanged = 0

    def add(self, files: dict[str, bytes]) -> None:
        """Put in the files not staged yet; one whose bytes the output holds already is hard-linked from it.
        A file is staged once: the site's files, once made, do not change (later stages only add files)."""
        assert self.folder is not None, "already swapped in or discarded"
        for relative_path in sorted(files.keys() - self.paths):
            data = files[relative_path]
            target = self.folder / relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = self.output / relative_path
            if _same_bytes(previous, data):
                os.link(previous, target)
                self.unchanged += 1
            else:
                target.write_bytes(data)
                self.written += 1
            self.paths.add(relative_path)

    def swap_in(self, files: dict[str, bytes]) -> WriteResult:
        """Stage what is left of ``files``, which must hold every file staged, and make it the output."""
        assert self.paths <= files.keys(), f"staged, then left out of the site: {sorted(self.paths - files.keys())[:5]}"
        self.add(files)
        assert self.folder is not None
        old = self.output.parent / f".{self.output.name}.old"
        if self.output.exists():
            os.replace(self.output, old)
        os.replace(self.folder, self.output)
        self.folder = None
        shutil.rmtree(old, ignore_errors=True)
        return WriteResult(self.written, self.unchanged)

    def discard(self) -> None:
        """Remove the folder, unless it was swapped in."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()


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
