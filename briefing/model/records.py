"""The records of the content, each declared once.

Each field a record is written with in YAML is declared on the record's dataclass with
:func:`~briefing.model.declare.key`: its kind, its meaning, whether it is required. A
:class:`~briefing.model.declare.Form` names how a record is written; the load stage reads content with it
(through pydantic), and the reference documentation and the content JSON schemas are generated from it,
so the three cannot drift apart. Fields declared without ``key`` are state the build sets (where a record
was written, the paragraphs of a source, where a quote was found), never YAML keys.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefing.diagnostics import Location
from briefing.model.declare import Form, again, key
from briefing.model.kinds import (
    Boolean,
    Choice,
    DateType,
    Grade,
    Markdown,
    Nested,
    NestedList,
    OriginType,
    Paragraphs,
    RefList,
    RefType,
    Sha256,
    Slug,
    Text,
    TextList,
    Url,
)
from briefing.model.values import (
    CONFIDENCE_LEVELS,
    EVENT_KINDS,
    EVENT_STATUSES,
    RELIABILITY_GRADES,
    SOURCE_STATUSES,
    Block,
    BlockPlace,
    FuzzyDate,
    LocatedText,
    OriginSpec,
    Ref,
    Span,
)
from briefing.textmatch import NormalText, normalise

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------- records


@dataclass(kw_only=True)
class Record:
    """Common part of every content record: its id and where it was written."""

    id: str = ""
    location: Location = field(default_factory=lambda: Location(""))
    lines: tuple[int, int] = (0, 0)
    field_locations: dict[str, Location] = field(default_factory=dict, repr=False)

    kind: str = ""

    def where(self, name: str) -> Location:
        """Where field ``name`` was written, or the record itself if it was not."""
        return self.field_locations.get(name, self.location)

    @property
    def label(self) -> str:
        return self.id

    @functools.cached_property
    def contents(self) -> RecordContents:
        """The references, quoted passages and Markdown texts inside the record, found in one walk.

        Cached on the record: records are reused between builds while their file is unchanged.
        """
        contents = RecordContents()
        for value in walk(self):
            if isinstance(value, Ref):
                contents.refs.append(value)
            elif isinstance(value, TextQuote):
                contents.text_quotes.append(value)
            elif isinstance(value, LocatedText):
                contents.texts.append(value)
        return contents


@dataclass
class RecordContents:
    refs: list[Ref] = field(default_factory=list)
    text_quotes: list[TextQuote] = field(default_factory=list)
    texts: list[LocatedText] = field(default_factory=list)


@dataclass(kw_only=True)
class TextQuote:
    """Points at words in a source: the exact quote, optionally disambiguated by prefix/suffix."""

    source: Ref = key(RefType("source"), "id of the source whose words are quoted", required=True)
    quote: str = key(Text(), "the exact words, as they appear in the source", required=True)
    prefix: str = key(Text(), "words right before the quote, to pick one of several occurrences", default="")
    suffix: str = key(Text(), "words right after the quote, to pick one of several occurrences", default="")
    note: str = key(Text(), "analyst's note on this piece of evidence", default="")
    location: Location = field(default_factory=lambda: Location(""))
    field_locations: dict[str, Location] = field(default_factory=dict)
    span: Span | None = None  # where validate found the quote

    @property
    def quote_location(self) -> Location:
        return self.field_locations.get("quote", self.location)


@dataclass(kw_only=True)
class Attribution:
    """Paragraphs of a source that come from one origin."""

    paragraphs: tuple[int, ...] = key(Paragraphs(), "the paragraphs (¶ numbers of the source page)", required=True)
    origin: OriginSpec = key(OriginType(), "where they come from: a wire service, [several] or own", required=True)
    note: str = key(Text(), "what in the text says so, e.g. 'Reuters reports, ...'", default="")
    location: Location = field(default_factory=lambda: Location(""))
    field_locations: dict[str, Location] = field(default_factory=dict)


ATTRIBUTION = Form("attribution", Attribution, "Paragraphs of a source that come from one origin.")


ORIGIN_DOC = (
    "where this passage comes from: a wire service among the source's wire_services, a list of them (one of "
    "these; the source does not say which), or own (the outlet's own reporting). Overrides the source's "
    "attribution and origin"
)
CREDIBILITY_DOC = "Admiralty information credibility 1–6, graded independently of the source"


@dataclass(kw_only=True)
class Evidence(TextQuote):
    """A source and the exact words in it that support (or contradict) a statement."""

    credibility: int | None = key(Grade(), CREDIBILITY_DOC, default=None)
    origin: OriginSpec | None = key(OriginType(), ORIGIN_DOC, default=None)
    note: str = key(Text(), "analyst's note on this piece of evidence", default="")  # written after the others


@dataclass(kw_only=True)
class ClaimEvidence(Evidence):
    """Evidence for a claim: as evidence, with a required credibility grade."""

    credibility: int | None = again(Evidence, "credibility", required=True)


EVIDENCE = Form("evidence", Evidence, Evidence.__doc__)
CLAIM_EVIDENCE = Form("claim evidence", ClaimEvidence, ClaimEvidence.__doc__)


@dataclass(kw_only=True)
class Rendering(TextQuote):
    """One source's rendering of a quote."""


