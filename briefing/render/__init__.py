"""Stage 4 — render: every page of the site, as bytes in memory.

Templates are Jinja2 with autoescaping on, so anything that came from
content (``{{ … }}``, ``<script>``) is shown as text. A project's own
``templates/`` folder overrides any default template or static file by name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from briefing.diagnostics import Diagnostics, Location
from briefing.link import Graph
from briefing.model import (
    CONFIDENCE_LEVELS,
    CREDIBILITY_GRADES,
    RELIABILITY_GRADES,
    Briefing,
    Claim,
    Entity,
    Event,
    FuzzyDate,
    Quote,
    Record,
    Source,
    Span,
    Topic,
)
from briefing.project import Project
from briefing.render import syntax
from briefing.render.context import PageContext
from briefing.render.markdown import make_markdown
from briefing.render.sourcetext import cited_span, mention_link, render_intervals
from briefing.render.urls import record_path, relative
from briefing.textmatch import squash

ENTITY_SECTIONS = (
    ("person", "People"),
    ("country", "Countries"),
    ("organization", "Organizations"),
    ("place", "Places"),
)


@dataclass
class Site:
    """The built site: output path → bytes."""

    files: dict[str, bytes] = field(default_factory=dict)


def render(briefing: Briefing, graph: Graph, project: Project, diagnostics: Diagnostics) -> Site:
    renderer = Renderer(briefing, graph, project)
    site = Site()
    for path, template, variables in renderer.pages():
        try:
            site.files[path] = renderer.render_page(path, template, variables).encode("utf-8")
        except jinja2.TemplateError as exc:
            diagnostics.error(
                _template_location(exc, project),
                "template-error",
                f"{type(exc).__name__}: {exc}",
                f"while rendering {path}",
            )
    site.files.update(renderer.static_files())
    return site


def _template_location(exc: jinja2.TemplateError, project: Project) -> Location:
    """The template file and line of an error: from the exception for syntax errors, else from the traceback."""
    name = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None) or 0
    if not name:
        template_dirs = tuple(str(d) for d in project.template_dirs)
        trace = exc.__traceback__
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            if filename.startswith(template_dirs):
                name, line = filename, trace.tb_lineno
            trace = trace.tb_next
    if not name:
        return Location("templates")
    path = Path(name)
    for folder in project.template_dirs:
        if path.is_relative_to(folder):
            shown = (
                project.display(path) if path.is_relative_to(project.root) else f"templates/{path.relative_to(folder)}"
            )
            return Location(shown, line)
    return Location(str(name), line)


class Renderer:
    def __init__(self, briefing: Briefing, graph: Graph, project: Project) -> None:
        self.briefing = briefing
        self.graph = graph
        self.project = project
        self.markdown = make_markdown()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in project.template_dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["date"] = lambda value: value.human() if isinstance(value, FuzzyDate) else value
        self._citation_spans = {
            (c.source.id, squash(c.quote)): c.span for c in briefing.citations if c.quote and c.span
        }
        self.topics_of_event = self._topics_of_events()

    # -- shared look-ups

    def citation_span(self, source_id: str, quote: str) -> Span | None:
        return self._citation_spans.get((source_id, squash(quote))) if quote else None

    def _topics_of_events(self) -> dict[str, list[Topic]]:
        result: dict[str, list[Topic]] = defaultdict(list)
        for topic in self.briefing.topic_order():
            for event in self.briefing.events.values():
                if any(r.id == topic.id for r in event.topics) or any(r.id == event.id for r in topic.events):
                    result[event.id].append(topic)
        return result

    def source_data(self, record: Record) -> dict[str, Any]:
        """The record as written (its YAML lines), highlighted, for the "source data" view."""
        text = self.briefing.files.get(record.location.path, "")
        start, end = record.lines
        if record.kind in ("source", "topic"):
            start, end = (
                2,
                max(2, record.body_line - 2 if isinstance(record, Source) else record.body.location.line - 2),
            )
        lines = text.splitlines()[start - 1 : end]
        return {
            "path": record.location.path,
            "start": start,
            "end": start + len(lines) - 1,
            "html": Markup(syntax.highlight_yaml("\n".join(lines) + "\n", start)),
        }

    # -- pages

    def render_page(self, path: str, template: str, variables: dict[str, Any]) -> str:
        ctx = PageContext(path, self)
        return self.env.get_template(template).render(
            ctx=ctx,
            briefing=self.briefing,
            info=self.briefing.info,
            graph=self.graph,
            r=self,
            confidence_levels=CONFIDENCE_LEVELS,
            credibility_grades=CREDIBILITY_GRADES,
            reliability_grades=RELIABILITY_GRADES,
            **variables,
        )

    def pages(self) -> list[tuple[str, str, dict[str, Any]]]:
        b = self.briefing
        pages: list[tuple[str, str, dict[str, Any]]] = [
            ("index.html", "home.html", self._home()),
            ("timeline.html", "timeline.html", {"events": self.graph.timeline}),
            ("entities/index.html", "entities.html", {"sections": self._entity_sections()}),
            ("sources/index.html", "sources.html", {"sources": self.sources_by_date()}),
            ("quotes/index.html", "quotes.html", {"quotes": self.quotes_in_order()}),
            ("claims/index.html", "claims.html", self._matrix()),
        ]
        for topic in b.topic_order():
            pages.append((record_path(topic), "topic.html", self._topic(topic)))
        for event in self.graph.timeline:
            pages.append((record_path(event), "event.html", self._event(event)))
        for entity in sorted(b.entities.values(), key=lambda e: e.id):
            pages.append((record_path(entity), "entity.html", self._entity(entity)))
        for source in sorted(b.sources.values(), key=lambda s: s.id):
            pages.append((record_path(source), "source.html", self._source(source)))
        for quote in sorted(b.quotes.values(), key=lambda q: q.id):
            speaker = b.record(quote.speaker.id) if quote.speaker else None
            pages.append((record_path(quote), "quote.html", {"quote": quote, "record": quote, "speaker": speaker}))
        for claim in sorted(b.claims.values(), key=lambda c: c.id):
            pages.append((record_path(claim), "claim.html", self._claim(claim)))
        return pages

    def _home(self) -> dict[str, Any]:
        happened = [e for e in self.graph.timeline if e.status == "happened"]
        scheduled = [e for e in self.graph.timeline if e.status == "scheduled"]
        return {"latest": list(reversed(happened[-6:])), "upcoming": scheduled, "sources": self.sources_by_date()}

    def sources_by_date(self) -> list[Source]:
        return sorted(self.briefing.sources.values(), key=lambda s: (s.published, s.id))

    def quotes_in_order(self) -> list[Quote]:
        def key(quote: Quote) -> tuple:
            event = self.briefing.events.get(quote.occasion.id) if quote.occasion else None
            return (event.date if event else FuzzyDate(9999), quote.id)

        return sorted(self.briefing.quotes.values(), key=key)

    def _entity_sections(self) -> list[tuple[str, list[Entity]]]:
        entities = sorted(self.briefing.entities.values(), key=lambda e: e.name.lower())
        return [(title, [e for e in entities if e.kind == kind]) for kind, title in ENTITY_SECTIONS]

    def _matrix(self) -> dict[str, Any]:
        claims = sorted(self.briefing.claims.values(), key=lambda c: (self._claim_topic_rank(c), c.id))
        used = {e.source.id for c in claims for e in (*c.evidence, *c.contradicting)}
        sources = [s for s in self.sources_by_date() if s.id in used]
        return {"claims": claims, "sources": sources}

    def _claim_topic_rank(self, claim: Claim) -> int:
        order = [t.id for t in self.briefing.topic_order()]
        ranks = [order.index(r.id) for r in claim.topics if r.id in order]
        return min(ranks) if ranks else len(order)

    def claims_for(self, topic: Topic) -> list[Claim]:
        return sorted(
            (c for c in self.briefing.claims.values() if any(r.id == topic.id for r in c.topics)), key=lambda c: c.id
        )

    def _topic(self, topic: Topic) -> dict[str, Any]:
        b = self.briefing
        events = [e for e in self.graph.timeline if topic in self.topics_of_event.get(e.id, [])]
        event_ids = {e.id for e in events}
        claims = self.claims_for(topic)
        quotes = [q for q in self.quotes_in_order() if q.occasion and q.occasion.id in event_ids]
        entity_ids = [r.id for r in topic.entities]
        for event in events:
            entity_ids += [r.id for r in event.participants] + ([event.place.id] if event.place else [])
        entities = [b.entities[i] for i in dict.fromkeys(entity_ids) if i in b.entities]
        source_ids = {c.source.id for c in b.citations if c.owner == topic.id}
        source_ids |= {e.source.id for c in claims for e in (*c.evidence, *c.contradicting)}
        source_ids |= {e.source.id for ev in events for e in ev.evidence}
        sources = [s for s in self.sources_by_date() if s.id in source_ids]
        return {
            "topic": topic,
            "record": topic,
            "events": events,
            "claims": claims,
            "quotes": quotes,
            "entities": entities,
            "sources": sources,
        }

    def _event(self, event: Event) -> dict[str, Any]:
        b = self.briefing
        previous, following = self.graph.neighbours(event)
        quotes = [q for q in b.quotes.values() if q.occasion and q.occasion.id == event.id]
        claims = sorted((c for c in b.claims.values() if any(r.id == event.id for r in c.about)), key=lambda c: c.id)
        return {
            "event": event,
            "record": event,
            "previous": previous,
            "next": following,
            "quotes": quotes,
            "claims": claims,
            "topics": self.topics_of_event.get(event.id, []),
        }

    def _entity(self, entity: Entity) -> dict[str, Any]:
        b = self.briefing
        events = [
            e
            for e in self.graph.timeline
            if any(r.id == entity.id for r in e.participants) or (e.place and e.place.id == entity.id)
        ]
        quotes = [q for q in self.quotes_in_order() if q.speaker and q.speaker.id == entity.id]
        claims = sorted((c for c in b.claims.values() if any(r.id == entity.id for r in c.about)), key=lambda c: c.id)
        mentions: dict[str, list] = defaultdict(list)
        for mention in self.graph.mentions.get(entity.id, []):
            if mention.sentence not in [m.sentence for m in mentions[mention.source_id]]:
                mentions[mention.source_id].append(mention)
        by_source = [(b.sources[sid], items) for sid, items in sorted(mentions.items())]
        members = sorted(
            (e for e in b.entities.values() if e.country and e.country.id == entity.id), key=lambda e: e.name
        )
        return {
            "entity": entity,
            "record": entity,
            "events": events,
            "quotes": quotes,
            "claims": claims,
            "mentions": by_source,
            "members": members,
        }

    def _source(self, source: Source) -> dict[str, Any]:
        return {"source": source, "record": source, "paragraphs": self.source_paragraphs(source)}

    def source_paragraphs(self, source: Source) -> list[dict[str, Any]]:
        """Each block of a source with its highlights and mention links, ready for the template."""
        highlights = self.graph.highlights.get(source.id, [])
        mentions = self.graph.mentions_by_source.get(source.id, [])
        result = []
        for index, block in enumerate(source.blocks):
            here = [h for h in highlights if h.span.block == index]
            intervals = [
                cited_span(h.span.start, h.span.end, h.span.anchor, "cited by " + ", ".join(h.cited_by)) for h in here
            ]
            for mention in mentions:
                if mention.block == index:
                    entity = self.briefing.entities[mention.entity_id]
                    intervals.append(
                        mention_link(
                            mention.start, mention.end, relative(record_path(source), record_path(entity)), entity.name
                        )
                    )
            result.append({"block": block, "html": render_intervals(block.text, intervals), "highlights": here})
        return result

    def _claim(self, claim: Claim) -> dict[str, Any]:
        judgments = [j for j in self.briefing.info.key_judgments if any(r.id == claim.id for r in j.claims)]
        return {"claim": claim, "record": claim, "support": self.graph.support[claim.id], "judgments": judgments}

    # -- static files

    def static_files(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for folder in reversed(self.project.template_dirs):
            static = folder / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file():
                        files[f"static/{path.relative_to(static).as_posix()}"] = path.read_bytes()
        files["static/pygments.css"] = syntax.stylesheet().encode("utf-8")
        for source in self.briefing.sources.values():
            raw = self.briefing.raw_texts.get(source.id)
            if raw is not None:
                files[raw_capture_path(source)] = (self.project.sources_dir / source.raw).read_bytes()
        return files


def raw_capture_path(source: Source) -> str:
    return f"sources/raw/{source.id}.txt"
