"""``serve``'s main loop: the first build, the web server, the watcher thread that rebuilds on every save,
and a clean stop on Ctrl-C (SIGINT) or SIGTERM."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from types import FrameType

import tornado.ioloop
import watchfiles

from briefing.incremental.store import CacheStore
from briefing.project import Project
from briefing.serve.guard import Guard
from briefing.serve.handlers import make_app, reload_browsers
from briefing.serve.preview import DEBOUNCE_MS, DEFERRED_PAGES, QUIET_MS, STEP_MS, Preview

WATCHER_GRACE_S = 2  # how long a stop waits for the watcher before saying it waits for a build
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def watch(preview: Preview, loop: tornado.ioloop.IOLoop, stop: threading.Event) -> None:
    """Rebuild after each burst of changes; every change that arrives during a build is seen by the next one.

    A save rebuilds everything but the deferred outputs and reloads the open pages at once, reading only
    the files the watcher saw change (and listing the output only if it saw an output file go); when no
    change has come for QUIET_MS (watchfiles then yields an
    empty batch), the deferred outputs are rebuilt and only the tabs showing them reload. That build looks
    at every file, in case the watcher missed one (inotify drops events when its queue overflows).

    The first quiet moment also brings a build that looks at every file: a file saved during the first
    build (a minute on a large briefing), or before the watcher started, is seen by no watcher. A save
    before that moment has its build look at every file instead.
    """
    ignored = watchfiles.DefaultFilter()

    def wanted(change: watchfiles.Change, path: str) -> bool:
        return ignored(change, path) and (preview.is_input(path) or preview.is_lost_output(change, path))

    postponed: frozenset[str] = frozenset()
    caught_up = False  # whether a build has looked at every file since the watcher started
    unseen: set[str] = set()  # changed paths no build has seen yet (output removals wait for an input change)
    for changes in watchfiles.watch(
        *preview.watched_paths(),
        watch_filter=wanted,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        raise_interrupt=False,
        rust_timeout=QUIET_MS,
        yield_on_timeout=True,
    ):
        unseen.update(path for _, path in changes)
        if any(preview.is_input(path) for _, path in changes):
            # before the first look at every file, a save's build is that look: an output file removed
            # before the watcher started was reported to nobody
            report = preview.rebuild(DEFERRED_PAGES, frozenset(unseen) if caught_up else None)
            unseen.clear()
            caught_up = caught_up or report is not None
            loop.add_callback(reload_browsers)
            # after a failed build there is nothing to bring up to date until a good one
            postponed = postponed | frozenset(report.postponed) if report is not None else frozenset()
        elif not changes and (postponed or not caught_up):
            report = preview.rebuild(quiet_if_unchanged=not postponed)
            unseen.clear()
            if postponed:
                loop.add_callback(reload_browsers, postponed | {"search.html"})
            elif report is not None and report.pages_written:  # a save no watcher saw
                loop.add_callback(reload_browsers)
            postponed, caught_up = frozenset(), True


def serve(
    project: Project,
    host: str,
    port: int,
    open_browser: bool,
    store: CacheStore | None = None,
    workers: int | None = None,
    quiet: bool = False,
) -> int:
    """Serve until Ctrl-C or SIGTERM; 0 after either (a stop is how serve ends), 2 if it cannot listen.

    A signal during the first build is a KeyboardInterrupt, which the command line turns into "stopped"
    and 0 as well; a second one while the stop waits for a build in progress abandons that build.
    """
    _forked_workers_keep_default_signals()
    with _terminate_interrupts():
        return _serve(project, host, port, open_browser, store, workers, quiet)


def _serve(
    project: Project,
    host: str,
    port: int,
    open_browser: bool,
    store: CacheStore | None,
    workers: int | None,
    quiet: bool,
) -> int:
    preview = Preview(project, _printer(), store, workers, quiet)
    log = preview.info  # what is not a problem is not printed with -q
    preview.rebuild()
    guard = Guard.for_server(host, port)
    app = make_app(preview, port, guard)
    try:
        server = app.listen(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"error: port {port} on {host} is already in use; choose another one with --port N", file=sys.stderr)
        else:
            print(f"error: cannot serve on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 2
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    log(f"serving {project.output} at {url}; rebuilding on changes to content/ and templates/")
    log(f"answering only requests for {guard.describe()}")
    log("press Ctrl-C to stop")
    loop = tornado.ioloop.IOLoop.current()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, loop, stop), name="watch", daemon=True)
    watcher.start()
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        with _stopping_on_signals(loop):
            loop.start()
    except KeyboardInterrupt:  # SIGINT where the loop could not take it over
        pass
    finally:
        stop.set()
        server.stop()  # the port is free from here on
        _wait_for(watcher, log)
        loop.close(all_fds=True)  # here, not by its finaliser during interpreter shutdown, which fails
    log("stopped")
    return 0


@functools.cache  # once per process: fork handlers cannot be removed
def _forked_workers_keep_default_signals() -> None:
    os.register_at_fork(after_in_child=_worker_signals)


def _worker_signals() -> None:
    """In a process forked from serve (the render workers of a large build) serve's signal handling is
    undone: SIGTERM kills again, as ``Pool.terminate`` expects (inheriting asyncio's handler, a worker
    would ignore it and the build would hang, and its signals would wake serve's event loop through the
    inherited wakeup fd); SIGINT is ignored, so that a Ctrl-C at the terminal, which reaches the whole
    process group, lets the workers finish the pages serve waits for instead of losing them."""
    with contextlib.suppress(ValueError, OSError):
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def _terminate_interrupts() -> Iterator[None]:
    """SIGTERM interrupts like Ctrl-C (a KeyboardInterrupt) while this lasts, rather than killing the process
    on the spot; unless it was ignored when serve started, as a signal ignored by whoever started us stays."""
    previous = signal.getsignal(signal.SIGTERM)
    if previous == signal.SIG_IGN or threading.current_thread() is not threading.main_thread():
        yield  # (signal handlers can only be set on the main thread)
        return
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _stopping_on_signals(loop: tornado.ioloop.IOLoop) -> Iterator[None]:
    """While the loop runs, SIGINT and SIGTERM stop it between two callbacks (asyncio's signal handlers),
    instead of raising an exception in the middle of one. Signals ignored when serve started stay ignored
    (a shell starts background jobs with SIGINT ignored)."""
    asyncio_loop = getattr(loop, "asyncio_loop", None)
    if threading.current_thread() is not threading.main_thread():
        asyncio_loop = None
    taken = []
    for signum in STOP_SIGNALS:
        if asyncio_loop is not None and signal.getsignal(signum) != signal.SIG_IGN:
            asyncio_loop.add_signal_handler(signum, loop.stop)
            taken.append(signum)
    try:
        yield
    finally:
        for signum in taken:
            asyncio_loop.remove_signal_handler(signum)
        if signal.SIGTERM in taken:  # asyncio put back the default, which kills: interrupt instead
            signal.signal(signal.SIGTERM, _interrupt)


def _wait_for(watcher: threading.Thread, log: Callable[[str], None]) -> None:
    """The watcher stops within a step once asked, unless it is building: then the build is let finish
    (it replaces the site whole or not at all), saying so, since a large build takes a while."""
    watcher.join(timeout=WATCHER_GRACE_S)
    if watcher.is_alive():
        log("waiting for the build in progress to finish (press Ctrl-C again to stop at once)")
        try:
            watcher.join()
        except KeyboardInterrupt:  # the build is abandoned: its site is not swapped in, the last one stays
            log("the build in progress was abandoned")


def _printer() -> Callable[[str], None]:
    lock = threading.Lock()

    def log(message: str) -> None:
        with lock:
            print(time.strftime("%H:%M:%S"), message, flush=True)

    return log
