"""A rendered page as the renderer makes it and as the incremental layer keeps it, and the digests they are
compared by.

A page is kept with the digests of what it read (:class:`CachedPage`); given the previous build's
:class:`~briefing.incremental.rendercache.RenderCache`, a page whose inputs all have the same digest as last
time is reused instead of rendered again, as ``briefing.incremental.pages`` decides. A build's outcome is a
:class:`RenderState`, which becomes the cache only once the build has succeeded. Output files are compared by
digest (``file_digest``); the template files by one digest of them all (``template_digest``), which the static
files are kept by (``outputs``, the layer's ``MadeOutputs``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from briefing.incremental.dependencies import Dependency

# an output file's digest is a text's (render's names for them, which the site, the store and search use)
from briefing.incremental.fingerprint import bytes_digest as file_digest  # noqa: F401
from briefing.incremental.fingerprint import bytes_digests as file_digests  # noqa: F401
from briefing.project import Project
from briefing.render.pagespec import PageSpec

ON_DISK = None  # a kept file's bytes: in the output folder, as the last build wrote them (``render.site``)
Held = bytes | None  # a file's bytes, or ``ON_DISK``


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
    data: Held
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
    files: dict[str, Held] = field(default_factory=dict)  # the pages' bytes, by path
    digests: dict[str, str] = field(default_factory=dict)
