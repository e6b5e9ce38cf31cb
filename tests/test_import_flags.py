"""``import`` flags for what the analyst knows from outside the capture, and for overruling its line decisions.

Whatever extraction makes of a page, the analyst can always proceed: a refusal names the lines it read and
the flag that gets past it, and every flag's effect is visible in the draft, which builds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import run_cli

# A press release in short lines: no line is long enough to look like prose to the import.
SHORT_LINES = """Ministry of Fisheries
Press release
Quota talks: second round
Portvale, 4 June 2024
1. The second round of quota talks was held in Portvale this week.
2. Both delegations reviewed the catch figures for the Grey Banks.
3. They agreed to exchange survey data by the end of July.
4. The third round will be held in Southmark in September.
Contact: press office
"""

# Long paragraphs only: nothing above the article to take a headline from.
NO_HEADLINE = """PORTVALE, June 4, 2024 -- Delegations from Northland and Southmark met in Portvale on Tuesday \
for a second round of talks on the fishing quotas that have divided the two harbours for a decade, officials said.
The delegations reviewed the catch figures for the Grey Banks and agreed to exchange survey data before the end of \
July, according to a statement issued after the session closed in the evening.
Read more: Fishing fleets idle as quota dispute drags on
"""

WITH_HEADER = """World | Asia
Ministers agree to meet again over the fishing dispute
By Ana Writer and Bo Reporter
March 14, 2024
PORTVALE -- Delegations from Northland and Southmark ended two days of talks in Portvale on Thursday and agreed to \
meet again in May, officials said.
The talks covered quotas in the waters around the Grey Banks, which Southmark calls the Silver Shoals, and were held \
behind closed doors for most of the two days.
A spokesman for the Southmark delegation later said the mood in the talks had been businesslike and constructive.
"""


def new_project(tmp_path: Path) -> Path:
    folder = tmp_path / "briefing"
    assert run_cli("new", folder).code == 0
    return folder


def write_capture(tmp_path: Path, name: str, text: str) -> Path:
    capture = tmp_path / name
    capture.write_text(text, encoding="utf-8")
    return capture


def draft_of(project: Path, source_id: str) -> tuple[dict, str, str]:
    """The draft's front matter, its review comments and its body."""
    _, front, body = (project / f"content/sources/{source_id}.md").read_text(encoding="utf-8").split("---\n", 2)
    comments = "\n".join(line for line in front.splitlines() if line.startswith("#"))
    return yaml.safe_load(front), comments, body


def problems(project: Path) -> list[str]:
    """``check``'s warnings and errors, less the draft warning every import has."""
    result = run_cli("check", "--project", project)
    assert "Traceback" not in result.stderr
    return [
        line
        for line in result.stderr.splitlines()
        if (": warning: " in line or ": error: " in line) and "draft-source" not in line
    ]


def test_a_capture_without_prose_is_refused_with_its_lines_and_the_way_forward(tmp_path: Path):
    project = new_project(tmp_path)
    capture = write_capture(tmp_path, "release.txt", SHORT_LINES)
    refused = run_cli("import", capture, "--project", project)
    assert refused.code == 2
    assert "found no article text" in refused.stderr and "--keep LINES" in refused.stderr
    assert "5: 1. The second round of quota talks" in refused.stderr  # the lines it read, numbered
    assert not list((project / "content/sources").glob("*quota*"))
    imported = run_cli(
        "import", capture, "--project", project, "--id", "quota-talks",
        "--keep", "5-8", "--publisher", "Ministry of Fisheries",
    )  # fmt: skip
    assert imported.code == 0, imported.stderr
    front, comments, body = draft_of(project, "quota-talks")
    assert front["title"] == "Quota talks: second round" and front["publisher"] == "Ministry of Fisheries"
    assert [line for line in body.splitlines() if line] == SHORT_LINES.splitlines()[4:8]
    assert "lines kept at import with --keep: 5–8" in comments
    assert problems(project) == []


