"""What the store keeps of a build's caches, as entries small enough to pickle one at a time, and the
caches made again from them.

The caches in memory are one graph of objects: records shared by every stage's tables, and reused
because they are the same objects. Pickling that graph whole kept a memo of every object in it (a
million at 1,000 sources; half a gigabyte at 10,000) on top of the graph. What is kept instead is what
another process can check without those objects:

- each content file: what stat said, its text and the records it parsed to (a few files per entry);
- each page: its digest and the dependencies it read, each dependency with a fingerprint of its value
  (``Digests.fingerprints``), so the next process renders again only the pages whose inputs changed;
- each page's links and title (for the link and title checks), the output's digests, and the groups of
  output files kept by what they were made from (``outputs``: the static files, the raw captures, the
  exports, the search index's parts);
- the last build's report and its inputs' digests, so a build with nothing changed only reports it.

What validate, link and lint keep is not saved: it is reused while the records are the same objects,
which a new process does not have; its first build checks and links again.
"""

from __future__ import annotations

import copyreg
import dataclasses
import pickle
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, BinaryIO

from briefing.incremental.dependencies import Dependency, DependencyIndex
from briefing.incremental.loadcache import SavedFile
from briefing.incremental.rendercache import RenderCache
from briefing.incremental.state import BuildCaches
from briefing.linkcheck import PageLinks
from briefing.render.cache import ON_DISK, CachedPage

Entry = tuple[str, Any]
ENTRY_SIZE = 64  # items per entry: each is pickled alone, so its memo is all a save holds beside the caches
RECORDS_PER_ENTRY = 256


def dump(entry: Entry, stream: BinaryIO) -> None:
    """Pickle one entry alone (its own memo), as ``_Pickler`` does."""
    _Pickler(stream, pickle.HIGHEST_PROTOCOL).dump(entry)


class _Pickler(pickle.Pickler):
    """Pickles a dataclass instance by its fields. The default reads an instance's ``__dict__``, which
    Python makes only when first asked for (3.11 keeps attributes inline until then) and keeps after: the
    save of a 1,000-source briefing made 21,000 of them, 12 MB that outlived it. Every attribute of the
    model's dataclasses is a field (test: tests/test_snapshot.py); a class with a ``__getstate__`` of
    its own, or without a ``__dict__``, is pickled as usual."""

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if (
            not dataclasses.is_dataclass(kind)
            or kind.__getstate__ is not object.__getstate__
            or not kind.__dictoffset__
        ):
            return NotImplemented
        state = {spec.name: getattr(obj, spec.name) for spec in dataclasses.fields(kind)}
        return copyreg.__newobj__, (kind,), state


def entries(caches: BuildCaches) -> Iterator[Entry]:
    """The caches as entries, one kind at a time (``restored`` takes them back in any order)."""
    if caches.last is not None:
        yield "last", caches.last.to_keep()
    yield "load", caches.load.edition
    yield from _file_entries(caches.load.saved())
    yield from _render_entries(caches.render)
    yield "search", caches.search.without_bytes()
    links, pages = caches.write.links.saved()
    yield "write", (caches.write.on_disk, links)
    yield from _grouped("write-pages", pages)
    yield from _grouped("write-titles", caches.write.titles.saved())


def restored(saved: Iterable[Entry], for_one_build: bool = False) -> BuildCaches:
    """Caches made from ``entries``; raises ValueError on an entry it does not know. ``for_one_build``:
    for a builder that builds once, whose link index does not list who links to what (``LinkIndex``)."""
    caches = BuildCaches()
    render: dict[str, Any] = {"render-dependencies": [], "render-fingerprints": [], "render-pages": []}
    links: list[tuple[str, tuple[str, PageLinks]]] = []
    for kind, payload in saved:
        if kind == "last":
            caches.last = payload
        elif kind == "load":
            caches.load.edition = payload
        elif kind == "load-files":
            caches.load.restore(payload)
        elif kind == "load-records":
            caches.load.restore_records(*payload)
        elif kind == "render":
            render.update(payload)
        elif kind in render:
            render[kind] += payload
        elif kind == "search":
            caches.search = payload
        elif kind == "write":
            caches.write.on_disk, caches.write.links = payload
        elif kind == "write-pages":
            links += payload
        elif kind == "write-titles":
            caches.write.titles.restore(payload)
        else:
            raise ValueError(f"unknown entry {kind!r}")
    if "outputs" in render:
        _restore_render(caches.render, render)
    if for_one_build:  # the saved index (the "write" entry) replaced the fresh one
        caches.write.links.for_one_build()
    caches.write.links.restore(links)  # at once: the pages share their links' targets (``restore``)
    return caches


def _grouped(kind: str, items: Iterable[Any]) -> Iterator[Entry]:
    iterator = iter(items)
    while group := list(islice(iterator, ENTRY_SIZE)):
        yield kind, group


def _file_entries(files: Iterable[SavedFile]) -> Iterator[Entry]:
    """Content files, a few to an entry; a file with many records (an annotations file of thousands of
    claims) alone, its records in entries of their own: a pickler's memo holds every object of its entry
    until the entry is written, and one file's records were most of a 10,000-source save's peak."""
    group: list[SavedFile] = []
    records_in_group = 0
    for file in files:
        parsed = file[3]
        records = parsed[2].records if parsed is not None else []
        if len(records) > RECORDS_PER_ENTRY:
            display, stat, data, (digest, parsed_data, result) = file
            without_records = dataclasses.replace(result, records=[])
            yield "load-files", [(display, stat, data, (digest, parsed_data, without_records))]
            for start in range(0, len(records), RECORDS_PER_ENTRY):
                yield "load-records", (display, records[start : start + RECORDS_PER_ENTRY])
            continue
        group.append(file)
        records_in_group += len(records)
        if len(group) == ENTRY_SIZE or records_in_group >= RECORDS_PER_ENTRY:
            yield "load-files", group
            group, records_in_group = [], 0
    if group:
        yield "load-files", group


def _render_entries(cache: RenderCache) -> Iterator[Entry]:
    """Each dependency, in the order the cache numbers them, with its fingerprint (None for one no page
    reads any more); the fingerprints of the keys of whole tables no page reads alone; each page's digest
    and dependencies (their numbers)."""
    fingerprints = cache.digests.fingerprints(cache.index.recorded)
    yield "render", {"postponed": cache.postponed, "outputs": cache.outputs.without_bytes()}
    numbered = ((dependency, fingerprints.pop(dependency, None)) for dependency in cache.index.saved())
    yield from _grouped("render-dependencies", numbered)
    yield from _grouped("render-fingerprints", fingerprints.items())
    pages = ((path, page.digest, page.dependencies, page.searchable) for path, page in cache.pages.items())
    yield from _grouped("render-pages", pages)


def _restore_render(cache: RenderCache, saved: dict[str, Any]) -> None:
    """The render cache of the pages saved: their bytes are read back from the output folder (``store``)."""
    for path, digest, dependencies, searchable in saved["render-pages"]:
        cache.pages[path] = CachedPage(dependencies, ON_DISK, digest, searchable)
    numbered: list[tuple[Dependency, str | None]] = saved["render-dependencies"]
    recorded = {dependency: digest for dependency, digest in numbered if digest is not None}
    recorded.update(saved["render-fingerprints"])
    listed = [dependency for dependency, _ in numbered]
    cache.index = DependencyIndex.restored(listed, cache.dependencies_by_page(), recorded)
    cache.digests.restore(recorded)
    cache.postponed = saved["postponed"]
    cache.outputs = saved["outputs"]
