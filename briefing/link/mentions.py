"""Where sources mention entities: the finder of every entity's names and aliases (one Aho–Corasick pass
over a paragraph), the sentence each mention is in, and :class:`MentionIndex`, which keeps each entity's
mentions up to date from the sources whose mentions changed.

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


class MentionIndex:
    """Each entity's mentions, source by source in the briefing's order, kept up to date from one build to
    the next: only the entities mentioned in a source whose mentions changed get new lists. (The table's
    keys are in no particular order; pages look entities up.)"""

    def __init__(self) -> None:
        self._merged: dict[str, list[Mention]] = {}  # each source's mentions, as last merged
        self._parts: dict[str, dict[str, list[Mention]]] = {}  # entity → source → its mentions there
        self._lists: dict[str, list[Mention]] = {}
        self.touched: set[str] = set()  # the entities whose lists the last update made again

    def update(self, by_source: dict[str, list[Mention]], changed: set[str] | None = None) -> dict[str, list[Mention]]:
        """Merge each source's mentions. ``changed``: the only sources whose mentions may have changed, when
        the caller knows (the sources are then the last call's, in the same order)."""
        if changed is None and list(by_source) != list(self._merged):  # sources added, removed or reordered
            self._merged, self._parts, self._lists = {}, {}, {}
        touched: set[str] = set()
        for source_id in by_source if changed is None else changed:
            mentions = by_source[source_id]
            old = self._merged.get(source_id)
            if old is mentions:
                continue
            for mention in old or ():
                self._parts[mention.entity_id].pop(source_id, None)
                touched.add(mention.entity_id)
            for mention in mentions:
                self._parts.setdefault(mention.entity_id, {}).setdefault(source_id, []).append(mention)
                touched.add(mention.entity_id)
            self._merged[source_id] = mentions
        self.touched = touched
        if not touched:
            return self._lists
        position = {source_id: number for number, source_id in enumerate(by_source)}
        lists = dict(self._lists)  # a new table: the last one is the last build's, which render compares with
        for entity_id in touched:
            parts = self._parts[entity_id]
            found = [mention for source_id in sorted(parts, key=position.__getitem__) for mention in parts[source_id]]
            if found:
                lists[entity_id] = found
            else:
                lists.pop(entity_id, None)
                del self._parts[entity_id]
        self._lists = lists
        return lists
