"""Every YAML and Markdown example in the documentation is checked by building it into a project.

Each fenced ```yaml / ```yml / ```markdown / ```md block in README.md and docs/**/*.md (the generated
reference included) names, in its info string, the project file it belongs to::

    ```yaml file=content/annotations/claims.yaml
    ```markdown file=content/topics/kuril-islands-dispute.md

The info string may also carry ``expect-error=CODE`` and ``expect-warning=CODE`` (repeatable, or
comma-separated) for an example that shows a problem on purpose. Without them an example must check
with no error and no warning.

How an example is placed into the project (a fresh ``python build.py new`` project):

- ``content/briefing.yaml``: its top-level keys replace the project's; the others stay.
- ``content/annotations/*.yaml``: its records are added to the project; a record whose id the
  project already has replaces that record.
- a Markdown block naming ``content/sources/<id>.md`` or ``content/topics/<id>.md``: the whole file.
  A raw capture it names that the project lacks is taken from the same path in this repository's own
  briefing (``content/sources/raw/``), whose captures are the seed articles the tutorial imports.
- a YAML block naming such a ``.md`` file: a fragment of its front matter, whose keys replace the file's.

- a YAML list of records (``  - id: …``) naming an annotations file: appended to that file's last section.

The examples of one document build on each other, as a reader follows them: example N is checked on
the project made by examples 1..N of the same document (leaving out those that expect an error), and a
warning an earlier example expects may still be there. Each example is its own test, named
``document:line`` after its opening fence; problems are reported at the document line they come from.
"""

from __future__ import annotations

import difflib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from briefing.diagnostics import BuildFailed, Diagnostic, Severity
from briefing.pipeline import Builder
from briefing.project import open_project
from briefing.scaffold import create_project
from briefing.yamlio import split_front_matter
from conftest import REPO, run_cli

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
LANGUAGES = {"yaml": "yaml", "yml": "yaml", "markdown": "markdown", "md": "markdown"}
OPTIONS = ("file", "expect-error", "expect-warning")
CONVENTION = (
    "name the project file in the info string, e.g. ```yaml file=content/annotations/claims.yaml "
    "or ```markdown file=content/topics/<id>.md (see the docstring of tests/test_doc_examples.py)"
)
FRONT_MATTER_FILE = re.compile(r"content/(sources|topics)/[a-z0-9]+(?:-[a-z0-9]+)*\.md")
ANNOTATIONS_FILE = re.compile(r"content/annotations/[^/]+\.ya?ml")
TOP_LEVEL_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")


@dataclass(frozen=True)
class Example:
    document: str  # path relative to the repository
    fence: int  # line of the opening fence (1-based)
    language: str  # yaml or markdown
    text: str
    target: str = ""
    expect_errors: frozenset[str] = frozenset()
    expect_warnings: frozenset[str] = frozenset()
    problems: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.document}:{self.fence}"

    def doc_line(self, line_in_block: int) -> int:
        return self.fence + line_in_block


def _example(document: str, fence: int, info: str, text: str) -> Example | None:
    words = info.split()
    language = LANGUAGES.get(words[0].lower()) if words else None
    if language is None:
        return None
    options: dict[str, list[str]] = {}
    problems = []
    for word in words[1:]:
        key, equals, value = word.partition("=")
        if key not in OPTIONS or not equals or not value:
            problems.append(f"unknown option {word!r} in the info string; options: {', '.join(OPTIONS)} (KEY=VALUE)")
            continue
        options.setdefault(key, []).extend(v for v in value.split(",") if v)
    targets = options.get("file", [])
    if len(targets) > 1:
        problems.append("the info string names more than one file")
    return Example(
        document=document,
        fence=fence,
        language=language,
        text=text,
        target=targets[0] if targets else "",
        expect_errors=frozenset(options.get("expect-error", [])),
        expect_warnings=frozenset(options.get("expect-warning", [])),
        problems=tuple(problems),
    )


def examples_in(path: Path, document: str) -> list[Example]:
    """Every YAML and Markdown fenced block of one document, in order."""
    found = []
    for token in MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8")):
        if token.type == "fence" and token.map is not None:
            example = _example(document, token.map[0] + 1, token.info, token.content)
            if example is not None:
                found.append(example)
    return found


