"""Results one build computed, kept for the next build of the same process (``serve``, benchmarks)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

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
