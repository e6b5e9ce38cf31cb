"""The build cache on disk (.briefing-cache/): a build in a new process starts where the last one ended,
reuses only what is still true, and never loads a cache it cannot trust."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from briefing import search
from briefing.incremental.store import CACHE_FILE, CACHE_FOLDER, CacheStore
from briefing.pipeline import Builder, BuildReport
from briefing.project import open_project
from briefing.render.cache import ON_DISK
from briefing.search.pagefind import index_part
from conftest import UNSTABLE_FILES, cold, edit, run_cli, tree_digest

SOURCE_PAGE = "sources/wire-2020-01-02.html"


def build(project: Path, key: Path, output: Path | None = None) -> BuildReport:
    """A build as a new process makes it: a fresh builder, whose only past is the cache on disk."""
    opened = open_project(project, output)
    return Builder(opened, store=CacheStore(opened, key)).build()


def test_a_new_builder_reuses_the_saved_pages_and_renders_only_what_changed(project: Path, key: Path, tmp_path):
    first = build(project, key)
    assert first.pages_rendered > 10 and not first.notes
    assert (project / CACHE_FOLDER / CACHE_FILE).is_file()

    unchanged = build(project, key)
    assert (unchanged.pages_rendered, unchanged.pages_written) == (0, 0)
    assert unchanged.notes == ["no input changed since the last build: nothing to validate, render or write"]

    edit(project / "content/annotations/records.yaml", "agreed to keep talking.", "agreed to keep talking soon.")
    edited = build(project, key)
    assert 0 < edited.pages_rendered < first.pages_rendered
    assert any(path.startswith("claims/") for path in edited.changed)
    assert tree_digest(project / "site") == cold(project, tmp_path / "cold")


@pytest.mark.parametrize(
    "edited",
    [
        ("content/annotations/records.yaml", "agreed to keep talking.", "agreed to keep talking soon."),
        ("content/briefing.yaml", "title: ", "title: The "),
    ],
)
def test_a_new_process_renders_again_exactly_the_pages_a_live_builder_renders(
    project: Path, key: Path, tmp_path: Path, edited: tuple[str, str, str]
):
    """The saved fingerprints tell what changed as precisely as the live builder's comparisons of values."""
    live = Builder(open_project(project, tmp_path / "live"))
    live.build()
    build(project, key)
    edit(project / edited[0], *edited[1:])
    again, restored = live.build(), build(project, key)
    assert 0 < restored.pages_rendered == again.pages_rendered
    stable = [[path for path in report.changed if not UNSTABLE_FILES.match(path)] for report in (restored, again)]
    assert stable[0] == stable[1] and restored.pages_written == again.pages_written
    assert tree_digest(project / "site") == tree_digest(tmp_path / "live")


@pytest.mark.parametrize("damage", ["edited", "deleted"])
def test_an_output_file_changed_by_hand_is_built_again(project: Path, key: Path, damage: str):
    build(project, key)
    page = project / "site" / SOURCE_PAGE
    expected = page.read_bytes()
    if damage == "edited":
        page.write_bytes(expected.replace(b"</main>", b"<p>edited by hand</p></main>"))
    else:
        page.unlink()
    report = build(project, key)
    assert report.pages_rendered == 1 and not report.notes
    assert page.read_bytes() == expected


