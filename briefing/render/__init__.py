"""Stage 4 — render: every page of the site, as bytes in memory.

Templates are Jinja2 with autoescaping on, so anything that came from
content (``{{ … }}``, ``<script>``) is shown as text. A project's own
``templates/`` folder overrides any default template or static file by name.

Each page is built from read-only views that record what it reads. Which
pages a build renders, and which it keeps from the last, the stage does not
decide: the incremental layer does (``briefing.incremental.rendering``), and
hands :func:`rendered_pages` the pages to render.

This module holds the stage's entry, :func:`rendered_pages`; the parts are modules of their own:

- :mod:`~briefing.render.cache`: a rendered page, as made and as kept, and the digests they are compared by;
- :mod:`~briefing.render.environment`: the Jinja2 environment, and where a template error happened;
- :mod:`~briefing.render.pagespec`: what names one page before it is rendered;
- :mod:`~briefing.render.renderer`: what every page is rendered with, and the helpers templates call;
- :mod:`~briefing.render.pages`: the list of pages, and a module per page kind giving its variables;
- :mod:`~briefing.render.site`: the built site, whose files' bytes may be held or left in the output folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Protocol

import jinja2

from briefing.diagnostics import Diagnostics, Location
from briefing.model import Briefing
from briefing.progress import Progress
from briefing.render.cache import (
    CachedPage,
    RenderedPage,
    RenderState,
    file_digest,
    file_digests,
    template_digest,
)
from briefing.render.environment import css_string, template_location
from briefing.render.pagespec import PageSpec
from briefing.render.parallel import render_pages
from briefing.render.renderer import Renderer, RenderOptions
from briefing.render.site import Site, StreamedPage

# the public names of the module this package was, so that what imports them from here keeps working
__all__ = [
    "EXPORTS",
    "CachedPage",
    "HandedPage",
    "PageSink",
    "PageSpec",
    "RenderOptions",
    "RenderState",
    "Renderer",
    "Site",
    "StreamedPage",
    "css_string",
    "document_date",
    "file_digest",
    "file_digests",
    "render_one",
    "rendered_pages",
    "template_digest",
]

EXPORTS = "exports"  # the name under which a build may defer briefing.json, the CSL export, the feed and sitemap


class PageSink(Protocol):
    """Takes each page as it is rendered, so that the site need not hold its bytes (``briefing.streaming``)."""

    def hand_on(self, path: str, data: bytes, searchable: bool) -> Any:
        """Done in the process that rendered the page (a forked worker where there are many): all that is to
        be done with its bytes (``searchable``: whether search indexes it). None if the site is to keep them;
        else what ``take`` is given."""

    def take(self, path: str, digest: str, handed: Any) -> StreamedPage:
        """Done in the build's process, with what ``hand_on`` returned: what the site keeps of the page."""

    def render_order(self, pages: Sequence[str], to_render: Sequence[str]) -> list[int]:
        """The order in which the sink would have the pages ``to_render`` (indexes into it; the site is the
        same in any order). ``pages``: every HTML page the site will have."""


@dataclass(frozen=True)
class HandedPage:
    """A page rendered and handed on by a sink: without its bytes, and what the sink's ``hand_on`` did."""

    page: RenderedPage
    handed: Any


def document_date(briefing: Briefing) -> str:
    """The date documents carry: SOURCE_DATE_EPOCH if set (reproducible builds), else the as-of date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return briefing.info.as_of.iso()


def rendered_pages(
    renderer: Renderer,
    to_render: Sequence[PageSpec],
    diagnostics: Diagnostics,
    sink: PageSink | None = None,
    processes: int = 1,
    progress: Progress | None = None,
) -> Iterator[tuple[PageSpec, RenderedPage, StreamedPage | None]]:
    """Render each of ``to_render``, in that order: each page, and what the site keeps of it if ``sink``
    took its bytes (its page then has none). In ``processes`` forked workers if more than one (see
    ``processes_for``); a template error is reported, and its page left out."""
    if processes > 1:
        _compile_here(renderer.env, renderer.templates.reached(spec.template for spec in to_render))
    outcomes = render_pages(partial(render_one, renderer, sink), to_render, processes, progress or Progress())
    with contextlib.closing(outcomes):  # on Ctrl-C, the workers stop before what they write to is discarded
        for spec, outcome in zip(to_render, outcomes, strict=True):
            if isinstance(outcome, HandedPage):
                assert sink is not None
                yield spec, outcome.page, sink.take(spec.path, outcome.page.digest, outcome.handed)
            elif isinstance(outcome, RenderedPage):
                yield spec, outcome, None
            else:
                diagnostics.error(*outcome)


def _compile_here(env: jinja2.Environment, templates: set[str]) -> None:
    """Compile the page templates and those they reach in this process before the workers fork: each then has
    them, and this process's next rebuild (``serve``'s first edit) does not compile them first (at 10,000
    sources, 90 ms for the page template and 170 ms for the macros and base it imports). A template that
    does not compile is reported by ``render_one``, page by page."""
    for template in sorted(templates):
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(template)


TemplateProblem = tuple[Location, str, str, str]  # arguments of Diagnostics.error


def render_one(
    renderer: Renderer, sink: PageSink | None, spec: PageSpec
) -> RenderedPage | HandedPage | TemplateProblem:
    """One page, handed on to ``sink`` (in this process) if it takes it; a template error as its diagnostic."""
    try:
        page = renderer.render_page(spec)
    except jinja2.TemplateError as exc:
        return (
            template_location(exc, renderer.project),
            "template-error",
            f"{type(exc).__name__}: {exc}",
            f"while rendering {spec.path}",
        )
    handed = sink.hand_on(spec.path, page.data, page.searchable) if sink is not None else None
    return page if handed is None else HandedPage(replace(page, data=b""), handed)
