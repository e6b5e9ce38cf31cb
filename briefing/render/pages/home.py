"""The home page: the latest events, the upcoming ones, and the sources."""

from __future__ import annotations

from typing import Any

from briefing.chronology import is_upcoming
from briefing.render.pages.sources import sources_by_date
from briefing.render.renderer import Renderer


def home_page(r: Renderer) -> dict[str, Any]:
    upcoming = [e for e in r.graph.timeline if is_upcoming(e, r.briefing.info.as_of)]  # none overdue
    past = [e for e in r.graph.timeline if e.id not in {u.id for u in upcoming}]
    return {"latest": list(reversed(past[-6:])), "upcoming": upcoming, "sources": sources_by_date(r)}
