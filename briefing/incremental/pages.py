"""Which pages a build renders, and which it keeps from the last build: the layer's side of rendering.

A page is a value made from what it read while it was rendered (its dependencies, numbered in the render
cache's ``DependencyIndex``). ``plan`` compares this build's inputs with those each kept page read and
lists the pages to render: the new ones, those that read an input that changed, and those a deferred
build left stale; every other page is kept as it is. The render stage renders what the plan lists, hands
each page back (``PagePlan.rendered``) and asks for the site's pages in page order (``PagePlan.finish``):
it does the same whether the build is the first or the hundredth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from briefing.incremental.rendercache import RenderCache
from briefing.render.cache import CachedPage, RenderState
from briefing.render.pagespec import PageSpec


@dataclass
class PagePlan:
    """The pages one build renders (``to_render``, in page order) and what it keeps of the last build's."""

    specs: list[PageSpec]  # every page of the site
    to_render: list[PageSpec]
    reused: int  # pages kept because nothing they read changed (not those a deferred build kept stale)
    state: RenderState
    cache: RenderCache
    same_pages: bool  # the page list is the cache's: its pages' bytes are copied and updated, not gathered

    def rendered(self, path: str, page: CachedPage) -> None:
        self.state.pages[path] = self.state.rendered[path] = page

    def finish(self) -> RenderState:
        """The build's pages, kept and rendered, with their bytes and digests in page order."""
        state, cache = self.state, self.cache
        if self.same_pages:
            state.files, state.digests = dict(cache.files), dict(cache.file_digests)
            for path, page in state.rendered.items():
                state.files[path], state.digests[path] = page.data, page.digest
        else:
            pages = state.pages
            state.files = {spec.path: page.data for spec in self.specs if (page := pages.get(spec.path)) is not None}
            state.digests = {path: pages[path].digest for path in state.files}
        state.specs = self.specs
        return state


def plan(
    cache: RenderCache,
    specs: list[PageSpec],
    tables: Mapping[str, Mapping[str, Any]],
    constants: Mapping[str, Any],
    deferred: frozenset[str],
) -> PagePlan:
    """What to render of ``specs`` given this build's ``tables`` (and ``constants``, values every page
    reads, such as the templates' digest), and what to keep of ``cache``. A page in ``deferred`` that has a
    previous version keeps it even if stale (``RenderState.postponed``)."""
    cache.digests.start(tables, constants)
    changed = cache.index.changed(cache.digests)
    stale = cache.index.affected(changed, cache.dependencies_by_page) | cache.postponed
    state = RenderState({}, {}, [], changed, set())
    same_pages = specs is cache.committed_specs
    if same_pages:
        to_render = _stale_pages(specs, cache, stale, deferred, state)
    else:
        to_render = _pages_not_kept(specs, cache, stale, deferred, state)
    reused = len(state.pages) - len(state.postponed) - sum(spec.path in state.pages for spec in to_render)
    return PagePlan(specs, to_render, reused, state, cache, same_pages)


def _pages_not_kept(
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


def _stale_pages(
    specs: list[PageSpec], cache: RenderCache, stale: set[str], deferred: frozenset[str], state: RenderState
) -> list[PageSpec]:
    """``_pages_not_kept`` when the pages are those the cache holds (the last build's page list): only the
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
