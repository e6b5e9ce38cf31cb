"""What search indexes: which pages, which parts of them, and the documents Pagefind is given for them.

Pagefind is given each searchable page's main part without its ignored elements
(``search.search_document``); the index it makes from those must be the index it makes from the whole
pages, file for file.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from briefing import search
from briefing.incremental.outputs import MadeOutputs
from briefing.pipeline import Builder
from briefing.project import open_project
from briefing.render import Site
from briefing.render.cache import file_digest
from briefing.search import search_document

INDEX_PAGES = ["timeline.html", "sources/index.html", "quotes/index.html", "claims/index.html", "entities/index.html"]


def searchable(site: Path) -> dict[str, bytes]:
    pages = {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*.html")}
    return {path: data for path, data in pages.items() if b"data-pagefind-body" in data and "pagefind/" not in path}


def index_files(pages: dict[str, bytes], folder: Path) -> dict[str, bytes]:
    """The stable files of the index Pagefind makes of ``pages`` (see ``search.UNSTABLE_FILES``)."""
    site, output = folder / "site", folder / "index"
    for path, data in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    subprocess.run(search.pagefind_command(site, output, "en"), check=True, capture_output=True)
    files = {f"pagefind/{p.relative_to(output).as_posix()}": p.read_bytes() for p in output.rglob("*") if p.is_file()}
    return {path: data for path, data in files.items() if not search.UNSTABLE_FILES.match(path)}


def test_the_index_of_the_search_documents_is_the_index_of_the_whole_pages(seed_site: Path, tmp_path: Path):
    pages = searchable(seed_site)
    documents = {path: search_document(data) for path, data in pages.items()}
    assert sum(map(len, documents.values())) < 0.8 * sum(map(len, pages.values()))
    whole, trimmed = index_files(pages, tmp_path / "whole"), index_files(documents, tmp_path / "documents")
    assert len([path for path in whole if path.endswith(".pf_fragment")]) == len(pages)
    assert trimmed == whole


def test_index_pages_and_sections_quoting_other_records_are_not_searchable(seed_site: Path):
    pages = searchable(seed_site)
    for path in INDEX_PAGES:
        assert (seed_site / path).is_file() and path not in pages, path
    kinds = {path.split("/")[0] for path in pages if "/" in path}
    assert kinds == {"claims", "entities", "events", "quotes", "sources", "topics"}
    assert "index.html" in pages
    for path, data in pages.items():
        document = search_document(data).decode()
        assert 'id="backlinks-heading"' not in document and 'id="citers-heading"' not in document, path
        assert 'id="mentions-heading"' not in document and 'class="source-data"' not in document, path
        assert '<nav class="site-nav"' not in document and "<footer" not in document, path
        assert re.search(r'<main id="main"[^>]*data-pagefind-filter="type:', document), path


@pytest.mark.parametrize(
    ("main", "kept"),
    [
        ("a<section data-pagefind-ignore>x<section>y</section>z</section>b", "ab"),
        ('a<details class="q" data-pagefind-ignore>d</details>b<div data-pagefind-ignore="all">w</div>c', "abc"),
        (
            "a<SECTION DATA-PAGEFIND-IGNORE>x</section>b<p data-pagefind-ignored>kept</p>",
            "a" + "b<p data-pagefind-ignored>kept</p>",
        ),
        ("a<div data-pagefind-ignore>x", "a"),  # never closed: to the end
        (
            'a<div data-pagefind-ignore><span data-pagefind-filter="topic:Kuril"></span></div>b',
            'a<div data-pagefind-ignore><span data-pagefind-filter="topic:Kuril"></span></div>b',
        ),
    ],
    ids=["nested", "each-kind", "case", "unclosed", "filter-inside-is-kept"],
)
def test_ignored_elements_are_left_out_of_a_search_document(main: str, kept: str):
    head = '<!doctype html><html lang="ja"><head><title>T</title>'
    page = f"{head}<style>p{{}}</style></head><body><nav>m</nav><main data-pagefind-body>{main}</main><footer>"
    expected = f"{head}</head><body><main data-pagefind-body>{kept}</main></body></html>"
    assert search_document(page.encode() + b"</body></html>").decode() == expected


def test_a_page_without_a_searchable_main_is_given_whole():
    page = b"<html><body><main>not searchable</main></body></html>"
    assert search_document(page) == page


def test_an_index_made_in_fewer_parts_leaves_none_of_the_last_ones_in_the_site(
    seed_site: Path, monkeypatch: pytest.MonkeyPatch
):
    """When the pages are dealt into fewer parts (a briefing that shrank), the site gets the new index alone:
    its parts, and a listing that names no part it does not have."""
    site = _pages_of(seed_site)
    outputs = MadeOutputs()
    for part_pages, parts in ((20, "several"), (10_000, "one")):
        monkeypatch.setattr(search, "PART_PAGES", part_pages)
        with search.SearchIndexing("en", outputs) as indexing:
            indexing.update(site)
        built = Site()
        search.add_index_to(built, outputs)
        folders = {path.split("/")[1] for path in built.files if path.startswith("pagefind/part-")}
        listing = json.loads(built.files[search.PARTS_FILE])
        assert listing["merge"] == [f"{folder}/" for folder in sorted(folders, key=lambda f: int(f[5:]))]
        assert (len(folders) > 2) if parts == "several" else not folders


@pytest.mark.parametrize("staged", [False, True], ids=["kept", "staged"])
def test_an_index_part_is_staged_as_soon_as_made_and_then_kept_without_its_bytes(
    seed_site: Path, staged: bool, monkeypatch: pytest.MonkeyPatch
):
    """A build that will not build again puts each part's files in its staged site as it is made (``stage``),
    so the build's process does not hold the index until the write; the cache keeps their digests."""
    monkeypatch.setattr(search, "PART_PAGES", 20)  # several parts
    site = _pages_of(seed_site)
    put: dict[str, bytes] = {}
    outputs = MadeOutputs()
    with search.SearchIndexing("en", outputs, stage=put.update if staged else None) as indexing:
        indexing.update(site)
    index = search.last_index(outputs)
    assert index is not None
    parts = index[:-1]  # the last is the listing of parts, kept with its bytes
    listed = {path: digest for part in parts for path, digest in part.digests.items()}
    assert len(parts) > 2 and any(path.endswith("pagefind.js") for path in listed)
    kept = {path: data for part in parts for path, data in part.files.items()}
    assert kept.keys() == listed.keys()
    if staged:
        assert put.keys() == listed.keys() and not any(kept.values())
        assert {path: file_digest(data) for path, data in put.items()} == listed
    else:
        assert not put and {path: file_digest(data) for path, data in kept.items()} == listed


