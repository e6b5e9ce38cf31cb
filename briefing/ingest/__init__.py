"""``import``: turning a raw capture into a draft source the analyst reviews instead of retyping.

The stages mirror the build's: read the capture (text, or HTML through
trafilatura), sort its lines into article and furniture (`furniture`),
propose metadata (`metadata`), find entity mentions (`mentions`), then
write the capture byte for byte and the draft source (`draft`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefing.curation import FRONT_MATTER_LINES
from briefing.diagnostics import Diagnostics
from briefing.files import is_under, kind_of, resolve_inside
from briefing.ids import id_problem
from briefing.ingest.draft import DraftSource, removals, render
from briefing.ingest.errors import ImportFailed
from briefing.ingest.furniture import Curation, Decision, curate
from briefing.ingest.html import extract_page
from briefing.ingest.lines import PROSE_MIN_WORDS
from briefing.ingest.mentions import Mentions, find_mentions
from briefing.ingest.metadata import Proposal, find_wires, propose
from briefing.ingest.overrides import Overrides, apply_to_lines, apply_to_proposal, lines_looked_at
from briefing.ingest.signals import apply_declared, article_lines, mark_disagreements, markup_reasons
from briefing.load import MAX_RAW_BYTES, load
from briefing.model import Briefing, FuzzyDate
from briefing.origins import WIRE_SERVICES
from briefing.project import Project
from briefing.textmatch import squash
from briefing.yamlio import ContentError, decode_text

HTML_SUFFIXES = (".html", ".htm")
UNIDENTIFIED_PUBLISHER = "Unidentified publisher"


@dataclass
class ImportResult:
    source_id: str
    source_path: Path
    curation: Curation
    proposal: Proposal
    mentions: Mentions
    unannotated_wires: list[str]


def import_capture(
    project: Project,
    capture: Path,
    source_id: str | None = None,
    force: bool = False,
    published: str | None = None,
    overrides: Overrides | None = None,
) -> ImportResult:
    """Copy ``capture`` into the project and write ``content/sources/<id>.md`` as a draft.

    ``overrides`` are what the analyst knows from outside the capture (its title, URL, publisher, byline) and
    the lines they keep or drop against the import's decisions."""
    overrides = overrides or Overrides()
    if published is not None:
        _check_date(published)
    data = _read_capture(capture)
    is_html = capture.suffix.lower() in HTML_SUFFIXES
    page = extract_page(data) if is_html else None
    text = page.text if page else _decode(data, capture)
    text_name = f"{capture} (its text, as import saves it in raw/)" if is_html else str(capture)
    briefing = load(project, Diagnostics())
    as_of = _latest_day(briefing.info.as_of) if briefing else dt.date.today()
    curation = curate(text, markup_reasons(page), article_lines(page)) if page else curate(text)
    proposal = propose(curation, as_of)
    if page:
        mark_disagreements(curation, page)
        apply_declared(page, curation, proposal)
        find_wires(curation, proposal)
    _apply(overrides, curation, proposal, text_name)
    source_id = source_id or _id_for(proposal)
    problem = id_problem(source_id)
    if problem is not None:
        raise ImportFailed(f"{problem.message}; choose another with --id ({problem.hint})")
    raw_name = f"raw/{source_id}.txt" if is_html else f"raw/{source_id}{capture.suffix.lower() or '.txt'}"
    targets = {
        "source": project.sources_dir / f"{source_id}.md",
        "raw": project.sources_dir / raw_name,
    }
    if is_html:
        targets["capture"] = project.sources_dir / f"raw/{source_id}{capture.suffix.lower()}"
    _refuse_unsafe_targets(project, targets.values())
    _refuse_overwrite(project, source_id, targets.values(), briefing, force)
    date_fields = _date_fields(proposal, published, capture)
    mentions = find_mentions([line.text for line, d in curation.kept() if d.kind == "paragraph"], briefing)
    wires, unannotated = _wire_services(proposal, briefing)
    front: dict[str, object] = {"title": proposal.title}
    if proposal.standfirst:
        front["standfirst"] = proposal.standfirst
    front["publisher"] = proposal.publisher or UNIDENTIFIED_PUBLISHER
    if proposal.byline:
        front["byline"] = proposal.byline
    front.update(date_fields)
    if overrides.url or (page and page.url):
        front["url"] = overrides.url or page.url
    front["language"] = page.language if page and page.language else "en"
    front["wire_services"] = wires
    front["raw"] = raw_name
    front["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if is_html:
        front["capture"] = targets["capture"].relative_to(project.sources_dir).as_posix()
        front["capture_sha256"] = hashlib.sha256(data).hexdigest()
    _remove_unrecorded_header(curation, front)
    front["removed"] = removals(curation)
    front["grading"] = {
        "reliability": "F",
        "note": "Not yet graded (F: reliability cannot be judged). Grade the outlet A–E after review.",
    }
    front["draft"] = True
    draft = render(DraftSource(front, curation, mentions, unannotated))
    targets["raw"].parent.mkdir(parents=True, exist_ok=True)
    if is_html:
        targets["capture"].write_bytes(data)
        targets["raw"].write_text(text, encoding="utf-8", newline="")
    else:
        targets["raw"].write_bytes(data)
    targets["source"].write_text(draft, encoding="utf-8")
    return ImportResult(source_id, targets["source"], curation, proposal, mentions, unannotated)


def _apply(overrides: Overrides, curation: Curation, proposal: Proposal, text_name: str) -> None:
    """The analyst's flags over the import's decisions; then refuse, naming what was read and the flag that
    gets past it, if there is still no article or no headline."""
    apply_to_lines(curation, overrides, text_name)
    apply_to_proposal(proposal, overrides)
    if overrides.keep or overrides.drop:
        find_wires(curation, proposal)
    if not curation.kept():
        raise ImportFailed(
            f"{text_name}: found no article text (no line of {PROSE_MIN_WORDS} words or more that is not page "
            f"furniture). It read:\n{lines_looked_at(curation.lines)}\n"
            "Keep the article's lines with --keep LINES (for example --keep 12-30), numbered as an editor shows them"
        )
    if not proposal.title:
        above = curation.header() or curation.lines
        raise ImportFailed(
            f"{text_name}: found no headline above the article's first line. It read:\n{lines_looked_at(above)}\n"
            "Give the headline with --title TEXT"
        )


def _remove_unrecorded_header(curation: Curation, front: dict[str, object]) -> None:
    """List as removed the header lines the front matter does not hold word for word (a dateline with its time,
    a second dateline or byline): the build accounts for every line of a capture."""
    recorded = {squash(str(front[name])) for name in FRONT_MATTER_LINES if front.get(name)}
    evidence = squash(str(front.get("published_evidence", "")))
    for line in curation.lines:
        decision = curation.decisions[line.number]
        if decision.kind not in ("header", "title", "standfirst") or squash(line.text) in recorded:
            continue
        if decision.reason == "dateline" and evidence and evidence in squash(line.text):
            reason = "dateline; its date is recorded as published_evidence"
        else:
            reason = f"{decision.reason or decision.kind} above the article, not recorded in the front matter"
        curation.decisions[line.number] = Decision("removed", reason)


def _latest_day(date: FuzzyDate) -> dt.date:
    month = date.month or 12
    return dt.date(date.year, month, date.day or calendar.monthrange(date.year, month)[1])


def _check_date(value: str) -> None:
    parts = value.split("-")
    try:
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value, re.ASCII):
            raise ValueError
        dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        raise ImportFailed(f"--published {value!r}: give a date as YYYY-MM-DD, YYYY-MM or YYYY") from None


