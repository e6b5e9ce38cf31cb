"""Stage 5 — write: check every internal link, then put the site on disk, all or nothing.

Links are checked on the rendered pages in memory (:mod:`briefing.linkcheck`), before anything touches the
disk, so a broken link fails the build and leaves the previous site served.

A cold build assembles the new site beside the output and swaps it in; a rebuild in the same process
(``serve``, or a build that restored its caches) knows what it wrote last time and replaces only the changed
files, together. Either way the output is the previous site or the new one, whatever fails (see
:mod:`briefing.output`), and a failure to write is a diagnostic naming the file and the reason.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Mapping
from pathlib import Path

from briefing.diagnostics import Diagnostics, Location
from briefing.incremental.memo import differing_keys
from briefing.linkcheck import LinkIndex
from briefing.output import OutputError, StagedSite, WriteResult, files_under, update
from briefing.render import Site
from briefing.render.site import KeptFileChanged
from briefing.sitecheck import check_pages
from briefing.titles import TitleIndex

__all__ = ["WriteResult", "WriteState", "output_is_intact", "report_output_problem", "swaps", "write"]


class WriteState:
    """What one process knows about its output between builds: file digests on disk, parsed links and titles."""

    def __init__(self) -> None:
        self.on_disk: dict[str, str] | None = None
        self.links = LinkIndex()
        self.titles = TitleIndex()


def write(
    site: Site,
    output: Path,
    diagnostics: Diagnostics,
    state: WriteState | None = None,
    intact: bool | None = None,
    staged: StagedSite | None = None,
    shown_as: str = "",
) -> WriteResult:
    """``intact``: whether the output still holds what ``state`` says was written there, if the caller knows.
    ``staged``: the new site as far as the caller assembled it ahead (see ``swaps``); the caller's to discard.
    ``shown_as``: the output folder as diagnostics name it."""
    state = state or WriteState()
    digests = site.digests()
    check_pages(site, diagnostics, state.links, state.titles)
    if diagnostics.has_errors:
        return WriteResult(0, 0)
    if intact is None and state.on_disk is not None:
        intact = output_is_intact(output, state.on_disk)
    try:
        if swaps(state, bool(intact)):
            with contextlib.nullcontext(staged) if staged else StagedSite(output) as staging:
                result = staging.swap_in(site.files)
        else:
            assert state.on_disk is not None
            result = _update_in_place(site.files, digests, state.on_disk, output)
    except KeptFileChanged:
        raise  # read before anything was written: the build starts again from scratch (see ``Builder``)
    except (OSError, OutputError) as problem:
        report_output_problem(problem, diagnostics, shown_as or str(output))
        state.on_disk = None  # not known any more: the next build looks at the output again
        return WriteResult(0, 0)
    state.on_disk = digests
    return result


def report_output_problem(problem: OSError | OutputError, diagnostics: Diagnostics, shown_as: str) -> None:
    """A failure to write the output, as a diagnostic: the previous site is still there, unchanged."""
    if isinstance(problem, OutputError):
        diagnostics.error(Location(shown_as), "output-not-owned", str(problem), "nothing was written or deleted")
        return
    where = problem.filename or shown_as
    reason = problem.strerror or str(problem)
    diagnostics.error(
        Location(shown_as),
        "write-failed",
        f"could not write the site: {reason} ({where})",
        _WRITE_HINTS.get(problem.errno or 0, "fix the cause and build again")
        + "; the previous site is unchanged and nothing temporary was left",
    )


_NOT_WRITABLE = "make the output folder and the folder that holds it writable, or choose another with --output DIR"
_WRITE_HINTS = {
    errno.ENOSPC: "free some space on the disk that holds the output folder, then build again",
    errno.EDQUOT: "free some space (the disk quota is used up), then build again",
    errno.EROFS: "the output folder is on a read-only file system: choose another with --output DIR",
    errno.EACCES: _NOT_WRITABLE,
    errno.EPERM: _NOT_WRITABLE,
    errno.EBUSY: "the output folder is in use or a mount point and cannot be replaced: use another with --output DIR",
    errno.EXDEV: "the output folder is a mount point of its own (or read-only): the build moves files in with "
    "renames, which cannot cross file systems; build into a folder inside it, e.g. --output DIR/site",
    errno.ENAMETOOLONG: "a file name is too long for this file system: shorten the record id that names it",
}


def swaps(state: WriteState, intact: bool) -> bool:
    """Whether ``write`` assembles the whole site beside the output and swaps it in (a cold build, or an
    output that no longer holds what this process wrote there) rather than replacing the changed files."""
    return state.on_disk is None or not intact


def output_is_intact(output: Path, on_disk: dict[str, str]) -> bool:
    """Cheap check that the output still holds every file this process wrote there last time.

    The output's folders are listed (``os.scandir``) rather than each file checked: a few dozen listings
    cost less than one ``stat`` per page.
    """
    return on_disk.keys() <= files_under(str(output))


def _update_in_place(
    files: Mapping[str, bytes], digests: dict[str, str], on_disk: dict[str, str], output: Path
) -> WriteResult:
    changed = sorted(differing_keys(on_disk, digests) & digests.keys())
    removed = sorted(on_disk.keys() - digests.keys())
    if changed or removed:
        update(output, files, changed, digests.keys() - on_disk.keys(), removed)
    return WriteResult(len(changed), len(digests) - len(changed), len(removed), tuple(changed))
