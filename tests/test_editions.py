"""What changed since the previous edition (ICD 203): two editions made for real, and every bad path."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, edit, parse, run_cli

BRIEFING = "content/briefing.yaml"
RECORDS = "content/annotations/records.yaml"
SOURCE = "content/sources/wire-2020-01-02.md"

OLD_CLAIM = """  - id: ministers-met
    statement: The two foreign ministers met on Thursday.
    topics: [reef-dispute]
    confidence: moderate
    evidence:
      - source: wire-2020-01-02
        quote: The two foreign ministers met on Thursday
        credibility: 2
"""
NEW_CLAIM = """  - id: talks-useful
    statement: Both sides called the talks useful and frank.
    topics: [reef-dispute]
    confidence: moderate
    evidence:
      - source: wire-copy-2020-01-02
        quote: useful and frank
        credibility: 2
"""
OLD_JUDGMENT = """  - id: kj-meeting-held
    judgment: The ministers met in person in January.
    confidence: high
    claims: [ministers-met]
"""
NEW_JUDGMENT = """  - id: kj-useful
    judgment: Both sides see the talks as worth having.
    confidence: moderate
    claims: [talks-useful]
"""


def build(project: Path, command: str = "build") -> None:
    result = run_cli(command, "--project", project, "--no-cache")
    assert result.code == 0, result.stderr


def first_edition(project: Path) -> None:
    """Edition 1: the minimal project with one more claim and one more key judgment, built, and its
    briefing.json kept in the project as editions/2020-01-03.json."""
    (project / RECORDS).write_text((project / RECORDS).read_text() + OLD_CLAIM)
    edit(project / BRIEFING, "assumptions:\n", OLD_JUDGMENT + "assumptions:\n")
    build(project)
    (project / "editions").mkdir()
    shutil.copy(project / "site/briefing.json", project / "editions/2020-01-03.json")


def name_previous_edition(project: Path, path: str = "editions/2020-01-03.json") -> None:
    edit(project / BRIEFING, "topics: [reef-dispute]\n", f"topics: [reef-dispute]\nprevious_edition: {path}\n")


def second_edition(project: Path) -> None:
    """Edition 2: a claim and a judgment dropped, others added, a confidence lowered, a source added and the
    old one withdrawn; named against edition 1."""
    text = (project / RECORDS).read_text()
    (project / RECORDS).write_text(text.replace(OLD_CLAIM, NEW_CLAIM))
    edit(project / BRIEFING, OLD_JUDGMENT, NEW_JUDGMENT)
    edit(
        project / BRIEFING,
        "judgment: Talks will continue.\n    confidence: moderate",
        "judgment: Talks will continue.\n    confidence: low",
    )
    copy = (project / SOURCE).read_text().replace("publisher: Example Wire", "publisher: Other Daily")
    (project / "content/sources/wire-copy-2020-01-02.md").write_text(copy)
    edit(project / SOURCE, "\nlanguage: en\n", "\nlanguage: en\nstatus: withdrawn\nstatus_note: Retracted.\n")
    name_previous_edition(project)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project at its second edition, built with the PDF."""
    from conftest import MINIMAL

    project = tmp_path_factory.mktemp("editions") / "project"
    shutil.copytree(MINIMAL, project)
    first_edition(project)
    second_edition(project)
    build(project, "pdf")
    return project


def change_lines(page: Path) -> list[str]:
    section = parse(page).select_one("section.changes")
    assert section is not None, f"no changes section in {page}"
    return [" ".join(item.get_text(" ", strip=True).split()) for item in section.select("li")]


EXPECTED = [
    "Key judgment added: Both sides see the talks as worth having. (moderate confidence)",
    "Key judgment lowered from moderate to low confidence: Talks will continue.",
    "Key judgment removed: The ministers met in person in January. (was high confidence)",
    "Claim added: Both sides called the talks useful and frank.",
    "Claim newly flagged: The ministers agreed to keep talking. rests on Example Wire,",
    "Claim dropped: The two foreign ministers met on Thursday.",
    "Source added: Other Daily, “Ministers agree to talk again” (2 January 2020)",
    "Source withdrawn since: Example Wire, “Ministers agree to talk again” (2 January 2020)",
]


