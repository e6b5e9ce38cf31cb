"""Who cites or refers to what: each record's references (its part of the "cited by" backlinks), the
cited spans of each source with the records citing them (highlights), and :class:`MergedIndex`, which
keeps both tables up to date from the parts that changed.

Backlinks and highlights are one concern seen at two scales (a record, a passage): both are made of parts
that many owners contribute, merged by key, which is what :class:`MergedIndex` does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Generic, NamedTuple, TypeVar

from briefing.markup import wikilinks
from briefing.model import Claim, Event, Record, Span, TextQuote

# Backlink and Highlight (like mentions.Mention) are named tuples rather than dataclasses: a rebuild compares
# the graph's lists of them with the last build's (``Digests.changed_keys``), and tuples compare in C.


Item = TypeVar("Item")
Shown = TypeVar("Shown")


class Backlink(NamedTuple):
    """``record_id`` refers to the target through ``relation`` (e.g. "evidence", "participant")."""

    record_id: str
    relation: str


class Highlight(NamedTuple):
    """A cited span on a source page and the records that cite it."""

    span: Span
    cited_by: tuple[str, ...]


def _selectors(record: Record) -> list[tuple[str, TextQuote]]:
    if isinstance(record, Claim):
        return [("evidence", e) for e in record.evidence] + [("contradicting", e) for e in record.contradicting]
    if isinstance(record, Event):
        return [("evidence", e) for e in record.evidence]
    renderings = getattr(record, "renderings", None)
    if renderings:
        return [("rendering", r) for r in renderings]
    return []


# A list field of a record, and what the record is to each id it lists (shown on the target's page).
_LIST_RELATIONS = {
    "participants": "participant",
    "topics": "topic",
    "about": "about",
    "entities": "entity",
    "events": "event",
    "claims": "judgment",
    "wire_services": "wire service",
}


class MergedIndex(Generic[Item, Shown]):
    """Items that many owners contribute, grouped by key, kept up to date from one build to the next.

    Each owner gives a part: (key, item) pairs. A part that is the last build's object, or equal to it, is
    not merged again; a changed part's old pairs are taken back and its new ones counted (an item may come
    from several owners), and only the keys it touched are shown again (``show`` of their sorted items).
    The table is a new dict when anything changed and the last one otherwise, so render can tell which
    keys changed. (Its keys are in no particular order: pages look them up.)
    """

    def __init__(self, show: Callable[[list[Item]], Shown]) -> None:
        self._show = show
        self._parts: dict[str, list[tuple[str, Item]]] = {}  # as last merged, by owner
        self._counts: dict[str, Counter[Item]] = {}
        self._table: dict[str, Shown] = {}
        self.touched: set[str] = set()  # the keys whose entries the last update made again

    def update(self, parts: dict[str, list[tuple[str, Item]]], every_owner: bool = True) -> dict[str, Shown]:
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
        self.touched = touched
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


def record_links(record: Record) -> list[tuple[str, Backlink]]:
    """What one record refers to, each target with how: the record's part of the backlinks."""
    found: list[tuple[str, Backlink]] = []

    def add(target: str | None, relation: str) -> None:
        if target and target != record.id:
            found.append((target, Backlink(record.id, relation)))

    for relation, selector in _selectors(record):
        add(selector.source.id, relation)
    for name in ("country", "place", "speaker", "occasion"):
        ref = getattr(record, name, None)
        if ref is not None:
            add(ref.id, name)
    for name, relation in _LIST_RELATIONS.items():
        for ref in getattr(record, name, None) or []:
            add(ref.id, relation)
    for role in getattr(record, "roles", None) or []:
        if role.organization is not None:
            add(role.organization.id, "role")
    for text in record.contents.texts:
        for link in wikilinks(text):
            add(link.target, "link")
    return found


def grouped_by_span(cited: list[tuple[Span, str]]) -> list[Highlight]:
    """Sorted (span, citer) pairs as one highlight per span."""
    citers: dict[Span, list[str]] = {}
    for span, citer in cited:
        citers.setdefault(span, []).append(citer)
    return [Highlight(span, tuple(by)) for span, by in citers.items()]
