"""Read-only views of the briefing and the graph that record what a page reads (see :mod:`tracking`)."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefing.analytic import short_name
from briefing.editions import changes_of
from briefing.incremental.queries import Queries
from briefing.link import Graph
from briefing.link.backlinks import Backlink
from briefing.model import (
    RECORD_TABLES,
    RECORDS,
    Briefing,
    BriefingInfo,
    Record,
    Source,
    Span,
    Topic,
    span_place,
    span_places,
)
from briefing.render.tracking import Recorder, SplitRecord, TrackedMap, TrackedObject
from briefing.textmatch import squash

GRAPH_TABLES = ("backlinks", "mentions", "mentions_by_source", "highlights", "support", "variants", "flags")
INDEX_TABLES = (
    "events_of",
    "quotes_by",
    "quotes_at",
    "claims_about",
    "claims_in_topic",
    "events_in_topic",
    "topics_of_event",
    "members",
    "judgments_citing",
    "neighbours",
)


def citation_key(source_id: str, quote: str) -> str:
    return f"{source_id}\0{squash(quote)}"


@dataclass(frozen=True)
class Label:
    """What a link to a record needs (its id, kind and label), so a page that only links to a
    record does not depend on the rest of it."""

    id: str
    kind: str
    label: str
    status: str = "current"  # of a source: withdrawn and discredited ones are flagged beside every link

    @property
    def is_discredited(self) -> bool:
        return self.status != "current"


@dataclass(frozen=True)
class TopicSummary:
    """A topic as lists of topics show it: without its write-up."""

    id: str
    title: str
    summary: str
    kind: str = "topic"

    @property
    def label(self) -> str:
        return self.title


# A source's text and the provenance of its text (capture, checksums, curation), as opposed to its metadata:
# pages that list sources read only the metadata, and are not rendered again when a source's text changes.
SOURCE_TEXT_FIELDS = ("blocks", "body_line", "lines", "raw", "sha256", "capture", "capture_sha256", "removed")
SOURCE_METADATA_FIELDS = tuple(f.name for f in dataclasses.fields(Source) if f.name not in SOURCE_TEXT_FIELDS)
SOURCE_LIGHT_ATTRIBUTES = frozenset({*SOURCE_METADATA_FIELDS, "label", "is_discredited"})


source_metadata: Callable[[Source], tuple[Any, ...]] = operator.attrgetter(*SOURCE_METADATA_FIELDS)
source_text: Callable[[Source], tuple[Any, ...]] = operator.attrgetter(*SOURCE_TEXT_FIELDS)


def source_outline(source: Source) -> tuple[Any, ...]:
    return source.outline


def with_spans(record: Record) -> tuple[Any, ...]:
    """A record with where its quoted passages were found: validate sets those spans on the record, which
    is reused while its file is unchanged, so a cited passage that moved to another paragraph, or is no
    longer found, is a change of the record for the pages that read it.

    Only the passage's place counts (``Span.place``), not its offsets: pages read a record's spans to link
    to them, and the anchor stays the same when an edit elsewhere in the paragraph moves the offsets. The
    source's own pages, which do use offsets, read them from ``graph.highlights``.
    """
    return (record, span_places(record.contents.text_quotes))


# Tables of records whose quoted passages validate locates again on every build, in place (see with_spans),
# and the table that says where it found them.
UPDATED_IN_PLACE = dict.fromkeys(("entities", "events", "quotes", "claims", "topics", "judgments", "timeline"), "spans")
DIGEST_VIEWS = {
    "sources": source_metadata,
    "source_texts": source_text,
    "source_outlines": source_outline,
    **dict.fromkeys(UPDATED_IN_PLACE, with_spans),
    "citations": span_place,
}
SOURCE_PARTS = {"outline": "source_outlines"}  # attributes read apart from the rest of the text


def dependency_tables(briefing: Briefing, graph: Graph, queries: Queries | None = None) -> dict[str, dict[str, Any]]:
    """Every table a page may read, by the name its view records reads under. ``queries``: those of the last
    briefing rendered, whose per-record tables (labels, topic summaries, source lines) keep the values of
    records that are the same objects, and are the last tables themselves when no value changed."""
    q = queries or Queries()
    q.begin(briefing.record_tables())
    tables: dict[str, dict[str, Any]] = {name: getattr(briefing, name) for name in RECORD_TABLES}
    tables["source_texts"] = tables["source_outlines"] = briefing.sources  # digested by part (DIGEST_VIEWS)
    tables["info"] = {spec.name: getattr(briefing.info, spec.name) for spec in dataclasses.fields(briefing.info)}
    tables["labels"] = _with_briefing_labels(q.per_record("labels", RECORDS, _label), briefing.info)
    tables["topic_summaries"] = q.per_record("topic_summaries", ("topics",), _topic_summary)
    tables["judgments"] = {j.id: j for j in briefing.info.key_judgments}
    tables["spans"] = briefing.spans
    tables["source_lines"] = q.per_record("source_lines", RECORDS, _SourceLinesOf(briefing))
    tables["citations"] = {citation_key(c.source.id, c.quote): c.span for c in briefing.citations if c.quote and c.span}
    for name in GRAPH_TABLES:
        tables[f"graph.{name}"] = getattr(graph, name)
    for name in INDEX_TABLES:
        tables[f"index.{name}"] = getattr(graph.index, name)
    tables["graph.mention_counts"] = {entity_id: len(found) for entity_id, found in graph.mentions.items()}
    tables["index.quote_order"] = dict.fromkeys(graph.index.quote_order, True)
    tables["timeline"] = {event.id: event for event in graph.timeline}
    changes = changes_of(briefing, graph)  # what changed since the previous edition, read as one value
    tables["changes"] = {"edition": changes} if changes is not None else {}
    return tables


def _label(record: Record) -> Label:
    return Label(record.id, record.kind, record.label, record.status if isinstance(record, Source) else "current")


def _topic_summary(topic: Topic) -> TopicSummary:
    return TopicSummary(topic.id, topic.title, topic.summary)


def _with_briefing_labels(labels: dict[str, Label], info: BriefingInfo) -> dict[str, Label]:
    """The labels, with those of briefing.yaml's records (key judgments, assumptions…) naming the records
    their ``[[id]]`` links point to by those records' labels. Those depend on other records, so they are
    derived again on every build (there are a handful); the table given is returned unless one differs."""

    def name_of(record_id: str) -> str | None:
        label = labels.get(record_id)
        return label.label if label is not None else None

    named = [Label(record.id, record.kind, short_name(record, name_of)) for record in info.analytic_records()]
    if all(labels.get(label.id) == label for label in named):
        return labels
    return {**labels, **{label.id: label for label in named}}


@dataclass(frozen=True)
class SourceLines:
    """The lines of a file that hold one record, as written (for the "source data" view)."""

    path: str
    start: int
    text: str


class _SourceLinesOf:
    """Each record's own lines, so its page depends on them and not on the rest of its file (a file is
    split into lines only if one of its records is new; only the last file's lines are kept, as records
    come table by table and mostly file by file)."""

    def __init__(self, briefing: Briefing) -> None:
        self.files = briefing.files
        self.split: tuple[str, list[str]] = ("", [])

    def __call__(self, record: Record) -> SourceLines:
        path = record.location.path
        if self.split[0] != path:
            self.split = (path, self.files.get(path, b"").decode("utf-8").splitlines())
        lines = self.split[1]
        start, end = record.lines
        if record.kind == "source":
            start, end = 2, max(2, record.body_line - 2)
        elif record.kind == "topic" and record.body is not None:
            start, end = 2, max(2, record.body.location.line - 2)
        while start < end <= len(lines) and not lines[end - 1].strip():
            end -= 1  # front matter that ends in blank lines: the record ends at its last field
        return SourceLines(path, start, "\n".join(lines[start - 1 : end]) + "\n")


class BriefingView:
    """What templates call ``briefing``: records looked up by id, each lookup recorded."""

    def __init__(self, tables: dict[str, dict[str, Any]], info: BriefingInfo, recorder: Recorder) -> None:
        self.info = TrackedObject("info", info, recorder)
        self._recorder = recorder
        tracked = (*RECORD_TABLES, "judgments", "source_lines", "citations", "labels", "topic_summaries", "changes")
        for name in tracked:
            if name != "sources":  # read through a SplitRecord, below
                setattr(self, name, TrackedMap(name, tables[name], recorder))
        self.sources = TrackedMap(
            "sources",
            tables["sources"],
            recorder,
            lambda source: SplitRecord(source, "source_texts", SOURCE_LIGHT_ATTRIBUTES, SOURCE_PARTS, recorder),
        )

    def record(self, record_id: str) -> Record | None:
        for name in (*RECORD_TABLES, "judgments"):
            table = getattr(self, name)
            if record_id in table:
                return table[record_id]
        return None

    def label(self, record_id: str) -> Label | None:
        return self.labels.get(record_id)

    def topic_order(self) -> list[TopicSummary]:
        summaries = self.topic_summaries
        listed = [ref.id for ref in self.info.topics if ref.id in summaries]
        rest = sorted(topic_id for topic_id in summaries if topic_id not in listed)
        return [summaries[topic_id] for topic_id in listed + rest]

    def citation_span(self, source_id: str, quote: str) -> Span | None:
        return self.citations.get(citation_key(source_id, quote)) if quote else None


class IndexView:
    def __init__(self, tables: dict[str, dict[str, Any]], recorder: Recorder) -> None:
        for name in INDEX_TABLES:
            setattr(self, name, TrackedMap(f"index.{name}", tables[f"index.{name}"], recorder))
        self._quote_order = TrackedMap("index.quote_order", tables["index.quote_order"], recorder)

    @property
    def quote_order(self) -> list[str]:
        return list(self._quote_order)


class GraphView:
    """What templates call ``graph``: derived links, each lookup recorded."""

    def __init__(self, tables: dict[str, dict[str, Any]], recorder: Recorder) -> None:
        self._recorder = recorder
        for name in (*GRAPH_TABLES, "mention_counts"):  # counts: for lists that do not show the mentions
            setattr(self, name, TrackedMap(f"graph.{name}", tables[f"graph.{name}"], recorder))
        self._timeline = TrackedMap("timeline", tables["timeline"], recorder)
        self.index = IndexView(tables, recorder)

    @property
    def timeline(self) -> list[Any]:
        return list(self._timeline.values())

    def cited_by(self, record_id: str) -> list[Backlink]:
        return self.backlinks.get(record_id, [])
