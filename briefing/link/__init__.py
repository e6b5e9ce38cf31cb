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
- :mod:`~briefing.link.index`: who relates to whom, for pages to look their neighbours up;
- :mod:`~briefing.link.cache`: what linking keeps between builds, and how each part is brought up to date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.chronology import chronological
from briefing.link.backlinks import Backlink, Highlight, MergedIndex
from briefing.link.cache import (
    Changes,
    LinkCache,
    changed_entries,
    renew_index,
    update_backlinks,
    update_highlights,
    update_mentions,
    update_supports,
    update_variants,
)
from briefing.link.index import Index
from briefing.link.mentions import Mention, MentionIndex, alias_finder
from briefing.link.support import OriginGroup, Support
from briefing.link.variants import Token, quote_variants
from briefing.model import Briefing, Event
from briefing.withdrawals import flags as withdrawal_flags

# the public names of the module this package was, so that what imports them from here keeps working
__all__ = [
    "Backlink",
    "Graph",
    "Highlight",
    "Index",
    "LinkCache",
    "Mention",
    "MentionIndex",
    "MergedIndex",
    "OriginGroup",
    "Support",
    "Token",
    "alias_finder",
    "link",
    "quote_variants",
]


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


def link(briefing: Briefing, cache: LinkCache | None = None) -> Graph:
    cache = cache or LinkCache()
    last, cache.briefing = cache.briefing, None  # set again once this briefing is linked
    replaced = briefing.replaced_since(last)
    changes = Changes.since(last, briefing, replaced) if last is not None and replaced is not None else None
    graph = Graph()
    graph.backlinks = update_backlinks(briefing, cache, changes)
    graph.mentions_by_source = update_mentions(briefing, cache, changes)
    graph.mentions = cache.mentions_by_entity.update(
        graph.mentions_by_source, changes.sources if changes and changes.aliases_kept else None
    )
    graph.highlights = update_highlights(briefing, cache, changes)
    graph.support = update_supports(briefing, cache, changes)
    graph.variants = update_variants(briefing, cache, changes)
    if changes is None or changes.touch("events"):
        cache.timeline = sorted(briefing.events.values(), key=lambda e: (chronological(e.date), e.id))
    graph.timeline = cache.timeline
    flags = withdrawal_flags(briefing)  # cheap, and depends on nearly every table: made on every build
    if flags != cache.flags:
        cache.flags = flags
    graph.flags = cache.flags
    if changes is None or changes.touch("topics", "events", "quotes", "claims", "entities"):
        renew_index(briefing, graph.timeline, cache)
    assert cache.index is not None
    graph.index = cache.index[1]
    cache.changed = changed_entries(cache, changes)
    cache.briefing = briefing
    return graph
