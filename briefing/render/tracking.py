"""Which inputs each page read, so an incremental build re-renders only pages whose inputs changed.

While a page renders, templates and page builders see the briefing and the
graph only through the read-only views defined here. Every lookup by id
records a dependency ``(table, id)``; iterating a whole table records
``(table, "*")``. Each dependency has a digest, which changes when its value
does (the template files a page uses and the build options are among its
dependencies); if none of a page's dependencies changed, the page cannot
have changed either: its control flow only follows what it read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, ValuesView
from typing import Any

from briefing.incremental.memo import differing_keys

Dependency = tuple[str, str]
WHOLE_TABLE = "*"


class Recorder:
    """Collects the dependencies of the page being rendered."""

    def __init__(self) -> None:
        self.reads: set[Dependency] = set()

    def read(self, table: str, key: str) -> None:
        self.reads.add((table, key))


class TrackedMap(Mapping[str, Any]):
    """A read-only mapping that records which keys were looked up (``wrap`` may wrap the values it gives)."""

    def __init__(
        self, name: str, data: Mapping[str, Any], recorder: Recorder, wrap: Callable[[Any], Any] | None = None
    ) -> None:
        self.name = name
        self._data = data
        self._recorder = recorder
        self._wrap = wrap

    def __getitem__(self, key: str) -> Any:
        self._recorder.read(self.name, key)
        value = self._data[key]
        return value if self._wrap is None else self._wrap(value)

    def get(self, key: str, default: Any = None) -> Any:
        self._recorder.read(self.name, key)
        value = self._data.get(key, default)
        return value if self._wrap is None or key not in self._data else self._wrap(value)

    def __contains__(self, key: object) -> bool:
        self._recorder.read(self.name, str(key))
        return key in self._data

    def values(self) -> ValuesView[Any] | list[Any]:
        """All values, as one read of the whole table (not one per key)."""
        self._recorder.read(self.name, WHOLE_TABLE)
        if self._wrap is None:
            return self._data.values()
        return [self._wrap(value) for value in self._data.values()]

    def __iter__(self) -> Iterator[str]:
        self._recorder.read(self.name, WHOLE_TABLE)
        return iter(self._data)

    def __len__(self) -> int:
        self._recorder.read(self.name, WHOLE_TABLE)
        return len(self._data)


class TrackedObject:
    """Read-only attribute access to one object, recording each attribute read as (name, attribute)."""

    def __init__(self, name: str, target: Any, recorder: Recorder) -> None:
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_recorder", recorder)

    def __getattr__(self, attribute: str) -> Any:
        self._recorder.read(self._name, attribute)
        return getattr(self._target, attribute)

    def __setattr__(self, attribute: str, value: Any) -> None:
        raise AttributeError(f"{self._name} is read-only while rendering")


class SplitRecord:
    """A record whose reads are split between dependencies: reading one of the ``light`` attributes
    depends on (table, id) only, which the lookup already recorded; an attribute named in ``parts``
    also on (its table, id); any other attribute also on (detail_table, id).

    The digest of each of these tables covers only its own part of the record (see ``Digests`` views),
    so a page that shows a source's title is not rendered again when a word of its text changes. A
    split record passes for the record itself in ``isinstance`` checks.
    """

    __slots__ = ("_record", "_detail_table", "_light", "_parts", "_recorder")

    def __init__(
        self, record: Any, detail_table: str, light: frozenset[str], parts: Mapping[str, str], recorder: Recorder
    ) -> None:
        for name, value in zip(self.__slots__, (record, detail_table, light, parts, recorder), strict=True):
            object.__setattr__(self, name, value)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(self._record)

    def __getattr__(self, attribute: str) -> Any:
        if attribute not in self._light:
            self._recorder.read(self._parts.get(attribute, self._detail_table), self._record.id)
        return getattr(self._record, attribute)

    def __setattr__(self, attribute: str, value: Any) -> None:
        raise AttributeError("records are read-only while rendering")

    def __eq__(self, other: object) -> bool:
        self._read_everything()
        return self._record == (other._record if isinstance(other, SplitRecord) else other)

    __hash__ = None  # type: ignore[assignment]  # as the dataclass records it stands for

    def __repr__(self) -> str:
        self._read_everything()
        return repr(self._record)

    def _read_everything(self) -> None:
        for table in {self._detail_table, *self._parts.values()}:
            self._recorder.read(table, self._record.id)


_ABSENT = object()  # the value of a key a table does not have: unlike None, never equal to a value it has


def _digest(value: Any) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Digests:
    """A version of every (table, key) a page can depend on, which changes whenever its value does.

    One instance lives as long as the render cache. Each build starts with the new tables; a value that is
    the same object as in the previous build, or equal to it, keeps its version; any other value gets the
    next version of this instance's count. Values are compared, never hashed: hashing the repr of every
    record a large briefing's pages read took seconds of each cold build. The versions of a whole table's
    keys, and the build's constants (the templates' digest, the options), are digested.

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
        self._pair_diffs: dict[tuple[int, int], set[str]] = {}  # by the ids of the two tables compared
        # (value, digest: its version) by dependency, as last computed; value is None for a whole table or a
        # constant and _ABSENT for a key the table lacks. Entries computed in this build are in ``_fresh``.
        self._known: dict[Dependency, tuple[Any, str]] = {}
        self._fresh: set[Dependency] = set()
        # by table, when the whole table's digest was last computed: the build, the table, each key's digest
        self._whole: dict[str, tuple[int, Mapping[str, Any], dict[str, str]]] = {}
        self._builds = 0
        self._versions = 0  # given so far: each new value gets the next one

    def start(self, tables: Mapping[str, Mapping[str, Any]], constants: Mapping[str, Any]) -> None:
        """Begin a build with its tables; earlier values are kept only to be compared with."""
        self._last_tables = self._tables
        self._tables = tables
        self._builds += 1
        self._fresh = set()
        self._differing = {}
        self._pair_diffs = {}
        for name, value in constants.items():
            self._known[(name, WHOLE_TABLE)] = (None, _digest(value))
            self._fresh.add((name, WHOLE_TABLE))

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the last build's tables: the first build after a restore checks every key."""
        per_build = {"_tables": {}, "_last_tables": {}, "_fresh": set(), "_differing": {}, "_pair_diffs": {}}
        return {**self.__dict__, **per_build, "_whole": {}}

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
                pair = (id(last), id(now))
                if pair not in self._pair_diffs:
                    self._pair_diffs[pair] = differing_keys(last, now)
                self._differing[table] = self._pair_diffs[pair]
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

    def _compute(self, dependency: Dependency) -> tuple[Any, str]:
        table, key = dependency
        data = self._tables.get(table, {})
        if key == WHOLE_TABLE:
            return None, _digest(self._key_digests(table, data))
        if key not in data:
            return _ABSENT, "absent"
        view = self._views.get(table)
        value = data[key] if view is None else view(data[key])
        previous = self._known.get(dependency)
        if previous is not None and (previous[0] is value or previous[0] == value):
            return value, previous[1]
        self._versions += 1
        return value, f"v{self._versions}"


