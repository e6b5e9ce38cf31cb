"""The whole briefing as one PDF (``build.py pdf``), rendered by WeasyPrint from ``print.html``.

WeasyPrint is an optional extra (``pip install 'briefing[pdf]'``; the
README's scripts install it). The PDF is made from the site in memory, so
it is part of the same all-or-nothing build: it is link-checked and written
together with the pages. It is deterministic: its dates come from the
briefing's as-of date (or SOURCE_DATE_EPOCH) through the page's
``dcterms`` meta tags, and its file identifier from its content.

It is a tagged PDF/UA-1 document, so screen readers get headings, lists,
tables and the reading order: WeasyPrint takes the tags from the HTML
elements, the language from ``<html lang>``, and the title, author and
creator from ``print.html``'s ``<meta>`` tags (``dcterms.title``, ``author``, ``generator``).
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from briefing.render.pages import PRINT_VIEW

PDF_PATH = "briefing.pdf"
#: Tagged PDF for accessibility (ISO 14289-1); WeasyPrint adds the structure tree and the XMP metadata it asks for.
PDF_VARIANT = "pdf/ua-1"
#: ``<meta name>`` of ``print.html`` that gives the PDF's title.
TITLE_META = "dcterms.title"


class PdfUnavailable(Exception):
    """WeasyPrint (or the system libraries it needs) is not installed."""


def render_pdf(files: Mapping[str, bytes], output: Path) -> bytes:
    """Render ``print.html`` of an in-memory site; its stylesheets are read from the same site."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            f"the pdf command needs WeasyPrint and its system libraries ({exc}); "
            "install them with: pip install 'briefing[pdf]' (scripts/preview and scripts/test do this), "
            "and on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from None
    base = output.resolve().as_uri() + "/"
    unread: list[OSError] = []  # WeasyPrint logs a file it could not fetch and goes on without it
    fetcher = _site_fetcher(files, base, unread)
    html = HTML(string=files[PRINT_VIEW].decode("utf-8"), base_url=base + PRINT_VIEW, url_fetcher=fetcher)
    document = html.render(pdf_variant=PDF_VARIANT)
    if unread:
        raise unread[0]
    # The page's <title> says "print version" to tell it from the home page; the document is the briefing.
    document.metadata.title = document.metadata.custom.pop(TITLE_META, None) or document.metadata.title
    identifier = hashlib.md5(files[PRINT_VIEW], usedforsecurity=False).hexdigest().encode()
    return document.write_pdf(pdf_identifier=identifier, pdf_variant=PDF_VARIANT)


def _site_fetcher(files: Mapping[str, bytes], base: str, unread: list[OSError]) -> Any:
    """What WeasyPrint fetches the page's stylesheets and images with: files of the site only (``base`` is
    the output folder's address). A file the site could not read (see ``render.site``) is put in ``unread``.
    WeasyPrint ≥ 70 takes a ``URLFetcher`` (a function that raises stops it with an AttributeError);
    earlier versions a function returning a dict."""

    def fetched(url: str) -> tuple[bytes, str]:
        if not url.startswith(base):
            raise ValueError(f"the PDF may only use files of the site, not {url}")
        path = url[len(base) :].split("#", 1)[0].split("?", 1)[0]
        if path not in files:
            raise ValueError(f"{path} is not part of the site")
        try:
            body = files[path]  # read from the output folder if the site keeps it there
        except OSError as exc:
            unread.append(exc)
            raise
        return body, mimetypes.guess_type(path)[0] or "application/octet-stream"

    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except ImportError:

        def fetch(url: str) -> dict[str, Any]:
            body, mime_type = fetched(url)
            return {"string": body, "mime_type": mime_type, "redirected_url": url}

        return fetch

    class SiteFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            body, mime_type = fetched(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime_type})

    return SiteFetcher()
