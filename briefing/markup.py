"""The two pieces of syntax analysts add to Markdown: ``[[id|label]]`` and ``[@source, "words"]``.

The validate stage scans for them (to report unknown ids and missing quotes
at their exact line and column); the render stage turns them into links with
the markdown-it plugin in :mod:`briefing.render.markdown`. Both use the
patterns defined here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.diagnostics import Location
from briefing.model import Briefing, LocatedText

WIKILINK_RE = re.compile(r"\[\[\s*([^\]|\s]+)\s*(?:\|\s*([^\]]+?)\s*)?\]\]")
CITATION_RE = re.compile(r"""\[@([^\],;\s]+)\s*(?:,\s*(?:"([^"]+)"|“([^”]+)”)\s*)?\]""")
_CODE_RE = re.compile(r"(?ms)^(```|~~~).*?^\1[ \t]*$|`[^`\n]+`")


@dataclass(frozen=True)
class WikiLink:
    target: str
    label: str
    location: Location


@dataclass(frozen=True)
class CitationMark:
    source: str
    quote: str
    location: Location


def _without_code(text: str) -> str:
    """Blank out code spans and fenced blocks, keeping offsets, so examples in code are not checked."""
    return _CODE_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _location(text: LocatedText, offset: int) -> Location:
    before = text.text[:offset]
    line_delta = before.count("\n")
    col = offset - before.rfind("\n") if line_delta else (text.location.col or 1) + offset
    return Location(text.location.path, text.location.line + line_delta, col)


def wikilinks(text: LocatedText) -> Iterator[WikiLink]:
    for match in WIKILINK_RE.finditer(_without_code(text.text)):
        yield WikiLink(match.group(1), (match.group(2) or "").strip(), _location(text, match.start()))


def citations(text: LocatedText) -> Iterator[CitationMark]:
    for match in CITATION_RE.finditer(_without_code(text.text)):
        quote = match.group(2) or match.group(3) or ""
        yield CitationMark(match.group(1), quote, _location(text, match.start()))


def markdown_texts(briefing: Briefing) -> Iterator[tuple[str, LocatedText]]:
    """Every Markdown text in the briefing, with the id of the record that owns it."""
    if briefing.info.bluf:
        yield "briefing", briefing.info.bluf
    for record in briefing.records():
        for text in record.contents.texts:
            yield record.id, text
