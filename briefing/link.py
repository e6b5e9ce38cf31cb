"""Stage 3 — link: derive the cross-link graph from resolved records.

Nothing here reads files or reports content errors; it only connects what
the validate stage has resolved: who cites what ("cited by"), where entities
are mentioned (through their aliases), how well each claim is corroborated
(counting independent origins), how renderings of one quote differ, and the
order of events in time.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar

from briefing.chronology import chronological
from briefing.markup import wikilinks
from briefing.memo import Memo, PerRecord, same_objects
from briefing.model import (
    RECORD_TABLES,
    Briefing,
    Claim,
    Event,
    Record,
    Source,
    Span,
    TextQuote,
)
from briefing.origins import independent_count, resolve
from briefing.sentences import sentence_breaks
from briefing.textmatch import NameFinder, squash
from briefing.withdrawals import flags as withdrawal_flags

# Backlink, Mention and Highlight are named tuples rather than dataclasses: a rebuild compares the graph's
# lists of them with the last build's (``Digests.changed_keys``), and tuples compare in C.


Item = TypeVar("Item")
Shown = TypeVar("Shown")


class Backlink(NamedTuple):
    """``record_id`` refers to the target through ``relation`` (e.g. "evidence", "participant")."""

    record_id: str
    relation: str


class Mention(NamedTuple):
    entity_id: str
    source_id: str
    block: int
    start: int
    end: int
    sentence: str


class Highlight(NamedTuple):
    """A cited span on a source page and the records that cite it."""

    span: Span
    cited_by: tuple[str, ...]


class OriginGroup(NamedTuple):
    """One report a claim's evidence comes from, and the sources that carry it.

    ``wires`` names the wire service it is, or several when the text does not say which of them; ``own``
    is the publisher when it is (or may be) the outlet's own reporting."""

    wires: tuple[str, ...]
    own: str
    relayed_by: tuple[str, ...]  # source ids

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f"wire:{wire}" for wire in self.wires) + ((f"own:{self.own}",) if self.own else ())


@dataclass
class Support:
    """How a claim is supported: its sources, the reports they carry, and how many of those are independent
    (the fewest reports that can account for the evidence, withdrawn and discredited sources left out)."""

    sources: list[str]
    origins: list[OriginGroup]
    contradicting_sources: list[str]
    independent: int
    set_aside: list[str]  # the withdrawn or discredited sources among ``sources``: not counted


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark of a quote rendering, and the whitespace after it."""

    word: str
    space: str
    changed: bool
    joins_next: bool = False  # the next token changed too, so the space between belongs to the change


@dataclass
class Index:
    """Who relates to whom, precomputed so a page looks its neighbours up by id instead of scanning tables.

    Every list holds ids, in the order pages show them.
    """

    events_of: dict[str, list[str]] = field(default_factory=dict)  # entity → events it took part in or hosted
    quotes_by: dict[str, list[str]] = field(default_factory=dict)  # speaker → quotes
    quotes_at: dict[str, list[str]] = field(default_factory=dict)  # event → quotes said there
    claims_about: dict[str, list[str]] = field(default_factory=dict)  # entity or event → claims
    claims_in_topic: dict[str, list[str]] = field(default_factory=dict)
    events_in_topic: dict[str, list[str]] = field(default_factory=dict)
    topics_of_event: dict[str, list[str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)  # country → entities that belong to it
    judgments_citing: dict[str, list[str]] = field(default_factory=dict)  # claim → key judgments
    quote_order: list[str] = field(default_factory=list)  # all quotes, by date of occasion
    neighbours: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # event → (previous, next)


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
    looked at (``_Changes``); otherwise every record is, and the parts above are reused where they hold.
    """

    def __init__(self) -> None:
        self.mentions: dict[str, tuple[Source, str, list[Mention]]] = {}
        self.variants: Memo[tuple[str, ...], list[list[Token]]] = Memo()
        self.links_from: PerRecord[list[tuple[str, Backlink]]] = PerRecord()
        self.backlinks: MergedIndex[Backlink, list[Backlink]] = MergedIndex(list)
        self.highlights: MergedIndex[tuple[Span, str], list[Highlight]] = MergedIndex(_grouped_by_span)
        self.cited_spans: dict[str, tuple[Record, Any, list[tuple[str, tuple[Span, str]]]]] = {}
        self.mentions_by_entity = MentionIndex()
        # each claim, the sources it cites (as objects and ids) and its support
        self.supports: dict[str, tuple[Claim, tuple[Source | None, ...], Support, set[str]]] = {}
        self.citing_claims: dict[str, set[str]] = {}  # source id → the claims citing it
        self.index: tuple[list[Any], Index] | None = None  # the records it was made from, and the index
        # what the last build linked, and what it made of it
        self.briefing: Briefing | None = None
        self.found_mentions: dict[str, list[Mention]] = {}
        self.finder: tuple[NameFinder, dict[str, str], str] | None = None  # and the names' owners, as text
        self.support_table: dict[str, Support] = {}
        self.variant_table: dict[str, list[list[Token]]] = {}
        self.timeline: list[Event] = []
        self.flags: dict[str, list[str]] = {}


