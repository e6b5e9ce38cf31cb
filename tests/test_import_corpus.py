"""The synthetic capture corpus of benchmarks/captures/ is well formed, and the benchmark can score it.

These tests check the measuring stick, not what it measures: they never assert on `import`'s accuracy,
which moves as the extractor improves.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from briefing.origins import WIRE_SERVICES
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from capture_scoring import (  # noqa: E402
    capture_lines,
    captures_in,
    expected_path,
    load_expected,
    score_against_expected,
)

CORPUS = REPO / "benchmarks/captures"
CAPTURES = captures_in(CORPUS)


def test_the_corpus_has_at_least_fifteen_captures_of_both_kinds():
    assert len(CAPTURES) >= 15
    suffixes = [path.suffix for path in CAPTURES]
    assert suffixes.count(".txt") >= 5 and suffixes.count(".html") >= 5, suffixes


def test_every_expected_file_belongs_to_a_capture():
    stems = {path.stem for path in CAPTURES}
    orphans = [
        path.name for path in CORPUS.glob("*.expected.yaml") if path.name.removesuffix(".expected.yaml") not in stems
    ]
    assert not orphans


@pytest.mark.parametrize("capture", CAPTURES, ids=lambda path: path.name)
def test_each_capture_has_a_complete_expected_curation(capture: Path):
    assert expected_path(capture).is_file(), f"{capture.name} has no {expected_path(capture).name}"
    expected = load_expected(capture)
    assert expected.title.strip() and expected.publisher.strip()
    if expected.published is not None:
        dt.date.fromisoformat(expected.published)
    unknown = [wire for wire in expected.wires if wire not in WIRE_SERVICES]
    assert not unknown, f"wire ids not in briefing/origins.py WIRE_SERVICES: {unknown}"
    assert all(name.strip() for name in expected.bylines)
    lines = len(capture.read_text(encoding="utf-8").splitlines())
    assert 20 <= lines <= 80, f"{capture.name} has {lines} lines"


@pytest.mark.parametrize("capture", CAPTURES, ids=lambda path: path.name)
def test_every_kept_line_is_a_whole_line_of_the_capture_in_order(capture: Path):
    """For .txt, a line of the file; for .html, a line of the page's visible text (one block per line)."""
    kept = [" ".join(line.split()) for line in load_expected(capture).kept_text]
    assert kept, f"{capture.name} keeps nothing"
    lines = [" ".join(line.split()) for line in capture_lines(capture)]
    twice = [line for line in set(kept) if kept.count(line) > lines.count(line)]
    assert not twice, f"{capture.name} keeps a line more often than the capture has it: {twice}"
    missing = [line for line in kept if line not in lines]
    assert not missing, f"{capture.name}: not a line of the capture: {missing}"
    positions = [lines.index(line) for line in kept]
    # A line that also occurs earlier (a live blog's key-events list) may be found before its place.
    later = [kept[i] for i in range(1, len(kept)) if positions[i] < positions[i - 1] and lines.count(kept[i]) == 1]
    assert not later, f"{capture.name}: kept lines out of order: {later}"


def _one(suffix: str) -> Path:
    return next(path for path in CAPTURES if path.suffix == suffix)


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_the_benchmark_scores_a_capture_with_numbers_between_0_and_1(suffix: str):
    if suffix == ".html":
        pytest.importorskip("trafilatura")
    score = score_against_expected(_one(suffix), REPO / "content", "2017")
    for value in (score.precision, score.recall):
        assert 0.0 <= value <= 1.0
    for flag in (score.title_ok, score.publisher_ok, score.date_ok, score.bylines_ok, score.wires_ok):
        assert isinstance(flag, bool)
    assert score.right_kept <= len(score.proposed.kept) and score.found <= len(score.expected.kept_text)
