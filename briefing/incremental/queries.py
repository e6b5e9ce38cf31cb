"""The incremental layer as a stage sees it: a stage is written as queries over the tables it reads, and
:class:`Queries` alone decides which values to make again.

A stage hands ``begin`` the tables it reads this build (records by id, or a table an earlier stage made),
then asks for its values:

- ``per_record``: a value for each record of some tables, made from the record and the entries of other
  tables it names (``reads``), kept in :class:`~briefing.incremental.derived.Derived`;
- ``merged`` and ``grouped``: what many records' values contribute, grouped by key
  (:mod:`briefing.incremental.grouped`), merged again only for the values made again;
- ``whole``: a value made from whole objects, reused while they are the same objects; ``kept_if_equal``:
  a value made every build, replaced by the last one when equal, so that later stages see the same object;
  ``version``: a number that changes when a value does (the context of values made under it);
- ``cached``: a value by key that several records' values may share (where a quote occurs in a source),
  reused while what it was made from is the same objects, and dropped once no value asks for it.

What changed is found here, not told by the stage: each table is compared with the one the query last saw,
entry by entry as objects (load keeps the records of unchanged files, and a stage's tables keep the values
it did not make again), in C. When a query's own tables keep their ids in the same order, only the entries
replaced and the values that read them are made again; otherwise every record is looked at, and values are
still reused where what they were made from is the same. A stage run with a new ``Queries`` makes
everything: the cold build and the rebuild run the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from itertools import chain
from typing import Any, TypeVar

from briefing.incremental.derived import Derived
from briefing.incremental.grouped import GroupedInOrder, MergedIndex
from briefing.incremental.memo import Memo, TableDifferences, same_objects

Value = TypeVar("Value")
Item = TypeVar("Item")
Table = Mapping[str, Any]
Reads = Mapping[str, Callable[[Any], Iterable[str]]]  # table → the ids a record's value reads in it


class Queries:
    """The values of one stage's queries, kept from one build to the next (see the module's docstring).

    A query is named; it must be asked with the same kind of arguments every build (its ``reads`` functions
    depend on the record alone, as the value must on what they name)."""

    def __init__(self) -> None:
        self._tables: dict[str, Table] = {}
        # ids whose entry is not the very object the last table has, and ids only in the last: per build
        self._differences = TableDifferences(equal=False)
        self._derived: dict[str, Derived[Any]] = {}
        self._seen: dict[str, tuple[dict[str, Table], Hashable]] = {}  # per query: the tables and context it last saw
        self._merged: dict[str, MergedIndex[Any, Any]] = {}
        self._grouped: dict[str, GroupedInOrder[Any]] = {}
        self._whole: dict[str, tuple[Sequence[Any], Any]] = {}
        self._versions: dict[str, tuple[Any, int]] = {}
        self._cached: dict[str, Memo[Hashable, tuple[tuple[Any, ...], Any]]] = {}

    def begin(self, tables: Mapping[str, Table]) -> None:
        """The tables this build's queries read, by name."""
        self._tables = dict(tables)
        self._differences = TableDifferences(equal=False)

    def entry(self, key: tuple[str, str]) -> Any:
        """What a (table, id) key names now (None: nothing)."""
        return self._tables[key[0]].get(key[1])

    def per_record(
        self,
        name: str,
        over: Sequence[str],
        derive: Callable[[Any], Value],
        *,
        reads: Reads | None = None,
        context: Hashable = None,
        same: Callable[[Any, Any], bool] | None = None,
        cached: Sequence[str] = (),
    ) -> dict[str, Value]:
        """``derive(record)`` for each record of the tables ``over``, by id in their order. ``reads``: the
        entries of other tables a value is made from; ``context``: what every value is made under (all are
        made again when it changes); ``same(old, new)``: when a new record object may keep the value of the
        last one with its id (by default, only when it is the same object); ``cached``: the names of the
        ``cached`` values ``derive`` asks for, of which those not asked are dropped when every value was made
        again (a value reused still wants its own)."""
        reads = reads or {}
        derived = self._derived.get(name)
        if derived is None:
            derived = self._derived[name] = Derived(_inputs_of(reads) if reads else None, same)
        now = {table: self._tables[table] for table in chain(over, reads)}
        replaced = self._replaced(name, over, reads, now, context)
        tables = [now[table] for table in over]
        records = chain.from_iterable(table.values() for table in tables)
        reused = derived.update(
            records, derive, record_of=_finder(tables), lookup=self.entry, context=context, replaced=replaced
        )
        for cache_name in cached:  # a reused value still wants what it asked for
            self._cached.setdefault(cache_name, Memo()).end_build(forget_unasked=replaced is None and not reused)
        self._seen[name] = (now, context)
        return derived.table()

    def cached(self, name: str, key: Hashable, inputs: Sequence[Any], make: Callable[[], Value]) -> Value:
        """``make()`` for ``key``, reused while ``inputs`` (what it reads) are the same objects."""
        read = tuple(inputs)
        memo = self._cached.setdefault(name, Memo())
        return memo.get(key, lambda: (read, make()), lambda known: same_objects(known[0], read))[1]

    def version(self, name: str, value: Any) -> int:
        """A number that changes whenever ``value`` is not equal to the last one given under this name."""
        known = self._versions.get(name)
        if known is None or known[0] != value:
            known = self._versions[name] = (value, 0 if known is None else known[1] + 1)
        return known[1]

    def merged(
        self,
        name: str,
        of: str,
        show: Callable[[list[Item]], Value],
        extra: Mapping[str, list[tuple[str, Item]]],
    ) -> dict[str, Value]:
        """The (key, item) pairs of every value of the per-record query ``of`` and of the ``extra`` parts
        (by an owner of their own), grouped by key, each group shown as ``show`` of its sorted items."""
        index = self._merged.setdefault(name, MergedIndex(show))
        derived = self._derived[of]
        values, again = derived.table(), derived.derived_again
        parts = dict(values) if again is None else {record_id: values[record_id] for record_id in again}
        parts.update(extra)
        return index.update(parts, every_owner=again is None)

    def grouped(self, name: str, of: str, key_of: Callable[[Item], str]) -> dict[str, list[Item]]:
        """The items of every value (a list) of the per-record query ``of``, grouped by ``key_of(item)``,
        each group in the order of the records and of their items."""
        groups = self._grouped.setdefault(name, GroupedInOrder(key_of))
        derived = self._derived[of]
        return groups.update(derived.table(), derived.derived_again)

    def whole(self, name: str, inputs: Sequence[Any], make: Callable[[], Value]) -> Value:
        """``make()``, reused while ``inputs`` (everything it reads) are the same objects."""
        known = self._whole.get(name)
        if known is None or not same_objects(known[0], inputs):
            known = self._whole[name] = (list(inputs), make())
        return known[1]

    def kept_if_equal(self, name: str, value: Value) -> Value:
        """``value``, or the last value of this name if it is equal (the object later stages saw)."""
        known = self._whole.get(name)
        if known is not None and known[1] == value:
            return known[1]
        self._whole[name] = ((), value)
        return value

    def _replaced(
        self, name: str, over: Sequence[str], reads: Reads, now: dict[str, Table], context: Hashable
    ) -> set[Hashable] | None:
        """What the query's tables replaced since it last ran: the ids of its own records and (table, id)
        of the entries read; None if it must look at every record (its records' ids changed, or the
        context, or it never ran)."""
        seen = self._seen.get(name)
        if seen is None or seen[1] != context:
            return None
        last, replaced = seen[0], set()
        for table in over:
            before, after = last[table], now[table]
            if before is not after:
                if len(before) != len(after) or list(before) != list(after):
                    return None
                replaced |= self._differences.of(before, after)
        for table in reads:
            before, after = last[table], now[table]
            if before is not after:
                replaced.update((table, record_id) for record_id in self._differences.of(before, after))
        return replaced


def own_id(record: Any) -> tuple[str]:
    """``reads`` of a value made from the entry with its record's own id in another table (a claim's
    support, an entity's mentions, a source's capture digest)."""
    return (record.id,)


def _inputs_of(reads: Reads) -> Callable[[Any], list[tuple[str, str]]]:
    def inputs_of(record: Any) -> list[tuple[str, str]]:
        return [(table, record_id) for table, ids in reads.items() for record_id in ids(record)]

    return inputs_of


def _finder(tables: Collection[Table]) -> Callable[[str], Any]:
    if len(tables) == 1:
        return next(iter(tables)).__getitem__
    ordered = list(tables)

    def record_of(record_id: str) -> Any:
        for table in ordered:
            if record_id in table:
                return table[record_id]
        raise KeyError(record_id)

    return record_of
