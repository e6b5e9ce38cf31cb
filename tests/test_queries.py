"""A stage written as queries (incremental.queries.Queries) gives, build after build, what the same stage
gives run on new queries; and it makes again only the values whose record or reads were replaced."""

from __future__ import annotations

import random

from briefing.incremental.queries import Queries
from randomrecords import Record, replace_some


def _stage(q: Queries, own: dict[str, Record], other: dict[str, Record], context: int, made: list[str]) -> tuple:
    """A stage as link is written: a value per record reading another table, what the records refer to
    merged and grouped by target, and a value of a whole table."""
    q.begin({"own": own, "other": other})

    def value(record: Record) -> tuple:
        made.append(record.id)
        return (record.text, context, tuple(other[i].text if i in other else None for i in record.reads))

    values = q.per_record("values", ("own",), value, reads={"other": _reads}, context=context)
    q.per_record("refers", ("own",), _refers)
    merged = q.merged("merged", "refers", list, {"\0extra": [("r1", "extra")]})
    grouped = q.grouped("grouped", "refers", _target)
    texts = q.per_record("texts", ("own",), _text, same=_same_text)
    whole = q.whole("whole", list(other.values()), lambda: sorted(record.text for record in other.values()))
    return values, merged, grouped, texts, whole


def _reads(record: Record) -> list[str]:
    return record.reads


def _refers(record: Record) -> list[tuple[str, str]]:
    return [(target, record.id) for target in record.reads]


def _target(pair: tuple[str, str]) -> str:
    return pair[0]


def _text(record: Record) -> str:
    return record.text.upper()


def _same_text(old: Record, new: Record) -> bool:
    return old.text == new.text


def test_a_stage_on_kept_queries_gives_what_it_gives_on_new_ones_and_makes_again_only_what_changed():
    """300 random builds of two tables: records replaced (same ids), added, removed, reordered, the other
    table's entries replaced, added and removed, the context changed. Every result equals the same stage's
    on new queries; while the records keep their ids in order under the same context, the values made again
    are exactly those of the records replaced or reading a replaced entry."""
    rng = random.Random(20261207)
    own_ids, other_ids = [f"r{n}" for n in range(12)], [f"o{n}" for n in range(8)] + ["missing"]
    own = {i: Record(i, i, rng.sample(other_ids, rng.randint(0, 3))) for i in own_ids[:8]}
    other = {i: Record(i, i) for i in other_ids[:6]}
    kept, context = Queries(), 0
    _stage(kept, own, other, context, [])
    for _ in range(300):
        last_order, last_context = list(own), context
        own, other = dict(own), dict(other)  # new tables, as load makes
        replaced = replace_some(rng, own, other_ids)
        replaced_other = replace_some(rng, other, other_ids)
        if rng.random() < 0.2:
            context += 1
        if rng.random() < 0.2:  # the other table's ids change
            for record_id in rng.sample(other_ids[:-1], 2):
                if record_id in other:
                    del other[record_id]
                else:
                    other[record_id] = Record(record_id, record_id)
                replaced_other.add(record_id)
        if rng.random() < 0.2:  # the records' ids change
            for record_id in rng.sample(own_ids, 2):
                if record_id in own and len(own) > 2:
                    del own[record_id]
                else:
                    own[record_id] = Record(record_id, record_id, rng.sample(other_ids, 2))
            own = dict(rng.sample(sorted(own.items()), len(own)))
        made: list[str] = []
        results = _stage(kept, own, other, context, made)
        assert results == _stage(Queries(), own, other, context, [])
        assert list(results[0]) == list(own)
        if list(own) == last_order and context == last_context:
            readers = {i for i, record in own.items() if not replaced_other.isdisjoint(record.reads)}
            assert sorted(made) == sorted(replaced | readers)


def test_an_unchanged_table_is_the_same_object_and_a_new_record_like_the_last_keeps_its_value():
    """Later stages tell what changed by identity: a build where nothing changed gives the very tables of
    the last one, and so does a table whose records are new objects that ``same`` finds alike."""
    own = {"a": Record("a", "x", ["o"]), "b": Record("b", "y")}
    other = {"o": Record("o", "z")}
    q = Queries()
    first = _stage(q, own, other, 0, [])
    again = _stage(q, dict(own), dict(other), 0, [])
    assert all(a is b for a, b in zip(first, again, strict=True))
    renewed = {record_id: Record(record_id, record.text, record.reads) for record_id, record in own.items()}
    made: list[str] = []
    values, merged, grouped, texts, _ = _stage(q, renewed, other, 0, made)
    assert texts is first[3] and merged is first[1] and grouped is first[2]
    assert sorted(made) == ["a", "b"] and values == first[0]  # identity only: made again, equal
