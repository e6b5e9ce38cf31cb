"""How well each claim is corroborated: the sources of its evidence, the reports (origins) they carry, and
how many of those are independent. Where a piece of evidence comes from is :mod:`briefing.origins`'s
question; this module groups the answers by claim, and leaves withdrawn and discredited sources out of
the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from briefing.model import Briefing, Claim
from briefing.origins import independent_count, resolve


class OriginGroup(NamedTuple):
    """One report a claim's evidence comes from, and the sources that carry it.

    ``wires`` names the wire service it is, or several when the text does not say which of them; ``own``
    is the publisher when it is (or may be) the outlet's own reporting."""

    wires: tuple[str, ...]
    own: str
    relayed_by: tuple[str, ...]  # source ids

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f"wire:{wire}" for wire in self.wires) + ((f"own:{self.own}",) if self.own else ())


@dataclass
class Support:
    """How a claim is supported: its sources, the reports they carry, and how many of those are independent
    (the fewest reports that can account for the evidence, withdrawn and discredited sources left out)."""

    sources: list[str]
    origins: list[OriginGroup]
    contradicting_sources: list[str]
    independent: int
    set_aside: list[str]  # the withdrawn or discredited sources among ``sources``: not counted


def claim_support(claim: Claim, briefing: Briefing) -> Support:
    sources: list[str] = []
    set_aside: list[str] = []
    groups: dict[tuple[tuple[str, ...], str], list[str]] = {}
    for evidence in claim.evidence:
        source = briefing.sources.get(evidence.source.id)
        if source is None:
            continue
        if source.id not in sources:
            sources.append(source.id)
            if source.is_discredited:
                set_aside.append(source.id)
        origin = resolve(evidence, source)
        if source.is_discredited or origin is None:
            continue
        relayed_by = groups.setdefault((origin.wires, origin.own), [])
        if source.id not in relayed_by:
            relayed_by.append(source.id)
    origins = [OriginGroup(wires, own, tuple(by)) for (wires, own), by in sorted(groups.items())]
    contradicting = []
    for evidence in claim.contradicting:
        if evidence.source.id not in contradicting:
            contradicting.append(evidence.source.id)
    return Support(sources, origins, contradicting, independent_count([group.keys for group in origins]), set_aside)
