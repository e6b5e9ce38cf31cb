"""The two pieces of syntax analysts add to Markdown: ``[[id|label]]`` and ``[@source, "words"]``.

The validate stage scans for them (to report unknown ids and missing quotes
at their exact line and column); the render stage turns them into links with
the markdown-it plugin in :mod:`briefing.render.markdown`. Both use the
patterns defined here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
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


_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # a Markdown [text](address)
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_CLAUSE_END = re.compile(r"(?:[:;]|\s[—–]|(?<![A-Z])\.)\s")  # not the stop of an initial: "U.S. ally"
SHORT_FORM_LENGTH = 130


def plain_text(text: str, name_of: Callable[[str], str | None] | None = None) -> str:
    """Markdown with links and citations as a reader would say it: ``[[id|label]]`` as its label, ``[[id]]``
    as the name ``name_of`` gives the record (its id if none), citations left out, emphasis and code marks
    dropped, whitespace collapsed."""

    def link(match: re.Match[str]) -> str:
        target, label = match.group(1), (match.group(2) or "").strip()
        return label or (name_of(target) if name_of else None) or target

    text = CITATION_RE.sub("", text)
    text = WIKILINK_RE.sub(link, text)
    text = _LINK_RE.sub(r"\1", text)
    text = _EMPHASIS_RE.sub(r"\2", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)  # where a citation stood before punctuation
    return " ".join(text.split())


def short_form(text: str, name_of: Callable[[str], str | None] | None = None) -> str:
    """A judgment (or an assumption, an indicator…) named in a few words: its plain text up to the end of
    its first clause (a colon, semicolon, dash or full stop), shortened at a word if still long."""
    plain = plain_text(text, name_of)
    end = _CLAUSE_END.search(plain, 24)
    short = plain[: end.start()] if end else plain
    short = short.rstrip(" .,;:")
    if len(short) > SHORT_FORM_LENGTH:
        short = short[: SHORT_FORM_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–") + "…"
    return short
