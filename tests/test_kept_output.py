"""A build in a new process (the command line after an edit) leaves the files it keeps from the last build in
the output folder, and reads one only when a stage needs its bytes (``briefing.render.site``): never a
stale or empty file, whatever happened to the output since.

Reads are recorded with an audit hook (Python's own event for every file it opens, in every thread);
the output is compared with a cold build's."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from briefing import search
from briefing.incremental.loadcache import SETTLED_NS
from briefing.incremental.store import CacheStore
from briefing.output import MARKER
from briefing.pdf import render_pdf
from briefing.pipeline import Builder, BuildReport
from briefing.project import open_project
from briefing.render.cache import ON_DISK, file_digest
from briefing.render.site import KeptFileChanged, Site
from briefing.search.pagefind import index_part
from conftest import cold, edit, tree_digest

CLAIM_EDIT = ("content/annotations/records.yaml", "agreed to keep talking.", "agreed to keep talking soon.")
_recorders: list[list[str]] = []  # the reads being recorded, for the audit hook (which cannot be removed)


def _record_read(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _recorders and isinstance(args[0], str | Path):
        flags = args[2] if isinstance(args[2], int) else os.O_RDONLY
        if flags & os.O_ACCMODE == os.O_RDONLY:
            for reads in _recorders:
                reads.append(os.fspath(args[0]))


sys.addaudithook(_record_read)


@contextmanager
def files_read_under(folder: Path) -> Iterator[set[str]]:
    """The files under ``folder`` opened for reading meanwhile, by path relative to it (set on exit)."""
    reads: list[str] = []
    found: set[str] = set()
    _recorders.append(reads)
    try:
        yield found
    finally:
        _recorders.remove(reads)
        prefix = f"{folder.resolve()}/"
        found.update(path[len(prefix) :] for path in map(os.path.abspath, reads) if path.startswith(prefix))


def build_once(project: Path, key: Path) -> BuildReport:
    """A build as the command line makes it: a new builder, started from the store, that builds once."""
    opened = open_project(project)
    return Builder(opened, store=CacheStore(opened, key), rebuilds=False).build()


def settle() -> None:
    """Let the output's files age past the racy window of the store's next save (see ``store._OutputStats``):
    their stat alone then says whether they are as written."""
    time.sleep(SETTLED_NS / 1e9 + 0.1)


def test_a_rebuild_reads_only_the_files_written_last_time_and_the_pages_of_the_index_parts_it_makes_again(
    project: Path, key: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(search, "PART_PAGES", 4)  # several parts, of which an edit makes one or two again
    build_once(project, key)
    settle()
    edit(project / CLAIM_EDIT[0], *CLAIM_EDIT[1:])
    last = build_once(project, key)  # its own files are within the racy window of its save: checked by digest
    edit(project / CLAIM_EDIT[0], "agreed to keep talking soon.", "agreed to keep talking later.")
    indexed_again: set[str] = set()

    def recorded(files: Any, paths: list[str], *rest: Any) -> dict[str, bytes]:
        indexed_again.update(paths)
        return index_part(files, paths, *rest)

    monkeypatch.setattr(search, "index_part", recorded)
    site = project / "site"
    with files_read_under(site) as read:
        report = build_once(project, key)
    pages = [path for path in tree_digest(site) if path.endswith(".html")]
    assert 0 < report.pages_rendered < report.pages_reused and indexed_again
    assert read - {MARKER} <= set(last.changed) | indexed_again
    assert set(pages) - read - indexed_again, "every page was read"
    assert tree_digest(site) == cold(project, tmp_path / "cold")


def test_a_kept_file_changed_with_its_size_and_time_kept_makes_the_build_start_from_scratch(
    project: Path, key: Path, tmp_path: Path
):
    """Its stat says it is as written, so it is left in the output folder; when the site is assembled anew
    (another file was deleted), its bytes are read, their digest differs, and the build starts again from
    nothing instead of writing them into the new site."""
    build_once(project, key)
    settle()
    edit(project / CLAIM_EDIT[0], *CLAIM_EDIT[1:])
    written = build_once(project, key).changed  # read to check them anyway: within its save's racy window
    site = project / "site"
    deleted = site / "index.html"
    pages = [path for path in sorted(tree_digest(site)) if path.endswith(".html")]
    kept = site / next(path for path in pages if path not in (*written, "index.html"))
    expected, stat = kept.read_bytes(), kept.stat()
    with kept.open("r+b") as page:  # in place: the same inode and size
        page.write(expected.replace(b"<main", b"<MAIN", 1))
    os.utime(kept, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    deleted.unlink()
    report = build_once(project, key)
    assert f"{kept} was not as the last build left it: the site was built from scratch" in report.notes
    assert report.pages_reused == 0 and not report.diagnostics.has_errors
    assert kept.read_bytes() == expected and deleted.is_file()
    assert tree_digest(site) == cold(project, tmp_path / "cold")


def kept_site(output: Path, files: dict[str, bytes]) -> Site:
    """A site whose files are all in ``output`` (``ON_DISK``), as written there now."""
    site = Site(output)
    for path, data in files.items():
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_bytes(data)
    site.add_files(dict.fromkeys(files, ON_DISK), {path: file_digest(data) for path, data in files.items()})
    return site


def test_a_kept_file_is_read_when_asked_for_and_only_then(tmp_path: Path):
    site = kept_site(tmp_path, {"index.html": b"<title>Home</title>", "static/style.css": b"body{}"})
    with files_read_under(tmp_path) as read:
        assert "index.html" in site.files and sorted(site.files) == ["index.html", "static/style.css"]
        assert site.digest("index.html") == file_digest(b"<title>Home</title>")
    assert not read
    with files_read_under(tmp_path) as read:
        assert site.files["index.html"] == b"<title>Home</title>" and site.title("index.html") == "Home"
    assert read == {"index.html"}


@pytest.mark.parametrize("damage", ["edited", "deleted"])
def test_a_kept_file_no_longer_as_written_is_never_handed_on(tmp_path: Path, damage: str):
    site = kept_site(tmp_path, {"index.html": b"<title>Home</title>"})
    if damage == "edited":
        (tmp_path / "index.html").write_bytes(b"<title>Hone</title>")
    else:
        (tmp_path / "index.html").unlink()
    with pytest.raises(KeptFileChanged) as raised:
        site.files["index.html"]
    assert raised.value.filename == str(tmp_path / "index.html")


def test_the_pdf_is_not_made_without_a_stylesheet_that_changed_in_the_output_folder(tmp_path: Path):
    """WeasyPrint logs a file it could not fetch and goes on: the PDF would lack the site's styles."""
    site = kept_site(tmp_path, {"static/print.css": b"body { color: black }"})
    page = b'<html><head><link rel="stylesheet" href="static/print.css"></head><body>Brief</body></html>'
    site.add("print.html", page)
    (tmp_path / "static/print.css").write_bytes(b"body { color: red }  ")
    with pytest.raises(KeptFileChanged):
        render_pdf(site.files, tmp_path)


def test_a_stylesheet_from_outside_the_site_is_left_out_of_the_pdf_not_fatal(tmp_path: Path):
    """A template override may link a stylesheet on the web: the PDF is made from the site's files only."""
    site = kept_site(tmp_path, {"static/print.css": b"body { color: black }"})
    page = (
        b'<html lang="en"><head><title>Brief</title><link rel="stylesheet" href="https://example.org/x.css">'
        b'<link rel="stylesheet" href="static/print.css"></head><body><p>Brief text</p></body></html>'
    )
    site.add("print.html", page)
    (tmp_path / "briefing.pdf").write_bytes(render_pdf(site.files, tmp_path))
    text = subprocess.run(["pdftotext", str(tmp_path / "briefing.pdf"), "-"], capture_output=True, text=True)
    assert text.returncode == 0 and "Brief text" in text.stdout
