"""Machine-readable outputs: briefing.json, sources as CSL-JSON, the Atom feed, sitemap.xml, robots.txt.

Like pages, they are produced in memory and written by the write stage, so
they are part of the same all-or-nothing build. ``briefing.json`` follows
``schemas/briefing.schema.json`` (checked by the tests).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from briefing.byline import csl_names
from briefing.chronology import chronological, not_after, period_end, period_start
from briefing.editions import changes_of
from briefing.link import Graph
from briefing.model import Briefing, Event, Evidence, FuzzyDate, Source, TextQuote
from briefing.origins import resolve
from briefing.render.urls import raw_capture_path, record_path

SCHEMA_URL = "https://briefing.invalid/schemas/briefing.schema.json"


def exports(briefing: Briefing, graph: Graph, pages: list[str]) -> dict[str, bytes]:
    files = {
        "briefing.json": _json(briefing_document(briefing, graph)),
        "sources.csl.json": _json(csl_items(briefing)),
        "feed.xml": atom_feed(briefing, graph).encode("utf-8"),
        "robots.txt": robots(briefing).encode("utf-8"),
    }
    if briefing.info.base_url:
        files["sitemap.xml"] = sitemap(briefing.info.base_url, pages).encode("utf-8")
    return files


def _json(value: Any) -> bytes:
    """Compact JSON (with an indent, json.dumps falls back from its C encoder to Python, ten times slower),
    made a part at a time: a list given as an iterator (the records of ``briefing_document``) is encoded
    item by item, so that one record's document is made, encoded and let go before the next. Whole, the
    document of a 1,000-source briefing held 14 MB while it was encoded, more than any other part of the
    build's render stage."""
    parts: list[str] = []
    _encode(value, parts.append)
    parts.append("\n")
    return "".join(parts).encode("utf-8")


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _encode(value: Any, out: Callable[[str], None]) -> None:
    if isinstance(value, dict):
        out("{")
        for number, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys here are strings, not {key!r}")
            out(f"{',' if number else ''}{_dumps(key)}:")
            _encode(item, out)
        out("}")
    elif isinstance(value, Iterator):
        out("[")
        for number, item in enumerate(value):
            out(f"{',' if number else ''}{_dumps(item)}")
        out("]")
    else:
        out(_dumps(value))


def _date(value: FuzzyDate) -> dict[str, str]:
    return {"value": value.iso(), "precision": value.precision}


def _selector(item: TextQuote, briefing: Briefing) -> dict[str, Any]:
    result: dict[str, Any] = {"source": item.source.id, "quote": item.quote}
    if item.span is not None:
        block = briefing.sources[item.span.source_id].blocks[item.span.block]
        result["paragraph"] = block.anchor
        result["anchor"] = item.span.anchor
        result["url"] = f"{record_path(briefing.sources[item.source.id])}#{item.span.anchor}"
    if isinstance(item, Evidence):
        if item.credibility is not None:
            result["credibility"] = item.credibility
        origin = resolve(item, briefing.sources[item.source.id])
        if origin is not None:
            result["origin"] = {"wires": list(origin.wires), "own_reporting": bool(origin.own), "stated_in": origin.how}
    if item.note:
        result["note"] = item.note
    return result


def _ids(refs: list[Any]) -> list[str]:
    return [ref.id for ref in refs]


