"""Records compared as objects, as load's are, and random edits of tables of them: what the tests of the
incremental layer (test_derived, test_queries) build on."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(eq=False)  # compared as objects, as load's records are
class Record:
    id: str
    text: str
    reads: list[str] = field(default_factory=list)


def replace_some(rng: random.Random, table: dict[str, Record], ids: list[str]) -> set[str]:
    """Replace a few records with new objects (same ids), some with new texts or reads; returns their ids."""
    replaced = set(rng.sample(sorted(table), rng.randint(0, min(3, len(table)))))
    for record_id in replaced:
        old = table[record_id]
        text = rng.choice([old.text, f"{record_id}-{rng.randint(0, 9)}"])
        reads = old.reads if rng.random() < 0.5 else rng.sample(ids, rng.randint(0, 3))
        table[record_id] = Record(record_id, text, reads)
    return replaced
