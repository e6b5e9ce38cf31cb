"""A value per record, derived from the record and what else it reads, made again only where one of those
changed: the one place validate, link and lint decide which records to look at again.

A stage says what a record's value is made from (``inputs_of``: the ids of the records it reads besides
itself, or other keys its ``lookup`` knows, such as a graph entry) and how to make it (``derive``);
:class:`Derived` keeps, for each record, the objects its value was made from and who reads each id, and
decides whether the value is reused or made again. Inputs are compared as objects: load keeps the records of
unchanged files, and link the graph entries it did not make again, so what did not change is the same object.
Record ids are unique (load reports a duplicate as an error).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Hashable, Iterable, KeysView, ValuesView
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from briefing.incremental.memo import same_objects

Value = TypeVar("Value")


@dataclass(frozen=True, slots=True)
class _Entry(Generic[Value]):
    record: Any
    context: Hashable  # what every value was made under (say, the generation of the id table)
    inputs: tuple[Hashable, ...]  # what else it read: ids of other records, or other keys ``lookup`` knows
    input_objects: tuple[Any, ...]  # those records, as they were (None: no such record)
    value: Value


_VALUE = operator.attrgetter("value")


def _reads_nothing(record: Any) -> tuple[()]:
    return ()


def _nothing(key: Any) -> None:
    """The lookup of a value that reads nothing but its record."""
    return None


class Derived(Generic[Value]):
    """``derive(record)`` for each record, reused while the record, what it read (by id or key) and the
    ``context`` are the same; the table is kept in the order of the records last given.

    ``update`` looks at every record and each record's inputs, unless the caller knows which records were
    replaced since the last update (``replaced``): then only they and the records that read one of them are
    derived again, found through who reads what. Both give the same table.
    """

    def __init__(
        self,
        inputs_of: Callable[[Any], Iterable[Hashable]] | None = None,
        same: Callable[[Any, Any], bool] | None = None,
    ) -> None:
        """``inputs_of(record)``: what else a record's value reads (ids, or keys ``lookup`` knows); by
        default nothing but the record. ``same(old, new)``: whether a new record object with an old one's
        id keeps its value (what the value is made from compares equal, its inputs too); by default never."""
        self._inputs_of = inputs_of or _reads_nothing
        self._same = same
        self._entries: dict[str, _Entry[Value]] = {}
        self._readers: dict[Hashable, set[str]] = {}  # id → the records whose value read it
        self._table: dict[str, Value] = {}
        self.derived_again: set[Hashable] | None = None  # by the last update, if told what was replaced

    def __len__(self) -> int:
        return len(self._entries)

    def ids(self) -> KeysView[str]:
        """The records' ids, in the order of the records last given."""
        return self._table.keys()

    def values(self) -> ValuesView[Value]:
        """The values, in the same order."""
        return self._table.values()

    def table(self) -> dict[str, Value]:
        """The values by record id: a new dict after each update that changed a value (callers must not
        change it), so that the last update's table is left as it was."""
        return self._table

    def update(
        self,
        records: Iterable[Any],
        derive: Callable[[Any], Value],
        *,
        record_of: Callable[[str], Any] | None = None,
        lookup: Callable[[Any], Any] = _nothing,
        context: Hashable = None,
        replaced: Collection[Hashable] | None = None,
    ) -> int:
        """Bring the values up to date with ``records``; returns how many were reused.

        ``lookup``: what an input id or key names now. ``replaced``: the only ids whose records or entries
        may be new objects since the last update, if the caller knows; the records are then the last
        update's ids in the same order, under the same context, and only ``record_of`` (the record with an
        id) is asked, not ``records``. If no value changed, the table is the last one itself.
        """
        if replaced is None:
            return self._update_every(records, lookup, derive, context)
        assert record_of is not None, "an update by replaced ids needs record_of"
        return self._update_replaced(replaced, record_of, lookup, derive, context)

    def _update_every(
        self, records: Iterable[Any], lookup: Callable[[Any], Any], derive: Callable[[Any], Value], context: Hashable
    ) -> int:
        known, entries, reused, renewed = self._entries, {}, 0, False
        for record in records:
            entry = known.get(record.id)
            if entry is not None and (kept := self._standing_for(entry, record)) is not entry:
                entry, renewed = kept, True
            if entry is not None and _still_valid(entry, record, lookup, context):
                entries[record.id] = entry
                reused += 1
            else:
                entries[record.id] = self._derive(record, lookup, derive, context)
        self.derived_again = None
        if reused == len(entries) == len(known) and list(entries) == list(known):
            if renewed:  # the same values, kept with the records that now stand for them
                self._entries = entries
            return reused  # the same values in the same order: the table (and who reads what) stay as they are
        self._entries = entries
        self._readers = self._who_reads_what()
        self._table = dict(zip(entries.keys(), map(_VALUE, entries.values()), strict=True))
        return reused

    def _update_replaced(
        self,
        replaced: Collection[Hashable],
        record_of: Callable[[str], Any],
        lookup: Callable[[Any], Any],
        derive: Callable[[Any], Value],
        context: Hashable,
    ) -> int:
        readers = self._readers
        again = {record_id for record_id in replaced if record_id in self._entries}
        for record_id in replaced:
            again |= readers.get(record_id, set())
        if self._same is not None:
            again -= self._renewed(again, record_of, lookup, context)
        self.derived_again = again
        if again:
            self._table = dict(self._table)
        for record_id in again:
            for input_id in self._entries[record_id].inputs:
                readers[input_id].discard(record_id)
            entry = self._entries[record_id] = self._derive(record_of(record_id), lookup, derive, context)
            self._table[record_id] = entry.value
            for input_id in entry.inputs:
                readers.setdefault(input_id, set()).add(record_id)
        return len(self._entries) - len(again)

    def _renewed(
        self, ids: Collection[str], record_of: Callable[[str], Any], lookup: Callable[[Any], Any], context: Hashable
    ) -> set[str]:
        """The ids among ``ids`` whose new record ``same`` finds like the last one, what else it read being
        the same objects: their values are kept, with the new records."""
        renewed = set()
        for record_id in ids:
            entry, record = self._entries[record_id], record_of(record_id)
            kept = self._standing_for(entry, record)
            if kept is not entry and _still_valid(kept, record, lookup, context):
                self._entries[record_id] = kept
                renewed.add(record_id)
        return renewed

    def _standing_for(self, entry: _Entry[Value], record: Any) -> _Entry[Value]:
        """The entry made for ``record`` if it is a new object that ``same`` finds like the entry's, else the
        entry itself."""
        if entry.record is record or self._same is None or not self._same(entry.record, record):
            return entry
        return replace(entry, record=record)

    def _who_reads_what(self) -> dict[Hashable, set[str]]:
        """The records reading each id, made again after an update of every record, so that the next update
        told what was replaced need not make it (the first edit in a serve session on a 10,000-source
        briefing spent 0.16 s doing so for fifteen tables). Nothing to make for values that read nothing."""
        readers: dict[Hashable, set[str]] = {}
        if self._inputs_of is _reads_nothing:
            return readers
        for record_id, entry in self._entries.items():
            for input_id in entry.inputs:
                readers.setdefault(input_id, set()).add(record_id)
        return readers

    def _derive(
        self, record: Any, lookup: Callable[[Any], Any], derive: Callable[[Any], Value], context: Hashable
    ) -> _Entry[Value]:
        inputs = tuple(self._inputs_of(record))
        return _Entry(record, context, inputs, tuple(map(lookup, inputs)), derive(record))


def _still_valid(entry: _Entry[Any], record: Any, lookup: Callable[[Any], Any], context: Hashable) -> bool:
    """Whether the entry was made from this very record, under this context, from the records its inputs
    name now."""
    if entry.record is not record or entry.context != context:
        return False
    return same_objects(entry.input_objects, tuple(map(lookup, entry.inputs)))
