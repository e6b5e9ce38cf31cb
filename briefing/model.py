"""The typed content model: records, and the schemas that read them from YAML.

Each schema is a table of :class:`Field` entries; the load stage uses it to
turn a YAML mapping into a record, and the reference documentation is
generated from the same tables, so the two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from briefing.diagnostics import Diagnostics, Location, did_you_mean
from briefing.ids import SLUG_HINT as SLUG_HINT  # re-exported: load and import check file names
from briefing.ids import SLUG_RE as SLUG_RE
from briefing.ids import id_problem
from briefing.memo import replaced_keys
from briefing.textmatch import NormalText, normalise
from briefing.yamlio import YamlList, YamlMap

if TYPE_CHECKING:  # the records of briefing.yaml and their schemas are declared there, from the parts here
    from briefing.analytic import Alternative, Assumption, Indicator, KeyJudgment
    from briefing.editions import PreviousEdition


CONFIDENCE_LEVELS = ("high", "moderate", "low")
# The records briefing.yaml holds besides the briefing itself: shown on the home page (index.html#<id>), not
# on pages of their own.
BRIEFING_KINDS = ("judgment", "assumption", "alternative", "indicator")
EVENT_KINDS = (
    "meeting",
    "phone-call",
    "press-conference",
    "summit",
    "forum",
    "visit",
    "missile-test",
    "nuclear-test",
    "talks-breakdown",
    "announcement",
    "other",
)
EVENT_STATUSES = ("happened", "scheduled")
SOURCE_STATUSES = ("current", "withdrawn", "discredited")
RELIABILITY_GRADES = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY_GRADES = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
ENTITY_KINDS = ("person", "country", "organization", "place")


# ---------------------------------------------------------------- values


MONTH_NAMES = tuple(dt.date(2000, month, 1).strftime("%B") for month in range(1, 13))


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A calendar date known to day, month or year precision."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self) -> str:
        """As 2 January 2020, January 2020 or 2020: what ``strftime`` gives in the C locale, at a fraction of
        its cost (pages show dates by the thousand)."""
        if self.day:
            return f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return str(self.year)

    @classmethod
    def from_date(cls, value: dt.date) -> FuzzyDate:
        return cls(value.year, value.month, value.day)


@dataclass
class Ref:
    """A reference to a record id, remembered with where it was written."""

    id: str
    location: Location
    kinds: tuple[str, ...] = ()


@dataclass
class LocatedText:
    """Text (usually Markdown) with the position of its first character."""

    text: str
    location: Location

    def __str__(self) -> str:
        return self.text


class Span(NamedTuple):
    """Where a quoted passage was found: a paragraph of a source and character offsets in it.

    A named tuple, not a dataclass: spans are compared and sorted by the hundred thousand on every build,
    and tuples do that in C."""

    source_id: str
    block: int
    start: int
    end: int
    key: str  # names the passage in its paragraph by its words, not its offsets (see ``Span.found``)

    @classmethod
    def found(cls, source_id: str, block: int, text: str, start: int, end: int) -> Span:
        """The span of ``text[start:end]``, in paragraph ``block`` whose text is ``text``.

        Its anchor is a digest of the passage's words (and, if those words occur earlier in the paragraph
        too, which occurrence this is), so a link to a cited passage keeps working, and pages that link to
        it stay the same, when an edit elsewhere in the paragraph moves its offsets.
        """
        words = text[start:end]
        key = hashlib.blake2b(words.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
        earlier, position = 0, text.find(words)
        while -1 < position < start:
            earlier += 1
            position = text.find(words, position + 1)
        return cls(source_id, block, start, end, f"{key}-{earlier + 1}" if earlier else key)

    @property
    def anchor(self) -> str:
        return f"q{self.block + 1}-{self.key}"

    @property
    def place(self) -> tuple[str, int, str]:
        """What a link to the passage depends on: its anchor, not its offsets."""
        return (self.source_id, self.block, self.key)


SpanPlaces = tuple[tuple[str, int, str] | None, ...]  # Span.place of each quoted passage of a record, if found


def span_place(span: Span | None) -> tuple[str, int, str] | None:
    return span.place if span is not None else None


def span_places(selectors: Iterable[TextQuote]) -> SpanPlaces:
    """Where each quoted passage was found (validate sets ``span``), None for one that was not."""
    return tuple(span_place(selector.span) for selector in selectors)


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

    source: Ref
    quote: str
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    location: Location = field(default_factory=lambda: Location(""))
    field_locations: dict[str, Location] = field(default_factory=dict)
    span: Span | None = None

    @property
    def quote_location(self) -> Location:
        return self.field_locations.get("quote", self.location)


@dataclass(kw_only=True)
class OriginSpec:
    """Where a passage comes from, as the analyst wrote it: a wire service its source relays, several (it
    comes from one of them, and the source does not say which), or the outlet's own reporting (``own``).
    See :mod:`briefing.origins` for how evidence resolves its origin."""

    wires: list[Ref] = field(default_factory=list)
    own: bool = False
    location: Location = field(default_factory=lambda: Location(""))


@dataclass(kw_only=True)
class Attribution:
    """Paragraphs of a source that come from one origin."""

    paragraphs: tuple[int, ...]
    origin: OriginSpec
    note: str = ""
    location: Location = field(default_factory=lambda: Location(""))
    field_locations: dict[str, Location] = field(default_factory=dict)


@dataclass(kw_only=True)
class Evidence(TextQuote):
    credibility: int | None = None
    origin: OriginSpec | None = None


@dataclass(kw_only=True)
class Rendering(TextQuote):
    pass


@dataclass(kw_only=True)
class Citation(TextQuote):
    """A ``[@source]`` or ``[@source, "words"]`` citation written in Markdown."""

    owner: str = ""


@dataclass(kw_only=True)
class Role:
    title: str
    organization: Ref | None = None
    start: FuzzyDate | None = None
    until: FuzzyDate | None = None


@dataclass(kw_only=True)
class Entity(Record):
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    description: LocatedText | None = None
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
class Event(Record):
    title: str = ""
    event_kind: str = "other"
    date: FuzzyDate = field(default_factory=lambda: FuzzyDate(1))
    date_note: str = ""
    status: str = "happened"
    place: Ref | None = None
    participants: list[Ref] = field(default_factory=list)
    topics: list[Ref] = field(default_factory=list)
    summary: LocatedText | None = None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.title


@dataclass(kw_only=True)
class Quote(Record):
    speaker: Ref | None = None
    occasion: Ref | None = None
    language: str = ""
    renderings: list[Rendering] = field(default_factory=list)
    note: str = ""

    @property
    def label(self) -> str:
        first = self.renderings[0].quote if self.renderings else self.id
        return first if len(first) <= 80 else first[:77].rstrip() + "…"


@dataclass(kw_only=True)
class Claim(Record):
    statement: str = ""
    topics: list[Ref] = field(default_factory=list)
    about: list[Ref] = field(default_factory=list)
    confidence: str = "moderate"
    evidence: list[Evidence] = field(default_factory=list)
    contradicting: list[Evidence] = field(default_factory=list)
    note: str = ""

    @property
    def label(self) -> str:
        return self.statement


@dataclass(kw_only=True)
class Removal:
    text: str
    reason: str
    location: Location = field(default_factory=lambda: Location(""))


@dataclass(kw_only=True)
class Grading:
    reliability: str
    note: str = ""


@dataclass(kw_only=True)
class Block:
    """One paragraph or sub-heading of a curated source, as written in its file."""

    kind: str  # "paragraph" or "heading"
    text: str
    number: int  # 1-based, counted separately for paragraphs and headings
    line: int

    @property
    def place(self) -> BlockPlace:
        return BlockPlace(self.kind, self.number)

    @property
    def anchor(self) -> str:
        return self.place.anchor


class BlockPlace(NamedTuple):
    """Where a block stands in its source, without its text: what a link to a paragraph needs."""

    kind: str
    number: int

    @property
    def anchor(self) -> str:
        return f"p{self.number}" if self.kind == "paragraph" else f"s{self.number}"

    @property
    def display(self) -> str:
        return f"¶{self.number}" if self.kind == "paragraph" else f"heading {self.number}"


@dataclass(kw_only=True)
class Source(Record):
    title: str = ""
    standfirst: str = ""
    publisher: str = ""
    byline: str = ""
    published: FuzzyDate = field(default_factory=lambda: FuzzyDate(1))
    published_evidence: str = ""
    published_note: str = ""
    url: str = ""
    language: str = "en"
    wire_services: list[Ref] = field(default_factory=list)
    origin: OriginSpec | None = None
    attribution: list[Attribution] = field(default_factory=list)
    raw: str = ""
    sha256: str = ""
    capture: str = ""
    capture_sha256: str = ""
    removed: list[Removal] = field(default_factory=list)
    grading: Grading | None = None
    status: str = "current"
    status_note: str = ""
    draft: bool = False
    blocks: list[Block] = field(default_factory=list)
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


@dataclass(kw_only=True)
class Topic(Record):
    title: str = ""
    summary: str = ""
    entities: list[Ref] = field(default_factory=list)
    events: list[Ref] = field(default_factory=list)
    body: LocatedText | None = None

    @property
    def label(self) -> str:
        return self.title


@dataclass(kw_only=True)
class BriefingInfo(Record):
    title: str = ""
    subtitle: str = ""
    as_of: FuzzyDate = field(default_factory=lambda: FuzzyDate(1))
    authors: list[str] = field(default_factory=list)
    language: str = "en"
    handling: str = ""
    bluf: LocatedText | None = None
    bluf_confidence: str = ""
    key_judgments: list[KeyJudgment] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    topics: list[Ref] = field(default_factory=list)
    base_url: str = ""
    previous_edition: str = ""  # path of an earlier build's briefing.json (see briefing.editions)

    def analytic_records(self) -> list[Record]:
        """The records of briefing.yaml, in the order the home page shows them (kinds: ``BRIEFING_KINDS``)."""
        return [*self.key_judgments, *self.assumptions, *self.alternatives, *self.indicators]


# ---------------------------------------------------------------- field types


class FieldError(Exception):
    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Slot:
    """The YAML value being converted and how to locate it."""

    value: Any
    location: Location
    text_start: Location
    diagnostics: Diagnostics


class FieldType:
    label = "value"

    def convert(self, slot: Slot) -> Any:
        raise NotImplementedError


def _as_text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise FieldError("wrong-type", f"expected text, got {_describe(value)}", "quote the value")
    if isinstance(value, (str, int, float)):
        return str(value)
    raise FieldError("wrong-type", f"expected text, got {_describe(value)}")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


class Text(FieldType):
    label = "text"

    def convert(self, slot: Slot) -> str:
        text = _as_text(slot.value).strip()
        if not text:
            raise FieldError("empty-value", "must not be empty")
        return text


class Markdown(FieldType):
    label = "Markdown text"

    def convert(self, slot: Slot) -> LocatedText:
        return LocatedText(Text().convert(slot), slot.text_start)


class TextList(FieldType):
    label = "list of text"

    def convert(self, slot: Slot) -> list[str]:
        items = _as_list(slot.value)
        return [Text().convert(Slot(item, slot.location, slot.location, slot.diagnostics)) for item in items]


class Slug(FieldType):
    label = "id (slug)"

    def convert(self, slot: Slot) -> str:
        problem = id_problem(slot.value)
        if problem is not None:
            raise FieldError(*problem)
        return slot.value


class RefType(FieldType):
    def __init__(self, *kinds: str) -> None:
        self.kinds = kinds
        self.label = "id of " + (" / ".join(kinds) if kinds else "any record")

    def convert(self, slot: Slot) -> Ref:
        return Ref(Slug().convert(slot), slot.location, self.kinds)


class RefList(FieldType):
    def __init__(self, *kinds: str) -> None:
        self.kinds = kinds
        self.label = "list of ids of " + (" / ".join(kinds) if kinds else "any record")

    def convert(self, slot: Slot) -> list[Ref]:
        """The references in order, each once: a repeated one is reported (a warning) and left out."""
        items = _as_list(slot.value)
        locations = items.item_locations if isinstance(items, YamlList) else [slot.location] * len(items)
        refs: dict[str, Ref] = {}
        for item, where in zip(items, locations, strict=False):
            ref = RefType(*self.kinds).convert(Slot(item, where, where, slot.diagnostics))
            if ref.id in refs:
                slot.diagnostics.warning(
                    where,
                    "duplicate-ref",
                    f"'{ref.id}' is already in this list (at {refs[ref.id].location})",
                    "remove the repeated id; it is counted once",
                )
            else:
                refs[ref.id] = ref
        return list(refs.values())


def _as_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise FieldError(
            "wrong-type", f"expected a list, got {_describe(value)}", "write items as '- item' lines or [a, b]"
        )
    return value


class DateType(FieldType):
    """A date of day, month or year precision: 2017-04-27, "2017-04" or 2017."""

    label = "date (YYYY-MM-DD, YYYY-MM or YYYY)"
    _pattern = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)

    def convert(self, slot: Slot) -> FuzzyDate:
        value = slot.value
        if isinstance(value, dt.datetime):
            return FuzzyDate.from_date(value.date())
        if isinstance(value, dt.date):
            return FuzzyDate.from_date(value)
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
            return FuzzyDate(value)
        match = self._pattern.fullmatch(value) if isinstance(value, str) else None
        if not match:
            raise FieldError(
                "invalid-date",
                f"expected a date, got {_describe(value)}",
                'write 2017-04-27, "2017-04" (month precision) or 2017 (year precision)',
            )
        year, month, day = (int(g) if g else 0 for g in match.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError as exc:
            raise FieldError("invalid-date", f"impossible date '{value}': {exc}", "use a real calendar date") from None
        return FuzzyDate(year, month, day)


class Choice(FieldType):
    def __init__(self, choices: tuple[str, ...] | dict[str, str]) -> None:
        self.choices = tuple(choices)
        self.label = "one of: " + ", ".join(self.choices)

    def convert(self, slot: Slot) -> str:
        text = _as_text(slot.value)
        if text not in self.choices:
            hint = did_you_mean(text, self.choices) or f"use one of: {', '.join(self.choices)}"
            raise FieldError("invalid-value", f"'{text}' is not allowed here", hint)
        return text


class Grade(FieldType):
    label = "integer 1–6 (Admiralty information credibility)"

    def convert(self, slot: Slot) -> int:
        value = slot.value
        if isinstance(value, bool) or not isinstance(value, int) or value not in CREDIBILITY_GRADES:
            raise FieldError(
                "invalid-value",
                f"credibility must be an integer from 1 to 6, got {_describe(value)}",
                "; ".join(f"{k} {v}" for k, v in CREDIBILITY_GRADES.items()),
            )
        return value


class Boolean(FieldType):
    label = "true or false"

    def convert(self, slot: Slot) -> bool:
        if not isinstance(slot.value, bool):
            raise FieldError("wrong-type", f"expected true or false, got {_describe(slot.value)}")
        return slot.value


class Sha256(FieldType):
    label = "sha256 (64 hex digits)"

    def convert(self, slot: Slot) -> str:
        text = _as_text(slot.value).lower()
        if not re.fullmatch(r"[0-9a-f]{64}", text):
            raise FieldError("invalid-value", "sha256 must be 64 hexadecimal digits", "run: sha256sum RAW_FILE")
        return text


class Url(FieldType):
    label = "http(s) URL"

    def convert(self, slot: Slot) -> str:
        text = _as_text(slot.value).strip()
        if not re.fullmatch(r"https?://[^\s]+", text):
            raise FieldError("invalid-value", f"'{text}' is not an http(s) URL", "write the full address, https://…")
        return text


class OriginType(FieldType):
    """A wire service id, a list of them (one of these, the source does not say which), or ``own``."""

    label = "wire service id, [ids] (one of them), or own (the outlet's own reporting)"

    def convert(self, slot: Slot) -> OriginSpec:
        items = slot.value if isinstance(slot.value, list) else [slot.value]
        locations = items.item_locations if isinstance(items, YamlList) else [slot.location] * len(items)
        if not items:
            raise FieldError("empty-value", "must name at least one origin", "write a wire service id, or own")
        spec = OriginSpec(location=slot.location)
        for item, where in zip(items, locations, strict=False):
            if item == "own":
                spec.own = True
            else:
                spec.wires.append(RefType("organization").convert(Slot(item, where, where, slot.diagnostics)))
        return spec


_MOST_PARAGRAPHS = 100_000  # a range past this is a typo, not an article


class Paragraphs(FieldType):
    """Paragraph numbers (¶) of a source: 4, "4-6", or a list of numbers and ranges."""

    label = 'paragraph numbers: 4, "4-6" or a list such as [1, "4-6"]'
    _range = re.compile(r"\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?", re.ASCII)

    def convert(self, slot: Slot) -> tuple[int, ...]:
        items = slot.value if isinstance(slot.value, list) else [slot.value]
        numbers: list[int] = []
        for item in items:
            readable = isinstance(item, (int, str)) and not isinstance(item, bool)
            match = self._range.fullmatch(str(item)) if readable else None
            first, last = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (0, 0)
            if not match or first < 1 or last < first or last > _MOST_PARAGRAPHS:
                raise FieldError("invalid-value", f"{_describe(item)} is not a paragraph number or range", self.label)
            numbers.extend(range(first, last + 1))
        if not numbers:
            raise FieldError("empty-value", "must name at least one paragraph", self.label)
        return tuple(sorted(set(numbers)))


class Nested(FieldType):
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.label = f"mapping ({schema.name})"

    def convert(self, slot: Slot) -> Any:
        record = self.schema.read(slot.value, slot.location, slot.diagnostics)
        if record is None:
            raise FieldError("", "")  # already reported inside
        return record


class NestedList(FieldType):
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.label = f"list of {schema.name}"

    def convert(self, slot: Slot) -> list[Any]:
        items = _as_list(slot.value)
        result = []
        for index, item in enumerate(items):
            where = items.item_location(index) if isinstance(items, YamlList) else slot.location
            record = self.schema.read(item, where, slot.diagnostics)
            if record is not None:
                result.append(record)
        return result


# ---------------------------------------------------------------- schemas


@dataclass(frozen=True)
class Field:
    key: str
    type: FieldType
    doc: str
    required: bool = False
    attr: str = ""

    @property
    def attribute(self) -> str:
        return self.attr or self.key.replace("-", "_")


@dataclass(frozen=True)
class Schema:
    """How one kind of record is written in YAML, and how to build it."""

    name: str
    fields: tuple[Field, ...]
    build: Callable[..., Any]
    doc: str = ""
    fixed: tuple[tuple[str, Any], ...] = ()

    def field_names(self) -> list[str]:
        return [f.key for f in self.fields]

    def read(self, data: Any, location: Location, diagnostics: Diagnostics) -> Any | None:
        """Build a record from a YAML mapping; report problems and return None if it cannot be built."""
        if not isinstance(data, YamlMap):
            diagnostics.error(
                location,
                "wrong-type",
                f"a {self.name} must be a mapping of fields, got {_describe(data)}",
                f"fields of a {self.name}: {', '.join(self.field_names())}",
            )
            return None
        known = {f.key: f for f in self.fields}
        for key in data:
            if key not in known:
                diagnostics.error(
                    data.key_location(key),
                    "unknown-field",
                    f"unknown field '{key}' in {self.name}",
                    did_you_mean(key, known) or f"fields of a {self.name}: {', '.join(known)}",
                )
        values: dict[str, Any] = dict(self.fixed)
        complete = True
        for spec in self.fields:
            if spec.key not in data or data[spec.key] is None:
                if spec.required:
                    complete = False
                    diagnostics.error(
                        data.location,
                        "missing-field",
                        f"{self.name} is missing required field '{spec.key}'",
                        f"add '{spec.key}:' ({spec.type.label}): {spec.doc}",
                    )
                continue
            slot = Slot(data[spec.key], data.value_location(spec.key), data.text_start(spec.key), diagnostics)
            try:
                values[spec.attribute] = spec.type.convert(slot)
            except FieldError as exc:
                if spec.required:
                    complete = False
                if exc.code:
                    diagnostics.error(slot.location, exc.code, f"field '{spec.key}': {exc.message}", exc.hint)
        if not complete:
            return None
        return self.build(**self._position(data), **values)

    def _position(self, data: YamlMap) -> dict[str, Any]:
        """Where the record was written, for builders that keep it."""
        names = {f.name for f in dataclasses.fields(self.build)}
        position = {"location": data.location, "lines": data.source_lines, "field_locations": data.value_locations}
        return {key: value for key, value in position.items() if key in names}


def _text_quote_fields(*extra: Field) -> tuple[Field, ...]:
    return (
        Field("source", RefType("source"), "id of the source whose words are quoted", required=True),
        Field("quote", Text(), "the exact words, as they appear in the source", required=True),
        Field("prefix", Text(), "words right before the quote, to pick one of several occurrences"),
        Field("suffix", Text(), "words right after the quote, to pick one of several occurrences"),
        *extra,
        Field("note", Text(), "analyst's note on this piece of evidence"),
    )


ORIGIN_DOC = (
    "where this passage comes from: a wire service among the source's wire_services, a list of them (one of "
    "these; the source does not say which), or own (the outlet's own reporting). Overrides the source's "
    "attribution and origin"
)
EVIDENCE = Schema(
    "evidence",
    _text_quote_fields(
        Field("credibility", Grade(), "Admiralty information credibility 1–6, graded independently of the source"),
        Field("origin", OriginType(), ORIGIN_DOC),
    ),
    Evidence,
    "A source and the exact words in it that support (or contradict) a statement.",
)
CLAIM_EVIDENCE = Schema(
    "claim evidence",
    _text_quote_fields(
        Field(
            "credibility",
            Grade(),
            "Admiralty information credibility 1–6, graded independently of the source",
            required=True,
        ),
        Field("origin", OriginType(), ORIGIN_DOC),
    ),
    Evidence,
    "Evidence for a claim: as evidence, with a required credibility grade.",
)
RENDERING = Schema("rendering", _text_quote_fields(), Rendering, "One source's rendering of a quote.")
ROLE = Schema(
    "role",
    (
        Field("title", Text(), "the office or position", required=True),
        Field("organization", RefType("organization", "country"), "where the role is held"),
        Field("from", DateType(), "when the role began", attr="start"),
        Field("until", DateType(), "when the role ended (omit if current)"),
    ),
    Role,
)

_ENTITY_COMMON = (
    Field("id", Slug(), "unique id", required=True),
    Field("name", Text(), "display name", required=True),
    Field("aliases", TextList(), "other names, matched case-sensitively on word boundaries in source texts"),
    Field("description", Markdown(), "short description (Markdown)"),
)
PERSON = Schema(
    "person",
    _ENTITY_COMMON
    + (
        Field("country", RefType("country"), "country the person serves or belongs to"),
        Field("roles", NestedList(ROLE), "offices held, with dates"),
    ),
    Entity,
    "A person.",
    fixed=(("kind", "person"),),
)
COUNTRY = Schema("country", _ENTITY_COMMON, Entity, "A country.", fixed=(("kind", "country"),))
ORGANIZATION = Schema(
    "organization",
    _ENTITY_COMMON
    + (
        Field("kind", Text(), "what sort of organization (news agency, ministry, forum…)", attr="category"),
        Field("country", RefType("country"), "where it is based"),
    ),
    Entity,
    "An organization: government body, news outlet, wire service, forum.",
    fixed=(("kind", "organization"),),
)
PLACE = Schema(
    "place",
    _ENTITY_COMMON
    + (
        Field("kind", Text(), "what sort of place (city, island chain…)", attr="category"),
        Field("country", RefType("country"), "country that administers it"),
    ),
    Entity,
    "A place. One place may have several names (aliases).",
    fixed=(("kind", "place"),),
)
EVENT = Schema(
    "event",
    (
        Field("id", Slug(), "unique id", required=True),
        Field("title", Text(), "short title", required=True),
        Field("kind", Choice(EVENT_KINDS), "what sort of event", required=True, attr="event_kind"),
        Field("date", DateType(), "when; precision follows the form", required=True),
        Field(
            "date_note",
            Text(),
            "how the date follows from the evidence, when no quoted passage gives it (the build warns otherwise)",
        ),
        Field("status", Choice(EVENT_STATUSES), "happened, or scheduled for the future", required=True),
        Field("place", RefType("place", "country"), "where"),
        Field("participants", RefList("person", "country", "organization"), "who took part"),
        Field("topics", RefList("topic"), "topics it bears on"),
        Field("summary", Markdown(), "what happened (Markdown)"),
        Field("evidence", NestedList(EVIDENCE), "sources and exact words that report it", required=True),
    ),
    Event,
    "A meeting, call, test, breakdown of talks or a scheduled future event.",
    fixed=(("kind", "event"),),
)
QUOTE = Schema(
    "quote",
    (
        Field("id", Slug(), "unique id", required=True),
        Field("speaker", RefType("person", "organization", "country"), "who said it", required=True),
        Field("occasion", RefType("event"), "the event at which it was said"),
        Field("language", Text(), "language it was spoken in (e.g. ru, ja)"),
        Field("renderings", NestedList(RENDERING), "every source's rendering of the same utterance", required=True),
        Field("note", Text(), "analyst's note"),
    ),
    Quote,
    "One utterance and its renderings across sources.",
    fixed=(("kind", "quote"),),
)
CLAIM = Schema(
    "claim",
    (
        Field("id", Slug(), "unique id", required=True),
        Field("statement", Text(), "the statement the briefing relies on", required=True),
        Field("topics", RefList("topic"), "topics it bears on"),
        Field("about", RefList(), "entities and events it is about"),
        Field("confidence", Choice(CONFIDENCE_LEVELS), "analytic confidence", required=True),
        Field("evidence", NestedList(CLAIM_EVIDENCE), "supporting evidence", required=True),
        Field("contradicting", NestedList(CLAIM_EVIDENCE), "evidence against it"),
        Field("note", Text(), "analyst's note"),
    ),
    Claim,
    "A statement the briefing relies on, with graded evidence.",
    fixed=(("kind", "claim"),),
)
REMOVAL = Schema(
    "removal",
    (
        Field(
            "text",
            Text(),
            "the removed line(s), exactly as in the raw capture; one entry covers every occurrence",
            required=True,
        ),
        Field("reason", Text(), "why it is not part of the article", required=True),
    ),
    Removal,
)
ATTRIBUTION = Schema(
    "attribution",
    (
        Field("paragraphs", Paragraphs(), "the paragraphs (¶ numbers of the source page)", required=True),
        Field("origin", OriginType(), "where they come from: a wire service, [several] or own", required=True),
        Field("note", Text(), "what in the text says so, e.g. 'Reuters reports, ...'"),
    ),
    Attribution,
    "Paragraphs of a source that come from one origin.",
)
GRADING = Schema(
    "grading",
    (
        Field(
            "reliability", Choice(RELIABILITY_GRADES), "Admiralty source reliability A–F of the outlet", required=True
        ),
        Field("note", Text(), "why this grade"),
    ),
    Grading,
)
SOURCE = Schema(
    "source",
    (
        Field("title", Text(), "headline as published", required=True),
        Field("standfirst", Text(), "sub-headline as published"),
        Field("publisher", Text(), "the outlet", required=True),
        Field("byline", Text(), "authors as published"),
        Field("published", DateType(), "publication date; precision follows the form", required=True),
        Field("published_evidence", Text(), "exact words of the raw capture that date it (warned if missing)"),
        Field("published_note", Text(), "how the date was inferred from the evidence"),
        Field("url", Url(), "where it was published, if known (shown; citations link the cited words there)"),
        Field("language", Text(), "language of the text (BCP 47, e.g. en)"),
        Field("wire_services", RefList("organization"), "wire services the article relays"),
        Field(
            "origin",
            OriginType(),
            "where the whole text comes from when it relays wires: a wire service (a pure wire rewrite), "
            "[several] (one of them) or own; evidence resolves its origin from it when neither the evidence nor "
            "the attribution of its paragraph says",
        ),
        Field("attribution", NestedList(ATTRIBUTION), "where paragraphs come from, when they differ"),
        Field("raw", Text(), "path of the raw capture, relative to sources/", required=True),
        Field("sha256", Sha256(), "sha256 of the raw capture", required=True),
        Field("capture", Text(), "path of the HTML page the raw text was extracted from, relative to sources/"),
        Field("capture_sha256", Sha256(), "sha256 of that HTML page (required with capture)"),
        Field("removed", NestedList(REMOVAL), "lines removed in curation, with reasons, in any order"),
        Field("grading", Nested(GRADING), "Admiralty reliability of the outlet", required=True),
        Field("status", Choice(SOURCE_STATUSES), "current, withdrawn or discredited"),
        Field("status_note", Text(), "why the source was withdrawn or discredited"),
        Field("draft", Boolean(), "an imported source not yet reviewed (builds with a warning)"),
    ),
    Source,
    "Front matter of a curated source (content/sources/<id>.md).",
    fixed=(("kind", "source"),),
)
TOPIC = Schema(
    "topic",
    (
        Field("title", Text(), "title of the topic", required=True),
        Field("summary", Text(), "one or two sentences", required=True),
        Field("entities", RefList("person", "country", "organization", "place"), "related entities"),
        Field("events", RefList("event"), "related events"),
    ),
    Topic,
    "Front matter of a topic write-up (content/topics/<id>.md).",
    fixed=(("kind", "topic"),),
)
ANNOTATION_SECTIONS: dict[str, Schema] = {
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


# ---------------------------------------------------------------- the briefing


RECORD_TABLES = ("sources", "entities", "events", "quotes", "claims", "topics")


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
    files: dict[str, str] = field(default_factory=dict)
    raw_texts: dict[str, str] = field(default_factory=dict)
    raw_digests: dict[str, str] = field(default_factory=dict)
    capture_digests: dict[str, str] = field(default_factory=dict)  # of HTML pages raw text was extracted from
    previous: PreviousEdition | None = None  # what the edition named by ``info.previous_edition`` said
    citations: list[Citation] = field(default_factory=list)
    broken_ids: set[str] = field(default_factory=set)
    # Where each record's quoted passages were found (validate): Span.place of each, None where not found.
    # Validate sets the spans on the records themselves; this says which changed without comparing records.
    spans: dict[str, SpanPlaces] = field(default_factory=dict)
    # What replaced_since found, for the last briefing it was asked about: validate, link and render each
    # ask about the briefing they last saw, which is usually the same one. Not pickled (see __getstate__).
    _replaced_memo: tuple[weakref.ref[Briefing], frozenset[str] | None] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_replaced_memo": None}

    def records(self) -> Iterator[Record]:
        for table in (self.sources, self.entities, self.events, self.quotes, self.claims, self.topics):
            yield from table.values()
        yield from self.info.analytic_records()

    def records_with(self, ids: Iterable[str]) -> list[Record]:
        """The records with these ids, in no particular order (each id must name one)."""
        found = []
        for record_id in ids:
            record = self.record(record_id)
            assert record is not None, f"no record with id {record_id!r}"
            found.append(record)
        return found

    def replaced_since(self, last: Briefing | None) -> set[str] | None:
        """Ids of the records that are not the very objects ``last`` held (load keeps the records of
        unchanged files); None when that cannot tell what changed: no ``last``, another briefing.yaml, or
        ids added, removed or reordered."""
        if last is None or last.info is not self.info:
            return None
        memo = self._replaced_memo
        if memo is None or memo[0]() is not last:
            found = self._replaced_in(last)
            memo = self._replaced_memo = (weakref.ref(last), None if found is None else frozenset(found))
        return None if memo[1] is None else set(memo[1])

    def _replaced_in(self, last: Briefing) -> set[str] | None:
        replaced: set[str] = set()
        for name in RECORD_TABLES:
            before, now = getattr(last, name), getattr(self, name)
            if before is now:
                continue
            if list(before) != list(now):
                return None
            replaced.update(replaced_keys(before, now))
        return replaced

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
