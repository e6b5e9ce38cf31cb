"""Reading docs/tutorial.md as steps and doing them in a temporary home: the machinery behind
tests/test_tutorial.py, whose docstring gives the conventions the tutorial keeps."""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing.yamlio import split_front_matter
from conftest import REPO

TUTORIAL = REPO / "docs/tutorial.md"
SHOWN_HOME = "/home/you"  # the home folder in the tutorial's output
TOOL_FOLDER = "briefing"  # the tool's folder, in the home folder, in the tutorial's output
EDITED_LANGUAGES = {"yaml": "yaml", "yml": "yaml", "markdown": "markdown", "md": "markdown"}
CHANGE = re.compile(r"[Cc]hange\s+`([^`]+)`\s+to\s+`([^`]+)`\s+in\s+`([^`]+)`")
TIMING = re.compile(r"\b\d+ ms\b")
WRITTEN = re.compile(r"\bwrote (\d+) file\(s\), (\d+) unchanged\b")
ERRORS_SHOWN = re.compile(r"^\d+ error\(s\)", re.MULTILINE)
ACTIVATE = re.compile(r"source (\S+)/bin/activate")
TOP_LEVEL_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")


# ---------------------------------------------------------------- reading the tutorial into steps


@dataclass(frozen=True)
class Command:
    line: int  # line of the tutorial
    text: str
    output: str | None = None  # what the tutorial shows it prints, if it shows it


@dataclass(frozen=True)
class Listing:
    line: int
    text: str


@dataclass(frozen=True)
class FileBlock:
    line: int
    language: str  # yaml or markdown
    target: str  # project-relative path
    text: str
    prose: str  # the paragraph before the block


@dataclass(frozen=True)
class Change:
    line: int
    old: str
    new: str
    file: str  # as the tutorial names it


Step = Command | Listing | FileBlock | Change


def _info(token: Token) -> tuple[str, dict[str, str]]:
    """A fence's language and its KEY=VALUE options."""
    words = token.info.split()
    options = dict(word.partition("=")[::2] for word in words[1:])
    return (words[0].lower() if words else ""), options


def _commands(token: Token) -> list[Command]:
    """The commands of a ```sh block, one a line (blank lines and comments left out)."""
    first = token.map[0] + 2 if token.map else 0
    commands = [
        Command(first + index, line.strip())
        for index, line in enumerate(token.content.splitlines())
        if line.strip() and not line.lstrip().startswith("#")
    ]
    continued = [command.line for command in commands if command.text.endswith("\\")]
    assert not continued, f"tutorial lines {continued}: write each command on one line (no backslash continuation)"
    return commands


def read_steps(path: Path) -> list[Step]:
    """What the tutorial tells the reader to do, in order (see the module's docstring)."""
    steps: list[Step] = []
    prose = ""
    previous: Token | None = None
    for token in MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8")):
        line = token.map[0] + 1 if token.map else 0
        if token.type == "inline":
            prose = token.content
            steps.extend(Change(line, *match.groups()) for match in CHANGE.finditer(token.content))
        elif token.type == "fence":
            language, options = _info(token)
            if language == "sh":
                steps.extend(_commands(token))
            elif (
                language == "text" and previous is not None and previous.type == "fence" and _info(previous)[0] == "sh"
            ):
                last = steps[-1]
                assert isinstance(last, Command), f"{path.name}:{line}: output shown for a block without a command"
                steps[-1] = Command(last.line, last.text, token.content)
            elif language == "text" and re.fullmatch(r"[\w.-]+/", token.content.split("\n", 1)[0]):
                steps.append(Listing(line, token.content))
            elif language in EDITED_LANGUAGES and options.get("file"):
                steps.append(FileBlock(line, EDITED_LANGUAGES[language], options["file"], token.content, prose))
        previous = token
    return steps


# ---------------------------------------------------------------- the reader's machine


@dataclass
class Machine:
    """The temporary folders standing in for the reader's, and the environment the commands run in."""

    home: Path
    tool: Path
    env: dict[str, str]
    project_name: str = ""

    @property
    def project(self) -> Path:
        assert self.project_name, "the tutorial must create a project with `python build.py new NAME` first"
        return self.tool / self.project_name


