"""Runs the stages in order: load → validate → link → render → write.

Each stage adds to one :class:`~briefing.model.Briefing`. Content problems are
collected as diagnostics; the pipeline stops after the first stage that
reported an error, before anything is written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from briefing.diagnostics import BuildFailed, Diagnostics
from briefing.link import Graph, LinkCache, link
from briefing.load import LoadCache, load
from briefing.model import Briefing
from briefing.pdf import PDF_PATH, render_pdf
from briefing.project import Project
from briefing.render import RenderCache, Site, render
from briefing.search import SEARCH_FOLDER, search_index
from briefing.validate import ValidateCache, validate
from briefing.write import WriteState, write


@dataclass
class BuildReport:
    diagnostics: Diagnostics
    briefing: Briefing | None = None
    graph: Graph | None = None
    pages_written: int = 0
    pages_unchanged: int = 0
    pages_rendered: int = 0
    pages_reused: int = 0
    changed: tuple[str, ...] = ()
    postponed: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)


class _Stopwatch:
    def __init__(self, report: BuildReport, stage: str) -> None:
        self.report = report
        self.stage = stage

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.report.timings[self.stage] = time.perf_counter() - self.start
        if self.report.diagnostics.has_errors:
            raise BuildFailed(self.report.diagnostics, self.stage)


class Builder:
    """Runs the pipeline for one project, keeping what a rebuild can reuse (``serve`` keeps one alive).

    Reuse never changes the result: a rebuild gives the same bytes as a cold build of the same content.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self.load_cache = LoadCache()
        self.validate_cache = ValidateCache()
        self.link_cache = LinkCache()
        self.render_cache = RenderCache()
        self.write_state = WriteState()
        self.search_files: dict[str, bytes] = {}
        self.search_input = ""

    def check(self) -> BuildReport:
        """Stages 1–3: everything except rendering and writing."""
        report = BuildReport(Diagnostics())
        with _Stopwatch(report, "load"):
            report.briefing = load(self.project, report.diagnostics, self.load_cache)
        assert report.briefing is not None
        with _Stopwatch(report, "validate"):
            validate(report.briefing, report.diagnostics, self.validate_cache)
        with _Stopwatch(report, "link"):
            report.graph = link(report.briefing, self.link_cache)
        return report

    def build(self, with_pdf: bool = False, deferred: frozenset[str] = frozenset()) -> BuildReport:
        """All stages (and the PDF if asked); the output is changed only if every stage succeeded.

        Pages in ``deferred`` may keep their previous version (see ``render``); ``report.postponed``
        lists those that did, and a following build without ``deferred`` brings them up to date.
        """
        report = self.check()
        assert report.briefing is not None and report.graph is not None
        with _Stopwatch(report, "render"):
            site, pages = render(
                report.briefing, report.graph, self.project, report.diagnostics, self.render_cache, with_pdf, deferred
            )
            report.pages_rendered, report.pages_reused = site.rendered, site.reused
            report.postponed = tuple(site.postponed)
        with _Stopwatch(report, "search"):
            self._add_search_index(site, report, deferred)
        if with_pdf:
            with _Stopwatch(report, "pdf"):
                site.files[PDF_PATH] = render_pdf(site.files, self.project.output)
        with _Stopwatch(report, "write"):
            result = write(site, self.project.output, report.diagnostics, self.write_state)
        self.render_cache.pages = pages
        report.pages_written, report.pages_unchanged = result.written, result.unchanged
        report.changed = result.changed
        return report

    def _add_search_index(self, site: Site, report: BuildReport, deferred: frozenset[str]) -> None:
        """Index the searchable pages, unless none changed (or, when deferred, keep the last index)."""
        pages = "".join(f"{path}\0{site.digest(path)}\n" for path in sorted(site.files) if path.endswith(".html"))
        if pages != self.search_input:
            if self.search_files and SEARCH_FOLDER in deferred:
                report.postponed += (SEARCH_FOLDER,)
            else:
                assert report.briefing is not None
                self.search_files = search_index(site.files, report.briefing.info.language)
                self.search_input = pages
        site.files.update(self.search_files)
