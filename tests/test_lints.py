"""Warnings about analytic overreach, each at the file and line of the field it questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.lints import dates_text
from briefing.model import FuzzyDate
from briefing.pipeline import Builder
from briefing.project import open_project
from conftest import edit, run_cli
from rebuilds import edit_source_word

RECORDS = "content/annotations/records.yaml"
BRIEFING = "content/briefing.yaml"
SOURCE = "content/sources/wire-2020-01-02.md"
RAW = "content/sources/raw/wire-2020-01-02.txt"
TOPIC = "content/topics/reef-dispute.md"


def _warnings(project: Path, code: str) -> list[tuple[str, str, str]]:
    """(file, the line's text, the message) of every warning with this code."""
    result = run_cli("check", "--project", project)
    assert result.code == 0, result.stderr
    found = []
    for line in result.stderr.splitlines():
        if f": warning: {code}: " in line:
            path, number = line.split(":")[:2]
            text = (project / path).read_text().splitlines()[int(number) - 1].strip()
            found.append((path, text, line.split(f"{code}: ", 1)[1]))
    return found


def test_the_minimal_project_has_no_overreach(project: Path):
    """Its one warning is that without base_url it has no sitemap: `check` says so as `build` does."""
    result = run_cli("check", "--project", project)
    assert result.code == 0 and "1 warning(s)" in result.stdout, result.stderr
    assert result.stderr == (
        "content/briefing.yaml:1: warning: no-sitemap: sitemap.xml is not written: it needs absolute addresses and "
        "no base_url is set\n    hint: add 'base_url: https://…/' (where the site will be published) to "
        "content/briefing.yaml\n"
    )
    build = run_cli("build", "--project", project)
    assert build.stderr == result.stderr and "1 warning(s)" in build.stdout


def test_an_entity_nothing_names_or_refers_to_is_warned_about(project: Path):
    """A misspelt name is found by nothing: no source's text, title, publisher or byline names it."""
    edit(project / RECORDS, "    name: Northland\n", "    name: Northlnad\n")
    edit(project / RECORDS, "    country: northland\n", "")
    assert _warnings(project, "entity-not-found") == [
        (RECORDS, "name: Northlnad", "no source names 'Northlnad' (northland), by its name or an alias")
    ]


def test_high_confidence_on_one_origin_warns_at_the_claims_confidence(project: Path):
    edit(project / RECORDS, "    confidence: moderate\n    evidence:", "    confidence: high\n    evidence:")
    assert _warnings(project, "high-on-one-origin") == [
        (RECORDS, "confidence: high", "claim 'talks-continue' is graded high confidence on 1 independent origin")
    ]
    second = project / "content/sources/relay-2020-01-03.md"
    second.write_text(
        (project / "content/sources/wire-2020-01-02.md")
        .read_text()
        .replace("publisher: Example Wire", "publisher: Daily Relay")
        .replace("origin: example-wire\n", "origin: own\n")
    )
    edit(
        project / RECORDS,
        "        origin: example-wire\n",
        "        origin: example-wire\n      - source: relay-2020-01-03\n"
        "        quote: agreed to talk again next month\n        credibility: 2\n",
    )
    assert _warnings(project, "high-on-one-origin") == []  # two independent origins carry it


def test_a_judgment_above_every_claim_it_rests_on_warns_at_its_confidence(project: Path):
    edit(project / BRIEFING, "    confidence: moderate", "    confidence: high")
    assert _warnings(project, "judgment-above-its-claims") == [
        (
            BRIEFING,
            "confidence: high",
            "key judgment 'kj-talks' is high confidence, above every claim it rests on (at most moderate)",
        )
    ]
    edit(project / BRIEFING, "    confidence: high", "    confidence: low")
    assert _warnings(project, "judgment-above-its-claims") == []


def test_credibility_one_on_a_single_origin_warns_at_the_grade(project: Path):
    edit(project / RECORDS, "        credibility: 2\n", "        credibility: 1\n")
    found = _warnings(project, "confirmed-on-one-origin")
    assert [(path, text) for path, text, _ in found] == [(RECORDS, "credibility: 1")]


def test_an_event_date_no_evidence_gives_warns_until_quoted_or_explained(project: Path):
    # a paragraph that does not date the meeting, where the first ("CAPITAL, Jan 2 ... on Thursday") did
    undated = 'quote: "We have agreed to keep talking"'
    edit(project / RECORDS, "quote: The two foreign ministers met on Thursday", undated)
    found = _warnings(project, "date-unsupported")
    assert [(path, text) for path, text, _ in found] == [(RECORDS, "date: 2020-01-02")]
    edit(project / RECORDS, "    date: 2020-01-02\n", "    date: 2020-01-02\n    date_note: The dateline, Jan 2.\n")
    assert _warnings(project, "date-unsupported") == []


def test_an_alias_no_source_contains_warns_at_the_aliases(project: Path):
    edit(project / RECORDS, "aliases: [Azure Shoal]", "aliases: [Azure Shoal, Azur Shoal]")
    found = _warnings(project, "alias-not-found")
    message = "no source contains the alias 'Azur Shoal' of 'blue-reef'"
    assert found == [(RECORDS, "aliases: [Azure Shoal, Azur Shoal]", message)]


@pytest.mark.parametrize(
    ("text", "date", "published", "expected"),
    [
        ("met on Thursday (27 April)", FuzzyDate(2017, 4, 27), FuzzyDate(2017, 4, 27), True),
        ("met on April 27 in Moscow", FuzzyDate(2017, 4, 27), FuzzyDate(2017, 4, 28), True),
        ("agreed Thursday to work together", FuzzyDate(2017, 9, 7), FuzzyDate(2017, 9, 7), True),
        ("agreed Thursday to work together", FuzzyDate(2017, 9, 8), FuzzyDate(2017, 9, 7), False),
        ("the test Sunday", FuzzyDate(2017, 9, 3), FuzzyDate(2017, 9, 7), True),
        ("talks broke down in 2009", FuzzyDate(2009), FuzzyDate(2017, 4, 27), True),
        ("they agreed to last year", FuzzyDate(2016), FuzzyDate(2017, 9, 7), True),
        ("a forum in St. Petersburg next May", FuzzyDate(2018, 5), FuzzyDate(2017, 9, 7), True),
        ("a forum in St. Petersburg next May", FuzzyDate(2018, 6), FuzzyDate(2017, 9, 7), False),
        ("talks later this year", FuzzyDate(2017, 5, 4), FuzzyDate(2017, 4, 27), False),
        ("met on 4 May", FuzzyDate(2017, 5, 4), FuzzyDate(2017, 4, 27), True),
        ("they may meet again", FuzzyDate(2017, 5), FuzzyDate(2017, 4, 27), False),  # a verb, not the month
        ("VLADIVOSTOK, Sept. 7 (Reuters)", FuzzyDate(2017, 9, 7), FuzzyDate(2017, 9, 8), True),
    ],
)
def test_what_dates_an_event(text, date, published, expected):
    assert dates_text(text, date, published) is expected


def _lint_warnings(builder: Builder) -> list[str]:
    return [d.format() for d in builder.check().diagnostics.warnings]


LINT_EDITS = [  # (file, old, new), made one after another: each changes what one lint reads
    (BRIEFING, "as_of: 2020-01-03", "as_of: 2021-06-30"),  # the scheduled event is now overdue
    (RECORDS, "aliases: [Azure Shoal]", "aliases: [Azure Shoal, Azur Shoal]"),
    (RECORDS, "    country: northland\n    roles", "    roles"),  # nothing refers to Northland
    (RECORDS, "    name: Northland\n", "    name: Northlnad\n"),  # nor names it
    (TOPIC, "The reef is [[blue-reef]]", "The reef, off [[northland]], is [[blue-reef]]"),  # a topic refers to it
    (SOURCE, "and the other calls Azure Shoal.", "and the other names otherwise."),  # the source's mentions
    (RECORDS, "quote: The two foreign ministers met on Thursday", 'quote: "We have agreed to keep talking"'),
    (RECORDS, "    confidence: moderate\n    evidence:", "    confidence: high\n    evidence:"),
    (RECORDS, "        credibility: 2\n", "        credibility: 1\n"),
    (SOURCE, "grading:", "status: withdrawn\nstatus_note: Withdrawn by the wire.\ngrading:"),  # its claim's support
    (RECORDS, "    confidence: high\n    evidence:", "    confidence: low\n    evidence:"),  # its judgment's claims
]


def _replace(project: Path, path: str, old: str, new: str) -> None:
    """An edit of one file; of a source's words, its raw capture alike, and the capture's sha256."""
    if path == SOURCE and old in (project / RAW).read_text():
        edit_source_word(project, old, new, source=SOURCE, raw=RAW)
    else:
        edit(project / path, old, new)


def test_warnings_after_each_edit_are_those_of_a_build_from_scratch(project: Path, tmp_path: Path):
    """The lints keep each record's findings while what they read is unchanged. Edits made one after
    another, each changing some warning, then undone in turn: after each, one builder's warnings equal a
    fresh builder's, and undoing an edit gives back the warnings from before it."""
    builder = Builder(open_project(project))
    history = [_lint_warnings(builder)]
    for path, old, new in LINT_EDITS:
        _replace(project, path, old, new)
        found = _lint_warnings(builder)
        assert found == _lint_warnings(Builder(open_project(project, tmp_path / "fresh"))), new
        assert found != history[-1], f"{new!r} changed no warning"
        history.append(found)
    for path, old, new in reversed(LINT_EDITS):
        _replace(project, path, new, old)
        history.pop()
        assert _lint_warnings(builder) == history[-1], old
