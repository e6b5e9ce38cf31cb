"""The records of ``content/briefing.yaml`` besides the briefing itself, and the schema of that file.

The key judgments are records in the shared id namespace, with no pages of
their own: the home page and the print view show them, and other pages name
them by their words (``short_name``), never by their ids.

The briefing itself (``BriefingInfo``) and the field types are declared in
:mod:`briefing.model`, with the other records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from briefing.markup import short_form
from briefing.model import (
    CONFIDENCE_LEVELS,
    BriefingInfo,
    Choice,
    DateType,
    Field,
    LocatedText,
    Markdown,
    NestedList,
    Record,
    Ref,
    RefList,
    Schema,
    Slug,
    Text,
    TextList,
    Url,
)


def short_name(record: Record, name_of: Callable[[str], str | None] | None = None) -> str:
    """A record of briefing.yaml named by the first clause of its main text, the field named as its kind
    (``judgment``); its ``[[id]]`` links by ``name_of`` (pages give the records' names). Readers never see
    its id."""
    text = getattr(record, record.kind, None)
    return short_form(text.text, name_of) if isinstance(text, LocatedText) else record.id


@dataclass(kw_only=True)
class KeyJudgment(Record):
    judgment: LocatedText | None = None
    confidence: str = "moderate"
    claims: list[Ref] = field(default_factory=list)

    @property
    def label(self) -> str:
        return short_name(self)


KEY_JUDGMENT = Schema(
    "key judgment",
    (
        Field("id", Slug(), "unique id, e.g. kj-talks-resume", required=True),
        Field("judgment", Markdown(), "the judgment (Markdown)", required=True),
        Field("confidence", Choice(CONFIDENCE_LEVELS), "analytic confidence", required=True),
        Field("claims", RefList("claim"), "claims that support it", required=True),
    ),
    KeyJudgment,
    fixed=(("kind", "judgment"),),
)
BRIEFING = Schema(
    "briefing",
    (
        Field("title", Text(), "title of the briefing", required=True),
        Field("subtitle", Text(), "subtitle"),
        Field("as_of", DateType(), "the date the briefing is current to", required=True),
        Field("authors", TextList(), "authors"),
        Field("language", Text(), "language of the briefing (BCP 47)"),
        Field("handling", Text(), "handling note shown on every page", required=True),
        Field("bluf", Markdown(), "bottom line up front (Markdown)", required=True),
        Field("key_judgments", NestedList(KEY_JUDGMENT), "3–5 key judgments", required=True),
        Field("topics", RefList("topic"), "topics, in reading order", required=True),
        Field("base_url", Url(), "public address of the site (for absolute links)"),
    ),
    BriefingInfo,
    "The briefing itself: title, as-of date, handling note, bottom line up front, key judgments, topic order.",
    fixed=(("kind", "briefing"),),
)
