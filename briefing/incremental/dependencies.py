"""Which pages read which inputs, and a version of every input: what decides which pages to render again.

The renderer records each page's reads as dependencies ``(table, key)`` (``render.tracking``); here each
dependency gets a digest that changes when its value does (``Digests``), and each is listed with the pages
that read it (``DependencyIndex``). Within a process values are compared; on disk, fingerprints of their
content stand for them (``Digests.fingerprints``, ``Digests.restore``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from briefing.incremental.fingerprint import fingerprint, text_digest
from briefing.incremental.memo import TableDifferences

Dependency = tuple[str, str]
WHOLE_TABLE = "*"

_ABSENT = object()  # the value of a key a table does not have: unlike None, never equal to a value it has
_UNKNOWN = ""  # the digest an index for one build records: it equals no digest (see ``for_one_build``)
_RESTORED = object()  # the value of a dependency restored from disk, of which only a fingerprint is known


def _digest(value: Any) -> str:
    return text_digest(repr(value))


class Digests:
    """A version of every (table, key) a page can depend on, which changes whenever its value does.

    One instance lives as long as the render cache. Each build starts with the new tables; a value that is
    the same object as in the previous build, or equal to it, keeps its version; any other value gets the
    next version of this instance's count. Within a process, values are compared, never hashed: hashing
    every record a large briefing's pages read took seconds of each cold build. The versions of a whole
    table's keys, and the build's constants (the templates' digest, the options), are digested. Only what
    is kept on disk is fingerprinted (``fingerprints``), once, when it is saved; a build that started from
    fingerprints (``restore``) compares values by theirs, and saves the same fingerprints again.

    ``changed_keys`` says which keys of a table may have changed since the last build, comparing the two
    builds' tables value by value (identity first, then equality), so a rebuild need not look up the digest
    of every dependency of every page: only those of the keys that changed.
    """

    def __init__(
        self, views: Mapping[str, Callable[[Any], Any]] | None = None, updated_in_place: Mapping[str, str] | None = None
    ) -> None:
        """``views``: by table, what a value's digest covers (default: the value), compared between builds.

        ``updated_in_place``: tables whose values a build may change without replacing them (records whose
        quoted passages validate locates again), each with the table of those changes by key: comparing such
        a value with itself says nothing, so a key of these tables changed if either table's value did.
        """
        self._views = dict(views or {})
        self._updated_in_place = dict(updated_in_place or {})
        self._tables: Mapping[str, Mapping[str, Any]] = {}
        self._last_tables: Mapping[str, Mapping[str, Any]] = {}
        self._differing: dict[str, set[str] | None] = {}  # by table, this build: see changed_keys
        self._pair_diffs = TableDifferences()  # keys differing between two tables, compared once a build
        # (value, digest: its version) by dependency, as last computed; value is None for a whole table or a
        # constant and _ABSENT for a key the table lacks. Entries computed in this build are in ``_fresh``.
        self._known: dict[Dependency, tuple[Any, str]] = {}
        self._fresh: set[Dependency] = set()
        # by table, when the whole table's digest was last computed: the build, the table, each key's digest
        self._whole: dict[str, tuple[int, Mapping[str, Any], dict[str, str]]] = {}
        self._builds = 0
        self._versions = 0  # given so far: each new value gets the next one
        self._constants: frozenset[str] = frozenset()
        self._restored: Mapping[Dependency, str] | None = None  # the fingerprints restored, until a build starts
        self._fingerprinted: dict[Dependency, str] = {}  # this build's values fingerprinted to compare them

    def start(self, tables: Mapping[str, Mapping[str, Any]], constants: Mapping[str, Any]) -> None:
        """Begin a build with its tables; earlier values are kept only to be compared with."""
        self._last_tables = self._tables
        self._tables = tables
        self._builds += 1
        self._fresh = set()
        self._differing = {}
        self._pair_diffs = TableDifferences()
        self._constants = frozenset(constants)
        self._restored = None
        self._fingerprinted = {}
        for name, value in constants.items():
            self._known[(name, WHOLE_TABLE)] = (None, _digest(value))
            self._fresh.add((name, WHOLE_TABLE))

    def fingerprints(self, dependencies: Iterable[Dependency]) -> dict[Dependency, str]:
        """What stands for these dependencies on disk: the fingerprint of each one's value in this build's
        tables, and of every key of the whole tables among them (``restore`` needs them to tell, in
        another process, which changed). A constant keeps its digest, which is of its content already.
        Restored and not looked at since (no build started), they are the fingerprints restored."""
        if self._restored is not None:
            return dict(self._restored)
        found: dict[Dependency, str] = {}

        def key_fingerprint(dependency: Dependency) -> str:
            if dependency not in found:
                known = self._fingerprinted.get(dependency)
                if known is None:
                    value = self._value(dependency)
                    known = "absent" if value is _ABSENT else fingerprint(value)
                found[dependency] = known
            return found[dependency]

        for dependency in dependencies:
            table, key = dependency
            if key != WHOLE_TABLE:
                key_fingerprint(dependency)
            elif table in self._constants:
                found[dependency] = self._known[dependency][1]
            else:
                keys = sorted(self._tables.get(table, {}))
                found[dependency] = _digest([(key, key_fingerprint((table, key))) for key in keys])
        return found

    def restore(self, fingerprints: Mapping[Dependency, str]) -> None:
        """Start from dependencies known by their fingerprints (see ``fingerprints``): in the next build,
        one whose value has the same fingerprint keeps it as its digest."""
        self._known = {dependency: (_RESTORED, digest) for dependency, digest in fingerprints.items()}
        self._restored = fingerprints

    def changed_keys(self, table: str) -> set[str] | None:
        """Keys of ``table`` whose value is not the last build's (added and removed keys too), plus
        ``WHOLE_TABLE`` if there is any; None if that cannot be told by comparing values (check every key)."""
        keys = self._differing_keys(table)
        if table in self._updated_in_place:
            updates = self._differing_keys(self._updated_in_place[table])
            keys = None if keys is None or updates is None else keys | updates
        if keys:
            keys.add(WHOLE_TABLE)
        return keys

    def _differing_keys(self, table: str) -> set[str] | None:
        """Keys whose value in ``table`` is not the last build's, or None if there is no last build's."""
        if table not in self._differing:
            last, now = self._last_tables.get(table), self._tables.get(table)
            if last is None or now is None:
                self._differing[table] = None
            elif last is now:  # a table a stage reused whole, because nothing it is made from changed
                self._differing[table] = set()
            else:  # tables under several names (the sources, digested by part) are compared once
                self._differing[table] = self._pair_diffs.of(last, now)
        found = self._differing[table]
        return None if found is None else set(found)

    def _key_digests(self, table: str, data: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Each key's digest, for the digest of the whole table. If the last build computed them, from the
        table it was given, only the keys changed since then are digested again."""
        last = self._whole.get(table)
        from_last_build = last is not None and last[0] == self._builds - 1 and last[1] is self._last_tables.get(table)
        suspects = self.changed_keys(table) if from_last_build else None
        if suspects is not None:
            suspects.discard(WHOLE_TABLE)  # changed_keys gives a copy of its own
        if last is None or suspects is None:
            digests = {key: self.of((table, key)) for key in sorted(data)}
        elif len(data) == len(last[2]) and suspects <= data.keys():
            digests = dict(last[2])  # the same keys (none added or removed), so already in order
            digests.update((key, self.of((table, key))) for key in suspects)
        else:
            digests = {key: self.of((table, key)) if key in suspects else last[2][key] for key in sorted(data)}
        self._whole[table] = (self._builds, data, digests)
        return list(digests.items())

    def of(self, dependency: Dependency) -> str:
        if dependency not in self._fresh:
            self._known[dependency] = self._compute(dependency)
            self._fresh.add(dependency)
        return self._known[dependency][1]

    def _value(self, dependency: Dependency) -> Any:
        """The value of a key as its digest covers it (through its table's view); ``_ABSENT`` if none."""
        table, key = dependency
        data = self._tables.get(table, {})
        if key not in data:
            return _ABSENT
        view = self._views.get(table)
        return data[key] if view is None else view(data[key])

    def _compute(self, dependency: Dependency) -> tuple[Any, str]:
        table, key = dependency
        if key == WHOLE_TABLE:
            return None, _digest(self._key_digests(table, self._tables.get(table, {})))
        value = self._value(dependency)
        if value is _ABSENT:
            return _ABSENT, "absent"
        previous = self._known.get(dependency)
        if previous is not None:
            if previous[0] is _RESTORED:
                self._fingerprinted[dependency] = fingerprint(value)  # saved again at the end of this build
                if self._fingerprinted[dependency] == previous[1]:
                    return value, previous[1]
            elif previous[0] is value or previous[0] == value:
                return value, previous[1]
        self._versions += 1
        return value, f"v{self._versions}"


class DependencyIndex:
    """For each dependency, the pages that read it and its digest when they were last rendered or checked.

    A rebuild compares every recorded digest with the current one; only the pages of the dependencies that
    changed are rendered again. This replaces computing a fingerprint of every page on every build.

    Each dependency is numbered once, and a page's dependencies are kept as the bytes of an array of their
    numbers (``numbered``): a page reads about fifty, most of them read by other pages too, and as a set of
    tuples each page's took 2 kB, a tenth of a large briefing's memory. A dependency read by one page keeps
    that page's path, not a set of one.

    Which pages read each dependency, and its digest, are needed only by a later build of the same
    process: a builder that builds once keeps neither (``for_one_build``). At 10,000 sources they were a
    tenth of the build's memory.
    """

    def __init__(self) -> None:
        self.recorded: dict[Dependency, str] = {}
        self.keys_of: dict[str, set[str]] = {}  # the recorded keys, by table
        self._readers: dict[int, str | set[str]] | None = {}  # by dependency number; None: deferred
        self._numbers: dict[Dependency, int] = {}
        self._listed: list[Dependency] = []  # by number

    def numbered(self, dependencies: Iterable[Dependency]) -> bytes:
        """These dependencies as a page keeps them: the numbers this index gives them, in order."""
        numbers = self._numbers
        for dependency in dependencies:
            if dependency not in numbers:
                numbers[dependency] = len(self._listed)
                self._listed.append(dependency)
        return array("I", sorted(numbers[dependency] for dependency in dependencies)).tobytes()

    def saved(self) -> list[Dependency]:
        """Every dependency numbered, by number: what the numbers of the pages kept on disk refer to."""
        return list(self._listed)

    @classmethod
    def restored(
        cls, listed: list[Dependency], pages: Mapping[str, bytes], recorded: Mapping[Dependency, str]
    ) -> DependencyIndex:
        """The index of these pages' dependencies (numbered as ``listed``), each recorded with the digest
        given (a fingerprint)."""
        index = cls()
        index._listed = listed
        index._numbers = {dependency: number for number, dependency in enumerate(listed)}
        for page, numbered in pages.items():
            index._add(page, numbered, recorded.__getitem__)
        return index

    def changed(self, digests: Digests) -> set[Dependency]:
        """The recorded dependencies whose digest is not the recorded one; of the tables whose changes
        ``digests`` can tell by comparing values, only the keys that changed are looked at."""
        changed = set()
        for table, keys in self.keys_of.items():
            suspects = digests.changed_keys(table)
            for key in keys if suspects is None else keys & suspects:
                dep = (table, key)
                if digests.of(dep) != self.recorded[dep]:
                    changed.add(dep)
        return changed

    def for_one_build(self) -> None:
        """Record from now on only which dependencies the pages read (for the store to fingerprint), not
        their digests nor their readers. Asked all the same, the index takes every recorded dependency as
        changed, and ``affected`` looks through every page's dependencies."""
        self._readers = None

    def affected(self, changed: Iterable[Dependency], pages: Callable[[], Mapping[str, bytes]]) -> set[str]:
        """The pages that read any of the dependencies ``changed``; ``pages`` gives every page's
        dependencies, which are looked through if the readers were deferred."""
        if self._readers is None:
            numbers = {self._numbers[dep] for dep in changed if dep in self._numbers}
            every_page = pages().items() if numbers else ()
            return {page for page, numbered in every_page if not numbers.isdisjoint(memoryview(numbered).cast("I"))}
        found: set[str] = set()
        for dep in changed:
            number = self._numbers.get(dep)
            readers = None if number is None else self._readers.get(number)
            if isinstance(readers, str):
                found.add(readers)
            elif readers is not None:
                found |= readers
        return found

    def forget(self, page: str, numbered: bytes) -> None:
        if self._readers is None:
            return
        for number in memoryview(numbered).cast("I"):
            readers = self._readers.get(number)
            if isinstance(readers, set):
                readers.discard(page)
                if len(readers) == 1:
                    self._readers[number] = next(iter(readers))
            elif readers == page:
                del self._readers[number]
                dep = self._listed[number]
                del self.recorded[dep]
                self.keys_of[dep[0]].discard(dep[1])

    def add(self, page: str, numbered: bytes, digests: Digests) -> None:
        self._add(page, numbered, digests.of)

    def _add(self, page: str, numbered: bytes, digest_of: Callable[[Dependency], str]) -> None:
        if self._readers is None:
            for number in memoryview(numbered).cast("I"):
                dep = self._listed[number]
                if dep not in self.recorded:
                    self.recorded[dep] = _UNKNOWN
                    self.keys_of.setdefault(dep[0], set()).add(dep[1])
            return
        for number in memoryview(numbered).cast("I"):
            readers = self._readers.get(number)
            if readers is None:
                self._readers[number] = page
                dep = self._listed[number]
                self.recorded[dep] = digest_of(dep)
                self.keys_of.setdefault(dep[0], set()).add(dep[1])
            elif isinstance(readers, str):
                if readers != page:
                    self._readers[number] = {readers, page}
            else:
                readers.add(page)

    def update(self, changed: Iterable[Dependency], digests: Digests) -> None:
        for dep in changed:
            if dep in self.recorded:
                self.recorded[dep] = digests.of(dep)
