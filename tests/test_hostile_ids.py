"""Hostile ids and references: each gets a diagnostic at its file:line with a code, never a traceback.

Every case edits a fresh copy of the minimal project and runs the real CLI twice, side by side: a cold
build of the edited copy, and a cached rebuild (the project built once, its build cache and site copied
to the same path, then edited and built again).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.characters import escape_invisible
from briefing.ids import MAX_ID_BYTES, is_page_anchor
from conftest import MINIMAL, REPO, Run

LONG = "reef-" + "x" * 240  # a topic file name of 250 bytes: the id is the file name


@dataclass(frozen=True)
class Case:
    name: str
    edits: tuple[tuple[str, str, str], ...]  # (file under content/, or "*" for each file that has it; old; new)
    code: str
    at: tuple[str, str]  # the file reported, and words on the reported line ("": the file, no line)
    says: str = ""  # words the message or hint must hold
    status: int = 1
    renames: tuple[tuple[str, str], ...] = ()  # (file under content/, new name), done before the edits
    copies: tuple[tuple[str, str], ...] = ()  # (file under content/, name of a copy), done before the edits

    def __str__(self) -> str:
        return self.name


RECORDS = "annotations/records.yaml"
TOPIC = "topics/reef-dispute.md"
BRIEF = "briefing.yaml"


def _id(old: str, new: str, says: str, code: str = "invalid-id", status: int = 1, everywhere: bool = False) -> Case:
    """A record's id replaced by ``new`` in its definition, or ``everywhere`` (in its references too)."""
    edit = ("*", old, new) if everywhere else (RECORDS, f"  - id: {old}\n", f"  - id: {new}\n")
    return Case(f"id {new[:40]!r}", (edit,), code, (RECORDS, f"- id: {new}"), says, status)


def _topic_named(name: str, code: str, says: str = "", status: int = 1) -> Case:
    """The topic file renamed: its id is the file name; every reference follows it."""
    return Case(
        f"topic file {name[:20]!r}… ({len(name)} bytes)" if len(name) > 30 else f"topic file {name!r}",
        (("*", "reef-dispute", name),),
        code,
        (f"topics/{name}.md", ""),
        says,
        status,
        renames=((TOPIC, f"topics/{name}.md"),),
    )