EXAMPLES = [e for path in DOCUMENTS for e in examples_in(path, path.relative_to(REPO).as_posix())]


# ---------------------------------------------------------------- placing an example into a project


@dataclass
class Placed:
    """Where an example's text landed: ``path`` (project-relative) from line ``first_line`` on."""

    path: str
    first_line: int


class PlacementError(Exception):
    pass


def _top_level_keys(text: str) -> dict[str, tuple[int, int]]:
    """Top-level keys of a block-style YAML mapping and the line range [start, end) each spans."""
    lines = text.splitlines()
    starts = [
        (index, match.group(1))
        for index, line in enumerate(lines)
        if (match := TOP_LEVEL_KEY.match(line)) and not line.startswith((" ", "\t", "#", "-"))
    ]
    ranges = {}
    for number, (start, key) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        ranges[key] = (start, end)
    return ranges


def _yaml(example: Example) -> object:
    try:
        return yaml.safe_load(example.text)
    except yaml.YAMLError as exc:
        raise PlacementError(f"the example is not valid YAML: {exc}") from None


def _mapping(example: Example) -> dict:
    data = _yaml(example)
    if not isinstance(data, dict):
        raise PlacementError("the example must be a YAML mapping to be merged into " + example.target)
    return data


def _merge_keys(text: str, example: Example) -> tuple[str, int]:
    """``text`` without the top-level keys the example sets, then the example; and the example's first line."""
    replaced = _mapping(example)
    ranges = _top_level_keys(text)
    lines = text.splitlines()
    drop = {i for key, (start, end) in ranges.items() if key in replaced for i in range(start, end)}
    kept = [line for index, line in enumerate(lines) if index not in drop]
    return "\n".join([*kept, example.text]).rstrip("\n") + "\n", len(kept) + 1


def _place_briefing(project: Path, example: Example) -> Placed:
    target = project / example.target
    merged, first = _merge_keys(target.read_text(encoding="utf-8"), example)
    target.write_text(merged, encoding="utf-8")
    return Placed(example.target, first)


def _record_ids(data: object) -> set[str]:
    """Ids of the records in a mapping of sections, or in a bare list of records."""
    lists = data.values() if isinstance(data, dict) else [data]
    return {
        record["id"]
        for records in lists
        if isinstance(records, list)
        for record in records
        if isinstance(record, dict) and isinstance(record.get("id"), str)
    }


def _append(target: Path, text: str) -> int:
    """Append ``text`` to a file as a reader would, below what is there; returns the line it starts on."""
    existing = target.read_text(encoding="utf-8").rstrip("\n") + "\n"
    target.write_text(existing + text, encoding="utf-8")
    return len(existing.splitlines()) + 1


def _place_annotations(project: Path, example: Example) -> Placed:
    data = _yaml(example)
    if not isinstance(data, dict | list):
        raise PlacementError("an annotations example is a mapping of sections, or a list of records to append")
    replaced = _record_ids(data)
    for path in sorted((project / "content/annotations").glob("*.y*ml")):
        existing = yaml.safe_load(path.read_text(encoding="utf-8"))
        if _record_ids(existing) & replaced:
            for section, records in existing.items():
                if isinstance(records, list):
                    existing[section] = [r for r in records if not (isinstance(r, dict) and r.get("id") in replaced)]
            path.write_text(yaml.safe_dump(existing, allow_unicode=True, sort_keys=False), encoding="utf-8")
    target = project / example.target
    if isinstance(data, list):  # records to add to the last section of an existing file
        if not target.exists():
            raise PlacementError(
                f"this list of records is added to the last section of {example.target}, which the project does "
                "not have; start the file with its section, e.g. 'claims:'"
            )
        return Placed(example.target, _append(target, example.text))
    if not target.exists():
        target.write_text(example.text, encoding="utf-8")
        return Placed(example.target, 1)
    if not set(data) & set(_top_level_keys(target.read_text(encoding="utf-8"))):
        return Placed(example.target, _append(target, example.text))
    # The file already has these sections: the records join them from a file of their own.
    sibling = target.with_name(f"{target.stem}-example-{example.fence}{target.suffix}")
    sibling.write_text(example.text, encoding="utf-8")
    return Placed(sibling.relative_to(project).as_posix(), 1)


