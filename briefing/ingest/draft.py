"""Writing an imported capture as a draft source file (front matter plus the kept paragraphs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from briefing.ingest.furniture import Curation
from briefing.ingest.mentions import Mentions
from briefing.ingest.overrides import KEPT_BY_FLAG, format_lines
from briefing.origins import WIRE_SERVICES, phrases_in


@dataclass
class DraftSource:
    front_matter: dict[str, Any]
    curation: Curation
    mentions: Mentions
    unannotated_wires: list[str]


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not any(line != line.strip() for line in value.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def removals(curation: Curation) -> list[dict[str, str]]:
    """Removed lines, consecutive ones with the same reason grouped, each exactly as in the capture."""
    groups: list[dict[str, str]] = []
    previous_reason = None
    for line in curation.lines:
        decision = curation.decisions[line.number]
        if decision.kind != "removed":
            previous_reason = None
            continue
        if decision.reason == previous_reason:
            groups[-1]["text"] += "\n" + line.text
        else:
            groups.append({"text": line.text, "reason": decision.reason})
        previous_reason = decision.reason
    return groups


def body(curation: Curation) -> str:
    blocks = [("## " if decision.kind == "heading" else "") + line.text.strip() for line, decision in curation.kept()]
    return "\n\n".join(blocks) + "\n"


def render(draft: DraftSource) -> str:
    front = yaml.dump(draft.front_matter, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**9)
    return "---\n" + front + _review_notes(draft) + "---\n\n" + body(draft.curation)


def _review_notes(draft: DraftSource) -> str:
    """YAML comments for the analyst: what the import found but could not record as fields."""
    notes = ["# Review before removing 'draft: true':"]
    if draft.mentions.known:
        found = ", ".join(f"{entity} ×{count}" for entity, count in draft.mentions.known.items())
        notes.append(f"#   entities mentioned (through their aliases): {found}")
    if draft.mentions.unknown:
        names = ", ".join(f"{name} ×{count}" for name, count in list(draft.mentions.unknown.items())[:40])
        notes.append(f"#   names not yet annotated: {names}")
    kept_by_flag = {line.number for line, decision in draft.curation.kept() if decision.reason == KEPT_BY_FLAG}
    if kept_by_flag:
        notes.append(f"#   lines kept at import with --keep: {format_lines(kept_by_flag)}")
    notes += _review_marks(draft.curation)
    notes += _origin_notes(draft)
    if draft.unannotated_wires:
        notes.append(
            "#   relays wire services not yet annotated as organizations (add them, then list them in wire_services): "
            + ", ".join(draft.unannotated_wires)
        )
    return "\n".join(notes) + "\n"


def _review_marks(curation: Curation) -> list[str]:
    """Kept lines two signals disagreed about: kept rather than dropped unseen, and listed so they are read."""
    marked = [(line, decision) for line, decision in curation.kept() if decision.review]
    if not marked:
        return []
    notes = [
        f"#   kept for review ({len(marked)}; remove a line by importing again with --drop LINES, "
        "or keep it and delete this note):"
    ]
    for line, decision in marked:
        text = line.text if len(line.text) <= 60 else line.text[:57] + "…"
        notes.append(f"#     line {line.number} {text!r}: {decision.review}")
    return notes


def _origin_notes(draft: DraftSource) -> list[str]:
    """Where the text says its words come from, as a proposal: evidence from a source that relays wires
    must resolve to one origin (``origin:`` for the whole text, ``attribution:`` by paragraph)."""
    wires = list(draft.front_matter.get("wire_services") or []) + draft.unannotated_wires
    if not wires:
        return []
    passages: list[tuple[str, str]] = []
    paragraph = 0
    for line in draft.curation.lines:
        kind = draft.curation.decisions[line.number].kind
        if kind == "paragraph":
            paragraph += 1
            passages.append((f"¶{paragraph}", line.text))
        elif kind == "removed":
            passages.append((f"raw line {line.number}", line.text))
    names = {wire: (wire, *WIRE_SERVICES.get(wire, ())) for wire in wires}
    found = phrases_in(passages, names)
    notes = ["#   where its words come from (write 'origin:' for the whole text, or 'attribution:' by paragraph):"]
    notes += [f"#     {phrase.where} says {phrase.text!r}: {', '.join(phrase.wires)}" for phrase in found[:10]]
    if not found:
        notes.append("#     the text names no wire service for any passage: read it and decide")
    return notes