def make_machine(root: Path) -> Machine:
    home = (root / "home").resolve()
    tool = home / TOOL_FOLDER
    tool.mkdir(parents=True)
    (tool / "build.py").symlink_to(REPO / "build.py")
    shutil.copytree(REPO / "content", tool / "content")
    (tool / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    env = {**os.environ, "HOME": str(home), "PYTHONUNBUFFERED": "1"}
    env.pop("VIRTUAL_ENV", None)
    return Machine(home, tool, env)


def normalise(text: str, home: Path | None = None) -> str:
    """Output as compared: the home folder shown as the tutorial's, timings as ``N ms``, no trailing blanks."""
    if home is not None:
        text = text.replace(str(home), SHOWN_HOME)
    text = TIMING.sub("N ms", text)
    text = WRITTEN.sub(lambda match: f"wrote or kept {int(match[1]) + int(match[2])} file(s)", text)
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def shell(machine: Machine, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=machine.tool,
        env=machine.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )


# ---------------------------------------------------------------- doing each step


def activate(machine: Machine, step: Command, folder: str) -> None:
    """``source DIR/bin/activate``: what activating does to the commands after it."""
    bin_folder = machine.tool / folder / "bin"
    assert (bin_folder / "activate").is_file(), (
        f"tutorial:{step.line}: no {folder}/bin/activate in the tool's folder (a link to sys.prefix: run the tests "
        "with the virtualenv's python)"
    )
    machine.env["PATH"] = f"{bin_folder}:{machine.env.get('PATH', '')}"
    machine.env["VIRTUAL_ENV"] = str(machine.tool / folder)


def check_serve_flags(machine: Machine, step: Command) -> None:
    """serve runs until Ctrl-C; its flags must be ones the CLI accepts."""
    result = shell(machine, "python build.py serve --help")
    assert result.returncode == 0, result.stdout
    accepted = set(re.findall(r"--[\w-]+", result.stdout))
    used = [word for word in shlex.split(step.text) if word.startswith("--")]
    unknown = [flag for flag in used if flag.split("=")[0] not in accepted]
    assert not unknown, f"tutorial:{step.line}: `{step.text}` uses flags serve does not accept: {unknown}"


def run_command(machine: Machine, step: Command) -> None:
    if match := ACTIVATE.fullmatch(step.text):
        activate(machine, step, match[1])
        return
    words = shlex.split(step.text)
    if words[:3] == ["python", "build.py", "serve"]:
        check_serve_flags(machine, step)
        return
    if words[:3] == ["python", "build.py", "new"]:
        machine.project_name = words[3]
    result = shell(machine, step.text)
    shown = f"`{step.text}` (tutorial line {step.line})"
    fails = step.output is not None and ERRORS_SHOWN.search(step.output) is not None
    if fails:
        assert result.returncode != 0, f"{shown} shows errors, yet it succeeded:\n{result.stdout}"
    else:
        assert result.returncode == 0, f"{shown} failed (exit {result.returncode}):\n{result.stdout}"
    for path in re.findall(r"^(?:open|PDF:) (/.*)$", result.stdout, re.MULTILINE):
        assert Path(path).exists(), f"{shown} names {path}, which is not there"
    if step.output is not None:
        expected, actual = normalise(step.output), normalise(result.stdout, machine.home)
        difference = "\n".join(
            difflib.unified_diff(expected.splitlines(), actual.splitlines(), "tutorial", "real", lineterm="")
        )
        assert actual == expected, f"{shown} prints something else than the tutorial shows:\n{difference}"


def check_listing(machine: Machine, step: Listing) -> None:
    """An indented tree: a name ending in ``/`` is a folder, the others files, each followed by what it is."""
    listed: set[str] = set()
    folders: list[tuple[int, str]] = []  # (indent, path) of the enclosing folders
    for line in step.text.splitlines():
        indent = len(line) - len(line.lstrip())
        name = line.split()[0]
        folders = [(i, f) for i, f in folders if i < indent]
        parent = folders[-1][1] + "/" if folders else ""
        path = parent + name.rstrip("/")
        if name.endswith("/"):
            folders.append((indent, path))
        else:
            listed.add(path)
    there = {p.relative_to(machine.tool).as_posix() for p in machine.project.rglob("*") if p.is_file()}
    assert listed == there, (
        f"tutorial:{step.line}: the listing of {machine.project_name}/ differs from the folder: "
        f"listed but not there {sorted(listed - there)}, there but not listed {sorted(there - listed)}"
    )


def names_of(target: str, project_name: str) -> set[str]:
    """How the tutorial may name a project file: from the tool's folder, from the project's, or by its name."""
    return {f"{project_name}/{target}", target, Path(target).name}


def names_the_file(prose: str, target: str, project_name: str) -> bool:
    return bool(set(re.findall(r"`([^`]+)`", prose)) & names_of(target, project_name))


def replace_keys(text: str, block: str) -> str:
    """``text`` (a block-style YAML mapping) without the top-level keys ``block`` sets, then ``block``."""
    keys = set(yaml.safe_load(block))
    kept, dropping = [], False
    for line in text.splitlines():
        if (match := TOP_LEVEL_KEY.match(line)) and not line.startswith((" ", "\t", "#", "-")):
            dropping = match[1] in keys
        if not dropping:
            kept.append(line)
    return "\n".join([*kept, block.rstrip("\n")]) + "\n"


def edit_file(machine: Machine, step: FileBlock) -> None:
    assert names_the_file(step.prose, step.target, machine.project_name), (
        f"tutorial:{step.line}: the paragraph before this block must name `{machine.project_name}/{step.target}` "
        f"(or `{Path(step.target).name}`), the file the block belongs to: {step.prose!r}"
    )
    path = machine.project / step.target
    if step.language == "markdown":
        if path.exists():
            difference = "".join(
                difflib.unified_diff(step.text.splitlines(True), path.read_text(encoding="utf-8").splitlines(True))
            )
            assert path.read_text(encoding="utf-8") == step.text, (
                f"tutorial:{step.line}: {step.target} is not what the tutorial shows:\n{difference}"
            )
        else:
            path.write_text(step.text, encoding="utf-8")
    elif step.target.startswith("content/annotations/"):
        existing = path.read_text(encoding="utf-8").rstrip("\n") + "\n" if path.exists() else ""
        path.write_text(existing + step.text, encoding="utf-8")
    elif step.target == "content/briefing.yaml":
        path.write_text(replace_keys(path.read_text(encoding="utf-8"), step.text), encoding="utf-8")
    elif step.target.endswith(".md"):
        front, body, _ = split_front_matter(path.read_text(encoding="utf-8"), step.target)
        path.write_text(f"---\n{replace_keys(front, step.text)}---\n{body}", encoding="utf-8")
    else:
        pytest.fail(f"tutorial:{step.line}: don't know how to apply a {step.language} block to {step.target}")


def project_file(machine: Machine, name: str) -> Path:
    """The one file of the project the tutorial names as ``name`` (a path, or just the file's name)."""
    found = [
        path
        for path in machine.project.rglob("*")
        if path.is_file() and name in names_of(path.relative_to(machine.project).as_posix(), machine.project_name)
    ]
    assert len(found) == 1, f"`{name}` names {len(found)} files of the project: {found}"
    return found[0]


def change(machine: Machine, step: Change) -> None:
    path = project_file(machine, step.file)
    text = path.read_text(encoding="utf-8")
    count = text.count(step.old)
    assert count == 1, f"tutorial:{step.line}: `{step.old}` is in {step.file} {count} times, not once"
    path.write_text(text.replace(step.old, step.new), encoding="utf-8")


def follow(tutorial: Path, root: Path) -> Machine:
    """Do every step of the tutorial on a new machine under ``root``; fails at the first step that differs."""
    machine = make_machine(root)
    for step in read_steps(tutorial):
        if isinstance(step, Command):
            run_command(machine, step)
        elif isinstance(step, Listing):
            check_listing(machine, step)
        elif isinstance(step, FileBlock):
            edit_file(machine, step)
        else:
            change(machine, step)
    return machine


# ---------------------------------------------------------------- what the reader looks at in the end