CASES = [
    _id("talks-continue", '"talks-continue\\n"', "U+000A LINE FEED at position 15"),
    _id("ana-lopez", "аna-lopez", "U+0430 CYRILLIC SMALL LETTER A at position 1, which looks like the Latin 'a'"),
    _id("ana-lopez", '"ana\\u00a0lopez"', "U+00A0 NO-BREAK SPACE at position 4"),
    _id("ana-lopez", '"ana-lopez\\u200b"', "the invisible character U+200B ZERO WIDTH SPACE at position 10"),
    _id("ana-lopez", '"\\u202eana-lopez"', "U+202E RIGHT-TO-LEFT OVERRIDE"),
    _id("ana-lopez", '"ana\\e[31m-lopez"', "the control character U+001B ESCAPE at position 4"),
    _id("ana-lopez", "Ana-Lopez", "did you mean 'ana-lopez'?"),
    _id("ana-lopez", '"ana-lopez "', "did you mean 'ana-lopez'?"),
    _id("ana-lopez", '"ana lopez"', "did you mean 'ana-lopez'?"),
    _id("ana-lopez", "ana_lopez", "did you mean 'ana-lopez'?"),
    _id("ana-lopez", '""', "the id is empty"),
    _id("ana-lopez", '"---"', "no letters or digits"),
    _id("ana-lopez", "-ana-lopez", "starts or ends with a hyphen"),
    _id("ana-lopez", "ana-lopez-", "did you mean 'ana-lopez'?"),
    _id("ana-lopez", "ana--lopez", "two hyphens in a row"),
    _id("ana-lopez", "anā-lópez", "did you mean 'ana-lopez'?"),
    _id("ana-lopez", "../ana-lopez", "slashes"),
    _id("ana-lopez", ".ana-lopez", "dots"),
    _id("ana-lopez", "a" * 499, f"at most {MAX_ID_BYTES} characters", code="id-too-long"),
    _id("ana-lopez", "a" * (MAX_ID_BYTES + 1), "too long", code="id-too-long"),
    _id("ana-lopez", "123", "put the id in quotes", code="wrong-type"),
    _id("ana-lopez", "0123", "the number 83", code="wrong-type"),
    _id("ana-lopez", "no", 'put the id in quotes, e.g. "no"', code="wrong-type"),
    _id("blue-reef", "index", "index page", code="reserved-id", everywhere=True),
    _id("lopez-keep-talking", "notes", "quotes/index.html", code="reserved-id", everywhere=True),
    _id("example-wire", "con", "device name on Windows", code="reserved-name", status=0, everywhere=True),
    Case(
        "key judgment named like an element of the home page",
        (("*", "kj-talks", "main"),),
        "reserved-id",
        (BRIEF, "- id: main"),
        "#anchor",
    ),
    Case(
        "ids differing only by case",
        ((RECORDS, "countries:\n", "countries:\n  - id: Northland\n    name: Northland again\n"),),
        "invalid-id",
        (RECORDS, "id: Northland"),
        "did you mean 'northland'?",
    ),
    Case(
        "topic files differing only by case",
        ((TOPIC, "title: The reef dispute", "title: The Reef Dispute"),),
        "invalid-id",
        ("topics/Reef-Dispute.md", ""),
        "rename the file",
        copies=((TOPIC, "topics/Reef-Dispute.md"),),
    ),
    _topic_named(LONG, "id-too-long", f"at most {MAX_ID_BYTES} characters"),
    _topic_named(LONG[:-4], "id-too-long", f"at most {MAX_ID_BYTES} characters"),
    _topic_named("index", "reserved-id", "index page"),
    _topic_named("all", "reserved-id", "'all' filter"),
    Case(
        "reference to a record of the wrong kind",
        ((RECORDS, "speaker: ana-lopez", "speaker: blue-reef"),),
        "wrong-kind",
        (RECORDS, "speaker: blue-reef"),
        "'ana-lopez', 'example-wire', 'northland'",
    ),
    Case(
        "reference list with a duplicate",
        ((RECORDS, "about: [ana-lopez,", "about: [ana-lopez, ana-lopez,"),),
        "duplicate-ref",
        (RECORDS, "about: [ana-lopez, ana-lopez,"),
        "counted once",
        status=0,
    ),
    Case(
        "wikilink with a Cyrillic letter",
        ((TOPIC, "[[blue-reef]]", "[[blue-rееf]]"),),
        "invalid-id",
        (TOPIC, "[[blue-rееf]]"),
        "U+0435 CYRILLIC SMALL LETTER IE at position 7, which looks like the Latin 'e'",
    ),
    Case(
        "wikilink with a zero-width space",
        ((TOPIC, "[[blue-reef]]", "[[blue-reef\u200b]]"),),
        "invalid-id",
        (TOPIC, "[[blue-reef\u200b]]"),
        "did you mean 'blue-reef'?",
    ),
    Case(
        "wikilink with spaces and capitals",
        ((TOPIC, "[[blue-reef]]", "[[Blue Reef]]"),),
        "invalid-id",
        (TOPIC, "[[Blue Reef]]"),
        "did you mean 'blue-reef'?",
    ),
    Case(
        "wikilink with an empty label",
        ((TOPIC, "[[blue-reef]]", "[[blue-reef|]]"),),
        "invalid-link",
        (TOPIC, "[[blue-reef|]]"),
        "write [[id]] or [[id|label]]",
    ),
    Case(
        "citation with a space in its source id",
        ((TOPIC, "[@wire-2020-01-02]", "[@wire 2020-01-02]"),),
        "invalid-id",
        (TOPIC, "[@wire 2020-01-02]"),
        "did you mean 'wire-2020-01-02'?",
    ),
    Case(
        "wikilink to an id nothing is close to",
        ((TOPIC, "[[blue-reef]]", "[[zanzibar]]"),),
        "unknown-id",
        (TOPIC, "[[zanzibar]]"),
        "define a record with this id",
    ),
    Case(
        "citation of a source id with an invisible character",
        ((TOPIC, "[@wire-2020-01-02]", "[@wire-2020\u00ad-01-02]"),),
        "invalid-id",
        (TOPIC, "[@wire-2020\u00ad-01-02]"),
        "U+00AD SOFT HYPHEN",
    ),
    Case(
        "field name with a Cyrillic letter",
        ((RECORDS, "    name: Blue Reef", "    nаme: Blue Reef"),),
        "unknown-field",
        (RECORDS, "nаme: Blue Reef"),
        "U+0430 CYRILLIC SMALL LETTER A at position 2",
    ),
    Case(
        "relative link in a topic",
        ((TOPIC, "[[blue-reef]]", "[the reef](../entities/blue-reef.html)"),),
        "content-link",
        (TOPIC, "[the reef]"),
        "[[blue-reef]]",
    ),
    Case(
        "link to a missing page in an event summary",
        ((RECORDS, "summary: The ministers met", "summary: The [ministers](nowhere.html) met"),),
        "content-link",
        (RECORDS, "nowhere.html"),
        "full https:// address",
    ),
    Case(
        "reference-style link and an image in a topic",
        ((TOPIC, "```python", "![map](map.png) [see][m]\n\n[m]: #top\n\n```python"),),
        "content-link",
        (TOPIC, "![map](map.png)"),
        "image 'map.png'",
    ),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(where a case's cached rebuild runs, the minimal project built there with its cache and site)."""
    folder = tmp_path_factory.mktemp("hostile")
    project, snapshot = folder / "project", folder / "snapshot"
    shutil.copytree(MINIMAL, project)
    result = _run_builds(project)[0]
    assert result.code == 0, result.stderr
    shutil.copytree(project, snapshot)
    yield project, snapshot


def _run_builds(*projects: Path, command: str = "build", quiet: bool = False) -> list[Run]:
    """``build.py COMMAND [-q] --project P`` for each project, run at the same time."""
    extra = ["-q"] if quiet else []
    processes = [
        subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), command, *extra, "--project", str(project)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for project in projects
    ]
    runs = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=300)
        runs.append(Run(process.returncode, stdout, stderr))
    return runs