def link(briefing: Briefing, cache: LinkCache | None = None) -> Graph:
    cache = cache or LinkCache()
    last, cache.briefing = cache.briefing, None  # set again once this briefing is linked
    replaced = briefing.replaced_since(last)
    changes = _Changes.since(last, briefing, replaced) if last is not None and replaced is not None else None
    graph = Graph()
    graph.backlinks = _backlinks(briefing, cache, changes)
    graph.mentions_by_source = _mentions(briefing, cache, changes)
    graph.mentions = cache.mentions_by_entity.update(
        graph.mentions_by_source, changes.sources if changes and changes.aliases_kept else None
    )
    graph.highlights = _highlights(briefing, cache, changes)
    graph.support = _supports(briefing, cache, changes)
    graph.variants = _variants(briefing, cache, changes)
    if changes is None or changes.touch("events"):
        cache.timeline = sorted(briefing.events.values(), key=lambda e: (chronological(e.date), e.id))
    graph.timeline = cache.timeline
    flags = withdrawal_flags(briefing)  # cheap, and depends on nearly every table: made on every build
    if flags != cache.flags:
        cache.flags = flags
    graph.flags = cache.flags
    if changes is None or changes.touch("topics", "events", "quotes", "claims", "entities"):
        _renew_index(briefing, graph.timeline, cache)
    assert cache.index is not None
    graph.index = cache.index[1]
    cache.briefing = briefing
    return graph


@dataclass
class _Changes:
    """How a briefing differs from the last one linked, when only some records were replaced."""

    records: list[Record]  # the records that are new objects (the ids are the same)
    tables: set[str]  # the tables they are in
    sources: set[str]  # the ids of the replaced sources
    respanned: list[Record]  # records validate located quoted passages of again (a new ``briefing.spans`` entry)
    aliases_kept: bool  # no entity was replaced, so the names mentions are found by are the same

    @classmethod
    def since(cls, last: Briefing, briefing: Briefing, replaced: set[str]) -> _Changes:
        records = briefing.records_with(replaced)
        tables = {name for name in RECORD_TABLES if not replaced.isdisjoint(getattr(briefing, name))}
        spans, last_spans = briefing.spans, last.spans
        respanned = {record_id for record_id, entry in spans.items() if last_spans.get(record_id) is not entry}
        respanned |= last_spans.keys() - spans.keys()
        return cls(
            records,
            tables,
            replaced & briefing.sources.keys(),
            briefing.records_with(respanned - replaced),
            "entities" not in tables,
        )

    def touch(self, *tables: str) -> bool:
        return not self.tables.isdisjoint(tables)


def _renew_index(briefing: Briefing, timeline: list[Event], cache: LinkCache) -> None:
    """Make the index again, unless it was made from the same records (the same objects)."""
    inputs = [briefing.info, *briefing.topics.values(), *timeline, *briefing.quotes.values()]
    inputs += [*briefing.claims.values(), *briefing.entities.values()]
    known = cache.index
    if known is None or not same_objects(known[0], inputs):
        cache.index = (inputs, _index(briefing, timeline))