RENDERING = Form("rendering", Rendering, Rendering.__doc__)


@dataclass(kw_only=True)
class Citation(TextQuote):
    """A ``[@source]`` or ``[@source, "words"]`` citation written in Markdown."""

    owner: str = ""


@dataclass(kw_only=True)
class Role:
    """An office a person held."""

    title: str = key(Text(), "the office or position", required=True)
    organization: Ref | None = key(RefType("organization", "country"), "where the role is held", default=None)
    start: FuzzyDate | None = key(DateType(), "when the role began", default=None, name="from")
    until: FuzzyDate | None = key(DateType(), "when the role ended (omit if current)", default=None)


ROLE = Form("role", Role)


@dataclass(kw_only=True)
class Entity(Record):
    """A person, country, organization or place: what each may have; each kind declares what it is written with."""

    id: str = key(Slug(), "unique id", required=True, default="")
    name: str = key(Text(), "display name", required=True, default="")
    aliases: list[str] = key(
        TextList(), "other names, matched case-sensitively on word boundaries in source texts", factory=list
    )
    description: LocatedText | None = key(Markdown(), "short description (Markdown)", default=None)
    country: Ref | None = None
    roles: list[Role] = field(default_factory=list)
    category: str = ""

    @property
    def label(self) -> str:
        return self.name

    def names(self) -> list[str]:
        """Name and aliases, longest first, without duplicates."""
        return sorted({self.name, *self.aliases}, key=lambda n: (-len(n), n))


@dataclass(kw_only=True)
class Person(Entity):
    """A person."""

    country: Ref | None = key(RefType("country"), "country the person serves or belongs to", default=None)
    roles: list[Role] = key(NestedList(ROLE), "offices held, with dates", factory=list)


@dataclass(kw_only=True)
class Country(Entity):
    """A country."""


@dataclass(kw_only=True)
class Organization(Entity):
    """An organization: government body, news outlet, wire service, forum."""

    category: str = key(Text(), "what sort of organization (news agency, ministry, forum…)", default="", name="kind")
    country: Ref | None = key(RefType("country"), "where it is based", default=None)


@dataclass(kw_only=True)
class Place(Entity):
    """A place. One place may have several names (aliases)."""

    category: str = key(Text(), "what sort of place (city, island chain…)", default="", name="kind")
    country: Ref | None = key(RefType("country"), "country that administers it", default=None)


PERSON = Form("person", Person, Person.__doc__, fixed=(("kind", "person"),))
COUNTRY = Form("country", Country, Country.__doc__, fixed=(("kind", "country"),))
ORGANIZATION = Form("organization", Organization, Organization.__doc__, fixed=(("kind", "organization"),))
PLACE = Form("place", Place, Place.__doc__, fixed=(("kind", "place"),))


