"""The quotes in order, and a quote's page with its speaker."""

from __future__ import annotations

from typing import Any

from briefing.model import Quote
from briefing.render.renderer import Renderer


def quotes_index(r: Renderer) -> dict[str, Any]:
    return {"quotes": r.records("quotes", r.graph.index.quote_order)}


def quote_page(r: Renderer, quote_id: str) -> dict[str, Any]:
    quote: Quote = r.briefing.quotes[quote_id]
    speaker = r.briefing.label(quote.speaker.id) if quote.speaker else None
    return {"quote": quote, "record": quote, "speaker": speaker}
