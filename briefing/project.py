"""Where a briefing project lives on disk, validated once before any stage runs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from briefing.files import LinkLoop, is_under, resolve_inside

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES = PACKAGE_ROOT / "templates"


class ProjectError(Exception):
    """The project folder itself is unusable; the message says how to fix it."""


@dataclass(frozen=True)
class Project:
    root: Path
    content: Path
    output: Path

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """Where templates are looked up, first match wins: the project's own templates/ (if it exists
        now — it may be created while ``serve`` runs), then the defaults."""
        overrides = self.root / "templates"
        if overrides.is_dir() and overrides.resolve() != DEFAULT_TEMPLATES:
            return (overrides.resolve(), DEFAULT_TEMPLATES)
        return (DEFAULT_TEMPLATES,)

    @property
    def briefing_file(self) -> Path:
        return self.content / "briefing.yaml"

    @property
    def sources_dir(self) -> Path:
        return self.content / "sources"

    @property
    def annotations_dir(self) -> Path:
        return self.content / "annotations"

    @property
    def topics_dir(self) -> Path:
        return self.content / "topics"

    def display(self, path: Path | str) -> str:
        """A path as shown in diagnostics: relative to the project root."""
        text, prefix = str(path), f"{self.root}{os.sep}"
        if text.startswith(prefix):  # the common case, without pathlib's slower relative_to
            return text[len(prefix) :].replace(os.sep, "/")
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def contains(self, path: Path, folder: Path | None = None) -> bool:
        """True if ``path`` (after resolving symlinks and '..') stays inside ``folder`` (default: content).

        Resolved as :func:`briefing.files.resolve_inside` does, so nothing outside the project is looked at."""
        root = str(self.root)
        try:
            base = resolve_inside(root, os.path.abspath(folder or self.content))
            target = resolve_inside(root, os.path.abspath(path))
        except (LinkLoop, OSError):
            return False
        return base is not None and target is not None and is_under(target, base)


def open_project(root: Path, output: Path | None = None) -> Project:
    """Check the layout of a project folder and return its paths."""
    root = root.resolve()
    if not root.is_dir():
        raise ProjectError(f"{root}: project folder does not exist")
    content = root / "content"
    if not _has_briefing_file(root, content):
        raise ProjectError(
            f"{root}: no content/briefing.yaml here; a project folder holds content/briefing.yaml, "
            "content/sources/, content/annotations/ and content/topics/ (create one with: python build.py new DIR)"
        )
    output = (output or root / "site").resolve()
    for protected in (root, content, root / "templates"):
        overlaps = output == protected or protected.is_relative_to(output)
        if overlaps or (protected != root and output.is_relative_to(protected)):
            raise ProjectError(
                f"{output}: refusing to use this as the output folder, because the build replaces it "
                f"whole and it holds or overlaps {protected}; choose a separate folder such as {root / 'site'}"
            )
    return Project(root=root, content=content, output=output)


def _has_briefing_file(root: Path, content: Path) -> bool:
    """Whether ``content/briefing.yaml`` is there, as anything: a link out of the project, a folder or a
    FIFO in its place is reported by the load stage, without this check looking outside the project."""
    try:
        resolved = resolve_inside(str(root), str(content / "briefing.yaml"))
    except (LinkLoop, OSError):
        return True
    return resolved is None or os.path.lexists(resolved) or os.path.lexists(content / "briefing.yaml")
