"""The print view (print.html): the whole briefing as one document, in reading order; the PDF is made from it."""

from __future__ import annotations

from typing import Any

from briefing.render.pages.claims import claims_by_topic, matrix
from briefing.render.pages.sources import sources_by_date
from briefing.render.renderer import Renderer


def print_view(r: Renderer) -> dict[str, Any]:
    """The whole briefing as one document, in reading order (what the PDF is made from)."""
    claims = claims_by_topic(r)
    topics = [r.briefing.topics[summary.id] for summary in r.briefing.topic_order()]
    index = r.graph.index
    return {
        "topics": topics,
        "topic_claims": {t.id: r.records("claims", index.claims_in_topic.get(t.id, [])) for t in topics},
        "claims": claims,
        "claim_numbers": {claim.id: number for number, claim in enumerate(claims, start=1)},
        "events": r.graph.timeline,
        "quotes": r.records("quotes", index.quote_order),
        "sources": sources_by_date(r),
        "matrix_sources": matrix(r)["sources"],
    }
