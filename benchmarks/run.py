"""Build figures for briefing beside Hugo, MkDocs and Pelican building the same articles.

    .venv/bin/python benchmarks/run.py --sizes 100,1000,10000 [--runs 3] [--work DIR]
                                       [--skip-reference] [--skip-ours]

For each size, benchmarks/corpus.py writes a briefing of that many synthetic
sources and the same articles as three plain sites (cached in the work folder
by size, seed and the generator's own hash). Then, for each size:

- Hugo, MkDocs, Pelican: a cold build (output folder removed first) as a
  child process: wall time, peak RSS and the HTML pages written.
- hugo+pagefind, the anchor: the briefing's build also makes a Pagefind
  search index, so it is set beside Hugo's cold build followed by Pagefind
  over Hugo's output (a child process, run as the briefing runs it:
  ``briefing.search.pagefind_command``; its index removed first). Time:
  Hugo's median plus Pagefind's; pages: Hugo's; peak RSS: the larger of the
  two steps' (they run one after the other). The briefing's cold-build row
  gives its time per page, whole-build time and peak RSS over the anchor's
  (benchmarks/reference.py runs the reference tools and the anchor).
- briefing: a cold ``build.py build --quiet`` (site/ and any build cache
  removed first), a warm one (nothing changed) and one after a word of one
  source is changed ("CLI edit": a new process, which starts from the build
  cache the last saved), as child processes, with the last one's peak RSS; then,
  in this process, the rebuilds the live preview makes with one ``Builder``,
  told which files changed as serve's file watcher tells it: no change, one
  word changed in one source's text (and in its raw capture), one comment
  changed in a project-level template override; each with the HTML pages it
  rewrote / all files it wrote (search index, JSON, raw copies).
  Like serve, these builds defer the print view, the search index and the
  JSON exports (serve brings them up to date once no save has come for a
  second); that catch-up build is not in the figures.

Every figure is the median of --runs runs made by this invocation. Peak RSS
is the child's ``ru_maxrss`` from ``os.wait4``: the largest single process
among the child and the processes it waited for (briefing's render workers
and Pagefind), not their sum. The reference tools are
looked for beside this Python and in <work>/reference-venv; those missing are
pip-installed into that venv at the versions in reference.REFERENCE_PACKAGES;
Pagefind is the briefing's own (``pagefind[bin]``, beside this Python). Prints
one markdown table; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402
from measure import Figures, count_pages, progress, remove, run_child  # noqa: E402
from reference import ANCHOR, measure_references, reference_tools  # noqa: E402

from briefing.project import open_project  # noqa: E402
from briefing.serve import DEFERRED_PAGES, preview_builder  # noqa: E402

# What a briefing build may keep in the project between runs, besides its output; removed before a cold build.
BUILD_CACHES = (".briefing-cache",)
OUTPUT = "site"
SEED = 7
TEMPLATE = "source.html"  # copied into the project's templates/ and edited there
TEMPLATE_MARK = "{% block content %}"
SUBJECT = re.compile(r"(^|\. )Officials ")  # a sentence's subject: never inside an evidence quote, never a mention


# -- briefing


def corpus_folder(work: Path, size: int) -> Path:
    """The briefing and reference sites of ``size`` sources, written once per size, seed and generator."""
    key = hashlib.sha256(Path(corpus.__file__).read_bytes()).hexdigest()[:10]
    folder = work / f"corpus-{size}-seed{SEED}-{key}"
    if not (folder / "complete").exists():
        progress(f"writing the {size}-source corpus to {folder}")
        remove(*work.glob(f"corpus-{size}-seed{SEED}-*"))  # this one's leftovers, and those of older generators
        generator = corpus.Corpus(size, SEED)
        generator.write(folder / "briefing")
        corpus.write_reference(generator.articles(), folder / "reference")
        (folder / "complete").write_text("")
    return folder


def fresh_project(cached: Path, work: Path, size: int) -> Path:
    """A copy of the cached briefing (the edits change it), with the template override the edits change;
    without any output or build cache a build in the cached folder may have left."""
    project = work / "projects" / f"briefing-{size}"
    remove(project)
    leftovers = {OUTPUT, *BUILD_CACHES}

    def ignored(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if Path(folder) == cached and name in leftovers]

    shutil.copytree(cached, project, ignore=ignored)
    (project / "templates").mkdir()
    shutil.copy(REPO / "templates" / TEMPLATE, project / "templates" / TEMPLATE)
    return project


def cold_paths(project: Path) -> list[Path]:
    """Everything a previous build left: the output, its swap leftovers and any cache."""
    leftovers = [*project.glob(f".{OUTPUT}.new-*"), project / f".{OUTPUT}.old"]
    return [project / OUTPUT, *leftovers, *(project / cache for cache in BUILD_CACHES)]


def measure_cli(project: Path, runs: int, logs: Path) -> Figures:
    command = [sys.executable, str(REPO / "build.py"), "build", "--project", str(project), "--quiet"]
    cold, warm, edited = [], [], []
    edit = source_edit(project)
    for n in range(runs):
        remove(*cold_paths(project))
        cold.append(run_child(command, project, logs / "briefing-cold.log"))
        warm.append(run_child(command, project, logs / "briefing-warm.log"))
        edit(n)
        edited.append(run_child(command, project, logs / "briefing-cli-edit.log"))
        progress(
            f"  briefing cold: {cold[-1][0]:.2f} s, {cold[-1][1]:.0f} MB; warm: {warm[-1][0]:.2f} s; "
            f"CLI after an edit: {edited[-1][0]:.2f} s, {edited[-1][1]:.0f} MB"
        )
    return Figures(
        statistics.median(s for s, _ in cold),
        statistics.median(m for _, m in cold),
        count_pages(project / OUTPUT),
        warm=statistics.median(s for s, _ in warm),
        cli_edit=(statistics.median(s for s, _ in edited), statistics.median(m for _, m in edited)),
    )


def source_edit(project: Path) -> Callable[[int], list[Path]]:
    """Changes one word of one source's text in its body and raw capture alike, and the capture's sha256."""
    for source in sorted((project / "content" / "sources").glob("*.md")):
        body = source.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        paragraph = next((p for p in body.split("\n\n") if SUBJECT.search(p)), None)
        if paragraph:
            break
    else:
        raise SystemExit("no source sentence starts with 'Officials'; change SUBJECT in benchmarks/run.py")
    raw = project / "content" / "sources" / "raw" / f"{source.stem}.txt"
    versions = (paragraph, SUBJECT.sub(r"\1Spokespeople ", paragraph, count=1))

    def edit(n: int) -> list[Path]:
        old, new = versions[n % 2], versions[(n + 1) % 2]
        raw.write_text(raw.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        sha256 = hashlib.sha256(raw.read_bytes()).hexdigest()
        text = source.read_text(encoding="utf-8").replace(old, new, 1)
        text = re.sub(r"^sha256: \w+$", f"sha256: {sha256}", text, count=1, flags=re.MULTILINE)
        source.write_text(text, encoding="utf-8")
        return [raw, source]

    return edit


def template_edit(project: Path) -> Callable[[int], list[Path]]:
    """Changes an HTML comment at the top of the source pages' content block, in the project's override."""
    override = project / "templates" / TEMPLATE
    original = override.read_text(encoding="utf-8")
    assert TEMPLATE_MARK in original, f"{TEMPLATE} has no {TEMPLATE_MARK}; change TEMPLATE_MARK"

    def edit(n: int) -> list[Path]:
        override.write_text(original.replace(TEMPLATE_MARK, f"{TEMPLATE_MARK}<!-- edit {n} -->", 1), encoding="utf-8")
        return [override]

    return edit


def measure_rebuilds(project: Path, runs: int) -> dict[str, tuple[float, int, int]]:
    """Seconds, HTML pages and files rewritten by in-process rebuilds, as ``serve`` makes them after each save:
    told which files changed, as its file watcher tells it."""
    builder = preview_builder(open_project(project))
    builder.build()
    edits: dict[str, Callable[[int], list[Path]]] = {
        "no change": lambda n: [],
        "source edit": source_edit(project),
        "template edit": template_edit(project),
    }
    figures = {}
    for name, edit in edits.items():
        samples = []
        for n in range(runs):
            changed = [str(path) for path in edit(n)]
            start = time.perf_counter()
            report = builder.build(deferred=DEFERRED_PAGES, changed=changed)
            pages = sum(1 for path in report.changed if path.endswith(".html"))
            samples.append((time.perf_counter() - start, pages, report.pages_written))
            progress(
                f"  briefing {name}: {samples[-1][0]:.3f} s, {pages} pages ({report.pages_written} files) rewritten"
            )
        figures[name] = (statistics.median(s for s, _, _ in samples), *samples[-1][1:])
    return figures


# -- the table


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def times(ratio: float | None) -> str:
    if ratio is None:
        return "–"
    return f"{ratio:.2f}×" if ratio < 1 else f"{ratio:.1f}×"


def compared(ours: Figures, hugo: Figures | None, anchor: Figures | None) -> list[str]:
    """The briefing's cold build against Hugo's alone, then against the anchor (Hugo + Pagefind, which
    does what the briefing's build does: pages and a search index) per page, whole build and peak RSS."""
    to_hugo = ours.cold / hugo.cold if hugo else None
    if anchor is None:
        return [times(to_hugo), "–", "–", "–"]
    per_page = (ours.cold / ours.pages) / (anchor.cold / anchor.pages)
    return [times(to_hugo), times(per_page), times(ours.cold / anchor.cold), times(ours.rss_mb / anchor.rss_mb)]


def table(results: list[tuple[int, str, Figures]]) -> str:
    header = [
        "sources",
        "tool",
        "cold s",
        "peak RSS MB",
        "pages",
        "warm CLI s",
        "CLI edit s / MB",
        "no-change s",
        "source edit s (pages/files)",
        "template edit s (pages/files)",
        "cold ours/Hugo",
        f"per page ours/{ANCHOR}",
        f"cold ours/{ANCHOR}",
        f"peak RSS ours/{ANCHOR}",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    by_tool = {(size, tool): figures for size, tool, figures in results}
    for size, tool, figures in results:
        rebuilds = [
            f"{seconds(figures.rebuilds[name][0])} ({figures.rebuilds[name][1]}/{figures.rebuilds[name][2]})"
            if name in figures.rebuilds
            else "–"
            for name in ("source edit", "template edit")
        ]
        no_change = figures.rebuilds.get("no change")
        ratios = ["–"] * 4
        if tool == "briefing":
            ratios = compared(figures, by_tool.get((size, "hugo")), by_tool.get((size, ANCHOR)))
        row = [str(size), tool, seconds(figures.cold), f"{figures.rss_mb:.0f}", str(figures.pages)]
        cli_edit = f"{seconds(figures.cli_edit[0])} / {figures.cli_edit[1]:.0f}" if figures.cli_edit else "–"
        row += [seconds(figures.warm), cli_edit, seconds(no_change[0] if no_change else None), *rebuilds, *ratios]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated numbers of sources")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; each figure is their median")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefing-bench")
    parser.add_argument("--skip-reference", action="store_true", help="measure briefing only")
    parser.add_argument("--skip-ours", action="store_true", help="measure the reference tools only")
    args = parser.parse_args()
    work = args.work.resolve()
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    tools = {} if args.skip_reference else reference_tools(work)
    results: list[tuple[int, str, Figures]] = []
    for size in (int(size) for size in args.sizes.split(",")):
        cached = corpus_folder(work, size)
        for name, figures in measure_references(tools, cached / "reference", size, args.runs, logs):
            results.append((size, name, figures))
        if not args.skip_ours:
            progress(f"{size} sources, briefing")
            project = fresh_project(cached / "briefing", work, size)
            figures = measure_cli(project, args.runs, logs)
            figures.rebuilds = measure_rebuilds(project, args.runs)
            results.append((size, "briefing", figures))
    print(f"\nMedians of {args.runs} run(s); {os.cpu_count()} CPUs; Python {sys.version.split()[0]}.\n")
    print(table(results))


if __name__ == "__main__":
    main()
