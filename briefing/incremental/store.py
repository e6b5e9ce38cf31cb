"""Keeps a build's caches on disk between runs (``.briefing-cache/`` in the project folder).

A build in a new process then starts near where the last one ended: files whose stat is unchanged are not read
again nor parsed, and pages whose inputs have the same fingerprints are reused. Reuse never changes the result
(see ``pipeline.Builder``).

What is saved is what ``snapshot`` takes of :class:`~briefing.incremental.state.BuildCaches`, entry by entry,
without the bytes of the output files (pages, exports, the search index): those are in the output folder
already, and their stat is saved with the caches. A build whose inputs did not change needs none of them, only
the assurance that the output is as it was saved (every file's stat unchanged; a file written within the racy
window is read and its digest compared). Any other build takes back the files still as written, and drops
the others (edited by hand, rewritten by ``serve``, deleted), which it makes again (``take_output_back``).
A builder that builds again (``serve``) reads their bytes back; one that builds once (the command line)
leaves them in the output folder (``ON_DISK``), and a stage reads one only if it needs its bytes
(``render.site``): at 10,000 sources, 640 MB of pages that a rebuild after one edit held before.

A cache is used only when the same code wrote it (this package's source, the versions of the libraries that
shape the output, Python) for the same project and output folder, and when it carries this user's signature:
unpickling runs code, so a cache that came with a copied project folder is never loaded.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import hmac
import importlib.metadata
import io
import itertools
import os
import pickle
import secrets
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from briefing.incremental import snapshot
from briefing.incremental.loadcache import SETTLED_NS
from briefing.incremental.state import BuildCaches
from briefing.project import PACKAGE_ROOT, Project
from briefing.render.cache import ON_DISK, Held, file_digest

CACHE_FOLDER = ".briefing-cache"
CACHE_FILE = "build.pickle"
FORMAT = b"briefing-cache 3\n"
# pydantic reads the content into the records the cache keeps (and pins its pydantic-core)
OUTPUT_LIBRARIES = (
    "jinja2",
    "markupsafe",
    "markdown-it-py",
    "pygments",
    "pyyaml",
    "pyahocorasick",
    "pagefind",
    "pydantic",
)
_MAC_BYTES = 32


class CacheStore:
    """The saved caches of one project and output folder, signed with the key in ``key_file``."""

    def __init__(self, project: Project, key_file: Path | None = None) -> None:
        self.project = project
        self.path = project.root / CACHE_FOLDER / CACHE_FILE
        self.key_file = key_file or default_key_file()
        self._unread: _OutputStats | None = None  # the restored caches' output files, not taken back yet
        self._as_saved = False  # whether ``output_as_saved`` found every one of them

    @property
    def output_unread(self) -> bool:
        return self._unread is not None

    def restore(self, for_one_build: bool = False) -> tuple[BuildCaches | None, str]:
        """The saved caches (their output files not taken back yet: ``take_output_back``), or None and why
        not ("" if there were none). ``for_one_build``: see ``snapshot.restored``."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None, ""
        except OSError as exc:
            return None, f"build cache not read: {exc}"
        header = self._header
        mac, body = data[:_MAC_BYTES], memoryview(data)[_MAC_BYTES:]  # a view: the cache may be large
        if body[: len(header)] != header:
            return None, "build cache ignored: written by another version of the generator or for another output"
        user_key = self._user_key()
        if user_key is None or not hmac.compare_digest(mac, _signature(user_key, body)):
            return None, f"build cache ignored: {self.path} was not written by this user's builds"
        try:
            with _collector_paused():
                stream = io.BytesIO(data)  # shares the bytes of ``data``: no copy
                stream.seek(_MAC_BYTES + len(header))
                caches, output = _read_entries(stream, len(data), for_one_build)
                gc.freeze()  # long-lived: keep the collector from scanning them again and again
        except Exception as exc:  # a signed file is ours; if it still does not load, rebuild from scratch
            return None, f"build cache ignored: {type(exc).__name__}: {exc}"
        self._unread = output
        return caches, ""

    def output_as_saved(self, on_disk: dict[str, str]) -> bool:
        """Whether the output folder holds exactly the files the restored caches wrote, unchanged since."""
        assert self._unread is not None
        self._as_saved = self._unread.still_hold(self.project.output, on_disk)
        return self._as_saved

    def take_output_back(self, caches: BuildCaches, read: bool) -> None:
        """Give the restored caches the output files still as they wrote them (once), forgetting the others:
        with their bytes if ``read`` (a builder that builds again holds them), else ``ON_DISK``, for a
        builder that builds once to read only those a stage needs (see ``render.site``)."""
        if self._unread is not None:
            on_disk = caches.write.on_disk or {}
            if not read and self._as_saved:
                found: dict[str, Held] = dict.fromkeys(on_disk, ON_DISK)
            else:
                found = self._unread.as_written(self.project.output, on_disk, read)
            _take_output_back(caches, found)
            self._unread = None

    def save(self, caches: BuildCaches) -> str:
        """Write the caches (atomically); returns a note if they could not be saved, else ""."""
        user_key = self._user_key()
        if user_key is None:
            return f"build cache not saved: no signing key at {self.key_file}"
        output = _OutputStats.of(self.project.output, caches.write.on_disk or {})
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as stream, _collector_paused():
                stream.write(bytes(_MAC_BYTES))  # the signature goes here once the body is written
                body = _SignedStream(stream, user_key)
                body.write(self._header)
                for entry in itertools.chain(snapshot.entries(caches), [("output", output)]):
                    snapshot.dump(entry, body)  # each alone, as made: see ``snapshot``
                stream.seek(0)
                stream.write(body.signature())
            os.replace(temporary, self.path)
        except Exception as exc:  # the site is written; a cache that cannot be kept only costs the next build time
            return f"build cache not saved: {exc if isinstance(exc, OSError) else f'{type(exc).__name__}: {exc}'}"
        finally:  # Ctrl-C included
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        return ""

    @functools.cached_property
    def _header(self) -> bytes:
        """What the cache is valid for: this code, these libraries, this project and output folder (read
        once per store: it hashes every source file of the package)."""
        hasher = hashlib.blake2b(digest_size=16)
        hasher.update(f"{sys.version}\0{self.project.root}\0{self.project.output}\0".encode())
        for library in OUTPUT_LIBRARIES:
            try:
                hasher.update(f"{library}={importlib.metadata.version(library)}\0".encode())
            except importlib.metadata.PackageNotFoundError:
                hasher.update(f"{library}=-\0".encode())
        for path in sorted((PACKAGE_ROOT / "briefing").rglob("*.py")):
            hasher.update(path.read_bytes())
        return FORMAT + hasher.hexdigest().encode() + b"\n"

    def _user_key(self) -> bytes | None:
        """This user's signing key, created on first use (readable by the user only)."""
        try:
            key = self.key_file.read_bytes()
            return key if len(key) >= 32 else None
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            self.key_file.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(secrets.token_bytes(32))
            return self.key_file.read_bytes()
        except FileExistsError:  # another build created it first
            return self.key_file.read_bytes()
        except OSError:
            return None