def _variants(briefing: Briefing, cache: LinkCache, changes: _Changes | None) -> dict[str, list[list[Token]]]:
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


def _supports(briefing: Briefing, cache: LinkCache, changes: _Changes | None) -> dict[str, Support]:
    """How each claim is supported, reused while the claim and the sources it cites are the same objects."""
    if changes is not None:
        again = {claim_id for source_id in changes.sources for claim_id in cache.citing_claims.get(source_id, ())}
        again.update(record.id for record in changes.records if record.kind == "claim")
        claims = [briefing.claims[claim_id] for claim_id in again]
    else:
        claims = list(briefing.claims.values())
        cache.citing_claims = {}
    supports = dict(cache.support_table) if changes is not None else {}
    for claim in claims:
        sources = tuple(briefing.sources.get(evidence.source.id) for evidence in claim.evidence)
        known = cache.supports.get(claim.id)
        if known is not None:
            for source_id in known[3]:
                cache.citing_claims.get(source_id, set()).discard(claim.id)
        if known is None or known[0] is not claim or not same_objects(known[1], sources):
            cited = {evidence.source.id for evidence in claim.evidence}
            known = (claim, sources, _support(claim, briefing), cited)
        cache.supports[claim.id] = known
        for source_id in known[3]:
            cache.citing_claims.setdefault(source_id, set()).add(claim.id)
        supports[claim.id] = known[2]
    if changes is None:
        cache.supports = {claim_id: cache.supports[claim_id] for claim_id in supports}
    cache.support_table = supports
    return supports


def _index(briefing: Briefing, timeline: list[Event]) -> Index:
    index = Index()
    lists: dict[str, dict[str, dict[str, None]]] = defaultdict(dict)  # by Index field: key → values, in order

    def add(table: str, key: str | None, value: str) -> None:
        if key is not None:
            lists[table].setdefault(key, {})[value] = None  # a dict keeps order and drops repeats in O(1)

    topic_order = [t.id for t in briefing.topic_order()]
    events_listed = {topic_id: {r.id for r in briefing.topics[topic_id].events} for topic_id in topic_order}
    for position, event in enumerate(timeline):
        index.neighbours[event.id] = (
            timeline[position - 1].id if position > 0 else None,
            timeline[position + 1].id if position + 1 < len(timeline) else None,
        )
        for ref in event.participants:
            add("events_of", ref.id, event.id)
        add("events_of", event.place.id if event.place else None, event.id)
        own_topics = {r.id for r in event.topics}
        for topic_id in topic_order:
            if topic_id in own_topics or event.id in events_listed[topic_id]:
                add("events_in_topic", topic_id, event.id)
                add("topics_of_event", event.id, topic_id)
    occasion_dates = {e.id: position for position, e in enumerate(timeline)}  # the timeline's one order
    far_future = len(timeline)
    quotes = sorted(
        briefing.quotes.values(),
        key=lambda q: (occasion_dates.get(q.occasion.id, far_future) if q.occasion else far_future, q.id),
    )
    index.quote_order = [q.id for q in quotes]
    for quote in quotes:
        add("quotes_by", quote.speaker.id if quote.speaker else None, quote.id)
        add("quotes_at", quote.occasion.id if quote.occasion else None, quote.id)
    for claim in sorted(briefing.claims.values(), key=lambda c: c.id):
        for ref in claim.about:
            add("claims_about", ref.id, claim.id)
        for ref in claim.topics:
            add("claims_in_topic", ref.id, claim.id)
    for entity in sorted(briefing.entities.values(), key=lambda e: e.name):
        add("members", entity.country.id if entity.country else None, entity.id)
    for judgment in briefing.info.key_judgments:
        for ref in judgment.claims:
            add("judgments_citing", ref.id, judgment.id)
    for table, values in lists.items():
        setattr(index, table, {key: list(found) for key, found in values.items()})
    return index


def _selectors(record: Record) -> list[tuple[str, TextQuote]]:
    if isinstance(record, Claim):
        return [("evidence", e) for e in record.evidence] + [("contradicting", e) for e in record.contradicting]
    if isinstance(record, Event):
        return [("evidence", e) for e in record.evidence]
    renderings = getattr(record, "renderings", None)
    if renderings:
        return [("rendering", r) for r in renderings]
    return []


