"""The output folder: who owns it, and changing it all-or-nothing.

**Ownership.** The build writes only into a folder it owns: one that does not exist yet, is empty, or holds
the marker file :data:`MARKER` that an earlier build left there. The marker lists every file the build
wrote, so a file someone else put in the folder is seen before anything would replace or delete it, and the
build refuses rather than lose it.

**All-or-nothing.** Nothing is written into the output while a build can still fail:

- a whole new site (a cold build) is assembled in a folder beside the output (:class:`StagedSite`) and
  swapped in with two renames;
- a rebuild that changes some files (:class:`StagedChanges`) writes them beside the output first, then
  moves each old file aside into an undo folder and the new one in, all renames on one file system. A
  journal in the undo folder, written before the first rename, lets a failed swap be rolled back at
  once, and one interrupted by a crash or a kill be rolled back by the next build (:func:`recover`).

So after any failure the output is exactly the previous site or exactly the new one, and no temporary
file stays behind. Folders and files are created with the process's umask, like any other program's.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MARKER = ".briefing-site"
_MARKER_NOTE = "Written by the briefing generator: the files it wrote in this folder. Keep it: without it, "
_MARKER_NOTE += "the next build refuses to write here."
_JOURNAL = "journal.json"
_DONE = "done"


class OutputError(Exception):
    """The output folder cannot be written as asked; the message says why and how to proceed."""


@dataclass(frozen=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int = 0
    changed: tuple[str, ...] = ()


# ---------------------------------------------------------------- ownership


def ownership_problem(output: Path) -> str | None:
    """Why the build may not replace ``output`` with a new site, or None if it may."""
    if output.is_symlink() and not output.exists():
        return f"{output} is a symbolic link to nothing; remove it or choose another output folder"
    if not output.exists():
        return None
    if not output.is_dir():
        return f"{output} is a file, not a folder; choose an output folder with --output DIR"
    listed = files_under(output)
    if not listed:
        return None
    written = written_files(output)
    if written is None:
        return (
            f"{output} holds files the briefing generator did not write (it has no {MARKER}), such as "
            f"{_some(listed)}; the build replaces its output folder whole, so choose an empty or new folder "
            f"with --output DIR, or move these files out (if the folder is an earlier build made before "
            f"{MARKER} existed, delete it and build again)"
        )
    foreign = listed - written - {MARKER}
    if foreign:
        return (
            f"{output} holds {len(foreign)} file(s) the briefing generator did not write, such as "
            f"{_some(foreign)}; the build replaces its output folder whole and would delete them: move them "
            "out of the folder, or build into another folder with --output DIR"
        )
    return None


def _some(paths: set[str]) -> str:
    shown = sorted(paths)[:3]
    more = f" and {len(paths) - len(shown)} more" if len(paths) > len(shown) else ""
    return ", ".join(shown) + more


def written_files(output: Path) -> set[str] | None:
    """The files the marker in ``output`` says a build wrote there; None if it has no readable marker."""
    try:
        data = json.loads((output / MARKER).read_text(encoding="utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return {path for path in files if isinstance(path, str)} if isinstance(files, list) else None


def _marker(paths: list[str]) -> bytes:
    return json.dumps({"note": _MARKER_NOTE, "files": sorted(paths)}, indent=0).encode("utf-8")


def files_under(folder: Path | str, prefix: str = "") -> set[str]:
    """The files below ``folder``, as paths relative to it with "/" between parts (symlinks not followed)."""
    found: set[str] = set()
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                if entry.is_dir(follow_symlinks=False):
                    found |= files_under(entry.path, f"{prefix}{entry.name}/")
                else:
                    found.add(prefix + entry.name)
    except (FileNotFoundError, NotADirectoryError):
        pass
    return found


# ---------------------------------------------------------------- recovery


def _beside(output: Path, kind: str) -> Path:
    return output.parent / f".{output.name}.{kind}"


def recover(output: Path) -> None:
    """Finish what a build that stopped part-way (a crash, a kill) left beside ``output``: put the old site
    back if a swap was interrupted, and remove staged files."""
    old = _beside(output, "old")
    if old.exists():
        if output.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, output)
    for undo in sorted(output.parent.glob(f".{output.name}.undo-*")):
        _Swap.resume(output, undo)
    for stale in output.parent.glob(f".{output.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _new_folder(output: Path, kind: str) -> Path:
    """A new folder beside the output, made with the umask (``tempfile.mkdtemp`` would make it 0700)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    folder = _beside(output, f"{kind}-{secrets.token_hex(4)}")
    folder.mkdir()
    return folder


