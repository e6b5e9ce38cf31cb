"""The typed content model: the values and records of a briefing, and the briefing that holds them.

* :mod:`~briefing.model.values`: dates, references, located text, passages and paragraphs;
* :mod:`~briefing.model.kinds`: how a YAML value becomes one of those, and the problems when it cannot;
* :mod:`~briefing.model.records`, :mod:`~briefing.model.evidence`, :mod:`~briefing.model.sources`: the
  records, each field declared once with its kind and meaning (those of briefing.yaml are in
  :mod:`briefing.analytic`);
* :mod:`~briefing.model.declare`: how records are read from YAML (pydantic) and described (docs, JSON schema).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefing.ids import SLUG_HINT, SLUG_RE
from briefing.model.declare import FieldSpec, Form, again, key, read
from briefing.model.evidence import (
    CLAIM_EVIDENCE,
    EVIDENCE,
    ORIGIN_DOC,
    RENDERING,
    Citation,
    ClaimEvidence,
    Evidence,
    Rendering,
    TextQuote,
)
from briefing.model.kinds import (
    Boolean,
    Choice,
    DateType,
    FieldError,
    FieldType,
    Grade,
    Markdown,
    Nested,
    NestedList,
    OriginType,
    Paragraphs,
    RefList,
    RefType,
    Sha256,
    Slot,
    Slug,
    Text,
    TextList,
    Url,
)
from briefing.model.records import (
    ANNOTATION_SECTIONS,
    CLAIM,
    COUNTRY,
    EVENT,
    ORGANIZATION,
    PERSON,
    PLACE,
    QUOTE,
    ROLE,
    TOPIC,
    Claim,
    Country,
    Entity,
    Event,
    Organization,
    Person,
    Place,
    Quote,
    Record,
    RecordContents,
    Role,
    Topic,
    walk,
)
from briefing.model.sources import (
    ATTRIBUTION,
    GRADING,
    REMOVAL,
    SOURCE,
    Attribution,
    Grading,
    Removal,
    Source,
)
from briefing.model.values import (
    BRIEFING_KINDS,
    CONFIDENCE_LEVELS,
    CREDIBILITY_GRADES,
    ENTITY_KINDS,
    EVENT_KINDS,
    EVENT_STATUSES,
    MONTH_NAMES,
    RELIABILITY_GRADES,
    SOURCE_STATUSES,
    Block,
    BlockPlace,
    FuzzyDate,
    LocatedText,
    OriginSpec,
    Ref,
    Span,
    SpanPlaces,
    span_place,
    span_places,
)

if TYPE_CHECKING:
    from briefing.analytic import BriefingInfo
    from briefing.editions import PreviousEdition

__all__ = [
    "FieldSpec",
    "Form",
    "again",
    "key",
    "read",
    "ANNOTATION_SECTIONS",
    "ATTRIBUTION",
    "Attribution",
    "BRIEFING_KINDS",
    "Block",
    "BlockPlace",
    "Boolean",
    "CLAIM",
    "CLAIM_EVIDENCE",
    "CONFIDENCE_LEVELS",
    "COUNTRY",
    "CREDIBILITY_GRADES",
    "Choice",
    "Citation",
    "Claim",
    "Country",
    "ClaimEvidence",
    "DateType",
    "ENTITY_KINDS",
    "EVENT",
    "EVENT_KINDS",
    "EVENT_STATUSES",
    "EVIDENCE",
    "Entity",
    "Event",
    "Evidence",
    "FieldError",
    "FieldType",
    "FuzzyDate",
    "GRADING",
    "Grade",
    "Grading",
    "Organization",
    "Person",
    "Place",
    "LocatedText",
    "MONTH_NAMES",
    "Markdown",
    "Nested",
    "NestedList",
    "ORGANIZATION",
    "ORIGIN_DOC",
    "OriginSpec",
    "OriginType",
    "PERSON",
    "PLACE",
    "Paragraphs",
    "QUOTE",
    "Quote",
    "RELIABILITY_GRADES",
    "REMOVAL",
    "RENDERING",
    "ROLE",
    "Record",
    "RecordContents",
    "Ref",
    "RefList",
    "RefType",
    "Removal",
    "Rendering",
    "Role",
    "SLUG_HINT",
    "SLUG_RE",
    "SOURCE",
    "SOURCE_STATUSES",
    "Sha256",
    "Slot",
    "Slug",
    "Source",
    "Span",
    "SpanPlaces",
    "TOPIC",
    "Text",
    "TextList",
    "TextQuote",
    "Topic",
    "Url",
    "span_place",
    "span_places",
    "walk",
    "Briefing",
    "RECORD_TABLES",
    "RECORDS",
]

# ---------------------------------------------------------------- the briefing


RECORD_TABLES = ("sources", "entities", "events", "quotes", "claims", "topics")
RECORDS = (*RECORD_TABLES, "analytic")  # every record: the tables of ``Briefing.record_tables``, in records() order


@dataclass
class Briefing:
    """Everything the pipeline knows about one briefing; each stage adds to it."""

    info: BriefingInfo
    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # each content file's text, in UTF-8
    raw_captures: dict[str, bytes] = field(default_factory=dict)  # each source's raw capture, checked UTF-8
    raw_digests: dict[str, str] = field(default_factory=dict)
    capture_digests: dict[str, str] = field(default_factory=dict)  # of HTML pages raw text was extracted from
    previous: PreviousEdition | None = None  # what the edition named by ``info.previous_edition`` said
    citations: list[Citation] = field(default_factory=list)
    broken_ids: set[str] = field(default_factory=set)
    # Where each record's quoted passages were found (validate): Span.place of each, None where not found.
    # Validate sets the spans on the records themselves; this says which changed without comparing records.
    spans: dict[str, SpanPlaces] = field(default_factory=dict)

    def raw_text(self, source_id: str) -> str | None:
        """A source's raw capture as text (decoded on each call), if it was read."""
        data = self.raw_captures.get(source_id)
        return None if data is None else data.decode("utf-8")

    def records(self) -> Iterator[Record]:
        for table in (self.sources, self.entities, self.events, self.quotes, self.claims, self.topics):
            yield from table.values()
        yield from self.info.analytic_records()

    def record_tables(self) -> dict[str, Mapping[str, Record]]:
        """Every record by id, table by table (``RECORDS``): the record tables, and "analytic" for the records
        briefing.yaml holds (a new dict each call, of the same objects)."""
        tables: dict[str, Mapping[str, Record]] = {name: getattr(self, name) for name in RECORD_TABLES}
        tables["analytic"] = {record.id: record for record in self.info.analytic_records()}
        return tables

    def record(self, record_id: str) -> Record | None:
        for table in (self.sources, self.entities, self.events, self.quotes, self.claims, self.topics):
            if record_id in table:
                return table[record_id]
        for record in self.info.analytic_records():
            if record.id == record_id:
                return record
        return None

    def topic_order(self) -> list[Topic]:
        ordered = [self.topics[r.id] for r in self.info.topics if r.id in self.topics]
        rest = sorted((t for t in self.topics.values() if t not in ordered), key=lambda t: t.id)
        return ordered + rest


def __getattr__(name: str) -> Any:
    """``BriefingInfo`` is declared in :mod:`briefing.analytic`, with the records briefing.yaml holds (which
    import this package); it is named here too, as every other record is."""
    if name == "BriefingInfo":
        from briefing.analytic import BriefingInfo

        return BriefingInfo
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
