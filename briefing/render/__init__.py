"""Stage 4 — render: every page of the site, as bytes in memory.

Templates are Jinja2 with autoescaping on, so anything that came from
content (``{{ … }}``, ``<script>``) is shown as text. A project's own
``templates/`` folder overrides any default template or static file by name.

Each page is built from read-only views that record what it reads; given
the previous build's :class:`RenderCache`, a page whose inputs all have the
same digest as last time is reused instead of rendered again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup

from briefing.chronology import chronological, is_overdue, is_upcoming
from briefing.diagnostics import Diagnostics, Location
from briefing.export import exports
from briefing.link import Graph
from briefing.markup import citations
from briefing.memo import replaced_keys
from briefing.model import (
    CONFIDENCE_LEVELS,
    CREDIBILITY_GRADES,
    RELIABILITY_GRADES,
    Briefing,
    Claim,
    Entity,
    Event,
    Quote,
    Record,
    Source,
    Topic,
)
from briefing.origins import resolve
from briefing.progress import Progress
from briefing.project import Project
from briefing.render import sourcequotes, spacing, structured, syntax, wording
from briefing.render.context import NotFoundContext, PageContext, PrintContext
from briefing.render.markdown import make_markdown
from briefing.render.parallel import processes_for, render_pages
from briefing.render.quotelists import quotes_about, rendering_groups
from briefing.render.sourcequotes import citer
from briefing.render.sourcetext import cited_span, mention_link, render_intervals
from briefing.render.templates import ALL_TEMPLATES, EVERY_TEMPLATE, TEMPLATES_TABLE, TemplateReads, template_reads
from briefing.render.tracking import WHOLE_TABLE, Dependency, DependencyIndex, Digests, Recorder
from briefing.render.urls import record_path, relative
from briefing.render.views import (
    DIGEST_VIEWS,
    UPDATED_IN_PLACE,
    BriefingView,
    DerivedTables,
    GraphView,
    TopicSummary,
    dependency_tables,
)

ENTITY_SECTIONS = (
    ("person", "People"),
    ("country", "Countries"),
    ("organization", "Organizations"),
    ("place", "Places"),
)
SEARCH_TYPES = {
    "home.html": "Briefing",
    "topic.html": "Topic",
    "event.html": "Event",
    "entity.html": "Entity",
    "source.html": "Source",
    "quote.html": "Quote",
    "claim.html": "Claim",
    "timeline.html": "Index",
    "entities.html": "Index",
    "sources.html": "Index",
    "quotes.html": "Index",
    "claims.html": "Index",
}
ALWAYS = {("options", WHOLE_TABLE)}  # and the template files of the page (``templates``)
EXPORTS = "exports"  # the name under which a build may defer briefing.json, the CSL export, the feed and sitemap


@dataclass
class Site:
    """The built site: output path → bytes."""

    files: dict[str, bytes] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0
    processes: int = 1  # that rendered the pages: more than one when they were rendered in forked workers
    postponed: list[str] = field(default_factory=list)  # deferred pages whose previous version was kept
    _digests: dict[str, str] = field(default_factory=dict, repr=False)

    def digest(self, path: str) -> str:
        """A digest of one output file, computed once per build (files are added, never replaced)."""
        if path not in self._digests:
            self._digests[path] = file_digest(self.files[path])
        return self._digests[path]

    def digests(self) -> dict[str, str]:
        """The digest of every file, by path."""
        if len(self._digests) != len(self.files):
            for path in self.files.keys() - self._digests.keys():
                self.digest(path)
        return self._digests

    def add(self, path: str, data: bytes, digest: str) -> None:
        """Add a file whose digest is already known (a rendered page carries its own)."""
        self.files[path] = data
        self._digests[path] = digest

    def add_files(self, files: dict[str, bytes], digests: dict[str, str]) -> None:
        """Add files whose digests (``file_digests``) a cache kept with them."""
        self.files.update(files)
        self._digests.update(digests)


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digests(files: dict[str, bytes]) -> dict[str, str]:
    return {path: file_digest(data) for path, data in files.items()}


@dataclass(frozen=True)
class CachedPage:
    dependencies: frozenset[Dependency]
    data: bytes
    digest: str  # of data, as Site.digest gives it

    def sharing_dependencies(self, shared: dict[Dependency, Dependency]) -> CachedPage:
        """This page with each dependency as the one tuple ``shared`` holds for it. Pages read about fifty
        each, most of them read by many pages; rendered apart (and in other processes), each page would
        keep copies of its own: over a million tuples on a large briefing, all kept and saved."""
        dependencies = frozenset([shared.setdefault(dependency, dependency) for dependency in self.dependencies])
        return CachedPage(dependencies, self.data, self.digest)


@dataclass
class RenderState:
    """What a build rendered, to become the render cache once the build has succeeded (``RenderCache.commit``)."""

    pages: dict[str, CachedPage]
    rendered: dict[str, CachedPage]
    removed: list[str]
    changed: set[Dependency]
    postponed: set[str]
    exports: dict[str, bytes] = field(default_factory=dict)
    export_digests: dict[str, str] = field(default_factory=dict)
    specs: list[PageSpec] | None = None  # the page list, which ``files`` follows in order
    files: dict[str, bytes] = field(default_factory=dict)  # the pages' bytes, by path
    digests: dict[str, str] = field(default_factory=dict)


class RenderCache:
    """What rendering keeps between builds of one process: each page's inputs and bytes (``pages``), which
    pages read each input (``index``), and the template environment, whose compiled templates Jinja reuses
    until a template file changes."""

    def __init__(self) -> None:
        self.pages: dict[str, CachedPage] = {}
        self.index = DependencyIndex()
        self.digests = Digests(DIGEST_VIEWS, UPDATED_IN_PLACE)
        self.postponed: set[str] = set()  # pages kept stale by a deferred build: rendered by the next one
        self.exports: dict[str, bytes] = {}
        self.export_digests: dict[str, str] = {}
        # The raw texts by source as last added to the site, and their files' bytes and digests by path.
        self.raw_files: tuple[dict[str, str], dict[str, bytes], dict[str, str]] = ({}, {}, {})
        self.static: tuple[str, dict[str, bytes], dict[str, str]] | None = None  # by template digest: files, digests
        self.derived = DerivedTables()
        self.briefing: Briefing | None = None  # the one the derived tables and the page list were made for
        self.specs: list[PageSpec] = []
        # The page list the committed pages were made for, and the pages' bytes and digests in its order,
        # which a build with the same page list copies and updates instead of assembling page by page.
        self.committed_specs: list[PageSpec] | None = None
        self.spec_index: dict[str, int] = {}
        self.files: dict[str, bytes] = {}
        self.file_digests: dict[str, str] = {}
        # The template environment, what its page templates read, and the template folders and digest they
        # were made for.
        self._environment: tuple[jinja2.Environment, TemplateReads] | None = None
        self._environment_for: tuple[tuple[Path, ...], str] | None = None

    def environment(self, template_dirs: tuple[Path, ...], templates: str) -> tuple[jinja2.Environment, TemplateReads]:
        """An environment for these template folders, and the template files each page template reads;
        made again when ``templates`` (their digest) changes. Its templates are loaded once, without
        Jinja's check of each file's modification time whenever a page asks for it."""
        if self._environment is None or self._environment_for != (template_dirs, templates):
            env = _template_environment(template_dirs)
            pages = [name for name in env.list_templates(extensions=["html"]) if not name.startswith("static/")]
            self._environment = (env, template_reads(env, pages))
            self._environment_for = (template_dirs, templates)
        return self._environment

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the template environment, rebuilt from the template folders, nor the derived
        tables and encoded raw captures, which would only make a large file larger: the first build of a new
        process derives them again."""
        unpickled = {
            "_environment": None,
            "_environment_for": None,
            "derived": DerivedTables(),
            "raw_files": ({}, {}, {}),
        }
        unpickled |= {"briefing": None, "specs": [], "committed_specs": None, "spec_index": {}}
        unpickled |= {"files": {}, "file_digests": {}}
        return {**self.__dict__, **unpickled}

    def forget(self, path: str) -> None:
        """Drop one page, so the next build renders it."""
        page = self.pages.pop(path)
        self.index.forget(path, page.dependencies)
        self.committed_specs = None  # the pages no longer match the page list

    def commit(self, state: RenderState) -> None:
        """Keep a successful build's pages; a failed build leaves the cache as the last good build left it."""
        for path in (*state.removed, *state.rendered):
            previous = self.pages.get(path)
            if previous is not None:
                self.index.forget(path, previous.dependencies)
        for path, page in state.rendered.items():
            self.index.add(path, page.dependencies, self.digests)
        self.index.update(state.changed, self.digests)
        self.pages = state.pages
        self.postponed = state.postponed
        if state.specs is not self.committed_specs:
            self.spec_index = {spec.path: index for index, spec in enumerate(state.specs or [])}
        self.committed_specs, self.files, self.file_digests = state.specs, state.files, state.digests
        self.exports = state.exports
        self.export_digests = state.export_digests


