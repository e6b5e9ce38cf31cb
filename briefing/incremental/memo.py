"""Results one build computed, kept for the next build of the same process (``serve``, benchmarks)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from itertools import compress, repeat
from typing import Any, Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class Memo(Generic[Key, Value]):
    """A value per key, computed once and reused by later builds while ``still_valid`` says so.

    Only entries asked for during a build survive its ``end_build``, so what was edited away is not kept.
    """

    def __init__(self) -> None:
        self._previous: dict[Key, Value] = {}
        self._current: dict[Key, Value] = {}

    def get(self, key: Key, compute: Callable[[], Value], still_valid: Callable[[Value], bool] | None = None) -> Value:
        if key in self._current:
            return self._current[key]
        if key in self._previous and (still_valid is None or still_valid(self._previous[key])):
            value = self._previous[key]
        else:
            value = compute()
        self._current[key] = value
        return value

    def end_build(self) -> None:
        self._previous, self._current = self._current, {}


class PerRecord(Generic[Value]):
    """A value derived from each record alone, reused while the record is the same object: load keeps a
    record for as long as its file's text is unchanged. Reused values are the same objects, which is how
    the render stage tells that a table did not change (``Digests.changed_keys``)."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[Any, Value]] = {}
        self._table: dict[str, Value] = {}

    def table(
        self, records: Iterable[Any], derive: Callable[[Any], Value], replaced: Collection[Any] | None = None
    ) -> dict[str, Value]:
        """``derive(record)`` by record id, for these records; only they are kept for the next build.

        If every record is the last build's, in the same order, the last build's table itself is returned:
        callers must not change it. ``replaced``: when the caller knows that the records are the last
        call's (same ids, same order) except these, only they are derived again, without going through
        ``records``.
        """
        if replaced is not None:
            return self._replace(replaced, derive)
        known, kept, table = self._known, {}, {}
        derived = False
        for record in records:
            entry = known.get(record.id)
            if entry is None or entry[0] is not record:
                entry = (record, derive(record))
                derived = True
            kept[record.id] = entry
            table[record.id] = entry[1]
        if not derived and list(kept) == list(known):
            return self._table
        self._known, self._table = kept, table
        return table

    def _replace(self, replaced: Collection[Any], derive: Callable[[Any], Value]) -> dict[str, Value]:
        if not replaced:
            return self._table
        table = dict(self._table)  # a new table: the last one is the last build's, which render compares with
        for record in replaced:
            value = derive(record)
            self._known[record.id] = (record, value)
            table[record.id] = value
        self._table = table
        return table


def same_objects(first: Sequence[Any], second: Sequence[Any]) -> bool:
    """Whether two sequences hold the very same objects, in the same order (not merely equal ones)."""
    return len(first) == len(second) and all(a is b for a, b in zip(first, second, strict=True))


_MISSING = object()


def replaced_keys(last: Mapping[Key, Any], now: Mapping[Key, Any]) -> Iterator[Key]:
    """Keys of ``now`` whose value is not the very object ``last`` has (new keys too), found in C.

    Tables of a large briefing hold tens of thousands of values of which a rebuild replaces a handful (load
    keeps the objects of unchanged files), so the scan runs as ``map`` and ``compress``, not a Python loop.
    """
    olds = map(last.get, now.keys(), repeat(_MISSING))
    return compress(now.keys(), map(operator.is_not, olds, now.values()))


def differing_keys(last: Mapping[Key, Any], now: Mapping[Key, Any]) -> set[Key]:
    """Keys whose value in ``now`` is not ``last``'s (neither the same object nor equal), and keys only in
    ``last``; only the values ``replaced_keys`` finds are compared for equality."""
    keys = {key for key in replaced_keys(last, now) if last.get(key, _MISSING) != now[key]}
    added = sum(key not in last for key in keys)
    if len(last) > len(now) - added:  # some keys were removed: only then is every key of ``last`` looked up
        keys.update(last.keys() - now.keys())
    return keys
