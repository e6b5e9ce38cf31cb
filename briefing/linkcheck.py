"""The write stage's link check: every relative link of every page leads to a file of the site, and its
#anchor to an id there.

It runs on the rendered pages in memory, before anything touches the disk, so a broken link fails the build
and leaves the previous site served. The pages are the build's own, well-formed output, so a tag scanner
reads them; what each page links to is kept between builds (:class:`LinkIndex`) and checked again only where
something changed.
"""

from __future__ import annotations

import copy
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html import unescape
from itertools import chain
from urllib.parse import unquote, urlsplit

from briefing.cuts import last_safe_cut
from briefing.incremental.memo import differing_keys

# The pages are the build's own, well-formed output; a tag scanner reads their links ten times faster
# than html.parser. Script, style and comment bodies are skipped, as a parser would.
_OPAQUE = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_OPAQUE_OPENING = re.compile(r"<!--|<(?:script|style)\b", re.IGNORECASE)  # where an _OPAQUE match can begin
_START_TAG = re.compile(r"<[a-zA-Z][\w-]*\s[^>]*>")  # with attributes: a tag without any has no link or id
_TAG_PARTS = re.compile(r"<([a-zA-Z][\w-]*)(\s[^>]*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")

# Most tags the build writes: every value in double quotes, no character reference; read without unescaping.
_PLAIN_TAG = re.compile(r'<([a-zA-Z][\w-]*)((?:\s+[^\s"\'=<>/&]+(?:="[^"&]*")?)*)\s*/?>')
_PLAIN_ATTRIBUTE = re.compile(r'([^\s"\'=<>/&]+)="([^"]*)"')

_TagParts = tuple[tuple[str, ...], tuple[str, ...]]  # a start tag's ids, and its links


# How many start tags a page reader remembers: those that recur (navigation, classes) come back at once
# after it forgets; most are on one page only, and remembering them all took 18 MB at 1,000 sources.
_TAGS_KEPT = 4096
_PIECE = 1 << 20  # bytes of a page read at a time


def _ids_and_links(
    data: bytes, tags: dict[str, _TagParts] | None = None, piece: int = _PIECE
) -> tuple[set[str], set[str]]:
    """The ids and the distinct links (href, src, cite) of a page. ``tags``: what earlier calls found in each
    start tag, to be reused: most tags of a site (navigation, mention links, paragraphs) recur on many pages.

    The page is read a piece of about ``piece`` bytes at a time (``_pieces``): the print view of a
    10,000-source briefing is 46 MB, and reading it whole took its text, a copy without comments and
    scripts, and a list of all its tags at once (about 200 MB)."""
    tags = {} if tags is None else tags
    ids: set[str] = set()
    links: set[str] = set()
    for text in _pieces(data, piece):
        _add_ids_and_links(text, tags, ids, links)
    return ids, links


def _add_ids_and_links(html: str, tags: dict[str, _TagParts], ids: set[str], links: set[str]) -> None:
    """Add the ids and links of ``html``'s start tags; only its distinct tags are looked at (the same tag twice
    adds no id or link)."""
    found = set(_START_TAG.findall(_OPAQUE.sub(_keep_open_tag, html)))
    new = found.difference(tags)
    if len(tags) + len(new) > _TAGS_KEPT:  # most tags are on one page only (ids, mentions): start again
        tags.clear()
        new = found
    for tag in new:
        tags[tag] = _tag_ids_and_links(tag)
    parts = [tags[tag] for tag in found]
    ids.update(chain.from_iterable(tag_ids for tag_ids, _ in parts))
    links.update(chain.from_iterable(tag_links for _, tag_links in parts))


def _pieces(data: bytes, piece: int) -> Iterator[str]:
    """A page's text in pieces that ``_add_ids_and_links`` reads as it reads the whole: each ends with a ">"
    that a "<" follows, outside any comment, script or style, and not the end of one. A start tag ends at
    its first ">" (``[^>]*``), so none spans such a cut, and the ">" before it stays when comments and
    script bodies are dropped, so no tag joins across it. Where a comment, script or style begins but does
    not end within a piece, the piece ends before it (or grows until it does)."""
    start, size = 0, piece
    while len(data) - start > size:
        end = data.rfind(b">", start, start + size) + 1  # an ASCII byte: the text before it decodes alone
        window = data[start:end].decode("utf-8") if end > start else ""
        cut = _cut(window)
        if cut == 0:
            size *= 2  # nowhere to cut: read more at once
            continue
        yield window[:cut]
        start += len(window[:cut].encode("utf-8"))
        size = piece
    yield data[start:].decode("utf-8")


