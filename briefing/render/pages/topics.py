"""A topic's page: its events, claims, quotes, entities and the sources they and its write-up cite."""

from __future__ import annotations

from typing import Any

from briefing.chronology import chronological
from briefing.markup import citations
from briefing.model import Topic
from briefing.render.quotelists import quotes_about
from briefing.render.renderer import Renderer


def topic_page(r: Renderer, topic_id: str) -> dict[str, Any]:
    topic = r.briefing.topics[topic_id]
    index = r.graph.index
    events = r.records("events", index.events_in_topic.get(topic_id, []))
    claims = r.records("claims", index.claims_in_topic.get(topic_id, []))
    said = [q for e in events for q in r.records("quotes", index.quotes_at.get(e.id, []))]
    quotes = quotes_about(topic, events, claims, said, index.quote_order)  # not all said at its meetings
    entity_ids = [ref.id for ref in topic.entities]
    for event in events:
        entity_ids += [ref.id for ref in event.participants] + ([event.place.id] if event.place else [])
    entities = r.records("entities", list(dict.fromkeys(entity_ids)))
    cited = {e.source.id for c in claims for e in (*c.evidence, *c.contradicting)}
    cited |= {e.source.id for event in events for e in event.evidence}
    cited |= _sources_cited_in(topic)
    sources = sorted(r.records("sources", sorted(cited)), key=lambda s: (chronological(s.published), s.id))
    return {
        "topic": topic,
        "record": topic,
        "events": events,
        "claims": claims,
        "quotes": quotes,
        "entities": entities,
        "sources": sources,
    }


def _sources_cited_in(topic: Topic) -> set[str]:
    """Sources the topic's write-up cites with ``[@source…]``."""
    return {mark.source for mark in citations(topic.body)} if topic.body else set()
