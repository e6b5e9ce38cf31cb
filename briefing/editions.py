"""What changed since the last edition (ICD 203, standard 7: say what changed in the analysis).

``previous_edition:`` in ``content/briefing.yaml`` names an earlier build's ``briefing.json`` kept in the
project (e.g. ``editions/2017-08-15.json``). Load reads it (``read_previous``), so that the build's input
tracking sees it like any content file; :func:`compare` is a pure function of that edition, the current
briefing and its graph, and says which key judgments were added, removed or changed confidence, which
claims were added, dropped or newly flagged (they rest on a withdrawn or discredited source now), and which
sources were added, removed or changed status. Pages, the print view, the PDF and ``briefing.json`` show it.

Readers see names and statements, never ids: a record no longer in the briefing is named by the words the
earlier edition gave it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.diagnostics import Diagnostics, Location
from briefing.incremental.loadcache import LoadCache, PathFile
from briefing.markup import plain_text
from briefing.model import Briefing, BriefingInfo, FuzzyDate
from briefing.project import Project
from briefing.withdrawals import describe
from briefing.yamlio import ContentError

if TYPE_CHECKING:
    from briefing.link import Graph

MAX_EDITION_BYTES = 64 * 1024 * 1024  # a briefing.json of 10,000 sources is about 30 MB
FIX_HINT = (
    "name a briefing.json that a build wrote, copied into the project, e.g. "
    "'previous_edition: editions/2017-08-15.json' (copy site/briefing.json there before the next edition)"
)


@dataclass(frozen=True)
class PreviousEdition:
    """What an earlier edition said, as much of it as :func:`compare` needs, by record id."""

    path: str  # relative to the project folder
    as_of: FuzzyDate
    judgments: tuple[tuple[str, str, str], ...]  # id, judgment (Markdown), confidence
    claims: tuple[tuple[str, str, bool], ...]  # id, statement, whether it was flagged
    sources: tuple[tuple[str, str, str], ...]  # id, name as readers saw it, status


@dataclass(frozen=True)
class Change:
    """One change: ``text`` is what readers see (a judgment, a claim's statement, a source's name);
    ``id`` is for links and ``briefing.json``; ``current`` whether the record is in this edition."""

    id: str
    text: str
    current: bool
    before: str = ""  # a confidence level or a source's status, in the earlier edition
    after: str = ""  # and now
    notes: tuple[str, ...] = ()  # why a claim is flagged now


@dataclass(frozen=True)
class Changes:
    since: FuzzyDate
    path: str
    judgments_added: tuple[Change, ...] = ()
    judgments_removed: tuple[Change, ...] = ()
    judgments_confidence: tuple[Change, ...] = ()
    claims_added: tuple[Change, ...] = ()
    claims_dropped: tuple[Change, ...] = ()
    claims_flagged: tuple[Change, ...] = ()
    sources_added: tuple[Change, ...] = ()
    sources_removed: tuple[Change, ...] = ()
    sources_status: tuple[Change, ...] = ()

    @property
    def nothing(self) -> bool:
        return not any(getattr(self, name) for name in CHANGE_LISTS)

    def document(self) -> dict[str, Any]:
        """As ``briefing.json`` gives it (``changes``; see schemas/briefing.schema.json)."""

        def items(changes: tuple[Change, ...], *fields: str) -> list[dict[str, Any]]:
            return [{"id": c.id, "text": c.text, **{f: getattr(c, f) for f in fields}} for c in changes]

        return {
            "since": self.since.iso(),
            "nothing_changed": self.nothing,
            "key_judgments": {
                "added": items(self.judgments_added, "after"),
                "removed": items(self.judgments_removed, "before"),
                "confidence_changed": items(self.judgments_confidence, "before", "after"),
            },
            "claims": {
                "added": items(self.claims_added),
                "dropped": items(self.claims_dropped),
                "newly_flagged": [{"id": c.id, "text": c.text, "flags": list(c.notes)} for c in self.claims_flagged],
            },
            "sources": {
                "added": items(self.sources_added, "after"),
                "removed": items(self.sources_removed, "before"),
                "status_changed": items(self.sources_status, "before", "after"),
            },
        }


CHANGE_LISTS = tuple(name for name in Changes.__dataclass_fields__ if name not in ("since", "path"))


def compare(previous: PreviousEdition, briefing: Briefing, graph: Graph) -> Changes:
    """What changed between ``previous`` and this briefing (``graph.flags``: what is flagged now)."""

    def name_of(record_id: str) -> str | None:
        record = briefing.record(record_id)
        return record.label if record is not None else None

    judgments = {j.id: j for j in briefing.info.key_judgments}
    old_judgments = {jid: (text, level) for jid, text, level in previous.judgments}
    claims, old_claims = briefing.claims, {cid: (text, flagged) for cid, text, flagged in previous.claims}
    sources, old_sources = briefing.sources, {sid: (text, status) for sid, text, status in previous.sources}

    def judgment_text(judgment_id: str) -> str:
        return plain_text(str(judgments[judgment_id].judgment or ""), name_of)

    return Changes(
        previous.as_of,
        previous.path,
        judgments_added=tuple(
            Change(j, judgment_text(j), True, after=judgments[j].confidence)
            for j in judgments
            if j not in old_judgments
        ),
        judgments_removed=tuple(
            Change(j, plain_text(text, name_of), False, before=level)
            for j, (text, level) in old_judgments.items()
            if j not in judgments
        ),
        judgments_confidence=tuple(
            Change(j, judgment_text(j), True, before=old_judgments[j][1], after=judgments[j].confidence)
            for j in judgments
            if j in old_judgments and old_judgments[j][1] != judgments[j].confidence
        ),
        claims_added=tuple(Change(c, claims[c].statement, True) for c in sorted(claims) if c not in old_claims),
        claims_dropped=tuple(Change(c, text, False) for c, (text, _) in sorted(old_claims.items()) if c not in claims),
        claims_flagged=tuple(
            Change(c, claims[c].statement, True, notes=tuple(graph.flags[c]))
            for c in sorted(claims)
            if graph.flags.get(c) and c in old_claims and not old_claims[c][1]
        ),
        sources_added=tuple(
            Change(s, describe(sources[s]), True, after=sources[s].status)
            for s in sorted(sources)
            if s not in old_sources
        ),
        sources_removed=tuple(
            Change(s, text, False, before=status)
            for s, (text, status) in sorted(old_sources.items())
            if s not in sources
        ),
        sources_status=tuple(
            Change(s, describe(sources[s]), True, before=old_sources[s][1], after=sources[s].status)
            for s in sorted(sources)
            if s in old_sources and old_sources[s][1] != sources[s].status
        ),
    )


def changes_of(briefing: Briefing, graph: Graph) -> Changes | None:
    return compare(briefing.previous, briefing, graph) if briefing.previous is not None else None


# ---------------------------------------------------------------- reading the earlier edition (load stage)


class EditionProblem(Exception):
    def __init__(self, code: str, message: str, hint: str = FIX_HINT) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def read_previous(
    project: Project, info: BriefingInfo, cache: LoadCache, diagnostics: Diagnostics
) -> tuple[str, bytes, PreviousEdition] | None:
    """The edition ``info.previous_edition`` names: its path as shown (relative to the project), its text
    in UTF-8 (an input of the build, like a content file) and what it said; None, with an error at the
    ``previous_edition`` line of briefing.yaml, if it cannot be used."""
    relative = info.previous_edition
    where: Location = info.where("previous_edition")
    try:
        path = _inside_project(project, relative)
        display = project.display(path)
        try:
            read = cache.read(PathFile(path), display, MAX_EDITION_BYTES)
        except ContentError as exc:
            raise EditionProblem(exc.code, f"previous edition '{relative}': {exc.message}", exc.hint) from None
        except OSError as exc:
            raise EditionProblem(
                "previous-edition-unreadable", f"previous edition '{relative}' cannot be read: {exc.strerror or exc}"
            ) from None
        memo = getattr(cache, "edition", None)  # the text read last time, unchanged: no need to parse it
        known = memo[1] if memo is not None and memo[0] is read.data else None
        if isinstance(known, PreviousEdition) and known.path == display:
            return display, read.data, known
        edition = parse_edition(read.text, display)
        cache.edition = (read.data, edition)
        return display, read.data, edition
    except EditionProblem as problem:
        diagnostics.error(where, problem.code, problem.message, problem.hint)
        return None


def _inside_project(project: Project, relative: str) -> Path:
    if os.path.isabs(relative) or relative.startswith("~"):
        raise EditionProblem(
            "outside-project",
            f"previous edition path '{relative}' is absolute; nothing outside the project is read",
            "copy the file into the project and give its path relative to the project folder, "
            "e.g. 'previous_edition: editions/2017-08-15.json'",
        )
    path = Path(os.path.normpath(project.root / relative))
    if not project.contains(path, project.root):
        raise EditionProblem(
            "outside-project",
            f"previous edition path '{relative}' points outside the project folder; nothing outside it is read",
            "copy the file into the project (not a link to it) and give its path relative to the project "
            "folder, e.g. 'previous_edition: editions/2017-08-15.json'",
        )
    if project.contains(path, project.output):
        raise EditionProblem(
            "previous-edition-in-output",
            f"previous edition '{relative}' is in the output folder, which every build replaces",
            "copy it out of the output folder, e.g. to editions/, and name that copy",
        )
    if not path.is_file():
        raise EditionProblem(
            "previous-edition-missing", f"previous edition '{relative}' does not exist (or is not a file)"
        )
    return path


def parse_edition(text: str, path: str) -> PreviousEdition:
    """What a briefing.json says, checked for the parts :func:`compare` reads; ``EditionProblem`` if the
    text is not JSON or lacks them."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            reason = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        else:
            reason = "it nests too deep" if isinstance(exc, RecursionError) else str(exc)
        raise EditionProblem(
            "previous-edition-not-json", f"previous edition '{path}' is not valid JSON ({reason})"
        ) from None
    top = _mapping(data, "the file")
    briefing = _mapping(top.get("briefing"), "'briefing'")
    as_of = _date(briefing.get("as_of"), "'briefing.as_of'")
    judgments = tuple(
        (_text(j, "id", where), _text(j, "judgment", where), _text(j, "confidence", where))
        for where, j in _records(briefing.get("key_judgments"), "briefing.key_judgments")
    )
    claims = tuple(
        (_text(c, "id", where), _text(c, "statement", where), bool(_list(c.get("flags", []), where + ".flags")))
        for where, c in _records(top.get("claims"), "claims")
    )
    sources = tuple(
        (_text(s, "id", where), _source_name(s, where), _text(s, "status", where, "current"))
        for where, s in _records(top.get("sources"), "sources")
    )
    return PreviousEdition(path, as_of, judgments, claims, sources)