def _cut(text: str) -> int:
    """The last place in ``text`` (which ends with ">") to cut it as ``_pieces`` says; 0 if there is none."""
    return last_safe_cut(text, _OPAQUE_OPENING, _OPAQUE, _between_tags)


def _between_tags(text: str, bound: int) -> int:
    """The last "<" before ``bound`` that follows a ">"; 0 if there is none."""
    return text.rfind("><", 0, bound) + 1


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


Target = tuple[str, str, str]  # (link as written, target path, fragment)
SharedTargets = dict[Target, Target]


@dataclass(frozen=True)
class PageLinks:
    """One page's anchors, and its relative links resolved to (target file, fragment) — or a problem.

    The ids are kept as one string (``anchors_of``): a large site's pages have millions, and a frozenset
    of them took a tenth of the build's memory."""

    anchors: str
    targets: tuple[Target, ...]
    problems: tuple[str, ...]

    def sharing(self, shared: SharedTargets) -> PageLinks:
        """These links with each target the tuple ``shared`` holds for it (added if new): one tuple per
        target for every page, as ``PageReader`` makes them in one process, where pages come back from
        another (a render worker, the store) each with tuples of its own."""
        targets = tuple(shared.setdefault(target, target) for target in self.targets)
        return PageLinks(self.anchors, targets, self.problems)

    def has_id(self, fragment: str) -> bool:
        """A binary search of the sorted ids: the print view of a 10,000-source briefing has hundreds of
        thousands, and looking for a fragment in the whole string took 6 of the write stage's 7 seconds."""
        if "\0" in fragment:
            return False
        anchors = self.anchors
        low, high = 0, len(anchors) - 1  # the NULs around the ids still to look at
        while low < high:
            start = anchors.rfind("\0", low, (low + high) // 2 + 1)  # the NUL before the middle id
            end = anchors.index("\0", start + 1)
            anchor = anchors[start + 1 : end]
            if anchor == fragment:
                return True
            if fragment < anchor:
                high = start
            else:
                low = end
        return False


def anchors_of(ids: Iterable[str]) -> str:
    """Ids as ``PageLinks`` keeps them: sorted, each between NULs. No fragment names an id holding a NUL
    (``has_id``), so such an id is left out rather than let it read as two."""
    return "\0" + "".join(f"{anchor}\0" for anchor in sorted(ids) if "\0" not in anchor)


class LinkIndex:
    """Ids, resolved links and link problems of each HTML page, kept between builds.

    A page is parsed again only when its digest changes, and its links checked again only when it changed
    or when something it links to appeared, disappeared or changed its ids.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, PageLinks]] = {}  # by page: its digest, and what it links to
        self._problems: dict[str, list[str]] = {}
        self._linked_from: dict[str, set[str]] = {}
        self._files: frozenset[str] = frozenset()
        self._seen: dict[str, str] = {}  # the digest of every file (HTML or not) as the last ``read`` saw it
        self._read: set[str] = set()  # pages read since the last check, to be checked
        self._new_ids: set[str] = set()  # pages read since the last check whose ids changed
        self._assumed = ""  # the folder whose files the last check took as there (see ``check``)
        self._tracks_linkers = True  # whether pages read from now on are listed in ``_linked_from``

    def for_one_build(self) -> None:
        """Let pages go unlisted as linkers of their targets (a tenth of the index's memory): a target that
        changes makes its linkers checked again in a later build of the process, and ``check`` finds those
        of a builder that builds once by looking through the pages. The pages themselves are kept, for the
        store."""
        self._tracks_linkers = False
        self._linked_from = {}

    def saved(self) -> tuple[LinkIndex, list[tuple[str, tuple[str, PageLinks]]]]:
        """This index without its pages, and its pages (each with its digest and links), for the store to
        keep apart: who links to what is made again from the pages (``restore``)."""
        bare = copy.copy(self)
        bare._pages, bare._linked_from, bare._tracks_linkers = {}, {}, True
        return bare, list(self._pages.items())

    def restore(self, pages: Iterable[tuple[str, tuple[str, PageLinks]]]) -> None:
        """Take back the pages ``saved`` gave. A link target is one tuple for every page, as ``PageReader``
        made it: the store pickles a few pages to an entry, and each entry's copy of the targets they share
        was half the restored index's memory (at 10,000 sources, 230 MB against 115)."""
        shared: SharedTargets = {}
        for path, (digest, links) in pages:
            self._keep(path, digest, links.sharing(shared), self._tracks_linkers)

    def read(self, files: Mapping[str, bytes], digests: dict[str, str]) -> None:
        """Read the ids and links of the HTML pages that are new or changed: the costly part of ``check``,
        which a caller may do ahead of it. ``digests``: of every file, by path."""
        new_pages = [path for path in differing_keys(self._seen, digests) if path in digests and path.endswith(".html")]
        self._seen = dict(digests)
        reader = PageReader()
        for path in sorted(new_pages):
            self._take(path, digests[path], reader.page_links(path, files[path]))

    def take(self, path: str, digest: str, links: PageLinks) -> None:
        """A page read ahead of ``read`` (by ``PageReader``, in whichever process rendered it), so that its
        bytes need not be kept for it: ``read`` and ``check`` do not read it again while its digest is the
        same."""
        self._seen[path] = digest
        self._take(path, digest, links)

    def _take(self, path: str, digest: str, links: PageLinks) -> None:
        known = self._pages.get(path)
        if known is not None:
            if known[1].anchors != links.anchors:
                self._new_ids.add(path)
            self._forget(path)
        self._keep(path, digest, links, self._tracks_linkers)
        self._read.add(path)

    def _keep(self, path: str, digest: str, links: PageLinks, list_linkers: bool = True) -> None:
        self._pages[path] = (digest, links)
        for _, target, _ in links.targets if list_linkers else ():
            self._linked_from.setdefault(target, set()).add(path)

    def check(self, files: Mapping[str, bytes], digests: dict[str, str], assumed: str = "") -> list[LinkProblem]:
        """Every relative href/src/cite in every HTML file must name an output file, and its #anchor an id
        there. ``digests``: of every file, by path. ``assumed``: a folder ("pagefind/") whose files are
        taken as there, made later by another tool; "" for none."""
        names = frozenset(files)
        for path in [path for path in self._pages if path not in files]:
            self._forget(path)
        self.read(files, digests)
        touched = set(names ^ self._files) | self._new_ids
        recheck, self._read, self._new_ids = self._read, set(), set()
        if assumed != self._assumed:  # what the last check found no longer holds for any page
            recheck, self._assumed = set(self._pages), assumed
        recheck |= self._linkers(touched, recheck)
        for page in recheck:
            found = self._page_problems(page, files)
            if found:
                self._problems[page] = found
            else:
                self._problems.pop(page, None)
        self._files = names
        return [LinkProblem(page, message) for page in sorted(self._problems) for message in self._problems[page]]

    def _linkers(self, targets: set[str], known: set[str]) -> set[str]:
        """The pages that link to any of ``targets``, but those already ``known``. An index that does not
        list them (``for_one_build``) looks through the pages: a builder that builds once from the store
        does so once, and only if a file came or went or a page's ids changed."""
        if not targets:
            return set()
        if self._tracks_linkers:
            return set().union(*(self._linked_from.get(target, ()) for target in targets))
        return {
            page
            for page, (_, links) in self._pages.items()
            if page not in known and any(target in targets for _, target, _ in links.targets)
        }

    def _page_problems(self, page: str, files: Mapping[str, bytes]) -> list[str]:
        links = self._pages[page][1]
        found = list(links.problems)
        for link, target, fragment in links.targets:
            if self._assumed and target.startswith(self._assumed) and target not in files:
                continue
            if target not in files:
                found.append(f"link '{link}' points to {target}, which the build does not produce")
            elif fragment and (target not in self._pages or not self._pages[target][1].has_id(fragment)):
                found.append(f"link '{link}' points to #{fragment}, which {target} does not have")
        return sorted(set(found))

    def _forget(self, page: str) -> None:
        self._read.discard(page)
        for _, target, _ in self._pages.pop(page)[1].targets:
            readers = self._linked_from.get(target)
            if readers is not None:
                readers.discard(page)
        self._problems.pop(page, None)


class PageReader:
    """Reads pages' ids and resolved links, remembering what it found in each start tag and where each
    link leads from each folder: one build's pages share most of their tags and links."""

    def __init__(self) -> None:
        self._tags: dict[str, _TagParts] = {}
        self._addresses: dict[str, dict[str, _Resolved]] = {}  # by folder, what a link before its "#" names
        self._followed: dict[str, dict[str, _Followed]] = {}  # by folder, where each whole link leads

    def page_links(self, page: str, data: bytes) -> PageLinks:
        """The targets of links that leave the page are the same tuple objects on every page of a folder:
        a large site has millions of them, kept (and saved with the caches) for as long as the pages."""
        ids, links = _ids_and_links(data, self._tags)
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
        return PageLinks(anchors_of(ids), tuple(targets), tuple(problems))


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
