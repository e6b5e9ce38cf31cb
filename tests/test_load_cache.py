"""The load cache reads a file again when its bytes may have changed, and asks the kernel to read ahead."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from briefing.incremental.loadcache import SETTLED_NS, LoadCache, PathFile
from briefing.pipeline import Builder
from briefing.project import open_project
from conftest import REPO
from rebuilds import SOURCE, Watcher, edit_source_word

SOURCE_ID = Path(SOURCE).stem


def test_load_cache_rereads_a_file_saved_twice_within_the_timestamp_resolution(tmp_path: Path):
    cache = LoadCache()
    path = tmp_path / "note.yaml"
    path.write_text("aaaa")
    assert cache.read(PathFile(path), "note.yaml").text == "aaaa"
    path.write_text("bbbb")  # same size, same inode, quite possibly the same mtime
    assert cache.read(PathFile(path), "note.yaml").text == "bbbb"


def test_load_cache_trusts_stat_for_files_older_than_the_racy_window(tmp_path: Path):
    cache = LoadCache()
    path = tmp_path / "note.yaml"
    path.write_text("aaaa")
    old = time.time_ns() - 10 * SETTLED_NS
    os.utime(path, ns=(old, old))
    assert cache.read(PathFile(path), "note.yaml").text == "aaaa"
    path.write_text("bbbb")
    os.utime(path, ns=(old, old))  # nothing stat can see has changed: the file is not read again
    assert cache.read(PathFile(path), "note.yaml").text == "aaaa"
    os.utime(path, ns=(old + 1, old + 1))
    assert cache.read(PathFile(path), "note.yaml").text == "bbbb"


def test_a_cold_load_asks_the_kernel_to_read_ahead_every_file_it_reads(tmp_path: Path, monkeypatch):
    """Files are read one at a time; told beforehand, the kernel fetches them from disk together."""
    project = tmp_path / "briefing"
    shutil.copytree(REPO / "content", project / "content")
    opened: dict[int, str] = {}
    advised: set[str] = set()
    real_open = os.open

    def open_and_remember(path, flags, *args, **kwargs):
        descriptor = real_open(path, flags, *args, **kwargs)
        opened[descriptor] = str(path)
        return descriptor

    def advise(descriptor, offset, length, advice):
        assert advice == os.POSIX_FADV_WILLNEED
        advised.add(opened[descriptor])

    monkeypatch.setattr(os, "open", open_and_remember)
    monkeypatch.setattr(os, "posix_fadvise", advise)
    builder = Builder(open_project(project))
    builder.check()
    read = {str(project / path) for path in builder.caches.load._files}
    assert any("/raw/" in path for path in read)
    # files named by path, each read alone (the previous edition, if named): nothing to read ahead of
    assert read - advised <= {str(project / "content/briefing.yaml")}
    advised.clear()
    builder.check()  # a warm load reads only what stat says changed: nothing to advise
    assert not advised


def test_a_watched_edit_copies_only_the_tables_it_changes_and_leaves_the_last_briefing_as_it_was(tmp_path: Path):
    """A rebuild told which files changed patches the last load: the tables no changed file touches are the
    last ones themselves (how later stages tell at once that nothing in them changed), and the last
    briefing, which later stages compare with, keeps its own records."""
    root = tmp_path / "briefing"
    shutil.copytree(REPO / "content", root / "content")
    builder = Builder(open_project(root))
    last = builder.build().briefing
    assert last is not None
    last_source = last.sources[SOURCE_ID]
    watcher = Watcher(root)
    edit_source_word(root)
    now = builder.build(changed=watcher.changed()).briefing
    assert now is not None
    assert now.sources is not last.sources and now.sources[SOURCE_ID] is not last_source
    assert last.sources[SOURCE_ID] is last_source
    assert now.raw_captures is not last.raw_captures and last.raw_digests[SOURCE_ID] != now.raw_digests[SOURCE_ID]
    for name in ("entities", "events", "quotes", "claims", "topics"):
        assert getattr(now, name) is getattr(last, name), name
