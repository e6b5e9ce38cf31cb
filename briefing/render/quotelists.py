"""Which quotes a page lists, and each quote's words once.

Renderings with the same words (one translation relayed by two outlets) are shown once, with every source
that carries them (``rendering_groups``).

A topic page lists the quotes about the topic, not every quote of a meeting the topic shares.

A meeting such as the Moscow talks belongs to several topics (the islands, sanctions, the six-party talks),
and what was said there is about one or another of them. Listing every quote said at every event of a topic
put Putin's words on North Korea on the Kuril Islands page. A quote is about a topic when

- its occasion is an event of the topic and of no other topic (all that was said there is about it), or
- one of the topic's claims rests on its words (its evidence overlaps one of the quote's renderings in the
  same paragraph of the same source), or
- the topic's write-up links to it (``[[quote-id]]``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from briefing.markup import wikilinks
from briefing.model import Claim, Event, Quote, Span, Topic
from briefing.textmatch import squash


def _overlaps(span: Span, cited: dict[tuple[str, int], list[tuple[int, int]]]) -> bool:
    return any(start < span.end and span.start < end for start, end in cited.get((span.source_id, span.block), []))


def quotes_about(
    topic: Topic, events: Sequence[Event], claims: Iterable[Claim], quotes: Iterable[Quote], order: Sequence[str]
) -> list[Quote]:
    """The ``quotes`` (said at the topic's ``events``) that are about the topic, in ``order`` (quote ids)."""
    cited: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for claim in claims:
        for evidence in (*claim.evidence, *claim.contradicting):
            if evidence.span is not None:
                cited.setdefault((evidence.span.source_id, evidence.span.block), []).append(
                    (evidence.span.start, evidence.span.end)
                )
    own_events = {event.id for event in events if {ref.id for ref in event.topics} <= {topic.id}}
    linked = {link.target for link in wikilinks(topic.body)} if topic.body is not None else set()
    about = [
        quote
        for quote in quotes
        if quote.id in linked
        or (quote.occasion is not None and quote.occasion.id in own_events)
        or any(r.span is not None and _overlaps(r.span, cited) for r in quote.renderings)
    ]
    position = {quote_id: number for number, quote_id in enumerate(order)}
    return sorted(about, key=lambda quote: position.get(quote.id, len(position)))


def rendering_groups(quote: Quote) -> list[list[int]]:
    """The quote's renderings (by index) grouped by their words (quotes, dashes and spaces normalised), in
    the order of each group's first rendering: a page shows each group's words once."""
    groups: dict[str, list[int]] = {}
    for index, rendering in enumerate(quote.renderings):
        groups.setdefault(" ".join(squash(rendering.quote).split()), []).append(index)
    return list(groups.values())
