"""Rendering many pages on every core: a pool of forked workers, each holding the whole renderer.

Workers are forked after the briefing is loaded, checked and linked, so they
inherit the page renderer (views, graph, compiled templates) without
pickling it; only page indexes go out and rendered pages (bytes plus the
dependencies they read) come back. Results come back in page order, and a
page is the same whichever process renders it, so the output is
byte-identical to a single-process build (tests/test_parallel.py).

``serve`` forks them from its watcher thread while the web server's thread
runs on. That is safe for what a worker does: it only renders, taking no
lock the other threads may hold at the fork (it neither logs nor prints),
and leaves as every pool worker does, without running exit handlers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Generator, Sequence
from typing import TypeVar

from briefing.progress import Progress

Spec = TypeVar("Spec")
Page = TypeVar("Page")

# Below this many pages per worker, forking costs more than it saves.
MIN_PAGES_PER_WORKER = 100
_CHUNK = 64

# Set in each worker process by _start_worker (inherited through fork, never pickled); unused in the parent.
_worker_job: tuple[Callable, Sequence] | None = None


def default_workers() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def processes_for(pages: int, workers: int) -> int:
    """How many processes render this many pages with up to ``workers`` workers: 1 means this one."""
    workers = min(workers, pages // MIN_PAGES_PER_WORKER)
    return workers if workers >= 2 and "fork" in multiprocessing.get_all_start_methods() else 1


def render_pages(
    render_one: Callable[[Spec], Page], specs: Sequence[Spec], processes: int, progress: Progress
) -> Generator[Page, None, None]:
    """``render_one`` of each spec, in order; in ``processes`` forked workers if more than one (see
    ``processes_for``), else in this process. Closing the iterator stops the workers (and waits for them)."""
    if processes == 1:
        for done, spec in enumerate(specs):
            progress.count("render: pages", done, len(specs))
            yield render_one(spec)
        return
    chunks = [range(start, min(start + _CHUNK, len(specs))) for start in range(0, len(specs), _CHUNK)]
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_start_worker, initargs=(render_one, specs)) as pool:
        done = 0
        for results in pool.imap(_render_chunk, chunks):
            yield from results
            done += len(results)
            progress.count("render: pages", done, len(specs))


def _start_worker(render_one: Callable, specs: Sequence) -> None:
    global _worker_job
    _worker_job = (render_one, specs)


def _render_chunk(indexes: range) -> list:
    assert _worker_job is not None
    render_one, specs = _worker_job
    return [render_one(specs[index]) for index in indexes]
