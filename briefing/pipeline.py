"""Runs the stages in order: load → validate → link → render → write.

Each stage adds to one :class:`~briefing.model.Briefing`. Content problems are
collected as diagnostics; the pipeline stops after the first stage that
reported an error, before anything is written.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Collection, Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from briefing.diagnostics import BuildFailed, Diagnostics
from briefing.discover import LISTING_CODES
from briefing.heap import return_freed_memory, settle_heap, young_collections_only
from briefing.incremental.loading import load_reusing
from briefing.incremental.rendering import render_reusing
from briefing.incremental.state import BuildCaches, BuildInputs, LastBuild
from briefing.incremental.store import CacheStore
from briefing.link import link
from briefing.lints import lint
from briefing.output import OutputError, StagedSite, ownership_problem
from briefing.pdf import PDF_PATH
from briefing.pdfkeep import left_stale, make_pdf, output_keeps_pdf
from briefing.progress import Progress
from briefing.project import Project
from briefing.render import PageSink, Site
from briefing.render.cache import RenderState
from briefing.render.pages import PRINT_VIEW
from briefing.render.site import KeptFileChanged
from briefing.report import BuildReport, Stopwatch, pages_by_type
from briefing.search import SEARCH_FOLDER, SearchDocuments, SearchIndexing, add_index_to, last_index
from briefing.sitecheck import check_pages
from briefing.streaming import PageStream
from briefing.validate import validate
from briefing.write import output_is_intact, report_output_problem, swaps, write


def _measured(build: Callable[..., BuildReport]) -> Callable[..., BuildReport]:
    """Sets the report's ``elapsed``: the whole build, not only its stages."""

    @functools.wraps(build)
    def measured(*args: Any, **kwargs: Any) -> BuildReport:
        started = time.perf_counter()
        report = build(*args, **kwargs)
        report.elapsed = time.perf_counter() - started
        return report

    return measured


