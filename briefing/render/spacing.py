"""White space between block elements, so text taken from a page reads as words.

A browser shows ``<dt>When</dt><dd>1945</dd>`` on two lines, but anything that reads the page's text by
concatenating its text nodes (Pagefind's search index and its result snippets, a screen reader's "read all",
copy and paste, ``textContent``) gets "When1945". Templates are written compactly, so rather than mind the
white space in every one, each rendered page gets a line break wherever a block element's tag meets text
or an inline tag with nothing in between. White space next to a block boundary does not change the layout
(it collapses, and flex, grid and table layout ignore it); ``<pre>``, ``<textarea>``, ``<script>`` and
``<style>`` are left exactly as they are.

``separate_blocks_streamed`` does the same to a page given in pieces (as a template renders it), a group
of pieces at a time, so that a page of many megabytes (the print view) is never one string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice

from briefing.cuts import last_safe_cut

_BLOCK_NAMES = (
    "address article aside blockquote body br caption dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html li main nav ol p pre section summary table tbody td "
    "tfoot th thead tr ul"
)
BLOCK_TAGS = frozenset(_BLOCK_NAMES.split())
_RAW_NAMES = "pre|textarea|script|style"
_RAW = rf"(?P<name>{_RAW_NAMES})\b.*?</(?P=name)\s*>"  # left exactly as written
_NOT_RAW_TAG = rf"<(?!(?:{_RAW_NAMES})\b)[^<>]*>"
# tags with text (or raw text) either side; the lookbehind sees the character before the first "<"
_RUN = rf"(?<=[^\s>]<)(?!(?:{_RAW_NAMES})\b)[^<>]*>(?:{_NOT_RAW_TAG})*(?=[^\s<]|<(?:{_RAW_NAMES})\b)"
# Every alternative begins with a literal "<", so the scanner jumps from one "<" to the next instead of
# trying the lookbehind at every character: four times faster on a page (3.3 s → 0.7 s for a 1,000-source
# briefing's 53 MB of pages, with the same output).
_PAGE = re.compile(rf"<(?:(?P<raw>{_RAW})|(?P<run>{_RUN}))", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)")
_SPACE = re.compile(r"\s")  # white space as _RUN's lookbehind sees it
_RAW_OPENING = re.compile(rf"<(?:{_RAW_NAMES})\b", re.IGNORECASE)
_RAW_ELEMENT = re.compile(rf"<{_RAW}", re.DOTALL | re.IGNORECASE)  # _PAGE's raw alternative
# Characters of a page spaced at a time: at 1,000 sources 1 << 20 raised the high-water mark of rendering the
# print view by 7 MB more than this does, and was no faster.
GROUP = 1 << 16


def _spaced(run: str) -> str:
    """A run of tags with text on either side: if it has a block tag, a line break where its closing tags
    end and its opening tags begin, so the white space falls between elements, not inside one (a ``<dt>``'s
    text stays exactly its words)."""
    tags = list(re.finditer(r"<[^<>]*>", run))
    if not any((name := _TAG.match(tag.group(0))) and name.group(1).lower() in BLOCK_TAGS for tag in tags):
        return run
    opening = next((tag.start() for tag in tags if not tag.group(0).startswith("</")), len(run))
    return run[:opening] + "\n" + run[opening:]


def _replace(match: re.Match[str]) -> str:
    if match.group("raw"):
        after = match.string[match.end() : match.end() + 1]
        block = match.group("name").lower() == "pre" and after and not after.isspace()
        return match.group(0) + "\n" if block else match.group(0)
    run = _spaced(match.group(0))
    if run == match.group(0) and match.string.startswith(("<pre", "<PRE"), match.end()):
        return run + "\n"  # a <pre> is a block too
    return run


def separate_blocks(html: str) -> str:
    """``html`` with a line break where text would otherwise run into the text of the next block."""
    return _PAGE.sub(_replace, html)


def separate_blocks_streamed(pieces: Iterable[str], group: int = GROUP, joined: int = 1024) -> Iterator[str]:
    """``separate_blocks("".join(pieces))``, in parts: joined, they are exactly that string, for any pieces.

    Pieces are joined ``joined`` at a time until at least ``group`` characters wait; the text is spaced up
    to its last safe cut (``_safe_cut``) and the rest waits for more. If there is no safe cut (a long
    ``<pre>``, or one that is not closed yet), the text waits until it has doubled, so that the scans for
    a cut add up to a few times the page's length, not its square.
    """
    pieces = iter(pieces)
    pending = ""
    while True:
        wanted = max(group, 2 * len(pending))
        parts, size = [pending] if pending else [], len(pending)
        while size < wanted and (batch := list(islice(pieces, joined))):
            parts.append("".join(batch))
            size += len(parts[-1])
        text = "".join(parts)  # no copy of a single part
        del parts
        if size < wanted:  # no more pieces
            if text:
                yield _PAGE.sub(_replace, text)
            return
        cut = _safe_cut(text)
        if cut:
            yield _PAGE.sub(_replace, text[:cut])
        pending = text[cut:]
        del text


def _safe_cut(text: str) -> int:
    """The last place where ``text`` can be cut, so that spacing the part before and then the part after
    (with all that will follow) gives what spacing the whole gives; 0 if there is none.

    That is a "<" after white space. A run of tags has no white space between its tags and no "<" inside a
    tag, so no run spans it; a run and a raw element end with ">", so none ends at it (``_replace`` looks at
    the character after a raw element); and what a run's lookahead and ``_replace`` read past a run (a
    "<pre") stops at the white space. But not inside a raw element, nor after the opening of one that does
    not end in ``text``: it may end beyond the cut, or never, which only what follows tells. ``_PAGE``
    meets raw openings in order, skipping those inside a raw element (a run's tags exclude them), as this
    does.
    """
    return last_safe_cut(text, _RAW_OPENING, _RAW_ELEMENT, _after_white_space)


def _after_white_space(text: str, bound: int) -> int:
    """The last "<" before ``bound`` with white space before it; 0 if there is none."""
    cut = bound
    while (cut := text.rfind("<", 0, cut)) > 0:
        if _SPACE.match(text, cut - 1):
            return cut
    return 0