# A list field of a record, and what the record is to each id it lists (shown on the target's page).
_LIST_RELATIONS = {
    "participants": "participant",
    "topics": "topic",
    "about": "about",
    "entities": "entity",
    "events": "event",
    "claims": "judgment",
    "wire_services": "wire service",
}


def _backlinks(briefing: Briefing, cache: LinkCache, changes: _Changes | None) -> dict[str, list[Backlink]]:
    links_from = cache.links_from.table(briefing.records(), _links_from, changes and changes.records)
    parts = dict(links_from) if changes is None else {record.id: links_from[record.id] for record in changes.records}
    parts["\0citations"] = [
        (c.source.id, Backlink(c.owner, "citation")) for c in briefing.citations if c.source.id != c.owner
    ]
    bluf = wikilinks(briefing.info.bluf) if briefing.info.bluf else []
    parts["\0briefing"] = [(link.target, Backlink("briefing", "link")) for link in bluf if link.target != "briefing"]
    return cache.backlinks.update(parts, every_owner=changes is None)


class MergedIndex(Generic[Item, Shown]):
    """Items that many owners contribute, grouped by key, kept up to date from one build to the next.

    Each owner gives a part: (key, item) pairs. A part that is the last build's object, or equal to it, is
    not merged again; a changed part's old pairs are taken back and its new ones counted (an item may come
    from several owners), and only the keys it touched are shown again (``show`` of their sorted items).
    The table is a new dict when anything changed and the last one otherwise, so render can tell which
    keys changed. (Its keys are in no particular order: pages look them up.)
    """

    def __init__(self, show: Callable[[list[Item]], Shown]) -> None:
        self._show = show
        self._parts: dict[str, list[tuple[str, Item]]] = {}  # as last merged, by owner
        self._counts: dict[str, Counter[Item]] = {}
        self._table: dict[str, Shown] = {}

    def update(self, parts: dict[str, list[tuple[str, Item]]], every_owner: bool = True) -> dict[str, Shown]:
        """Merge these parts. ``every_owner``: whether they are all the parts (an owner not among them is
        gone), rather than only those of the owners whose part may have changed."""
        touched: set[str] = set()
        merged: dict[str, list[tuple[str, Item]]] = {}
        for owner, part in parts.items():
            old = self._parts.pop(owner, None)
            if old is not None and (old is part or old == part):
                merged[owner] = old
                continue
            self._count(old or [], -1, touched)
            self._count(part, 1, touched)
            merged[owner] = part
        if every_owner:
            for gone in self._parts.values():
                self._count(gone, -1, touched)
            self._parts = merged
        else:
            self._parts.update(merged)
        if not touched:
            return self._table
        table = dict(self._table)  # a new table: the last one is the last build's, which render compares with
        for key in touched:
            counts = self._counts.get(key)
            if counts:
                table[key] = self._show(sorted(counts))
            else:
                table.pop(key, None)
                self._counts.pop(key, None)
        self._table = table
        return table

    def _count(self, part: list[tuple[str, Item]], change: int, touched: set[str]) -> None:
        for key, item in part:
            counts = self._counts.setdefault(key, Counter())
            counts[item] += change
            if counts[item] <= 0:
                del counts[item]
            touched.add(key)


def _links_from(record: Record) -> list[tuple[str, Backlink]]:
    """What one record refers to, each target with how: the record's part of the backlinks."""
    found: list[tuple[str, Backlink]] = []

    def add(target: str | None, relation: str) -> None:
        if target and target != record.id:
            found.append((target, Backlink(record.id, relation)))

    for relation, selector in _selectors(record):
        add(selector.source.id, relation)
    for name in ("country", "place", "speaker", "occasion"):
        ref = getattr(record, name, None)
        if ref is not None:
            add(ref.id, name)
    for name, relation in _LIST_RELATIONS.items():
        for ref in getattr(record, name, None) or []:
            add(ref.id, relation)
    for role in getattr(record, "roles", None) or []:
        if role.organization is not None:
            add(role.organization.id, "role")
    for text in record.contents.texts:
        for link in wikilinks(text):
            add(link.target, "link")
    return found


