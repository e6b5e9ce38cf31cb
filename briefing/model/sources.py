"""Curated sources: the front matter of ``content/sources/<id>.md`` and the parts it is made of."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from briefing.diagnostics import Location
from briefing.model.declare import Form, key
from briefing.model.kinds import (
    Boolean,
    Choice,
    DateType,
    Nested,
    NestedList,
    OriginType,
    Paragraphs,
    RefList,
    Sha256,
    Text,
    Url,
)
from briefing.model.records import Record
from briefing.model.values import RELIABILITY_GRADES, SOURCE_STATUSES, Block, BlockPlace, FuzzyDate, OriginSpec, Ref
from briefing.textmatch import NormalText, normalise


@dataclass(kw_only=True)
class Attribution:
    """Paragraphs of a source that come from one origin."""

    paragraphs: tuple[int, ...] = key(Paragraphs(), "the paragraphs (¶ numbers of the source page)", required=True)
    origin: OriginSpec = key(OriginType(), "where they come from: a wire service, [several] or own", required=True)
    note: str = key(Text(), "what in the text says so, e.g. 'Reuters reports, ...'", default="")
    location: Location = field(default_factory=lambda: Location(""))
    field_locations: dict[str, Location] = field(default_factory=dict)


ATTRIBUTION = Form("attribution", Attribution, "Paragraphs of a source that come from one origin.")


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

    def forget_normalised_blocks(self) -> None:
        """Let go of them once the quotes are found (a copy of the text, and maps into it): computed again
        if asked for."""
        self.__dict__.pop("normalised_blocks", None)


SOURCE = Form("source", Source, Source.__doc__, fixed=(("kind", "source"),))