def _signature(user_key: bytes, body: bytes | memoryview) -> bytes:
    """A keyed BLAKE2b MAC (as strong as HMAC, and faster on a large cache)."""
    return hashlib.blake2b(body, key=user_key[:64], digest_size=_MAC_BYTES).digest()


class _SignedStream:
    """Writes to a file while computing ``_signature`` of what was written, so that a large cache is
    pickled straight to disk instead of into memory first."""

    def __init__(self, stream: BinaryIO, user_key: bytes) -> None:
        self._stream = stream
        self._mac = hashlib.blake2b(key=user_key[:64], digest_size=_MAC_BYTES)

    def write(self, data: bytes) -> int:
        self._mac.update(data)
        return self._stream.write(data)

    def signature(self) -> bytes:
        return self._mac.digest()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: (un)pickling a million small objects triggers it constantly and
    halves the speed, yet none of them is garbage."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def default_key_file() -> Path:
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / "briefing" / "cache-signing-key"


@dataclass(frozen=True)
class _OutputStats:
    """What stat said about each output file when the caches were saved: size, modification time, inode."""

    files: dict[str, tuple[int, int, int]]
    taken_ns: int

    @classmethod
    def of(cls, output: Path, on_disk: dict[str, str]) -> _OutputStats:
        taken_ns = time.time_ns()
        files = {}
        for path in on_disk:
            try:
                stat = os.stat(output / path)
            except OSError:
                continue
            files[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        return cls(files, taken_ns)

    def still_hold(self, output: Path, on_disk: dict[str, str]) -> bool:
        """Every file has its saved stat (see ``holds``)."""
        if self.files.keys() != on_disk.keys():
            return False
        return all(self.holds(output, path, digest) for path, digest in on_disk.items())

    def holds(self, output: Path, path: str, digest: str) -> bool:
        """Whether a file has its saved stat; one modified within the racy window of the save (see ``load``)
        could have changed again without its stat changing, so its digest is compared too."""
        saved = self.files.get(path)
        try:
            stat = os.stat(output / path)
        except OSError:
            return False
        if saved is None or (stat.st_size, stat.st_mtime_ns, stat.st_ino) != saved:
            return False
        return stat.st_mtime_ns < self.taken_ns - SETTLED_NS or file_digest((output / path).read_bytes()) == digest

    def as_written(self, output: Path, on_disk: dict[str, str], read: bool) -> dict[str, Held]:
        """The files of ``on_disk`` (digests by path) that ``output`` holds as written: their bytes if
        ``read``, else ``ON_DISK``. A file whose stat changed is read, and kept if its digest is the same."""
        found: dict[str, Held] = {}
        for path, digest in on_disk.items():
            if not read and self.holds(output, path, digest):
                found[path] = ON_DISK
                continue
            try:
                data = (output / path).read_bytes()
            except OSError:
                continue
            if file_digest(data) == digest:
                found[path] = data if read else ON_DISK
        return found


def _read_entries(stream: io.BytesIO, end: int, for_one_build: bool) -> tuple[BuildCaches, _OutputStats]:
    """The caches and the output's stats from the entries ``save`` wrote, one after the other."""
    saved, output = [], None
    while stream.tell() < end:
        kind, payload = pickle.load(stream)
        if kind == "output" and isinstance(payload, _OutputStats):
            output = payload
        else:
            saved.append((kind, payload))
    if output is None:
        raise ValueError("no output entry")
    return snapshot.restored(saved, for_one_build), output


def _take_output_back(caches: BuildCaches, found: dict[str, Held]) -> None:
    """Put back the output files ``BuildCaches.without_output`` left out (``found``: those the output
    holds as written, by path); forget the others, which the build makes again."""
    on_disk = caches.write.on_disk or {}
    render = caches.render
    for path, page in list(render.pages.items()):
        if path in found and on_disk[path] == page.digest:
            render.pages[path] = replace(page, data=found[path])
        else:
            render.forget(path)
    render.outputs.read_back(found, on_disk)
    caches.search.read_back(found, on_disk)
    if len(found) < len(on_disk):
        caches.write.on_disk = None  # the next write assembles the whole site and swaps it in
