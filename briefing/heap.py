"""How a build keeps the garbage collector and the C allocator from costing it time and memory.

A build makes millions of objects that live until a later build replaces them; these helpers keep the
collector from walking them over and over, and give freed memory back to the system.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle_heap() -> None:
    """Collect this build's garbage, then move what survives out of the garbage collector's sight.

    What a build leaves (records, graph, pages, caches) lives until a later build replaces it. Frozen
    (``gc.freeze``), it is no longer walked by every full collection, which on a 10,000-source briefing
    took about 2 s per rebuild. Only objects made since the last freeze are walked here; garbage found
    later among frozen objects (a replaced record in a reference cycle) is left to the process's end.
    """
    gc.collect()
    gc.freeze()


def return_freed_memory() -> None:
    """Give the C allocator's free pages back to the system, where it is glibc (``malloc_trim``).

    The pages' bytes freed by Python go back to the allocator, which keeps them in its heap among live
    objects; what is allocated next in large blocks (the save's pickler) takes new memory beside them. At
    10,000 sources, trimming lowered the build's peak from 2.40 to 1.99 GB.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return
    trim(0)


@contextmanager
def young_collections_only() -> Iterator[None]:
    """While a build runs, let the garbage collector walk only young objects.

    A build makes millions of objects that live until it ends (records, texts, their parts); each full
    collection walks every one of them and, on the briefings measured, finds no garbage: at 10,000 sources
    the 23 full collections of loading took 9 of its 23 s, and their number grows with the briefing, so the
    build's cost grew faster than its size. Young collections still free short-lived cycles;
    ``settle_heap`` collects what remains between rebuilds.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1_000_000_000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