def briefing_document(briefing: Briefing, graph: Graph) -> dict[str, Any]:
    """Every record with its id, page, relations and evidence (selectors located in the sources); the lists of
    records are iterators, for ``_json`` to encode one record at a time."""
    info = briefing.info
    changes = changes_of(briefing, graph)
    return {
        "$schema": SCHEMA_URL,
        "previous_edition": {"as_of": changes.since.iso(), "path": changes.path} if changes else None,
        "changes": changes.document() if changes else None,
        "briefing": {
            "title": info.title,
            "subtitle": info.subtitle,
            "as_of": info.as_of.iso(),
            "authors": info.authors,
            "language": info.language,
            "handling": info.handling,
            "bluf": str(info.bluf or ""),
            "flags": graph.flags.get("briefing", []),
            "bluf_confidence": info.bluf_confidence or None,
            "key_judgments": [
                {
                    "id": j.id,
                    "judgment": str(j.judgment or ""),
                    "confidence": j.confidence,
                    "claims": _ids(j.claims),
                    "flags": graph.flags.get(j.id, []),
                    "page": record_path(j),
                }
                for j in info.key_judgments
            ],
            "assumptions": [
                {
                    "id": a.id,
                    "assumption": str(a.assumption),
                    "judgments": _ids(a.judgments),
                    "flags": graph.flags.get(a.id, []),
                    "page": record_path(a),
                }
                for a in info.assumptions
            ],
            "alternatives": [
                {
                    "id": a.id,
                    "alternative": str(a.alternative),
                    "why_less_likely": str(a.why_less_likely),
                    "would_be_right_if": str(a.would_be_right_if),
                    "judgments": _ids(a.judgments),
                    "flags": graph.flags.get(a.id, []),
                    "page": record_path(a),
                }
                for a in info.alternatives
            ],
            "indicators": [
                {
                    "id": i.id,
                    "indicator": str(i.indicator),
                    "would_mean": str(i.would_mean or ""),
                    "judgments": _ids(i.judgments),
                    "flags": graph.flags.get(i.id, []),
                    "page": record_path(i),
                }
                for i in info.indicators
            ],
            "topics": _ids(info.topics),
        },
        "sources": (_source(s) for s in sorted(briefing.sources.values(), key=lambda s: s.id)),
        "entities": (
            {
                "id": e.id,
                "kind": e.kind,
                "name": e.name,
                "aliases": e.aliases,
                "description": str(e.description or ""),
                "country": e.country.id if e.country else None,
                "roles": [
                    {
                        "title": r.title,
                        "organization": r.organization.id if r.organization else None,
                        "from": r.start.iso() if r.start else None,
                        "until": r.until.iso() if r.until else None,
                    }
                    for r in e.roles
                ],
                "page": record_path(e),
                "mentioned_in": sorted({m.source_id for m in graph.mentions.get(e.id, [])}),
            }
            for e in sorted(briefing.entities.values(), key=lambda e: e.id)
        ),
        "events": (
            {
                "id": e.id,
                "title": e.title,
                "kind": e.event_kind,
                "date": _date(e.date),
                "date_note": e.date_note or None,
                "status": e.status,
                "place": e.place.id if e.place else None,
                "participants": _ids(e.participants),
                "topics": _ids(e.topics),
                "summary": str(e.summary or ""),
                "evidence": [_selector(item, briefing) for item in e.evidence],
                "flags": graph.flags.get(e.id, []),
                "page": record_path(e),
            }
            for e in graph.timeline
        ),
        "quotes": (
            {
                "id": q.id,
                "speaker": q.speaker.id if q.speaker else None,
                "occasion": q.occasion.id if q.occasion else None,
                "language": q.language or None,
                "renderings": [_selector(item, briefing) for item in q.renderings],
                "flags": graph.flags.get(q.id, []),
                "page": record_path(q),
            }
            for q in sorted(briefing.quotes.values(), key=lambda q: q.id)
        ),
        "claims": (
            {
                "id": c.id,
                "statement": c.statement,
                "topics": _ids(c.topics),
                "about": _ids(c.about),
                "confidence": c.confidence,
                "evidence": [_selector(item, briefing) for item in c.evidence],
                "contradicting": [_selector(item, briefing) for item in c.contradicting],
                "independent_origins": graph.support[c.id].independent,
                "origins": [
                    {"wires": list(group.wires), "own_reporting": bool(group.own), "sources": list(group.relayed_by)}
                    for group in graph.support[c.id].origins
                ],
                "flags": graph.flags.get(c.id, []),
                "page": record_path(c),
            }
            for c in sorted(briefing.claims.values(), key=lambda c: c.id)
        ),
        "topics": (
            {
                "id": t.id,
                "title": t.title,
                "summary": t.summary,
                "entities": _ids(t.entities),
                "events": _ids(t.events),
                "flags": graph.flags.get(t.id, []),
                "page": record_path(t),
            }
            for t in briefing.topic_order()
        ),
    }


def _source(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "standfirst": source.standfirst,
        "publisher": source.publisher,
        "byline": source.byline,
        "published": {**_date(source.published), "evidence": source.published_evidence, "note": source.published_note},
        "url": source.url or None,
        "language": source.language,
        "wire_services": _ids(source.wire_services),
        "raw": {"path": raw_capture_path(source.id), "sha256": source.sha256},
        "removed": [{"text": r.text, "reason": r.reason} for r in source.removed],
        "grading": {"reliability": source.grading.reliability, "note": source.grading.note} if source.grading else None,
        "status": source.status,
        "paragraphs": len(source.paragraphs),
        "page": record_path(source),
    }


