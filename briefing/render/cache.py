"""What rendering reuses between builds, all in one place.

A page is kept with the digests of what it read (:class:`CachedPage`); given the previous build's
:class:`RenderCache`, a page whose inputs all have the same digest as last time is reused instead of
rendered again, as ``briefing.incremental.pages`` decides. A build's outcome is a :class:`RenderState`,
which becomes the cache only once the build has succeeded. Output files are compared by digest
(``file_digest``); the template files by one digest of them all (``template_digest``), which the static files
are kept by (``outputs``, the layer's ``MadeOutputs``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from briefing.incremental.dependencies import Dependency, DependencyIndex, Digests

# an output file's digest is a text's (render's names for them, which the site, the store and search use)
from briefing.incremental.fingerprint import bytes_digest as file_digest  # noqa: F401
from briefing.incremental.fingerprint import bytes_digests as file_digests  # noqa: F401
from briefing.incremental.outputs import MadeOutputs
from briefing.incremental.queries import Queries
from briefing.project import Project
from briefing.render.environment import template_environment
from briefing.render.pagespec import PageSpec
from briefing.render.templates import TemplateReads, template_reads
from briefing.render.views import DIGEST_VIEWS, UPDATED_IN_PLACE


def template_digest(project: Project) -> str:
    """One digest of every template and static file, in override order."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in project.template_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                hasher.update(f"{folder}\0{path.relative_to(folder)}\0".encode())
                hasher.update(path.read_bytes())
    return hasher.hexdigest()


@dataclass(frozen=True)
class RenderedPage:
    """A page as the renderer made it: its bytes, their digest (as ``Site.digest`` gives it), what it read,
    and whether search indexes it (it has a search body: ``SEARCHABLE``)."""

    reads: frozenset[Dependency]
    data: bytes
    digest: str
    searchable: bool


@dataclass(frozen=True)
class CachedPage:
    """A page as the render cache keeps it: its dependencies numbered by the cache's ``DependencyIndex``."""

    dependencies: bytes
    data: bytes
    digest: str
    searchable: bool


@dataclass
class RenderState:
    """What a build rendered, to become the render cache once the build has succeeded (``RenderCache.commit``)."""

    pages: dict[str, CachedPage]
    rendered: dict[str, CachedPage]
    removed: list[str]
    changed: set[Dependency]
    postponed: set[str]
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
        self.outputs = MadeOutputs()  # the static files (by template digest), the exports, the raw captures
        self.views = Queries()  # the per-record tables pages read (``views.dependency_tables``)
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
