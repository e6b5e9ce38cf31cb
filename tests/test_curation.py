"""Curation is accounted for line by line: every raw line is kept in order, removed with a reason, or front matter.

Each rule is shown failing through the real command line (``path:line:col: code: message``, exit 1) and then
passing once the curation is fixed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from briefing.curation import Lines, RawText, longest_chain
from conftest import edit, run_cli

SOURCE = "content/sources/wire-2020-01-02.md"
RAW = "content/sources/raw/wire-2020-01-02.txt"
P1 = "CAPITAL, Jan 2 (Example Wire) -- The two foreign ministers met on Thursday and agreed to talk again next month."
P3 = (
    "The talks covered fishing rights and a disputed reef that one side calls Blue Reef and the other calls "
    "Azure Shoal."
)
P4 = 'Lopez said the talks were "useful and frank" and that the ministers would meet again in February.'
CAPTION = "Minister Ana Lopez (left) arrives for the talks. Photo: Example Wire"


def line_of(project: Path, needle: str) -> int:
    for number, line in enumerate((project / SOURCE).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {SOURCE}")


def raw_line_of(project: Path, needle: str) -> int:
    for number, line in enumerate((project / RAW).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {RAW}")


def fails(project: Path, *patterns: str) -> str:
    """``check`` exits 1 and prints a diagnostic matching each pattern (at the start of a line), no traceback."""
    result = run_cli("check", "--project", project)
    assert result.code == 1, f"check should fail:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    for pattern in patterns:
        assert re.search(pattern, result.stderr, re.MULTILINE), f"{pattern!r} not in:\n{result.stderr}"
    return result.stderr


def passes(project: Path) -> None:
    result = run_cli("check", "--project", project)
    assert result.code == 0, result.stderr
    assert "curation-" not in result.stderr, result.stderr


def recapture(project: Path, old: str, new: str) -> None:
    """Change the raw capture, and record its new sha256 (as an analyst replacing a capture on purpose would)."""
    edit(project / RAW, old, new)
    digest = hashlib.sha256((project / RAW).read_bytes()).hexdigest()
    text = (project / SOURCE).read_text(encoding="utf-8")
    (project / SOURCE).write_text(re.sub(r"(?m)^sha256: \w+$", f"sha256: {digest}", text), encoding="utf-8")


def add_removal(project: Path, text: str, reason: str) -> None:
    edit(project / SOURCE, "removed:\n", f"removed:\n  - text: {text}\n    reason: {reason}\n")


def test_the_fixture_accounts_for_every_line(project: Path):
    passes(project)


def test_a_deleted_paragraph_is_an_error_at_the_block_after_the_gap(project: Path):
    edit(project / SOURCE, P3 + "\n\n", "")
    line = line_of(project, "Lopez said the talks")
    stderr = fails(
        project,
        rf"^{SOURCE}:{line}:1: curation-missing: raw line {raw_line_of(project, P3)} is neither kept nor listed "
        rf"in 'removed': 'The talks covered fishing rights and a disputed reef that one side calls Blue…'$",
        r"^    hint: put it back in the body just before this block, or add it to 'removed' with the reason",
    )
    assert stderr.count("curation-missing") == 1, stderr
    result = run_cli("build", "--project", project)
    assert result.code == 1 and "curation-missing" in result.stderr
    assert not (project / "site").exists()
    # The fix: record the cut, with its reason.
    add_removal(project, P3, "An aside about the reef, not needed for this briefing.")
    passes(project)


def test_a_deleted_last_paragraph_is_reported_at_the_last_block(project: Path):
    edit(project / SOURCE, "\n\n" + P4, "")
    fails(project, rf"^{SOURCE}:{line_of(project, 'The talks covered')}:1: curation-missing: raw line 8 ", "at the end")
    edit(project / SOURCE, P3, P3 + "\n\n" + P4)
    passes(project)


def test_a_line_missing_from_the_front_matter_side_is_an_error(project: Path):
    edit(project / SOURCE, "standfirst: Both sides say the door is open.\n", "")
    fails(project, rf"^{SOURCE}:{line_of(project, P1[:40])}:1: curation-missing: raw line 3 .*door is open")


def test_swapped_paragraphs_are_out_of_order(project: Path):
    edit(project / SOURCE, P3 + "\n\n" + P4, P4 + "\n\n" + P3)
    stderr = fails(
        project,
        rf"^{SOURCE}:{line_of(project, 'Lopez said the talks')}:1: curation-order: this block is out of the "
        r"capture's order: it is raw line 8: 'Lopez said",
        rf"hint: restore the capture's order: move it just after line {line_of(project, 'The talks covered')}$",
    )
    assert "curation-missing" not in stderr, stderr  # the moved block's line is kept, only out of place
    edit(project / SOURCE, P4 + "\n\n" + P3, P3 + "\n\n" + P4)
    passes(project)


def test_a_paragraph_moved_to_the_top_is_the_one_reported(project: Path):
    edit(project / SOURCE, "\n\n" + P4, "")
    edit(project / SOURCE, P1, P4 + "\n\n" + P1)
    fails(
        project,
        rf"^{SOURCE}:{line_of(project, 'Lopez said the talks')}:1: curation-order: .* raw line 8:",
        rf"move it just after line {line_of(project, 'The talks covered')}$",
    )


def test_a_heading_out_of_order_is_an_error(project: Path):
    edit(project / SOURCE, "## Talks\n\n", "")
    edit(project / SOURCE, P1, "## Talks\n\n" + P1)
    fails(
        project,
        rf"^{SOURCE}:{line_of(project, '## Talks')}:1: curation-order: .* raw line 6: 'Talks'$",
        rf"move it just before line {line_of(project, 'The talks covered')}$",
    )


def test_a_truncated_sentence_is_an_error(project: Path):
    edit(project / SOURCE, P3, "The talks covered fishing rights and a disputed reef that one side calls Blue Reef")
    line = line_of(project, "The talks covered")
    stderr = fails(
        project,
        rf"^{SOURCE}:{line}:1: curation-truncated: this block keeps only part of raw line 7: 'The talks covered",
        r"hint: curation keeps or removes whole lines",
    )
    assert "curation-missing" not in stderr and "not-in-raw" not in stderr, stderr
    edit(project / SOURCE, "calls Blue Reef\n", "calls Blue Reef and the other calls Azure Shoal.\n")
    passes(project)


def test_a_block_that_starts_mid_line_is_truncated(project: Path):
    edit(project / SOURCE, P4, "the ministers would meet again in February.")
    fails(project, rf"^{SOURCE}:{line_of(project, 'the ministers would')}:1: curation-truncated: .* raw line 8: 'Lopez")


def test_a_paragraph_kept_twice_is_an_error(project: Path):
    edit(project / SOURCE, P4, P4 + "\n\n" + P4)
    lines = [n for n, text in enumerate((project / SOURCE).read_text().splitlines(), 1) if text == P4]
    fails(
        project,
        rf"^{SOURCE}:{lines[1]}:1: curation-repeated: this block repeats raw line 8, "
        rf"which the block at line {lines[0]} keeps already: 'Lopez said",
    )


def test_a_rewritten_paragraph_is_one_error_naming_its_line(project: Path):
    edit(project / SOURCE, "agreed to talk again next month.", "agreed to talk again soon.")
    edit(
        project / "content/annotations/records.yaml", "quote: agreed to talk again next month", "quote: agreed to talk"
    )
    stderr = fails(project, rf"^{SOURCE}:{line_of(project, P1[:40])}:1: not-in-raw: ", "closest line of the capture")
    assert "curation-missing" not in stderr, stderr


def test_a_hard_wrapped_paragraph_spans_two_raw_lines(project: Path):
    recapture(project, "that one side calls Blue Reef ", "that one side calls Blue Reef\n")
    passes(project)
    # Keeping only the first of the two lines drops the second: that line is missing.
    edit(project / SOURCE, "calls Blue Reef and the other calls Azure Shoal.", "calls Blue Reef")
    fails(
        project,
        rf"^{SOURCE}:{line_of(project, 'Lopez said')}:1: curation-missing: raw line 8 is neither kept nor listed in "
        r"'removed': 'and the other calls Azure Shoal.'$",
    )


def test_a_paragraph_hard_wrapped_in_the_body_and_the_capture_alike(project: Path):
    recapture(project, "and agreed to talk again", "and agreed\nto talk again")
    edit(project / SOURCE, "met on Thursday and agreed", "met on Thursday\nand agreed")
    passes(project)


def test_one_removal_covers_a_line_the_capture_repeats(project: Path):
    recapture(project, P3 + "\n", f"{CAPTION}\n{P3}\n{CAPTION}\n")
    stderr = fails(project, r"curation-missing: raw line 7 .*Photo: Example Wire", r"curation-missing: raw line 9 ")
    assert stderr.count("curation-missing") == 2, stderr
    add_removal(project, f'"{CAPTION}"', "Photo caption, shown twice; describes an image we do not have.")
    passes(project)


def test_a_removal_may_span_several_lines_in_any_order(project: Path):
    recapture(project, "Menu Search Subscribe\n", "Menu Search Subscribe\nHome\nWorld news\n")
    fails(project, r"curation-missing: raw line 2 .*'Home'", r"curation-missing: raw line 3 .*'World news'")
    edit(project / SOURCE, "  - text: Menu Search Subscribe\n", "  - text: |\n      World news\n      Home\n")
    fails(project, r"curation-missing: raw line 1 .*'Menu Search Subscribe'")
    edit(project / SOURCE, "      Home\n", "      Home\n      Menu Search Subscribe\n")
    passes(project)


def test_a_removed_line_that_is_not_a_whole_line_of_the_capture_is_an_error(project: Path):
    edit(project / SOURCE, "  - text: Menu Search Subscribe\n", "  - text: Menu Search\n")
    fails(project, r"removed-not-in-raw: this text is not in the raw capture", r"curation-missing: raw line 1 ")


def test_raw_text_finds_whole_lines_and_their_joins():
    raw = RawText("Alpha beta\n\n  gamma   delta\nepsilon\nAlpha beta\n")
    assert [line.number for line in raw.lines] == [1, 3, 4, 5]
    assert raw.spans("Alpha beta") == [Lines(0, 0), Lines(3, 3)]
    assert raw.spans("gamma delta epsilon") == [Lines(1, 2)]
    assert raw.spans("delta epsilon") == []  # starts mid-line
    assert raw.occurrences("delta epsilon") != []
    assert raw.partly_under(raw.occurrences("delta epsilon")[0], len("delta epsilon")) == 1


@pytest.mark.parametrize(
    ("candidates", "chain"),
    [
        ([[Lines(0, 0)], [Lines(1, 1)], [Lines(2, 2)]], {0: Lines(0, 0), 1: Lines(1, 1), 2: Lines(2, 2)}),
        (
            [[Lines(0, 0)], [Lines(4, 4)], [Lines(1, 1)], [Lines(2, 2)]],
            {0: Lines(0, 0), 2: Lines(1, 1), 3: Lines(2, 2)},
        ),
        # a line the capture repeats: each block takes a different occurrence
        ([[Lines(1, 1), Lines(3, 3)], [Lines(1, 1), Lines(3, 3)]], {0: Lines(1, 1), 1: Lines(3, 3)}),
        # runs must not overlap
        ([[Lines(0, 1)], [Lines(1, 2)]], {0: Lines(0, 1)}),
        ([], {}),
    ],
)
def test_longest_chain(candidates: list[list[Lines]], chain: dict[int, Lines]):
    assert longest_chain(candidates) == chain
