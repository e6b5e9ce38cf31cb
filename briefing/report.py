"""What a build or check reports: its diagnostics, what it made and reused, and how long each stage took."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from briefing.diagnostics import BuildFailed, Diagnostics
from briefing.link import Graph
from briefing.model import Briefing
from briefing.progress import Progress
from briefing.search import SEARCH_FOLDER


@dataclass
class BuildReport:
    diagnostics: Diagnostics
    briefing: Briefing | None = None
    graph: Graph | None = None
    files_read: int = 0
    pages_written: int = 0
    pages_unchanged: int = 0
    pages_rendered: int = 0
    pages_reused: int = 0
    render_processes: int = 1  # more than one when the pages were rendered in forked workers
    changed: tuple[str, ...] = ()
    pages_by_type: dict[str, int] = field(default_factory=dict)
    postponed: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    elapsed: float = 0.0  # the whole build, stages and what runs between them
    notes: list[str] = field(default_factory=list)  # about the build itself (its cache), not the content

    @property
    def in_processes(self) -> str:
        """Where the pages were rendered, to follow their count in a summary: "" when in this process."""
        return f" in {self.render_processes} processes" if self.render_processes > 1 else ""


class Stopwatch:
    """Times one stage, and stops the build if the stage reported an error."""

    def __init__(self, report: BuildReport, stage: str, progress: Progress) -> None:
        self.report = report
        self.stage = stage
        self.progress = progress

    def __enter__(self) -> None:
        self.progress.stage(self.stage)
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.report.timings[self.stage] = time.perf_counter() - self.start
        if self.report.diagnostics.has_errors:
            raise BuildFailed(self.report.diagnostics, self.stage)


def pages_by_type(files: Mapping[str, bytes]) -> dict[str, int]:
    """HTML pages counted by their folder (sources, claims, …); pages at the top are 'index' pages."""
    counts: dict[str, int] = {}
    for path in files:
        if path.endswith(".html") and not path.startswith(SEARCH_FOLDER + "/"):
            kind = path.split("/", 1)[0] if "/" in path else "index"
            counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