def _place_front_matter_fragment(project: Path, example: Example) -> Placed:
    target = project / example.target
    if not target.exists():
        raise PlacementError(
            f"this YAML is a fragment of the front matter of {example.target}, which the project does not have; "
            "show the whole file first, in a ```markdown block"
        )
    text = target.read_text(encoding="utf-8")
    front, body, _ = split_front_matter(text, example.target)
    merged, first = _merge_keys(front, example)
    target.write_text(f"---\n{merged}---\n{body}", encoding="utf-8")
    return Placed(example.target, first + 1)


def _place_markdown_file(project: Path, example: Example) -> Placed:
    target = project / example.target
    target.write_text(example.text, encoding="utf-8")
    if example.target.startswith("content/sources/"):
        try:
            front = yaml.safe_load(split_front_matter(example.text, example.target)[0])
            raw = front.get("raw") if isinstance(front, dict) else None
        except Exception:  # the check reports a malformed file at its line
            raw = None
        if isinstance(raw, str) and not (target.parent / raw).exists():
            seed = REPO / "content/sources" / raw
            if seed.is_file() and seed.resolve().is_relative_to(REPO / "content/sources/raw"):
                (target.parent / raw).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(seed, target.parent / raw)
    return Placed(example.target, 1)


def place(project: Path, example: Example) -> Placed:
    target = example.target
    if not target:
        raise PlacementError(f"the example does not say which file of a project it belongs to: {CONVENTION}")
    if target == "content/briefing.yaml" and example.language == "yaml":
        return _place_briefing(project, example)
    if ANNOTATIONS_FILE.fullmatch(target) and example.language == "yaml":
        return _place_annotations(project, example)
    if FRONT_MATTER_FILE.fullmatch(target):
        if example.language == "yaml":
            return _place_front_matter_fragment(project, example)
        return _place_markdown_file(project, example)
    raise PlacementError(
        f"don't know how to place a {example.language} example into {target!r}: expected content/briefing.yaml, "
        "content/annotations/<name>.yaml, or content/sources|topics/<id>.md (Markdown: the whole file; "
        "YAML: a fragment of its front matter)"
    )


# ---------------------------------------------------------------- checking


@dataclass
class Outcome:
    diagnostics: list[Diagnostic]
    placed: list[tuple[Example, Placed]] = field(default_factory=list)

    def codes(self, severity: Severity) -> set[str]:
        return {d.code for d in self.diagnostics if d.severity is severity}

    def where(self, diagnostic: Diagnostic) -> str:
        """The document line a diagnostic comes from, when it is in an example's text."""
        location = diagnostic.location
        for example, placed in reversed(self.placed):
            offset = location.line - placed.first_line
            if location.path == placed.path and 0 <= offset < len(example.text.splitlines()):
                return f"{example.document}:{example.doc_line(offset + 1)}: "
        return ""

    def report(self) -> str:
        if not self.diagnostics:
            return "  (no diagnostics)"
        lines = []
        for diagnostic in self.diagnostics:
            lines.append("  " + self.where(diagnostic) + diagnostic.format().replace("\n", "\n  "))
        return "\n".join(lines)


def check(project: Path) -> list[Diagnostic]:
    builder = Builder(open_project(project))
    try:
        return builder.check().diagnostics.sorted()
    except BuildFailed as failure:
        return failure.diagnostics.sorted()