@dataclass(kw_only=True)
class Event(Record):
    """A meeting, call, test, breakdown of talks or a scheduled future event."""

    id: str = key(Slug(), "unique id", required=True, default="")
    title: str = key(Text(), "short title", required=True, default="")
    event_kind: str = key(Choice(EVENT_KINDS), "what sort of event", required=True, default="other", name="kind")
    date: FuzzyDate = key(DateType(), "when; precision follows the form", required=True, factory=lambda: FuzzyDate(1))
    date_note: str = key(
        Text(),
        "how the date follows from the evidence, when no quoted passage gives it (the build warns otherwise)",
        default="",
    )
    status: str = key(
        Choice(EVENT_STATUSES), "happened, or scheduled for the future", required=True, default="happened"
    )
    place: Ref | None = key(RefType("place", "country"), "where", default=None)
    participants: list[Ref] = key(RefList("person", "country", "organization"), "who took part", factory=list)
    topics: list[Ref] = key(RefList("topic"), "topics it bears on", factory=list)
    summary: LocatedText | None = key(Markdown(), "what happened (Markdown)", default=None)
    evidence: list[Evidence] = key(
        NestedList(EVIDENCE), "sources and exact words that report it", required=True, factory=list
    )

    @property
    def label(self) -> str:
        return self.title


EVENT = Form("event", Event, Event.__doc__, fixed=(("kind", "event"),))


@dataclass(kw_only=True)
class Quote(Record):
    """One utterance and its renderings across sources."""

    id: str = key(Slug(), "unique id", required=True, default="")
    speaker: Ref | None = key(RefType("person", "organization", "country"), "who said it", required=True, default=None)
    occasion: Ref | None = key(RefType("event"), "the event at which it was said", default=None)
    language: str = key(Text(), "language it was spoken in (e.g. ru, ja)", default="")
    renderings: list[Rendering] = key(
        NestedList(RENDERING), "every source's rendering of the same utterance", required=True, factory=list
    )
    note: str = key(Text(), "analyst's note", default="")

    @property
    def label(self) -> str:
        first = self.renderings[0].quote if self.renderings else self.id
        return first if len(first) <= 80 else first[:77].rstrip() + "…"


QUOTE = Form("quote", Quote, Quote.__doc__, fixed=(("kind", "quote"),))


@dataclass(kw_only=True)
class Claim(Record):
    """A statement the briefing relies on, with graded evidence."""

    id: str = key(Slug(), "unique id", required=True, default="")
    statement: str = key(Text(), "the statement the briefing relies on", required=True, default="")
    topics: list[Ref] = key(RefList("topic"), "topics it bears on", factory=list)
    about: list[Ref] = key(RefList(), "entities and events it is about", factory=list)
    confidence: str = key(Choice(CONFIDENCE_LEVELS), "analytic confidence", required=True, default="moderate")
    evidence: list[Evidence] = key(NestedList(CLAIM_EVIDENCE), "supporting evidence", required=True, factory=list)
    contradicting: list[Evidence] = key(NestedList(CLAIM_EVIDENCE), "evidence against it", factory=list)
    note: str = key(Text(), "analyst's note", default="")

    @property
    def label(self) -> str:
        return self.statement


CLAIM = Form("claim", Claim, Claim.__doc__, fixed=(("kind", "claim"),))


@dataclass(kw_only=True)
class Removal:
    """A line of the raw capture left out of a source's text, and why."""

    text: str = key(
        Text(),
        "the removed line(s), exactly as in the raw capture; one entry covers every occurrence",
        required=True,
    )
    reason: str = key(Text(), "why it is not part of the article", required=True)
    location: Location = field(default_factory=lambda: Location(""))


REMOVAL = Form("removal", Removal)


@dataclass(kw_only=True)
class Grading:
    """How reliable the outlet of a source is."""

    reliability: str = key(Choice(RELIABILITY_GRADES), "Admiralty source reliability A–F of the outlet", required=True)
    note: str = key(Text(), "why this grade", default="")


GRADING = Form("grading", Grading)


