"""``serve``: build, serve the site on 127.0.0.1, rebuild on every save, reload open pages.

livereload provides the LiveReload protocol (its websocket handler and
``livereload.js``) on tornado, the server it is built on. What livereload
does not do well enough for writing is done here:

- rebuilds are driven by ``watchfiles`` (inotify, not 800 ms polling) with a
  short debounce, so a burst of saves or an editor's write-then-rename
  gives one rebuild, and a save during a rebuild gives another one after it;
- reloads are pushed directly to the browsers, without livereload's 3-second
  "ignore changes close together" rule;
- the reload script (and, after a failed build, an overlay listing the
  problems) is injected into every HTML response, the 404 page included;
- only files under the output folder are served: ``..`` segments, encoded
  or not, and symlinks that lead outside get the site's 404 page.
"""

from __future__ import annotations

import errno
import html
import json
import mimetypes
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import tornado.ioloop
import tornado.web
import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler

from briefing.diagnostics import BuildFailed
from briefing.persist import CacheStore
from briefing.pipeline import Builder, BuildReport
from briefing.project import DEFAULT_TEMPLATES, Project
from briefing.render import EXPORTS
from briefing.render.parallel import default_workers

DEBOUNCE_MS = 400
# The print view and the search index hold the whole briefing, so every save changes them. They are
# brought up to date once the writer pauses (no change for QUIET_MS), so that a save never waits for them.
DEFERRED_PAGES = frozenset({"print.html", "pagefind", EXPORTS})
QUIET_MS = 1000
STEP_MS = 10


@dataclass(frozen=True)
class BuildStatus:
    """The outcome of the latest build, as open pages should show it."""

    ok: bool
    problems: tuple[str, ...] = ()
    generation: int = 0


def preview_builder(project: Project, store: CacheStore | None = None, workers: int | None = None) -> Builder:
    """The builder ``serve`` rebuilds with: many pages to render (a template edit) are rendered on every core
    unless ``workers`` says otherwise."""
    return Builder(project, workers=workers or default_workers(), store=store)


class Preview:
    """The state shared by the watcher thread and the web server: the builder and the latest status."""

    def __init__(
        self,
        project: Project,
        log: Callable[[str], None],
        store: CacheStore | None = None,
        workers: int | None = None,
    ) -> None:
        self.project = project
        self.builder = preview_builder(project, store, workers)
        self.status = BuildStatus(ok=True)
        self.log = log
        self.output_watched = False  # whether the watcher reports files removed from the output
        self._lock = threading.Lock()

    def rebuild(
        self,
        deferred: frozenset[str] = frozenset(),
        changed: frozenset[str] | None = None,
        quiet_if_unchanged: bool = False,
    ) -> BuildReport | None:
        """Build once; returns the report of a successful build, None after a failed one.

        ``changed``: the paths the watcher saw change since the last build (None: look at every file).
        ``quiet_if_unchanged``: say nothing of a build that found nothing to do (a check, not a save's build).
        """
        if changed is not None and not self.output_watched:  # a removed output file would go unseen
            changed |= {str(self.project.output)}
        with self._lock:
            started = time.perf_counter()
            try:
                report = self.builder.build(deferred=deferred, changed=changed)
            except BuildFailed as failure:
                problems = tuple(d.format() for d in failure.diagnostics.errors)
                self.status = BuildStatus(False, problems, self.status.generation + 1)
                self.log(f"build failed ({len(problems)} error(s)); still serving the last good site:")
                for problem in problems:
                    self.log("  " + problem.replace("\n", "\n  "))
                return None
            except Exception:  # a bug must not stop the preview: show it like a content error
                problem = "internal error while building:\n" + traceback.format_exc()
                self.status = BuildStatus(False, (problem,), self.status.generation + 1)
                self.log(problem)
                return None
            self.status = BuildStatus(True, (), self.status.generation + 1)
            if quiet_if_unchanged and not (report.pages_rendered or report.pages_written):
                return report
            for note in report.notes:
                self.log(f"note: {note}")
            self.log(_summary(report, time.perf_counter() - started))
            return report

    def watched_paths(self) -> list[Path]:
        """The project folder (its templates/ may appear at any time), the default templates, and the output
        if it is elsewhere (and exists: otherwise each build lists it, see ``rebuild``)."""
        paths = [self.project.root]
        if not DEFAULT_TEMPLATES.is_relative_to(self.project.root):
            paths.append(DEFAULT_TEMPLATES)
        output = self.project.output
        if not output.is_relative_to(self.project.root) and output.is_dir():
            paths.append(output)
        self.output_watched = any(output.is_relative_to(path) for path in paths)
        return paths

    def is_lost_output(self, change: watchfiles.Change, path: str) -> bool:
        """Whether an output file went away (not a temporary file of the build's own, named ``.*``)."""
        removed = Path(path)
        return (
            change == watchfiles.Change.deleted
            and removed.is_relative_to(self.project.output)
            and not removed.name.startswith(".")
        )

    def is_input(self, path: str) -> bool:
        """Whether a changed path can change the site: content/, templates/, a file the last load read
        elsewhere in the project (the previous edition), or a JSON file that may become it; never the
        output."""
        changed = Path(path)
        if changed.is_relative_to(self.project.output):
            return False
        inputs = (self.project.content, self.project.root / "templates", DEFAULT_TEMPLATES)
        if any(changed.is_relative_to(folder) for folder in inputs):
            return True
        display = self.project.display(changed)
        if self.builder.caches.load.knows(display):
            return True
        hidden = any(part.startswith(".") for part in Path(display).parts)  # .briefing-cache/, .git/
        return changed.suffix == ".json" and changed.is_relative_to(self.project.root) and not hidden