@pytest.mark.parametrize("page", ["index.html", "print.html"])
def test_the_home_page_and_the_print_view_say_what_changed_in_words(editions: Path, page: str):
    section = parse(editions / "site" / page).select_one("section.changes")
    assert "What changed since the edition of 3 January 2020" in section.find(["h2", "h3"]).get_text()
    lines = change_lines(editions / "site" / page)
    assert len(lines) == len(EXPECTED), lines
    for line, expected in zip(lines, EXPECTED, strict=True):
        assert line.startswith(expected), (line, expected)
    assert "withdrawn" in lines[4] and "(was current)" in lines[7]
    text = section.get_text(" ")
    for record_id in ("kj-", "ministers-met", "talks-useful", "wire-2020", "wire-copy"):  # names, never ids
        assert record_id not in text
    links = {a.get_text(" ", strip=True): a["href"] for a in section.select("a[href]")}
    assert links["Both sides called the talks useful and frank."] in ("claims/talks-useful.html", "#claim-talks-useful")
    assert not section.select(".removed a"), "a removed record has no page to link to"


def test_the_pdf_says_what_changed(editions: Path):
    pdf = editions / "site/briefing.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "What changed since the edition of 3 January 2020" in flat
    for expected in ("Key judgment removed: The ministers met in person in January.", "Claim dropped: The two"):
        assert expected in flat
    assert "lowered from moderate to low confidence" in flat
    assert flat.count("What changed since the edition of 3 January 2020") >= 2  # and in the contents


def test_briefing_json_gives_the_changes_and_follows_its_schema(editions: Path):
    document = json.loads((editions / "site/briefing.json").read_text())
    schema = json.loads((REPO / "schemas/briefing.schema.json").read_text())
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    assert document["previous_edition"] == {"as_of": "2020-01-03", "path": "editions/2020-01-03.json"}
    changes = document["changes"]
    assert changes["since"] == "2020-01-03" and changes["nothing_changed"] is False
    judgments = changes["key_judgments"]
    assert [j["id"] for j in judgments["added"]] == ["kj-useful"]
    assert judgments["removed"] == [
        {"id": "kj-meeting-held", "text": "The ministers met in person in January.", "before": "high"}
    ]
    assert judgments["confidence_changed"] == [
        {"id": "kj-talks", "text": "Talks will continue.", "before": "moderate", "after": "low"}
    ]
    claims = changes["claims"]
    assert [c["id"] for c in claims["added"]] == ["talks-useful"]
    assert claims["dropped"] == [{"id": "ministers-met", "text": "The two foreign ministers met on Thursday."}]
    assert [c["id"] for c in claims["newly_flagged"]] == ["talks-continue"]
    assert "withdrawn" in claims["newly_flagged"][0]["flags"][0]
    sources = changes["sources"]
    assert [s["id"] for s in sources["added"]] == ["wire-copy-2020-01-02"]
    assert sources["status_changed"] == [
        {
            "id": "wire-2020-01-02",
            "text": "Example Wire, “Ministers agree to talk again” (2 January 2020)",
            "before": "current",
            "after": "withdrawn",
        }
    ]
    assert sources["removed"] == []


def test_nothing_changed_is_said_in_one_line(project: Path):
    build(project)
    (project / "editions").mkdir()
    shutil.copy(project / "site/briefing.json", project / "editions/same.json")
    name_previous_edition(project, "editions/same.json")
    build(project)
    section = parse(project / "site/index.html").select_one("section.changes")
    assert not section.select("li")
    assert " ".join(section.select_one("p").get_text().split()) == (
        "Nothing changed in the key judgments, claims or sources since the edition of 3 January 2020."
    )
    document = json.loads((project / "site/briefing.json").read_text())
    assert document["changes"]["nothing_changed"] is True


def test_without_a_previous_edition_nothing_is_said(project: Path):
    build(project)
    assert parse(project / "site/index.html").select_one("section.changes") is None
    assert parse(project / "site/print.html").select_one("section.changes") is None
    document = json.loads((project / "site/briefing.json").read_text())
    assert document["previous_edition"] is None and document["changes"] is None


# ---------------------------------------------------------------- bad paths and bad files


def previous_edition_line(project: Path) -> int:
    lines = (project / BRIEFING).read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith("previous_edition:"))


def fails_at_the_line(project: Path, code: str, words: str) -> str:
    """check and build both fail with ``code`` at briefing.yaml's previous_edition line, without a
    traceback, and the last good site stays."""
    before = (project / "site/index.html").read_bytes()
    line = previous_edition_line(project)
    for command in ("check", "build"):
        result = run_cli(command, "--project", project)
        assert result.code == 1, result.stderr
        assert "Traceback" not in result.stderr
        pattern = rf"^{re.escape(BRIEFING)}:{line}:\d+: {code}: .*{re.escape(words)}"
        assert re.search(pattern, result.stderr, re.MULTILINE), result.stderr
        assert "hint:" in result.stderr
    assert (project / "site/index.html").read_bytes() == before
    return result.stderr


@pytest.fixture
def built(project: Path) -> Path:
    build(project)
    (project / "editions").mkdir()
    return project


