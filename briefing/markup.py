"""The two pieces of syntax analysts add to Markdown: ``[[id|label]]`` and ``[@source, "words"]``.

The validate stage scans for them (to report unknown ids and missing quotes
at their exact line and column), and for Markdown links (``content_links``);
the render stage turns them into links with the markdown-it plugin in
:mod:`briefing.render.markdown`. Both use the patterns and the parser
(``markdown_parser``) defined here.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from briefing.diagnostics import Location
from briefing.model import Briefing, LocatedText
from briefing.sentences import sentence_breaks

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


def _inline_rule(name: str, pattern: re.Pattern[str]) -> Callable[[StateInline, bool], bool]:
    def rule(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] != "[":
            return False
        match = pattern.match(state.src, state.pos)
        if not match:
            return False
        if not silent:
            token = state.push(name, "", 0)
            token.meta = {"groups": match.groups()}
        state.pos = match.end()
        return True

    return rule


def markdown_parser(highlight: Callable[..., str] | None = None) -> MarkdownIt:
    """CommonMark with raw HTML off and tables, reading ``[[id|label]]`` and ``[@source, "words"]`` as
    ``wikilink`` and ``citation`` tokens (the renderer says how they are written out)."""
    md = MarkdownIt("commonmark", {"html": False, "highlight": highlight}).enable("table")
    md.inline.ruler.before("link", "wikilink", _inline_rule("wikilink", WIKILINK_RE))
    md.inline.ruler.before("link", "citation", _inline_rule("citation", CITATION_RE))
    return md


@dataclass(frozen=True)
class ContentLink:
    """A Markdown link or image in content: its address, as the page would have it, and where it is written."""

    address: str
    location: Location
    image: bool


_MAY_LINK = re.compile(r"\]\(|\]:|<")  # what every Markdown link, reference definition or autolink holds


@functools.cache
def _scanner() -> MarkdownIt:
    return markdown_parser()


def content_links(text: LocatedText) -> Iterator[ContentLink]:
    """The links and images the renderer makes of a Markdown text (not its ``[[links]]``), in order.

    A link is located at its address where it is written (in a reference definition for ``[x][ref]``),
    else at the start of its paragraph."""
    source = text.text
    if not _MAY_LINK.search(source):
        return
    line_starts = [0, *(match.end() for match in re.finditer("\n", source))]
    for block in _scanner().parse(source, {}):
        if block.type != "inline" or not block.children:
            continue
        start = line_starts[block.map[0]] if block.map and block.map[0] < len(line_starts) else 0
        cursor = start
        for token in block.children:
            if token.type not in ("link_open", "image"):
                continue
            address = str(token.attrGet("href" if token.type == "link_open" else "src") or "")
            found = _find_address(source, address, cursor)
            cursor = found + 1 if found >= start else cursor
            yield ContentLink(address, _location(text, found if found >= 0 else start), token.type == "image")


def content_link_problem(link: ContentLink, kinds: dict[str, str]) -> tuple[str, str] | None:
    """(message, hint) if ``link`` points into the site, else None. Such a link cannot work: the same text
    is shown on pages in different folders (its record's page, the home page, the print view), so a
    relative address leads somewhere else from each. Records are linked with ``[[id]]`` (``kinds``: the
    kind of each id); anything else needs a full address."""
    parts = urlsplit(link.address)
    if parts.scheme or parts.netloc:
        return None
    stem = posixpath.splitext(posixpath.basename(parts.path))[0]
    if stem in kinds:
        hint = f"link the {kinds[stem]} with [[{stem}]] or [[{stem}|your words]]"
    else:
        hint = "link a record with [[id]] or [[id|your words]]; anything else needs its full https:// address"
    what = "image" if link.image else "link"
    return (
        f"{what} '{link.address}' points into the site by a relative address, which leads to a different place "
        "from each page the text is shown on",
        hint,
    )


def _find_address(source: str, address: str, start: int) -> int:
    """Where ``address`` is written in ``source``, at or after ``start`` if there (else anywhere); -1 if not."""
    for written in dict.fromkeys((address, unquote(address))):
        if not written:
            continue
        found = source.find(written, start)
        if found < 0:
            found = source.find(written)
        if found >= 0:
            return found
    return -1


# What looks like a [[link]] or a [@citation] to its writer: anything between the brackets, on one line.
_LOOSE_WIKILINK_RE = re.compile(r"\[\[([^\[\]\n]*)\]\]")
_LOOSE_CITATION_RE = re.compile(r"\[@([^\[\]\n]*)\]")


_LOOSE_AND_STRICT = ((_LOOSE_WIKILINK_RE, WIKILINK_RE, False), (_LOOSE_CITATION_RE, CITATION_RE, True))


@dataclass(frozen=True)
class Malformed:
    """A ``[[…]]`` or ``[@…]`` the renderer would show as it is written: ``target`` is the id it names."""

    written: str
    target: str
    location: Location
    citation: bool


def malformed_marks(text: LocatedText) -> Iterator[Malformed]:
    """``[[Blue Reef]]``, ``[[id|]]``, ``[@source words]``…: marks that are not links or citations."""
    plain = _without_code(text.text)
    for pattern, strict, citation in _LOOSE_AND_STRICT:
        for match in pattern.finditer(plain):
            if strict.match(plain, match.start()) is None:
                target = re.split(r"[|,]" if citation else r"\|", match.group(1), maxsplit=1)[0].strip()
                yield Malformed(match.group(0), target, _location(text, match.start()), citation)


def markdown_texts(briefing: Briefing) -> Iterator[tuple[str, LocatedText]]:
    """Every Markdown text in the briefing, with the id of the record that owns it."""
    if briefing.info.bluf:
        yield "briefing", briefing.info.bluf
    for record in briefing.records():
        for text in record.contents.texts:
            yield record.id, text


_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # a Markdown [text](address)
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_CLAUSE_END = re.compile(r"(?:[:;]|\s[—–])\s")  # and a sentence's end (briefing.sentences: not "U.S. ally")
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


def short_form(text: str, name_of: Callable[[str], str | None] | None = None, length: int = SHORT_FORM_LENGTH) -> str:
    """A judgment (or an assumption, an indicator…) named in a few words: its plain text up to the end of
    its first clause (a colon, semicolon, dash or full stop), shortened at a word if still long."""
    plain = plain_text(text, name_of)
    clause = _CLAUSE_END.search(plain, 24)
    ends = [clause.start()] if clause else []
    ends += [stop for stop, _ in sentence_breaks(plain) if stop > 24][:1]
    short = plain[: min(ends)] if ends else plain
    short = short.rstrip(" .,;:")
    if len(short) > length:
        short = short[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–") + "…"
    return short
