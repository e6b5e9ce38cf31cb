"""Stage 3 — link: derive the cross-link graph from resolved records.

Nothing here reads files or reports content errors; it only connects what
the validate stage has resolved: who cites what ("cited by"), where entities
are mentioned (through their aliases), how well each claim is corroborated
(counting independent origins), how renderings of one quote differ, and the
order of events in time.

This module holds the stage's entry, :func:`link`, and the :class:`Graph` it returns; each part of the
graph is made in a module of its own:

- :mod:`~briefing.link.backlinks`: who cites or refers to what, and the cited spans of each source;
- :mod:`~briefing.link.mentions`: where sources mention entities, through their names and aliases;
- :mod:`~briefing.link.support`: how well each claim is corroborated (its independent origins);
- :mod:`~briefing.link.variants`: how the renderings of one quote differ;
- :mod:`~briefing.link.index`: who relates to whom, for pages to look their neighbours up.

``link`` is written as queries (:mod:`briefing.incremental.queries`): the same code links a briefing for the
first time and again after an edit, and the queries decide what is made again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from briefing.chronology import chronological
from briefing.incremental.queries import Queries, own_id
from briefing.link.backlinks import Backlink, Highlight, grouped_by_span, record_links
from briefing.link.index import Index, make_index
from briefing.link.mentions import Mention, alias_finder, block_mentions
from briefing.link.support import OriginGroup, Support, claim_support
from briefing.link.variants import Token, quote_variants
from briefing.markup import wikilinks
from briefing.model import RECORDS, Briefing, Claim, Event, Quote, Record, Source, Span
from briefing.withdrawals import flags as withdrawal_flags

__all__ = ["Backlink", "Graph", "Highlight", "Index", "Mention", "OriginGroup", "Support", "Token", "link"]


@dataclass
class Graph:
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    mentions_by_source: dict[str, list[Mention]] = field(default_factory=dict)
    highlights: dict[str, list[Highlight]] = field(default_factory=dict)
    support: dict[str, Support] = field(default_factory=dict)
    variants: dict[str, list[list[Token]]] = field(default_factory=dict)
    timeline: list[Event] = field(default_factory=list)
    flags: dict[str, list[str]] = field(default_factory=dict)
    index: Index = field(default_factory=lambda: Index())

    def cited_by(self, record_id: str) -> list[Backlink]:
        return self.backlinks.get(record_id, [])


def link(briefing: Briefing, queries: Queries | None = None) -> Graph:
    """The graph of ``briefing``. ``queries``: those of the last briefing linked, whose values are reused
    where what they were made from is the same; a new one links from nothing."""
    q = queries or Queries()
    q.begin(_tables(briefing))
    graph = Graph()
    q.per_record("links_from", RECORDS, record_links)
    graph.backlinks = q.merged("backlinks", "links_from", list, _briefing_links(briefing))
    finder, owner, aliases = q.whole("names", list(briefing.entities.values()), lambda: _names(briefing))

    def mentions(source: Source) -> list[Mention]:
        if finder.empty:
            return []
        blocks = enumerate(source.blocks)
        return [mention for i, block in blocks for mention in block_mentions(finder, owner, source.id, i, block.text)]

    graph.mentions_by_source = q.per_record("mentions", ("sources",), mentions, context=aliases)
    graph.mentions = q.grouped("mentions_by_entity", "mentions", _entity_id)
    q.per_record("cited_spans", RECORDS, _cited_part, reads={"spans": own_id})
    citations = {"\0citations": [(c.span.source_id, (c.span, c.owner)) for c in briefing.citations if c.span]}
    graph.highlights = q.merged("highlights", "cited_spans", grouped_by_span, citations)
    graph.support = q.per_record(
        "supports", ("claims",), lambda claim: claim_support(claim, briefing), reads={"sources": _cited_sources}
    )
    graph.variants = q.per_record("variants", ("quotes",), _variants, same=_same_renderings)
    events = list(briefing.events.values())
    graph.timeline = q.whole("timeline", events, lambda: sorted(events, key=lambda e: (chronological(e.date), e.id)))
    graph.flags = q.kept_if_equal("flags", withdrawal_flags(briefing))  # read from nearly every table
    indexed = [briefing.info, *briefing.topics.values(), *graph.timeline, *briefing.quotes.values()]
    indexed += [*briefing.claims.values(), *briefing.entities.values()]
    graph.index = q.whole("index", indexed, lambda: make_index(briefing, graph.timeline))
    return graph


def _tables(briefing: Briefing) -> dict[str, Mapping[str, object]]:
    tables: dict[str, Mapping[str, object]] = {**briefing.record_tables()}
    tables["spans"] = briefing.spans  # validate's: a new entry where it located a record's passages again
    return tables


def _briefing_links(briefing: Briefing) -> dict[str, list[tuple[str, Backlink]]]:
    """The backlinks that are no record's part: citations in Markdown, and links in the bottom line."""
    citations = [(c.source.id, Backlink(c.owner, "citation")) for c in briefing.citations if c.source.id != c.owner]
    bluf = wikilinks(briefing.info.bluf) if briefing.info.bluf else []
    links = [(link.target, Backlink("briefing", "link")) for link in bluf if link.target != "briefing"]
    return {"\0citations": citations, "\0briefing": links}


def _names(briefing: Briefing) -> tuple[object, dict[str, str], str]:
    """The finder of every entity's names, who owns each name, and those owners as text (what the mentions
    found are made under: an entity edited without a change of names leaves them as they were)."""
    finder, owner = alias_finder(briefing)
    return finder, owner, repr(sorted(owner.items()))


def _entity_id(mention: Mention) -> str:
    return mention.entity_id


def _cited_part(record: Record) -> list[tuple[str, tuple[Span, str]]]:
    """A record's part of the highlights: each passage it quotes that validate located, with the record."""
    return [(quote.span.source_id, (quote.span, record.id)) for quote in record.contents.text_quotes if quote.span]


def _cited_sources(claim: Claim) -> list[str]:
    return [evidence.source.id for evidence in claim.evidence]


def _variants(quote: Quote) -> list[list[Token]]:
    return quote_variants([rendering.quote for rendering in quote.renderings])


def _same_renderings(old: Quote, new: Quote) -> bool:
    return [r.quote for r in old.renderings] == [r.quote for r in new.renderings]
