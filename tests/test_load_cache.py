"""The load cache reads a file again when its bytes may have changed, and asks the kernel to read ahead."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from briefing.load import SETTLED_NS, LoadCache, PathFile
from briefing.pipeline import Builder
from briefing.project import open_project
from conftest import REPO


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
