"""Every piece of evidence has one resolved origin, and claims count the fewest reports that explain them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.origins import _PhraseFinder, independent_count
from conftest import edit, parse, run_cli

SOURCE = "content/sources/wire-2020-01-02.md"
RECORDS = "content/annotations/records.yaml"


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        ([], 0),
        ([{"wire:reuters"}, {"wire:reuters"}], 1),
        ([{"wire:reuters"}, {"own:Nikkei"}], 2),
        ([{"wire:reuters"}, {"wire:afp", "wire:reuters", "wire:tass"}], 1),  # one Reuters report explains both
        ([{"wire:reuters"}, {"wire:afp", "wire:tass"}], 2),
        ([{"wire:reuters"}, {"wire:afp", "wire:reuters", "wire:tass"}, {"wire:tass"}], 2),
        ([{"wire:a", "wire:b"}, {"wire:b", "wire:c"}, {"wire:c"}], 2),
        ([{"wire:a", "wire:b"}, {"wire:c", "wire:d"}, {"own:X"}], 3),
    ],
)
def test_independent_count_is_the_fewest_reports_that_explain_the_evidence(candidates, expected):
    assert independent_count(candidates) == expected


def test_many_candidate_reports_give_a_count_that_never_overstates():
    candidates = [{f"wire:w{n}", f"wire:w{n + 1}"} for n in range(0, 40, 2)]  # 20 disjoint pairs, 40 keys
    assert independent_count(candidates) == 20
    candidates.append({f"wire:w{n}" for n in range(40)})  # one passage that may be any of them adds nothing
    assert independent_count(candidates) == 20


@pytest.mark.parametrize(
    ("text", "wires"),
    [
        ("MOSCOW (Reuters) - Russian President Vladimir Putin said", ("reuters",)),
        ('"It got worse," said Putin, reported by Reuters.', ("reuters",)),
        ("Jiji Press reported on Friday that the talks ended.", ("jiji-press",)),
        ("The ministers agreed to meet again. Jiji Press", ("jiji-press",)),
        ("With reporting by AFP, Reuters, and TASS", ("afp", "reuters", "tass")),
        ("Additional reporting by Agence France-Presse", ("afp",)),
        ("The fleet sailed on, according to TASS.", ("tass",)),
        ("Putin told Reuters the talks were useful.", ("reuters",)),
    ],
)
def test_text_that_attributes_a_passage_to_a_wire_is_detected(text, wires):
    names = {
        "reuters": ("Reuters",),
        "afp": ("AFP", "Agence France-Presse"),
        "tass": ("TASS",),
        "jiji-press": ("Jiji Press",),
    }
    found = _PhraseFinder(names).find(text)
    assert [found_wires for _, found_wires in found] == [wires]


@pytest.mark.parametrize(
    "text",
    [
        "Photo: Reuters/Kim Kyung-Hoon",
        "REUTERS/Sergei Karpukhin",
        "Reporting by Ana Lopez; Editing by Bo Li",
        "Putin spoke.",
    ],
)
def test_photo_credits_and_staff_credits_are_not_attributions(text):
    names = {"reuters": ("Reuters",)}
    assert _PhraseFinder(names).find(text) == []


def _without_source_origin(project: Path) -> None:
    edit(project / SOURCE, "origin: example-wire\n", "")
    edit(project / RECORDS, "        credibility: 2\n        origin: example-wire\n", "        credibility: 2\n")


def test_evidence_from_a_relaying_source_without_origin_fails_at_its_line_with_the_choices(project: Path):
    _without_source_origin(project)
    result = run_cli("check", "--project", project)
    assert result.code == 1
    lines = result.stderr.splitlines()
    records = (project / RECORDS).read_text().splitlines()
    failures = [line for line in lines if ": no-origin: " in line]
    assert failures, result.stderr
    for failure in failures:
        path, line = failure.split(":")[:2]
        assert path == RECORDS
        assert records[int(line) - 1].strip().startswith("- source: wire-2020-01-02")
    hint = lines[lines.index(failures[0]) + 1]
    assert "(Example Wire) -" in hint  # what the text says of its origin: its dateline
    assert "example-wire" in hint and "own" in hint and "attribution:" in hint


@pytest.mark.parametrize(
    "fix",
    [
        "origin: example-wire\n",  # the whole text
        "origin: own\n",
        "attribution:\n  - {paragraphs: 1-4, origin: example-wire, note: The dateline credits the wire.}\n",
    ],
)
def test_a_source_that_says_where_its_text_comes_from_resolves_every_origin(project: Path, fix: str):
    _without_source_origin(project)
    edit(project / SOURCE, "raw:", fix + "raw:")
    result = run_cli("--project", project)
    assert result.code == 0, result.stderr
    document = json.loads((project / "site/briefing.json").read_text())
    items = [e for c in document["claims"] for e in c["evidence"]] + [
        e for v in document["events"] for e in v["evidence"]
    ]
    wires = [] if "own" in fix else ["example-wire"]
    assert items and all(item["origin"]["wires"] == wires for item in items)
    assert {item["origin"]["stated_in"] for item in items} == {"paragraph" if "attribution" in fix else "source"}


@pytest.mark.parametrize(
    ("attribution", "code"),
    [
        ("  - {paragraphs: 9, origin: example-wire}\n", "no-such-paragraph"),
        ("  - {paragraphs: 1-2, origin: example-wire}\n  - {paragraphs: 2, origin: own}\n", "attribution-overlap"),
        ("  - {paragraphs: 1, origin: other-wire}\n", "origin-not-relayed"),
        ('  - {paragraphs: "2-1", origin: own}\n', "invalid-value"),
    ],
)
def test_bad_attribution_fails_at_its_line(project: Path, attribution: str, code: str):
    edit(project / SOURCE, "raw:", "attribution:\n" + attribution + "raw:")
    (project / RECORDS).write_text(
        (project / RECORDS)
        .read_text()
        .replace("organizations:\n", "organizations:\n  - {id: other-wire, name: Other Wire, kind: news agency}\n", 1)
    )
    result = run_cli("check", "--project", project)
    assert result.code == 1
    failure = next(line for line in result.stderr.splitlines() if f": {code}: " in line)
    source_lines = (project / SOURCE).read_text().splitlines()
    line = int(failure.split(":")[1])
    assert source_lines[line - 1].lstrip().startswith("- {paragraphs"), failure


def test_seed_evidence_all_states_its_origin_and_relays_count_once(seed_site: Path):
    document = json.loads((seed_site / "briefing.json").read_text())
    items = [e for c in document["claims"] for e in c["evidence"] + c.get("contradicting", [])]
    items += [e for v in document["events"] for e in v["evidence"]]
    assert items and all("origin" in item for item in items)
    claims = {c["id"]: c for c in document["claims"]}
    moscow = claims["moscow-agreed-to-cooperate-on-north-korea"]
    assert len(moscow["evidence"]) == 3 and moscow["independent_origins"] <= 2
    soup = parse(seed_site / "claims/moscow-agreed-to-cooperate-on-north-korea.html")
    origins = soup.select_one("dl.facts").get_text(" ", strip=True)
    assert "Reuters , relayed by International Business Times UK and Modern Tokyo Times" in origins
