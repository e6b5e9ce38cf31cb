"""The timeline, and an event's page: its neighbours in time, what was said there, what claims rest on it."""

from __future__ import annotations

from typing import Any

from briefing.render.renderer import Renderer


def timeline(r: Renderer) -> dict[str, Any]:
    return {"events": r.graph.timeline}


def event_page(r: Renderer, event_id: str) -> dict[str, Any]:
    event = r.briefing.events[event_id]
    index = r.graph.index
    previous_id, next_id = index.neighbours[event_id]
    return {
        "event": event,
        "record": event,
        "previous": r.briefing.events[previous_id] if previous_id else None,
        "next": r.briefing.events[next_id] if next_id else None,
        "quotes": r.records("quotes", index.quotes_at.get(event_id, [])),
        "claims": r.records("claims", index.claims_about.get(event_id, [])),
        "topics": r.topics_of(event),
    }
