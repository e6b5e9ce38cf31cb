"""Keeping the PDF that ``pdf`` made current, instead of deleting it on the next ``build`` or ``serve``.

Once the analyst has made ``site/briefing.pdf`` with the ``pdf`` command, the output holds it, listed in the
output's marker as a file the tool wrote. Every later build then makes it again with the site, so it never
shows an older state of the briefing than the pages beside it. ``serve`` postpones it like the print view
(one PDF takes seconds) and brings it up to date in the build that follows the edits. Where it cannot be
made (WeasyPrint missing), the old one is kept and the build warns that it is out of date. Deleting the
file ends it: the next build makes no PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from briefing.diagnostics import Diagnostics, Location
from briefing.output import written_files
from briefing.pdf import PDF_PATH, PdfUnavailable, render_pdf

STALE_PDF = "stale-pdf"


def output_keeps_pdf(output: Path) -> bool:
    """Whether an earlier build of the tool wrote the PDF that ``output`` still holds. The marker, which lists
    every file of the site, is read only when there is a PDF: not on every rebuild of ``serve``."""
    if not (output / PDF_PATH).is_file():
        return False
    written = written_files(output)
    return written is not None and PDF_PATH in written


def left_stale(diagnostics: Diagnostics) -> bool:
    """Whether a build kept an out-of-date PDF: the ``pdf`` command must then try again, changed inputs or not."""
    return any(warning.code == STALE_PDF for warning in diagnostics.warnings)


@dataclass(frozen=True)
class PdfOutcome:
    data: bytes
    postponed: bool = False  # the previous PDF was kept, to be made again by the next build


def make_pdf(
    files: Mapping[str, bytes], output: Path, asked: bool, deferred: bool, diagnostics: Diagnostics, shown: str
) -> PdfOutcome:
    """The PDF of a site: made when ``asked`` (the ``pdf`` command), or to keep the output's PDF current.

    ``deferred``: keep the previous PDF for now (``serve``'s quick build). A PDF the analyst did not ask for
    this time that cannot be made keeps its previous version, with a warning; when asked, the error stands."""
    if deferred and (previous := _previous(output)) is not None:
        return PdfOutcome(previous, postponed=True)
    try:
        return PdfOutcome(render_pdf(files, output))
    except PdfUnavailable as exc:
        if asked or (previous := _previous(output)) is None:
            raise
        diagnostics.warning(
            Location(f"{shown}/{PDF_PATH}"),
            STALE_PDF,
            f"{shown}/{PDF_PATH} is out of date: it was made by an earlier build, and this one cannot make it: {exc}",
            "install WeasyPrint (scripts/preview does), or delete the PDF if you no longer want one",
        )
        return PdfOutcome(previous)


def _previous(output: Path) -> bytes | None:
    """The PDF an earlier build wrote (the caller found the output keeps one), read only when it is kept."""
    try:
        return (output / PDF_PATH).read_bytes()
    except OSError:
        return None
