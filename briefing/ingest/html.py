"""Text of a saved HTML page, extracted with trafilatura (the ``import`` extra)."""

from __future__ import annotations

import html as html_text
import re
from dataclasses import dataclass

_TITLE_ELEMENT = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_SEPARATOR_AT_START = re.compile(r"\s*[|–—:-]\s*")
_SEPARATOR_AT_END = re.compile(r"\s*[|–—:-]\s*$")


class HtmlUnavailable(Exception):
    pass


@dataclass(frozen=True)
class ExtractedPage:
    text: str  # header lines (title, byline, date) then the main text, one paragraph per line
    header_lines: int  # how many lines of ``text`` are the header the page declares in its metadata
    publisher: str
    language: str
    url: str


def extract_page(html: bytes) -> ExtractedPage:
    """The article text of an HTML page, with the title, byline and date the page declares as its first lines.

    The raw text written next to the page is exactly this, so every curated
    line can still be checked against it word for word.
    """
    try:
        import trafilatura
    except ImportError as exc:
        raise HtmlUnavailable(
            "importing an HTML page needs trafilatura: install the import extra, "
            "e.g. .venv/bin/pip install -e '.[import]' (scripts/preview and scripts/test install it)"
        ) from exc
    document = html.decode("utf-8", errors="replace")
    metadata = trafilatura.extract_metadata(document)
    body = (
        trafilatura.extract(
            document,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            deduplicate=True,
        )
        or ""
    )
    header = []
    if metadata is not None and metadata.title:
        header.append(metadata.title)
    if metadata is not None and metadata.author:
        header.append("By " + ", ".join(name.strip() for name in metadata.author.split(";")))
    if metadata is not None and metadata.date:
        header.append(metadata.date)
    text = "\n\n".join([*header, body.strip()]) + "\n"
    declared_title = metadata.title if metadata is not None and metadata.title else ""
    return ExtractedPage(
        text=text,
        header_lines=len(header),
        publisher=((metadata.sitename or "") if metadata else "") or site_in_title(document, declared_title),
        language=(metadata.language or "") if metadata else "",
        url=(metadata.url or "") if metadata else "",
    )


def site_in_title(document: str, headline: str) -> str:
    """The site's name where the page's <title> is 'Headline – Site' or 'Site | Headline' around the
    headline the page declares; "" otherwise."""
    match = _TITLE_ELEMENT.search(document)
    headline = " ".join(headline.split())
    if not match or not headline:
        return ""
    title = " ".join(html_text.unescape(match.group(1)).split())
    if title.startswith(headline):
        rest = _SEPARATOR_AT_START.match(title[len(headline) :])
        other = title[len(headline) :][rest.end() :] if rest else ""
    elif title.endswith(headline):
        rest = _SEPARATOR_AT_END.search(title[: -len(headline)])
        other = title[: -len(headline)][: rest.start()] if rest else ""
    else:
        return ""
    return other.strip() if 0 < len(other.split()) <= 6 else ""