class DependencyIndex:
    """For each dependency, the pages that read it and its digest when they were last rendered or checked.

    A rebuild compares every recorded digest with the current one; only the pages of the dependencies that
    changed are rendered again. This replaces computing a fingerprint of every page on every build.
    """

    def __init__(self) -> None:
        self.pages_of: dict[Dependency, set[str]] = {}
        self.recorded: dict[Dependency, str] = {}
        self.keys_of: dict[str, set[str]] = {}  # the recorded keys, by table

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

    def affected(self, changed: Iterable[Dependency]) -> set[str]:
        pages: set[str] = set()
        for dep in changed:
            pages |= self.pages_of.get(dep, set())
        return pages

    def forget(self, page: str, dependencies: Iterable[Dependency]) -> None:
        for dep in dependencies:
            readers = self.pages_of.get(dep)
            if readers is not None:
                readers.discard(page)
                if not readers:
                    del self.pages_of[dep]
                    del self.recorded[dep]
                    self.keys_of[dep[0]].discard(dep[1])

    def add(self, page: str, dependencies: Iterable[Dependency], digests: Digests) -> None:
        for dep in dependencies:
            readers = self.pages_of.get(dep)
            if readers is None:
                self.pages_of[dep] = {page}
                self.recorded[dep] = digests.of(dep)
                self.keys_of.setdefault(dep[0], set()).add(dep[1])
            else:
                readers.add(page)

    def update(self, changed: Iterable[Dependency], digests: Digests) -> None:
        for dep in changed:
            if dep in self.recorded:
                self.recorded[dep] = digests.of(dep)
