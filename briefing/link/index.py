"""Who relates to whom — a topic's events and claims, an entity's events, a speaker's quotes, an event's
neighbours in time — precomputed once per build so a page looks its neighbours up by id instead of
scanning tables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from briefing.model import Briefing, Event


@dataclass
class Index:
    """Who relates to whom, precomputed so a page looks its neighbours up by id instead of scanning tables.

    Every list holds ids, in the order pages show them.
    """

    events_of: dict[str, list[str]] = field(default_factory=dict)  # entity → events it took part in or hosted
    quotes_by: dict[str, list[str]] = field(default_factory=dict)  # speaker → quotes
    quotes_at: dict[str, list[str]] = field(default_factory=dict)  # event → quotes said there
    claims_about: dict[str, list[str]] = field(default_factory=dict)  # entity or event → claims
    claims_in_topic: dict[str, list[str]] = field(default_factory=dict)
    events_in_topic: dict[str, list[str]] = field(default_factory=dict)
    topics_of_event: dict[str, list[str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)  # country → entities that belong to it
    judgments_citing: dict[str, list[str]] = field(default_factory=dict)  # claim → key judgments
    quote_order: list[str] = field(default_factory=list)  # all quotes, by date of occasion
    neighbours: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # event → (previous, next)


def make_index(briefing: Briefing, timeline: list[Event]) -> Index:
    index = Index()
    lists: dict[str, dict[str, dict[str, None]]] = defaultdict(dict)  # by Index field: key → values, in order

    def add(table: str, key: str | None, value: str) -> None:
        if key is not None:
            lists[table].setdefault(key, {})[value] = None  # a dict keeps order and drops repeats in O(1)

    topic_order = [t.id for t in briefing.topic_order()]
    events_listed = {topic_id: {r.id for r in briefing.topics[topic_id].events} for topic_id in topic_order}
    for position, event in enumerate(timeline):
        index.neighbours[event.id] = (
            timeline[position - 1].id if position > 0 else None,
            timeline[position + 1].id if position + 1 < len(timeline) else None,
        )
        for ref in event.participants:
            add("events_of", ref.id, event.id)
        add("events_of", event.place.id if event.place else None, event.id)
        own_topics = {r.id for r in event.topics}
        for topic_id in topic_order:
            if topic_id in own_topics or event.id in events_listed[topic_id]:
                add("events_in_topic", topic_id, event.id)
                add("topics_of_event", event.id, topic_id)
    occasion_dates = {e.id: position for position, e in enumerate(timeline)}  # the timeline's one order
    far_future = len(timeline)
    quotes = sorted(
        briefing.quotes.values(),
        key=lambda q: (occasion_dates.get(q.occasion.id, far_future) if q.occasion else far_future, q.id),
    )
    index.quote_order = [q.id for q in quotes]
    for quote in quotes:
        add("quotes_by", quote.speaker.id if quote.speaker else None, quote.id)
        add("quotes_at", quote.occasion.id if quote.occasion else None, quote.id)
    for claim in sorted(briefing.claims.values(), key=lambda c: c.id):
        for ref in claim.about:
            add("claims_about", ref.id, claim.id)
        for ref in claim.topics:
            add("claims_in_topic", ref.id, claim.id)
    for entity in sorted(briefing.entities.values(), key=lambda e: e.name):
        add("members", entity.country.id if entity.country else None, entity.id)
    for judgment in briefing.info.key_judgments:
        for ref in judgment.claims:
            add("judgments_citing", ref.id, judgment.id)
    for table, values in lists.items():
        setattr(index, table, {key: list(found) for key, found in values.items()})
    return index