class Builder:
    """Runs the pipeline for one project, keeping what a rebuild can reuse (``serve`` keeps one alive).

    Reuse never changes the result: a rebuild gives the same bytes as a cold build of the same content.
    """

    def __init__(
        self,
        project: Project,
        progress: Progress | None = None,
        workers: int = 1,
        store: CacheStore | None = None,
        rebuilds: bool = True,
    ) -> None:
        """``workers`` > 1 renders in forked processes when there are enough pages (``processes_for``): a
        cold build, a template edit; a rebuild of a few pages stays in this process.

        With a ``store``, the first build starts from the caches it saved, and every complete build (nothing
        deferred) saves them again. ``rebuilds``: whether this builder will build again (``serve``); if so,
        each build settles the heap for the next (``settle_heap``), which a process about to exit need not.
        """
        self.project = project
        self.progress = progress or Progress()
        self.workers = workers
        self.store = store
        self.rebuilds = rebuilds
        self.caches = self._fresh_caches()
        self._restored = store is None
        self._unsaved = True  # whether the caches hold work the store does not have yet
        self._released = False  # whether the caches lack the output's bytes (``_release_output``)
        self._counted: tuple[list[str], dict[str, int]] = ([], {})  # the paths last counted, and the counts

    def _fresh_caches(self) -> BuildCaches:
        """Empty caches; a builder that will not build again keeps no more of them than the store saves."""
        caches = BuildCaches()
        if not self.rebuilds:
            caches.for_one_build()
        return caches

    def _stage(self, report: BuildReport, name: str) -> Stopwatch:
        return Stopwatch(report, name, self.progress)

    @_measured
    @young_collections_only()
    def check(self) -> BuildReport:
        """Every stage but the write (and the search index, the PDF): the pages are rendered in memory and
        checked as the write stage checks them (``check_pages``), so ``check`` finds every problem of the
        content and its templates that ``build`` does; only the output folder is not looked at."""
        try:
            return self._check()
        except KeptFileChanged as kept:
            return self._from_scratch(kept, self._check)

    def _check(self) -> BuildReport:
        report = self._load()
        self._validate_and_link(report)
        if self.store is not None:  # the restored pages, which a page reused as it is needs
            self.store.take_output_back(self.caches, read=self.rebuilds)
        site, _ = self._render(report)
        with self._stage(report, "pages"):
            check_pages(site, report.diagnostics, with_search=False)
        return report

    def _load(self, changed: Collection[str] | None = None) -> BuildReport:
        report = BuildReport(Diagnostics())
        if self._released:
            self.caches, self._restored, self._released = self._fresh_caches(), self.store is None, False
        if not self._restored:
            self._restore(report)
        reads_before = self.caches.load.reads
        with self._stage(report, "load"):
            report.briefing = load_reusing(self.project, report.diagnostics, self.caches.load, changed)
        report.files_read = self.caches.load.reads - reads_before
        return report

    def _validate_and_link(self, report: BuildReport) -> None:
        assert report.briefing is not None
        with self._stage(report, "validate"):
            validate(report.briefing, report.diagnostics, self.caches.validate)
        with self._stage(report, "link"):
            report.graph = link(report.briefing, self.caches.link)
            lint(report.briefing, report.graph, report.diagnostics, self.caches.lint)
        if not self.rebuilds:
            self.caches.forget_checks(report.briefing)

    @_measured
    @young_collections_only()
    def build(
        self,
        with_pdf: bool = False,
        deferred: frozenset[str] = frozenset(),
        changed: Collection[str] | None = None,
    ) -> BuildReport:
        """All stages (and the PDF if asked); the output is changed only if every stage succeeded.

        Pages in ``deferred`` may keep their previous version (see ``render``); ``report.postponed``
        lists those that did, and a following build without ``deferred`` brings them up to date.
        ``changed``: the paths changed since this builder's last build, if a file watcher knows them: the
        inputs that changed (load then reads only those) and the files removed from the output (the
        output is then assumed to hold the rest); None to look at every file.
        """
        try:
            return self._build(with_pdf, deferred, changed)
        except KeptFileChanged as kept:
            return self._from_scratch(kept, lambda: self._build(with_pdf, deferred))

    def _from_scratch(self, kept: KeptFileChanged, run: Callable[[], BuildReport]) -> BuildReport:
        """``run`` again from nothing, the caches being wrong about a file of the output: one of the output
        files a build restored from the store leaves there (``render.site``) was not as the last build
        wrote it when a stage read it (changed with its size and time kept, or while the build ran). It
        was read before anything was written."""
        self.caches, self._restored = self._fresh_caches(), True
        report = run()
        report.notes.append(f"{kept.filename} was not as the last build left it: the site was built from scratch")
        return report

    def _build(self, with_pdf: bool, deferred: frozenset[str], changed: Collection[str] | None = None) -> BuildReport:
        report = self._load(changed)
        assert report.briefing is not None
        asked_for_pdf, with_pdf = with_pdf, with_pdf or output_keeps_pdf(self.project.output)
        inputs = BuildInputs.of(report.briefing, self.project, with_pdf)
        last = self.caches.last
        intact = self._output_intact(changed)
        retry_pdf = asked_for_pdf and last is not None and left_stale(last.report.diagnostics)
        if last is not None and last.inputs.same_as(inputs) and not last.report.postponed and intact and not retry_pdf:
            return self._unchanged(last.report, report)
        if self.store is not None:
            self.store.take_output_back(self.caches, read=self.rebuilds)
        if swaps(self.caches.write, intact):
            self._claim_output(report)
        self._validate_and_link(report)
        with (
            self._staging(report, intact) as staged,  # discarded unless swapped in
            self._documents(staged) as documents,  # discarded
            self._search_indexing(report, staged, documents) as indexing,  # waits for the Pagefinds it started
        ):
            keep = frozenset([PRINT_VIEW] if with_pdf else [])  # the PDF is made from it
            links = self.caches.write.links
            sink = PageStream(links, staged, documents, indexing, keep) if staged and documents else None
            site, rendered = self._render(report, with_pdf, deferred, inputs.templates, sink)
            with self._stage(report, "search"):
                self._add_search_index(site, report, deferred, staged, indexing)
            if with_pdf:
                with self._stage(report, "pdf"):
                    output, shown = self.project.output, self._shown_output
                    pdf = make_pdf(site.files, output, asked_for_pdf, PDF_PATH in deferred, report.diagnostics, shown)
                    site.add(PDF_PATH, pdf.data)
                    report.postponed += (PDF_PATH,) if pdf.postponed else ()
            with self._stage(report, "write"):
                result = write(
                    site, self.project.output, report.diagnostics, self.caches.write, intact, staged, self._shown_output
                )
                if not report.diagnostics.has_errors:  # what the written site was made from, kept for the next build
                    self.caches.render.commit(rendered)
        report.pages_written, report.pages_unchanged = result.written, result.unchanged
        report.pages_by_type = self._pages_by_type(site.files)
        report.changed = result.changed
        self.caches.last = LastBuild(inputs, report)
        if result.written or result.removed or report.files_read or report.pages_rendered:
            self._unsaved = True
        if not self.rebuilds:
            del site, rendered
            self._release_output()
        self._save(report, deferred)
        if self.rebuilds:
            settle_heap()
        return report

    def _render(
        self,
        report: BuildReport,
        with_pdf: bool = False,
        deferred: frozenset[str] = frozenset(),
        templates: str = "",
        sink: PageSink | None = None,
    ) -> tuple[Site, RenderState]:
        """Stage 4, in memory: the site's files, and what the render cache keeps once they are written."""
        assert report.briefing is not None and report.graph is not None
        with self._stage(report, "render"):
            site, rendered = render_reusing(
                *(report.briefing, report.graph, self.project, report.diagnostics, self.caches.render),
                *(with_pdf, deferred, self.progress, self.workers, templates or None, sink),
            )
            report.pages_rendered, report.pages_reused = site.rendered, site.reused
            report.render_processes, report.postponed = site.processes, tuple(site.postponed)
        return site, rendered

    @property
    def _shown_output(self) -> str:
        return self.project.display(self.project.output)

    def _claim_output(self, report: BuildReport) -> None:
        """Stop before any work if the output folder is not the build's to replace (see ``briefing.output``)."""
        problem = ownership_problem(self.project.output)
        if problem is not None:
            report_output_problem(OutputError(problem), report.diagnostics, self._shown_output)
            raise BuildFailed(report.diagnostics, "write")

    def _staging(self, report: BuildReport, intact: bool) -> AbstractContextManager[StagedSite | None]:
        """Where a new site is assembled, if this build swaps one in; a failure to begin is the write's."""
        if not swaps(self.caches.write, intact):
            return nullcontext()
        try:
            return StagedSite(self.project.output)
        except (OSError, OutputError) as problem:
            report_output_problem(problem, report.diagnostics, self._shown_output)
            raise BuildFailed(report.diagnostics, "write") from None

    def _documents(self, staged: StagedSite | None) -> AbstractContextManager[SearchDocuments | None]:
        """Where the search documents of pages handed on as they are rendered go (``briefing.streaming``): a
        builder that assembles a new site and will not build again keeps no page it need not."""
        return SearchDocuments() if staged is not None and not self.rebuilds else nullcontext()

    def _release_output(self) -> None:
        """Let go of the output's bytes, which a builder that does not build again no longer needs (half a
        gigabyte of pages at 10,000 sources), before the save. Should it build again all the same, it starts
        from what it saved (or from nothing)."""
        self.caches = self.caches.without_output()
        self._released = True
        return_freed_memory()

    def _pages_by_type(self, files: Mapping[str, bytes]) -> dict[str, int]:
        """``pages_by_type``, counted again only when the files are not the last build's (by path)."""
        paths = list(files)
        if paths != self._counted[0]:
            self._counted = (paths, pages_by_type(files))
        return self._counted[1]

    def _output_intact(self, changed: Collection[str] | None) -> bool:
        """Whether the output holds every file the last build wrote there. A watcher that reports the
        files removed from the output (``changed``) saves looking; otherwise its folders are listed."""
        on_disk = self.caches.write.on_disk
        if on_disk is None:
            return False
        if changed is not None and not any(Path(path).is_relative_to(self.project.output) for path in changed):
            return True
        if self.store is not None and self.store.output_unread:
            return self.store.output_as_saved(on_disk)
        return output_is_intact(self.project.output, on_disk)

    def _unchanged(self, last: BuildReport, report: BuildReport) -> BuildReport:
        """The report of a build whose inputs are those of the last one: its site is already written."""
        report.graph = last.graph
        fresh = [d for d in report.diagnostics.sorted() if d.code in LISTING_CODES]  # not a function of the inputs
        report.diagnostics = Diagnostics()
        report.diagnostics.extend(d for d in last.diagnostics.sorted() if d.code not in LISTING_CODES)
        report.diagnostics.extend(fresh)
        report.pages_reused = last.pages_rendered + last.pages_reused
        report.pages_unchanged = last.pages_written + last.pages_unchanged
        report.pages_by_type = last.pages_by_type
        report.notes.append("no input changed since the last build: nothing to validate, render or write")
        if report.files_read:  # read again, unchanged: the load cache now knows they settled
            self._unsaved = True
        self._save(report, frozenset())
        return report

    def _save(self, report: BuildReport, deferred: frozenset[str]) -> None:
        if self.store is not None and self._unsaved and not deferred:
            with self._stage(report, "save"):
                note = self.store.save(self.caches)
            self._unsaved = False
            report.notes += [note] if note else []

    def _restore(self, report: BuildReport) -> None:
        assert self.store is not None
        with self._stage(report, "restore"):
            caches, note = self.store.restore(for_one_build=not self.rebuilds)
        self._restored = True
        if caches is not None:
            self.caches = caches
            self._unsaved = False
        report.notes += [note] if note else []

    def _search_indexing(
        self, report: BuildReport, staged: StagedSite | None, documents: SearchDocuments | None
    ) -> SearchIndexing:
        """What makes the search index's parts: a build that will not build again stages each part as it
        is made, and one that hands its pages on has them indexed part by part as they are rendered."""
        assert report.briefing is not None
        stage = staged.add_ahead if staged is not None and not self.rebuilds else None
        return SearchIndexing(report.briefing.info.language, self.caches.search, documents, stage)

    def _add_search_index(
        self,
        site: Site,
        report: BuildReport,
        deferred: frozenset[str],
        staged: StagedSite | None,
        indexing: SearchIndexing,
    ) -> None:
        """Index the parts of the searchable pages that changed (some may have been made while the pages
        were rendered). When deferred, the last index is kept and marked postponed without looking: the
        build that brings it up to date compares the pages.

        While Pagefind runs, the write stage's work is begun: the links of the pages are read for its link
        check (the costly part of that check), and the site's files so far are put in ``staged``, if the
        write will swap in a new site. This stage's time includes both when there is an index to make: on a
        10,000-source briefing, writing the files took 10 to 20 s of a core that Pagefind leaves idle."""
        if SEARCH_FOLDER in deferred and last_index(self.caches.search) is not None:
            report.postponed += (SEARCH_FOLDER,)
        else:
            links = self.caches.write.links

            def begin_writing() -> None:
                links.read(site.files, site.digests())
                if staged is not None:
                    staged.add_ahead(site.files)

            indexing.update(site, begin_writing)
        add_index_to(site, self.caches.search)
