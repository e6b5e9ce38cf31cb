"""Parallel and cached builds write exactly what a single-process cold build writes (generated 200-source briefing)."""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

import pytest

from briefing import pipeline, search
from briefing.incremental.store import CacheStore
from briefing.pipeline import Builder, BuildReport
from briefing.project import open_project
from briefing.render import StreamedPage, template_digest
from briefing.streaming import HandedOn, PageStream
from conftest import REPO, cold, edit, free_port, start_server, stop_server, tree_digest, wait_until_serving

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import Corpus  # noqa: E402

SOURCES = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "briefing"
    Corpus(SOURCES, seed=7).write(root)
    return root


def test_parallel_and_cached_builds_equal_a_single_process_cold_build(corpus: Path, tmp_path: Path):
    parallel = Builder(open_project(corpus, tmp_path / "parallel"), workers=2)
    report = parallel.build()
    assert report.pages_rendered > 2 * 100, "too few pages to use the pool"
    expected = cold(corpus, tmp_path / "single")
    assert tree_digest(tmp_path / "parallel") == expected

    # The same builder again, after an edit: cached pages plus a few re-rendered ones.
    claims = corpus / "content/annotations/claims.yaml"
    statement = next(line for line in claims.read_text(encoding="utf-8").splitlines() if "statement:" in line)
    edit(claims, statement, statement + " Revised")
    report = parallel.build()
    assert 0 < report.pages_rendered < 100 and report.pages_reused > 500
    assert tree_digest(tmp_path / "parallel") == cold(corpus, tmp_path / "single-after-edit")


def test_after_a_parallel_build_its_process_has_every_template_a_page_reads_compiled(corpus: Path, tmp_path: Path):
    """The templates a page template extends, imports or includes too: else serve's first edit after a forked
    cold build compiles them (170 ms of a 10,000-source edit's render for base.html and macros.html)."""
    builder = Builder(open_project(corpus, tmp_path / "out"), workers=2)
    assert builder.build().render_processes == 2
    env, reads = builder.caches.render.environment(builder.project.template_dirs, template_digest(builder.project))
    reached = reads.reached(reads.of)
    assert {"base.html", "macros.html", "claims_matrix.html", "source.html"} <= reached
    assert reached <= {name for _, name in env.cache}


def test_a_parallel_build_from_the_saved_cache_equals_a_single_process_cold_build(corpus: Path, tmp_path: Path):
    """A new builder (as in a new process) whose only past is .briefing-cache/, after an edit to one source."""
    output, key = tmp_path / "cached", tmp_path / "signing-key"

    def build_from_disk_cache() -> BuildReport:
        project = open_project(corpus, output)
        return Builder(project, workers=2, store=CacheStore(project, key)).build()

    first = build_from_disk_cache()
    assert first.pages_rendered > 500
    source = sorted((corpus / "content/sources").glob("*.md"))[0]
    edit(source, "note: Synthetic outlet.", "note: Synthetic outlet, graded again.")
    report = build_from_disk_cache()
    assert not report.notes
    assert 0 < report.pages_rendered < 100 and report.pages_reused > 500
    assert f"sources/{source.stem}.html" in report.changed
    assert tree_digest(output) == cold(corpus, tmp_path / "single")


def test_serve_renders_a_template_edit_in_workers_and_writes_what_a_cold_build_writes(corpus: Path, tmp_path: Path):
    """serve forks the render workers from its watcher thread while the web server runs in another."""
    project, served = tmp_path / "briefing", tmp_path / "served"
    shutil.copytree(corpus / "content", project / "content")
    port = free_port()
    server = start_server(project, port, "--output", str(served), "--no-cache", "--workers", "2")
    try:
        wait_until_serving(server, port)
        override = project / "templates/base.html"
        override.parent.mkdir()
        base = (REPO / "templates/base.html").read_text(encoding="utf-8")
        override.write_text(base.replace("</body>", "<!-- edited while serving --></body>"), encoding="utf-8")
        expected = cold(project, tmp_path / "single")
        assert all(b"edited while serving" in path.read_bytes() for path in (tmp_path / "single").rglob("*.html"))
        deadline = time.monotonic() + 120
        while (written := tree_digest(served)) != expected:  # the save's build, then the deferred pages' build
            differing = sorted(
                path for path in written.keys() | expected.keys() if written.get(path) != expected.get(path)
            )
            assert time.monotonic() < deadline, f"serve did not write what a cold build writes: {differing[:10]}"
            time.sleep(0.5)
    finally:
        _, log = stop_server(server)
    first, after_edit = [
        re.search(r"built in .*: (\d+) page\(s\) rendered(.*?),", line)
        for line in log.splitlines()
        if "built in" in line
    ][:2]
    assert first is not None and after_edit is not None, log
    assert int(after_edit.group(1)) > 500 and after_edit.group(2) == " in 2 processes", log


def test_a_build_that_hands_pages_on_as_they_are_rendered_writes_what_one_holding_them_writes(
    corpus: Path, tmp_path: Path
):
    """A builder that will not build again (``build.py build``) lets go of each searchable page once it is
    staged, read for links and titles and written for Pagefind (briefing.streaming), and has each part of
    the search index made as soon as its pages are (search.SearchIndexing); its site, index included, must
    be the one a builder that keeps every page writes."""
    handed_on: list[str] = []
    started_after: list[int] = []  # pages handed on when each part's Pagefind was started

    class CountingStream(PageStream):
        def take(self, path: str, digest: str, handed: HandedOn) -> StreamedPage:
            handed_on.append(path)
            return super().take(path, digest, handed)

    def start_ahead(indexing: search.SearchIndexing, number: int) -> None:
        """Counted when the part's Pagefind is submitted: when it runs depends on the threads' timing."""
        handed = len(handed_on)
        unwatched_start(indexing, number)
        if number in indexing._ahead:
            started_after.append(handed)

    def index_part(*args: object) -> dict[str, bytes]:
        indexed.append(args[2])
        return unwatched_index_part(*args)

    unwatched_start, unwatched_index_part, indexed = search.SearchIndexing._start_ahead, search.index_part, []
    streaming = Builder(open_project(corpus, tmp_path / "streamed"), workers=2, rebuilds=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "PageStream", CountingStream)
        patch.setattr(search, "PART_PAGES", 100)
        patch.setattr(search.SearchIndexing, "_start_ahead", start_ahead)
        patch.setattr(search, "index_part", index_part)
        report = streaming.build()
        parts = search.part_count(report.pages_rendered)
        patch.setattr(search, "index_part", unwatched_index_part)
        held = cold(corpus, tmp_path / "held")
    assert report.pages_rendered > 500 and not report.diagnostics.has_errors
    assert len(handed_on) > 0.9 * report.pages_rendered
    assert len(started_after) == parts > 4 and sorted(indexed) == list(range(parts))
    assert sum(count < len(handed_on) for count in started_after) >= parts - 1, started_after  # all but the last
    assert min(started_after) < len(handed_on) / 2, started_after  # pages are rendered part by part
    streamed = tree_digest(tmp_path / "streamed")
    assert sum(path.endswith(".pf_fragment") for path in streamed) > 500
    assert streamed == held
