"""Tables that many records contribute to, kept up to date from the parts that changed: who cites what
(each record gives its references, grouped by the record referred to), where entities are mentioned (each
source gives its mentions, grouped by entity).

Both take, at each build, the parts of the owners whose part may have changed (or every part) and make
again only the groups those parts touch. The table is a new dict when a group changed and the last one
otherwise, and an unchanged group stays the same object, which is how later stages tell what changed.
(Their keys are in no particular order: pages look them up.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping
from typing import Generic, TypeVar

Item = TypeVar("Item")
Shown = TypeVar("Shown")


class MergedIndex(Generic[Item, Shown]):
    """Items that many owners contribute, grouped by key, each group shown as ``show`` of its sorted items.

    Each owner gives a part: (key, item) pairs. A part that is the last build's object, or equal to it, is
    not merged again; a changed part's old pairs are taken back and its new ones counted (an item may come
    from several owners), and only the keys it touched are shown again.
    """

    def __init__(self, show: Callable[[list[Item]], Shown]) -> None:
        self._show = show
        self._parts: dict[str, list[tuple[str, Item]]] = {}  # as last merged, by owner
        self._counts: dict[str, Counter[Item]] = {}
        self._table: dict[str, Shown] = {}

    def update(self, parts: Mapping[str, list[tuple[str, Item]]], every_owner: bool = True) -> dict[str, Shown]:
        """Merge these parts. ``every_owner``: whether they are all the parts (an owner not among them is
        gone), rather than only those of the owners whose part may have changed."""
        touched: set[str] = set()
        merged: dict[str, list[tuple[str, Item]]] = {}
        for owner, part in parts.items():
            old = self._parts.pop(owner, None)
            if old is not None and (old is part or old == part):
                merged[owner] = old
                continue
            self._count(old or [], -1, touched)
            self._count(part, 1, touched)
            merged[owner] = part
        if every_owner:
            for gone in self._parts.values():
                self._count(gone, -1, touched)
            self._parts = merged
        else:
            self._parts.update(merged)
        if not touched:
            return self._table
        table = dict(self._table)  # a new table: the last one is the last build's, which render compares with
        for key in touched:
            counts = self._counts.get(key)
            if counts:
                table[key] = self._show(sorted(counts))
            else:
                table.pop(key, None)
                self._counts.pop(key, None)
        self._table = table
        return table

    def _count(self, part: list[tuple[str, Item]], change: int, touched: set[str]) -> None:
        for key, item in part:
            counts = self._counts.setdefault(key, Counter())
            counts[item] += change
            if counts[item] <= 0:
                del counts[item]
            touched.add(key)


class GroupedInOrder(Generic[Item]):
    """Each owner's items grouped by ``key_of(item)``, a group listing its items owner by owner in the
    owners' order (each owner's in its own order). An owner's items equal to the last ones are not merged
    again."""

    def __init__(self, key_of: Callable[[Item], str]) -> None:
        self._key_of = key_of
        self._merged: dict[str, list[Item]] = {}  # each owner's items, as last merged
        self._parts: dict[str, dict[str, list[Item]]] = {}  # key → owner → its items there
        self._groups: dict[str, list[Item]] = {}

    def update(
        self, by_owner: Mapping[str, list[Item]], changed: Collection[str] | None = None
    ) -> dict[str, list[Item]]:
        """Merge each owner's items. ``changed``: the only owners whose items may have changed, when the
        caller knows (the owners are then the last call's, in the same order)."""
        if changed is None and list(by_owner) != list(self._merged):  # owners added, removed or reordered
            self._merged, self._parts, self._groups = {}, {}, {}
        key_of, touched = self._key_of, set()
        for owner in by_owner if changed is None else changed:
            items = by_owner[owner]
            old = self._merged.get(owner)
            if old is not None and (old is items or old == items):
                continue
            for item in old or ():
                self._parts[key_of(item)].pop(owner, None)
                touched.add(key_of(item))
            for item in items:
                self._parts.setdefault(key_of(item), {}).setdefault(owner, []).append(item)
                touched.add(key_of(item))
            self._merged[owner] = items
        if not touched:
            return self._groups
        position = {owner: number for number, owner in enumerate(by_owner)}
        groups = dict(self._groups)  # a new table: the last one is the last build's, which render compares with
        for key in touched:
            parts = self._parts[key]
            found = [item for owner in sorted(parts, key=position.__getitem__) for item in parts[owner]]
            if found:
                groups[key] = found
            else:
                groups.pop(key, None)
                del self._parts[key]
        self._groups = groups
        return groups
