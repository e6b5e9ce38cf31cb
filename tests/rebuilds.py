"""What the rebuild tests share: the seed source they edit, an edit of its words, a file watcher, and the
long-lived builder of each project they rebuild (as serve keeps one)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from briefing.pipeline import Builder
from briefing.project import open_project
from conftest import edit

SOURCE = "content/sources/rferl-2017-04-27.md"
RAW = "content/sources/raw/rferl-2017-04-27.txt"


def edit_source_word(
    project: Path, old: str = "greatly simplify", new: str = "much simplify", source: str = SOURCE, raw: str = RAW
) -> None:
    """One word of the curated text and its raw capture (with the new sha256). By default a shorter one in
    the seed's RFE/RL source, which moves the offsets of the cited words after it in the paragraph."""
    capture = project / raw
    old_sha = hashlib.sha256(capture.read_bytes()).hexdigest()
    edit(capture, old, new)
    edit(project / source, old, new)
    edit(project / source, old_sha, hashlib.sha256(capture.read_bytes()).hexdigest(), every=True)


class Watcher:
    """What serve's file watcher reports: the files under content/ and templates/ (and editions/, where the
    previous edition is kept) that were written,
    added or removed since the last report (by their bytes, which stat granularity cannot hide)."""

    def __init__(self, project: Path) -> None:
        self.root = project.resolve()
        self.seen = self._files()

    def _files(self) -> dict[str, bytes]:
        folders = (self.root / "content", self.root / "templates", self.root / "editions")
        return {str(path): path.read_bytes() for folder in folders for path in folder.rglob("*") if path.is_file()}

    def changed(self) -> frozenset[str]:
        now = self._files()
        changed = frozenset(path for path in now.keys() | self.seen.keys() if now.get(path) != self.seen.get(path))
        self.seen = now
        return changed


_builders: dict[Path, Builder] = {}


def builder_for(project: Path) -> Builder:
    """The one builder of ``project`` that every rebuild test and edit in a session uses."""
    return _builders.setdefault(project, Builder(open_project(project)))
