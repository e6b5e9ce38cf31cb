"""docs/tutorial.md, followed literally from ``new`` to the PDF, so that the tutorial cannot drift from the tool.

The test reads the tutorial in order and does what it tells the reader to do, in a fresh temporary folder
that stands in for the reader's machine: ``HOME`` is ``<tmp>/home`` (so ``~/captures`` is there), and the
tool's folder, where the tutorial runs every command, is ``<tmp>/home/briefing`` (the tutorial's output shows
``/home/you/briefing``). That folder holds the worktree's ``build.py`` (a link: it imports ``briefing`` from
beside its real path), a copy of the repository's ``content/`` (the seed captures the tutorial copies into
``~/captures``) and ``.venv``, a link to the virtualenv the tests run in.

The conventions the tutorial keeps, which this test relies on (it fails with the convention when one is broken):

- A ```sh block holds commands, one a line, run in order with ``bash -c`` in the tool's folder.
  ``source DIR/bin/activate`` puts ``DIR/bin`` first on ``PATH``, as activating does (each line runs in a
  shell of its own). ``python build.py serve ...`` runs until Ctrl-C, so it is not run: each of its flags
  must be one that ``python build.py serve --help`` lists.
- A ```text block right after a ```sh block (nothing between them) is what that block's last command prints,
  standard output and standard error together as a terminal shows them. It must match, with two things
  normalised: the temporary home folder is shown as ``/home/you``; every ``<digits> ms`` (timings) is
  compared as ``N ms``; and ``wrote A file(s), B unchanged`` is compared as the total A + B, since which of
  Pagefind's filter and metadata files are written again varies from run to run (they are not byte-stable:
  briefing.search, ``UNSTABLE_FILES``). A command whose output shows ``N error(s)`` must fail (exit
  non-zero); every other command must succeed. serve's shown output is not checked (serve is not run).
- A ```text block whose first line is ``<project>/`` is a listing of the project folder: at that point of
  the tutorial the folder must hold exactly the files it lists.
- A ```yaml or ```markdown block whose info string names a project file (``file=content/...``, the convention
  of tests/test_doc_examples.py) is a file the reader writes or edits. A reader sees the prose, not the
  info string, so the paragraph before the block must name the file in backticks (``my-briefing/PATH``,
  ``PATH`` or the file's name). The edit is made as the tutorial's prose describes it:

  - a Markdown block is the whole file: written if the file does not exist yet ("Create ..."), and if it
    does (the draft ``import`` wrote: "It reads:"), the file must be exactly what the block shows;
  - a YAML block for an annotations file: the file is created with it, or, if it exists, the block is
    added below what is there ("Add the two leaders to `entities.yaml`, below Reuters");
  - a YAML block for ``content/briefing.yaml``, or for a Markdown file (a fragment of its front matter):
    the top-level keys it sets replace the file's, which keeps its other keys ("replace ... with what
    follows", "change these lines").

- A sentence "change `OLD` to `NEW` in `FILE`" replaces OLD, which must be in the file once, by NEW.

At the end the built site must have the pages the tutorial tells the reader to look at, with what it says
they show, and the PDF must hold the key judgments, the topic and the handling note.
"""

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
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing.yamlio import split_front_matter
from conftest import REPO, parse, run_cli

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


@pytest.fixture(scope="module")
def followed(tmp_path_factory: pytest.TempPathFactory) -> Machine:
    """The tutorial, done once for the checks of what it made."""
    return follow(TUTORIAL, tmp_path_factory.mktemp("tutorial"))


def text_of(element: Tag) -> str:
    return " ".join(element.get_text(" ").split())


def site_page(machine: Machine, relative: str) -> BeautifulSoup:
    path = machine.project / "site" / relative
    assert path.is_file(), f"the tutorial tells the reader to look at {relative}, which the build did not write"
    return parse(path)


def yaml_file(machine: Machine, relative: str) -> dict:
    data = yaml.safe_load((machine.project / relative).read_text(encoding="utf-8"))
    assert isinstance(data, dict), relative
    return data


def front_matter(machine: Machine, relative: str) -> tuple[dict, str]:
    front, body, _ = split_front_matter((machine.project / relative).read_text(encoding="utf-8"), relative)
    return yaml.safe_load(front), body