def _template_environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=True,
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = lambda value: value.human() if hasattr(value, "human") else value
    env.filters["css_string"] = css_string
    env.globals["origin_of"] = resolve
    env.filters.update(wording.FILTERS)  # the reader's words for kinds, relations, languages (wording.py)
    env.globals.update(
        wording.GLOBALS, **sourcequotes.GLOBALS, rendering_groups=rendering_groups, is_overdue=is_overdue
    )
    return env


class PageSpec(NamedTuple):
    """One page of the site: where it goes, its template, and the ``Renderer`` method that gives its
    variables (called with ``key``, the record's id, if there is one).

    Plain data rather than a bound closure: a large briefing lists tens of thousands of pages on every
    build, most of which are reused without their builder ever being called.
    """

    path: str
    template: str
    builder: str
    key: str | None = None
    context: type[PageContext] = PageContext


@dataclass(frozen=True)
class RenderOptions:
    """Build-wide choices that change pages: whether a PDF is part of this build, the document date."""

    with_pdf: bool = False
    document_date: str = ""


def document_date(briefing: Briefing) -> str:
    """The date documents carry: SOURCE_DATE_EPOCH if set (reproducible builds), else the as-of date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return briefing.info.as_of.iso()


def render(
    briefing: Briefing,
    graph: Graph,
    project: Project,
    diagnostics: Diagnostics,
    cache: RenderCache | None = None,
    with_pdf: bool = False,
    deferred: frozenset[str] = frozenset(),
    progress: Progress | None = None,
    workers: int = 1,
    templates: str | None = None,
) -> tuple[Site, RenderState]:
    """Render every page, reusing pages of ``cache`` whose inputs did not change.

    ``templates`` is ``template_digest(project)``, if the caller has it already.

    Returns the site and what to keep in ``cache`` (``cache.commit``) once the site is written. Pages in
    ``deferred`` that have a previous version keep it even if stale (listed in ``Site.postponed``):
    ``serve`` shows a save in the other pages first, then renders these.
    """
    cache = cache or RenderCache()
    last, cache.briefing = cache.briefing, None  # set again once the tables and page list are this briefing's
    replaced = briefing.replaced_since(last)
    options = RenderOptions(with_pdf, document_date(briefing))
    tables = dependency_tables(
        briefing, graph, cache.derived, None if replaced is None else briefing.records_with(replaced)
    )
    templates = templates or template_digest(project)
    env, reads = cache.environment(project.template_dirs, templates)
    tables[TEMPLATES_TABLE] = reads.files
    renderer = Renderer(briefing, tables, project, options, env, reads.of)
    cache.digests.start(renderer.tables, {ALL_TEMPLATES: templates, "options": options})
    changed = cache.index.changed(cache.digests)
    stale = cache.index.affected(changed) | cache.postponed
    site = Site()
    if replaced is None or not replaced.isdisjoint(briefing.events):  # the same ids in the same order of events
        cache.specs = renderer.pages()
    specs = cache.specs
    cache.briefing = briefing
    state = RenderState({}, {}, [], changed, set())
    same_pages = specs is cache.committed_specs
    if same_pages:
        to_render = _pages_to_render_again(specs, cache, stale, deferred, state)
    else:
        to_render = _pages_to_render(specs, cache, stale, deferred, state)
    site.reused = len(state.pages) - len(state.postponed) - sum(spec.path in state.pages for spec in to_render)
    site.processes = processes_for(len(to_render), workers)
    outcomes = render_pages(partial(render_one, renderer), to_render, site.processes, progress or Progress())
    shared: dict[Dependency, Dependency] = {}
    for spec, outcome in zip(to_render, outcomes, strict=True):
        if isinstance(outcome, CachedPage):
            state.pages[spec.path] = state.rendered[spec.path] = outcome.sharing_dependencies(shared)
            site.rendered += 1
        else:
            diagnostics.error(*outcome)
    site.postponed = sorted(state.postponed)
    if same_pages:
        state.files, state.digests = dict(cache.files), dict(cache.file_digests)
        for path, page in state.rendered.items():
            state.files[path], state.digests[path] = page.data, page.digest
    else:
        state.files = {spec.path: page.data for spec in specs if (page := state.pages.get(spec.path)) is not None}
        state.digests = {path: state.pages[path].digest for path in state.files}
    state.specs = specs
    site.add_files(state.files, state.digests)
    if cache.static is None or cache.static[0] != templates:  # the template digest covers the static files
        static = renderer.static_files()
        cache.static = (templates, static, file_digests(static))
    site.add_files(cache.static[1], cache.static[2])
    _add_raw_captures(site, briefing.raw_texts, cache)
    if EXPORTS in deferred and cache.exports:
        state.exports, state.export_digests = cache.exports, cache.export_digests
        site.postponed.append(EXPORTS)
    else:
        state.exports = exports(briefing, graph, [path for path in site.files if path.endswith(".html")])
        state.export_digests = file_digests(state.exports)
    site.add_files(state.exports, state.export_digests)
    return site, state


def _pages_to_render(
    specs: list[PageSpec], cache: RenderCache, stale: set[str], deferred: frozenset[str], state: RenderState
) -> list[PageSpec]:
    """The pages to render, in page order; ``state.pages`` gets the cached pages kept as they are."""
    state.removed = sorted(set(cache.pages) - {spec.path for spec in specs})
    to_render: list[PageSpec] = []
    for spec in specs:
        cached = cache.pages.get(spec.path)
        if cached is not None and spec.path not in stale:
            state.pages[spec.path] = cached
        elif cached is not None and spec.path in deferred:
            state.pages[spec.path] = cached
            state.postponed.add(spec.path)
        else:
            to_render.append(spec)
    return to_render


def _pages_to_render_again(
    specs: list[PageSpec], cache: RenderCache, stale: set[str], deferred: frozenset[str], state: RenderState
) -> list[PageSpec]:
    """``_pages_to_render`` when the pages are those the cache holds (the last build's page list): only the
    stale pages are looked at, which on a large briefing is a handful of its tens of thousands."""
    state.pages = dict(cache.pages)
    to_render = []
    for path in stale:
        index = cache.spec_index.get(path)
        if index is None:  # a page that no longer exists, whose dependency changed
            continue
        if path in deferred:
            state.postponed.add(path)
        else:
            to_render.append(specs[index])
    return sorted(to_render, key=lambda spec: cache.spec_index[spec.path])


def _add_raw_captures(site: Site, raw_texts: dict[str, str], cache: RenderCache) -> None:
    """Each source's raw capture, as the load stage read (and checked as UTF-8) it; encoded and hashed
    again only when its text is a new object (load keeps the text of a file that did not change)."""
    last_texts, files, digests = cache.raw_files
    renewed = {f"sources/raw/{i}.txt": raw_texts[i] for i in replaced_keys(last_texts, raw_texts)}
    if list(last_texts) == list(raw_texts):
        files, digests = dict(files), dict(digests)
    else:  # sources added, removed or reordered: the files follow the sources' order
        paths = [f"sources/raw/{source_id}.txt" for source_id in raw_texts]
        files, digests = {path: files.get(path) for path in paths}, {path: digests.get(path) for path in paths}
    for path, text in renewed.items():
        files[path] = text.encode("utf-8")
        digests[path] = file_digest(files[path])
    cache.raw_files = (raw_texts, files, digests)
    site.add_files(files, digests)


TemplateProblem = tuple[Location, str, str, str]  # arguments of Diagnostics.error


def render_one(renderer: Renderer, spec: PageSpec) -> CachedPage | TemplateProblem:
    try:
        return renderer.render_page(spec)
    except jinja2.TemplateError as exc:
        return (
            _template_location(exc, renderer.project),
            "template-error",
            f"{type(exc).__name__}: {exc}",
            f"while rendering {spec.path}",
        )


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


def template_digest(project: Project) -> str:
    """One digest of every template and static file, in override order."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in project.template_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                hasher.update(f"{folder}\0{path.relative_to(folder)}\0".encode())
                hasher.update(path.read_bytes())
    return hasher.hexdigest()


class Renderer:
    def __init__(
        self,
        briefing: Briefing,
        tables: dict[str, dict[str, Any]],
        project: Project,
        options: RenderOptions,
        env: jinja2.Environment,
        templates_read: dict[str, frozenset[Dependency]],
    ) -> None:
        """``tables``: ``dependency_tables`` of the briefing and its graph, which pages read through views.
        ``templates_read``: by page template, its dependencies on template files (``template_reads``)."""
        self.project = project
        self.options = options
        self.env = env
        self.templates_read = templates_read
        self.recorder = Recorder()
        self.tables = tables
        self.briefing = BriefingView(self.tables, briefing.info, self.recorder)
        self.graph = GraphView(self.tables, self.recorder)
        self.markdown = make_markdown()

    # -- one page

    def render_page(self, spec: PageSpec) -> CachedPage:
        self.recorder.reads = set()
        builder = getattr(self, spec.builder)
        variables = builder() if spec.key is None else builder(spec.key)
        ctx = spec.context(spec.path, self)
        html = self.env.get_template(spec.template).render(
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
        data = spacing.separate_blocks(html).encode("utf-8")  # no "When1945" in search snippets
        reads = self.recorder.reads | ALWAYS | self.templates_read.get(spec.template, EVERY_TEMPLATE)
        return CachedPage(frozenset(reads), data, file_digest(data))

    # -- helpers for templates (``r``)

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

    def sources_by_date(self) -> list[Source]:
        return sorted(self.briefing.sources.values(), key=lambda s: (chronological(s.published), s.id))

    # -- the pages

    def pages(self) -> list[PageSpec]:
        """Every page of the site; each builder runs only if the page must be rendered.

        Which pages exist is read from the tables directly: it is not an input of any one page.
        """
        tables = self.tables
        ids = {name: sorted(tables[name]) for name in ("sources", "entities", "quotes", "claims")}
        pages = [
            PageSpec("index.html", "home.html", "_home"),
            PageSpec("timeline.html", "timeline.html", "_timeline"),
            PageSpec("entities/index.html", "entities.html", "_entity_sections"),
            PageSpec("sources/index.html", "sources.html", "_sources_index"),
            PageSpec("quotes/index.html", "quotes.html", "_quotes_index"),
            PageSpec("claims/index.html", "claims.html", "_matrix"),
            PageSpec("404.html", "404.html", "_nothing", context=NotFoundContext),
            PageSpec("print.html", "print.html", "_print", context=PrintContext),
            PageSpec("search.html", "search.html", "_nothing"),
        ]
        listed = [ref.id for ref in tables["info"]["topics"] if ref.id in tables["topics"]]
        for topic_id in listed + sorted(set(tables["topics"]) - set(listed)):
            pages.append(PageSpec(f"topics/{topic_id}.html", "topic.html", "_topic", topic_id))
        for event in tables["timeline"].values():
            pages.append(PageSpec(record_path(event), "event.html", "_event", event.id))
        pages += [PageSpec(f"entities/{i}.html", "entity.html", "_entity", i) for i in ids["entities"]]
        pages += [PageSpec(f"sources/{i}.html", "source.html", "_source", i) for i in ids["sources"]]
        pages += [PageSpec(f"quotes/{i}.html", "quote.html", "_quote", i) for i in ids["quotes"]]
        pages += [PageSpec(f"claims/{i}.html", "claim.html", "_claim", i) for i in ids["claims"]]
        return pages

    def _nothing(self) -> dict[str, Any]:
        return {}

    def _timeline(self) -> dict[str, Any]:
        return {"events": self.graph.timeline}

    def _sources_index(self) -> dict[str, Any]:
        return {"sources": self.sources_by_date()}

    def _home(self) -> dict[str, Any]:
        upcoming = [e for e in self.graph.timeline if is_upcoming(e, self.briefing.info.as_of)]  # none overdue
        past = [e for e in self.graph.timeline if e.id not in {u.id for u in upcoming}]
        return {"latest": list(reversed(past[-6:])), "upcoming": upcoming, "sources": self.sources_by_date()}

    def _entity_sections(self) -> dict[str, Any]:
        entities = sorted(self.briefing.entities.values(), key=lambda e: e.name.lower())
        return {"sections": [(title, [e for e in entities if e.kind == kind]) for kind, title in ENTITY_SECTIONS]}

    def _quotes_index(self) -> dict[str, Any]:
        return {"quotes": self.records("quotes", self.graph.index.quote_order)}

    def claims_by_topic(self) -> list[Claim]:
        """All claims, grouped by the first of their topics in reading order."""
        order = [topic.id for topic in self.briefing.topic_order()]

        def rank(claim: Claim) -> tuple[int, str]:
            ranks = [order.index(r.id) for r in claim.topics if r.id in order]
            return (min(ranks) if ranks else len(order), claim.id)

        return sorted(self.briefing.claims.values(), key=rank)

    def _matrix(self) -> dict[str, Any]:
        claims = self.claims_by_topic()
        used = {e.source.id for c in claims for e in (*c.evidence, *c.contradicting)}
        return {"claims": claims, "sources": [s for s in self.sources_by_date() if s.id in used]}

    def _print(self) -> dict[str, Any]:
        """The whole briefing as one document, in reading order (what the PDF is made from)."""
        claims = self.claims_by_topic()
        topics = [self.briefing.topics[summary.id] for summary in self.briefing.topic_order()]
        index = self.graph.index
        return {
            "topics": topics,
            "topic_claims": {t.id: self.records("claims", index.claims_in_topic.get(t.id, [])) for t in topics},
            "claims": claims,
            "claim_numbers": {claim.id: number for number, claim in enumerate(claims, start=1)},
            "events": self.graph.timeline,
            "quotes": self.records("quotes", index.quote_order),
            "sources": self.sources_by_date(),
            "matrix_sources": self._matrix()["sources"],
        }

    def _topic(self, topic_id: str) -> dict[str, Any]:
        topic = self.briefing.topics[topic_id]
        index = self.graph.index
        events = self.records("events", index.events_in_topic.get(topic_id, []))
        claims = self.records("claims", index.claims_in_topic.get(topic_id, []))
        said = [q for e in events for q in self.records("quotes", index.quotes_at.get(e.id, []))]
        quotes = quotes_about(topic, events, claims, said, index.quote_order)  # not all said at its meetings
        entity_ids = [r.id for r in topic.entities]
        for event in events:
            entity_ids += [r.id for r in event.participants] + ([event.place.id] if event.place else [])
        entities = self.records("entities", list(dict.fromkeys(entity_ids)))
        cited = {e.source.id for c in claims for e in (*c.evidence, *c.contradicting)}
        cited |= {e.source.id for event in events for e in event.evidence}
        cited |= self._sources_cited_in(topic)
        sources = sorted(self.records("sources", sorted(cited)), key=lambda s: (chronological(s.published), s.id))
        return {
            "topic": topic,
            "record": topic,
            "events": events,
            "claims": claims,
            "quotes": quotes,
            "entities": entities,
            "sources": sources,
        }

    def _sources_cited_in(self, topic: Topic) -> set[str]:
        """Sources the topic's write-up cites with ``[@source…]``."""
        return {mark.source for mark in citations(topic.body)} if topic.body else set()

    def _event(self, event_id: str) -> dict[str, Any]:
        event = self.briefing.events[event_id]
        index = self.graph.index
        previous_id, next_id = index.neighbours[event_id]
        return {
            "event": event,
            "record": event,
            "previous": self.briefing.events[previous_id] if previous_id else None,
            "next": self.briefing.events[next_id] if next_id else None,
            "quotes": self.records("quotes", index.quotes_at.get(event_id, [])),
            "claims": self.records("claims", index.claims_about.get(event_id, [])),
            "topics": self.topics_of(event),
        }

    def _entity(self, entity_id: str) -> dict[str, Any]:
        entity: Entity = self.briefing.entities[entity_id]
        index = self.graph.index
        mentions: dict[str, list[Any]] = {}
        for mention in self.graph.mentions.get(entity_id, []):
            seen = mentions.setdefault(mention.source_id, [])
            if mention.sentence not in [m.sentence for m in seen]:
                seen.append(mention)
        return {
            "entity": entity,
            "record": entity,
            "events": self.records("events", index.events_of.get(entity_id, [])),
            "quotes": self.records("quotes", index.quotes_by.get(entity_id, [])),
            "claims": self.records("claims", index.claims_about.get(entity_id, [])),
            "mentions": [(self.briefing.sources[sid], items) for sid, items in sorted(mentions.items())],
            "members": self.records("entities", index.members.get(entity_id, [])),
        }

    def _source(self, source_id: str) -> dict[str, Any]:
        source = self.briefing.sources[source_id]
        return {"source": source, "record": source, "paragraphs": self.source_paragraphs(source)}

    def source_paragraphs(self, source: Source) -> list[dict[str, Any]]:
        """Each block of a source with its highlights and mention links, ready for the template."""
        highlights = self.graph.highlights.get(source.id, [])
        mentions = self.graph.mentions_by_source.get(source.id, [])
        page = record_path(source)
        result = []
        for index, block in enumerate(source.blocks):
            here = [h for h in highlights if h.span.block == index]
            cited = [
                (h, "cited by " + "; ".join(citer(self.briefing, rid, source.id) for rid in h.cited_by)) for h in here
            ]
            intervals = [cited_span(h.span.start, h.span.end, h.span.anchor, title) for h, title in cited]
            for mention in mentions:
                if mention.block == index:
                    entity = self.briefing.entities[mention.entity_id]
                    href = relative(page, record_path(entity))
                    intervals.append(mention_link(mention.start, mention.end, href, entity.name))
            result.append({"block": block, "html": render_intervals(block.text, intervals), "highlights": here})
        return result

    def _quote(self, quote_id: str) -> dict[str, Any]:
        quote: Quote = self.briefing.quotes[quote_id]
        speaker = self.briefing.label(quote.speaker.id) if quote.speaker else None
        return {"quote": quote, "record": quote, "speaker": speaker}

    def _claim(self, claim_id: str) -> dict[str, Any]:
        claim = self.briefing.claims[claim_id]
        judgments = self.records("judgments", self.graph.index.judgments_citing.get(claim_id, []))
        return {"claim": claim, "record": claim, "support": self.graph.support[claim_id], "judgments": judgments}

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


def css_string(value: object) -> Markup:
    """Text as the inside of a double-quoted CSS string, safe inside <style> (no '</style>' can form)."""
    escaped = []
    for char in str(value):
        if char in "\\\"<>&'" or ord(char) < 0x20:
            escaped.append(f"\\{ord(char):x} ")
        else:
            escaped.append(char)
    return Markup("".join(escaped))