@dataclass(kw_only=True)
class Source(Record):
    """Front matter of a curated source (content/sources/<id>.md)."""

    title: str = key(Text(), "headline as published", required=True, default="")
    standfirst: str = key(Text(), "sub-headline as published", default="")
    publisher: str = key(Text(), "the outlet", required=True, default="")
    byline: str = key(Text(), "authors as published", default="")
    published: FuzzyDate = key(
        DateType(), "publication date; precision follows the form", required=True, factory=lambda: FuzzyDate(1)
    )
    published_evidence: str = key(Text(), "exact words of the raw capture that date it (warned if missing)", default="")
    published_note: str = key(Text(), "how the date was inferred from the evidence", default="")
    url: str = key(Url(), "where it was published, if known (shown; citations link the cited words there)", default="")
    language: str = key(Text(), "language of the text (BCP 47, e.g. en)", default="en")
    wire_services: list[Ref] = key(RefList("organization"), "wire services the article relays", factory=list)
    origin: OriginSpec | None = key(
        OriginType(),
        "where the whole text comes from when it relays wires: a wire service (a pure wire rewrite), "
        "[several] (one of them) or own; evidence resolves its origin from it when neither the evidence nor "
        "the attribution of its paragraph says",
        default=None,
    )
    attribution: list[Attribution] = key(
        NestedList(ATTRIBUTION), "where paragraphs come from, when they differ", factory=list
    )
    raw: str = key(Text(), "path of the raw capture, relative to sources/", required=True, default="")
    sha256: str = key(Sha256(), "sha256 of the raw capture", required=True, default="")
    capture: str = key(
        Text(), "path of the HTML page the raw text was extracted from, relative to sources/", default=""
    )
    capture_sha256: str = key(Sha256(), "sha256 of that HTML page (required with capture)", default="")
    removed: list[Removal] = key(
        NestedList(REMOVAL), "lines removed in curation, with reasons, in any order", factory=list
    )
    grading: Grading | None = key(Nested(GRADING), "Admiralty reliability of the outlet", required=True, default=None)
    status: str = key(Choice(SOURCE_STATUSES), "current, withdrawn or discredited", default="current")
    status_note: str = key(Text(), "why the source was withdrawn or discredited", default="")
    draft: bool = key(Boolean(), "an imported source not yet reviewed (builds with a warning)", default=False)
    blocks: list[Block] = field(default_factory=list)  # the body, parsed after the front matter
    body_line: int = 0

    @property
    def label(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    @property
    def is_discredited(self) -> bool:
        return self.status != "current"

    @functools.cached_property
    def outline(self) -> tuple[BlockPlace, ...]:
        """The place of each block: pages that link to paragraphs need these, not the text."""
        return tuple(block.place for block in self.blocks)

    @functools.cached_property
    def normalised_blocks(self) -> list[NormalText]:
        """Each block in the normal form quotes are matched in (computed once per loaded file)."""
        return [normalise(block.text) for block in self.blocks]

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (in the build cache) without its normalised blocks: they are a third of the cache, and
        are computed again only if a quote in this source has to be located again."""
        return {name: value for name, value in self.__dict__.items() if name != "normalised_blocks"}


SOURCE = Form("source", Source, Source.__doc__, fixed=(("kind", "source"),))


@dataclass(kw_only=True)
class Topic(Record):
    """Front matter of a topic write-up (content/topics/<id>.md)."""

    title: str = key(Text(), "title of the topic", required=True, default="")
    summary: str = key(Text(), "one or two sentences", required=True, default="")
    entities: list[Ref] = key(RefList("person", "country", "organization", "place"), "related entities", factory=list)
    events: list[Ref] = key(RefList("event"), "related events", factory=list)
    body: LocatedText | None = None  # the Markdown after the front matter

    @property
    def label(self) -> str:
        return self.title


TOPIC = Form("topic", Topic, Topic.__doc__, fixed=(("kind", "topic"),))


# The sections of an annotations file, and the form each one's records are written in.
ANNOTATION_SECTIONS: dict[str, Form] = {
    "people": PERSON,
    "countries": COUNTRY,
    "organizations": ORGANIZATION,
    "places": PLACE,
    "events": EVENT,
    "quotes": QUOTE,
    "claims": CLAIM,
}


def walk(value: Any) -> Iterator[Any]:
    """Every value inside a record, depth first (references and texts are not descended)."""
    yield value
    if isinstance(value, list):
        for item in value:
            yield from walk(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, (Ref, LocatedText, Location, FuzzyDate)):
        for spec in dataclasses.fields(value):
            yield from walk(getattr(value, spec.name))
