"""Withdrawn and discredited sources: every record whose words rest on one, flagged where it is shown and
listed in the build report.

A source marked ``status: withdrawn`` or ``discredited`` stays in the briefing, so that a reader can see what
was said and why it no longer counts; its evidence is never counted (see :mod:`briefing.link.support`), and every
record that quotes or cites it says so.
"""

from __future__ import annotations

from collections import defaultdict

from briefing.diagnostics import Diagnostics
from briefing.model import Briefing, Source, TextQuote


def _discredited(briefing: Briefing) -> dict[str, Source]:
    return {source.id: source for source in briefing.sources.values() if source.is_discredited}


def flags(briefing: Briefing) -> dict[str, list[str]]:
    """By record id: what it rests on that is withdrawn or discredited, said as a reader would (names, not
    ids). Claims, events and quotes quoting such a source; topics and the BLUF ("briefing") citing it; key
    judgments citing a flagged claim."""
    discredited = _discredited(briefing)
    if not discredited:
        return {}
    found: dict[str, dict[str, None]] = defaultdict(dict)
    for record in briefing.records():
        for selector in record.contents.text_quotes:
            source = discredited.get(selector.source.id)
            if source is not None:
                found[record.id][f"rests on {describe(source)}, which is {source.status}"] = None
    for citation in briefing.citations:
        source = discredited.get(citation.source.id)
        if source is not None:
            found[citation.owner][f"cites {describe(source)}, which is {source.status}"] = None
    for judgment in briefing.info.key_judgments:
        for ref in judgment.claims:
            claim = briefing.claims.get(ref.id)
            if claim is not None and claim.id in found:
                reason = next(iter(found[claim.id]))
                found[judgment.id][f"cites the claim “{claim.statement}”, which {reason}"] = None
    return {record_id: sorted(texts) for record_id, texts in sorted(found.items())}


def describe(source: Source) -> str:
    return f"{source.publisher}, “{source.title}” ({source.published.human()})"


def report_withdrawals(briefing: Briefing, diagnostics: Diagnostics) -> None:
    """A warning at every use of a withdrawn or discredited source: each piece of evidence, rendering and
    citation, and each key judgment's reference to a claim resting on one."""
    discredited = _discredited(briefing)
    if not discredited:
        return
    uses: list[tuple[str, TextQuote]] = [
        (f"{record.kind} '{record.id}'", selector)
        for table in (briefing.claims, briefing.events, briefing.quotes)
        for record in table.values()
        for selector in record.contents.text_quotes
    ]
    uses += [(f"the text of '{citation.owner}'", citation) for citation in briefing.citations]
    shaky: dict[str, Source] = {}
    for user, selector in uses:
        source = discredited.get(selector.source.id)
        if source is None:
            continue
        if user.startswith("claim "):
            shaky.setdefault(user.split("'")[1], source)
        diagnostics.warning(
            selector.location,
            "discredited-evidence",
            f"{user} relies on source '{source.id}', which is {source.status}",
            source.status_note or "find another source for these words, or lower the confidence that rests on them",
        )
    for judgment in briefing.info.key_judgments:
        for ref in judgment.claims:
            if ref.id in shaky:
                source = shaky[ref.id]
                diagnostics.warning(
                    ref.location,
                    "discredited-evidence",
                    f"key judgment '{judgment.id}' cites claim '{ref.id}', which relies on "
                    f"{source.status} source '{source.id}'",
                    "say in the judgment why it still stands, or lower its confidence",
                )
