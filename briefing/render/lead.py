"""The first sentence of a Markdown text, for the PDF's one-page summary of assumptions and alternatives.

The summary must fit beside the BLUF and key judgments on pages 1–2 whatever the briefing, so each
assumption and alternative is shown there by its lead sentence, with a pointer to the full entry.
The cut is made in the Markdown source, never inside a citation (``[@source, "words. More"]``), a
wikilink or a quotation, and not after an abbreviation, an initial or an acronym with full stops
("U.N.", "St.", "J. Smith"), so what is shown is a whole sentence that renders like the full text.
"""

from __future__ import annotations

import re

_ABBREVIATION_WORDS = """
mr mrs ms dr prof st gen lt col maj capt sgt adm gov sen rep pres amb jr sr no nos vol vols fig figs
approx ca cf etc vs al jan feb mar apr jun jul aug sep sept oct nov dec corp inc ltd co dept univ est mt ft
"""
#: Words that end with a full stop without ending a sentence (compared lower-case, without the stop).
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_CLOSERS = "\"'”’)]"
_OPENERS = {"[": "]", "(": ")", "“": "”"}
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _ends_sentence(text: str, stop: int) -> bool:
    """Whether the ``.``, ``!`` or ``?`` at ``stop`` ends a sentence: followed by space and a capital, a
    digit or an opening quote, and (for a full stop) not closing an abbreviation or initial."""
    after = stop + 1
    while after < len(text) and text[after] in _CLOSERS:
        after += 1
    rest = text[after:]
    if not rest[:1].isspace():
        return False
    following = rest.lstrip()[:1]
    if not following or not (following.isupper() or following.isdigit() or following in "\"“‘'(["):
        return False
    if text[stop] != ".":
        return True
    word = _WORD_BEFORE.search(text[:stop])
    if word is None:
        return True
    token = word.group(1)
    if "." in token.strip("."):  # U.S. / e.g. / J.R.R.
        return False
    if len(token) == 1 and token.isupper():  # an initial: "J. Smith"
        return False
    return token.lower() not in ABBREVIATIONS


def lead_sentence(markdown: str) -> str:
    """The text up to the end of its first sentence (the whole text if it has one sentence).

    Only the first paragraph is considered. Brackets and curly double quotes are tracked so that a
    stop inside a citation, a link or a quotation never ends the sentence.
    """
    paragraph = markdown.strip().split("\n\n", 1)[0].strip()
    closing: list[str] = []
    straight_quote = False
    for index, char in enumerate(paragraph):
        if char == '"':
            straight_quote = not straight_quote
        elif char in _OPENERS:
            closing.append(_OPENERS[char])
        elif closing and char == closing[-1]:
            closing.pop()
        elif char in ".!?" and not closing and not straight_quote and _ends_sentence(paragraph, index):
            end = index + 1
            while end < len(paragraph) and paragraph[end] in _CLOSERS:
                end += 1
            return paragraph[:end]
    return paragraph
