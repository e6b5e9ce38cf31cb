"""What rendering keeps between builds of one process: each page with what it read, and the template
environment (see :class:`RenderCache`); the layer's render (``rendering``) decides from it what to render."""

from __future__ import annotations

from pathlib import Path

import jinja2

from briefing.incremental.dependencies import DependencyIndex, Digests
from briefing.incremental.outputs import MadeOutputs
from briefing.incremental.queries import Queries
from briefing.render.cache import CachedPage, Held, RenderedPage, RenderState
from briefing.render.environment import template_environment
from briefing.render.pagespec import PageSpec
from briefing.render.templates import TemplateReads, template_reads
from briefing.render.views import DIGEST_VIEWS, UPDATED_IN_PLACE


class RenderCache:
    """What rendering keeps between builds of one process: each page's inputs and bytes (``pages``), which
    pages read each input (``index``), and the template environment, whose compiled templates Jinja reuses
    until a template file changes."""

    def __init__(self) -> None:
        self.pages: dict[str, CachedPage] = {}
        self.index = DependencyIndex()
        self.digests = Digests(DIGEST_VIEWS, UPDATED_IN_PLACE)
        self.postponed: set[str] = set()  # pages kept stale by a deferred build: rendered by the next one
        self.outputs = MadeOutputs()  # the static files (by template digest), the exports, the raw captures
        self.views = Queries()  # the per-record tables pages read (``views.dependency_tables``)
        # The page list the committed pages were made for, and the pages' bytes and digests in its order,
        # which a build with the same page list copies and updates instead of assembling page by page.
        self.committed_specs: list[PageSpec] | None = None
        self.spec_index: dict[str, int] = {}
        self.files: dict[str, Held] = {}
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
            env = template_environment(template_dirs)
            pages = [name for name in env.list_templates(extensions=["html"]) if not name.startswith("static/")]
            self._environment = (env, template_reads(env, pages))
            self._environment_for = (template_dirs, templates)
        return self._environment

    def dependencies_by_page(self) -> dict[str, bytes]:
        return {path: page.dependencies for path, page in self.pages.items()}

    def cached(self, page: RenderedPage) -> CachedPage:
        return CachedPage(self.index.numbered(page.reads), page.data, page.digest, page.searchable)

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
