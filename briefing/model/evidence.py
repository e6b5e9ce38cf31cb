"""The quoted passages of records: the exact words of a source that a claim, event or quote rests on."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.diagnostics import Location
from briefing.model.declare import Form, again, key
from briefing.model.kinds import Grade, OriginType, RefType, Text
from briefing.model.values import OriginSpec, Ref, Span


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


ORIGIN_DOC = (
    "where this passage comes from: a wire service among the source's wire_services, a list of them (one of "
    "these; the source does not say which), or own (the outlet's own reporting). Overrides the source's "
    "attribution and origin"
)


@dataclass(kw_only=True)
class Evidence(TextQuote):
    """A source and the exact words in it that support (or contradict) a statement."""

    credibility: int | None = key(
        Grade(), "Admiralty information credibility 1–6, graded independently of the source", default=None
    )
    origin: OriginSpec | None = key(OriginType(), ORIGIN_DOC, default=None)
    note: str = again(TextQuote, "note", here=True)  # the reference lists it last


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
