"""The records of ``content/briefing.yaml`` besides the briefing itself, and the schema of that file.

Besides the bottom line up front (BLUF) and the key judgments, each with a
confidence level, a briefing states what its judgments assume, which other
readings of the evidence were weighed, and what to watch for that would
change a judgment (US Intelligence Community Directive 203, Analytic
Standards). Each of these is a record in the shared id namespace
(``BRIEFING_KINDS``), written as Markdown that may use ``[[id]]`` links and
``[@source, "exact words"]`` citations, and each names the key judgments it
bears on by their ids. They have no pages of their own: the home page and
the print view show them, and name them by their words (``short_name``).

The briefing itself (``BriefingInfo``) is declared here too, since it holds these records; the kinds of
its fields are those of :mod:`briefing.model`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefing.markup import short_form
from briefing.model import (
    CONFIDENCE_LEVELS,
    Choice,
    DateType,
    FuzzyDate,
    LocatedText,
    Markdown,
    NestedList,
    Record,
    Ref,
    RefList,
    Slug,
    Text,
    TextList,
    Url,
)
from briefing.model.declare import Form, key


def short_name(record: Record, name_of: Callable[[str], str | None] | None = None) -> str:
    """A record of briefing.yaml (``BRIEFING_KINDS``) named by the first clause of its main text, the field
    named as its kind (``judgment``, ``assumption``…); its ``[[id]]`` links by ``name_of`` (pages give the
    records' names). Readers never see its id."""
    text = getattr(record, record.kind, None)
    return short_form(text.text, name_of) if isinstance(text, LocatedText) else record.id


@dataclass(kw_only=True)
class KeyJudgment(Record):
    """A judgment the briefing stands on, resting on claims."""

    id: str = key(Slug(), "unique id, e.g. kj-talks-resume", required=True, default="")
    judgment: LocatedText | None = key(Markdown(), "the judgment (Markdown)", required=True, default=None)
    confidence: str = key(Choice(CONFIDENCE_LEVELS), "analytic confidence", required=True, default="moderate")
    claims: list[Ref] = key(RefList("claim"), "claims that support it", required=True, factory=list)

    @property
    def label(self) -> str:
        return short_name(self)


@dataclass(kw_only=True)
class Assumption(Record):
    """What the key judgments take for granted (ICD 203): if it fails, the judgments it underpins may too."""

    id: str = key(Slug(), "unique id, e.g. asm-leaders-stay", required=True, default="")
    assumption: LocatedText | None = key(
        Markdown(), "what the key judgments take for granted (Markdown)", required=True, default=None
    )
    judgments: list[Ref] = key(
        RefList("judgment"), "ids of the key judgments it underpins", required=True, factory=list
    )

    @property
    def label(self) -> str:
        return short_name(self)


@dataclass(kw_only=True)
class Alternative(Record):
    """Another reading of the evidence that was weighed, why it is less likely, and when it would be right."""

    id: str = key(Slug(), "unique id, e.g. alt-talks-collapse", required=True, default="")
    alternative: LocatedText | None = key(
        Markdown(), "the other reading of the evidence (Markdown)", required=True, default=None
    )
    why_less_likely: LocatedText | None = key(
        Markdown(), "why the key judgments prefer another reading (Markdown)", required=True, default=None
    )
    would_be_right_if: LocatedText | None = key(
        Markdown(), "what would make this reading the right one (Markdown)", required=True, default=None
    )
    judgments: list[Ref] = key(RefList("judgment"), "ids of the key judgments it is an alternative to", factory=list)

    @property
    def label(self) -> str:
        return short_name(self)


@dataclass(kw_only=True)
class Indicator(Record):
    """Something to watch for that would change a key judgment, and what seeing it would mean."""

    id: str = key(Slug(), "unique id, e.g. ind-date-announced", required=True, default="")
    indicator: LocatedText | None = key(Markdown(), "what to watch for (Markdown)", required=True, default=None)
    judgments: list[Ref] = key(RefList("judgment"), "ids of the key judgments it bears on", required=True, factory=list)
    would_mean: LocatedText | None = key(
        Markdown(), "what seeing it would do to those judgments (Markdown)", default=None
    )

    @property
    def label(self) -> str:
        return short_name(self)


KEY_JUDGMENT = Form("key judgment", KeyJudgment, fixed=(("kind", "judgment"),))
ASSUMPTION = Form(
    "assumption",
    Assumption,
    "Something the key judgments take for granted: if it fails, they need another look.",
    fixed=(("kind", "assumption"),),
)
ALTERNATIVE = Form(
    "alternative",
    Alternative,
    "Another reading of the evidence that was weighed and found less likely.",
    fixed=(("kind", "alternative"),),
)
INDICATOR = Form(
    "indicator",
    Indicator,
    "Something to watch for that would strengthen, weaken or overturn a key judgment.",
    fixed=(("kind", "indicator"),),
)


@dataclass(kw_only=True)
class BriefingInfo(Record):
    """The briefing itself: title, as-of date, handling note, bottom line up front, key judgments, the
    assumptions, alternatives and indicators around them, topic order."""

    title: str = key(Text(), "title of the briefing", required=True, default="")
    subtitle: str = key(Text(), "subtitle", default="")
    as_of: FuzzyDate = key(
        DateType(), "the date the briefing is current to", required=True, factory=lambda: FuzzyDate(1)
    )
    authors: list[str] = key(TextList(), "authors", factory=list)
    language: str = key(Text(), "language of the briefing (BCP 47)", default="en")
    handling: str = key(Text(), "handling note shown on every page", required=True, default="")
    bluf: LocatedText | None = key(Markdown(), "bottom line up front (Markdown)", required=True, default=None)
    bluf_confidence: str = key(
        Choice(CONFIDENCE_LEVELS),
        "analytic confidence in the bottom line, shown beside it (warned if missing and the BLUF "
        "does not say it in words)",
        default="",
    )
    key_judgments: list[KeyJudgment] = key(
        NestedList(KEY_JUDGMENT),
        "the judgments the briefing stands on, one or more: a finished briefing usually has 3 to 5, "
        "each resting on claims",
        required=True,
        factory=list,
    )
    assumptions: list[Assumption] = key(
        NestedList(ASSUMPTION), "the key assumptions the judgments rest on", factory=list
    )
    alternatives: list[Alternative] = key(
        NestedList(ALTERNATIVE), "other readings of the evidence that were weighed", factory=list
    )
    indicators: list[Indicator] = key(
        NestedList(INDICATOR), "what to watch for that would change a judgment", factory=list
    )
    topics: list[Ref] = key(RefList("topic"), "topics, in reading order", required=True, factory=list)
    base_url: str = key(Url(), "public address of the site (for absolute links)", default="")
    previous_edition: str = key(
        Text(),
        "path, in the project folder, of an earlier build's briefing.json (e.g. editions/2017-08-15.json): "
        "the home page, print view and PDF then say what changed since that edition",
        default="",
    )  # see briefing.editions

    def analytic_records(self) -> list[Record]:
        """The records of briefing.yaml, in the order the home page shows them (kinds: ``BRIEFING_KINDS``)."""
        return [*self.key_judgments, *self.assumptions, *self.alternatives, *self.indicators]


BRIEFING = Form("briefing", BriefingInfo, BriefingInfo.__doc__, fixed=(("kind", "briefing"),))
