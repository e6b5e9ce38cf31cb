"""What the store keeps (briefing.incremental.snapshot) gives back the caches' content, entry by entry."""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing.incremental import snapshot
from briefing.model.records import _cached_properties
from briefing.pipeline import Builder
from briefing.project import open_project
from conftest import MINIMAL, REPO


def _instances(value: Any, seen: set[int]) -> Iterator[Any]:
    """Every dataclass instance reachable from ``value`` through fields, lists, tuples, dicts and sets."""
    if id(value) in seen or isinstance(value, str | bytes | int | float | type(None)):
        return
    seen.add(id(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for spec in dataclasses.fields(value):
            yield from _instances(getattr(value, spec.name), seen)
    elif isinstance(value, dict):
        for item in (*value.keys(), *value.values()):
            yield from _instances(item, seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _instances(item, seen)


@pytest.mark.parametrize("folder", [REPO, MINIMAL], ids=["seed", "minimal"])
def test_every_attribute_of_a_loaded_record_is_a_field_so_pickling_by_fields_keeps_it(folder: Path, tmp_path: Path):
    """The snapshot pickles dataclasses by their fields (snapshot._Pickler): an attribute set apart from the
    fields (or a cached property's value) would not be saved."""
    builder = Builder(open_project(folder, tmp_path / "site"))
    report = builder.build()
    assert report.briefing is not None
    found = 0
    for instance in _instances(list(report.briefing.records()), set()):
        if hasattr(instance, "__dict__"):
            fields = {spec.name for spec in dataclasses.fields(instance)}
            assert set(vars(instance)) <= fields | _cached_properties(type(instance)), type(instance)
            found += 1
    assert found > 20


@pytest.mark.parametrize("records_per_entry", [256, 1], ids=["files-whole", "records-apart"])
@pytest.mark.parametrize("folder", [REPO, MINIMAL], ids=["seed", "minimal"])
def test_the_entries_give_back_the_files_records_pages_and_links(
    folder: Path, records_per_entry: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Also when a file's records are saved apart from it (a file with many records: see the snapshot)."""
    monkeypatch.setattr(snapshot, "RECORDS_PER_ENTRY", records_per_entry)
    builder = Builder(open_project(folder, tmp_path / "site"))
    builder.build()
    stream = io.BytesIO()
    kinds = []
    for entry in snapshot.entries(builder.caches):
        snapshot.dump(entry, stream)
        kinds.append(entry[0])
    assert ("load-records" in kinds) == (records_per_entry == 1)
    stream.seek(0)
    saved = []
    while stream.tell() < len(stream.getvalue()):
        saved.append(pickle.load(stream))
    restored = snapshot.restored(saved)

    before, after = list(builder.caches.load.saved()), list(restored.load.saved())
    assert after == before and len(after) > 3  # stat, text, records (== compares every field)
    assert restored.render.pages.keys() == builder.caches.render.pages.keys()
    for path, page in restored.render.pages.items():
        assert page.digest == builder.caches.render.pages[path].digest
        assert page.dependencies == builder.caches.render.pages[path].dependencies
    assert restored.render.index.saved() == builder.caches.render.index.saved()
    assert restored.write.on_disk == builder.caches.write.on_disk
    assert restored.write.links.saved()[1] == builder.caches.write.links.saved()[1]
    assert restored.write.titles.saved() == builder.caches.write.titles.saved()
    once = snapshot.restored(saved, for_one_build=True)  # lists no linkers; one tuple per link target
    assert once.write.links.saved()[1] == restored.write.links.saved()[1] and not once.write.links._linked_from
    targets = [target for _, (_, links) in once.write.links.saved()[1] for target in links.targets]
    assert len({id(target) for target in targets}) == len(set(targets)) < len(targets)
    assert restored.last is not None and builder.caches.last is not None
    assert restored.last.inputs == builder.caches.last.inputs.digested()
