"""What the analyst knows from outside the capture, given on the command line, and applied over the proposal.

Extraction guesses; the analyst decides. ``--title``, ``--url``, ``--publisher``,
``--byline`` and ``--published`` set what the capture lacks or what the
import got wrong, and ``--keep``/``--drop`` overrule its line decisions. The
capture itself is never changed: a kept line is kept verbatim and a dropped
line is listed as removed, with the flag as its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.ingest.errors import ImportFailed
from briefing.ingest.furniture import Curation, Decision
from briefing.ingest.lines import Line
from briefing.ingest.metadata import Proposal

KEPT_BY_FLAG = "kept at import (--keep)"
DROPPED_BY_FLAG = "removed at import (--drop)"
_LINE_SPEC = re.compile(r"(\d+)(?:\s*-\s*(\d+))?")


@dataclass(frozen=True)
class Overrides:
    """The import's flags for facts and lines; ``None`` or empty means: take what the capture gives."""

    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    byline: str | None = None
    keep: frozenset[int] = field(default_factory=frozenset)
    drop: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for flag, value in (("--title", self.title), ("--publisher", self.publisher), ("--byline", self.byline)):
            if value is not None and (not value.strip() or "\n" in value):
                raise ImportFailed(f"{flag} {value!r}: give one line of text")
        if self.url is not None and not re.fullmatch(r"https?://[^\s/]+[^\s]*", self.url):
            raise ImportFailed(f"--url {self.url!r}: give the page's full address, https://…")
        both = self.keep & self.drop
        if both:
            raise ImportFailed(f"line(s) {format_lines(both)} are given to both --keep and --drop: choose one")


def parse_lines(spec: str, flag: str) -> frozenset[int]:
    """Line numbers from ``3,7-9,12``: one-based, as an editor shows them in the capture's text."""
    numbers: set[int] = set()
    for part in spec.split(","):
        match = _LINE_SPEC.fullmatch(part.strip())
        if not match:
            raise ImportFailed(f"{flag} {spec!r}: give line numbers such as 12 or 12-15, separated by commas")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first:
            raise ImportFailed(f"{flag} {spec!r}: {part.strip()} is not a range of lines (they start at 1)")
        numbers.update(range(first, last + 1))
    return frozenset(numbers)


def format_lines(numbers: frozenset[int] | set[int]) -> str:
    """``3, 7–9, 12``: consecutive numbers as ranges."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def apply_to_lines(curation: Curation, overrides: Overrides, text_name: str) -> None:
    """Overrule the import's line decisions; every number must be a non-blank line of the capture's text."""
    by_number = {line.number: line for line in curation.lines}
    asked = overrides.keep | overrides.drop
    missing = sorted(number for number in asked if number not in by_number)
    if missing:
        last = curation.lines[-1].number if curation.lines else 0
        raise ImportFailed(
            f"{text_name}: line(s) {format_lines(set(missing))} given to --keep/--drop are blank or past the end "
            f"(the text has {last} lines); number the lines as an editor shows them"
        )
    for number in sorted(overrides.keep):
        curation.decisions[number] = Decision("paragraph", KEPT_BY_FLAG)
    for number in sorted(overrides.drop):
        curation.decisions[number] = Decision("removed", DROPPED_BY_FLAG)


def apply_to_proposal(proposal: Proposal, overrides: Overrides) -> None:
    for name in ("title", "publisher", "byline"):
        value = getattr(overrides, name)
        if value is not None:
            setattr(proposal, name, value.strip())


def lines_looked_at(lines: list[Line], limit: int = 8) -> str:
    """The first lines of a capture, numbered, for a refusal to show what it read."""
    shown = [f"  {line.number}: {_clip(line.text)}" for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"  … and {len(lines) - limit} more line(s), up to line {lines[-1].number}")
    return "\n".join(shown)


def _clip(text: str, width: int = 72) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"