# ---------------------------------------------------------------- a whole new site


class StagedSite:
    """A new site assembled in a folder beside the output, then swapped in whole with two renames."""

    def __init__(self, output: Path) -> None:
        recover(output)
        problem = ownership_problem(output)
        if problem is not None:
            raise OutputError(problem)
        self.output = output
        self.folder: Path | None = _new_folder(output, "new")
        self.paths: set[str] = set()
        self.written = self.unchanged = 0
        self.failure: OSError | None = None  # a write that failed while staging ahead (see ``add_ahead``)

    def add(self, files: Mapping[str, bytes]) -> None:
        """Put in the files not staged yet; one whose bytes the output holds already is hard-linked from it.
        A file is staged once: the site's files, once made, do not change (later stages only add files)."""
        for relative_path in sorted(files.keys() - self.paths):
            self.record(relative_path, self.put(relative_path, files[relative_path]))

    def put(self, relative_path: str, data: bytes) -> bool:
        """Stage one file, without counting it (``record`` does): whether it was written (not hard-linked
        from the output, which holds the same bytes). Safe in a process forked from the one that counts."""
        assert self.folder is not None, "already swapped in or discarded"
        target = self.folder / relative_path
        target.parent.mkdir(parents=True, exist_ok=True)
        previous = self.output / relative_path
        if _same_bytes(previous, data) and _linked(previous, target):
            return False
        target.write_bytes(data)
        return True

    def record(self, relative_path: str, written: bool) -> None:
        """Count a file staged by ``put``."""
        self.paths.add(relative_path)
        if written:
            self.written += 1
        else:
            self.unchanged += 1

    def fail(self, failure: OSError) -> None:
        """A failure to stage ahead (``put`` in another process): the first is reported by ``swap_in``."""
        self.failure = self.failure or failure

    def add_ahead(self, files: Mapping[str, bytes]) -> None:
        """``add``, while another stage runs: a failure is kept, to be reported by ``swap_in``."""
        if self.failure is None:
            try:
                self.add(files)
            except OSError as exc:
                self.fail(exc)

    def swap_in(self, files: Mapping[str, bytes]) -> WriteResult:
        """Stage what is left of ``files``, which must hold every file staged, and make it the output."""
        if self.failure is not None:
            raise self.failure
        assert self.paths <= files.keys(), f"staged, then left out of the site: {sorted(self.paths - files.keys())[:5]}"
        self.add(files)
        assert self.folder is not None
        (self.folder / MARKER).write_bytes(_marker(list(files)))
        old = _beside(self.output, "old")
        had_output = self.output.exists()
        if had_output:
            os.replace(self.output, old)
        try:
            os.replace(self.folder, self.output)
        except BaseException:
            if had_output:
                os.replace(old, self.output)
            raise
        self.folder = None
        _remove_even_if_interrupted(old)
        return WriteResult(self.written, self.unchanged)

    def discard(self) -> None:
        """Remove the folder, unless it was swapped in."""
        if self.folder is not None:
            _remove_even_if_interrupted(self.folder)
            self.folder = None

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return (
            path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data
        )
    except OSError:
        return False


def _linked(existing: Path, link: Path) -> bool:
    """Hard-link ``existing`` as ``link``; False where the file system will not (then the bytes are copied)."""
    try:
        os.link(existing, link)
    except OSError:
        return False
    return True


# ---------------------------------------------------------------- some files changed


