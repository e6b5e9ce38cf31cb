"""The layer's load: a rebuild told which files changed reads only those, where that is sure to be right.

Load (``briefing.load``) reads the whole project, each file through the :class:`LoadCache`, which reads
again only a file whose stat changed. A file watcher (``serve``) knows which files changed, so after a
load that reported no problem, the layer patches that load with the changed files instead (``_patched``),
and falls back to a whole load for anything a patch cannot be sure of. Either way the briefing is the one
a cold load of the same files gives.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from pathlib import Path
from typing import Any

from briefing.diagnostics import Diagnostics
from briefing.files import ContentFile, resolve_inside
from briefing.incremental.loadcache import CleanLoad, LoadCache
from briefing.load import ContentReader, add_captures, load_files, parser_for, table_name
from briefing.model import Briefing, Source
from briefing.project import Project


def load_reusing(
    project: Project, diagnostics: Diagnostics, cache: LoadCache, changed: Collection[str] | None = None
) -> Briefing | None:
    """Load the project, reusing what ``cache`` kept of the last load.

    ``changed``: the paths that changed since the last load of this cache, when a file watcher says so.
    Then, if the last load was clean, only those are read again (see ``_patched``); a whole load is the
    fallback.
    """
    if changed is not None and cache.clean is not None:
        patched = _patched(project, cache, cache.clean, changed)
        if patched is not None:
            return patched
    loaded = load_files(project, diagnostics, cache)
    briefing = loaded.briefing
    if briefing is not None and loaded.clean:
        cache.clean = CleanLoad(_tables_of(briefing), loaded.records_of, loaded.sources_of)
    else:
        cache.clean = None
    return briefing


def _tables_of(briefing: Briefing) -> Briefing:
    """A briefing with the same loaded tables, for a later load to copy: the stages after load add to
    the one they are given."""
    return dataclasses.replace(briefing, citations=[], spans={})


def _patched(project: Project, cache: LoadCache, clean: CleanLoad, changed: Collection[str]) -> Briefing | None:
    """The last clean load with the ``changed`` files read again, or None where only a whole load can tell.

    A patch holds only while each changed file is one the last load read (a source, topic or annotations
    file, or a source's capture) and still yields records with the same ids and kinds, in the same order,
    without any problem: then no id, file name or listing can have changed, and the tables keep their
    order. Anything else (briefing.yaml, the previous edition, a file added, removed or linked, a new
    problem) needs a whole load.
    """
    reader = ContentReader(project, Diagnostics(), cache)
    # The last load's tables, each copied before it is first written: a table no changed file touches stays
    # the same object, which tells the later stages at once that nothing in it changed.
    briefing = dataclasses.replace(clean.briefing, broken_ids=set(), citations=[], spans={})
    copied: set[str] = set()

    def writable(name: str) -> dict[str, Any]:
        if name not in copied:
            setattr(briefing, name, dict(getattr(briefing, name)))
            copied.add(name)
        return getattr(briefing, name)

    records_of = dict(clean.records_of)
    recaptured: set[str] = set()
    for path in changed:
        display = project.display(path)
        if display in clean.sources_of:
            recaptured.update(clean.sources_of[display])
            continue
        parser = parser_for(project, path) if display in records_of else None
        if parser is None:
            if Path(path).is_relative_to(project.content) or display in clean.briefing.files:  # the previous edition
                return None
            continue  # a template: not loaded
        if resolve_inside(str(project.root), path) != path:  # now a link, or in a linked folder
            return None
        records = reader.parsed(ContentFile(path, path), parser)
        if [(r.id, r.kind) for r in records] != [(r.id, r.kind) for r in records_of[display]]:
            return None
        for record, before in zip(records, records_of[display], strict=True):
            if isinstance(record, Source):
                assert isinstance(before, Source)
                if (record.raw, record.capture) != (before.raw, before.capture):
                    return None
                recaptured.add(record.id)
            writable(table_name(record))[record.id] = record
        records_of[display] = tuple(records)
    if recaptured:
        for name in ("raw_captures", "raw_digests", "capture_digests"):
            writable(name)
    for source_id in recaptured:
        add_captures(reader, briefing, briefing.sources[source_id])
    if len(reader.diagnostics) or reader.broken_ids:
        return None
    if reader.files:
        writable("files").update(reader.files)
    cache.clean = CleanLoad(_tables_of(briefing), records_of, clean.sources_of)
    return briefing