def test_a_path_that_leaves_the_project_by_dot_dot(built: Path, tmp_path: Path):
    shutil.copy(built / "site/briefing.json", tmp_path / "outside.json")
    name_previous_edition(built, "../outside.json")
    fails_at_the_line(built, "outside-project", "'../outside.json' points outside the project")


def test_an_absolute_path(built: Path, tmp_path: Path):
    shutil.copy(built / "site/briefing.json", tmp_path / "outside.json")
    name_previous_edition(built, str(tmp_path / "outside.json"))
    fails_at_the_line(built, "outside-project", "is absolute")


def test_a_symlink_to_a_file_outside_the_project(built: Path, tmp_path: Path):
    shutil.copy(built / "site/briefing.json", tmp_path / "outside.json")
    (built / "editions/linked.json").symlink_to(tmp_path / "outside.json")
    name_previous_edition(built, "editions/linked.json")
    fails_at_the_line(built, "outside-project", "points outside the project")


def test_a_file_in_the_output_folder(built: Path):
    name_previous_edition(built, "site/briefing.json")
    fails_at_the_line(built, "previous-edition-in-output", "output folder")


def test_a_missing_file(built: Path):
    name_previous_edition(built, "editions/2019-12-01.json")
    stderr = fails_at_the_line(built, "previous-edition-missing", "'editions/2019-12-01.json' does not exist")
    assert "copy site/briefing.json" in stderr


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        ('{"briefing": {', "previous-edition-not-json", "is not valid JSON (line 1"),
        ("[" * 100_000 + "]" * 100_000, "previous-edition-not-json", "is not valid JSON"),
        ("\xff\xfe not text", "not-utf8", "not valid UTF-8"),
        ("[1, 2, 3]", "previous-edition-shape", "the file should be an object"),
        ('{"briefing": {"as_of": "last week"}}', "previous-edition-shape", "'briefing.as_of' should be a date"),
        (
            '{"briefing": {"as_of": "2020-01-03", "key_judgments": []}, "claims": [], "sources": {}}',
            "previous-edition-shape",
            "'sources' should be a list",
        ),
        (
            '{"briefing": {"as_of": "2020-01-03", "key_judgments": [{"id": 1}]}, "claims": [], "sources": []}',
            "previous-edition-shape",
            "'briefing.key_judgments[0].id' should be text",
        ),
    ],
    ids=["truncated", "deeply-nested", "not-utf8", "a-list", "bad-date", "sources-not-a-list", "id-not-text"],
)
def test_a_file_that_is_not_a_briefing_json(built: Path, content: str, code: str, words: str):
    path = built / "editions/bad.json"
    if content.startswith("\xff"):
        path.write_bytes(b"\xff\xfe not text")
    else:
        path.write_text(content)
    name_previous_edition(built, "editions/bad.json")
    fails_at_the_line(built, code, words)


def test_a_file_over_the_size_limit(built: Path):
    from briefing.editions import MAX_EDITION_BYTES

    with (built / "editions/big.json").open("wb") as big:
        big.truncate(MAX_EDITION_BYTES + 1)  # sparse: the size is refused before anything is read
    name_previous_edition(built, "editions/big.json")
    fails_at_the_line(built, "file-too-large", "content files are limited to")


# ---------------------------------------------------------------- the pure parts


@pytest.mark.parametrize(
    "text",
    ['{"n": ' + "1" * 5000 + "}", "NaN", '"just a string"', '{"briefing": null}', "", "\x00"],
    ids=["huge-number", "nan", "a-string", "null-briefing", "empty", "nul"],
)
def test_no_file_content_raises_anything_but_an_edition_problem(text: str):
    from briefing.editions import EditionProblem, parse_edition

    with pytest.raises(EditionProblem) as problem:
        parse_edition(text, "editions/x.json")
    assert problem.value.code in ("previous-edition-not-json", "previous-edition-shape")
    assert problem.value.hint


def test_a_removed_judgment_is_named_by_its_words_with_its_links_as_names(editions: Path):
    from briefing.editions import compare, parse_edition
    from briefing.pipeline import Builder
    from briefing.project import open_project

    document = json.loads((editions / "editions/2020-01-03.json").read_text())
    document["briefing"]["key_judgments"][0]["judgment"] = (
        '[[ana-lopez]] will stay on [@wire-2020-01-02, "agreed to talk again"] at [[blue-reef|the reef]].'
    )
    document["briefing"]["key_judgments"][0]["id"] = "kj-gone"
    report = Builder(open_project(editions, editions / "checked")).check()
    assert report.briefing is not None and report.graph is not None
    changes = compare(parse_edition(json.dumps(document), "e.json"), report.briefing, report.graph)
    assert [c.text for c in changes.judgments_removed][0] == "Ana Lopez will stay on at the reef."
