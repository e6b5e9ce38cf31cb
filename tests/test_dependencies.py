"""Which pages read which inputs (DependencyIndex): the same pages are found whether the index kept its
readers all along, made them only when first asked, or was restored from what the store saved."""

from __future__ import annotations

import random

from briefing.incremental.dependencies import WHOLE_TABLE, Dependency, DependencyIndex, Digests


def _pages(rng: random.Random, dependencies: list[Dependency], count: int) -> dict[str, list[Dependency]]:
    return {f"page-{n}.html": rng.sample(dependencies, rng.randint(1, 6)) for n in range(count)}


def test_deferred_readers_find_the_same_pages_as_readers_kept_all_along():
    dependencies = [(table, f"k{n}") for table in ("claims", "sources") for n in range(12)]
    dependencies += [("claims", WHOLE_TABLE)]
    digests = Digests()
    digests.start({"claims": {f"k{n}": n for n in range(12)}, "sources": {}}, {})
    kept, deferred = DependencyIndex(), DependencyIndex()
    deferred.for_one_build()
    numbered: dict[int, dict[str, bytes]] = {}
    for number, index in enumerate((kept, deferred)):
        rng = random.Random(7)  # the same pages, read the same way, for both
        pages = _pages(rng, dependencies, 40)
        numbered[number] = {path: index.numbered(reads) for path, reads in pages.items()}
        for path, reads in numbered[number].items():
            index.add(path, reads, digests)
        for path in list(numbered[number])[:10]:  # rendered again, reading other inputs
            index.forget(path, numbered[number][path])
            numbered[number][path] = index.numbered(rng.sample(dependencies, 3))
            index.add(path, numbered[number][path], digests)
    assert kept.recorded.keys() <= deferred.recorded.keys()
    assert deferred.changed(digests) == deferred.recorded.keys()  # it keeps no digest to compare with
    for changed in ([dependencies[0]], dependencies[5:9], [("claims", WHOLE_TABLE)], []):
        found = kept.affected(changed, lambda: numbered[0])
        assert found == deferred.affected(changed, lambda: numbered[1])
        assert found == {path for path, reads in numbered[0].items() if set(changed) & set(_read(kept, reads))}


def test_an_index_restored_from_its_pages_finds_what_the_saved_one_found():
    rng = random.Random(11)
    dependencies = [("events", f"e{n}") for n in range(30)]
    digests = Digests()
    digests.start({"events": {f"e{n}": n for n in range(30)}}, {})
    index = DependencyIndex()
    pages = {path: index.numbered(reads) for path, reads in _pages(rng, dependencies, 60).items()}
    for path, reads in pages.items():
        index.add(path, reads, digests)
    restored = DependencyIndex.restored(index.saved(), pages, index.recorded)
    for changed in (dependencies[:3], dependencies[10:11], dependencies):
        assert restored.affected(changed, lambda: pages) == index.affected(changed, lambda: pages)


def _read(index: DependencyIndex, numbered: bytes) -> list[Dependency]:
    listed = index.saved()
    return [listed[number] for number in memoryview(numbered).cast("I")]
