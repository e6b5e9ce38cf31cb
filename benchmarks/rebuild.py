"""Rebuild and live-reload figures for the seed briefing and a generated large one.

    python benchmarks/rebuild.py [--sizes seed,1000] [--runs 5] [--reload-edits 20]

For each briefing (a temporary copy; nothing in the repository is touched):
cold build (a fresh Builder in this process), no-change rebuild, and
rebuilds after one edit of a source's title, an annotation and a topic,
each with the pages rendered and files written. Figures are medians of
--runs runs. Then, for the seed briefing, the time from saving a topic to
the new words being visible in a page open in Chromium (served by
``build.py serve``), median and 90th percentile over --reload-edits saves.
Prints figures; asserts nothing (timings belong here, not in tests).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus import Corpus  # noqa: E402

from briefing.pipeline import Builder, BuildReport  # noqa: E402
from briefing.project import open_project  # noqa: E402
from briefing.serve import preview_builder  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def make_project(size: str, parent: Path) -> Path:
    root = parent / f"briefing-{size}"
    if size == "seed":
        shutil.copytree(REPO / "content", root / "content")
    else:
        Corpus(int(size), seed=7).write(root)
    return root


def first_file(folder: Path, suffix: str) -> Path:
    return sorted(folder.glob(f"*{suffix}"))[0]


def edits(root: Path) -> dict[str, Callable[[int], None]]:
    """One-file edits, each keeping the briefing valid; ``n`` makes every run's edit new."""
    content = root / "content"
    source = first_file(content / "sources", ".md")
    annotation = content / "annotations" / "claims.yaml"
    topic = first_file(content / "topics", ".md")

    def edit_source(n: int) -> None:
        text = source.read_text()
        source.write_text(
            text.replace("published_note:", f"published_note: Checked {n}.", 1)
            if "published_note:" in text
            else text.replace("language:", f"published_note: Checked {n}.\nlanguage:", 1)
        )

    def edit_annotation(n: int) -> None:
        annotation.write_text(annotation.read_text().replace("statement: ", f"statement: Edit {n} ", 1))

    def edit_topic(n: int) -> None:
        topic.write_text(topic.read_text() + f"\nAdded paragraph {n}.\n")

    return {"source edit": edit_source, "annotation edit": edit_annotation, "topic edit": edit_topic}


def timed(builder: Builder) -> tuple[float, BuildReport]:
    start = time.perf_counter()
    report = builder.build()
    return time.perf_counter() - start, report


def measure_rebuilds(root: Path, runs: int) -> list[tuple[str, float, int, int]]:
    rows = []
    colds = []
    for _ in range(runs):
        shutil.rmtree(root / "site", ignore_errors=True)
        seconds, report = timed(preview_builder(open_project(root)))
        colds.append((seconds, report))
    rows.append(
        ("cold build", statistics.median(s for s, _ in colds), colds[0][1].pages_rendered, colds[0][1].pages_written)
    )
    builder = preview_builder(open_project(root))
    builder.build()
    samples = [timed(builder) for _ in range(runs)]
    rows.append(
        (
            "no-change rebuild",
            statistics.median(s for s, _ in samples),
            samples[-1][1].pages_rendered,
            samples[-1][1].pages_written,
        )
    )
    for name, edit in edits(root).items():
        samples = []
        for n in range(runs):
            edit(n)
            samples.append(timed(builder))
        rows.append(
            (
                name,
                statistics.median(s for s, _ in samples),
                samples[-1][1].pages_rendered,
                samples[-1][1].pages_written,
            )
        )
    return rows


def measure_reload(root: Path, saves: int) -> list[float]:
    """Seconds from writing a topic file to its new words being visible in an open page."""
    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--project", str(root), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    topic = first_file(root / "content" / "topics", ".md")
    latencies = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"],
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/topics/{topic.stem}.html")
            page.wait_for_function("() => window.LiveReload !== undefined")
            for n in range(saves):
                marker = f"Marker{n}x{time.monotonic_ns()}"
                text = topic.read_text()
                start = time.perf_counter()
                topic.write_text(text + f"\n{marker}\n")
                page.wait_for_function(
                    f"() => !!document.body && document.body.innerText.includes('{marker}')",
                    polling="raf",
                    timeout=20000,
                )
                latencies.append(time.perf_counter() - start)
                page.wait_for_load_state("load")
                time.sleep(0.3)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="seed,1000", help="comma-separated: 'seed' and/or numbers of sources")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reload-edits", type=int, default=20, help="saves measured in Chromium (0 to skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as scratch:
        print(f"{'briefing':<16}{'build':<20}{'median ms':>10}{'rendered':>10}{'written':>9}")
        for size in args.sizes.split(","):
            root = make_project(size.strip(), Path(scratch))
            label = "seed (5 sources)" if size == "seed" else f"{size} sources"
            for name, seconds, rendered, written in measure_rebuilds(root, args.runs):
                print(f"{label:<16}{name:<20}{seconds * 1000:>10.0f}{rendered:>10}{written:>9}")
        if args.reload_edits and Path(CHROMIUM).exists():
            root = make_project("seed", Path(scratch) / "reload")
            latencies = sorted(measure_reload(root, args.reload_edits))
            p90 = latencies[max(0, int(len(latencies) * 0.9) - 1)]
            print(
                f"\nsave → new words visible in Chromium (seed, {len(latencies)} saves): "
                f"median {statistics.median(latencies) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, "
                f"max {latencies[-1] * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
