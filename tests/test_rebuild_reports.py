"""A rebuild reports what a cold build reports, and copes with what a cold build copes with."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rebuilds import RAW, SOURCE, Watcher, edit_source_word

from briefing.diagnostics import BuildFailed
from briefing.pipeline import Builder
from briefing.project import open_project
from conftest import REPO, edit


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
    builder = Builder(open_project(root))
    builder.build()
    watcher = Watcher(root)
    breaking_edit(root)
    with pytest.raises(BuildFailed) as rebuild:
        builder.build(changed=watcher.changed() if told_what_changed else None)
    with pytest.raises(BuildFailed) as cold:
        Builder(open_project(root, tmp_path / "cold")).build()
    found = [d.format() for d in rebuild.value.diagnostics]
    assert found == [d.format() for d in cold.value.diagnostics]
    assert any(BREAKING_EDITS[breaking_edit] in line for line in found)