def update(output: Path, files: Mapping[str, bytes], changed: list[str], added: set[str], removed: list[str]) -> None:
    """Replace the ``changed`` files of ``output`` with their bytes in ``files`` and remove the ``removed``
    ones, all or none of them. ``added``: the changed paths the last build did not write; only these may
    already hold someone else's file, and only with these or ``removed`` does the marker change.
    ``files`` holds every file of the new site."""
    recover(output)
    staged = {path: files[path] for path in changed}
    if added or removed:
        written = written_files(output) or set()
        for relative_path in sorted(added):
            if relative_path not in written and os.path.lexists(output / relative_path):
                raise OutputError(
                    f"{output / relative_path} was not written by the briefing generator, and the build would "
                    "replace it: move it out of the output folder"
                )
        staged[MARKER] = _marker(list(files))
    _Swap(output, staged, removed).run()


class _Swap:
    """Moves staged files into the output, keeping what they replace in an undo folder until all are in.

    The undo folder's journal names every path the swap touches, those that had no old file, and every
    folder it creates. Until the undo folder says ``done``, the swap can be undone: each old file moved aside
    goes back, each path that had no old file is removed, and an old file not moved aside yet stays.
    """

    def __init__(self, output: Path, staged: dict[str, bytes], removed: list[str]) -> None:
        self.output = output
        self.staged = staged
        self.removed = removed

    def run(self) -> None:
        stage = _new_folder(self.output, "new")
        try:
            for relative_path, data in self.staged.items():
                target = stage / relative_path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            self._swap_from(stage)
        finally:
            _remove_even_if_interrupted(stage)

    def _swap_from(self, stage: Path) -> None:
        paths = sorted(self.staged.keys() | set(self.removed))
        new_folders = sorted({str(p) for path in self.staged for p in _missing_parents(self.output, path)})
        undo = _new_folder(self.output, "undo")
        added = [path for path in paths if not os.path.lexists(self.output / path)]
        journal = {"paths": paths, "added": added, "folders": new_folders}
        _write_synced(undo / _JOURNAL, json.dumps(journal).encode("utf-8"))
        try:
            for relative_path in paths:
                target = self.output / relative_path
                if os.path.lexists(target):
                    kept = undo / "files" / relative_path
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(target, kept)
                if relative_path in self.staged:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(stage / relative_path, target)
            _write_synced(undo / _DONE, b"")
        except BaseException:
            _Swap.undo(self.output, undo, journal)  # should this fail too, the next build's ``recover`` ends it
            _remove_even_if_interrupted(undo)
            raise
        _remove_even_if_interrupted(undo)

    @staticmethod
    def resume(output: Path, undo: Path) -> None:
        """Finish a swap that a stopped process left: undo it unless it was done, then drop the undo folder."""
        if not (undo / _DONE).exists():
            try:
                journal = json.loads((undo / _JOURNAL).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                journal = None  # stopped before its first rename: nothing to undo
            if journal is not None:
                _Swap.undo(output, undo, journal)
        shutil.rmtree(undo, ignore_errors=True)

    @staticmethod
    def undo(output: Path, undo: Path, journal: dict[str, list[str]]) -> None:
        added = set(journal["added"])
        for relative_path in journal["paths"]:
            target, kept = output / relative_path, undo / "files" / relative_path
            if os.path.lexists(kept):
                os.replace(kept, target)
            elif relative_path in added and os.path.lexists(target):
                target.unlink()
            # else the old file was never moved aside: it is still in place
        for folder in sorted(journal["folders"], key=len, reverse=True):
            with contextlib.suppress(OSError):
                (output / folder).rmdir()


def _missing_parents(output: Path, relative_path: str) -> list[str]:
    """The folders on the way to ``relative_path`` that the output does not have yet."""
    parts = relative_path.split("/")[:-1]
    folders = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return [folder for folder in folders if not (output / folder).is_dir()]


def _remove_even_if_interrupted(folder: Path) -> None:
    """Remove a folder the swap no longer needs, and finish removing it if Ctrl-C comes meanwhile: the new site
    is in place by then, so the interrupt is passed on only once nothing is left beside the output."""
    try:
        shutil.rmtree(folder, ignore_errors=True)
    except KeyboardInterrupt:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
