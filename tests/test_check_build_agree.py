"""``check`` and ``build`` report the same problems of the content: the same codes at the same file:line,
and the same counts in their summary lines (issue 26).

Each briefing is checked, then built into a fresh output folder, as a user would run them (separate
processes). Only problems about the output folder (``briefing.sitecheck.OUTPUT_CODES``) are ``build``'s
alone, and its summary counts them apart.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, edit, run_cli

OUTPUT_CODES = {"stale-pdf", "write-failed", "output-not-owned"}
RECORDS = "content/annotations/records.yaml"
# ``path:line:col: [warning: ]code: message``; a note or a refusal to run starts otherwise.
DIAGNOSTIC = re.compile(r"^(?P<where>[^\s:][^:]*(?::\d+){0,2}): (?P<warning>warning: )?(?P<code>[a-z][a-z0-9-]*): ")
COUNT = re.compile(r"(\d+) (error|warning)\(s\)(?: about the content)?(?:, (\d+) about the output folder)?")


@dataclass(frozen=True)
class Outcome:
    code: int
    problems: tuple[str, ...]  # every diagnostic line, as printed (location, severity, code, message)
    counts: dict[str, int]  # errors and warnings in the summary line, about the content
    output_counts: dict[str, int]  # … and about the output folder

    def codes(self) -> set[str]:
        return {_match(line).group("code") for line in self.problems}

    def about_content(self) -> tuple[str, ...]:
        return tuple(line for line in self.problems if _match(line).group("code") not in OUTPUT_CODES)


def _match(line: str) -> re.Match[str]:
    match = DIAGNOSTIC.match(line)
    assert match is not None, line
    return match


def _outcome(*args: str | Path) -> Outcome:
    run = run_cli(*args)
    lines = (run.stderr + run.stdout).splitlines()
    problems = tuple(
        line for line in lines if not line.startswith(("note: ", "error: ", " ")) and DIAGNOSTIC.match(line)
    )
    counts = {"error": 0, "warning": 0}
    output_counts = {"error": 0, "warning": 0}
    for line in lines:
        for number, noun, output in COUNT.findall(line):
            counts[noun] = int(number)
            output_counts[noun] = int(output or 0)
    assert problems or run.code == 0, run.stderr  # a failure is always explained by a diagnostic
    return Outcome(run.code, problems, counts, output_counts)


def _check_and_build(project: Path, tmp_path: Path) -> tuple[Outcome, Outcome]:
    check = _outcome("check", "--project", project)
    build = _outcome("build", "--project", project, "--output", tmp_path / "site")
    return check, build


def _assert_agree(check: Outcome, build: Outcome) -> None:
    assert check.problems == build.about_content(), (check.problems, build.problems)
    assert check.counts == build.counts
    assert check.output_counts == {"error": 0, "warning": 0}
    assert check.code == (1 if check.counts["error"] else 0)
    assert build.code == (1 if build.counts["error"] or build.output_counts["error"] else 0)


@pytest.fixture
def new_project(tmp_path: Path) -> Path:
    """The project ``new`` makes: one record of every kind, no error and no warning."""
    folder = tmp_path / "briefing"
    assert run_cli("new", folder, "--quiet").code == 0
    return folder


def _copy_seed(tmp_path: Path) -> Path:
    project = tmp_path / "seed"
    shutil.copytree(REPO / "content", project / "content")
    return project


def test_the_seed_briefing(tmp_path: Path):
    """This repository's briefing (two warnings); and a check after the build, from the build's cache,
    agrees as well."""
    project = _copy_seed(tmp_path)
    check, build = _check_and_build(project, tmp_path)
    _assert_agree(check, build)
    assert check.codes() == {"outcome-not-reported", "no-sitemap"} and check.counts == {"error": 0, "warning": 2}
    cached = _outcome("check", "--project", project, "--output", tmp_path / "site")
    assert cached == check


def test_a_duplicate_title(new_project: Path, tmp_path: Path):
    """Two events with one title on one day: their pages share a title, found only in the rendered pages."""
    edit(
        new_project / RECORDS,
        "  - id: second-round-2024-05\n",
        "  - id: portvale-talks-again-2024-03\n"
        "    title: Fishing talks in Portvale\n"
        "    kind: meeting\n"
        "    date: 2024-03-14\n"
        "    status: happened\n"
        "    evidence:\n"
        "      - source: example-wire-2024-03-14\n"
        "        quote: ended two days of talks in Portvale on Thursday\n"
        "  - id: second-round-2024-05\n",
    )
    check, build = _check_and_build(new_project, tmp_path)
    _assert_agree(check, build)
    assert check.codes() == {"duplicate-title"} and check.counts["warning"] == 1


def test_a_template_error(new_project: Path, tmp_path: Path):
    """A project's template override that fails while rendering: an error of ``check`` as of ``build``."""
    (new_project / "templates").mkdir()
    (new_project / "templates" / "quote.html").write_text(
        '{% extends "base.html" %}{% block content %}{% include "no-such-part.html" %}{% endblock %}\n'
    )
    check, build = _check_and_build(new_project, tmp_path)
    _assert_agree(check, build)
    assert check.codes() >= {"template-error"} and check.counts["error"] == 1


def test_a_broken_link(new_project: Path, tmp_path: Path):
    """A project's template override that links to a page the build does not make."""
    (new_project / "templates").mkdir()
    template = (REPO / "templates" / "quote.html").read_text()
    assert "{% block content %}" in template
    broken = template.replace("{% block content %}", '{% block content %}<a href="no-such-page.html">nowhere</a>')
    (new_project / "templates" / "quote.html").write_text(broken)
    check, build = _check_and_build(new_project, tmp_path)
    _assert_agree(check, build)
    assert "broken-link" in check.codes() and check.counts["error"] == 1


def test_content_errors_and_warnings(new_project: Path, tmp_path: Path):
    """Errors of validation (an unknown source) with warnings (a draft): both stop before rendering."""
    edit(
        new_project / RECORDS,
        "      - source: example-wire-2024-03-14\n        quote: agreed",
        "      - source: nowhere\n        quote: agreed",
    )
    edit(new_project / "content/sources/example-wire-2024-03-14.md", "language: en\n", "language: en\ndraft: true\n")
    check, build = _check_and_build(new_project, tmp_path)
    _assert_agree(check, build)
    assert {"unknown-id", "draft-source"} <= check.codes() and check.counts["error"] >= 1


def test_the_output_folder_is_counted_apart(new_project: Path, tmp_path: Path):
    """An output folder the build may not replace is build's problem alone, found before any content is
    checked, and its summary counts it apart from the content's problems, which check reports."""
    output = tmp_path / "site"
    output.mkdir()
    (output / "notes.txt").write_text("mine\n")
    check = _outcome("check", "--project", new_project)
    build = _outcome("build", "--project", new_project, "--output", output)
    assert build.codes() == {"output-not-owned"} and build.output_counts == {"error": 1, "warning": 0}
    assert build.about_content() == () and build.counts == {"error": 0, "warning": 0} and build.code == 1
    assert check.problems == () and check.code == 0