def _summary(report: BuildReport, seconds: float) -> str:
    changed = ", ".join(report.changed[:4]) + (" …" if len(report.changed) > 4 else "")
    return (
        f"built in {seconds * 1000:.0f} ms: {report.pages_rendered} page(s) rendered{report.in_processes}, "
        f"{report.pages_written} file(s) written{': ' + changed if changed else ''}"
    )


# ---------------------------------------------------------------- serving files


def resolve_request(root: Path, raw_path: str) -> tuple[Path | None, bool]:
    """Map a raw request path to a file under ``root``.

    Returns (file, needs_slash): file is None when nothing may be served;
    needs_slash is True for a folder requested without its trailing slash.
    """
    decoded = unquote(raw_path.split("?", 1)[0])
    if "\0" in decoded or "\\" in decoded:
        return None, False
    segments = [segment for segment in decoded.split("/") if segment]
    if any(segment in (".", "..") for segment in segments):
        return None, False
    candidate = root.joinpath(*segments)
    needs_slash = False
    if candidate.is_dir():
        needs_slash = not decoded.endswith("/")
        candidate = candidate / "index.html"
    try:
        real = candidate.resolve(strict=True)
        real.relative_to(root.resolve())
    except (OSError, ValueError):
        return None, False
    return (real, needs_slash) if real.is_file() else (None, False)


def reload_script(port: int, generation: int) -> str:
    """livereload.js, plus a check that closes its one gap: a build that finished while this page was
    loading (before its websocket connected) would never be announced to it, so once connected the page
    compares the build it was served from with the current one and reloads if it is stale."""
    return (
        f'<script src="/livereload.js?port={port}"></script>'
        '<script>document.addEventListener("LiveReloadConnect",function(){'
        'fetch("/__build__",{cache:"no-store"}).then(function(r){return r.json()}).then(function(b){'
        f"if(b.generation!=={generation})location.reload()}})}});</script>"
    )


def error_overlay(status: BuildStatus) -> str:
    items = "".join(f"<li><pre>{html.escape(problem)}</pre></li>" for problem in status.problems)
    return (
        '<div id="build-errors" role="alert" style="position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;'
        "z-index:2147483647;background:#fff4f4;color:#5c0000;border-top:4px solid #b00020;padding:0.8rem 1.2rem;"
        'font:14px/1.4 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)">'
        f"<strong>The last build failed ({len(status.problems)} error(s)); this is the last good version of the "
        "page.</strong> Fix the problem and save: the page reloads by itself."
        '<ul style="margin:0.5rem 0 0;padding-left:1.2rem">'
        + items.replace(
            "<pre>", '<pre style="white-space:pre-wrap;margin:0.2rem 0;font:13px/1.35 ui-monospace,monospace">'
        )
        + "</ul></div>"
    )


def inject(page: bytes, port: int, status: BuildStatus, base: str = "") -> bytes:
    """Add the reload script (and the error overlay, and a <base> for 404 pages) to an HTML page."""
    text = page.decode("utf-8", "replace")
    head = (f'<base href="{base}">' if base else "") + reload_script(port, status.generation)
    text = text.replace("</head>", head + "</head>", 1) if "</head>" in text else head + text
    if not status.ok:
        overlay = error_overlay(status)
        text = text.replace("</body>", overlay + "</body>", 1) if "</body>" in text else text + overlay
    return text.encode("utf-8")