def context(example: Example) -> list[Example]:
    """The examples of the same document before this one that a reader would have applied."""
    before = [e for e in EXAMPLES if e.document == example.document and e.fence < example.fence]
    return [e for e in before if not e.expect_errors]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project made by ``new``, copied for each example."""
    folder = tmp_path_factory.mktemp("doc-examples") / "template"
    create_project(folder, "Documentation examples", force=False)
    return folder


@pytest.fixture(scope="module")
def template_is_clean(template: Path) -> None:
    diagnostics = check(template)
    assert not diagnostics, "the project `new` writes must check cleanly:\n" + Outcome(diagnostics).report()


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_documentation_example(example: Example, template: Path, template_is_clean: None, tmp_path: Path):
    assert not example.problems, f"{example.name}: " + "; ".join(example.problems)
    project = tmp_path / "project"
    shutil.copytree(template, project)
    outcome = Outcome([])
    allowed_warnings = set(example.expect_warnings)
    for earlier in context(example):
        try:
            outcome.placed.append((earlier, place(project, earlier)))
        except PlacementError as exc:
            pytest.fail(f"{earlier.name} (an earlier example this one builds on): {exc}")
        allowed_warnings |= earlier.expect_warnings
    try:
        outcome.placed.append((example, place(project, example)))
    except PlacementError as exc:
        pytest.fail(f"{example.name}: {exc}")
    outcome.diagnostics = check(project)

    errors, warnings = outcome.codes(Severity.ERROR), outcome.codes(Severity.WARNING)
    problems = []
    if errors - example.expect_errors:
        problems.append("errors: " + ", ".join(sorted(errors - example.expect_errors)))
    if example.expect_errors - errors:
        problems.append("expected errors not reported: " + ", ".join(sorted(example.expect_errors - errors)))
    if warnings - allowed_warnings:
        problems.append("warnings: " + ", ".join(sorted(warnings - allowed_warnings)))
    if example.expect_warnings - warnings and not errors:
        problems.append("expected warnings not reported: " + ", ".join(sorted(example.expect_warnings - warnings)))
    assert not problems, (
        f"{example.name}: the {example.language} example for {example.target} "
        f"(on top of {len(outcome.placed) - 1} earlier example(s) of {example.document}) "
        f"does not check as documented ({'; '.join(problems)}):\n{outcome.report()}\n"
        "fix the example; if it shows a problem on purpose, add expect-error=CODE / expect-warning=CODE "
        "to its info string"
    )


def test_examples_are_found():
    """The collector sees the documents' examples (a parser change must not silently check nothing)."""
    documents = {example.document for example in EXAMPLES}
    assert {"README.md", "docs/tutorial.md"} <= documents, documents
    kinds = {(example.language, example.target.split("/")[1]) for example in EXAMPLES if example.target}
    for kind in [("yaml", "briefing.yaml"), ("yaml", "annotations"), ("markdown", "sources"), ("markdown", "topics")]:
        assert kind in kinds, f"no {kind[0]} example for content/{kind[1]} in the documentation"


def test_an_example_without_a_file_fails_with_the_convention(tmp_path: Path):
    (tmp_path / "doc.md").write_text("Text.\n\n```yaml\npeople: []\n```\n\n```yaml fil=x.yaml\n```\n")
    first, second = examples_in(tmp_path / "doc.md", "doc.md")
    with pytest.raises(PlacementError, match="file=content/annotations/claims.yaml"):
        place(tmp_path, first)
    assert first.fence == 3
    assert second.problems and "unknown option 'fil=x.yaml'" in second.problems[0]


def test_the_tutorial_shows_the_draft_that_import_writes(tmp_path: Path):
    """docs/tutorial.md shows the draft source as `import` writes it: run the tutorial's import command for real."""
    tutorial = (REPO / "docs/tutorial.md").read_text(encoding="utf-8")
    command = re.search(r"^python build\.py (import ~/captures/ibtimes\.txt .*)$", tutorial, re.MULTILINE)
    assert command, "docs/tutorial.md no longer imports ~/captures/ibtimes.txt"
    draft = next(e for e in EXAMPLES if e.document == "docs/tutorial.md" and "draft-source" in e.expect_warnings)
    project = tmp_path / "my-briefing"
    create_project(project, "Tutorial", force=False)
    capture = tmp_path / "captures/ibtimes.txt"
    capture.parent.mkdir()
    shutil.copyfile(REPO / "content/sources/raw/ibtimes-2017-04-27.txt", capture)
    arguments = [
        {"~/captures/ibtimes.txt": str(capture), "my-briefing": str(project)}.get(a, a) for a in command[1].split()
    ]
    result = run_cli(*arguments)
    assert result.code == 0, result.stderr
    written = (project / draft.target).read_text(encoding="utf-8")
    difference = "".join(
        difflib.unified_diff(draft.text.splitlines(True), written.splitlines(True), "tutorial", "import")
    )
    assert written == draft.text, f"{draft.name}: the draft differs from what import writes:\n{difference}"