def _sentences(text: str) -> tuple[list[int], list[str]]:
    """A paragraph's sentences: where each one's following break ends (the last one's: the text's end), and
    each one's words. The sentence a mention at ``start`` is in is ``bisect_right(ends, start)``; mentions
    in one sentence share its text. Abbreviations and initials do not end one (``briefing.sentences``)."""
    ends: list[int] = []
    sentences: list[str] = []
    begin = 0
    for stop, after in sentence_breaks(text):
        ends.append(after)
        sentences.append(text[begin:stop].strip())
        begin = after
    ends.append(len(text))
    sentences.append(text[begin:].strip())
    return ends, sentences


def _block_mentions(finder: NameFinder, owner: dict[str, str], source_id: str, index: int, text: str) -> list[Mention]:
    found = finder.finditer(text)
    if not found:
        return []
    ends, sentences = _sentences(text)
    return [
        Mention(owner[text[start:end]], source_id, index, start, end, sentences[bisect_right(ends, start)])
        for start, end in found
    ]


def alias_finder(briefing: Briefing) -> tuple[NameFinder, dict[str, str]]:
    """Finds every entity name and alias on word boundaries; ``owner`` maps each name to its entity's id."""
    owner: dict[str, str] = {}
    for entity in sorted(briefing.entities.values(), key=lambda e: e.id):
        for name in entity.names():
            owner.setdefault(name, entity.id)
    return NameFinder(owner), owner


def _mentions(briefing: Briefing, cache: LinkCache, changes: _Changes | None) -> dict[str, list[Mention]]:
    """Where each source mentions entities: found again in a source only if it, or the names, changed."""
    if changes is not None and changes.aliases_kept and cache.finder is not None:
        finder, owner, aliases = cache.finder
        found = dict(cache.found_mentions)
        sources = [briefing.sources[source_id] for source_id in changes.sources]
    else:
        finder, owner = alias_finder(briefing)
        aliases = repr(sorted(owner.items()))
        cache.finder = (finder, owner, aliases)
        found = {}
        sources = list(briefing.sources.values())
    cache.found_mentions = found
    if finder.empty:
        found.clear()
        return found
    for source in sources:
        known = cache.mentions.get(source.id)
        if known is not None and known[0] is source and known[1] == aliases:
            found[source.id] = known[2]
            continue
        mentions = [
            mention
            for index, block in enumerate(source.blocks)
            for mention in _block_mentions(finder, owner, source.id, index, block.text)
        ]
        found[source.id] = mentions
        cache.mentions[source.id] = (source, aliases, mentions)
    return found


class MentionIndex:
    """Each entity's mentions, source by source in the briefing's order, kept up to date from one build to
    the next: only the entities mentioned in a source whose mentions changed get new lists. (The table's
    keys are in no particular order; pages look entities up.)"""

    def __init__(self) -> None:
        self._merged: dict[str, list[Mention]] = {}  # each source's mentions, as last merged
        self._parts: dict[str, dict[str, list[Mention]]] = {}  # entity → source → its mentions there
        self._lists: dict[str, list[Mention]] = {}

    def update(self, by_source: dict[str, list[Mention]], changed: set[str] | None = None) -> dict[str, list[Mention]]:
        """Merge each source's mentions. ``changed``: the only sources whose mentions may have changed, when
        the caller knows (the sources are then the last call's, in the same order)."""
        if changed is None and list(by_source) != list(self._merged):  # sources added, removed or reordered
            self._merged, self._parts, self._lists = {}, {}, {}
        touched: set[str] = set()
        for source_id in by_source if changed is None else changed:
            mentions = by_source[source_id]
            old = self._merged.get(source_id)
            if old is mentions:
                continue
            for mention in old or ():
                self._parts[mention.entity_id].pop(source_id, None)
                touched.add(mention.entity_id)
            for mention in mentions:
                self._parts.setdefault(mention.entity_id, {}).setdefault(source_id, []).append(mention)
                touched.add(mention.entity_id)
            self._merged[source_id] = mentions
        if not touched:
            return self._lists
        position = {source_id: number for number, source_id in enumerate(by_source)}
        lists = dict(self._lists)  # a new table: the last one is the last build's, which render compares with
        for entity_id in touched:
            parts = self._parts[entity_id]
            found = [mention for source_id in sorted(parts, key=position.__getitem__) for mention in parts[source_id]]
            if found:
                lists[entity_id] = found
            else:
                lists.pop(entity_id, None)
                del self._parts[entity_id]
        self._lists = lists
        return lists