def test_a_capture_without_a_headline_is_refused_until_given_one(tmp_path: Path):
    project = new_project(tmp_path)
    capture = write_capture(tmp_path, "no-headline.txt", NO_HEADLINE)
    refused = run_cli("import", capture, "--project", project)
    assert refused.code == 2
    assert "found no headline" in refused.stderr and "--title TEXT" in refused.stderr
    assert "1: PORTVALE, June 4, 2024" in refused.stderr
    title = "Second round of quota talks in Portvale"
    imported = run_cli("import", capture, "--project", project, "--id", "round-two", "--title", title)
    assert imported.code == 0, imported.stderr
    front, _, body = draft_of(project, "round-two")
    assert front["title"] == title
    assert "Delegations from Northland and Southmark met in Portvale" in body
    assert problems(project) == []


def test_facts_from_outside_the_capture_overrule_what_import_found(tmp_path: Path):
    project = new_project(tmp_path)
    capture = write_capture(tmp_path, "header.txt", WITH_HEADER)
    url = "https://news.example/asia/2024/03/14/fishing-talks"
    imported = run_cli(
        "import", capture, "--project", project, "--id", "talks", "--title", "Fishing talks to resume in May",
        "--url", url, "--publisher", "Example News", "--byline", "By Ana Writer",
    )  # fmt: skip
    assert imported.code == 0, imported.stderr
    assert "publisher: Example News" in imported.stdout
    front, _, _ = draft_of(project, "talks")
    assert (front["title"], front["url"], front["publisher"]) == ("Fishing talks to resume in May", url, "Example News")
    assert front["byline"] == "By Ana Writer"
    removed = {entry["text"]: entry["reason"] for entry in front["removed"]}
    # The capture's own headline and byline are not what the front matter holds: they are accounted as removed.
    assert "Ministers agree to meet again over the fishing dispute" in removed
    assert "By Ana Writer and Bo Reporter" in removed
    assert problems(project) == []


def test_dropped_lines_are_listed_as_removed_and_kept_lines_are_kept(tmp_path: Path):
    project = new_project(tmp_path)
    capture = write_capture(tmp_path, "header.txt", WITH_HEADER)
    imported = run_cli("import", capture, "--project", project, "--id", "talks", "--drop", "7")
    assert imported.code == 0, imported.stderr
    front, _, body = draft_of(project, "talks")
    spokesman = WITH_HEADER.splitlines()[6]
    assert spokesman.startswith("A spokesman") and spokesman not in body
    assert {"text": spokesman, "reason": "removed at import (--drop)"} in front["removed"]
    assert problems(project) == []


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (("--keep", "five"), "give line numbers such as 12 or 12-15"),
        (("--keep", "7-5"), "is not a range of lines"),
        (("--drop", "0"), "is not a range of lines"),
        (("--keep", "400"), "past the end (the text has 7 lines)"),
        (("--keep", "5", "--drop", "4-6"), "given to both --keep and --drop"),
        (("--url", "ftp://news.example/a"), "--url 'ftp://news.example/a': give the page's full address"),
        (("--url", "https://"), "give the page's full address"),
        (("--title", " "), "--title ' ': give one line of text"),
        (("--publisher", "Two\nlines"), "give one line of text"),
    ],
)
def test_a_bad_flag_is_refused_and_nothing_is_written(tmp_path: Path, flags: tuple[str, ...], said: str):
    project = new_project(tmp_path)
    capture = write_capture(tmp_path, "header.txt", WITH_HEADER)
    before = sorted(path.name for path in (project / "content/sources").rglob("*"))
    refused = run_cli("import", capture, "--project", project, "--id", "talks", *flags)
    assert refused.code == 2, refused.stdout
    assert said in refused.stderr and "Traceback" not in refused.stderr
    assert sorted(path.name for path in (project / "content/sources").rglob("*")) == before
