"""Warnings about analytic overreach: a briefing that claims more than its evidence carries (ICD 203).

Each lint is a warning at the file and line of the field it questions, with a hint. They run after the
link stage, since they need each claim's count of independent origins and each entity's mentions:

- a claim graded high with fewer than two independent origins;
- a key judgment more confident than every claim it rests on;
- credibility 1 ("confirmed by other sources") on a claim with one independent origin;
- an event whose date no piece of its evidence supports;
- an event still scheduled for a date before the as-of date (no source reports its outcome);
- an entity that no source names, and an alias that no source contains;
- a briefing without base_url, whose sitemap cannot be written.

``lint`` is written as queries (:mod:`briefing.incremental.queries`): each record's findings are reused while
the record and what its lints read (the records it names, the graph's entries for it) are the same objects.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from itertools import chain

from briefing.analytic import KeyJudgment
from briefing.chronology import is_overdue
from briefing.diagnostics import Diagnostic, Diagnostics, Location, Severity
from briefing.incremental.queries import Queries, own_id
from briefing.link import Graph
from briefing.link.mentions import Mention
from briefing.link.support import Support
from briefing.model import CONFIDENCE_LEVELS, MONTH_NAMES, Briefing, Claim, Entity, Event, FuzzyDate, Source

_RANK = {level: len(CONFIDENCE_LEVELS) - index for index, level in enumerate(CONFIDENCE_LEVELS)}  # high = 3


def lint(briefing: Briefing, graph: Graph, diagnostics: Diagnostics, queries: Queries | None = None) -> None:
    """Add the lints' warnings to ``diagnostics``. ``queries``: those of the last briefing linted, whose
    findings are reused where what they were made from is the same; a new one lints every record."""
    q = queries or Queries()
    claims, sources, as_of = briefing.claims, briefing.sources, briefing.info.as_of
    judgments = {judgment.id: judgment for judgment in briefing.info.key_judgments}
    tables = {"claims": claims, "judgments": judgments, "events": briefing.events, "entities": briefing.entities}
    tables.update(sources=sources, support=graph.support, mentions=graph.mentions, backlinks=graph.backlinks)
    q.begin(tables)

    def claim_findings(claim: Claim) -> list[Diagnostic]:
        support = graph.support.get(claim.id)
        return [] if support is None else _claim_findings(claim, support)

    def judgment_findings(judgment: KeyJudgment) -> list[Diagnostic]:
        return _judgment_findings(judgment, tuple(claims.get(ref.id) for ref in judgment.claims))

    def event_findings(event: Event) -> list[Diagnostic]:
        evidence = tuple(sources.get(item.source.id) for item in event.evidence)
        return [*_event_findings(event, evidence), *_overdue(event, as_of)]

    def name_findings(entity: Entity) -> list[Diagnostic]:
        mentions, cited = graph.mentions.get(entity.id), graph.backlinks.get(entity.id)
        return _name_findings(entity, mentions or [], bool(cited), sources)

    found = [
        q.per_record("claims", ("claims",), claim_findings, reads={"support": own_id}),
        q.per_record("judgments", ("judgments",), judgment_findings, reads={"claims": _judged_claims}),
        q.per_record("events", ("events",), event_findings, reads={"sources": _evidence_sources}, context=as_of),
        q.per_record("entities", ("entities",), name_findings, reads={"mentions": own_id, "backlinks": own_id}),
    ]
    for findings in found:
        diagnostics.extend(chain.from_iterable(findings.values()))
    diagnostics.extend(_export_findings(briefing))


def _judged_claims(judgment: KeyJudgment) -> list[str]:
    return [ref.id for ref in judgment.claims]


def _evidence_sources(event: Event) -> list[str]:
    return [item.source.id for item in event.evidence]


def _export_findings(briefing: Briefing) -> list[Diagnostic]:
    """What the exports will leave out: found here, so that `check` reports it as `build` does."""
    if briefing.info.base_url:
        return []
    return [
        _warning(
            Location(briefing.info.location.path or "content/briefing.yaml", 1),
            "no-sitemap",
            "sitemap.xml is not written: it needs absolute addresses and no base_url is set",
            "add 'base_url: https://…/' (where the site will be published) to content/briefing.yaml",
        )
    ]


def _warning(where: Location, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(where, code, message, hint, Severity.WARNING)


def _claim_findings(claim: Claim, support: Support) -> list[Diagnostic]:
    found = []
    if claim.confidence == "high" and support.independent < 2:
        found.append(
            _warning(
                claim.where("confidence"),
                "high-on-one-origin",
                f"claim '{claim.id}' is graded high confidence on {support.independent} independent origin"
                f"{'' if support.independent == 1 else 's'}",
                "high confidence needs several independent origins (docs/conventions.md): lower it to moderate, "
                "or add evidence from another origin",
            )
        )
    if support.independent == 1:
        for evidence in claim.evidence:
            if evidence.credibility == 1:
                found.append(
                    _warning(
                        evidence.field_locations.get("credibility", evidence.location),
                        "confirmed-on-one-origin",
                        f"credibility 1 (confirmed by other sources) on claim '{claim.id}', which has one origin",
                        "information is confirmed only by another independent origin: grade it 2 (probably true) "
                        "or lower, or add the confirming evidence",
                    )
                )
    return found


def _judgment_findings(judgment: KeyJudgment, claims: tuple[Claim | None, ...]) -> list[Diagnostic]:
    levels = [_RANK[claim.confidence] for claim in claims if claim is not None]
    if not levels or _RANK[judgment.confidence] <= max(levels):
        return []
    strongest = CONFIDENCE_LEVELS[len(CONFIDENCE_LEVELS) - max(levels)]
    return [
        _warning(
            judgment.where("confidence"),
            "judgment-above-its-claims",
            f"key judgment '{judgment.id}' is {judgment.confidence} confidence, above every claim it rests on "
            f"(at most {strongest})",
            f"lower it to {strongest}, or cite a claim that carries it",
        )
    ]


def _event_findings(event: Event, sources: tuple[Source | None, ...]) -> list[Diagnostic]:
    if event.date_note:
        return []  # the analyst says how the evidence dates it
    for evidence, source in zip(event.evidence, sources, strict=True):
        paragraph = source.blocks[evidence.span.block].text if source and evidence.span else None
        if paragraph is not None and dates_text(paragraph, event.date, source.published):
            return []
    return [
        _warning(
            event.where("date"),
            "date-unsupported",
            f"no evidence of event '{event.id}' gives its date, {event.date.human()}",
            "quote the words that date it (a paragraph that says 'on Thursday (27 April)', 'next May', '2009'), "
            "write the date at the precision the evidence gives, or say how it follows in 'date_note:'",
        )
    ]


def _overdue(event: Event, as_of: FuzzyDate) -> list[Diagnostic]:
    if not is_overdue(event, as_of):
        return []
    return [
        _warning(
            event.where("status"),
            "outcome-not-reported",
            f"event '{event.id}' was scheduled for {event.date.human()}, before the as-of date "
            f"{as_of.human()}, and no source reports its outcome",
            "if a source reports that it took place, quote it and set 'status: happened'; otherwise pages "
            "show it as 'scheduled; outcome not reported'",
        )
    ]


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+|\d+", text.lower()))


def dates_text(text: str, date: FuzzyDate, published: FuzzyDate) -> bool:
    """Whether ``text``, published on ``published``, gives ``date`` at its precision: its year; its month
    (named, in its year or the year after publication, as 'next May' is); its day (the day of the month
    beside the month's name, or a weekday within a week of publication that falls on it, 'today',
    'yesterday', 'tomorrow')."""
    words = _words(text)
    names = _month_names(date.month) if date.month else set()
    year_named = str(date.year) in words
    if not date.month:
        relative = {"last": published.year - 1, "this": published.year, "next": published.year + 1}
        said = {year for word, year in relative.items() if re.search(rf"\b{word} year\b", text, re.IGNORECASE)}
        return year_named or date.year in said
    month_named = _month_named(text, names)
    near_year = year_named or date.year in (published.year, published.year + 1)
    if not date.day:
        return month_named and near_year
    if month_named and near_year and _day_beside_month(text, date.day, names):
        return True
    return _relative_day(words, date, published)


def _month_names(month: int) -> set[str]:
    full = MONTH_NAMES[month - 1].lower()
    return {full, full[:3], "sept"} if month == 9 else {full, full[:3]}


def _month_named(text: str, names: set[str]) -> bool:
    """A month's name as a name: capitalised or in capitals ('May', 'MAY', 'Sept.'), so the verb 'may' is not."""
    spelled = "|".join(sorted({form for name in names for form in (name.capitalize(), name.upper())}, key=len))
    return re.search(rf"\b(?:{spelled})\b", text) is not None


