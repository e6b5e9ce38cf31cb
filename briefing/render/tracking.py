"""Which inputs each page read, so an incremental build re-renders only pages whose inputs changed.

While a page renders, templates and page builders see the briefing and the
graph only through the read-only views defined here. Every lookup by id
records a dependency ``(table, id)``; iterating a whole table records
``(table, "*")``. A page's fingerprint is the digest of everything it
depended on (plus the templates), so if no dependency changed, the page
cannot have changed either: its control flow only follows what it read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, ValuesView
from typing import Any

Dependency = tuple[str, str]
WHOLE_TABLE = "*"


class Recorder:
    """Collects the dependencies of the page being rendered."""

    def __init__(self) -> None:
        self.reads: set[Dependency] = set()

    def read(self, table: str, key: str) -> None:
        self.reads.add((table, key))


class TrackedMap(Mapping[str, Any]):
    """A read-only mapping that records which keys were looked up."""

    def __init__(self, name: str, data: Mapping[str, Any], recorder: Recorder) -> None:
        self.name = name
        self._data = data
        self._recorder = recorder

    def __getitem__(self, key: str) -> Any:
        self._recorder.read(self.name, key)
        return self._data[key]

    def get(self, key: str, default: Any = None) -> Any:
        self._recorder.read(self.name, key)
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._recorder.read(self.name, str(key))
        return key in self._data

    def values(self) -> ValuesView[Any]:
        """All values, as one read of the whole table (not one per key)."""
        self._recorder.read(self.name, WHOLE_TABLE)
        return self._data.values()

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


def _digest(value: Any) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Digests:
    """Content digests of every (table, key) a page can depend on, computed once per build."""

    def __init__(self, tables: Mapping[str, Mapping[str, Any]], constants: Mapping[str, Any]) -> None:
        self._tables = tables
        self._values: dict[Dependency, str] = {}
        for name, value in constants.items():
            self._values[(name, WHOLE_TABLE)] = _digest(value)

    def of(self, dependency: Dependency) -> str:
        if dependency not in self._values:
            table, key = dependency
            data = self._tables.get(table, {})
            if key == WHOLE_TABLE:
                self._values[dependency] = _digest([(k, self.of((table, k))) for k in sorted(data)])
            else:
                self._values[dependency] = _digest(data[key]) if key in data else "absent"
        return self._values[dependency]

    def fingerprint(self, dependencies: Iterable[Dependency]) -> str:
        hasher = hashlib.blake2b(digest_size=16)
        for dependency in sorted(dependencies):
            hasher.update(f"{dependency[0]}\0{dependency[1]}\0{self.of(dependency)}\n".encode())
        return hasher.hexdigest()