def csl_items(briefing: Briefing) -> list[dict[str, Any]]:
    """The sources as CSL-JSON (what Zotero and other citation managers import)."""
    items = []
    for source in sorted(briefing.sources.values(), key=lambda s: s.id):
        date = [source.published.year] + ([source.published.month] if source.published.month else [])
        date += [source.published.day] if source.published.day else []
        item: dict[str, Any] = {
            "id": source.id,
            "type": "article-newspaper",
            "title": source.title,
            "container-title": source.publisher,
            "issued": {"date-parts": [date]},
            "language": source.language,
        }
        if source.byline:
            item["author"] = csl_names(source.byline)
        if source.url:
            item["URL"] = source.url
        if source.standfirst:
            item["abstract"] = source.standfirst
        items.append(item)
    return items


def _timestamp(value: dt.date) -> str:
    return f"{value.isoformat()}T00:00:00Z"


def _event_day(event: Event, briefing: Briefing, edition: dt.date) -> dt.date:
    """An event's entry is dated by the end of its period (``briefing.chronology``), but never after the newest
    report of it (a meeting scheduled for next May was news when announced) nor after the edition."""
    reports = [briefing.sources[e.source.id].published for e in event.evidence if e.source.id in briefing.sources]
    newest = max((period_end(date) for date in reports), default=edition)
    return min(not_after(event.date, edition), newest)


def atom_feed(briefing: Briefing, graph: Graph) -> str:
    """Events and sources, newest first. The feed is updated on the edition's (as-of) date, and no entry is
    dated later. Without a base_url, links are relative to the feed."""
    info = briefing.info
    base = info.base_url.rstrip("/") + "/" if info.base_url else ""
    tag = f"tag:briefing.invalid,{info.as_of.year:04d}:"
    edition = period_start(info.as_of)
    entries = [
        (
            _event_day(e, briefing, edition),
            chronological(e.date),
            "event",
            e.id,
            e.title,
            _flagged(str(e.summary or e.title), graph.flags.get(e.id, [])),
            record_path(e),
        )
        for e in graph.timeline
    ]
    entries += [
        (
            not_after(s.published, edition),
            chronological(s.published),
            "source",
            s.id,
            _source_title(s),
            s.standfirst or s.title,
            record_path(s),
        )
        for s in briefing.sources.values()
    ]
    entries.sort(key=lambda entry: entry[:4], reverse=True)
    updated = _timestamp(edition)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{xml_escape(info.language or "en")}">',
        f"  <title>{xml_escape(info.title)}</title>",
        f"  <id>{tag}feed</id>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="alternate" href="{xml_escape(base)}index.html"/>',
        f'  <link rel="self" href="{xml_escape(base)}feed.xml"/>',
        f"  <author><name>{xml_escape(', '.join(info.authors) or info.title)}</name></author>",
    ]
    for day, _, kind, record_id, title, summary, path in entries:
        lines += [
            "  <entry>",
            f"    <title>{xml_escape(title)}</title>",
            f"    <id>{tag}{kind}/{record_id}</id>",
            f"    <updated>{_timestamp(day)}</updated>",
            f'    <link rel="alternate" href="{xml_escape(base + path)}"/>',
            f'    <category term="{kind}"/>',
            f"    <summary>{xml_escape(summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _flagged(summary: str, flags: list[str]) -> str:
    return " ".join([*(f"Warning: {flag}." for flag in flags), summary])


def _source_title(source: Source) -> str:
    status = f"[{source.status.capitalize()}] " if source.is_discredited else ""
    return f"{status}{source.publisher}: {source.title}"


def sitemap(base_url: str, pages: list[str]) -> str:
    base = base_url.rstrip("/") + "/"
    urls = "".join(
        f"  <url><loc>{xml_escape(base + page)}</loc></url>\n" for page in sorted(pages) if page != "404.html"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n"
    )


def robots(briefing: Briefing) -> str:
    text = "User-agent: *\nAllow: /\n"
    if briefing.info.base_url:
        text += f"Sitemap: {briefing.info.base_url.rstrip('/')}/sitemap.xml\n"
    return text
