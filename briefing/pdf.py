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


def render_pdf(files: dict[str, bytes], output: Path) -> bytes:
    """Render ``print.html`` of an in-memory site; its stylesheets are read from the same site."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            f"the pdf command needs WeasyPrint and its system libraries ({exc}); "
            "install them with: pip install 'briefing[pdf]' (scripts/preview and scripts/test do this), "
            "and on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from None
    try:
        from weasyprint.urls import URLFetcherResponse as response_class
    except ImportError:
        response_class = None
    base = output.resolve().as_uri() + "/"

    def fetch(url: str) -> dict[str, Any]:
        if not url.startswith(base):
            raise ValueError(f"the PDF may only use files of the site, not {url}")
        path = url[len(base) :].split("#", 1)[0].split("?", 1)[0]
        if path not in files:
            raise ValueError(f"{path} is not part of the site")
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if response_class is not None:  # WeasyPrint ≥ 70
            return response_class(url, body=files[path], headers={"Content-Type": mime_type})
        return {"string": files[path], "mime_type": mime_type, "redirected_url": url}

    html = HTML(string=files[PRINT_VIEW].decode("utf-8"), base_url=base + PRINT_VIEW, url_fetcher=fetch)
    document = html.render(pdf_variant=PDF_VARIANT)
    # The page's <title> says "print version" to tell it from the home page; the document is the briefing.
    document.metadata.title = document.metadata.custom.pop(TITLE_META, None) or document.metadata.title
    identifier = hashlib.md5(files[PRINT_VIEW], usedforsecurity=False).hexdigest().encode()
    return document.write_pdf(pdf_identifier=identifier, pdf_variant=PDF_VARIANT)
