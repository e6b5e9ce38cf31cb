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


def test_a_dependency_digest_changes_exactly_when_its_value_does():
    """Equal values keep their digest, also as other objects; a changed value gets a digest no earlier value
    had, and so does its whole table. Restored from its fingerprints (as another process does), a value equal
    to the one saved gets the fingerprint saved for it, and any other value a new digest."""
    digests = Digests()

    def build_with(table: dict[str, list[int]]) -> tuple[str, str, str]:
        digests.start({"claims": table}, {"templates": "t1"})
        return digests.of(("claims", "a")), digests.of(("claims", "b")), digests.of(("claims", WHOLE_TABLE))

    first = build_with({"a": [1], "b": [2]})
    second = build_with({"a": [1], "b": [3]})
    assert second[0] == first[0] and second[1] != first[1] and second[2] != first[2]
    saved = digests.fingerprints([("claims", WHOLE_TABLE), ("templates", WHOLE_TABLE)])
    assert saved.keys() == {("claims", "a"), ("claims", "b"), ("claims", WHOLE_TABLE), ("templates", WHOLE_TABLE)}
    as_saved = (saved[("claims", "a")], saved[("claims", "b")], saved[("claims", WHOLE_TABLE)])

    digests = Digests()
    digests.restore(saved)
    assert digests.fingerprints([]) == saved  # restored and not looked at: saved again as they came
    assert build_with({"a": [1], "b": [3]}) == as_saved
    assert digests.fingerprints(saved) == saved

    digests = Digests()
    digests.restore(saved)
    third = build_with({"a": [1], "b": [2]})
    assert third[0] == as_saved[0] and third[1] not in (*as_saved, first[1], second[1]) and third[2] != as_saved[2]
    assert build_with({"a": [1], "b": [2]}) == third
    assert build_with({"a": [1], "b": [2], "c": [3]})[2] != third[2]
    assert digests.of(("claims", "d")) == "absent"
