"""Runs the stages in order: load → validate → link → render → write.

Each stage adds to one :class:`~briefing.model.Briefing`. Content problems are
collected as diagnostics; the pipeline stops after the first stage that
reported an error, before anything is written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from briefing.diagnostics import BuildFailed, Diagnostics
from briefing.link import Graph, link
from briefing.load import load
from briefing.model import Briefing
from briefing.project import Project
from briefing.validate import validate


@dataclass
class BuildReport:
    diagnostics: Diagnostics
    briefing: Briefing | None = None
    graph: Graph | None = None
    pages_written: int = 0
    pages_unchanged: int = 0
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


def check(project: Project) -> BuildReport:
    """Stages 1–3: everything except rendering and writing."""
    report = BuildReport(Diagnostics())
    with _Stopwatch(report, "load"):
        report.briefing = load(project, report.diagnostics)
    assert report.briefing is not None
    with _Stopwatch(report, "validate"):
        validate(report.briefing, report.diagnostics)
    with _Stopwatch(report, "link"):
        report.graph = link(report.briefing)
    return report


def build(project: Project) -> BuildReport:
    """All stages; the output folder is replaced only if every stage succeeded."""
    from briefing.render import render
    from briefing.write import write

    report = check(project)
    assert report.briefing is not None and report.graph is not None
    with _Stopwatch(report, "render"):
        site = render(report.briefing, report.graph, project, report.diagnostics)
    with _Stopwatch(report, "write"):
        result = write(site, project.output, report.diagnostics)
        report.pages_written, report.pages_unchanged = result.written, result.unchanged
    return report
