"""A rebuild reports what a cold build reports, and copes with what a cold build copes with."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.diagnostics import BuildFailed
from briefing.pipeline import Builder
from briefing.project import open_project
from conftest import MINIMAL, REPO, edit, tree_digest
from rebuilds import RAW, SOURCE, Watcher, edit_source_word


def remove_a_cited_source(project: Path) -> None:
    (project / "content/sources/jiji-relay-2017-09-02.md").unlink()


def remove_a_topic(project: Path) -> None:
    (project / "content/topics/sanctions.md").unlink()


def change_cited_words(project: Path) -> None:
    edit_source_word(project, "atmosphere of trust", "atmosphere of confidence")


def break_the_yaml(project: Path) -> None:
    edit(project / "content/annotations/claims.yaml", "claims:", "claims: [")


def turn_a_place_into_an_organization(project: Path) -> None:
    """Moscow, where events take place, is listed under organizations: same id and position, another kind."""
    entities = project / "content/annotations/entities.yaml"
    edit(entities, "places:\n  - id: moscow\n", "  - id: moscow\n")
    edit(entities, "\n  - id: kremlin\n", "\nplaces:\n  - id: kremlin\n")


def edit_only_the_raw_capture(project: Path) -> None:
    """The capture no longer matches the sha256 its source records: the source itself is not replaced."""
    edit(project / RAW, "greatly simplify", "much simplify")


def edit_the_raw_capture_as_a_topic_goes(project: Path) -> None:
    """As above, while the ids change too: the sources are then all looked at, not only the replaced ones."""
    edit_only_the_raw_capture(project)
    remove_a_topic(project)


def duplicate_an_id(project: Path) -> None:
    edit(project / "content/annotations/claims.yaml", "- id: grave-visit-flights", "- id: kuril-islands")


BREAKING_EDITS = {  # and the file with the records they break
    change_cited_words: "claims.yaml",
    remove_a_cited_source: "claims.yaml",
    remove_a_topic: "claims.yaml",
    break_the_yaml: "claims.yaml",
    duplicate_an_id: "claims.yaml",
    turn_a_place_into_an_organization: "events.yaml",
    edit_only_the_raw_capture: SOURCE,
    edit_the_raw_capture_as_a_topic_goes: SOURCE,
}


@pytest.mark.parametrize("told_what_changed", [False, True], ids=["every-file", "watched"])
@pytest.mark.parametrize("breaking_edit", BREAKING_EDITS, ids=[e.__name__ for e in BREAKING_EDITS])
def test_a_rebuild_reports_what_an_edit_breaks_in_records_it_did_not_touch(
    tmp_path: Path, breaking_edit: Callable[[Path], None], told_what_changed: bool
):
    """Validate reuses what it found checking a record while the record and what it refers to are unchanged:
    a quote no longer in its source, or an id no longer defined, must still be reported on the rebuild.
    So must a load told which files changed, which patches the last load only where nothing else can."""
    root = tmp_path / "briefing"
    shutil.copytree(REPO / "content", root / "content")
    found = _reported_after(root, breaking_edit, told_what_changed)
    assert any(BREAKING_EDITS[breaking_edit] in line for line in found)


def _reported_after(root: Path, breaking_edit: Callable[[Path], None], told_what_changed: bool) -> list[str]:
    """What a rebuild reports after ``breaking_edit``, once asserted equal to what a cold build reports."""
    builder = Builder(open_project(root))
    builder.build()
    watcher = Watcher(root)
    breaking_edit(root)
    with pytest.raises(BuildFailed) as rebuild:
        builder.build(changed=watcher.changed() if told_what_changed else None)
    with pytest.raises(BuildFailed) as cold:
        Builder(open_project(root, root.parent / "cold")).build()
    found = [d.format() for d in rebuild.value.diagnostics]
    assert found == [d.format() for d in cold.value.diagnostics]
    return found


@pytest.mark.parametrize("told_what_changed", [False, True], ids=["every-file", "watched"])
def test_a_rebuild_reports_a_captured_page_edited_after_the_first_build(tmp_path: Path, told_what_changed: bool):
    """A source's captured page (the HTML its raw text came from) is read by its digest alone: editing it
    replaces no record, and the rebuild must still find that it no longer has the sha256 recorded."""
    root = tmp_path / "briefing"
    shutil.copytree(REPO / "content", root / "content")
    page = root / "content/sources/captures/rferl-2017-04-27.html"
    page.parent.mkdir()
    page.write_text("<html><body><p>Putin and Abe met in Moscow.</p></body></html>\n")
    sha = hashlib.sha256(page.read_bytes()).hexdigest()
    edit(root / SOURCE, "raw: raw/", f"capture: captures/{page.name}\ncapture_sha256: {sha}\nraw: raw/")
    found = _reported_after(root, lambda root: edit(page, "met in Moscow", "met in the Kremlin"), told_what_changed)
    assert any("sha256-mismatch" in line and page.name in line for line in found)


def _briefing_without_entities(root: Path) -> None:
    """The minimal fixture with no person, country, organization or place: no name to find mentions by."""
    shutil.copytree(MINIMAL, root)
    (root / "content/annotations/records.yaml").unlink()
    info = root / "content/briefing.yaml"
    text = info.read_text()
    key_judgments = "key_judgments:\n  - id: kj-talks\n    judgment: Talks will continue.\n"
    rest = "    confidence: low\n    claims: [talks]\ntopics: [reef-dispute]\n"
    info.write_text(text[: text.index("key_judgments:")] + key_judgments + rest)
    (root / "content/annotations/claims.yaml").write_text(
        "claims:\n  - id: talks\n    statement: The ministers agreed to keep talking.\n    confidence: moderate\n"
        "    evidence:\n      - source: wire-2020-01-02\n        quote: agreed to talk again next month\n"
        "        credibility: 2\n"
    )
    edit(
        root / "content/topics/reef-dispute.md",
        "entities: [blue-reef, ana-lopez]\nevents: [ministers-meet-2020-01-02]\n",
        "",
    )
    edit(root / "content/topics/reef-dispute.md", "[[ana-lopez|The minister]]", "The minister")
    edit(root / "content/topics/reef-dispute.md", "[[blue-reef]]", "Blue Reef")
    edit(root / "content/sources/wire-2020-01-02.md", "wire_services: [example-wire]\norigin: example-wire\n", "")


def test_a_briefing_without_entities_rebuilds_after_a_source_edit(tmp_path: Path):
    """Link is told that only the edited source changed; with no entity names, each source's mentions are
    none, and the rebuild gives a cold build's bytes (it raised KeyError once: no mentions table at all)."""
    root = tmp_path / "briefing"
    _briefing_without_entities(root)
    builder = Builder(open_project(root))
    builder.build()
    source, raw = "content/sources/wire-2020-01-02.md", "content/sources/raw/wire-2020-01-02.txt"
    edit_source_word(root, "fishing rights", "fishing quotas", source=source, raw=raw)
    report = builder.build()
    assert report.pages_reused > 0
    Builder(open_project(root, tmp_path / "cold")).build()
    assert tree_digest(root / "site") == tree_digest(tmp_path / "cold")
