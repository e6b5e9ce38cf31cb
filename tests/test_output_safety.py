"""The build writes only where it owns the output, and changes it all or nothing.

Every failure here is real: a small tmpfs that fills up, a read-only bind mount, and syscalls made to fail
or to kill the build at the file-system layer (strace's fault injection), never a mock.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing import pipeline, search
from briefing.output import MARKER, recover
from briefing.pipeline import Builder
from briefing.project import open_project
from briefing.render import StreamedPage
from briefing.search import SearchUnavailable
from briefing.streaming import HandedOn, PageStream
from conftest import REPO, edit, parse, run_cli, tree_digest

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import Corpus  # noqa: E402

TITLE_LINE = "title: Reef talks"
TRACEBACK = "Traceback (most recent call last)"


def exact_tree(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, all of them (the previous site must be byte-for-byte intact)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() or path.is_symlink()
    }


def leftovers(folder: Path) -> list[str]:
    """Anything a build leaves beside or inside an output folder besides the site: staging, undo, .tmp."""
    beside = [p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}.")]
    inside = [p.name for p in folder.rglob("*") if p.name.endswith(".tmp")] if folder.is_dir() else []
    return beside + inside


def change_every_page(project: Path) -> None:
    edit(project / "content/briefing.yaml", TITLE_LINE, "title: Reef talks, second edition")


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@pytest.fixture
def mounts() -> Iterator[list[Path]]:
    """Mount points to undo after the test, last first."""
    made: list[Path] = []
    yield made
    for point in reversed(made):
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def small_disk(folder: Path, mounts: list[Path], size: str) -> Path:
    folder.mkdir()
    mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    mounts.append(folder)
    return folder


def read_only(folder: Path, mounts: list[Path]) -> None:
    mount("--bind", str(folder), str(folder))
    mounts.append(folder)
    mount("-o", "remount,ro,bind", str(folder))


def fill(disk: Path, leave: int) -> None:
    """Take all the free space of ``disk`` but ``leave`` bytes."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(disk / "filler", "wb") as filler:
        filler.write(b"\0" * max(0, free - leave))


# ---------------------------------------------------------------- ownership


def test_output_at_a_folder_holding_a_file_is_refused_and_the_file_survives(project: Path, tmp_path: Path):
    thesis = tmp_path / "papers" / "thesis.md"
    thesis.parent.mkdir()
    thesis.write_text("draft chapter one\n")
    for cache in ([], ["--no-cache"]):
        result = run_cli("--project", project, "--output", thesis.parent, *cache)
        assert result.code == 1, result.stderr
        assert "output-not-owned" in result.stderr and "thesis.md" in result.stderr
        assert TRACEBACK not in result.stderr
        assert thesis.read_text() == "draft chapter one\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["papers", "project"]


def test_output_at_a_file_is_an_error(project: Path, tmp_path: Path):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n")
    result = run_cli("--project", project, "--output", notes)
    assert result.code == 1
    assert "is a file, not a folder" in result.stderr and TRACEBACK not in result.stderr
    assert notes.read_text() == "mine\n"
    (project / "site").write_text("also mine\n")
    result = run_cli("--project", project)
    assert result.code == 1 and "is a file, not a folder" in result.stderr
    assert (project / "site").read_text() == "also mine\n"


