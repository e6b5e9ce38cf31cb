"""Where sources mention entities: the finder of every entity's names and aliases (one Aho–Corasick pass
over a paragraph), the sentence each mention is in. Each entity's mentions are grouped from the sources'
by ``incremental.grouped.GroupedInOrder``.

``alias_finder`` is also what import uses to find the known entities an imported article mentions
(:mod:`briefing.ingest.mentions`).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from briefing.model import Briefing
from briefing.sentences import sentence_breaks
from briefing.textmatch import NameFinder

# Mention (like backlinks.Backlink) is a named tuple rather than a dataclass: a rebuild compares the graph's
# lists of them with the last build's (``Digests.changed_keys``), and tuples compare in C.


class Mention(NamedTuple):
    entity_id: str
    source_id: str
    block: int
    start: int
    end: int
    sentence: str


def _sentences(text: str) -> tuple[list[int], list[str]]:
    """A paragraph's sentences: where each one's following break ends (the last one's: the text's end), and
    each one's words. The sentence a mention at ``start`` is in is ``bisect_right(ends, start)``; mentions
    in one sentence share its text. Abbreviations and initials do not end one (``briefing.sentences``)."""
    ends: list[int] = []
    sentences: list[str] = []
    begin = 0
    for stop, after in sentence_breaks(text):
        ends.append(after)
        sentences.append(text[begin:stop].strip())
        begin = after
    ends.append(len(text))
    sentences.append(text[begin:].strip())
    return ends, sentences


def block_mentions(finder: NameFinder, owner: dict[str, str], source_id: str, index: int, text: str) -> list[Mention]:
    found = finder.finditer(text)
    if not found:
        return []
    ends, sentences = _sentences(text)
    return [
        Mention(owner[text[start:end]], source_id, index, start, end, sentences[bisect_right(ends, start)])
        for start, end in found
    ]


def alias_finder(briefing: Briefing) -> tuple[NameFinder, dict[str, str]]:
    """Finds every entity name and alias on word boundaries; ``owner`` maps each name to its entity's id."""
    owner: dict[str, str] = {}
    for entity in sorted(briefing.entities.values(), key=lambda e: e.id):
        for name in entity.names():
            owner.setdefault(name, entity.id)
    return NameFinder(owner), owner
