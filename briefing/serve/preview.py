"""The preview's state, shared by the watcher thread and the web server: the builder and the outcome of
the latest build, which open pages show (an overlay listing the problems of a failed build)."""

from __future__ import annotations

import errno
import os
import stat
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from briefing.diagnostics import BuildFailed, Diagnostics, Location
from briefing.incremental.store import CacheStore
from briefing.pdf import PDF_PATH
from briefing.pipeline import Builder
from briefing.project import DEFAULT_TEMPLATES, Project
from briefing.render import EXPORTS
from briefing.render.pages import PRINT_VIEW
from briefing.render.parallel import default_workers
from briefing.report import BuildReport

DEBOUNCE_MS = 400
# The print view and the search index hold the whole briefing, so every save changes them. They are
# brought up to date once the writer pauses (no change for QUIET_MS), so that a save never waits for them.
DEFERRED_PAGES = frozenset({PRINT_VIEW, "pagefind", EXPORTS, PDF_PATH})
QUIET_MS = 1000
STEP_MS = 10


@dataclass(frozen=True)
class BuildStatus:
    """The outcome of the latest build, as open pages should show it."""

    ok: bool
    problems: tuple[str, ...] = ()
    generation: int = 0


def preview_builder(project: Project, store: CacheStore | None = None, workers: int | None = None) -> Builder:
    """The builder ``serve`` rebuilds with: many pages to render (a template edit) are rendered on every core
    unless ``workers`` says otherwise."""
    return Builder(project, workers=workers or default_workers(), store=store)


class Preview:
    """The state shared by the watcher thread and the web server: the builder and the latest status."""

    def __init__(
        self,
        project: Project,
        log: Callable[[str], None],
        store: CacheStore | None = None,
        workers: int | None = None,
        quiet: bool = False,
    ) -> None:
        """``log`` prints a line; with ``quiet``, only a failed build's problems are printed (``-q``)."""
        self.project = project
        self.builder = preview_builder(project, store, workers)
        self.status = BuildStatus(ok=True)
        self.log = log
        self.info = (lambda message: None) if quiet else log
        self.output_watched = False  # whether the watcher reports files removed from the output
        self._lock = threading.Lock()

    def rebuild(
        self,
        deferred: frozenset[str] = frozenset(),
        changed: frozenset[str] | None = None,
        quiet_if_unchanged: bool = False,
    ) -> BuildReport | None:
        """Build once; returns the report of a successful build, None after a failed one.

        ``changed``: the paths the watcher saw change since the last build (None: look at every file).
        ``quiet_if_unchanged``: say nothing of a build that found nothing to do (a check, not a save's build).
        """
        if changed is not None and not self.output_watched:  # a removed output file would go unseen
            changed |= {str(self.project.output)}
        with self._lock:
            started = time.perf_counter()
            try:
                report = self._build(deferred, changed)
            except BuildFailed as failure:
                self._failed([d.format() for d in failure.diagnostics.errors])
                return None
            except Exception:  # a bug must not stop the preview: show it like a content error
                problem = "internal error while building:\n" + traceback.format_exc()
                self.status = BuildStatus(False, (problem,), self.status.generation + 1)
                self.log(problem)
                return None
            self.status = BuildStatus(True, (), self.status.generation + 1)
            if quiet_if_unchanged and not (report.pages_rendered or report.pages_written):
                return report
            for note in report.notes:
                self.info(f"note: {note}")
            self.info(_summary(report, time.perf_counter() - started))
            return report

    def _build(self, deferred: frozenset[str], changed: frozenset[str] | None) -> BuildReport:
        """The builder's build, with the two failures that are no bug turned into diagnostics: the
        project's briefing.yaml is gone (deleted or being replaced while serving), or a file went away
        or could not be read while the build was reading it."""
        diagnostics = Diagnostics()
        briefing = self.project.briefing_file
        if _is_gone(briefing):
            diagnostics.error(
                Location(self.project.display(briefing)),
                "missing-briefing",
                "the briefing file is missing (deleted, renamed or not a file); the last good site is still served",
                "put content/briefing.yaml back (undo its deletion or rename): the site is built again "
                "as soon as it is there",
            )
            raise BuildFailed(diagnostics, "load")
        try:
            return self.builder.build(deferred=deferred, changed=changed)
        except OSError as exc:
            where = self.project.display(exc.filename) if exc.filename else self.project.display(self.project.root)
            gone = exc.errno in (errno.ENOENT, errno.ENOTDIR)
            diagnostics.error(
                Location(where),
                "file-error",
                "the file went away while the build was reading it" if gone else f"{exc.strerror or exc}",
                "it was probably moved or deleted while being saved: put it back or save it again, and the site "
                "is built again"
                if gone
                else "check that the project can be read and the output folder written (permissions, free "
                "space); the site is built again on the next save",
            )
            raise BuildFailed(diagnostics, "load") from None

    def _failed(self, problems: list[str]) -> None:
        self.status = BuildStatus(False, tuple(problems), self.status.generation + 1)
        self.log(f"build failed ({len(problems)} error(s)); still serving the last good site:")
        for problem in problems:
            self.log("  " + problem.replace("\n", "\n  "))

    def watched_paths(self) -> list[Path]:
        """The project folder (its templates/ may appear at any time), the default templates, and the output
        if it is elsewhere (and exists: otherwise each build lists it, see ``rebuild``)."""
        paths = [self.project.root]
        if not DEFAULT_TEMPLATES.is_relative_to(self.project.root):
            paths.append(DEFAULT_TEMPLATES)
        output = self.project.output
        if not output.is_relative_to(self.project.root) and output.is_dir():
            paths.append(output)
        self.output_watched = any(output.is_relative_to(path) for path in paths)
        return paths

    def is_lost_output(self, change: watchfiles.Change, path: str) -> bool:
        """Whether an output file went away (not a temporary file of the build's own, named ``.*``)."""
        removed = Path(path)
        return (
            change == watchfiles.Change.deleted
            and removed.is_relative_to(self.project.output)
            and not removed.name.startswith(".")
        )

    def is_input(self, path: str) -> bool:
        """Whether a changed path can change the site: content/, templates/, a file the last load read
        elsewhere in the project (the previous edition), or a JSON file that may become it; never the
        output."""
        changed = Path(path)
        if changed.is_relative_to(self.project.output):
            return False
        inputs = (self.project.content, self.project.root / "templates", DEFAULT_TEMPLATES)
        if any(changed.is_relative_to(folder) for folder in inputs):
            return True
        display = self.project.display(changed)
        if self.builder.caches.load.knows(display):
            return True
        hidden = any(part.startswith(".") for part in Path(display).parts)  # .briefing-cache/, .git/
        return changed.suffix == ".json" and changed.is_relative_to(self.project.root) and not hidden


def _summary(report: BuildReport, seconds: float) -> str:
    changed = ", ".join(report.changed[:4]) + (" …" if len(report.changed) > 4 else "")
    return (
        f"built in {seconds * 1000:.0f} ms: {report.pages_rendered} page(s) rendered{report.in_processes}, "
        f"{report.pages_written} file(s) written{': ' + changed if changed else ''}"
    )


def _is_gone(path: Path) -> bool:
    """Whether the briefing file is missing or a folder stands in its place. Its link is not followed: a link
    out of the project, or to nothing, is for the load stage to report without looking outside."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return True
