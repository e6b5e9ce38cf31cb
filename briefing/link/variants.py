"""How the renderings of one quote differ: each rendering as tokens, those where another rendering reads
otherwise marked, so a quote's page can show the differences of wording side by side.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from briefing.textmatch import squash


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark of a quote rendering, and the whitespace after it."""

    word: str
    space: str
    changed: bool
    joins_next: bool = False  # the next token changed too, so the space between belongs to the change


_TOKEN_RE = re.compile(r"(\w+(?:['’]\w+)*|[^\w\s])(\s*)")


def quote_variants(renderings: list[str]) -> list[list[Token]]:
    """Split each rendering into tokens, marking those where any other rendering differs.

    The comparison is symmetric: renderings that agree with each other are
    marked alike wherever a third one diverges. Quotes, dashes and case are
    compared normalised, so only real differences of wording show.
    """
    tokenised = [_TOKEN_RE.findall(text) for text in renderings]
    keys = [[squash(word).lower() for word, _ in tokens] for tokens in tokenised]
    changed: list[set[int]] = [set() for _ in renderings]
    for first in range(len(renderings)):
        for second in range(first + 1, len(renderings)):
            matcher = difflib.SequenceMatcher(None, keys[first], keys[second], autojunk=False)
            for tag, a0, a1, b0, b1 in matcher.get_opcodes():
                if tag != "equal":
                    changed[first].update(range(a0, a1))
                    changed[second].update(range(b0, b1))
    return [
        [
            Token(word, space, index in changed[number], index in changed[number] and index + 1 in changed[number])
            for index, (word, space) in enumerate(tokens)
        ]
        for number, tokens in enumerate(tokenised)
    ]
