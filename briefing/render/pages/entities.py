"""The entities by kind, and an entity's page: its events, quotes, claims, members and mentions in sources."""

from __future__ import annotations

from typing import Any

from briefing.model import Entity
from briefing.render.renderer import Renderer

ENTITY_SECTIONS = (
    ("person", "People"),
    ("country", "Countries"),
    ("organization", "Organizations"),
    ("place", "Places"),
)


def entity_sections(r: Renderer) -> dict[str, Any]:
    entities = sorted(r.briefing.entities.values(), key=lambda e: e.name.lower())
    return {"sections": [(title, [e for e in entities if e.kind == kind]) for kind, title in ENTITY_SECTIONS]}


def entity_page(r: Renderer, entity_id: str) -> dict[str, Any]:
    entity: Entity = r.briefing.entities[entity_id]
    index = r.graph.index
    mentions: dict[str, list[Any]] = {}
    for mention in r.graph.mentions.get(entity_id, []):
        seen = mentions.setdefault(mention.source_id, [])
        if mention.sentence not in [m.sentence for m in seen]:
            seen.append(mention)
    return {
        "entity": entity,
        "record": entity,
        "events": r.records("events", index.events_of.get(entity_id, [])),
        "quotes": r.records("quotes", index.quotes_by.get(entity_id, [])),
        "claims": r.records("claims", index.claims_about.get(entity_id, [])),
        "mentions": [(r.briefing.sources[sid], items) for sid, items in sorted(mentions.items())],
        "members": r.records("entities", index.members.get(entity_id, [])),
    }
