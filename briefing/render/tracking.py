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

from collections.abc import Callable, Iterator, Mapping, ValuesView
from typing import Any

from briefing.incremental.dependencies import WHOLE_TABLE, Dependency


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
