"""What stages share within a build: the briefing's answers (the evidence resting on discredited sources) and
the garbage collector's settings."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from typing import Any

import pytest

from briefing import pipeline
from briefing.diagnostics import Diagnostics
from briefing.incremental.loadcache import LoadCache
from briefing.incremental.loading import load_reusing
from briefing.load import load
from briefing.model import Briefing, FuzzyDate
from briefing.project import open_project

SOURCE = "wire-2020-01-02"


def loaded(root: Path, cache: LoadCache) -> Briefing:
    briefing = load(open_project(root), Diagnostics(), cache)
    assert briefing is not None
    return briefing


def test_a_build_leaves_full_collections_to_its_end_and_restores_the_collector(
    project: Path, monkeypatch: pytest.MonkeyPatch
):
    """Collector thresholds of 1 would start a full collection within any stage; a build starts none until
    it ends and restores them."""
    generations: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and gc.get_threshold() != (1, 1, 1):  # not once the build restored them
            generations.append(info["generation"])

    def load_noting_collections(*args: Any, **kwargs: Any) -> Briefing | None:
        gc.callbacks.append(note)  # from inside the build: the test's own allocations are not counted
        return load_reusing(*args, **kwargs)

    monkeypatch.setattr(pipeline, "load_reusing", load_noting_collections)
    builder = pipeline.Builder(open_project(project, project / "site"), rebuilds=False)
    before = gc.get_threshold()
    gc.set_threshold(1, 1, 1)
    try:
        builder.build()
        gc.callbacks.remove(note)
        assert gc.get_threshold() == (1, 1, 1)
    finally:
        gc.set_threshold(*before)
        if note in gc.callbacks:
            gc.callbacks.remove(note)
    assert generations and 2 not in generations, generations


def test_dates_read_as_the_calendar_writes_them():
    day = dt.date(2000, 1, 1)
    while day.year < 2004:  # a leap year, every month and day
        assert FuzzyDate(day.year, day.month, day.day).human() == day.strftime("%-d %B %Y")
        day += dt.timedelta(days=1)
    assert (FuzzyDate(2020, 3).human(), FuzzyDate(2020).human()) == ("March 2020", "2020")
