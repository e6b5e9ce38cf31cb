"""Which files a build reads: the content folders listed, each path checked before it is used.

A :class:`Finder` resolves every folder and file with :func:`briefing.files.resolve_inside`, so a link that
leads out of the project is refused from its text alone (links that stay inside are followed), and lists
each folder once (``os.scandir``): a plain file in a folder known to be inside costs no more than
the listing. It reports what it refuses, and what a content folder holds that the build will not read.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from briefing.diagnostics import Diagnostics, Location
from briefing.files import ContentFile, LinkLoop, Refused, is_litter, is_under, kind_of, printable, resolve_inside
from briefing.project import Project

CONTENT_ENTRIES = ("briefing.yaml", "sources", "annotations", "topics")
# What is said about the listings of content folders rather than the content read: a build whose inputs
# are unchanged reuses the last build's diagnostics, except these (see ``pipeline.Builder``).
LISTING_CODES = frozenset({"unread-file"})
COPY_HINT = "copy it into the project instead of linking to it"


@dataclass
class _Unread:
    """Entries of content folders the build did not read, reported at the end of a load (a file in
    ``sources/`` may turn out to be a source's raw capture)."""

    entries: dict[str, str] = field(default_factory=dict)  # display → message


class Finder:
    """Lists the content folders of one build and finds the files it reads, inside the project only."""

    def __init__(self, project: Project, diagnostics: Diagnostics) -> None:
        self.project = project
        self.diagnostics = diagnostics
        self.root = str(project.root)
        self._folders: dict[str, str | Refused] = {}  # folder as named → its real path, or why not
        self._listings: dict[str, dict[str, os.DirEntry[str]]] = {}  # by real path
        self._unread = _Unread()
        self._reported: set[str] = set()
        self.content = self._content_folder()

    def display(self, path: str) -> str:
        return printable(self.project.display(path))

    # ------------------------------------------------------------ folders

    def _content_folder(self) -> str | None:
        real = self._real_folder(str(self.project.content))
        if isinstance(real, Refused):
            self._refuse(Location(self.display(str(self.project.content))), "content folder", real)
            return None
        return real

    def _real_folder(self, folder: str) -> str | Refused:
        """``folder`` with its links resolved, if it is inside the project; otherwise why it is not used."""
        if folder not in self._folders:
            self._folders[folder] = self._locate(folder)
        return self._folders[folder]

    def _locate(self, path: str) -> str | Refused:
        try:
            real = resolve_inside(self.root, path)
        except LinkLoop:
            return Refused("broken-link", "is a symbolic link in a loop", "point the link at a real file, or remove it")
        if real is None:
            return Refused("outside-project", "leads outside the project", COPY_HINT)
        return real

    def _refuse(self, where: Location, what: str, refusal: Refused) -> None:
        self.diagnostics.error(where, refusal.code, f"{what} {refusal.reason}; it is not read", refusal.hint)

    def listing(self, folder: str) -> tuple[str | None, dict[str, os.DirEntry[str]]]:
        """A content folder's real path and entries by name, if it is inside the project (reported once if
        not). A folder that does not exist is empty."""
        if self.content is None:
            return None, {}
        real = self._real_folder(folder)
        if isinstance(real, Refused):
            if folder not in self._reported:
                self._reported.add(folder)
                self._refuse(Location(self.display(folder)), "this folder", real)
            return None, {}
        return real, self._scan(real, folder)

    def _scan(self, real: str, folder: str | None) -> dict[str, os.DirEntry[str]]:
        """The entries of a folder known to be inside; ``folder``: where to report a problem, if at all."""
        if real not in self._listings:
            self._listings[real] = {}
            try:
                with os.scandir(real) as scan:
                    self._listings[real] = {entry.name: entry for entry in scan}
            except FileNotFoundError:
                pass
            except NotADirectoryError:
                if folder is not None:
                    self.diagnostics.error(
                        Location(self.display(folder)),
                        "not-a-folder",
                        "this should be a folder of content files, but it is a file",
                        "move the file away and make this a folder",
                    )
            except OSError as exc:
                if folder is not None:
                    message = f"cannot list this folder: {exc.strerror or exc}"
                    self.diagnostics.error(Location(self.display(folder)), "unreadable", message)
        return self._listings[real]

    # ------------------------------------------------------------ files of a folder

    def files(self, folder: str, suffixes: tuple[str, ...], subfolders: bool = False) -> list[ContentFile]:
        """The files of ``folder`` whose names end in one of ``suffixes``, in name order. Other entries are
        noted as unread (folders too, unless ``subfolders`` are expected there: then a link is not followed
        to see what it is, since the files sources name through it are checked one by one)."""
        real, listing = self.listing(folder)
        found = []
        for name in sorted(listing):
            entry = listing[name]
            path = os.path.join(folder, name)
            if is_litter(name):
                continue
            if os.path.splitext(name)[1] not in suffixes:
                if not (subfolders and (entry.is_symlink() or entry.is_dir(follow_symlinks=False))):
                    self._note_unread(path, entry, suffixes)
                continue
            assert real is not None
            try:
                found.append(self._file(path, os.path.join(real, name), entry))
            except Refused as refusal:
                self._refuse(Location(self.display(path)), "this file", refusal)
        return found

    def _file(self, path: str, real: str, entry: os.DirEntry[str]) -> ContentFile:
        """The file listed as ``entry``, checked: inside the project, there, and a regular file."""
        if not entry.is_symlink():
            if entry.is_file(follow_symlinks=False):
                return ContentFile(path, real, entry)
            raise Refused("not-a-file", f"is {kind_of(entry.stat(follow_symlinks=False).st_mode)}", NOT_A_FILE_HINT)
        located = self._locate(real)
        if isinstance(located, Refused):
            raise located
        try:
            mode = os.lstat(located).st_mode
        except (FileNotFoundError, NotADirectoryError):
            target = printable(os.readlink(real))
            raise Refused("broken-link", f"is a link to '{target}', which does not exist", LINK_HINT) from None
        if not stat.S_ISREG(mode):
            raise Refused("not-a-file", f"is a link to {kind_of(mode)}", NOT_A_FILE_HINT)
        return ContentFile(path, located, None)

    def _note_unread(self, path: str, entry: os.DirEntry[str], suffixes: tuple[str, ...]) -> None:
        folder = self.project.display(os.path.dirname(path)) + "/"
        if entry.is_dir(follow_symlinks=False):
            message = f"'{printable(entry.name)}' is a folder: the build does not read folders inside {folder}"
        else:
            wanted = " or ".join(f"'{suffix}'" for suffix in suffixes)
            message = f"'{printable(entry.name)}' is not read: only names ending in {wanted} are read in {folder}"
        self._unread.entries[self.display(path)] = message

    def note_unread_in_content(self) -> None:
        """Entries of ``content/`` itself other than briefing.yaml and the three folders."""
        folder = str(self.project.content)
        if self.content is None:
            return
        for name, entry in sorted(self._scan(self.content, None).items()):
            if name not in CONTENT_ENTRIES and not is_litter(name):
                path = os.path.join(folder, name)
                kind = "folder" if entry.is_dir(follow_symlinks=False) else "file"
                self._unread.entries[self.display(path)] = (
                    f"'{printable(name)}' is not read: content/ holds briefing.yaml, sources/, annotations/ and "
                    f"topics/, and no other {kind}"
                )

    def report_unread(self, read: set[str]) -> None:
        """Warn about every unread entry noted, except what was read after all: a raw capture kept in
        content/sources/, a folder holding the previous edition."""
        for display, message in sorted(self._unread.entries.items()):
            if display not in read and not any(path.startswith(display + "/") for path in read):
                self.diagnostics.warning(
                    Location(display),
                    "unread-file",
                    message,
                    "rename it if it is content (names are case-sensitive), or move it out of content/",
                )

    # ------------------------------------------------------------ files named by path

    def named_file(self, path: str, missing: Refused) -> ContentFile:
        """A file the project names (briefing.yaml, a raw capture), checked like a listed one; raises
        Refused, ``missing`` if it is not there."""
        folder, name = os.path.split(path)
        real = self._real_folder(folder)
        if isinstance(real, Refused):
            raise real
        entry = self._scan(real, None).get(name)
        if entry is None:
            raise missing
        return self._file(path, os.path.join(real, name), entry)

    def source_file(self, relative: str, missing: Refused) -> ContentFile:
        """A file a source names relative to ``content/sources/`` (its raw capture, its captured page). The
        path must stay in that folder as written: one that is absolute, or whose ``..`` climbs out, is
        refused before any system call. Links on the way are followed while they stay in the project."""
        sources = str(self.project.sources_dir)
        if os.path.isabs(relative) or relative.startswith("~"):
            raise Refused("outside-project", "is absolute: it must be relative to content/sources/", RAW_HINT)
        if not is_under(os.path.normpath(os.path.join(sources, relative)), sources):
            raise Refused("outside-project", "points outside content/sources/", RAW_HINT)
        try:
            return self.named_file(os.path.join(sources, relative), missing)
        except Refused as refusal:
            if refusal.code == "outside-project":
                raise Refused(refusal.code, "leads outside the project (through a link)", COPY_HINT) from None
            raise


NOT_A_FILE_HINT = "content files are ordinary text files: replace it with one, or remove it"
LINK_HINT = "point the link at a file that exists, or remove it"
RAW_HINT = "keep raw captures in content/sources/raw/ and write e.g. 'raw: raw/<id>.txt'"


# The diagnostics about files as files (docs/reference/content-format.md lists them): code, severity, meaning.
FILE_DIAGNOSTICS = (
    (
        "outside-project",
        "error",
        "a link (a file, a content folder, content/ itself) leads outside the project, or a `raw:`/`capture:` "
        "path is absolute or climbs out of content/sources/; refused from the link's or path's text, unread",
    ),
    ("broken-link", "error", "a symbolic link to nothing, or links in a loop"),
    ("not-a-file", "error", "a folder, named pipe (FIFO), socket or device named like a content file or capture"),
    ("not-a-folder", "error", "a file where content/sources/, annotations/ or topics/ should be"),
    ("unreadable", "error", "the system refused to read the file (permissions, a disk error)"),
    (
        "unread-file",
        "warning",
        "a content folder holds something the build does not read: another suffix "
        "(`.MD`, `.markdown`, `.YAML`, `.txt`), or a folder; hidden files, editor backups (`x.md~`, `#x.md#`, "
        "`.bak`, `.orig`, `.swp`, `.tmp`) and `Thumbs.db`/`desktop.ini` are skipped without a word",
    ),
    ("file-too-large", "error", "over 2 MiB for a content file, 20 MiB for a raw capture or captured page"),
    (
        "not-utf8",
        "error",
        "not UTF-8: the line and column of the first bad byte, or UTF-16/UTF-32 by its "
        "byte-order mark (a UTF-8 byte-order mark is fine, and CRLF or CR line ends are read as LF)",
    ),
    (
        "control-character",
        "error",
        "an invisible control character (NUL, escape, form feed, U+0080–U+009F, "
        "U+2028/U+2029…) at its line and column; tabs and line ends are fine",
    ),
    ("empty-file", "warning", "an annotations file with no records"),
    (
        "yaml-syntax",
        "error",
        "malformed YAML, at the line to fix: where an unclosed quote or bracket was opened, "
        "where a second document starts",
    ),
    ("yaml-tag", "error", "a YAML tag (`!!python/object`, `!!binary`, `!custom`): content is plain data"),
    ("yaml-alias", "error", "a YAML `*alias`: write the value out in full"),
    ("yaml-too-deep", "error", "lists and mappings nested deeper than any record needs"),
    (
        "yaml-number",
        "warning",
        "a plain value YAML 1.1 reads as a number unlike it is written (`0x1F` is 31, "
        "`012` is 10, `1:20` is 80, `1_000` is 1000, `1.50` is 1.5): quote it to keep it as written",
    ),
    ("duplicate-key", "error", "the same key twice in one mapping"),
)