def _day_beside_month(text: str, day: int, names: Iterable[str]) -> bool:
    month = "|".join(sorted({f for name in names for f in (name.capitalize(), name.upper())}, key=len, reverse=True))
    pattern = rf"\b{day}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{month})\b|\b(?:{month})\.?\s+{day}(?:st|nd|rd|th)?\b"
    return re.search(pattern, text) is not None


def _relative_day(words: set[str], date: FuzzyDate, published: FuzzyDate) -> bool:
    if not published.day:
        return False
    event_day = dt.date(date.year, date.month, date.day)
    offset = (event_day - dt.date(published.year, published.month, published.day)).days
    relative = {0: "today", -1: "yesterday", 1: "tomorrow"}
    if relative.get(offset) in words:
        return True
    return abs(offset) <= 7 and _WEEKDAYS[event_day.weekday()] in words


def _name_findings(
    entity: Entity, mentions: list[Mention], cited: bool, sources: dict[str, Source]
) -> list[Diagnostic]:
    """An entity that nothing refers to and no source's text names, by its name or an alias (a misspelt
    name, most likely); else each alias not within any text a mention of the entity matched (a longer
    name of it, such as 'US Secretary of State Rex Tillerson', contains the alias 'Tillerson')."""
    if not mentions and not cited and sources and not _named_in_headings(entity, sources):
        return [
            _warning(
                entity.where("name"),
                "entity-not-found",
                f"no source names '{entity.name}' ({entity.id}), by its name or an alias",
                "correct the name's spelling, or add the form the sources use to its aliases",
            )
        ]
    missing = set(entity.aliases)
    seen: set[str] = set()
    for mention in mentions:
        source = sources.get(mention.source_id)
        if source is None or mention.block >= len(source.blocks):
            continue
        text = source.blocks[mention.block].text[mention.start : mention.end]
        if text not in seen:
            seen.add(text)
            missing = {alias for alias in missing if not _contains(text, alias)}
            if not missing:
                return []
    return [
        _warning(
            entity.where("aliases"),
            "alias-not-found",
            f"no source contains the alias '{alias}' of '{entity.id}'",
            "aliases are matched case-sensitively on whole words: correct its spelling, or remove it",
        )
        for alias in sorted(missing)
    ]


def _named_in_headings(entity: Entity, sources: dict[str, Source]) -> bool:
    """Named by a source's title, standfirst, publisher or byline: the body is not the only place."""
    return any(
        _contains(text, name)
        for source in sources.values()
        for text in (source.title, source.standfirst, source.publisher, source.byline)
        for name in entity.names()
    )


def _contains(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None
