"""Problems found in content, reported as ``path:line:col: code: message``.

Stages never raise on bad content: they append to a :class:`Diagnostics`
collection so that one run reports every problem at once. Only when a stage
has finished does the pipeline decide to stop.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from briefing.characters import escape_invisible, explain_lookalike, odd_note, plain


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a project file; ``line`` and ``col`` are 1-based (0 = unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        text = self.path
        if self.line:
            text += f":{self.line}"
            if self.col:
                text += f":{self.col}"
        return text


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """``path:line:col: [warning: ]code: message`` and its hint on the next line. Content quoted in them
        (ids, names, words) cannot break the line or hide: control and invisible characters are escaped."""
        label = "" if self.severity is Severity.ERROR else "warning: "
        text = f"{escape_invisible(str(self.location))}: {label}{self.code}: {escape_invisible(self.message)}"
        if self.hint:
            text += f"\n    hint: {escape_invisible(self.hint)}"
        return text


class Diagnostics:
    """An ordered collection of diagnostics shared by the stages of one build."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def error(self, location: Location, code: str, message: str, hint: str = "") -> None:
        self._items.append(Diagnostic(location, code, message, hint, Severity.ERROR))

    def warning(self, location: Location, code: str, message: str, hint: str = "") -> None:
        self._items.append(Diagnostic(location, code, message, hint, Severity.WARNING))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self._items.extend(other)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self._items, key=lambda d: (d.location, d.code, d.message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self._items)


class BuildFailed(Exception):
    """Raised by the pipeline after a stage finished with errors."""

    def __init__(self, diagnostics: Diagnostics, stage: str) -> None:
        self.diagnostics = diagnostics
        self.stage = stage
        super().__init__(f"{len(diagnostics.errors)} error(s) in stage {stage}")


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest known spellings of ``word``, or ``""``. A spelling that differs only by
    look-alike or invisible characters (a Cyrillic 'а', a zero-width space) is named with what differs."""
    known = sorted(set(candidates))
    same = plain(word).strip()
    if same != word and same in known:
        return f"{explain_lookalike(word, same) or repr(word)}; did you mean '{same}'?"
    matches = difflib.get_close_matches(word, known, n=3, cutoff=0.6)
    if not matches:
        return ""
    return "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?" + odd_note(word)