def _highlights(briefing: Briefing, cache: LinkCache, changes: _Changes | None) -> dict[str, list[Highlight]]:
    """The cited spans of each source and who cites them. A record's part is taken again only if the record
    is a new object or validate located its quoted passages again (a new ``briefing.spans`` entry)."""
    parts: dict[str, list[tuple[str, tuple[Span, str]]]] = {}
    records = briefing.records() if changes is None else [*changes.records, *changes.respanned]
    kept = {} if changes is None else cache.cited_spans
    for record in records:
        entry = briefing.spans.get(record.id)
        known = cache.cited_spans.get(record.id)
        if known is None or known[0] is not record or known[1] is not entry:
            part = [(q.span.source_id, (q.span, record.id)) for q in record.contents.text_quotes if q.span]
            known = (record, entry, part)
        kept[record.id] = known
        parts[record.id] = known[2]
    cache.cited_spans = kept
    parts["\0citations"] = [(c.span.source_id, (c.span, c.owner)) for c in briefing.citations if c.span]
    return cache.highlights.update(parts, every_owner=changes is None)


def _grouped_by_span(cited: list[tuple[Span, str]]) -> list[Highlight]:
    """Sorted (span, citer) pairs as one highlight per span."""
    citers: dict[Span, list[str]] = {}
    for span, citer in cited:
        citers.setdefault(span, []).append(citer)
    return [Highlight(span, tuple(by)) for span, by in citers.items()]


def _support(claim: Claim, briefing: Briefing) -> Support:
    sources: list[str] = []
    set_aside: list[str] = []
    groups: dict[tuple[tuple[str, ...], str], list[str]] = {}
    for evidence in claim.evidence:
        source = briefing.sources.get(evidence.source.id)
        if source is None:
            continue
        if source.id not in sources:
            sources.append(source.id)
            if source.is_discredited:
                set_aside.append(source.id)
        origin = resolve(evidence, source)
        if source.is_discredited or origin is None:
            continue
        relayed_by = groups.setdefault((origin.wires, origin.own), [])
        if source.id not in relayed_by:
            relayed_by.append(source.id)
    origins = [OriginGroup(wires, own, tuple(by)) for (wires, own), by in sorted(groups.items())]
    contradicting = []
    for evidence in claim.contradicting:
        if evidence.source.id not in contradicting:
            contradicting.append(evidence.source.id)
    return Support(sources, origins, contradicting, independent_count([group.keys for group in origins]), set_aside)


_TOKEN_RE = re.compile(r"(\w+(?:['’]\w+)*|[^\w\s])(\s*)")


def quote_variants(renderings: list[str]) -> list[list[Token]]:
    """Split each rendering into tokens, marking those where any other rendering differs.

    The comparison is symmetric: renderings that agree with each other are
    marked alike wherever a third one diverges. Quotes, dashes and case are
    compared normalised, so only real differences of wording show.
    """
    tokenised = [_TOKEN_RE.findall(text) for text in renderings]
    keys = [[squash(word).lower() for word, _ in tokens] for tokens in tokenised]
    changed: list[set[int]] = [set() for _ in renderings]
    for first in range(len(renderings)):
        for second in range(first + 1, len(renderings)):
            matcher = difflib.SequenceMatcher(None, keys[first], keys[second], autojunk=False)
            for tag, a0, a1, b0, b1 in matcher.get_opcodes():
                if tag != "equal":
                    changed[first].update(range(a0, a1))
                    changed[second].update(range(b0, b1))
    return [
        [
            Token(word, space, index in changed[number], index in changed[number] and index + 1 in changed[number])
            for index, (word, space) in enumerate(tokens)
        ]
        for number, tokens in enumerate(tokenised)
    ]