def _shape(what: str, expected: str) -> EditionProblem:
    return EditionProblem(
        "previous-edition-shape",
        f"previous edition is not a briefing.json: {what} should be {expected}",
    )


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _shape(what, "an object")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise _shape(f"'{what}'", "a list")
    return value


def _records(value: Any, what: str) -> list[tuple[str, Mapping[str, Any]]]:
    return [(f"{what}[{i}]", _mapping(item, f"'{what}[{i}]'")) for i, item in enumerate(_list(value, what))]


def _text(record: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = record.get(key, default)
    if not isinstance(value, str):
        raise _shape(f"'{where}.{key}'", "text")
    return value


def _date(value: Any, what: str) -> FuzzyDate:
    try:
        return _fuzzy_date(value if isinstance(value, str) else "")
    except ValueError:
        raise _shape(what, "a date such as 2017-08-15") from None


def _fuzzy_date(text: str) -> FuzzyDate:
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts) or len(parts[0]) != 4:
        raise ValueError(text)
    numbers = [int(part) for part in parts] + [0] * (3 - len(parts))
    if numbers[2]:
        dt.date(*numbers)  # a real day
    elif len(parts) > 1 and not 1 <= numbers[1] <= 12:
        raise ValueError(text)
    return FuzzyDate(*numbers)


def _source_name(source: Mapping[str, Any], where: str) -> str:
    """A source as pages name it (``withdrawals.describe``): publisher, title and date."""
    publisher, title = _text(source, "publisher", where, ""), _text(source, "title", where)
    published = source.get("published")
    date = ""
    if isinstance(published, dict) and isinstance(published.get("value"), str):
        try:
            date = f" ({_fuzzy_date(published['value']).human()})"
        except ValueError:
            date = ""
    return f"{publisher}, “{title}”{date}" if publisher else f"“{title}”{date}"
