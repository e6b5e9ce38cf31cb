"""A fingerprint stands for a value on disk: values that == tells apart never share one, and another process
gives the same one for the same content."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field, replace

from briefing.diagnostics import Location
from briefing.incremental.fingerprint import fingerprint
from briefing.model import Claim
from conftest import REPO


@dataclass
class Shown:
    name: str
    hidden: dict[str, int] = field(default_factory=dict, repr=False)  # compared, not shown
    ignored: int = field(default=0, compare=False)


def test_values_that_compare_different_have_different_fingerprints():
    values = [1, 1.0, True, "1", b"1", None, (1,), [1], {1}, {"1": 1}, {1: "1"}, (), [], "", (1, 2), (2, 1)]
    assert len({fingerprint(value) for value in values}) == len(values)
    assert fingerprint(Shown("a", {"x": 1})) != fingerprint(Shown("a", {"x": 2}))  # though repr is the same
    assert fingerprint([["a"], "b"]) != fingerprint([["a", "b"]])
    assert fingerprint(("a\0b",)) != fingerprint(("a", "b"))


def test_equal_values_have_equal_fingerprints_whatever_the_objects_and_the_order_of_a_set():
    assert fingerprint(Shown("a", {"x": 1}, ignored=1)) == fingerprint(Shown("a", {"x": 1}, ignored=2))
    assert fingerprint({"b", "a", "c"}) == fingerprint({"c", "b", "a"})
    assert fingerprint(frozenset({("x", 1), ("y", 2)})) == fingerprint(frozenset({("y", 2), ("x", 1)}))
    claim = Claim(id="c-1", statement="It rained.", location=Location("a.yaml", 3, 1))
    assert fingerprint(claim) == fingerprint(replace(claim))
    moved = replace(claim, field_locations={"text": Location("a.yaml", 4, 3)})
    assert fingerprint(moved) != fingerprint(claim)


def test_an_object_known_only_by_its_address_is_never_taken_for_another():
    first, second = object(), object()
    assert fingerprint(first) != fingerprint(second)


_IN_CHILD = """
import json, sys
from briefing.diagnostics import Location
from briefing.incremental.fingerprint import fingerprint
from briefing.model import Claim
claim = Claim(id="c-1", statement="It rained.", location=Location("a.yaml", 3, 1))
print(json.dumps([fingerprint(claim), fingerprint({"b", "a", "c"}), fingerprint(frozenset({("x", 1)}))]))
"""


def test_another_process_gives_the_same_fingerprints():
    """Whatever its hash seed, which orders sets of strings differently."""
    found = []
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        result = subprocess.run([sys.executable, "-c", _IN_CHILD], capture_output=True, text=True, env=environment)
        assert result.returncode == 0, result.stderr
        found.append(json.loads(result.stdout))
    claim = Claim(id="c-1", statement="It rained.", location=Location("a.yaml", 3, 1))
    here = [fingerprint(claim), fingerprint({"b", "a", "c"}), fingerprint(frozenset({("x", 1)}))]
    assert found == [here, here]
