"""What linking keeps between builds of one process, and how each part of the graph is brought up to date
from it: :class:`LinkCache` holds the last build's parts, :class:`Changes` says which records were
replaced since, and the ``update_*`` functions (and ``renew_index``) make each part again only where what
it is made from changed.

What each part is lives in its own module (backlinks, mentions, support, variants, index); this one holds
only the reuse, in one place, so that the incremental machinery of this stage can be read (and replaced)
apart from what it computes.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from briefing.incremental.derived import Derived, keyed
from briefing.incremental.memo import Memo, same_objects
from briefing.link.backlinks import Backlink, Highlight, MergedIndex, grouped_by_span, record_links
from briefing.link.index import Index, make_index
from briefing.link.mentions import Mention, MentionIndex, alias_finder, block_mentions
from briefing.link.support import Support, claim_support
from briefing.link.variants import Token, quote_variants
from briefing.markup import wikilinks
from briefing.model import RECORD_TABLES, Briefing, Claim, Event, Record, Source, Span
from briefing.textmatch import NameFinder


class LinkCache:
    """What linking keeps between builds of one process, each part reused while what it is made from is
    unchanged (records and sources compared as objects: load keeps those of unchanged files):

    - the mentions found in each source, while the source and the aliases are unchanged;
    - how the renderings of each quote differ, while they read the same;
    - what each record refers to, and the passages it cites (its parts of the backlinks and highlights),
      while it is the same object and, for passages, validate did not locate them again;
    - the backlinks of each record, the highlights of each source and the mentions of each entity,
      updated where they changed (``MergedIndex``, ``MentionIndex``);
    - each claim's support, while the claim and its sources are the same objects;
    - the index, while every record it is made from is the same object.

    When the ids are those of the last briefing linked, only what the replaced records take part in is
    looked at (``Changes``); otherwise every record is, and the parts above are reused where they hold.
    """

    def __init__(self) -> None:
        self.mentions: Derived[list[Mention]] = Derived()  # each source's, under the names
        self.variants: Memo[tuple[str, ...], list[list[Token]]] = Memo()
        self.links_from: Derived[list[tuple[str, Backlink]]] = Derived()
        self.backlinks: MergedIndex[Backlink, list[Backlink]] = MergedIndex(list)
        self.highlights: MergedIndex[tuple[Span, str], list[Highlight]] = MergedIndex(grouped_by_span)
        self.cited_spans: Derived[list[tuple[str, tuple[Span, str]]]] = Derived(_spans_entry)  # each record's part
        self.mentions_by_entity = MentionIndex()
        self.supports: Derived[Support] = Derived(_cited_by_evidence)  # each claim's, from the sources it cites
        self.index: tuple[list[Any], Index] | None = None  # the records it was made from, and the index
        # what the last build linked, and what it made of it
        self.briefing: Briefing | None = None
        self.finder: tuple[NameFinder, dict[str, str], str] | None = None  # and the names' owners, as text
        self.variant_table: dict[str, list[list[Token]]] = {}
        self.timeline: list[Event] = []
        self.flags: dict[str, list[str]] = {}
        self.changed: set[Hashable] | None = None  # what the last link changed (``changed_entries``)


def _spans_entry(record: Record) -> tuple[tuple[str, str]]:
    return (("spans", record.id),)


def _replaced_ids(changes: Changes | None) -> set[str] | None:
    return None if changes is None else changes.ids


def _cited_by_evidence(claim: Claim) -> list[str]:
    return [evidence.source.id for evidence in claim.evidence]


@dataclass
class Changes:
    """How a briefing differs from the last one linked, when only some records were replaced."""

    records: list[Record]  # the records that are new objects (the ids are the same)
    ids: set[str]  # their ids
    tables: set[str]  # the tables they are in
    sources: set[str]  # the ids of the replaced sources
    respanned: list[Record]  # records validate located quoted passages of again (a new ``briefing.spans`` entry)
    aliases_kept: bool  # no entity was replaced, so the names mentions are found by are the same

    @classmethod
    def since(cls, last: Briefing, briefing: Briefing, replaced: set[str]) -> Changes:
        records = briefing.records_with(replaced)
        tables = {name for name in RECORD_TABLES if not replaced.isdisjoint(getattr(briefing, name))}
        spans, last_spans = briefing.spans, last.spans
        respanned = {record_id for record_id, entry in spans.items() if last_spans.get(record_id) is not entry}
        respanned |= last_spans.keys() - spans.keys()
        return cls(
            records,
            set(replaced),
            tables,
            replaced & briefing.sources.keys(),
            briefing.records_with(respanned - replaced),
            "entities" not in tables,
        )

    def touch(self, *tables: str) -> bool:
        return not self.tables.isdisjoint(tables)


def renew_index(briefing: Briefing, timeline: list[Event], cache: LinkCache) -> None:
    """Make the index again, unless it was made from the same records (the same objects)."""
    inputs = [briefing.info, *briefing.topics.values(), *timeline, *briefing.quotes.values()]
    inputs += [*briefing.claims.values(), *briefing.entities.values()]
    known = cache.index
    if known is None or not same_objects(known[0], inputs):
        cache.index = (inputs, make_index(briefing, timeline))


def update_variants(briefing: Briefing, cache: LinkCache, changes: Changes | None) -> dict[str, list[list[Token]]]:
    """How the renderings of each quote differ, kept while they read the same."""
    if changes is not None:
        if not changes.touch("quotes"):
            return cache.variant_table
        table = dict(cache.variant_table)
        for quote in changes.records:
            if quote.kind == "quote":
                table[quote.id] = quote_variants([r.quote for r in quote.renderings])
    else:
        table = {}
        for quote in briefing.quotes.values():
            renderings = tuple(r.quote for r in quote.renderings)
            table[quote.id] = cache.variants.get(renderings, lambda r=renderings: quote_variants(list(r)))
        cache.variants.end_build()
    cache.variant_table = table
    return table


def update_supports(briefing: Briefing, cache: LinkCache, changes: Changes | None) -> dict[str, Support]:
    """How each claim is supported, reused while the claim and the sources it cites are the same objects."""

    def support(claim: Claim) -> Support:
        return claim_support(claim, briefing)

    claims, replaced = briefing.claims, _replaced_ids(changes)
    cache.supports.update(
        claims.values(), support, record_of=claims.__getitem__, lookup=briefing.sources.get, replaced=replaced
    )
    return cache.supports.table()


def changed_entries(cache: LinkCache, changes: Changes | None) -> set[Hashable] | None:
    """What the last ``link`` replaced or made again, as the lints name what they read: the replaced records'
    ids, the claims whose support was found again, and ("mentions" or "backlinks", id) for the entities
    whose mentions or the records whose backlinks changed. None when every record was looked at."""
    if changes is None or cache.supports.derived_again is None:
        return None
    changed: set[Hashable] = set(changes.ids)
    changed |= cache.supports.derived_again
    changed.update(("mentions", entity_id) for entity_id in cache.mentions_by_entity.touched)
    changed.update(("backlinks", record_id) for record_id in cache.backlinks.touched)
    return changed


def update_backlinks(briefing: Briefing, cache: LinkCache, changes: Changes | None) -> dict[str, list[Backlink]]:
    replaced = _replaced_ids(changes)
    cache.links_from.update(briefing.records(), record_links, record_of=briefing.record, replaced=replaced)
    links_from = cache.links_from.table()
    parts = dict(links_from) if replaced is None else {record_id: links_from[record_id] for record_id in replaced}
    parts["\0citations"] = [
        (c.source.id, Backlink(c.owner, "citation")) for c in briefing.citations if c.source.id != c.owner
    ]
    bluf = wikilinks(briefing.info.bluf) if briefing.info.bluf else []
    parts["\0briefing"] = [(link.target, Backlink("briefing", "link")) for link in bluf if link.target != "briefing"]
    return cache.backlinks.update(parts, every_owner=changes is None)


def update_mentions(briefing: Briefing, cache: LinkCache, changes: Changes | None) -> dict[str, list[Mention]]:
    """Where each source mentions entities: found again in a source only if it, or the names, changed."""
    names_kept = changes is not None and changes.aliases_kept and cache.finder is not None
    if not names_kept:
        finder, owner = alias_finder(briefing)
        cache.finder = (finder, owner, repr(sorted(owner.items())))
    assert cache.finder is not None
    finder, owner, aliases = cache.finder

    def mentions(source: Source) -> list[Mention]:
        if finder.empty:
            return []
        blocks = enumerate(source.blocks)
        return [mention for i, block in blocks for mention in block_mentions(finder, owner, source.id, i, block.text)]

    sources, replaced = briefing.sources, changes.sources if changes is not None and names_kept else None
    cache.mentions.update(sources.values(), mentions, record_of=sources.__getitem__, context=aliases, replaced=replaced)
    return cache.mentions.table()  # every source, with no mentions where no entity has a name


def update_highlights(briefing: Briefing, cache: LinkCache, changes: Changes | None) -> dict[str, list[Highlight]]:
    """The cited spans of each source and who cites them. A record's part is taken again only if the record
    is a new object or validate located its quoted passages again (a new ``briefing.spans`` entry)."""
    replaced: set[Hashable] | None = None
    if changes is not None:
        replaced = {*changes.ids, *(("spans", record.id) for record in changes.respanned)}

    cited, spans = cache.cited_spans, keyed({"spans": briefing.spans})
    cited.update(briefing.records(), _cited_part, record_of=briefing.record, lookup=spans, replaced=replaced)
    table = cited.table()
    parts = (
        dict(table)
        if cited.derived_again is None
        else {record_id: table[record_id] for record_id in cited.derived_again}
    )
    parts["\0citations"] = [(c.span.source_id, (c.span, c.owner)) for c in briefing.citations if c.span]
    return cache.highlights.update(parts, every_owner=changes is None)


def _cited_part(record: Record) -> list[tuple[str, tuple[Span, str]]]:
    """A record's part of the highlights: each passage it quotes that validate located, with the record."""
    return [(quote.span.source_id, (quote.span, record.id)) for quote in record.contents.text_quotes if quote.span]
