"""Text of a saved HTML page, extracted with trafilatura (the ``import`` extra)."""

from __future__ import annotations

from dataclasses import dataclass


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
    return ExtractedPage(
        text=text,
        header_lines=len(header),
        publisher=(metadata.sitename or "") if metadata else "",
        language=(metadata.language or "") if metadata else "",
        url=(metadata.url or "") if metadata else "",
    )
