"""Entity mentions in an imported article: known ones (through existing aliases) and names not yet annotated."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from briefing.link.mentions import alias_finder
from briefing.model import Briefing

_NAME = re.compile(
    r"(?<![\w-])(?:[A-Z][\w'’.-]*[\w]|[A-Z])(?:(?:\s+(?:of|the|de|du|von|van|al|bin|for|and))*\s+[A-Z][\w'’.-]*[\w])*"
)
_NOT_NAMES = frozenset(
    """a an and as at but by for from he her his however i if in indeed it its meanwhile mr mrs ms no not of on
    or our overall she so still that the their there these they this those to we what when where while who why yet
    you after before despite speaking their separately of course strictly referring public""".split()  # noqa: SIM905
)
_DEMONYM = re.compile(r"^\w+(ese|ian|ean|ish|ican)$")
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Mentions:
    known: dict[str, int]  # entity id → occurrences
    unknown: dict[str, int]  # capitalised name not covered by any alias → occurrences


def find_mentions(paragraphs: list[str], briefing: Briefing | None) -> Mentions:
    finder, owner = alias_finder(briefing) if briefing else (None, {})
    known: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    for text in paragraphs:
        covered: list[tuple[int, int]] = []
        if finder is not None:
            for start, end in finder.finditer(text):
                known[owner[text[start:end]]] += 1
                covered.append((start, end))
        for match in _NAME.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in covered):
                continue
            opens_sentence = not text[: match.start()].strip() or text[: match.start()].rstrip()[-1] in '.!?"“'
            for part in match.group(0).split(" and "):
                name = _trim(part)
                if name and not (opens_sentence and " " not in name) and not _DEMONYM.search(name):
                    unknown[name] += 1
    return Mentions(dict(known.most_common()), dict(sorted(unknown.items(), key=lambda item: (-item[1], item[0]))))


def _trim(name: str) -> str:
    """Drop leading function words ("The", "However") and reject calendar words and lone sentence openers."""
    words = re.sub(r"['’]s$", "", name).split()
    while words and words[0].lower() in _NOT_NAMES:
        words.pop(0)
    while words and words[-1].lower() in {"of", "the", "and", "for"}:
        words.pop()
    if not words or all(word.lower() in _CALENDAR for word in words):
        return ""
    if len(words) == 1 and len(words[0]) < 3:
        return ""
    return " ".join(words)
