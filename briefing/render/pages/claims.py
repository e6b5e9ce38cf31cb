"""The claims matrix (every claim against the sources it cites), and a claim's page with its support."""

from __future__ import annotations

from typing import Any

from briefing.model import Claim
from briefing.render.pages.sources import sources_by_date
from briefing.render.renderer import Renderer


def claims_by_topic(r: Renderer) -> list[Claim]:
    """All claims, grouped by the first of their topics in reading order."""
    order = [topic.id for topic in r.briefing.topic_order()]

    def rank(claim: Claim) -> tuple[int, str]:
        ranks = [order.index(t.id) for t in claim.topics if t.id in order]
        return (min(ranks) if ranks else len(order), claim.id)

    return sorted(r.briefing.claims.values(), key=rank)


def matrix(r: Renderer) -> dict[str, Any]:
    claims = claims_by_topic(r)
    used = {e.source.id for c in claims for e in (*c.evidence, *c.contradicting)}
    return {"claims": claims, "sources": [s for s in sources_by_date(r) if s.id in used]}


def claim_page(r: Renderer, claim_id: str) -> dict[str, Any]:
    claim = r.briefing.claims[claim_id]
    judgments = r.records("judgments", r.graph.index.judgments_citing.get(claim_id, []))
    return {"claim": claim, "record": claim, "support": r.graph.support[claim_id], "judgments": judgments}