def _diagnostics(stderr: str) -> list[str]:
    """The diagnostics printed, each with its hint."""
    found: list[str] = []
    for line in stderr.splitlines():
        if line.startswith("    hint: ") and found:
            found[-1] += "\n" + line
        else:
            found.append(line)
    return found


def _apply(project: Path, case: Case) -> None:
    content = project / "content"
    for old, new in case.renames:
        (content / old).rename(content / new)
    for old, new in case.copies:
        shutil.copyfile(content / old, content / new)
    for name, old, new in case.edits:
        files = [content / name] if name != "*" else [p for p in content.rglob("*") if p.suffix in (".md", ".yaml")]
        hits = 0
        for path in files:
            text = path.read_text(encoding="utf-8")
            hits += old in text
            path.write_text(text.replace(old, new), encoding="utf-8")
        assert hits, f"fixture changed: {old!r} not in {name}"


def _expected_place(project: Path, case: Case) -> str:
    """``content/FILE:LINE:`` of the first line holding the case's words (``content/FILE:`` for a file)."""
    name, words = case.at
    if not words:
        return f"content/{name}:"
    text = (project / "content" / name).read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if words in row)
    return f"content/{name}:{line}:"


def _fresh(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """(a fresh copy of the minimal project, the built project with its cache restored at its own path)."""
    cached, snapshot = built
    shutil.rmtree(cached)
    shutil.copytree(snapshot, cached)
    cold = tmp_path / "project"
    shutil.copytree(MINIMAL, cold)
    return cold, cached


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hostile_input_is_reported_at_its_place(case: Case, built: tuple[Path, Path], tmp_path: Path) -> None:
    cold, cached = _fresh(built, tmp_path)
    for project in (cold, cached):
        _apply(project, case)
    place = _expected_place(cold, case)
    label = "warning: " if case.status == 0 else ""
    pattern = re.compile(re.escape(escape_invisible(place)) + r"(\d+:)* " + re.escape(f"{label}{case.code}: "))
    for how, run in zip(("cold", "cached"), _run_builds(cold, cached), strict=True):
        output = run.stdout + run.stderr
        assert "Traceback" not in output, f"{how}: {output}"
        assert run.code == case.status, f"{how}: {output}"
        found = [d for d in _diagnostics(run.stderr) if pattern.match(d)]
        assert found, f"{how}: expected {place} {case.code} in:\n{run.stderr}"
        assert escape_invisible(case.says) in found[0], f"{how}: {found[0]}"
        assert not _RAW.search(output), f"{how}: a control or invisible character printed as it is: {output!r}"


_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f\u00a0\u00ad\u200b-\u200f\u202a-\u202e\ufeff]")


def test_id_of_the_longest_length_builds_cold_and_cached(built: tuple[Path, Path], tmp_path: Path) -> None:
    """An id of MAX_ID_BYTES, a topic's file name: its page, and the cached rebuild's temporary name for it."""
    cold, cached = _fresh(built, tmp_path)
    name = "r" * MAX_ID_BYTES
    for project in (cold, cached):
        _apply(project, _topic_named(name, ""))
    for run in _run_builds(cold, cached):
        assert run.code == 0 and "Traceback" not in run.stderr, run.stderr
    for project in (cold, cached):
        assert (project / "site" / "topics" / f"{name}.html").is_file()


def test_quiet_prints_only_errors(tmp_path: Path) -> None:
    """-q: nothing at all from a build or a check with warnings only; only the errors from a failing build."""
    warned, checked, failing = (tmp_path / name for name in ("warned", "checked", "failing"))
    duplicate = next(case for case in CASES if case.code == "duplicate-ref")
    for project in (warned, checked, failing):
        shutil.copytree(MINIMAL, project)
        _apply(project, duplicate)  # a warning
    _apply(failing, _id("blue-reef", "Blue-Reef", ""))  # and an error
    built, failed = _run_builds(warned, failing, quiet=True)
    (check,) = _run_builds(checked, command="check", quiet=True)
    assert (built.code, built.stdout, built.stderr) == (0, "", "")
    assert (check.code, check.stdout, check.stderr) == (0, "", "")
    assert failed.code == 1 and failed.stdout == ""
    problems = _diagnostics(failed.stderr)
    assert problems[0].startswith("content/annotations/records.yaml:18:9: invalid-id:"), failed.stderr
    summary = "1 error(s) about the content; nothing was written (stopped in stage 'load')."
    assert problems[1:] == [summary], failed.stderr


def test_page_anchors_are_every_fixed_element_id_of_the_templates() -> None:
    """The ids reserved for a page's own elements follow the templates."""
    fixed = set()
    for template in (REPO / "templates").glob("*.html"):
        fixed |= set(re.findall(r'\bid="([a-z0-9-]+)"', template.read_text(encoding="utf-8")))
    missing = {name for name in fixed if not is_page_anchor(name)}
    assert fixed and not missing
