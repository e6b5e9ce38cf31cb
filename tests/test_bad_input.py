"""Every kind of bad input fails with path:line:col, a code, a hint — and leaves the previous site alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import edit, parse, run_cli, tree_digest

RECORDS = "content/annotations/records.yaml"
SOURCE = "content/sources/wire-2020-01-02.md"
TOPIC = "content/topics/reef-dispute.md"


def line_of(project: Path, relative: str, needle: str) -> int:
    for number, line in enumerate((project / relative).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {relative}")


def fails_with(project: Path, pattern: str, hint: str = "") -> str:
    """Run check and build; both must exit 1, print a diagnostic matching ``pattern`` and no traceback."""
    for command in ("check", "build"):
        result = run_cli(command, "--project", project)
        assert result.code == 1, f"{command} should fail:\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr
        assert re.search(pattern, result.stderr, re.MULTILINE), result.stderr
        if hint:
            assert hint in result.stderr, result.stderr
    return result.stderr


@pytest.fixture
def built(project: Path) -> Path:
    """The minimal project with a good site already built, to prove a failed build leaves it alone."""
    result = run_cli("build", "--project", project)
    assert result.code == 0, result.stderr
    return project


@pytest.fixture(autouse=True)
def previous_site_survives(request: pytest.FixtureRequest):
    if "built" not in request.fixturenames:
        yield
        return
    project = request.getfixturevalue("built")
    before = tree_digest(project / "site")
    yield
    assert tree_digest(project / "site") == before, "a failed build changed the previous site"


def test_malformed_yaml(built: Path):
    edit(built / RECORDS, "    kind: reef\n", "    kind: [reef\n")
    line = line_of(built, RECORDS, "kind: [reef")  # where the '[' is opened, not where YAML gives up
    fails_with(built, rf"^{RECORDS}:{line}:11: yaml-syntax: malformed YAML: the '\[' opened here", "hint: close it")


def test_missing_required_field(built: Path):
    edit(built / RECORDS, "    status: scheduled\n", "")
    line = line_of(built, RECORDS, "id: ministers-meet-2020-02")
    fails_with(
        built, rf"^{RECORDS}:{line}:5: missing-field: event is missing required field 'status'", "hint: add 'status:'"
    )


def test_wrong_type(built: Path):
    edit(
        built / RECORDS,
        "    participants: [ana-lopez]\n    topics: [reef-dispute]\n    summary:",
        "    participants: 12\n    topics: [reef-dispute]\n    summary:",
    )
    line = line_of(built, RECORDS, "participants: 12")
    fails_with(built, rf"^{RECORDS}:{line}:19: wrong-type: field 'participants': expected a list, got int 12")


def test_impossible_date(built: Path):
    edit(built / RECORDS, 'date: "2020-02"', 'date: "2020-13"')
    line = line_of(built, RECORDS, "2020-13")
    fails_with(built, rf"^{RECORDS}:{line}:11: invalid-date: field 'date': impossible date '2020-13'")


def test_impossible_calendar_date_in_yaml_timestamp(built: Path):
    edit(built / RECORDS, "date: 2020-01-02", "date: 2020-02-30")
    line = line_of(built, RECORDS, "2020-02-30")
    fails_with(built, rf"^{RECORDS}:{line}:11: invalid-date: impossible date '2020-02-30'")


def test_duplicate_id(built: Path):
    edit(built / RECORDS, "  - id: blue-reef\n", "  - id: ana-lopez\n")
    lines = (built / RECORDS).read_text().splitlines()
    line = [number for number, text in enumerate(lines, 1) if text == "  - id: ana-lopez"][1]
    fails_with(
        built, rf"^{RECORDS}:{line}:5: duplicate-id: id 'ana-lopez' is already used by the person at {RECORDS}:2:5"
    )


def test_unknown_id_suggests_the_closest(built: Path):
    edit(built / RECORDS, "    speaker: ana-lopez\n", "    speaker: ana-lopes\n")
    line = line_of(built, RECORDS, "speaker: ana-lopes")
    fails_with(
        built,
        rf"^{RECORDS}:{line}:14: unknown-id: no person or organization or country has the id 'ana-lopes'",
        "hint: did you mean 'ana-lopez'?",
    )


def test_unknown_wikilink_in_markdown(built: Path):
    edit(built / TOPIC, "[[blue-reef]]", "[[blue-reeef]]")
    line = line_of(built, TOPIC, "[[blue-reeef]]")
    fails_with(
        built, rf"^{TOPIC}:{line}:\d+: unknown-id: no record has the id 'blue-reeef'", "did you mean 'blue-reef'?"
    )


def test_quote_not_in_source_names_the_closest_passage(built: Path):
    edit(built / RECORDS, "quote: agreed to talk again next month", "quote: agreed to speak again next month")
    line = line_of(built, RECORDS, "agreed to speak again")
    stderr = fails_with(built, rf"^{RECORDS}:{line}:16: quote-not-found: quote not found in source 'wire-2020-01-02'")
    assert re.search(r"hint: closest passage \(p1, \d+% similar\): '.*agreed to talk again next month\.'", stderr), (
        stderr
    )


def test_a_paraphrased_quote_is_answered_with_the_sentence_to_copy_from(built: Path):
    edit(built / RECORDS, "quote: agreed to talk again next month", "quote: the talks were about fishing and the reef")
    line = line_of(built, RECORDS, "the talks were about fishing")
    stderr = fails_with(built, rf"^{RECORDS}:{line}:16: quote-not-found: quote not found in source 'wire-2020-01-02'")
    assert (
        "hint: a quote is the source's exact words, not a paraphrase: the sentence sharing most of its words (p3) is "
        "'The talks covered fishing rights and a disputed reef that one side calls Blue Reef and the other calls "
        "Azure Shoal.'; copy the words you mean from it"
    ) in stderr, stderr


def test_quote_in_markdown_citation_not_in_source(built: Path):
    edit(built / TOPIC, '"useful and frank"]', '"useful and candid"]')
    line = line_of(built, TOPIC, "useful and candid")
    fails_with(built, rf"^{TOPIC}:{line}:\d+: quote-not-found", "closest passage (p4")


def test_ambiguous_quote_needs_prefix_or_suffix(built: Path):
    edit(built / RECORDS, "quote: agreed to talk again next month", "quote: talks")
    fails_with(
        built,
        r"ambiguous-quote: the quoted words occur 2 times in 'wire-2020-01-02' \(at p3, p4\)",
        "add 'prefix:' or 'suffix:'",
    )
    edit(built / RECORDS, "quote: talks", "quote: talks\n        suffix: were")
    assert run_cli("check", "--project", built).code == 0


def test_curated_paragraph_not_in_raw_capture(built: Path):
    edit(built / SOURCE, "agreed to talk again next month.", "agreed to talk again soon.")
    line = line_of(built, SOURCE, "agreed to talk again soon")
    fails_with(
        built,
        rf"^{SOURCE}:{line}:1: not-in-raw: this text is not in the raw capture",
        "hint: closest line of the capture:",
    )


def test_raw_capture_sha256_mismatch(built: Path):
    raw = built / "content/sources/raw/wire-2020-01-02.txt"
    raw.write_bytes(raw.read_bytes() + b"\n")
    fails_with(
        built,
        rf"^{SOURCE}:{line_of(built, SOURCE, 'sha256:')}:9: sha256-mismatch: raw capture 'raw/wire-2020-01-02.txt' "
        r"has sha256 [0-9a-f]{64}",
        "record the new sha256",
    )


def test_alias_bomb_is_refused(built: Path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        lines.append(f"{level}: &{level} [" + ",".join([f"*{chr(ord(level) - 1)}"] * 9) + "]")
    (built / "content/annotations/bomb.yaml").write_text("\n".join(lines) + "\n")
    fails_with(built, r"^content/annotations/bomb.yaml:2:\d+: yaml-alias: YAML aliases are not allowed in content")


def test_oversize_file_is_refused(built: Path):
    (built / "content/annotations/huge.yaml").write_text("people:\n" + "# padding\n" * 300_000)
    fails_with(built, r"^content/annotations/huge.yaml: file-too-large: file is [\d,]+ bytes")


def test_raw_path_outside_the_project(built: Path):
    edit(built / SOURCE, "raw: raw/wire-2020-01-02.txt", "raw: ../../../../../../etc/passwd")
    fails_with(
        built,
        rf"^{SOURCE}:{line_of(built, SOURCE, 'raw:')}:6: outside-project: "
        r"raw capture path '../../../../../../etc/passwd' points outside",
    )


def test_symlink_to_a_file_outside_the_project(built: Path, tmp_path: Path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("people: []\n")
    (built / "content/annotations/linked.yaml").symlink_to(outside)
    fails_with(built, r"^content/annotations/linked.yaml: outside-project")


def test_id_that_is_a_path(built: Path):
    edit(built / RECORDS, "  - id: northland\n", "  - id: ../../northland\n")
    line = line_of(built, RECORDS, "id: ../../northland")
    fails_with(built, rf"^{RECORDS}:{line}:9: invalid-id: field 'id': '../../northland' is not a valid id", "slugs")


def test_file_name_that_is_not_an_id(built: Path):
    (built / "content/topics/Bad Name.md").write_text("---\ntitle: x\nsummary: y\n---\nbody\n")
    fails_with(built, r"^content/topics/Bad Name.md: invalid-id: file name 'Bad Name.md' does not give a valid id")


def test_unknown_field_is_reported_with_a_suggestion(built: Path):
    edit(built / RECORDS, "    name: Northland\n", "    name: Northland\n    descripton: typo\n")
    line = line_of(built, RECORDS, "descripton")
    fails_with(
        built,
        rf"^{RECORDS}:{line}:5: unknown-field: unknown field 'descripton' in country",
        "did you mean 'description'?",
    )


def test_all_problems_are_reported_in_one_run(built: Path):
    edit(built / RECORDS, "    speaker: ana-lopez\n", "    speaker: nobody\n")
    edit(built / RECORDS, "quote: agreed to talk again next month", "quote: never said")
    edit(built / TOPIC, "[[blue-reef]]", "[[nowhere]]")
    stderr = fails_with(built, r"unknown-id: no person")
    assert "quote-not-found" in stderr and "'nowhere'" in stderr
    assert "3 error(s) about the content; nothing was written" in stderr


def test_output_folder_that_would_overwrite_content_is_refused(project: Path):
    result = run_cli("build", "--project", project, "--output", project / "content")
    assert result.code == 2 and "refusing to use this as the output folder" in result.stderr
    assert (project / "content/briefing.yaml").exists()


BRIEFING = "content/briefing.yaml"


def test_unknown_judgment_in_an_assumption_suggests_the_closest(built: Path):
    edit(built / BRIEFING, "    judgments: [kj-talks]\n", "    judgments: [kj-tallks]\n")  # the assumption's
    line = line_of(built, BRIEFING, "kj-tallks")
    assert line < line_of(built, BRIEFING, "alternatives:")
    fails_with(
        built,
        rf"^{BRIEFING}:{line}:\d+: unknown-id: no judgment has the id 'kj-tallks'",
        "hint: did you mean 'kj-talks'?",
    )


def test_an_indicator_must_name_key_judgments_not_other_records(built: Path):
    edit(built / BRIEFING, "    judgments: [kj-talks]\ntopics:", "    judgments: [talks-continue]\ntopics:")
    line = line_of(built, BRIEFING, "judgments: [talks-continue]")
    fails_with(built, rf"^{BRIEFING}:{line}:\d+: wrong-kind: 'talks-continue' is a claim, but a judgment is expected")


def test_quote_in_an_indicator_not_in_the_source(built: Path):
    edit(built / BRIEFING, '"agreed to talk again next month"]', '"agreed to speak again next month"]')
    line = line_of(built, BRIEFING, "agreed to speak again")
    assert line > line_of(built, BRIEFING, "indicators:")
    stderr = fails_with(built, rf"^{BRIEFING}:{line}:\d+: quote-not-found: quote not found in source 'wire-2020-01-02'")
    assert "closest passage (p1" in stderr


def test_unknown_source_cited_by_an_alternative(built: Path):
    edit(built / BRIEFING, '[@wire-2020-01-02, "useful and frank"]', '[@wire-2020-01-03, "useful and frank"]')
    line = line_of(built, BRIEFING, "wire-2020-01-03")
    fails_with(built, rf"^{BRIEFING}:{line}:\d+: unknown-id: no source has the id 'wire-2020-01-03'", "did you mean")


def test_an_assumption_id_already_used_is_a_duplicate(built: Path):
    edit(built / BRIEFING, "  - id: asm-ministers-stay\n", "  - id: blue-reef\n")
    line = line_of(built, BRIEFING, "id: blue-reef")
    place = line_of(built, RECORDS, "id: blue-reef")
    fails_with(
        built,
        rf"^{RECORDS}:{place}:5: duplicate-id: id 'blue-reef' is already used by the assumption at {BRIEFING}:{line}:5",
    )


def test_an_alternative_without_its_reasons_is_incomplete(built: Path):
    edit(built / BRIEFING, "    would_be_right_if: A minister calls off the February meeting.\n", "")
    line = line_of(built, BRIEFING, "id: alt-talks-break-off")
    fails_with(
        built,
        rf"^{BRIEFING}:{line}:\d+: missing-field: alternative is missing required field 'would_be_right_if'",
        "what would make this reading the right one",
    )


def test_a_bluf_that_does_not_say_its_confidence_is_warned_about_until_it_does(project: Path):
    edit(project / BRIEFING, "bluf_confidence: moderate\n", "")
    result = run_cli("build", "--project", project)
    assert result.code == 0, result.stderr
    line = line_of(project, BRIEFING, "bluf:")
    assert re.search(rf"^{BRIEFING}:{line}:\d+: warning: bluf-confidence: ", result.stderr, re.MULTILINE), result.stderr
    assert "hint: add 'bluf_confidence: high', 'moderate' or 'low'" in result.stderr
    home = (project / "site/index.html").read_text()
    assert "in this bottom line" not in home

    edit(
        project / BRIEFING,
        "The ministers will meet again",
        "We judge with low confidence that the ministers will meet again",
    )
    result = run_cli("build", "--project", project)
    assert result.code == 0 and "bluf-confidence" not in result.stderr, result.stderr

    edit(project / BRIEFING, "We judge with low confidence that the ministers", "The ministers")
    edit(project / BRIEFING, "key_judgments:", "bluf_confidence: low\nkey_judgments:")
    result = run_cli("build", "--project", project)
    assert result.code == 0 and "bluf-confidence" not in result.stderr, result.stderr
    bluf = parse(project / "site/index.html").select_one("section.bluf")
    assert bluf.select_one(".confidence").get_text() == "low confidence"
