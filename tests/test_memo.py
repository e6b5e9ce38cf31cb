"""The table diff that rebuilds use to find what changed gives what a plain comparison gives."""

from __future__ import annotations

import random

from briefing.incremental.memo import differing_keys


def plain_differing_keys(last: dict, now: dict) -> set:
    missing = object()
    changed = {key for key, value in now.items() if last.get(key, missing) != value}
    return changed | (last.keys() - now.keys())


def test_differing_keys_matches_a_plain_comparison_on_random_tables():
    chance = random.Random(6)
    for _ in range(3000):
        last = {chance.randrange(30): chance.randrange(5) for _ in range(chance.randrange(20))}
        if chance.random() < 0.5:
            now = {chance.randrange(30): chance.randrange(5) for _ in range(chance.randrange(20))}
        else:  # mostly the same: some values changed, some keys dropped
            now = {k: v if chance.random() < 0.8 else v + 1 for k, v in last.items() if chance.random() < 0.9}
        assert differing_keys(last, now) == plain_differing_keys(last, now), (last, now)


def test_equal_values_that_are_other_objects_do_not_count_as_changed():
    last = {"a": [1, 2], "b": None, "c": "x"}
    now = {"a": [1, 2], "b": None, "c": "x", "d": None}
    assert differing_keys(last, now) == {"d"}
    assert differing_keys(now, last) == {"d"}
    assert differing_keys({"a": None}, {"b": None}) == {"a", "b"}
