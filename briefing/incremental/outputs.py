"""Output files made from what one string sums up, kept by the layer with that string.

Some groups of output files are made from inputs that a string names whole: the static files from the
templates' digest, a part of the search index from its pages' paths and digests. A stage asks
:class:`MadeOutputs` for such a group by name, saying what it is made from (``made_from``) and how to make
it; the group kept under that name is given back while ``made_from`` is equal, and made again otherwise.
So the stage says what its files are made from, never whether to make them again. Equality of strings
holds in another process too: the store keeps each group's ``made_from`` and digests, and the bytes are
read back from the output folder (``read_back``), the group forgotten if any of them is not as written.

A group made from the whole briefing (the exports) has no ``made_from``: it is made every build, and kept
only for a build that defers it (``serve`` showing a save first), which keeps the last one (``last``).

A group of many files each made from a string of its own (a source's raw capture, from its digest) is asked
for as a whole (``made_each``): only the files whose string changed are made again, found by comparing the
two tables of strings in C, since at 10,000 sources a one-source edit asks for 10,000 of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from briefing.incremental.fingerprint import bytes_digest, bytes_digests
from briefing.incremental.memo import differing_keys
from briefing.render.cache import ON_DISK, Held


@dataclass(frozen=True)
class MadeFiles:
    """A group of output files (by path in the site), their digests, and what they were made from."""

    made_from: str | None
    files: dict[str, Held]  # ``ON_DISK`` once the output folder holds them and the cache does not
    digests: dict[str, str]

    @classmethod
    def of(cls, made_from: str | None, files: dict[str, bytes]) -> MadeFiles:
        return cls(made_from, files, bytes_digests(files))

    def without_bytes(self) -> MadeFiles:
        return replace(self, files=dict.fromkeys(self.files, ON_DISK))


@dataclass(frozen=True)
class EachMade:
    """Files each made from a string of its own: the strings by key, and the files and digests by path, in
    the keys' order."""

    made_from: dict[str, str]
    files: dict[str, Held]  # ``ON_DISK`` once the output folder holds them and the cache does not
    digests: dict[str, str]

    def without_bytes(self) -> EachMade:
        return replace(self, files=dict.fromkeys(self.files, ON_DISK))


class MadeOutputs:
    """One stage's groups of output files, by name (see the module's docstring)."""

    def __init__(self) -> None:
        self._groups: dict[str, MadeFiles] = {}
        self._each: dict[str, EachMade] = {}

    def made(self, name: str, made_from: str, make: Callable[[], dict[str, bytes]]) -> MadeFiles:
        """The group ``name`` made from ``made_from``: the one kept if it was, else ``make()``'s files."""
        kept = self.kept(name, made_from)
        return kept if kept is not None else self.keep(name, MadeFiles.of(made_from, make()))

    def made_each(
        self, name: str, made_from: Mapping[str, str], path_of: Callable[[str], str], make: Callable[[str], bytes]
    ) -> EachMade:
        """For each key of ``made_from``, the file ``path_of(key)``: the one kept if made from the same string,
        else ``make(key)``; in the order of ``made_from``."""
        last = self._each.get(name, EachMade({}, {}, {}))
        again = differing_keys(last.made_from, made_from)
        if list(last.made_from) == list(made_from):
            files, digests = dict(last.files), dict(last.digests)
        else:  # keys added, removed or reordered: the files follow the keys' order
            paths = [path_of(key) for key in made_from]
            files = {path: last.files.get(path, b"") for path in paths}
            digests = {path: last.digests.get(path, "") for path in paths}
        for key in sorted(again & made_from.keys()):
            path, data = path_of(key), make(key)
            files[path], digests[path] = data, bytes_digest(data)
        made = self._each[name] = EachMade(dict(made_from), files, digests)
        return made

    def kept(self, name: str, made_from: str) -> MadeFiles | None:
        """The group kept under ``name`` if it was made from ``made_from``; None if it is to be made."""
        kept = self._groups.get(name)
        return kept if kept is not None and kept.made_from is not None and kept.made_from == made_from else None

    def last(self, name: str) -> MadeFiles | None:
        """The group last kept under ``name``, whatever it was made from (a deferred build keeps it)."""
        return self._groups.get(name)

    def keep(self, name: str, made: MadeFiles) -> MadeFiles:
        self._groups[name] = made
        return made

    def forget(self, names: Iterable[str]) -> None:
        for name in list(names):
            self._groups.pop(name, None)

    def without_bytes(self) -> MadeOutputs:
        """These groups without their files' bytes (the output folder holds them), their digests kept."""
        light = MadeOutputs()
        light._groups = {name: made.without_bytes() for name, made in self._groups.items()}
        light._each = {name: made.without_bytes() for name, made in self._each.items()}
        return light

    def read_back(self, found: Mapping[str, Held], on_disk: dict[str, str]) -> None:
        """Give each group its bytes from ``found`` (output files read back whose digest is ``on_disk``'s);
        forget a group any of whose files is missing or not as this group wrote it."""
        for name, made in list(self._groups.items()):
            if all(path in found and on_disk[path] == digest for path, digest in made.digests.items()):
                self._groups[name] = replace(made, files={path: found[path] for path in made.files})
            else:
                del self._groups[name]
        for name, each in list(self._each.items()):
            back = [path in found and on_disk[path] == digest for path, digest in each.digests.items()]
            kept = zip(each.made_from.items(), back, strict=True)
            made_from = {key: made for (key, made), is_back in kept if is_back}
            files = {path: found[path] for path, is_back in zip(each.files, back, strict=True) if is_back}
            self._each[name] = EachMade(made_from, files, {path: each.digests[path] for path in files})
