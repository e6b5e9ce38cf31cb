"""The sources by date, and a source's page: its paragraphs with the cited spans and entity mentions marked."""

from __future__ import annotations

from typing import Any

from briefing.chronology import chronological
from briefing.model import Source
from briefing.render.renderer import Renderer
from briefing.render.sourcequotes import citer
from briefing.render.sourcetext import cited_span, mention_link, render_intervals
from briefing.render.urls import record_path, relative


def sources_by_date(r: Renderer) -> list[Source]:
    return sorted(r.briefing.sources.values(), key=lambda s: (chronological(s.published), s.id))


def sources_index(r: Renderer) -> dict[str, Any]:
    return {"sources": sources_by_date(r)}


def source_page(r: Renderer, source_id: str) -> dict[str, Any]:
    source = r.briefing.sources[source_id]
    return {"source": source, "record": source, "paragraphs": source_paragraphs(r, source)}


def source_paragraphs(r: Renderer, source: Source) -> list[dict[str, Any]]:
    """Each block of a source with its highlights and mention links, ready for the template."""
    highlights = r.graph.highlights.get(source.id, [])
    mentions = r.graph.mentions_by_source.get(source.id, [])
    page = record_path(source)
    result = []
    for index, block in enumerate(source.blocks):
        here = [h for h in highlights if h.span.block == index]
        cited = [(h, "cited by " + "; ".join(citer(r.briefing, rid, source.id) for rid in h.cited_by)) for h in here]
        intervals = [cited_span(h.span.start, h.span.end, h.span.anchor, title) for h, title in cited]
        for mention in mentions:
            if mention.block == index:
                entity = r.briefing.entities[mention.entity_id]
                href = relative(page, record_path(entity))
                intervals.append(mention_link(mention.start, mention.end, href, entity.name))
        result.append({"block": block, "html": render_intervals(block.text, intervals), "highlights": here})
    return result
