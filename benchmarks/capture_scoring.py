"""Scoring one import of a synthetic capture (benchmarks/captures/) against its hand-made expected curation.

Each capture ``<name>.txt`` or ``<name>.html`` has ``<name>.expected.yaml`` next to it (the policy is in
benchmarks/captures/README.md). Kept lines are compared as text, not line numbers, so the expectations
hold whatever the extractor makes of an HTML page: a kept line of the draft is right when its text is an
expected line (or a piece of one, if the extractor split a paragraph), and an expected line is found when
its text is a kept line (or occurs in the kept lines joined, if the extractor split or merged it). Text is
compared after the build's own normalisation (quotes, dashes, whitespace).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefing.byline import csl_names
from briefing.ingest import UNIDENTIFIED_PUBLISHER, ImportFailed, import_capture
from briefing.ingest.html import visible_lines
from briefing.project import open_project
from briefing.textmatch import squash

CAPTURE_SUFFIXES = (".txt", ".html")


@dataclass(frozen=True)
class Expected:
    title: str
    publisher: str
    published: str | None
    bylines: list[str]
    wires: list[str]
    kept_text: list[str]
    features: str = ""
    publisher_also: list[str] = field(default_factory=list)  # other names the outlet goes by ("AP News")


@dataclass
class Proposed:
    title: str = ""
    publisher: str = ""
    published: str | None = None
    bylines: list[str] = field(default_factory=list)
    wires: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


@dataclass
class CaptureScore:
    capture: str
    proposed: Proposed
    expected: Expected
    refusal: str = ""  # the import's message when it failed: it then counts as keeping nothing
    asked_for_date: bool = False  # refused for want of a date, imported again with --published
    right_kept: int = 0  # kept lines that are expected lines
    found: int = 0  # expected lines among the kept lines

    @property
    def precision(self) -> float:
        if self.refusal:
            return 0.0
        return self.right_kept / len(self.proposed.kept) if self.proposed.kept else 1.0

    @property
    def recall(self) -> float:
        return self.found / len(self.expected.kept_text) if self.expected.kept_text else 1.0

    @property
    def title_ok(self) -> bool:
        return not self.refusal and _same(self.proposed.title, self.expected.title)

    @property
    def publisher_ok(self) -> bool:
        names = {_outlet(name) for name in (self.expected.publisher, *self.expected.publisher_also)}
        return not self.refusal and _outlet(self.proposed.publisher) in names

    @property
    def date_ok(self) -> bool:
        return not self.refusal and self.proposed.published == self.expected.published

    @property
    def bylines_ok(self) -> bool:
        return not self.refusal and _names(self.proposed.bylines) == _names(self.expected.bylines)

    @property
    def wires_ok(self) -> bool:
        return not self.refusal and sorted(self.proposed.wires) == sorted(self.expected.wires)


def captures_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.suffix in CAPTURE_SUFFIXES and path.is_file())


def expected_path(capture: Path) -> Path:
    return capture.with_name(capture.stem + ".expected.yaml")


def load_expected(capture: Path) -> Expected:
    data: dict[str, Any] = yaml.safe_load(expected_path(capture).read_text(encoding="utf-8"))
    published = data.get("published")
    return Expected(
        title=str(data["title"]),
        publisher=str(data["publisher"]),
        published=None if published is None else str(published),
        bylines=[str(name) for name in data.get("bylines") or []],
        wires=[str(wire) for wire in data.get("wires") or []],
        kept_text=[str(line) for line in data["kept_text"]],
        features=str(data.get("features", "")),
        publisher_also=[str(name) for name in data.get("publisher_also") or []],
    )


def capture_lines(capture: Path) -> list[str]:
    """The lines an expected ``kept_text`` line must be one of: the text's lines, or the page's visible text."""
    text = capture.read_text(encoding="utf-8")
    if capture.suffix == ".html":
        return visible_lines(text)
    return [line.strip() for line in text.splitlines() if line.strip()]


def read_draft(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The front matter and the kept blocks (headings without their '## ') of a draft source file."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    blocks = [block.strip() for block in body.split("\n\n") if block.strip()]
    return yaml.safe_load(front), [block.removeprefix("## ") for block in blocks]


def proposed_from(path: Path, unannotated_wires: list[str], asked_for_date: bool) -> Proposed:
    front, blocks = read_draft(path)
    published = front.get("published")
    if asked_for_date or published is None:
        date = None
    else:
        date = published.isoformat() if isinstance(published, dt.date) else str(published)
    publisher = str(front.get("publisher") or "")
    return Proposed(
        title=str(front.get("title") or ""),
        publisher="" if publisher == UNIDENTIFIED_PUBLISHER else publisher,
        published=date,
        bylines=split_byline(str(front.get("byline") or "")),
        wires=sorted({str(wire) for wire in front.get("wire_services") or []} | set(unannotated_wires)),
        kept=blocks,
    )


def split_byline(byline: str) -> list[str]:
    """The people a byline names, as the build reads it for citations (organisations and roles left out)."""
    return [
        " ".join(filter(None, (name.get("given"), name.get("family"))))
        for name in csl_names(byline)
        if "family" in name
    ]


def match_lines(score: CaptureScore) -> None:
    kept = [squash(line) for line in score.proposed.kept]
    expected = [squash(line) for line in score.expected.kept_text]
    wanted = set(expected)
    score.right_kept = sum(1 for line in kept if line and (line in wanted or any(line in e for e in expected)))
    joined = " ".join(kept)
    have = set(kept)
    score.found = sum(1 for line in expected if line in have or line in joined)


def score_against_expected(capture: Path, project_content: Path, fallback_year: str) -> CaptureScore:
    """Import ``capture`` into a scratch copy of ``project_content`` and compare the draft with expectations.

    A refusal for want of a date is what the tool asks the analyst to settle with --published: the capture
    is imported again with the expected date (or a bare year when the page has none), and its date counts
    as not proposed. Any other failure is a refusal: nothing kept, every field wrong, the message reported.
    """
    expected = load_expected(capture)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "project"
        shutil.copytree(project_content, root / "content")
        project = open_project(root)
        asked = False
        try:
            try:
                result = import_capture(project, capture, source_id="imported", force=True)
            except ImportFailed as exc:
                if "--published" not in str(exc):
                    raise
                asked = True
                date = expected.published or fallback_year
                result = import_capture(project, capture, source_id="imported", force=True, published=date)
            proposed = proposed_from(result.source_path, result.unannotated_wires, asked)
        except Exception as exc:  # a crash is scored as a refusal, so one capture cannot stop the report
            message = str(exc) if isinstance(exc, ImportFailed) else f"{type(exc).__name__}: {exc}"
            return CaptureScore(capture.name, Proposed(), expected, refusal=message, asked_for_date=asked)
    score = CaptureScore(capture.name, proposed, expected, asked_for_date=asked)
    match_lines(score)
    return score


def _same(a: str, b: str) -> bool:
    return squash(a).casefold() == squash(b).casefold()


def _outlet(name: str) -> str:
    words = re.sub(r"[^\w]+", " ", squash(name).casefold()).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _names(names: list[str]) -> set[str]:
    return {" ".join(squash(name).casefold().split()) for name in names}
