"""What every page is rendered with: the :class:`Renderer`, and the build-wide :class:`RenderOptions`.

The renderer holds the read-only views of the briefing and its graph, which record what each page reads,
and the template environment. It renders one page from its :class:`~briefing.render.pagespec.PageSpec`,
whose builder (a function of its page kind, in :mod:`briefing.render.pages`) gives the template its
variables; templates see it as ``r``, for the helpers below.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from briefing.model import (
    CONFIDENCE_LEVELS,
    CREDIBILITY_GRADES,
    RELIABILITY_GRADES,
    Briefing,
    Claim,
    Event,
    Record,
    Topic,
)
from briefing.project import Project
from briefing.render import spacing, structured, syntax
from briefing.render.cache import RenderedPage, file_digest
from briefing.render.markdown import make_markdown
from briefing.render.pagespec import PageSpec
from briefing.render.templates import EVERY_TEMPLATE, TemplateReads
from briefing.render.tracking import WHOLE_TABLE, Recorder
from briefing.render.views import BriefingView, GraphView, TopicSummary

# The pages search indexes, and the type each result shows. Words are indexed where they were written: the
# pages of the records that hold them. The index pages (timeline, lists of sources, quotes, claims, people
# and places) only repeat those records' titles and first lines, so they are not indexed, nor are the
# sections of a page that quote other records ("Referred to by", "Where its words are cited", an entity's
# mentions): a result leads to the page where the words are the page's own.
SEARCHABLE = b"data-pagefind-body"  # in a page search indexes (base.html), on the element it indexes
SEARCH_TYPES = {
    "home.html": "Briefing",
    "topic.html": "Topic",
    "event.html": "Event",
    "entity.html": "Entity",
    "source.html": "Source",
    "quote.html": "Quote",
    "claim.html": "Claim",
}
ALWAYS = {("options", WHOLE_TABLE)}  # and the template files of the page (``templates``)


@dataclass(frozen=True)
class RenderOptions:
    """Build-wide choices that change pages: whether a PDF is part of this build, the document date."""

    with_pdf: bool = False
    document_date: str = ""


class Renderer:
    def __init__(
        self,
        briefing: Briefing,
        tables: dict[str, dict[str, Any]],
        project: Project,
        options: RenderOptions,
        env: jinja2.Environment,
        templates: TemplateReads,
    ) -> None:
        """``tables``: ``dependency_tables`` of the briefing and its graph, which pages read through views.
        ``templates``: the template files each page template reads (``template_reads``)."""
        self.project = project
        self.options = options
        self.env = env
        self.templates = templates
        self.recorder = Recorder()
        self.tables = tables
        self.briefing = BriefingView(self.tables, briefing.info, self.recorder)
        self.graph = GraphView(self.tables, self.recorder)
        self.markdown = make_markdown()

    # -- one page

    def render_page(self, spec: PageSpec) -> RenderedPage:
        """The page, its template's output spaced (``spacing``: no "When1945" in search snippets) and encoded
        a group of pieces at a time, into one buffer: never the whole page as a string, its spaced copy and
        their bytes at once. The print view is the whole briefing (4.6 MB at 1,000 sources, 46 MB at
        10,000); most others are one group (under 64k characters), spaced and encoded as fast as a whole
        string was (measured on every page at 1,000 sources), so every page takes this one path."""
        self.recorder.reads = set()
        variables = spec.builder(self) if spec.key is None else spec.builder(self, spec.key)
        ctx = spec.context(spec.path, self)
        pieces = self.env.get_template(spec.template).generate(
            ctx=ctx,
            briefing=self.briefing,
            info=self.briefing.info,
            graph=self.graph,
            r=self,
            confidence_levels=CONFIDENCE_LEVELS,
            credibility_grades=CREDIBILITY_GRADES,
            reliability_grades=RELIABILITY_GRADES,
            document_date=self.options.document_date,
            pdf=self.options.with_pdf,
            search=self.search_facets(spec.template, variables.get("record")),
            **variables,
        )
        buffer = io.BytesIO()
        for part in spacing.separate_blocks_streamed(pieces):
            buffer.write(part.encode("utf-8"))
        data = buffer.getvalue()  # the buffer's own bytes, not a copy
        reads = self.recorder.reads | ALWAYS | self.templates.of.get(spec.template, EVERY_TEMPLATE)
        return RenderedPage(frozenset(reads), data, file_digest(data), SEARCHABLE in data)

    # -- helpers for templates (``r``) and page builders

    def source_data(self, record: Record) -> dict[str, Any]:
        """The record as written (its YAML lines), highlighted, for the "source data" view."""
        lines = self.briefing.source_lines[record.id]
        return {
            "path": lines.path,
            "start": lines.start,
            "end": lines.start + lines.text.count("\n") - 1,
            "html": Markup(syntax.highlight_yaml(lines.text, lines.start)),
        }

    def search_facets(self, template: str, record: Record | None) -> dict[str, Any] | None:
        """How the page is indexed for search: its type and topics (None: not indexed)."""
        kind = SEARCH_TYPES.get(template)
        if kind is None:
            return None
        if template == "entity.html" and record is not None:
            kind = record.kind.capitalize()
        topics: list[str] = []
        if isinstance(record, Topic):
            topics = [record.title]
        elif isinstance(record, Event):
            topics = [t.title for t in self.topics_of(record)]
        elif isinstance(record, Claim):
            topics = [
                self.briefing.topic_summaries[r.id].title
                for r in record.topics
                if r.id in self.briefing.topic_summaries
            ]
        return {"type": kind, "topics": topics}

    def json_ld(self, record: Record | None) -> Markup:
        return structured.json_ld(record, self.briefing)

    def description(self, record: Record | None) -> str:
        return structured.description(record, self.briefing)

    def topics_of(self, event: Event) -> list[TopicSummary]:
        return [self.briefing.topic_summaries[t] for t in self.graph.index.topics_of_event.get(event.id, [])]

    def records(self, table: str, ids: list[str]) -> list[Any]:
        lookup = getattr(self.briefing, table)
        return [lookup[record_id] for record_id in ids if record_id in lookup]

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
        return files
