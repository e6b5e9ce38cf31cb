"""The first sentence of a Markdown text, for the PDF's one-page summary of assumptions and alternatives.

The summary must fit beside the BLUF and key judgments on pages 1–2 whatever the briefing, so each
assumption and alternative is shown there by its lead sentence, with a pointer to the full entry.
The cut is made in the Markdown source, never inside a citation (``[@source, "words. More"]``), a
wikilink or a quotation, and not after an abbreviation, an initial or an acronym with full stops
("U.N.", "St.", "J. Smith"), so what is shown is a whole sentence that renders like the full text.
"""

from __future__ import annotations

from briefing.sentences import sentence_breaks

_CLOSERS = "\"'”’)]"
_OPENERS = {"[": "]", "(": ")", "“": "”"}


def lead_sentence(markdown: str) -> str:
    """The text up to the end of its first sentence (the whole text if it has one sentence).

    Only the first paragraph is considered. Where a sentence may end is ``briefing.sentences``' rule;
    brackets and double quotes are tracked so that a stop inside a citation, a link or a quotation never
    ends the sentence.
    """
    paragraph = markdown.strip().split("\n\n", 1)[0].strip()
    nested = _nested(paragraph)
    for ends, _ in sentence_breaks(paragraph):
        stop = ends - 1
        while stop > 0 and paragraph[stop] in _CLOSERS:
            stop -= 1
        if not nested[stop]:
            return paragraph[:ends]
    return paragraph


def _nested(text: str) -> list[bool]:
    """For each character, whether it is inside brackets or a quotation."""
    closing: list[str] = []
    straight_quote = False
    inside = []
    for char in text:
        if char == '"':
            straight_quote = not straight_quote
        elif char in _OPENERS:
            closing.append(_OPENERS[char])
        elif closing and char == closing[-1]:
            closing.pop()
        inside.append(bool(closing) or straight_quote)
    return inside
