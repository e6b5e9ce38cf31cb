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

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from tutorialsteps import TUTORIAL, FileBlock, Machine, follow, read_steps

from briefing.yamlio import split_front_matter
from conftest import parse, run_cli


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
