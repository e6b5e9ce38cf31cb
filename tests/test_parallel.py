"""Parallel and cached builds write exactly what a single-process cold build writes (generated 200-source briefing)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from briefing.persist import CacheStore
from briefing.pipeline import Builder, BuildReport
from briefing.project import open_project
from conftest import REPO, edit, tree_digest

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import Corpus  # noqa: E402

SOURCES = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "briefing"
    Corpus(SOURCES, seed=7).write(root)
    return root


def cold_single_process(root: Path, output: Path) -> dict[str, str]:
    Builder(open_project(root, output), workers=1).build()
    return tree_digest(output)


def test_parallel_and_cached_builds_equal_a_single_process_cold_build(corpus: Path, tmp_path: Path):
    parallel = Builder(open_project(corpus, tmp_path / "parallel"), workers=2)
    report = parallel.build()
    assert report.pages_rendered > 2 * 100, "too few pages to use the pool"
    expected = cold_single_process(corpus, tmp_path / "single")
    assert tree_digest(tmp_path / "parallel") == expected

    # The same builder again, after an edit: cached pages plus a few re-rendered ones.
    claims = corpus / "content/annotations/claims.yaml"
    statement = next(line for line in claims.read_text(encoding="utf-8").splitlines() if "statement:" in line)
    edit(claims, statement, statement + " Revised")
    report = parallel.build()
    assert 0 < report.pages_rendered < 100 and report.pages_reused > 500
    assert tree_digest(tmp_path / "parallel") == cold_single_process(corpus, tmp_path / "single-after-edit")


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
    assert tree_digest(output) == cold_single_process(corpus, tmp_path / "single")
