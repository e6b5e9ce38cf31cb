"""A digest of a value's content that another process computes alike: what the build keeps on disk in
place of the value itself.

Within one process, reuse compares values (identity first, then ``==``); across processes only a
fingerprint can be compared. Two values that ``==`` tells apart must get different fingerprints, or a
build would reuse a page made from other content; so a dataclass is encoded by the fields its ``==``
compares (all of them, ``repr=False`` ones too), and a value whose content cannot be told (an object
shown by its address) gets a fingerprint no other process gives, which only costs the next build a
recomputation. Equal values may get different fingerprints (a dict's order, which ``==`` ignores): that
too only costs work, never a wrong reuse.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

_SCALARS = (str, int, float, bool, type(None), bytes)
_THIS_PROCESS = secrets.token_hex(8)  # set apart the values only this process can tell apart


def fingerprint(value: Any) -> str:
    parts: list[str] = []
    _encode(value, parts.append)
    return text_digest("\0".join(parts))


def text_digest(text: str) -> str:
    return bytes_digest(text.encode("utf-8", "surrogatepass"))


def bytes_digest(data: bytes) -> str:
    """The digest of bytes: of a text kept as its UTF-8 (``text_digest`` of the text they decode to), and of
    an output file (``render.cache.file_digest``)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def bytes_digests(files: dict[str, bytes]) -> dict[str, str]:
    """``bytes_digest`` of each file, by path."""
    return {path: bytes_digest(data) for path, data in files.items()}


@functools.cache
def _compared_fields(kind: type) -> tuple[str, ...]:
    return tuple(spec.name for spec in dataclasses.fields(kind) if spec.compare)


def _encode(value: Any, out: Callable[[str], None]) -> None:
    kind = type(value)
    if kind in _SCALARS:
        out(repr(value))
    elif kind is tuple or kind is list:
        out("(" if kind is tuple else "[")
        for item in value:
            _encode(item, out)
        out(")")
    elif kind is dict:
        out("{")
        for key, item in value.items():
            _encode(key, out)
            _encode(item, out)
        out("}")
    elif kind is set or kind is frozenset:
        out("<")
        for encoded in sorted(fingerprint(item) for item in value):
            out(encoded)
        out(">")
    elif dataclasses.is_dataclass(value):
        out(f"{kind.__module__}.{kind.__qualname__}(")
        for name in _compared_fields(kind):
            _encode(getattr(value, name), out)
        out(")")
    else:
        _encode_other(value, out)


def _encode_other(value: Any, out: Callable[[str], None]) -> None:
    """Dates, enums, named tuples and the like, by their repr; a repr that names an address is this
    process's alone."""
    shown = repr(value)
    out(f"{type(value).__module__}.{type(value).__qualname__}:{shown}")
    if " at 0x" in shown:
        out(_THIS_PROCESS)
