"""Stage 2, for sources: a curated source checked against its raw capture.

Curation removes lines of a capture, it never rewrites them: every curated block must be in the capture
(modulo whitespace), and every line of the capture should be kept or listed in ``removed`` with a reason.
"""

from __future__ import annotations

from briefing.diagnostics import Diagnostic, Diagnostics, Location
from briefing.model import Briefing, Source
from briefing.textmatch import closest_passage, normalise, squash

FRONT_MATTER_LINES = ("title", "standfirst", "byline", "published_evidence")


def check_source(briefing: Briefing, source: Source) -> list[Diagnostic]:
    """Every problem of one source against its raw capture and captured page, sorted."""
    found = Diagnostics()
    _check_metadata(briefing, source, found)
    raw = briefing.raw_texts.get(source.id)
    if raw is not None:
        _check_digest(briefing, source, found)
        _check_curation(source, raw, found)
    return found.sorted()


def _check_metadata(briefing: Briefing, source: Source, diagnostics: Diagnostics) -> None:
    where = source.location
    if source.draft:
        diagnostics.warning(
            where, "draft-source", f"source '{source.id}' is a draft: review its curation, then remove 'draft: true'"
        )
    if bool(source.capture) != bool(source.capture_sha256):
        diagnostics.error(
            where,
            "missing-field",
            "'capture' and 'capture_sha256' go together: the page the raw text came from, and its sha256",
            "write both, as 'import' does, or neither",
        )
    digest = briefing.capture_digests.get(source.id)
    if digest is not None and source.capture_sha256 and digest != source.capture_sha256:
        diagnostics.error(
            where,
            "sha256-mismatch",
            f"captured page '{source.capture}' has sha256 {digest}, not the {source.capture_sha256} recorded",
            "if the page was replaced on purpose, record the new sha256; otherwise restore the original file",
        )
    if not source.published_evidence:
        diagnostics.warning(
            where,
            "no-date-evidence",
            f"source '{source.id}' gives no published_evidence for its date {source.published}",
            'quote the words of the capture that date it, e.g. published_evidence: "on Thursday (27 April)"',
        )


def _check_digest(briefing: Briefing, source: Source, diagnostics: Diagnostics) -> None:
    digest = briefing.raw_digests[source.id]
    if digest != source.sha256:
        diagnostics.error(
            source.location,
            "sha256-mismatch",
            f"raw capture '{source.raw}' has sha256 {digest}, not the {source.sha256} recorded",
            "if the capture was replaced on purpose, record the new sha256; otherwise restore the original file",
        )


def _check_curation(source: Source, raw: str, diagnostics: Diagnostics) -> None:
    where = source.location
    raw_lines = [squash(line) for line in raw.splitlines()]
    raw_whole = " ".join(line for line in raw_lines if line)
    kept = [normal.text for normal in source.normalised_blocks]
    for block, normal in zip(source.blocks, kept, strict=True):
        if normal not in raw_whole:
            _not_in_raw(source, block.text, Location(where.path, block.line, 1), raw, diagnostics)
    for name in FRONT_MATTER_LINES:
        value = getattr(source, name)
        if value and squash(value) not in raw_whole:
            diagnostics.error(
                where,
                "not-in-raw",
                f"{name} {value!r} is not in the raw capture",
                "copy it exactly as the capture has it",
            )
    accounted = {squash(value) for value in (getattr(source, name) for name in FRONT_MATTER_LINES) if value}
    for removal in source.removed:
        for line in removal.text.splitlines():
            if line.strip() and squash(line) not in raw_lines:
                _not_in_raw(source, line, removal.location, raw, diagnostics, code="removed-not-in-raw")
            accounted.add(squash(line))
    for number, line in enumerate(raw_lines, start=1):
        if line and line not in accounted and not any(line in block for block in kept):
            diagnostics.warning(
                where,
                "curation-unaccounted",
                f"line {number} of the raw capture is neither kept nor recorded as removed: {line[:70]!r}",
                "add it to the body, or to 'removed' with a reason",
            )


def _not_in_raw(
    source: Source, text: str, where: Location, raw: str, diagnostics: Diagnostics, code: str = "not-in-raw"
) -> None:
    passage = closest_passage(text, [normalise(line) for line in raw.splitlines() if line.strip()])
    hint = "curation removes lines, it never rewrites them"
    if passage is not None:
        hint = f"closest line of the capture: {passage.text!r}; " + hint
    diagnostics.error(where, code, f"this text is not in the raw capture '{source.raw}': {text[:80]!r}", hint)
