"""A quote as a source's page shows it: in the words that source gives.

One utterance is often reported by several sources, each in its own rendering (translations differ: "got a
lot worse", "gotten a lot worse"). A quote's label is its first rendering, which on another source's page
put words in that source's mouth it never printed. A source page names a quote by the rendering that
source gives, and links to where those words are in its text; only a quote the source gives no rendering
of is named by another source's words, and the page says whose.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from briefing.model import Quote, Rendering
from briefing.render import wording

if TYPE_CHECKING:
    from briefing.render.views import BriefingView

CITER_LENGTH = 50  # a citer named in a passage's tooltip: about half a line


@dataclass(frozen=True)
class QuoteOnSource:
    """A quote named on one source's page."""

    label: str  # its words, shortened as a quote's label is
    anchor: str  # where this source gives them (an id on its page), "" if not located
    worded_by: str  # "" when the words are this source's; else the publisher whose words they are


def rendering_in(quote: Quote, source_id: str) -> Rendering | None:
    """The rendering ``source_id`` gives of the quote (its first, should it give two), if any."""
    return next((rendering for rendering in quote.renderings if rendering.source.id == source_id), None)


def quote_on_source(briefing: BriefingView, quote_id: str, source_id: str) -> QuoteOnSource:
    """The quote as ``source_id``'s page names it: that source's words, or, if it gives none, the first
    rendering's, with its publisher. The label is the quote's own rule applied to one rendering."""
    quote: Quote = briefing.quotes[quote_id]
    own = rendering_in(quote, source_id)
    shown = own or (quote.renderings[0] if quote.renderings else None)
    if shown is None:
        return QuoteOnSource(quote.label, "", "")
    label = replace(quote, renderings=[shown]).label
    if own is not None:
        return QuoteOnSource(label, own.span.anchor if own.span is not None else "", "")
    other = briefing.sources.get(shown.source.id)
    return QuoteOnSource(label, "", other.publisher if other is not None else "another source")


def citer(briefing: BriefingView, record_id: str, source_id: str) -> str:
    """Who cites a passage of ``source_id``, as the reader knows it: its kind and its name, never its id; a
    quote by the words this source gives."""
    if record_id == "briefing":
        return "the bottom line up front"
    label = briefing.label(record_id)
    if label is None:
        return record_id
    name = quote_on_source(briefing, record_id, source_id).label if label.kind == "quote" else label.label
    name = name if len(name) <= CITER_LENGTH else name[: CITER_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return f"{wording.kind_noun(label.kind)}: {name}"


GLOBALS: dict[str, Any] = {"quote_on_source": quote_on_source}