def _read_capture(capture: Path) -> bytes:
    if not capture.is_file():
        raise ImportFailed(f"{capture}: no such file")
    if capture.stat().st_size > MAX_RAW_BYTES:
        raise ImportFailed(f"{capture}: over {MAX_RAW_BYTES} bytes; is this really one article?")
    return capture.read_bytes()


def _decode(data: bytes, capture: Path) -> str:
    """The capture's text, exactly; refused with its line and column if the build would refuse it."""
    try:
        return decode_text(data, str(capture), exact=True)
    except ContentError as exc:
        if exc.code == "not-utf8":
            fix = "not UTF-8 text; save the page as UTF-8 text, or import the .html file"
            raise ImportFailed(f"{exc.location}: {exc.code}: {exc.message}: {fix}") from None
        raise ImportFailed(f"{exc.location}: {exc.code}: {exc.message}; {exc.hint}") from None


def _id_for(proposal: Proposal) -> str:
    words = re.findall(r"[a-z0-9]+", proposal.title.lower())
    stem = "-".join(words[:6]) or "source"
    return f"{stem}-{proposal.date.published}" if proposal.date and proposal.date.published else stem


def _refuse_unsafe_targets(project: Project, targets: Iterable[Path]) -> None:
    """Refuse to write through a link that leads out of content/ (a linked raw/ folder, a source file
    linked elsewhere), or onto anything but a regular file (writing to a FIFO would wait forever)."""
    content = resolve_inside(str(project.root), str(project.content))
    for path in targets:
        real = resolve_inside(str(project.root), str(path)) if content is not None else None
        if real is None or content is None or not is_under(real, content):
            raise ImportFailed(
                f"{project.display(path)} leads outside the project's content folder (through a link); "
                "nothing was written: make it an ordinary folder or file inside content/"
            )
        try:
            mode = os.lstat(real).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            raise ImportFailed(f"{project.display(path)} is {kind_of(mode)}, not a file; nothing was written")


