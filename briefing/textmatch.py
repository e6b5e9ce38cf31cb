"""Finding quoted words in source text, as a W3C TextQuoteSelector would.

Quotes are compared after normalising what differs between a capture and an
analyst's keyboard — curly and straight quotes, dash variants, the ellipsis
character and runs of whitespace — while offsets are always reported in the
original text, so the source page can highlight exactly the published words.
"""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

_UNIFIED = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}
# Found by a regex rather than ``str.translate``, which looks every character of a non-ASCII text up in its
# table: ten times slower on the paragraphs of a briefing, where such characters are few.
_TO_UNIFY = re.compile("[" + "".join(_UNIFIED) + "]")
# What differs from the normal form inside a text: a whitespace run other than one plain space, a dash run,
# '…'. Each branch starts with a character class, which the regex engine scans for quickly: with anchors
# for the text's ends among the branches, it tried every branch at every character, three times slower.
_SPECIAL_RUN = re.compile(r"[^\S ]\s*| \s+|--+|\u2026")


@dataclass(frozen=True, eq=False)
class NormalText:
    """Normalised text, and the original it came from, with which a range of the normalised text is mapped
    back (``original_span``): only the paragraphs a quote is found in need that map, so it is made when
    first asked for."""

    text: str
    original: str

    @functools.cached_property
    def _offsets(self) -> int | array[int]:
        """Where each character of ``text`` is in the original: when normalising only stripped the ends, the
        length stripped at the start; otherwise each offset, in a typed array (4 bytes a character rather
        than 36 in a tuple of ints)."""
        translated = _translated(self.original)  # one character for one: the offsets hold
        core = translated.strip()
        lead = len(translated) - len(translated.lstrip())
        if core == self.text:
            return lead
        offsets = array("i")
        position = 0
        for match in _SPECIAL_RUN.finditer(core):
            start, end = match.span()
            offsets.extend(range(lead + position, lead + start))
            if match.group(0) == "\u2026":
                offsets.extend((lead + start,) * 3)
            else:  # a dash run becomes one '-', a whitespace run one space
                offsets.append(lead + start)
            position = end
        offsets.extend(range(lead + position, lead + len(core)))
        return offsets

    def _offset(self, index: int) -> int:
        offsets = self._offsets
        return offsets + index if isinstance(offsets, int) else offsets[index]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of the normalised text back to the original."""
        if start >= end:
            return self._offset(start) if start < len(self.text) else len(self.original), len(self.original)
        return self._offset(start), self._offset(end - 1) + 1


def normalise(text: str) -> NormalText:
    """Collapse whitespace runs to one space, unify quotes and dashes, spell out '…'.

    A run of dashes ("--", "—") becomes one '-', so "proposed -- for" matches
    "proposed — for". Leading and trailing whitespace is dropped.
    """
    return NormalText(squash(text), text)


def _normal_run(match: re.Match[str]) -> str:
    run = match.group(0)
    if run == "\u2026":
        return "..."
    return "-" if run[0] == "-" else " "


def squash(text: str) -> str:
    """The normalised form only (``normalise(text).text``), for comparisons."""
    translated = _translated(text).strip()
    if _is_normal(translated):
        return translated
    return _SPECIAL_RUN.sub(_normal_run, translated)


def _translated(text: str) -> str:
    """Quotes and dashes unified, each character replaced by one."""
    return _TO_UNIFY.sub(_unified, text)


def _unified(match: re.Match[str]) -> str:
    return _UNIFIED[match.group(0)]


def _is_normal(text: str) -> bool:
    """Whether ``_SPECIAL_RUN`` would find nothing in a text, told by string methods at a fraction of the
    regex's cost (most paragraphs have nothing to normalise). Every whitespace character but the space is
    unprintable."""
    return text.isprintable() and "  " not in text and "--" not in text and "\u2026" not in text


@dataclass(frozen=True)
class Occurrence:
    block: int
    start: int
    end: int


def find_occurrences(quote: str, blocks: list[NormalText], prefix: str = "", suffix: str = "") -> list[Occurrence]:
    """Every place ``quote`` occurs in ``blocks`` whose surroundings match ``prefix`` / ``suffix``."""
    needle = squash(quote)
    want_before = squash(prefix)
    want_after = squash(suffix)
    found: list[Occurrence] = []
    if not needle:
        return found
    for index, block in enumerate(blocks):
        start = block.text.find(needle)
        while start != -1:
            end = start + len(needle)
            before = block.text[:start].rstrip()
            after = block.text[end:].lstrip()
            if (not want_before or before.endswith(want_before)) and (not want_after or after.startswith(want_after)):
                begin, finish = block.original_span(start, end)
                found.append(Occurrence(index, begin, finish))
            start = block.text.find(needle, start + 1)
    return found


class NameFinder:
    """Finds whole-word occurrences of many names in one pass over a text (an Aho–Corasick automaton).

    The result is what one regular expression of all names, longest first, between ``(?<![\\w-])`` and
    ``(?![\\w-])`` would find, but in time linear in the text rather than in the text times the names.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for name in names:
            if name:
                self._automaton.add_word(name, len(name))
        self.empty = len(self._automaton) == 0
        if not self.empty:
            self._automaton.make_automaton()

    def finditer(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each name found: leftmost first, the longest at a start, never overlapping."""
        if self.empty:
            return []
        candidates = sorted(
            (end + 1 - length, -length)
            for end, length in self._automaton.iter(text)
            if _word_edge(text, end + 1 - length - 1) and _word_edge(text, end + 1)
        )
        found: list[tuple[int, int]] = []
        reached = 0
        for start, negative_length in candidates:
            if start >= reached:
                reached = start - negative_length
                found.append((start, reached))
        return found


def _word_edge(text: str, index: int) -> bool:
    """True if text[index] is outside the text or a character that cannot continue a word (not \\w or '-')."""
    if index < 0 or index >= len(text):
        return True
    character = text[index]
    return not (character.isalnum() or character == "_" or character == "-")
