"""The preview's web application: the site's files, the build status, livereload's script and websocket,
each answering only this server's own host names and origins (see ``briefing.serve.guard``), with the
safety headers on every response, errors and 404s included."""

from __future__ import annotations

import json
import mimetypes
from typing import Any
from urllib.parse import urlsplit

import tornado.httputil
import tornado.web
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler

from briefing.serve.guard import SECURITY_HEADERS, Guard
from briefing.serve.pages import inject, not_found_page, placeholder_page, resolve_request
from briefing.serve.preview import Preview

TEXT_TYPES = ("javascript", "json", "xml")


class SafeHeaders(tornado.web.RequestHandler):
    """Sends ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer`` on every response:
    tornado sets the default headers again when it answers with an error."""

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)


class _AnyMethod:
    """Every HTTP method, so that a refused request is refused whatever its method (not answered 405)."""

    def __contains__(self, method: object) -> bool:
        return True


class RefusedHandler(SafeHeaders):
    """The answer to a request for another host: 400, with a short plain-text body."""

    SUPPORTED_METHODS = _AnyMethod()  # type: ignore[assignment]

    def initialize(self, guard: Guard) -> None:
        self.guard = guard

    def prepare(self) -> None:
        self.set_status(400)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish("This preview server answers only requests for its own address: " + self.guard.describe() + ".\n")


class GuardedApplication(tornado.web.Application):
    """Every request goes through one check before any handler sees it: its ``Host`` header must name this
    server. Requests for any other name (DNS rebinding) get ``RefusedHandler``'s 400."""

    def __init__(self, guard: Guard, handlers: list[Any], **settings: Any) -> None:
        super().__init__(handlers, **settings)
        self.guard = guard

    def find_handler(self, request: tornado.httputil.HTTPServerRequest, **kwargs: Any) -> Any:
        hosts = request.headers.get_list("Host")
        if len(hosts) != 1 or not self.guard.allows_host(hosts[0]):
            return self.get_handler_delegate(request, RefusedHandler, {"guard": self.guard})
        return super().find_handler(request, **kwargs)


class SiteHandler(SafeHeaders):
    """Serves the output folder, and nothing outside it."""

    def initialize(self, preview: Preview, port: int) -> None:
        self.preview = preview
        self.port = port

    def compute_etag(self) -> None:
        return None

    def get(self, *args: str) -> None:
        self._serve(include_body=True)

    def head(self, *args: str) -> None:
        self._serve(include_body=False)

    def _serve(self, include_body: bool) -> None:
        root = self.preview.project.output
        status = self.preview.status
        self.set_header("Cache-Control", "no-store")
        if not (root / "index.html").is_file():
            self._send(200, "text/html; charset=utf-8", inject(placeholder_page(), self.port, status), include_body)
            return
        found = resolve_request(root, self.request.path)
        if found.redirect is not None:
            self.redirect(found.redirect, permanent=False)
            return
        try:
            data = found.file.read_bytes() if found.file is not None else None
        except OSError:  # removed or replaced by a build since it was found
            data = None
        if found.file is None or data is None:
            page = inject(not_found_page(root), self.port, status, base="/")
            self._send(404, "text/html; charset=utf-8", page, include_body)
            return
        content_type = mimetypes.guess_type(found.file.name)[0] or "application/octet-stream"
        if content_type == "text/html":
            data = inject(data, self.port, status)
            content_type += "; charset=utf-8"
        elif content_type.startswith("text/") or content_type.endswith(TEXT_TYPES):
            content_type += "; charset=utf-8"
        self._send(200, content_type, data, include_body)

    def _send(self, code: int, content_type: str, data: bytes, include_body: bool) -> None:
        self.set_status(code)
        self.set_header("Content-Type", content_type)
        self.set_header("Content-Length", str(len(data)))
        if include_body:
            self.write(data)
        self.finish()


class BuildHandler(SafeHeaders):
    """``/__build__``: the generation of the latest build, for pages to tell whether they are stale."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.write({"generation": self.preview.status.generation, "ok": self.preview.status.ok})


class ScriptHandler(SafeHeaders, LiveReloadJSHandler):
    """``/livereload.js``, with the safety headers."""


class PageReloadHandler(SafeHeaders, LiveReloadHandler):
    """livereload's websocket handler, accepting only this server's own origins, and remembering which
    page each connection shows.

    The origin is checked in ``prepare``, before tornado's own check, which lets a handshake through
    when its ``Sec-Fetch-Site`` claims to be same-origin, and which livereload turns off altogether.
    A handshake without ``Origin`` is let through: every browser sends ``Origin`` on a websocket
    handshake (RFC 6455, 4.1), so a missing one means a program on this machine, which the server does
    not need to keep out (it could read the site's files as well); its ``Host`` has been checked anyway.
    """

    page_path = ""

    def initialize(self, guard: Guard) -> None:
        self.guard = guard

    def prepare(self) -> None:
        origins = self.request.headers.get_list("Origin")
        if origins and (len(origins) > 1 or not self.guard.allows_origin(origins[0])):
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish("This preview server accepts live-reload connections only from its own pages.\n")

    def check_origin(self, origin: str) -> bool:
        return self.guard.allows_origin(origin)

    def on_message(self, message: str | bytes) -> None:
        """livereload's handshake; a message that is not a JSON object closes the connection (livereload
        would fail on it with a traceback)."""
        try:
            parsed = json.loads(message)
        except (ValueError, RecursionError):
            parsed = None
        if not isinstance(parsed, dict) or not isinstance(parsed.get("command"), str):
            self.close(1003, "expected a LiveReload message")
            return
        super().on_message(message)
        url = parsed.get("url", "")
        if url and isinstance(url, str):
            try:
                self.page_path = urlsplit(url).path
            except ValueError:
                self.page_path = ""


def make_app(preview: Preview, port: int, guard: Guard | None = None) -> tornado.web.Application:
    """The preview's application for a server on ``port`` (by default on 127.0.0.1 only)."""
    guard = guard or Guard.for_server("127.0.0.1", port)
    return GuardedApplication(
        guard,
        [
            (r"/livereload", PageReloadHandler, {"guard": guard}),
            (r"/livereload\.js", ScriptHandler),
            (r"/__build__", BuildHandler, {"preview": preview}),
            (r"/.*", SiteHandler, {"preview": preview, "port": port}),
        ],
        default_handler_class=SiteHandler,  # a request target that is not a path ("*", "http://…")
        default_handler_args={"preview": preview, "port": port},
        websocket_ping_interval=10,
    )


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
