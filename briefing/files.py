"""Finding and opening content files without ever leaving the project.

Every path the build reads — ``briefing.yaml``, the content folders, each file in them, the raw captures
sources name — is resolved here one component at a time, as the kernel would, except that a symbolic link
is followed only after its text (``readlink``) shows that it stays inside the folder it must stay in. So
nothing outside the project is listed, opened or even stat'ed: a link that leads out is refused from what
it says, and a ``raw:`` path with ``..`` that climbs out is refused before any system call.

Files are opened without following links and without blocking (a FIFO never hangs a build), and only
regular files are read. What a content folder holds that the build will not read is reported, except the
usual editor and system litter (see :func:`is_litter`).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from briefing.diagnostics import Location
from briefing.yamlio import ContentError

MAX_LINKS = 40  # links followed while resolving one path, as Linux's own limit: more is a loop
_LITTER_SUFFIXES = ("~", ".bak", ".orig", ".swp", ".swo", ".tmp")
_LITTER_NAMES = ("Thumbs.db", "desktop.ini")
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


class LinkLoop(Exception):
    """Symbolic links that lead back to themselves."""


class Refused(Exception):
    """A path the build will not read: ``code`` and ``reason`` (e.g. "leads outside the project") for a
    diagnostic at the place that names the path."""

    def __init__(self, code: str, reason: str, hint: str) -> None:
        super().__init__(reason)
        self.code, self.reason, self.hint = code, reason, hint


def is_litter(name: str) -> bool:
    """Hidden files (``.DS_Store``, ``.#lock``, ``.x.md.swp``), editor backups (``x.md~``, ``#x.md#``,
    ``.bak``, ``.orig``, ``.tmp``) and Windows' folder files: never read, never reported."""
    return (
        name.startswith(".")
        or name.endswith(_LITTER_SUFFIXES)
        or (name.startswith("#") and name.endswith("#"))
        or name in _LITTER_NAMES
    )


def printable(text: str) -> str:
    """A path as diagnostics show it: control characters and bytes that are not UTF-8 escaped, so that a
    file name holding a newline cannot break the ``path:line: code: message`` format."""
    if text.isprintable():
        return text
    raw = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in raw)


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def resolve_inside(root: str, path: str) -> str | None:
    """``path`` with every symbolic link and ``..`` resolved, or None if that leaves ``root``.

    ``root`` must be a real path (no links); ``path`` is absolute. Only paths already known to be inside
    ``root`` are ever given to ``lstat`` and ``readlink``. A part of the path that does not exist ends the
    resolution: the rest is joined as written (if it stays inside). Raises :class:`LinkLoop`.
    """
    if path != root and not path.startswith(root + os.sep):
        return None
    pending = list(reversed(path[len(root) :].split(os.sep)))
    current, links = root, 0
    while pending:
        part = pending.pop()
        if part in ("", "."):
            continue
        if part == "..":
            if current == root:
                return None
            current = os.path.dirname(current)
            continue
        candidate = os.path.join(current, part)
        try:
            mode = os.lstat(candidate).st_mode
        except (FileNotFoundError, NotADirectoryError):
            rest = os.path.normpath(os.path.join(candidate, *reversed(pending)))
            return rest if rest == root or rest.startswith(root + os.sep) else None
        if not stat.S_ISLNK(mode):
            current = candidate
            continue
        links += 1
        if links > MAX_LINKS:
            raise LinkLoop(path)
        target = os.readlink(candidate)
        if os.path.isabs(target):
            if target != root and not target.startswith(root + os.sep):
                return None
            pending.extend(reversed(target[len(root) :].split(os.sep)))
            current = root
        else:
            pending.extend(reversed(target.split(os.sep)))
    return current


def is_under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + os.sep)


@dataclass(frozen=True)
class ContentFile:
    """A file the build reads: ``path`` as the project names it (shown in diagnostics), ``real`` the same
    file with every link resolved (inside the project; what is opened)."""

    path: str
    real: str
    entry: os.DirEntry[str] | None = None  # from the folder's listing, when it is not a link: stat is cached

    def stat(self) -> os.stat_result:
        if self.entry is not None:
            return self.entry.stat(follow_symlinks=False)
        return os.stat(self.real, follow_symlinks=False)


def read_bytes(file: ContentFile, display: str, limit: int) -> bytes:
    """A regular file's bytes, opened without following a link or blocking; ContentError otherwise."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(file.real, flags)
    except OSError as exc:
        raise unreadable(display, exc) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise not_a_file(display, info.st_mode)
        if info.st_size > limit:
            raise too_large(display, info.st_size, limit)
        chunks, size = [], 0
        while chunk := os.read(descriptor, max(info.st_size + 1 - size, 65536)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise too_large(display, size, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise unreadable(display, exc) from None
    finally:
        os.close(descriptor)


def unreadable(display: str, exc: OSError) -> ContentError:
    return ContentError(
        Location(display),
        "unreadable",
        f"cannot read this file: {exc.strerror or exc}",
        "check that the file is yours to read and that its disk is mounted",
    )


def not_a_file(display: str, mode: int) -> ContentError:
    return ContentError(
        Location(display),
        "not-a-file",
        f"this is {kind_of(mode)}, not a regular file; it is not read",
        "replace it with an ordinary text file, or remove it",
    )


def too_large(display: str, size: int, limit: int) -> ContentError:
    return ContentError(
        Location(display),
        "file-too-large",
        f"file is {size:,} bytes; content files are limited to {limit:,} bytes",
        "split the file, or curate the capture down to the article",
    )
