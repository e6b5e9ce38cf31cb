"""Results one build computed, kept for the next build of the same process (``serve``, benchmarks)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from itertools import compress, repeat
from typing import Any, Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class Memo(Generic[Key, Value]):
    """A value per key, computed once and reused by later builds while ``still_valid`` says so.

    Only entries asked for during a build survive its ``end_build``, so what was edited away is not kept,
    unless that build did not ask for every entry still wanted (``forget_unasked=False``).
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

    def end_build(self, forget_unasked: bool = True) -> None:
        if forget_unasked:
            self._previous = self._current
        else:
            self._previous.update(self._current)
        self._current = {}


class TableDifferences:
    """``differing_keys`` of pairs of tables, each pair compared once while both are alive (in one build):
    one table may be read under several names, or by several readers."""

    def __init__(self, equal: bool = True) -> None:
        self._equal = equal
        self._found: dict[tuple[int, int], set[Any]] = {}

    def of(self, last: Mapping[Any, Any], now: Mapping[Any, Any]) -> set[Any]:
        pair = (id(last), id(now))
        found = self._found.get(pair)
        if found is None:
            found = self._found[pair] = differing_keys(last, now, self._equal)
        return found


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


def differing_keys(last: Mapping[Key, Any], now: Mapping[Key, Any], equal: bool = True) -> set[Key]:
    """Keys whose value in ``now`` is not ``last``'s (neither the same object nor, if ``equal``, an equal
    one), and keys only in ``last``; only the values ``replaced_keys`` finds are compared for equality."""
    replaced = replaced_keys(last, now)
    keys = {key for key in replaced if last.get(key, _MISSING) != now[key]} if equal else set(replaced)
    added = sum(key not in last for key in keys)
    if len(last) > len(now) - added:  # some keys were removed: only then is every key of ``last`` looked up
        keys.update(last.keys() - now.keys())
    return keys
