"""The layer's render: which pages and output files a build makes again, and which it keeps.

The render stage (``briefing.render``) renders the pages it is given (``rendered_pages``) and makes the
site's other files; it does not know whether a build is cold. This decides, from the
:class:`~briefing.incremental.rendercache.RenderCache` the last build left: the pages to render (``pages.plan``, from
what each page read), the static files (made again when the templates' digest changes), each raw capture
(when its digest does) and the exports (every build, the last kept for one that defers them). A cold build
is this with an empty cache.
"""

from __future__ import annotations

import contextlib

from briefing.diagnostics import Diagnostics
from briefing.export import exports
from briefing.incremental import pages as reuse
from briefing.incremental.outputs import MadeFiles
from briefing.incremental.rendercache import RenderCache
from briefing.link import Graph
from briefing.model import Briefing
from briefing.progress import Progress
from briefing.project import Project
from briefing.render import EXPORTS, PageSink, Renderer, RenderOptions, Site, document_date, rendered_pages
from briefing.render.cache import RenderState, template_digest
from briefing.render.pages import page_list
from briefing.render.parallel import processes_for
from briefing.render.templates import ALL_TEMPLATES, TEMPLATES_TABLE
from briefing.render.urls import raw_capture_path
from briefing.render.views import dependency_tables

STATIC = "static"  # the group of output files copied from templates/static/
RAW_CAPTURES = "raw captures"  # each source's raw capture, the bytes load read (and checked as UTF-8)


def render_reusing(
    briefing: Briefing,
    graph: Graph,
    project: Project,
    diagnostics: Diagnostics,
    cache: RenderCache,
    with_pdf: bool = False,
    deferred: frozenset[str] = frozenset(),
    progress: Progress | None = None,
    workers: int = 1,
    templates: str | None = None,
    sink: PageSink | None = None,
) -> tuple[Site, RenderState]:
    """Every page and output file of the site, reusing those of ``cache`` whose inputs did not change.

    ``templates`` is ``template_digest(project)``, if the caller has it already.

    Returns the site and what to keep in ``cache`` (``cache.commit``) once the site is written. Pages in
    ``deferred`` that have a previous version keep it even if stale (listed in ``Site.postponed``):
    ``serve`` shows a save in the other pages first, then renders these. ``sink``: takes each page as it
    is rendered, so that the site need not hold every page's bytes.
    """
    options = RenderOptions(with_pdf, document_date(briefing))
    tables = dependency_tables(briefing, graph, cache.views)
    templates = templates or template_digest(project)
    env, reads = cache.environment(project.template_dirs, templates)
    tables[TEMPLATES_TABLE] = reads.files
    renderer = Renderer(briefing, tables, project, options, env, reads)
    specs = page_list(cache.views, briefing, graph, renderer.tables)
    plan = reuse.plan(cache, specs, renderer.tables, {ALL_TEMPLATES: templates, "options": options}, deferred)
    site, to_render = Site(project.output, reused=plan.reused), plan.to_render
    static = cache.outputs.made(STATIC, templates, renderer.static_files)  # the digest covers the static files
    if sink is not None:
        every_page = [spec.path for spec in specs] + [path for path in static.files if path.endswith(".html")]
        order = sink.render_order(every_page, [spec.path for spec in to_render])
        to_render = [to_render[index] for index in order]
    site.processes = processes_for(len(to_render), workers)
    pages_rendered = rendered_pages(renderer, to_render, diagnostics, sink, site.processes, progress)
    with contextlib.closing(pages_rendered):  # whatever stops this loop stops the workers at once
        for spec, page, streamed in pages_rendered:
            if streamed is not None:
                site.streamed[spec.path] = streamed
            plan.rendered(spec.path, cache.cached(page))
            site.rendered += 1
    state = plan.finish()
    site.pages = state.pages
    site.postponed = sorted(state.postponed)
    site.add_files(state.files, state.digests)
    site.add_files(static.files, static.digests)
    captures = briefing.raw_captures
    raw = cache.outputs.made_each(RAW_CAPTURES, briefing.raw_digests, raw_capture_path, captures.__getitem__)
    site.add_files(raw.files, raw.digests)
    exported = cache.outputs.last(EXPORTS)
    if EXPORTS in deferred and exported is not None:
        site.postponed.append(EXPORTS)
    else:
        pages = [path for path in site.files if path.endswith(".html")]
        exported = cache.outputs.keep(EXPORTS, MadeFiles.of(None, exports(briefing, graph, pages)))
    site.add_files(exported.files, exported.digests)
    return site, state
