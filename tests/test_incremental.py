"""A rebuild in a long-lived Builder gives exactly the bytes of a cold build of the same content."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefing import search
from briefing.incremental.outputs import MadeOutputs
from briefing.pipeline import Builder, BuildReport
from briefing.project import open_project
from briefing.render import EXPORTS, file_digest
from briefing.serve import DEFERRED_PAGES
from conftest import REPO, UNSTABLE_FILES, edit, tree_digest
from edits import BRIEFING, EDITION, EDITS, edit_page_template, edit_template, edit_topic, name_a_previous_edition
from rebuilds import SOURCE, Watcher, builder_for, edit_source_word


class WatchedBuilder:
    """A second builder of the same project, writing its own output, told which files changed (as serve's is)."""

    def __init__(self, project: Path) -> None:
        self.output = project.parent / "site-watched"
        self.builder = Builder(open_project(project, self.output))
        self.watcher = Watcher(project)
        self.builder.build()

    def build(self) -> BuildReport:
        return self.builder.build(changed=self.watcher.changed())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the seed briefing, rebuilt after each edit by the same Builder (as serve does)."""
    root = tmp_path_factory.mktemp("incremental") / "briefing"
    shutil.copytree(REPO / "content", root / "content")
    report = builder_for(root).build()
    assert report.pages_rendered > 100
    return root


@pytest.fixture(scope="module")
def watched(project: Path) -> WatchedBuilder:
    return WatchedBuilder(project)


@pytest.mark.parametrize("change", EDITS, ids=[e.__name__ for e in EDITS])
def test_rebuild_after_edit_equals_cold_build(
    project: Path, watched: WatchedBuilder, tmp_path: Path, change: Callable[[Path], None]
):
    """Both by a builder that looks at every file and by one told which files changed."""
    change(project)
    report = builder_for(project).build()
    watched.build()
    cold_output = tmp_path / "cold"
    Builder(open_project(project, cold_output)).build()
    assert tree_digest(project / "site") == tree_digest(cold_output) == tree_digest(watched.output)
    assert report.pages_reused > 0 or change is edit_template  # base.html: every page


def test_told_which_files_changed_a_rebuild_reads_only_those(project: Path, watched: WatchedBuilder):
    watched.build()
    banned, prohibited = "have been banned by", "have been prohibited by"
    for old, new in [(banned, prohibited), (prohibited, banned)]:
        edit_source_word(project, old, new)
        report = watched.build()
        assert report.files_read == 2  # the source and its raw capture
        assert report.pages_rendered > 0


def test_no_change_rebuild_renders_and_writes_nothing(project: Path):
    report = builder_for(project).build()
    assert (report.pages_rendered, report.pages_written) == (0, 0)


def test_a_save_without_changes_skips_the_build_unless_the_output_lost_a_file(project: Path):
    builder = builder_for(project)
    builder.build()
    source = project / SOURCE
    source.write_text(source.read_text())  # an editor saving an unchanged file
    report = builder.build()
    assert report.files_read >= 1 and report.pages_written == 0
    assert report.notes == ["no input changed since the last build: nothing to validate, render or write"]
    assert report.pages_by_type and report.briefing is not None and report.graph is not None

    page = project / "site/sources/rferl-2017-04-27.html"
    expected = page.read_bytes()
    page.unlink()
    report = builder.build()
    assert not report.notes and page.read_bytes() == expected


def test_topic_edit_renders_only_what_depends_on_it(project: Path):
    edit(project / "content/topics/six-party-talks.md", "## The format", "## The format of the talks", every=True)
    report = builder_for(project).build()
    pages = {path for path in report.changed if path.endswith(".html")}
    assert pages == {"topics/six-party-talks.html", "print.html"}  # the print view holds it too
    assert report.pages_rendered < 10


def test_an_assumption_edit_renders_the_home_page_and_the_print_view(project: Path):
    render_cache = builder_for(project).caches.render
    before = dict(render_cache.pages)
    edit(project / BRIEFING, "No record of what was said in the talks", "No record of the talks")
    report = builder_for(project).build()
    rendered = {path for path, page in render_cache.pages.items() if before.get(path) is not page}
    assert rendered == {"index.html", "print.html"}
    for page in ("index.html", "print.html"):
        assert "No record of the talks themselves is available." in (project / "site" / page).read_text()
    assert "briefing.json" in report.changed


def test_an_edit_of_the_previous_edition_renders_the_home_page_and_the_print_view(
    project: Path, watched: WatchedBuilder
):
    if not (project / EDITION).exists():
        name_a_previous_edition(project)
        builder_for(project).build()
        watched.build()
    render_cache = builder_for(project).caches.render
    before = dict(render_cache.pages)
    document = json.loads((project / EDITION).read_text(encoding="utf-8"))
    document["briefing"]["as_of"] = "2017-08-01"
    (project / EDITION).write_text(json.dumps(document), encoding="utf-8")
    report = builder_for(project).build()
    rendered = {path for path, page in render_cache.pages.items() if before.get(path) is not page}
    assert rendered == {"index.html", "print.html"}
    for page in ("index.html", "print.html"):
        assert "What changed since the edition of 1 August 2017" in (project / "site" / page).read_text()
    assert "briefing.json" in report.changed
    watched.build()  # told only that the edition changed
    assert "1 August 2017" in (watched.output / "index.html").read_text()


def test_a_word_changed_in_a_source_renders_only_the_pages_that_show_its_text(project: Path):
    """Pages that list or cite a source read its metadata, paragraph numbers and the cited words' places,
    not its text: a word of the same length moves nothing they show."""
    render_cache = builder_for(project).caches.render
    before = dict(render_cache.pages)
    edit_source_word(project, "have been banned by", "have been barred by")
    builder_for(project).build()
    rendered = {path for path, page in render_cache.pages.items() if before.get(path) is not page}
    # named in its sentence, which no longer stops at "U.S." (briefing.sentences)
    shows_the_sentence = {f"entities/{name}.html" for name in ("north-korea", "united-nations", "kim-jong-un")}
    shows_the_sentence |= {"entities/donald-trump.html", "entities/korean-peninsula.html"}
    assert rendered == {"sources/rferl-2017-04-27.html", "print.html", *shows_the_sentence}


def test_cited_words_moved_within_their_paragraph_keep_their_anchor(project: Path):
    """A longer word before a cited passage moves its offsets, not its anchor: the claims, quotes and topics
    that link to the passage stay as they are, and the link still lands on the passage."""
    render_cache = builder_for(project).caches.render
    before = dict(render_cache.pages)
    claim_page = (project / "site/claims/grave-visit-flights.html").read_bytes()
    edit_source_word(project, "said the move, which", "said the decision, which")
    builder_for(project).build()
    rendered = {path for path, page in render_cache.pages.items() if before.get(path) is not page}
    assert rendered == {"sources/rferl-2017-04-27.html", "print.html", "entities/vladimir-putin.html"}
    assert (project / "site/claims/grave-visit-flights.html").read_bytes() == claim_page


def test_deferred_outputs_wait_for_the_next_full_build(project: Path, tmp_path: Path):
    """As serve rebuilds after a save: the print view, search index and exports keep their last version."""
    deferred_outputs = ("print.html", "briefing.json", "sources.csl.json", "feed.xml")
    before = {path: (project / "site" / path).read_bytes() for path in deferred_outputs}
    edit(project / "content/annotations/claims.yaml", 'statement: "', 'statement: "Deferred. ', every=True)
    report = builder_for(project).build(deferred=DEFERRED_PAGES)
    assert set(report.postponed) == {"print.html", "pagefind", EXPORTS}
    assert {path: (project / "site" / path).read_bytes() for path in deferred_outputs} == before
    assert any(path.startswith("claims/") for path in report.changed)
    builder_for(project).build()
    cold_output = tmp_path / "cold"
    Builder(open_project(project, cold_output)).build()
    assert tree_digest(project / "site") == tree_digest(cold_output)


def test_a_rebuild_indexes_again_only_the_parts_of_the_search_index_whose_pages_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(search, "PART_PAGES", 20)
    root = tmp_path / "briefing"
    shutil.copytree(REPO / "content", root / "content")
    builder = Builder(open_project(root))
    builder.build()
    before = search.last_index(builder.caches.search)
    edit_topic(root)
    builder.build()
    after = search.last_index(builder.caches.search)
    assert before is not None and after is not None
    kept = [old is new for old, new in zip(before[:-1], after[:-1], strict=True)]  # the parts, not the listing
    assert 0 < sum(kept) < len(kept), kept
    Builder(open_project(root, tmp_path / "cold")).build()
    assert tree_digest(root / "site") == tree_digest(tmp_path / "cold")


def test_a_part_of_the_search_index_is_made_again_only_for_a_change_of_a_page_search_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A part is made from its searchable pages: the print view, which every edit of the content changes, and
    the index pages change no part of their own; the parts made again are those of searchable pages that
    changed, and the index is a cold build's."""
    monkeypatch.setattr(search, "PART_PAGES", 12)
    root = tmp_path / "briefing"
    shutil.copytree(REPO / "content", root / "content")
    builder = Builder(open_project(root))
    builder.build()
    indexed: list[int] = []

    def index_part(files: dict[str, bytes], paths: list[str], number: int, *rest: Any) -> dict[str, bytes]:
        indexed.append(number)
        return unwatched(files, paths, number, *rest)

    unwatched = search.index_part
    monkeypatch.setattr(search, "index_part", index_part)
    edit_topic(root)
    report = builder.build()
    site = root / "site"
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    part_of = {path: number for number, paths in enumerate(search.deal(pages)) for path in paths}
    changed = [path for path in report.changed if path.endswith(".html")]
    searchable = {path for path in changed if search.SEARCHABLE in (site / path).read_bytes()}
    assert "print.html" in changed and "print.html" not in searchable
    assert sorted(indexed) == sorted({part_of[path] for path in searchable})
    assert part_of["print.html"] not in indexed  # (the edit was chosen so: else this test could not fail)
    monkeypatch.setattr(search, "index_part", unwatched)
    Builder(open_project(root, tmp_path / "cold")).build()
    stable = [
        {path: digest for path, digest in tree_digest(folder).items() if not UNSTABLE_FILES.match(path)}
        for folder in (site, tmp_path / "cold")
    ]
    assert stable[0] == stable[1]


def test_files_each_made_from_a_string_follow_keys_added_removed_and_edited():
    """Files each made from a string of their own (the raw captures, from their digests: MadeOutputs.made_each):
    a rebuild gives those a first build gives, in the same order, making again only those whose string changed."""

    def made(builds: list[dict[str, bytes]]) -> tuple[list[tuple[list, list]], list[list[str]]]:
        outputs, sites, made_again = MadeOutputs(), [], []
        for raw in builds:
            made_now: list[str] = []

            def make(key: str, raw: dict[str, bytes] = raw, made_now: list[str] = made_now) -> bytes:
                made_now.append(key)
                return raw[key]

            strings = {key: file_digest(data) for key, data in raw.items()}
            each = outputs.made_each("raw", strings, lambda key: f"sources/raw/{key}.txt", make)
            sites.append((list(each.files.items()), list(each.digests.items())))
            made_again.append(made_now)
        return sites, made_again

    builds = [
        {"a": b"one", "b": b"two"},
        {"a": b"one", "b": b"two!"},  # an edit
        {"a": b"one", "c": b"three", "b": b"two!"},  # a key added in the middle
        {"c": b"three", "b": b"two!"},  # one removed
        {"b": b"two!", "c": b"three"},  # reordered
    ]
    sites, made_again = made(builds)
    assert sites == [made([raw])[0][0] for raw in builds]
    assert made_again == [["a", "b"], ["b"], ["c"], [], []]


def test_a_template_edit_renders_the_pages_made_with_it_and_a_stylesheet_edit_none(
    project: Path, watched: WatchedBuilder
):
    watched.build()
    edit_page_template(project, "Checked against the original")
    report = watched.build()
    source_pages = {
        f"sources/{path.name}" for path in (watched.output / "sources").glob("*.html") if path.name != "index.html"
    }
    assert report.pages_rendered == len(source_pages) > 3
    assert {path for path in report.changed if path.endswith(".html")} == source_pages

    css = project / "templates/static/style.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text((REPO / "templates/static/style.css").read_text() + "\n.checked { color: green; }\n")
    report = watched.build()
    assert (report.pages_rendered, report.changed) == (0, ("static/style.css",))
