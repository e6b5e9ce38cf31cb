"""Who cites or refers to what: each record's references (its part of the "cited by" backlinks), and the
cited spans of each source with the records citing them (highlights).

Backlinks and highlights are one concern seen at two scales (a record, a passage): both are made of parts
that many records contribute, merged by key (``incremental.grouped.MergedIndex``).
"""

from __future__ import annotations

from typing import NamedTuple

from briefing.markup import wikilinks
from briefing.model import Claim, Event, Record, Span, TextQuote

# Backlink and Highlight (like mentions.Mention) are named tuples rather than dataclasses: a rebuild compares
# the graph's lists of them with the last build's (``Digests.changed_keys``), and tuples compare in C.


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
