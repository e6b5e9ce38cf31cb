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
from typing import Any

from briefing.diagnostics import Location
from briefing.model.declare import Form, key
from briefing.model.evidence import CLAIM_EVIDENCE, EVIDENCE, RENDERING, Evidence, Rendering, TextQuote
from briefing.model.kinds import (
    Choice,
    DateType,
    Markdown,
    NestedList,
    RefList,
    RefType,
    Slug,
    Text,
    TextList,
)
from briefing.model.values import (
    CONFIDENCE_LEVELS,
    EVENT_KINDS,
    EVENT_STATUSES,
    Block,
    FuzzyDate,
    LocatedText,
    Ref,
)


@functools.cache
def _cached_properties(kind: type) -> frozenset[str]:
    return frozenset(
        name
        for klass in kind.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, functools.cached_property)
    )


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

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (in the build cache) without what its cached properties computed from its fields (a
        source's normalised blocks were a third of the cache): they are computed again when asked for."""
        derived = _cached_properties(type(self))
        return {name: value for name, value in self.__dict__.items() if name not in derived}

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
    """Every value inside a record, depth first (references, texts, dates and a source's paragraphs, which
    hold no reference, passage or Markdown, are not descended)."""
    yield value
    if isinstance(value, list):
        for item in value:
            yield from walk(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, (Ref, LocatedText, Location, FuzzyDate, Block)):
        for spec in dataclasses.fields(value):
            yield from walk(getattr(value, spec.name))