def placeholder_page() -> bytes:
    """Shown when there is no site yet because the first build failed."""
    return (
        b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head>'
        b"<body><h1>No site yet</h1><p>The briefing has not built successfully yet.</p></body></html>"
    )


class SiteHandler(tornado.web.RequestHandler):
    """Serves the output folder, and nothing outside it."""

    def initialize(self, preview: Preview, port: int) -> None:
        self.preview = preview
        self.port = port

    def compute_etag(self) -> None:
        return None

    def get(self) -> None:
        self._serve(include_body=True)

    def head(self) -> None:
        self._serve(include_body=False)

    def _serve(self, include_body: bool) -> None:
        root = self.preview.project.output
        status = self.preview.status
        self.set_header("Cache-Control", "no-store")
        if not (root / "index.html").is_file():
            self._send(200, "text/html; charset=utf-8", inject(placeholder_page(), self.port, status), include_body)
            return
        path, needs_slash = resolve_request(root, self.request.path)
        if path is not None and needs_slash:
            self.redirect(self.request.path + "/", permanent=False)
            return
        if path is None:
            not_found = root / "404.html"
            page = not_found.read_bytes() if not_found.is_file() else b"<!doctype html><title>Not found</title>"
            self._send(404, "text/html; charset=utf-8", inject(page, self.port, status, base="/"), include_body)
            return
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = path.read_bytes()
        if content_type == "text/html":
            data = inject(data, self.port, status)
            content_type += "; charset=utf-8"
        elif content_type.startswith("text/") or content_type.endswith(("javascript", "json", "xml")):
            content_type += "; charset=utf-8"
        self._send(200, content_type, data, include_body)

    def _send(self, code: int, content_type: str, data: bytes, include_body: bool) -> None:
        self.set_status(code)
        self.set_header("Content-Type", content_type)
        self.set_header("Content-Length", str(len(data)))
        if include_body:
            self.write(data)
        self.finish()


class BuildHandler(tornado.web.RequestHandler):
    """``/__build__``: the generation of the latest build, for pages to tell whether they are stale."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.write({"generation": self.preview.status.generation, "ok": self.preview.status.ok})


def make_app(preview: Preview, port: int) -> tornado.web.Application:
    return tornado.web.Application(
        [
            (r"/livereload", PageReloadHandler),
            (r"/livereload\.js", LiveReloadJSHandler),
            (r"/__build__", BuildHandler, {"preview": preview}),
            (r"/.*", SiteHandler, {"preview": preview, "port": port}),
        ],
        websocket_ping_interval=10,
    )


class PageReloadHandler(LiveReloadHandler):
    """livereload's websocket handler, remembering which page each connection shows."""

    page_path = ""

    def on_message(self, message: str) -> None:
        super().on_message(message)
        url = json.loads(message).get("url", "")
        if url:
            self.page_path = urlsplit(url).path


def reload_browsers(pages: frozenset[str] | None = None) -> None:
    """Tell connected pages to reload now (LiveReload protocol), on the IOLoop thread.

    ``pages`` limits the reload to tabs showing those site paths; None reloads every tab.
    """
    message = {"command": "reload", "path": "*", "liveCSS": True, "liveImg": True}
    for waiter in list(LiveReloadHandler.waiters):
        if pages is not None and getattr(waiter, "page_path", "").lstrip("/") not in pages:
            continue
        try:
            waiter.write_message(message)
        except Exception:  # a closed tab: forget it
            LiveReloadHandler.waiters.discard(waiter)


# ---------------------------------------------------------------- watching


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
) -> int:
    log = _printer()
    preview = Preview(project, log, store, workers)
    preview.rebuild()
    app = make_app(preview, port)
    try:
        server = app.listen(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"error: port {port} on {host} is already in use; choose another one with --port N", file=sys.stderr)
        else:
            print(f"error: cannot serve on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 2
    url = f"http://{host}:{port}/"
    log(f"serving {project.output} at {url}; rebuilding on changes to content/ and templates/")
    log("press Ctrl-C to stop")
    loop = tornado.ioloop.IOLoop.current()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, loop, stop), name="watch", daemon=True)
    watcher.start()
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stop()
        watcher.join(timeout=2)
        if not watcher.is_alive():  # closed here, not by its finaliser during interpreter shutdown, which fails
            loop.close(all_fds=True)
    log("stopped")
    return 0


def _printer() -> Callable[[str], None]:
    lock = threading.Lock()

    def log(message: str) -> None:
        with lock:
            print(time.strftime("%H:%M:%S"), message, flush=True)

    return log