def shown_in_full(kind: str) -> list[str]:
    """Project files of one kind (``topics``, ``sources``) that the tutorial shows whole, in a Markdown block."""
    blocks = [s for s in read_steps(TUTORIAL) if isinstance(s, FileBlock) and s.language == "markdown"]
    targets = sorted({block.target for block in blocks if block.target.startswith(f"content/{kind}/")})
    assert targets, f"the tutorial shows no file of content/{kind}/"
    return targets


def test_the_tutorial_runs_as_written(followed: Machine):
    """Every command, output, file and edit of the tutorial, in order (the work is done by ``followed``)."""
    assert (followed.project / "site/index.html").is_file()


def test_the_home_page_shows_the_bluf_and_the_key_judgments(followed: Machine):
    briefing = yaml_file(followed, "content/briefing.yaml")
    home = site_page(followed, "index.html")
    bluf = home.select_one("section.bluf")
    assert bluf is not None and bluf.select("a.cite"), "the BLUF and its citation"
    assert f"{briefing['bluf_confidence']} confidence" in text_of(bluf)
    assert briefing["key_judgments"], "the tutorial states a key judgment"
    for judgment in briefing["key_judgments"]:
        item = home.find(id=judgment["id"])
        assert item is not None, f"key judgment {judgment['id']} is not on the home page"
        assert " ".join(judgment["judgment"].split()) in text_of(item)
        links = {a["href"] for a in item.select("a[href]")}
        assert {f"claims/{claim}.html" for claim in judgment["claims"]} <= links, "its claims, one click away"
    for section, field in [("assumptions", "assumption"), ("alternatives", "alternative"), ("indicators", "indicator")]:
        assert briefing[section], f"the tutorial states {section}"
        for record in briefing[section]:
            item = home.find(id=record["id"])
            assert item is not None, f"{record['id']} is not on the home page"
            assert " ".join(record[field].split()) in text_of(item)
            links = {a["href"] for a in item.select("a[href]")}
            assert {f"#{judgment}" for judgment in record["judgments"]} <= links, "naming the judgment it bears on"


def test_the_topic_cites_the_highlighted_words(followed: Machine):
    for target in shown_in_full("topics"):
        front, body = front_matter(followed, target)
        page = site_page(followed, f"topics/{Path(target).stem}.html")
        assert text_of(page.h1) == front["title"]
        quoted = re.findall(r'\[@[\w-]+,\s*"([^"]+)"\]', body)
        cites = page.select("article a.cite")
        assert quoted and len(cites) == len(quoted), f"{target}: one link per citation"
        for cite, words in zip(cites, quoted, strict=True):
            file, _, fragment = cite["href"].partition("#")
            source = parse((followed.project / "site/topics" / file).resolve())
            mark = source.find(id=fragment)
            assert mark is not None and mark.name == "mark", f"{cite['href']} does not land on highlighted words"
            assert text_of(mark) == words


def test_the_claims_show_their_graded_evidence(followed: Machine):
    claims = yaml_file(followed, "content/annotations/claims.yaml")["claims"]
    assert claims, "the tutorial writes claims"
    for claim in claims:
        page = site_page(followed, f"claims/{claim['id']}.html")
        assert text_of(page.h1) == claim["statement"]
        assert "independent origin" in text_of(page.select_one(".origins"))
        items = page.select("li.evidence")
        assert len(items) == len(claim["evidence"])
        for item, evidence in zip(items, claim["evidence"], strict=True):
            source, _ = front_matter(followed, f"content/sources/{evidence['source']}.md")
            grade = [text_of(badge) for badge in item.select(".badge.grade")]
            assert grade == [source["grading"]["reliability"], str(evidence["credibility"])]


def test_the_source_shows_its_text_and_provenance(followed: Machine):
    people = yaml_file(followed, "content/annotations/entities.yaml")["people"]
    for target in shown_in_full("sources"):
        front, _ = front_matter(followed, target)
        page = site_page(followed, f"sources/{Path(target).stem}.html")
        assert page.select(".source-text .para .pnum"), "numbered paragraphs"
        assert page.select(".source-text mark.cited"), "the cited words highlighted"
        mentioned = {a["href"] for a in page.select(".source-text a.mention")}
        assert {f"../entities/{person['id']}.html" for person in people} <= mentioned, "the names linked"
        provenance = page.select_one("section.provenance")
        assert provenance is not None
        assert provenance.find("a", href=front["raw"]), "the raw capture"
        assert front["sha256"] in text_of(provenance)
        assert all(" ".join(line["text"].split()) in text_of(provenance) for line in front["removed"])
        backlinks = {a["href"] for a in page.select("section.backlinks a[href]")}
        assert {f"../topics/{Path(topic).stem}.html" for topic in shown_in_full("topics")} <= backlinks


