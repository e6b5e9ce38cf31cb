"""The values records are made of: dates of day, month or year precision, references, located text, where
quoted passages and paragraphs are, and the closed vocabularies of the content format."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from briefing.diagnostics import Location

if TYPE_CHECKING:
    from briefing.model.records import TextQuote

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


@dataclass(slots=True)  # without a __dict__: a large briefing has tens of thousands (so has Block)
class Ref:
    """A reference to a record id, remembered with where it was written."""

    id: str
    location: Location
    kinds: tuple[str, ...] = ()


@dataclass(slots=True)
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


@dataclass(kw_only=True)
class OriginSpec:
    """Where a passage comes from, as the analyst wrote it: a wire service its source relays, several (it
    comes from one of them, and the source does not say which), or the outlet's own reporting (``own``).
    See :mod:`briefing.origins` for how evidence resolves its origin."""

    wires: list[Ref] = field(default_factory=list)
    own: bool = False
    location: Location = field(default_factory=lambda: Location(""))


@dataclass(kw_only=True, slots=True)
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