@pytest.mark.parametrize(
    "damaged",
    [
        "static/style.css",
        "static/pygments.css",
        "briefing.json",
        "sources/raw/wire-2020-01-02.txt",
        "pagefind/parts.json",
        "part's fragment",
    ],
)
def test_a_file_of_a_group_the_layer_keeps_changed_by_hand_is_made_again(
    project: Path, key: Path, tmp_path: Path, damaged: str, monkeypatch: pytest.MonkeyPatch
):
    """Static files, exports, raw captures and the search index's parts are kept by what they were made from
    (incremental/outputs.py) and read back from the output in a new process: a file of theirs changed by hand
    makes its group again (a part of the index: only that part's Pagefind runs), and the site is a cold
    build's."""
    monkeypatch.setattr(search, "PART_PAGES", 4)  # several parts
    build(project, key)
    site = project / "site"
    assert (site / "pagefind/part-2").is_dir()
    if damaged == "part's fragment":
        damaged = min(site.glob("pagefind/part-2/fragment/*")).relative_to(site).as_posix()
    target = site / damaged
    expected = target.read_bytes()
    target.write_bytes(expected[: len(expected) // 2] + b"edited by hand")
    indexed: list[int] = []

    def recorded(files: dict[str, bytes], paths: list[str], number: int, *rest: Any) -> dict[str, bytes]:
        indexed.append(number)
        return index_part(files, paths, number, *rest)

    monkeypatch.setattr(search, "index_part", recorded)
    report = build(project, key)
    assert report.pages_rendered == 0
    assert target.read_bytes() == expected
    assert indexed == ([2] if "part-2/" in damaged else [])
    stable = {path: digest for path, digest in tree_digest(site).items() if not UNSTABLE_FILES.match(path)}
    cold_site = {path: digest for path, digest in cold(project, tmp_path / "cold").items()}
    assert stable == {path: digest for path, digest in cold_site.items() if not UNSTABLE_FILES.match(path)}


def test_a_cache_signed_with_another_key_is_not_loaded(project: Path, key: Path, tmp_path: Path):
    first = build(project, key)
    report = build(project, tmp_path / "someone-else" / "key")
    assert report.pages_rendered == first.pages_rendered
    assert len(report.notes) == 1 and "not written by this user's builds" in report.notes[0]


def test_a_damaged_cache_is_not_loaded(project: Path, key: Path):
    first = build(project, key)
    cache = project / CACHE_FOLDER / CACHE_FILE
    data = bytearray(cache.read_bytes())
    data[-10] ^= 0xFF
    cache.write_bytes(bytes(data))
    report = build(project, key)
    assert report.pages_rendered == first.pages_rendered
    assert "not written by this user's builds" in report.notes[0]


def test_a_cache_made_for_another_output_folder_is_not_used(project: Path, key: Path, tmp_path: Path):
    first = build(project, key)
    report = build(project, key, tmp_path / "elsewhere")
    assert report.pages_rendered == first.pages_rendered
    assert "another version of the generator or for another output" in report.notes[0]


def test_without_a_signing_key_the_build_succeeds_and_says_the_cache_was_not_saved(project: Path, tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    report = build(project, blocker / "key")
    assert report.pages_rendered > 10
    assert report.notes == [f"build cache not saved: no signing key at {blocker / 'key'}"]
    assert not (project / CACHE_FOLDER).exists()


def test_cli_keeps_the_cache_unless_told_not_to(project: Path, tmp_path: Path):
    result = run_cli("build", "--project", project, "--no-cache")
    assert result.code == 0, result.stderr
    assert not (project / CACHE_FOLDER).exists()

    first = run_cli("build", "--project", project)
    assert first.code == 0 and (project / CACHE_FOLDER / CACHE_FILE).is_file()
    edit(project / "content/briefing.yaml", "title:", "title: Revised")
    second = run_cli("build", "--project", project)
    assert second.code == 0 and "note:" not in second.stderr
    assert "restore" in second.stdout and "save" in second.stdout
    assert tree_digest(project / "site") == cold(project, tmp_path / "cold")


def test_an_output_file_changed_within_the_racy_window_is_caught_though_its_stat_is_the_same(project: Path, key):
    """Edited in place to the same size, its modification time set back: only its digest tells."""
    build(project, key)
    page = project / "site" / SOURCE_PAGE
    expected, stat = page.read_bytes(), page.stat()
    page.write_bytes(expected.replace(b"<main", b"<MAIN", 1))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    report = build(project, key)
    assert report.pages_rendered == 1 and not report.notes
    assert page.read_bytes() == expected


@pytest.mark.parametrize("with_store", [True, False])
def test_a_builder_that_will_not_rebuild_lets_go_of_the_pages_yet_builds_again_right(
    project: Path, key: Path, tmp_path: Path, with_store: bool
):
    """The command line's builder drops the pages' bytes before saving; built again all the same, it starts
    from the saved cache (reading the pages back) or from nothing."""
    opened = open_project(project, tmp_path / "site")
    builder = Builder(opened, store=CacheStore(opened, key) if with_store else None, rebuilds=False)
    first = builder.build()
    assert builder.caches.render.pages and all(page.data is ON_DISK for page in builder.caches.render.pages.values())
    edit(project / "content/annotations/records.yaml", "agreed to keep talking.", "agreed to keep talking soon.")
    again = builder.build()
    if with_store:
        assert 0 < again.pages_rendered < first.pages_rendered
    else:
        assert again.pages_rendered == first.pages_rendered
    assert tree_digest(tmp_path / "site") == cold(project, tmp_path / "cold")