def test_a_person_page_lists_the_sentences_that_mention_them(followed: Machine):
    people = yaml_file(followed, "content/annotations/entities.yaml")["people"]
    assert people, "the tutorial annotates people"
    bodies = [front_matter(followed, target)[1] for target in shown_in_full("sources")]
    for person in people:
        page = site_page(followed, f"entities/{person['id']}.html")
        assert text_of(page.h1) == person["name"]
        mentions = page.select_one("ul.mentions")
        assert mentions is not None, f"{person['name']}: no mentions"
        names = "|".join(re.escape(name) for name in [person["name"], *person.get("aliases", [])])
        expected = [
            paragraph
            for body in bodies
            for paragraph in body.split("\n\n")
            if not paragraph.startswith("#") and re.search(rf"\b(?:{names})\b", paragraph)
        ]
        assert expected and all(" ".join(p.split()) in text_of(mentions) for p in expected)


def test_the_pdf_holds_the_briefing(followed: Machine):
    pdf = followed.project / "site/briefing.pdf"
    assert pdf.is_file()
    for tool in ("pdfinfo", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} (poppler-utils) is needed to read the tutorial's PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert pages and int(pages[1]) > 0, info
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    briefing = yaml_file(followed, "content/briefing.yaml")
    expected = [briefing["handling"], *(judgment["judgment"] for judgment in briefing["key_judgments"])]
    expected += [front_matter(followed, topic)[0]["title"] for topic in shown_in_full("topics")]
    missing = [words for words in expected if " ".join(words.split()) not in text]
    assert not missing, f"not in the PDF: {missing}"


def test_every_flag_the_prose_names_is_one_the_tool_accepts():
    """Flags named in the prose (``--keep 12,15-18``, ``--no-cache``) are not run: each must be in the help of a
    command the tutorial runs."""
    text = TUTORIAL.read_text(encoding="utf-8")
    commands = sorted(set(re.findall(r"^python build\.py (\w+)", text, re.MULTILINE)))
    accepted = {flag for command in commands for flag in re.findall(r"--[\w-]+", run_cli(command, "--help").stdout)}
    named = set(re.findall(r"`(--[\w-]+)", text))
    assert named, "the tutorial names no flag in its prose"
    assert named <= accepted, f"flags the tutorial names that no command of it accepts: {sorted(named - accepted)}"


# ---------------------------------------------------------------- the test can fail


START = "source .venv/bin/activate\npython build.py new my-briefing --title T"  # the first two steps, shortened


def tutorial_of(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tutorial.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_output_other_than_shown_fails(tmp_path: Path):
    shown = "```sh\n" + START + "\n```\n\n```text\ncreated a briefing project in my-briefing (7 files)\n```\n"
    with pytest.raises(AssertionError, match=r"prints something else than the tutorial shows[\s\S]*\(6 files\)"):
        follow(tutorial_of(tmp_path, shown), tmp_path)


def test_an_edit_the_check_rejects_fails(tmp_path: Path):
    edit = (
        "```sh\n" + START + "\n```\n\nChange `[[grey-banks]]` to `[[gray-banks]]` in `fishing-talks.md`.\n\n"
        "```sh\npython build.py check --project my-briefing\n```\n"
    )
    with pytest.raises(AssertionError, match=r"`python build.py check --project my-briefing` .* failed \(exit 1\)"):
        follow(tutorial_of(tmp_path, edit), tmp_path)


def test_a_block_whose_file_the_prose_does_not_name_fails(tmp_path: Path):
    unnamed = (
        "```sh\n"
        + START
        + "\n```\n\nAdd Reuters:\n\n```yaml file=content/annotations/entities.yaml\norganizations: []\n```\n"
    )
    with pytest.raises(AssertionError, match="the paragraph before this block must name"):
        follow(tutorial_of(tmp_path, unnamed), tmp_path)