def _refuse_overwrite(
    project: Project, source_id: str, targets: Iterable[Path], briefing: Briefing | None, force: bool
) -> None:
    if force:
        return
    taken = [project.display(path) for path in targets if path.exists()]
    if briefing is not None and source_id in briefing.sources and not taken:
        taken.append(f"the id '{source_id}'")
    if taken:
        raise ImportFailed(
            f"{', '.join(taken)} already exist(s); choose another id with --id, or pass --force to replace"
        )


def _date_fields(proposal: Proposal, published: str | None, capture: Path) -> dict[str, object]:
    found = proposal.date or proposal.weekday_only
    if published:
        fields: dict[str, object] = {"published": _as_yaml_date(published)}
        if found:
            fields["published_evidence"] = found.evidence
        fields["published_note"] = "Date given at import (--published)" + (
            f"; the capture says '{found.evidence}'." if found else "; the capture gives no date."
        )
        return fields
    if proposal.date and proposal.date.published:
        fields = {"published": _as_yaml_date(proposal.date.published), "published_evidence": proposal.date.evidence}
        if proposal.date.note:
            fields["published_note"] = proposal.date.note
        return fields
    said = f"it says only '{found.evidence}' (line {found.line})" if found else "it gives no date"
    raise ImportFailed(
        f"{capture}: cannot date the article: {said}. Give the date with --published YYYY-MM-DD "
        "(or YYYY-MM if only the month is known); the capture's words are kept as the evidence"
    )


def _as_yaml_date(value: str) -> object:
    """A full date as a YAML date (written unquoted); month or year precision stays text."""
    return dt.date.fromisoformat(value) if len(value) == 10 else value


def kept_line_numbers(blocks: list[str], raw_text: str) -> set[int]:
    """Numbers of the capture's non-blank lines that a source's blocks keep (compared modulo whitespace)."""
    kept = [squash(block) for block in blocks]
    return {
        number
        for number, line in enumerate(raw_text.splitlines(), start=1)
        if line.strip() and any(squash(line) in block for block in kept)
    }


def _wire_services(proposal: Proposal, briefing: Briefing | None) -> tuple[list[str], list[str]]:
    """Proposed wire services split into annotated organizations (by id or name) and ones to annotate first."""
    organizations: dict[str, str] = {}
    if briefing is not None:
        for entity in briefing.entities.values():
            if entity.kind == "organization":
                for name in (entity.id, *entity.names()):
                    organizations[name.lower()] = entity.id
    annotated, missing = [], []
    for wire in proposal.wire_services:
        names = (wire, *WIRE_SERVICES[wire])
        found = next((organizations[n.lower()] for n in names if n.lower() in organizations), None)
        (annotated if found else missing).append(found or wire)
    return sorted(annotated), sorted(missing)