def test_an_empty_folder_and_the_tools_own_output_are_written(project: Path, tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("--project", project, "--output", empty).code == 0
    assert (empty / "index.html").is_file() and (empty / MARKER).is_file()
    change_every_page(project)
    assert run_cli("--project", project, "--output", empty, "--no-cache").code == 0
    assert "second edition" in (empty / "index.html").read_text()


def test_a_file_put_into_the_output_is_never_deleted(project: Path):
    assert run_cli("--project", project).code == 0
    site = project / "site"
    mine = site / "topics" / "my-notes.txt"
    mine.write_text("notes\n")
    change_every_page(project)
    result = run_cli("--project", project, "--no-cache")
    assert result.code == 1 and "topics/my-notes.txt" in result.stderr and "output-not-owned" in result.stderr
    assert mine.read_text() == "notes\n"
    result = run_cli("--project", project)  # with the cache: changed files are replaced, others left alone
    assert mine.read_text() == "notes\n"
    mine.unlink()
    assert run_cli("--project", project, "--no-cache").code == 0


def test_a_file_where_a_new_page_goes_is_not_overwritten(project: Path):
    assert run_cli("--project", project).code == 0
    site = project / "site"
    topic = project / "content/topics/reef-dispute.md"
    shutil.copy(topic, topic.with_name("second-topic.md"))
    (site / "topics/second-topic.html").write_text("my page\n")
    result = run_cli("--project", project)
    assert result.code == 1 and "topics/second-topic.html" in result.stderr and TRACEBACK not in result.stderr
    assert (site / "topics/second-topic.html").read_text() == "my page\n"


# ---------------------------------------------------------------- all or nothing


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cached", "no-cache"])
@pytest.mark.parametrize("leave", [4_096, 49_152, 131_072])
def test_a_full_disk_leaves_the_previous_site_intact(project: Path, tmp_path: Path, mounts, cache, leave):
    disk = small_disk(tmp_path / "disk", mounts, "8m")
    site = disk / "site"
    assert run_cli("--project", project, "--output", site).code == 0
    before = exact_tree(site)
    fill(disk, leave)
    change_every_page(project)
    result = run_cli("--project", project, "--output", site, *cache)
    assert result.code == 1, result.stderr
    assert "write-failed" in result.stderr and "No space left on device" in result.stderr
    assert TRACEBACK not in result.stderr
    assert exact_tree(site) == before
    assert leftovers(site) == []
    (disk / "filler").unlink()
    assert run_cli("--project", project, "--output", site, *cache).code == 0
    assert "second edition" in (site / "index.html").read_text()


def test_a_full_scratch_folder_for_the_search_pages_stops_the_build_and_leaves_the_site(
    project: Path, tmp_path: Path, mounts
):
    """A cold build writes each page's search document to a scratch folder (in memory where there is one) as
    it renders (briefing.streaming); that folder filling up stops the build before the write, and leaves
    nothing behind, there or beside the output."""
    assert run_cli("--project", project).code == 0
    site = project / "site"
    before = exact_tree(site)
    scratch = small_disk(tmp_path / "scratch", mounts, "16k")
    change_every_page(project)
    builder = Builder(open_project(project), rebuilds=False)
    with pytest.MonkeyPatch.context() as patch, pytest.raises(SearchUnavailable, match="No space left on device"):
        patch.setattr(search.documents, "memory_folder", lambda: str(scratch))
        builder.build()
    assert exact_tree(site) == before
    assert leftovers(site) == [] and list(scratch.iterdir()) == []


def pagefind_processes() -> list[int]:
    """This process's children (of any of its threads) running Pagefind."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                if b"pagefind" in Path(f"/proc/{child}/cmdline").read_bytes():
                    found.append(int(child))
            except OSError:  # gone already
                pass
    return found


def test_a_pagefind_killed_while_the_index_is_made_stops_the_build_and_leaves_the_site(tmp_path: Path):
    """A cold build starts a part's Pagefind while pages are still being rendered (search.SearchIndexing);
    one killed stops the rendering there and the build before the write, and leaves nothing behind: no
    staged site, no scratch folder of documents or of a part, no Pagefind still running."""
    project = tmp_path / "briefing"
    Corpus(100, seed=7).write(project)  # about 300 pages: a part is made long before the last is rendered
    assert run_cli("--project", project).code == 0
    site = project / "site"
    before = exact_tree(site)
    edit(project / "content/briefing.yaml", "title: Synthetic briefing", "title: Second edition of a briefing")
    scratch_before = set(Path("/dev/shm").glob("briefing-search-*"))
    killed: list[int] = []
    done = threading.Event()

    def kill_the_first_pagefind() -> None:
        while not done.is_set() and not killed:
            for pid in pagefind_processes():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            time.sleep(0.001)

    handed_on: list[str] = []

    class CountingStream(PageStream):
        def take(self, path: str, digest: str, handed: HandedOn) -> StreamedPage:
            handed_on.append(path)
            return super().take(path, digest, handed)

    killer = threading.Thread(target=kill_the_first_pagefind)
    builder = Builder(open_project(project), rebuilds=False)
    with pytest.MonkeyPatch.context() as patch, pytest.raises(SearchUnavailable, match="Pagefind failed"):
        patch.setattr(search, "PART_PAGES", 20)  # parts made while the pages render
        patch.setattr(pipeline, "PageStream", CountingStream)
        killer.start()
        try:
            builder.build()
        finally:
            done.set()
            killer.join()
    assert killed
    pages = sum(path.endswith(".html") for path in before)
    assert 0 < len(handed_on) < pages / 2, f"{len(handed_on)} of {pages} pages rendered: not stopped"
    assert exact_tree(site) == before
    assert leftovers(site) == [] and pagefind_processes() == []
    assert set(Path("/dev/shm").glob("briefing-search-*")) == scratch_before


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cached", "no-cache"])
def test_a_read_only_output_folder_is_reported_and_left_as_it_was(project: Path, mounts, cache):
    assert run_cli("--project", project).code == 0
    site = project / "site"
    before = exact_tree(site)
    read_only(site, mounts)
    change_every_page(project)
    result = run_cli("--project", project, *cache)
    assert result.code == 1, result.stderr
    assert "write-failed" in result.stderr and TRACEBACK not in result.stderr
    assert exact_tree(site) == before
    assert leftovers(site) == []


def test_a_read_only_project_is_reported(project: Path, mounts):
    read_only(project, mounts)
    result = run_cli("--project", project)
    assert result.code == 1, result.stderr
    assert "write-failed" in result.stderr and "Read-only file system" in result.stderr
    assert TRACEBACK not in result.stderr
    assert not (project / "site").exists()


def _renames_of(command: list[str]) -> int:
    """How many rename syscalls the build's own process makes (the swap is done with renames)."""
    log = subprocess.run(
        ["strace", "-qq", "-c", "-U", "name,calls", "-e", "trace=rename", *command],
        capture_output=True,
        text=True,
    ).stderr
    found = re.search(r"^\s*rename\s+(\d+)", log, re.MULTILINE)
    return int(found.group(1)) if found else 0


def _build_command(project: Path, *extra: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--project", str(project), "-q", *extra]


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cached", "no-cache"])
def test_a_swap_that_fails_or_is_killed_part_way_leaves_one_whole_site(project: Path, tmp_path: Path, cache):
    """Fail the Nth rename with EIO (rolled back at once), or kill the build at it (rolled back by the next
    run's recovery): the output is then exactly the previous site or exactly the new one."""
    assert run_cli("--project", project).code == 0
    site = project / "site"
    before = exact_tree(site)
    template = tmp_path / "template"
    shutil.copytree(project, template, symlinks=True)
    edit(template / "content/topics/reef-dispute.md", "reef", "Reef")
    scratch = tmp_path / "scratch"
    shutil.copytree(template, scratch, symlinks=True)
    renames = _renames_of(_build_command(scratch, *cache))
    assert renames >= 2
    after = tree_digest(scratch / "site")  # Pagefind names some index files differently on each run
    for when in sorted({1, 2, renames // 2, renames - 1, renames}):
        for fault in ("error=EIO", "signal=KILL"):
            shutil.rmtree(scratch)
            shutil.copytree(template, scratch, symlinks=True)
            inject = f"inject=rename:{fault}:when={when}"
            run = subprocess.run(
                [
                    "strace",
                    "-qq",
                    "-e",
                    "trace=rename",
                    "-e",
                    inject,
                    "-o",
                    os.devnull,
                    *_build_command(scratch, *cache),
                ],
                capture_output=True,
                text=True,
            )
            if fault == "error=EIO" and run.returncode != 0:
                assert TRACEBACK not in run.stderr, run.stderr
            recover(scratch / "site")  # what the next build does first
            whole = exact_tree(scratch / "site") == before or tree_digest(scratch / "site") == after
            assert whole, f"rename {when} of {renames}: {fault}"
            assert leftovers(scratch / "site") == [], f"rename {when} of {renames}: {fault}"
    result = run_cli("--project", scratch, *cache)
    assert result.code == 0 and tree_digest(scratch / "site") == after


# ---------------------------------------------------------------- output any host serves


def test_the_output_honours_the_umask(project: Path):
    old = os.umask(0o022)
    try:
        assert run_cli("--project", project).code == 0
    finally:
        os.umask(old)
    site = project / "site"
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")] if not p.is_symlink()}
    dirs = {stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert dirs == {0o755}
    assert modes - dirs == {0o644}


def test_404_links_are_absolute_with_a_base_url(project: Path):
    edit(project / "content/briefing.yaml", TITLE_LINE, f"{TITLE_LINE}\nbase_url: https://example.org/reef/")
    assert run_cli("--project", project).code == 0
    page = parse(project / "site/404.html")
    links = [a["href"] for a in page.select("a[href]") if not a["href"].startswith("#")]
    links += [link["href"] for link in page.select("link[href]")] + [s["src"] for s in page.select("script[src]")]
    assert links and all(link.startswith("https://example.org/reef/") for link in links), links
    assert parse(project / "site/topics/reef-dispute.html").select_one("a[href='../index.html']") is not None


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cached", "no-cache"])
def test_ctrl_c_at_any_moment_leaves_one_whole_site_and_no_traceback(project: Path, tmp_path: Path, cache):
    """SIGINT, as Ctrl-C sends it, at moments spread over a rebuild."""
    assert run_cli("--project", project).code == 0
    before = exact_tree(project / "site")
    template = tmp_path / "template"
    shutil.copytree(project, template, symlinks=True)
    change_every_page(template)
    scratch = tmp_path / "scratch"
    shutil.copytree(template, scratch, symlinks=True)
    started = time.monotonic()
    assert run_cli("--project", scratch, *cache).code == 0
    duration = time.monotonic() - started
    after = tree_digest(scratch / "site")
    for fraction in (0.3, 0.5, 0.7, 0.85, 0.95):
        shutil.rmtree(scratch)
        shutil.copytree(template, scratch, symlinks=True)
        build = subprocess.Popen(_build_command(scratch, *cache), stderr=subprocess.PIPE, text=True)
        time.sleep(duration * fraction)
        build.send_signal(signal.SIGINT)
        _, stderr = build.communicate(timeout=60)
        # -SIGINT: the signal came before Python set up its handler (a slow start), so nothing had run yet
        assert build.returncode in (0, 130, -signal.SIGINT), stderr
        assert TRACEBACK not in stderr
        site = scratch / "site"
        assert exact_tree(site) == before or tree_digest(site) == after, f"SIGINT at {fraction:.0%}"
        assert leftovers(site) == [], f"SIGINT at {fraction:.0%}"
        assert not list((scratch / ".briefing-cache").glob("*.tmp"))