def test_a_page_of_the_templates_static_files_is_indexed_with_the_rendered_ones(project: Path):
    """A cold build deals the site's pages into parts before rendering them (search.SearchIndexing): a
    project's own static HTML page is one of them, found in its part's index like a rendered page."""
    static = project / "templates/static"
    static.mkdir(parents=True)
    (static / "about.html").write_text(
        '<!doctype html><html lang="en"><head><title>About</title></head>'
        "<body><main data-pagefind-body><p>Quokkas write this briefing.</p></main></body></html>",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_PAGES", 2)  # many parts, each made as its pages are handed on
        report = Builder(open_project(project), rebuilds=False).build()
    assert not report.diagnostics.has_errors
    site = project / "site"
    parts = ["", *json.loads((site / "pagefind/parts.json").read_text())["merge"]]
    assert len(parts) > 5
    pages = sum(
        json.loads((site / "pagefind" / part / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]
        for part in parts
    )
    assert pages == len(searchable(site)) and (site / "static/about.html").is_file()


def _pages_of(built: Path) -> Site:
    """A built site's HTML pages (not its index), as render hands them to search."""
    site = Site()
    for path in built.rglob("*.html"):
        if "pagefind/" not in path.relative_to(built).as_posix():
            data = path.read_bytes()
            site.add(path.relative_to(built).as_posix(), data, file_digest(data))
    return site
