"""A value per record kept between builds (incremental.derived.Derived) equals one derived afresh, and only
records whose inputs changed are derived again."""

from __future__ import annotations

import random

from briefing.incremental.derived import Derived
from randomrecords import Record, replace_some


def _value(records: dict[str, Record], context: int, record: Record) -> tuple:
    """What a stage would derive: the record's text with the texts of the records it reads (or None)."""
    read = tuple(records[i].text if i in records else None for i in record.reads)
    return (record.text, context, read)


def test_kept_values_equal_fresh_ones_and_only_what_changed_is_derived_again():
    """300 random builds: records replaced (same ids), added, removed, reordered, the context changed, a
    record reading ids that name nothing. After either kind of update the table equals one derived afresh,
    and the records derived are exactly those replaced or reading a replaced id."""
    rng = random.Random(20261207)
    ids = [f"r{n}" for n in range(12)] + ["missing"]
    records = {i: Record(i, i, rng.sample(ids, rng.randint(0, 3))) for i in ids[:8]}
    kept: Derived[tuple] = Derived(lambda record: record.reads)
    context, last_order = 0, None
    for _ in range(300):
        replaced: set[str] | None = replace_some(rng, records, ids)
        full = last_order != list(records) or rng.random() < 0.3
        if full:
            if rng.random() < 0.2:
                context += 1
            if rng.random() < 0.3:  # ids added, removed, reordered
                for record_id in rng.sample(ids[:-1], 2):
                    if record_id in records and len(records) > 2:
                        del records[record_id]
                    else:
                        records[record_id] = Record(record_id, record_id, rng.sample(ids, 2))
                records = dict(rng.sample(sorted(records.items()), len(records)))
        derived: list[str] = []

        def derive(record: Record, derived: list[str] = derived, records: dict = records, context: int = context):
            derived.append(record.id)
            return _value(records, context, record)

        if full:
            replaced = None
            reused = kept.update(records.values(), derive, lookup=records.get, context=context)
        else:
            assert replaced is not None
            reused = kept.update(
                iter(()), derive, record_of=records.__getitem__, lookup=records.get, context=context, replaced=replaced
            )
        fresh = {i: _value(records, context, record) for i, record in records.items()}
        assert kept.table() == fresh
        assert list(kept.ids()) == list(records)
        assert reused + len(derived) == len(records)
        if replaced is not None:
            readers = {i for i, record in records.items() if not replaced.isdisjoint(record.reads)}
            assert sorted(derived) == sorted(replaced | readers)
        last_order = list(records)


def _text(record: Record) -> str:
    return record.text


def test_a_full_update_reuses_every_value_whose_inputs_are_the_same_objects():
    records = {i: Record(i, i, ["b"] if i == "a" else []) for i in "abc"}
    kept: Derived[str] = Derived(lambda record: record.reads)
    assert kept.update(records.values(), _text, lookup=records.get) == 0
    records["b"] = Record("b", "B")
    assert kept.update(records.values(), _text, lookup=records.get) == 1  # c only: a reads b


def test_the_table_is_the_last_one_itself_until_a_value_changes():
    """Render tells unchanged tables by identity: an update that changes nothing keeps the table object, and
    one that changes a value makes a new table, leaving the last one as it was."""
    records = {i: Record(i, i) for i in "abc"}
    kept: Derived[str] = Derived()
    kept.update(records.values(), _text)
    first = kept.table()
    kept.update(records.values(), _text)
    kept.update((), _text, record_of=records.__getitem__, replaced=set())
    assert kept.table() is first
    records["b"] = Record("b", "B")
    kept.update((), _text, record_of=records.__getitem__, replaced={"b"})
    assert kept.table() == {"a": "a", "b": "B", "c": "c"} and first == {"a": "a", "b": "b", "c": "c"}
    second = kept.table()
    kept.update(reversed(records.values()), _text)  # the same values in another order
    assert kept.table() is not second and list(kept.ids()) == ["c", "b", "a"]
