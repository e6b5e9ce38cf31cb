"""Where a cold build's CPU goes, page kind by page kind, and what Pagefind alone costs over the same pages.

    .venv/bin/python benchmarks/render_budget.py [--sources 1000] [--work DIR] [--pagefind-runs 3]

Builds a copy of the synthetic briefing of --sources sources (benchmarks/corpus.py, cached in --work as
run.py caches it) in this process with one render process, timing each page's rendering by its template,
then runs Pagefind's command line (as the build runs it) over the search documents of the pages built.
Prints, per template: pages, seconds, milliseconds a page and KiB a page; the build's stage times; and
Pagefind's wall and CPU seconds. These are the figures to set beside the hugo+pagefind anchor of run.py:
whatever Pagefind and the one-core stages take is not left for rendering. Asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from run import SEED, corpus_folder  # noqa: E402

from briefing.pipeline import Builder  # noqa: E402
from briefing.project import open_project  # noqa: E402
from briefing.render import renderer  # noqa: E402
from briefing.search import SEARCHABLE, SearchDocuments, pagefind_command  # noqa: E402

PageTimes = dict[str, list[tuple[float, int]]]  # by template: each page's seconds and bytes


def build_timing_pages(project: Path) -> tuple[PageTimes, dict[str, float]]:
    """A cold build in this process (one render process), each page's rendering timed by its template."""
    times: PageTimes = collections.defaultdict(list)
    untimed = renderer.Renderer.render_page

    def timed(self: renderer.Renderer, spec: renderer.PageSpec) -> renderer.RenderedPage:
        start = time.perf_counter()
        page = untimed(self, spec)
        times[spec.template].append((time.perf_counter() - start, len(page.data)))
        return page

    renderer.Renderer.render_page = timed  # type: ignore[method-assign]
    try:
        report = Builder(open_project(project), workers=1, rebuilds=False).build()
    finally:
        renderer.Renderer.render_page = untimed  # type: ignore[method-assign]
    return times, report.timings


def pagefind_alone(site: Path, runs: int) -> list[tuple[float, float]]:
    """Wall and CPU seconds of Pagefind over the search documents of the site's pages, ``runs`` times."""
    figures = []
    with SearchDocuments() as documents, tempfile.TemporaryDirectory(prefix="render-budget-") as scratch:
        for page in site.rglob("*.html"):
            data = page.read_bytes()
            if SEARCHABLE in data:
                documents.write(page.relative_to(site).as_posix(), data)
        for run in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(pagefind_command(documents.folder, Path(scratch) / f"index-{run}", "en"), check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            figures.append((time.perf_counter() - start, cpu))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefing-benchmarks")
    parser.add_argument("--pagefind-runs", type=int, default=3)
    options = parser.parse_args()
    cached = corpus_folder(options.work, options.sources) / "briefing"
    with tempfile.TemporaryDirectory(prefix="render-budget-") as scratch:
        project = Path(scratch) / "briefing"
        shutil.copytree(cached, project, ignore=shutil.ignore_patterns("site", ".briefing-cache"))
        times, stages = build_timing_pages(project)
        pagefind = pagefind_alone(project / "site", options.pagefind_runs)
    pages = sum(len(timed) for timed in times.values())
    rendering = sum(seconds for timed in times.values() for seconds, _ in timed)
    print(f"{options.sources} sources (seed {SEED}): {pages} pages rendered in {rendering:.2f} s of one core\n")
    print("| template | pages | s | ms a page | KiB a page |\n|---|---|---|---|---|")
    for template, timed in sorted(times.items(), key=lambda item: -sum(s for s, _ in item[1])):
        seconds, size = sum(s for s, _ in timed), sum(n for _, n in timed)
        each, kib = 1000 * seconds / len(timed), size / len(timed) / 1024
        print(f"| {template} | {len(timed)} | {seconds:.2f} | {each:.2f} | {kib:.1f} |")
    print("\nstages (s): " + ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in stages.items()))
    walls, cpus = [wall for wall, _ in pagefind], [cpu for _, cpu in pagefind]
    print(
        f"Pagefind alone over the search documents: {statistics.median(walls):.2f} s wall, "
        f"{statistics.median(cpus):.2f} s CPU (median of {len(pagefind)})"
    )


if __name__ == "__main__":
    main()
