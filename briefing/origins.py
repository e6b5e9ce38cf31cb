"""Where each piece of evidence comes from, and how many independent reports a claim rests on.

Five outlets repeating one Reuters story are one report, not five. Every piece of evidence therefore has
one resolved *origin*: a wire service its source relays, or the outlet's own reporting. It is found, in
this order, from

1. the evidence's own ``origin``;
2. the source's ``attribution`` of the paragraph the quoted words are in;
3. the source's ``origin``, its default for the whole text (a pure wire rewrite);
4. the outlet's own reporting, when the source relays no wire service at all.

A source that relays wires and says nothing of where a passage comes from gives no origin: that is an
error for the analyst to settle, never a guess (``attribution_phrases`` finds the words of the text that
help, such as "(Reuters) -" or "With reporting by AFP").

An origin may name several wire services: the passage comes from one of them, and the source does not say
which ("With reporting by AFP, Reuters, and TASS"). Counting then assumes the fewest reports that can
explain the evidence (``independent_count``), so the count never overstates the support.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from briefing.diagnostics import Diagnostics, Location
from briefing.model import Briefing, Evidence, OriginSpec, Record, Source

OWN = "own"  # in an ``origin`` list: the outlet's own reporting
_LARGEST_EXACT_COUNT = 16  # candidate reports above which the count is a lower bound found greedily

# How wire services are commonly named in text, by the id their organization usually has. A briefing's own
# organization names and aliases are used too (``wire_names``).
WIRE_SERVICES: dict[str, tuple[str, ...]] = {
    "reuters": ("Reuters", "reuters.com"),
    "afp": ("AFP", "Agence France-Presse", "afp.com"),
    "ap": ("Associated Press", "(AP)", "apnews.com"),
    "tass": ("TASS", "tass.com", "tass.ru"),
    "jiji-press": ("Jiji Press", "Jiji", "jiji.com"),
    "kyodo": ("Kyodo", "kyodonews"),
    "xinhua": ("Xinhua", "xinhuanet"),
    "yonhap": ("Yonhap", "yna.co.kr"),
    "interfax": ("Interfax",),
    "ria-novosti": ("RIA Novosti", "ria.ru"),
    "bloomberg": ("Bloomberg",),
    "dpa": ("dpa", "Deutsche Presse-Agentur"),
    "efe": ("EFE",),
    "upi": ("UPI", "United Press International"),
}


class Origin(NamedTuple):
    """The resolved origin of one piece of evidence.

    ``keys`` name the reports it may come from (``wire:<id>`` or ``own:<publisher>``); with several, it is
    one of them. ``how`` says where it was resolved from: "evidence", "paragraph", "source" or "no wires".
    """

    keys: tuple[str, ...]
    wires: tuple[str, ...]
    own: str  # the publisher, when the outlet's own reporting is (one of) the origin(s); "" otherwise
    how: str

    @property
    def certain(self) -> bool:
        return len(self.keys) == 1


def declared_origin(evidence: Evidence, source: Source) -> tuple[OriginSpec | None, str]:
    """What the analyst wrote about where ``evidence`` comes from, and where it was written."""
    if evidence.origin is not None:
        return evidence.origin, "evidence"
    paragraph = paragraph_number(evidence, source)
    if paragraph is not None:
        for attribution in source.attribution:
            if paragraph in attribution.paragraphs:
                return attribution.origin, "paragraph"
    if source.origin is not None:
        return source.origin, "source"
    return None, ""


def paragraph_number(evidence: Evidence, source: Source) -> int | None:
    """The number (¶) of the paragraph the quoted words were found in, if they were found in a paragraph."""
    span = evidence.span
    if span is None or span.block >= len(source.outline):
        return None
    place = source.outline[span.block]
    return place.number if place.kind == "paragraph" else None


def resolve(evidence: Evidence, source: Source) -> Origin | None:
    """The origin of ``evidence`` (see the module's docstring); None when it cannot be told."""
    spec, how = declared_origin(evidence, source)
    if spec is None:
        if source.wire_services:
            return None
        return Origin((f"own:{source.publisher}",), (), source.publisher, "no wires")
    wires = tuple(sorted({ref.id for ref in spec.wires}))
    own = source.publisher if spec.own else ""
    keys = tuple(f"wire:{wire}" for wire in wires) + ((f"own:{own}",) if spec.own else ())
    return Origin(keys, wires, own, how)


def independent_count(candidates: Sequence[Iterable[str]]) -> int:
    """The fewest reports that can account for every piece of evidence, each of which comes from one of its
    candidate reports: the smallest set of keys that meets every candidate set (a minimum hitting set).

    Exact for the handful of wires a claim's evidence names; past ``_LARGEST_EXACT_COUNT`` distinct keys it
    is a lower bound (pairwise disjoint candidate sets), which may understate the support but never
    overstates it.
    """
    sets = _minimal_sets(candidates)
    if not sets:
        return 0
    universe = sorted(set().union(*sets))
    if len(universe) > _LARGEST_EXACT_COUNT:
        return _disjoint_sets(sets)
    for size in range(1, len(universe) + 1):
        for chosen in itertools.combinations(universe, size):
            picked = set(chosen)
            if all(not picked.isdisjoint(options) for options in sets):
                return size
    return len(universe)


def _minimal_sets(candidates: Sequence[Iterable[str]]) -> list[frozenset[str]]:
    """The distinct candidate sets that contain no other: meeting those meets every superset too."""
    distinct = sorted({frozenset(options) for options in candidates if options}, key=len)
    minimal: list[frozenset[str]] = []
    for options in distinct:
        if not any(smaller <= options for smaller in minimal):
            minimal.append(options)
    return minimal


def _disjoint_sets(sets: list[frozenset[str]]) -> int:
    taken: set[str] = set()
    count = 0
    for options in sets:
        if taken.isdisjoint(options):
            taken |= options
            count += 1
    return count


# ---------------------------------------------------------------- checks (validate)


def check_origins(record: Record, briefing: Briefing, diagnostics: Diagnostics) -> None:
    """Every piece of evidence in ``record`` has a resolved origin, and every origin written is one its
    source relays; for a source, its own origin and attribution."""
    if isinstance(record, Source):
        _check_attribution(record, diagnostics)
        return
    for selector in record.contents.text_quotes:
        source = briefing.sources.get(selector.source.id)
        if isinstance(selector, Evidence) and source is not None:
            _check_evidence(selector, source, briefing, diagnostics)


def _check_attribution(source: Source, diagnostics: Diagnostics) -> None:
    _check_relayed(source.origin, source, diagnostics)
    claimed: dict[int, Location] = {}
    count = len(source.paragraphs)
    for attribution in source.attribution:
        _check_relayed(attribution.origin, source, diagnostics)
        where = attribution.field_locations.get("paragraphs", attribution.location)
        beyond = [number for number in attribution.paragraphs if number > count]
        if beyond:
            diagnostics.error(
                where,
                "no-such-paragraph",
                f"source '{source.id}' has {count} paragraph{'s' if count != 1 else ''}, not ¶{beyond[0]}",
                "number paragraphs as the source page does (¶1 is the first paragraph of the body)",
            )
        for number in attribution.paragraphs:
            if number in claimed and number <= count:
                diagnostics.error(
                    where,
                    "attribution-overlap",
                    f"¶{number} is attributed twice (first at line {claimed[number].line})",
                    "give each paragraph one origin; a list of wires says it is one of them",
                )
            claimed.setdefault(number, where)


def _check_relayed(spec: OriginSpec | None, source: Source, diagnostics: Diagnostics) -> None:
    relayed = {ref.id for ref in source.wire_services}
    for wire in spec.wires if spec is not None else ():
        if wire.id not in relayed:
            diagnostics.error(
                wire.location,
                "origin-not-relayed",
                f"origin '{wire.id}' is not among the wire services of '{source.id}'",
                f"add it to that source's wire_services, or correct the origin "
                f"(relays: {', '.join(sorted(relayed)) or 'none'}; '{OWN}' is the outlet's own reporting)",
            )


def _check_evidence(evidence: Evidence, source: Source, briefing: Briefing, diagnostics: Diagnostics) -> None:
    if evidence.origin is not None:
        _check_relayed(evidence.origin, source, diagnostics)
    if resolve(evidence, source) is not None or (evidence.span is None and source.attribution):
        return  # resolved, or the quote was not found (reported already) in a source attributed by paragraph
    paragraph = paragraph_number(evidence, source)
    wire_ids = [ref.id for ref in source.wire_services]
    phrases = attribution_phrases(source, briefing.raw_text(source.id) or "", wire_names(briefing, wire_ids))
    diagnostics.error(
        evidence.location,
        "no-origin",
        f"source '{source.id}' relays wire services ({', '.join(wire_ids)}), and nothing says where this passage"
        f"{f' (¶{paragraph})' if paragraph else ''} comes from",
        origin_choices(source, phrases, paragraph),
    )


# ---------------------------------------------------------------- what the text says of its origins


class AttributionPhrase(NamedTuple):
    """Words of a source that say where its text comes from, and the wire services they name."""

    where: str  # "¶4", or "raw line 38" for a line curation removed
    text: str
    wires: tuple[str, ...]


def wire_names(briefing: Briefing, wire_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """How each of these wire services may be named in text: its organization's name and aliases, and the
    common names of a well-known service with that id."""
    names: dict[str, tuple[str, ...]] = {}
    for wire_id in wire_ids:
        entity = briefing.entities.get(wire_id)
        own = entity.names() if entity is not None else []
        names[wire_id] = tuple(dict.fromkeys([*own, *WIRE_SERVICES.get(wire_id, ())]))
    return names


def attribution_phrases(source: Source, raw_text: str, names: dict[str, tuple[str, ...]]) -> list[AttributionPhrase]:
    """Every passage of the source's text, or line of its capture that curation removed, that attributes
    text to one of the named wire services: "(Reuters) -", "reported by Reuters", "Jiji Press reported",
    "according to TASS", "With reporting by AFP, Reuters, and TASS"."""
    kept = {" ".join(block.text.split()) for block in source.blocks}
    passages = [(f"¶{block.number}", block.text) for block in source.blocks if block.kind == "paragraph"]
    passages += [
        (f"raw line {number}", line)
        for number, line in enumerate(raw_text.splitlines(), start=1)
        if line.strip() and " ".join(line.split()) not in kept
    ]
    return phrases_in(passages, names)


def phrases_in(passages: Iterable[tuple[str, str]], names: dict[str, tuple[str, ...]]) -> list[AttributionPhrase]:
    """The attributions to the named wire services in these passages, each given with where it stands."""
    finder = _PhraseFinder(names)
    return [AttributionPhrase(where, said, wires) for where, text in passages for said, wires in finder.find(text)]


# Words that may stand between "according to" and an agency's name: "the state-run TASS", "the Russian news
# agency RIA Novosti" (an adjective of nationality ends in -n, -ese or -i).
_AGENCY_WORDS = (
    r"(?:state-run|state-owned|state|official|semi-official|government-run|news|wire|agency|[A-Z][a-z]+(?:n|ese|i))"
)


@dataclass
class _PhraseFinder:
    names: dict[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        bare = {wire: tuple(name.strip("()") for name in names) for wire, names in self.names.items()}  # "(AP)"
        spelled = sorted({name for names in bare.values() for name in names}, key=lambda n: (-len(n), n))
        self.owner = {name.lower(): wire for wire, names in bare.items() for name in names}
        domains = "|".join(re.escape(n) for n in spelled if "." in n and " " not in n) or r"(?!)"
        name = "|".join(re.escape(n) for n in spelled) or r"(?!)"
        self.single = re.compile(
            rf"\((?P<a>{name})\)\s*[-–—]"
            rf"|\b(?:reported by|according to|citing|quoted by|told|via)\s+(?:the\s+|[A-Z]\w+['’]s\s+)?"
            rf"(?:{_AGENCY_WORDS}\s+){{0,4}}(?P<b>{name})\b"
            rf"|\b(?P<c>{name})(?:\s+news(?:\s+agency|\s+service)?)?\s+(?:reports|reported|quoted|cited|said)\b"
            rf"|(?:^|[.!?”\"]\s+)(?P<d>{name})\s*$"  # a credit closing the text: "... relations. Jiji Press"
            rf"|\((?P<e>{name})\)\s*$"  # "... since late 2008. (Yonhap)"
            rf"|^\s*https?://(?:www\.)?(?P<f>{domains})/\S*\s*$",  # a link the article gives as its source
            re.IGNORECASE,
        )
        self.credit = re.compile(
            r"\b(?:(?:with\s+)?(?:additional\s+)?reporting\s+(?:by|from)|information\s+(?:for\s+this\s+\w+\s+)?"
            r"(?:came|comes|is)\s+from)\s+(?P<list>.+)|^[a-z]{1,4}(?:/[a-z]{1,4})+\s*\((?P<initials>[^)]+)\)\s*$",
            re.I,
        )
        self.name = re.compile(rf"(?<![\w-])(?:{name})(?![\w-])", re.IGNORECASE)

    def find(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        found = []
        credit = self.credit.search(text)
        if credit:
            wires = self._wires(self.name.findall(credit.group("list") or credit.group("initials")))
            if wires:
                found.append((credit.group(0).strip(), wires))
        for match in self.single.finditer(text):
            if credit and credit.start() <= match.start() < credit.end():
                continue
            named = next(match.group(group) for group in "abcdef" if match.group(group))
            found.append((match.group(0).strip(), self._wires([named])))
        return found

    def _wires(self, spelled: list[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.owner[name.lower()] for name in spelled if name.lower() in self.owner))


def origin_choices(source: Source, phrases: list[AttributionPhrase], paragraph: int | None) -> str:
    """The hint for evidence whose origin is unresolved: what the text says, and what may be written."""
    wires = [ref.id for ref in source.wire_services]
    said = "; ".join(f"{p.where} says {p.text[:60]!r}" for p in phrases[:4])
    choices = list(wires)
    if len(wires) > 1:
        choices.append(f"[{', '.join(wires)}] if it is one of them and the text does not say which")
    where = f"its paragraphs ('attribution: [{{paragraphs: {paragraph or 1}, origin: {wires[0]}}}]')"
    return (
        f"{f'the text: {said}' if said else 'the text names no wire service for it'}. Write 'origin:' on this "
        f"evidence ({', '.join(choices)}, or {OWN} for the outlet's own reporting), or say it in source "
        f"'{source.id}' for {where} or for its whole text ('origin: {wires[0]}')"
    )
