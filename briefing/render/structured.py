"""What a page says about itself to machines: JSON-LD (schema.org) and description / Open Graph meta."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from briefing.byline import csl_names, is_organisation
from briefing.model import Claim, Entity, Event, Quote, Record, Source, Topic
from briefing.render.urls import record_path

if TYPE_CHECKING:
    from briefing.render.views import BriefingView

ENTITY_TYPES = {"person": "Person", "organization": "Organization", "place": "Place", "country": "Country"}
SCHEDULED = "https://schema.org/EventScheduled"


def json_ld(record: Record | None, briefing: BriefingView) -> Markup:
    """A <script type="application/ld+json"> describing the page's record (or the briefing)."""
    data = {"@context": "https://schema.org", **_describe(record, briefing)}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def description(record: Record | None, briefing: BriefingView) -> str:
    """One line for <meta name="description"> and og:description."""
    info = briefing.info
    if isinstance(record, Source):
        return record.standfirst or f"{record.publisher}, {record.published.human()}"
    if isinstance(record, Event):
        return f"{record.event_kind.replace('-', ' ').capitalize()}, {record.date.human()}: {record.title}"
    if isinstance(record, Entity):
        return str(record.description) if record.description else f"{record.name} ({record.kind})"
    if isinstance(record, Topic):
        return record.summary
    if isinstance(record, Claim):
        return record.statement
    if isinstance(record, Quote):
        return record.label
    return info.subtitle or info.title


def _name(briefing: BriefingView, record_id: str | None) -> str | None:
    label = briefing.label(record_id) if record_id else None
    return label.label if label else None


def _agent(briefing: BriefingView, record_id: str | None) -> dict[str, Any] | None:
    """A person as a Person; an organisation, a country (its state) or anything else that acts as an
    Organization: what schema.org allows for an attendee, a creator or an author."""
    entity = briefing.entities.get(record_id) if record_id else None
    if entity is None:
        return None
    return {"@type": "Person" if entity.kind == "person" else "Organization", "name": entity.name}


def _author(name: dict[str, str]) -> dict[str, str]:
    """A CSL name (``briefing.byline``) as a schema.org Person, or an Organization for a literal."""
    if "literal" in name:
        kind = "Organization" if is_organisation(name["literal"]) else "Person"
        return {"@type": kind, "name": name["literal"]}
    family = " ".join(filter(None, (name.get("non-dropping-particle"), name["family"])))
    full = " ".join(filter(None, (name.get("given"), family, name.get("suffix"))))
    return {"@type": "Person", "name": full, "givenName": name.get("given", ""), "familyName": family}


def _quotation(quote: Quote, briefing: BriefingView) -> dict[str, Any]:
    """The first rendering as the Quotation's text, in the language of that rendering (its source's), which
    is the utterance's own language only when the source prints the original words."""
    first = quote.renderings[0] if quote.renderings else None
    data: dict[str, Any] = {"@type": "Quotation", "text": first.quote if first else "", "identifier": quote.id}
    speaker = _agent(briefing, quote.speaker.id if quote.speaker else None)
    if speaker:
        data["creator"] = data["spokenByCharacter"] = speaker
    source = briefing.sources.get(first.source.id) if first else None
    if source is not None:
        article = {"@type": "NewsArticle", "headline": source.title, "identifier": source.id}
        if briefing.info.base_url:
            article["@id"] = briefing.info.base_url.rstrip("/") + "/" + record_path(source)
        if source.url:
            article["url"] = source.url
        data["isBasedOn"] = article
        if source.language:
            data["inLanguage"] = source.language
    return data


def _describe(record: Record | None, briefing: BriefingView) -> dict[str, Any]:
    info = briefing.info
    if isinstance(record, Source):
        data: dict[str, Any] = {
            "@type": "NewsArticle",
            "headline": record.title,
            "datePublished": record.published.iso(),
            "publisher": {"@type": "Organization", "name": record.publisher},
            "inLanguage": record.language,
            "identifier": record.id,
        }
        if record.byline:
            data["author"] = [_author(name) for name in csl_names(record.byline)]
        if record.standfirst:
            data["description"] = record.standfirst
        if record.url:
            data["url"] = record.url
        return data
    if isinstance(record, Event):
        data = {"@type": "Event", "name": record.title, "startDate": record.date.iso(), "identifier": record.id}
        if record.status == "scheduled":
            data["eventStatus"] = SCHEDULED
        if record.place:
            data["location"] = {"@type": "Place", "name": _name(briefing, record.place.id)}
        attendees = [_agent(briefing, ref.id) for ref in record.participants]
        if any(attendees):
            data["attendee"] = [attendee for attendee in attendees if attendee]
        return data
    if isinstance(record, Entity):
        data = {"@type": ENTITY_TYPES[record.kind], "name": record.name, "identifier": record.id}
        others = [alias for alias in record.aliases if alias != record.name]
        if others:
            data["alternateName"] = others
        if record.roles:
            data["jobTitle"] = [role.title for role in record.roles]
        return data
    if isinstance(record, Quote):
        return _quotation(record, briefing)
    if isinstance(record, Claim):
        sources = {item.source.id for item in record.evidence}
        return {
            "@type": "Claim",
            "text": record.statement,
            "identifier": record.id,
            "appearance": [{"@type": "NewsArticle", "headline": _name(briefing, sid)} for sid in sorted(sources)],
        }
    if isinstance(record, Topic):
        return {"@type": "Article", "headline": record.title, "description": record.summary, "identifier": record.id}
    return {
        "@type": "Report",
        "name": info.title,
        "datePublished": info.as_of.iso(),
        "author": [{"@type": "Person", "name": author} for author in info.authors],
        "inLanguage": info.language or "en",
    }
