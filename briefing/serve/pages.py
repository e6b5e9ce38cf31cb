"""What the preview serves for a request path: a file under the output folder (or nothing), and the pages
with the reload script and the error overlay put into them."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

from briefing.serve.preview import BuildStatus

MAX_SEGMENT = 255  # NAME_MAX: no file name is longer, so no such segment can name a file
MAX_PATH = 4096  # PATH_MAX


@dataclass(frozen=True)
class Resolved:
    """A request path resolved: the file to serve, or a folder's address with its trailing slash to
    redirect to, or neither (the 404 page)."""

    file: Path | None = None
    redirect: str | None = None


NOT_FOUND = Resolved()


def resolve_request(root: Path, raw_path: str) -> Resolved:
    """Map a raw request path (percent-encoded, as sent) to a file under ``root``.

    Anything that cannot name a file of the site is not found, before the file system is asked: escapes
    that are not UTF-8, NUL, backslashes, ``.``/``..`` segments, segments or paths longer than a file
    system allows. What remains is looked up, and must still be inside ``root`` once symlinks are
    followed; any error of the file system on the way (a loop of symlinks, a file removed meanwhile) means
    not found too. A path ending in ``/`` names a folder (its index.html), never a file.
    """
    path = raw_path.split("?", 1)[0]
    segments = _segments(path)
    if segments is None:
        return NOT_FOUND
    try:
        base = root.resolve(strict=True)
        candidate = base.joinpath(*segments)
        redirect = None
        if candidate.is_dir():
            if not path.endswith("/"):
                # built from the clean segments: never "//name/", which a browser reads as another host
                redirect = "/" + "".join(quote(segment) + "/" for segment in segments)
            candidate = candidate / "index.html"
        elif path.endswith("/"):  # "page.html/": its relative links would all point below it
            return NOT_FOUND
        real = candidate.resolve(strict=True)
        if not real.is_relative_to(base) or not real.is_file():
            return NOT_FOUND
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop (Python < 3.13)
        return NOT_FOUND
    return Resolved(redirect=redirect) if redirect else Resolved(file=real)


def _segments(raw_path: str) -> list[str] | None:
    """The decoded, non-empty segments of a path, or None if it cannot name a file of the site."""
    if len(raw_path) > 3 * MAX_PATH:  # each byte may be written %XX
        return None
    try:
        decoded = unquote_to_bytes(raw_path).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(decoded.encode("utf-8")) > MAX_PATH or "\0" in decoded or "\\" in decoded:
        return None
    segments = [segment for segment in decoded.split("/") if segment]
    if any(segment in (".", "..") or len(segment.encode("utf-8")) > MAX_SEGMENT for segment in segments):
        return None
    return segments


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


def not_found_page(root: Path) -> bytes:
    """The site's own 404 page, or a bare one when the site has none (or it cannot be read)."""
    try:
        return (root / "404.html").read_bytes()
    except OSError:
        return b"<!doctype html><title>Not found</title>"
