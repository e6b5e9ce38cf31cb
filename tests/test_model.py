"""The briefing's own answers that stages share within a build: what was replaced since a last briefing,
and the evidence resting on discredited sources."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from briefing.diagnostics import Diagnostics
from briefing.load import LoadCache, load
from briefing.model import Briefing
from briefing.project import open_project
from conftest import MINIMAL, edit

SOURCE = "wire-2020-01-02"


def loaded(root: Path, cache: LoadCache) -> Briefing:
    briefing = load(open_project(root), Diagnostics(), cache)
    assert briefing is not None
    return briefing


def test_replaced_since_answers_for_the_briefing_asked_about(tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    cache = LoadCache()
    first = loaded(root, cache)
    edit(root / "content/sources" / f"{SOURCE}.md", "agreed to talk again next month", "agreed to talk again in March")
    second = loaded(root, cache)
    third = loaded(root, cache)

    assert second.replaced_since(first) == {SOURCE}
    assert second.replaced_since(second) == set()  # asked about another briefing: found again, not remembered
    assert second.replaced_since(first) == {SOURCE}
    assert third.replaced_since(second) == set()
    assert second.replaced_since(None) is None

    answer = second.replaced_since(first)
    assert answer is not None
    answer.add("changed by the caller")
    assert second.replaced_since(first) == {SOURCE}


def test_a_pickled_briefing_keeps_no_answer_about_another(tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    cache = LoadCache()
    first = loaded(root, cache)
    second = loaded(root, cache)
    assert second.replaced_since(first) == set()

    copy = pickle.loads(pickle.dumps(second))
    assert copy.replaced_since(first) is None  # the copy's records are not the objects first holds
    assert copy.discredited_evidence() == second.discredited_evidence() == {}
