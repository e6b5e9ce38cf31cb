"""Hostile content files: every one gets a diagnostic at the right ``path:line`` with a code and a hint,
never a traceback, and nothing outside the project is listed, opened or stat'ed.

Each case writes its input into a fresh copy of the minimal project's content/ and runs the real CLI twice:
``check --no-cache`` (a cold load) and ``build`` with the cache of an earlier good build of the same project
(a cached rebuild), which must leave that good site as it was when it fails. Most cases run the CLI in this
process (``briefing.cli.main``; an exception would be the traceback a user sees); those that could hang
(FIFOs), need fewer privileges (an unreadable file) or are traced (``strace``) run it as a subprocess.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.cli import main
from conftest import MINIMAL, REPO, Run

BRIEFING = "content/briefing.yaml"
RECORDS = "content/annotations/records.yaml"
SOURCE = "content/sources/wire-2020-01-02.md"
RAW = "content/sources/raw/wire-2020-01-02.txt"
TOPIC = "content/topics/reef-dispute.md"
MAX_CONTENT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Expect:
    code: int  # 1: refused; 0: built, with a warning where ``pattern`` names one
    pattern: str  # a regex that must match a whole line of stderr
    hint: str = "hint: "  # a word of the hint that must follow (every diagnostic has one)
    absent: str = "^$."  # a regex that must match no line of stderr


def cli(*args: str | Path) -> Run:
    """``build.py ARGS`` in this process; an exception is reported as the traceback a user would see."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
        except Exception:
            err.write(traceback.format_exc())
            code = -1
    return Run(code, out.getvalue(), err.getvalue())


def subprocess_cli(*args: str | Path, prefix: tuple[str, ...] = ()) -> Run:
    """``build.py ARGS`` as its own process, killed (a failure) if it does not finish in 60 s."""
    result = subprocess.run(
        [*prefix, sys.executable, str(REPO / "build.py"), *map(str, args)], capture_output=True, text=True, timeout=60
    )
    return Run(result.returncode, result.stdout, result.stderr)


def line_of(path: Path, needle: str | bytes) -> int:
    """The 1-based line of the first ``needle`` in a file, counting LF, CRLF and lone CR line ends."""
    data = path.read_bytes()
    needle = needle.encode() if isinstance(needle, str) else needle
    before = data[: data.index(needle)].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return before.count(b"\n") + 1


def column_of(path: Path, needle: str | bytes) -> int:
    """The 1-based column (in characters) of the first ``needle`` in a file, on its line."""
    data = path.read_bytes()
    needle = needle.encode() if isinstance(needle, str) else needle
    start = max(data.rfind(b"\n", 0, data.index(needle)), data.rfind(b"\r", 0, data.index(needle))) + 1
    return len(data[start : data.index(needle)].decode("utf-8", "replace")) + 1


def replace(path: Path, old: str | bytes, new: str | bytes) -> None:
    data = path.read_bytes()
    old, new = (x.encode() if isinstance(x, str) else x for x in (old, new))
    assert old in data, f"fixture changed: {old!r} not in {path}"
    path.write_bytes(data.replace(old, new, 1))


def assert_reported(result: Run, expect: Expect, command: str) -> None:
    assert "Traceback" not in result.stderr, f"{command}:\n{result.stderr}"
    assert result.code == expect.code, f"{command} exited {result.code}:\n{result.stderr}"
    printed = result.stderr + result.stdout
    found = re.search(expect.pattern, printed, re.MULTILINE)
    assert found, f"{command}: no line matches {expect.pattern!r} in:\n{printed}"
    assert expect.hint in printed[found.end() :].split("\n", 2)[1], f"{command}: no hint:\n{printed}"
    assert not re.search(expect.absent, printed, re.MULTILINE), f"{command}:\n{printed}"


# ---------------------------------------------------------------- the project, built once


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project built once (site and cache); each case replaces its content/ and builds again."""
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(MINIMAL, project)
    result = cli("build", "--project", project)
    assert result.code == 0, result.stderr
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Iterator[Path]:
    """The built project with a pristine content/ (what a case leaves there is removed afterwards)."""
    shutil.rmtree(built / "content", ignore_errors=True)
    if (built / "content").is_symlink():
        (built / "content").unlink()
    shutil.copytree(MINIMAL / "content", built / "content")
    for extra in ("v2", "elsewhere"):
        shutil.rmtree(built / extra, ignore_errors=True)
    yield built


def fails_and_keeps_the_site(project: Path, expect: Expect, run: Callable[..., Run] = cli) -> None:
    site = (project / "site/index.html").read_bytes()
    assert_reported(run("check", "--project", project, "--no-cache"), expect, "check (cold)")
    assert_reported(run("build", "--project", project), expect, "build (cached)")
    if expect.code:
        assert (project / "site/index.html").read_bytes() == site, "a failed build changed the site"


CASES: dict[str, Callable[[Path], Expect]] = {}


def case(function: Callable[[Path], Expect]) -> Callable[[Path], Expect]:
    CASES[function.__name__.replace("_", "-")] = function
    return function


# ---------------------------------------------------------------- characters and encodings


@case
def nul_byte_in_yaml(p: Path) -> Expect:
    replace(p / RECORDS, "name: Northland", "name: North\0land")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, 'North')}:16: control-character: .*U\+0000")


@case
def nul_byte_in_markdown_body(p: Path) -> Expect:
    replace(p / TOPIC, "The reef is", "The \0reef is")
    line, column = line_of(p / TOPIC, b"\0"), column_of(p / TOPIC, b"\0")
    return Expect(1, rf"^{TOPIC}:{line}:{column}: control-character: .*U\+0000")


@case
def escape_character_in_front_matter(p: Path) -> Expect:
    replace(p / SOURCE, "title: Ministers", "title: \x1b[31mMinisters")
    return Expect(1, rf"^{SOURCE}:2:8: control-character: invisible character U\+001B \(escape\)")


@case
def line_separator_and_c1_control(p: Path) -> Expect:
    replace(p / TOPIC, "summary: Two", "summary: Two\u2028")
    replace(p / RECORDS, "name: Northland", "name: North\x85land")
    return Expect(1, rf"^{TOPIC}:3:13: control-character: .*U\+2028")


@case
def byte_that_is_not_utf8_in_yaml(p: Path) -> Expect:
    replace(p / RECORDS, "name: Northland", b"name: North\xffland")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, 'North')}:16: not-utf8: .*byte 0xFF")


@case
def latin1_text_in_markdown(p: Path) -> Expect:
    replace(p / TOPIC, "useful and frank", "caf\xe9 talks".encode("latin-1"))
    return Expect(1, rf"^{TOPIC}:{line_of(p / TOPIC, b'caf')}:\d+: not-utf8: .*byte 0xE9")


@case
def utf16_file(p: Path) -> Expect:
    (p / RECORDS).write_bytes((p / RECORDS).read_text().encode("utf-16"))
    return Expect(1, rf"^{RECORDS}:1:1: not-utf8: .*UTF-16")


@case
def utf16_without_byte_order_mark(p: Path) -> Expect:
    (p / RECORDS).write_bytes((p / RECORDS).read_text().encode("utf-16-le"))
    return Expect(1, rf"^{RECORDS}:1:2: control-character: .*U\+0000.*UTF-16")


@case
def bom_in_yaml_keeps_line_numbers(p: Path) -> Expect:
    (p / RECORDS).write_bytes(b"\xef\xbb\xbf" + (p / RECORDS).read_bytes())
    replace(p / RECORDS, "    kind: reef\n", "    kind: [reef\n")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, 'kind: [reef')}:11: yaml-syntax: .*'\[' opened here")


@case
def bom_in_markdown_is_read(p: Path) -> Expect:
    (p / TOPIC).write_bytes(b"\xef\xbb\xbf" + (p / TOPIC).read_bytes())
    replace(p / TOPIC, "[[blue-reef]]", "[[nowhere]]")
    return Expect(1, rf"^{TOPIC}:{line_of(p / TOPIC, 'nowhere')}:\d+: unknown-id: .*'nowhere'")


@case
def bom_in_source_and_sha256_line(p: Path) -> Expect:
    (p / SOURCE).write_bytes(b"\xef\xbb\xbf" + (p / SOURCE).read_bytes())
    replace(p / RAW, "CAPITAL", "CAPITOL")
    return Expect(1, rf"^{SOURCE}:{line_of(p / SOURCE, 'sha256:')}:9: sha256-mismatch: ", "record the new sha256")


@case
def crlf_line_ends(p: Path) -> Expect:
    (p / RECORDS).write_bytes((p / RECORDS).read_bytes().replace(b"\n", b"\r\n"))
    replace(p / RECORDS, "    kind: reef", "    kind: [reef")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, 'kind: [reef')}:11: yaml-syntax: ")


@case
def lone_cr_line_ends_in_markdown(p: Path) -> Expect:
    (p / TOPIC).write_bytes((p / TOPIC).read_bytes().replace(b"\n", b"\r"))
    replace(p / TOPIC, "[[blue-reef]]", "[[nowhere]]")
    column = len('[@wire-2020-01-02, "useful and frank"]. The reef is ') + 1
    return Expect(1, rf"^{TOPIC}:{line_of(p / TOPIC, 'nowhere')}:{column}: unknown-id: .*'nowhere'")


@case
def crlf_in_a_source_and_its_capture(p: Path) -> Expect:
    for path in (p / SOURCE, p / RAW):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return Expect(1, rf"^{SOURCE}:{line_of(p / SOURCE, 'sha256:')}:9: sha256-mismatch: ", "record the new sha256")


def record_sha256(p: Path) -> None:
    digest = hashlib.sha256((p / RAW).read_bytes()).hexdigest()
    text = (p / SOURCE).read_text()
    (p / SOURCE).write_text(re.sub(r"^sha256: [0-9a-f]{64}$", f"sha256: {digest}", text, count=1, flags=re.M))


@case
def capture_with_crlf_bom_and_its_sha256_builds(p: Path) -> Expect:
    (p / RAW).write_bytes(b"\xef\xbb\xbf" + (p / RAW).read_bytes().replace(b"\n", b"\r\n"))
    record_sha256(p)
    return Expect(0, r"^1 sources, 4 entities, .* topics; ", hint="", absent=r"^content/sources")


@case
def capture_with_lone_cr_keeps_its_line_numbers(p: Path) -> Expect:
    (p / RAW).write_bytes((p / RAW).read_bytes().replace(b"\n", b"\r") + b"A line nobody kept\r")
    record_sha256(p)
    line = line_of(p / RAW, "A line nobody")
    return Expect(1, rf"^{SOURCE}:\d+:\d+: curation-missing: raw line {line} ")


@case
def control_character_in_a_capture(p: Path) -> Expect:
    replace(p / RAW, "agreed to talk", "agreed\x0cto talk")
    return Expect(1, rf"^{RAW}:{line_of(p / RAW, 'agreed')}:\d+: control-character: .*U\+000C \(form feed\)")


# ---------------------------------------------------------------- YAML that is malformed or hostile


@case
def unclosed_double_quote(p: Path) -> Expect:
    replace(p / RECORDS, "name: Northland", 'name: "Northland')
    line = line_of(p / RECORDS, 'name: "North')
    return Expect(1, rf"^{RECORDS}:{line}:11: yaml-syntax: .*quoted value that starts here")


@case
def unclosed_quote_at_the_end(p: Path) -> Expect:
    with (p / RECORDS).open("a") as file:
        file.write("  - id: x\n    title: 'never closed\n")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, 'never closed')}:12: yaml-syntax: .*never closed")


@case
def unclosed_quote_in_front_matter(p: Path) -> Expect:
    replace(p / TOPIC, "title: The reef dispute", 'title: "The reef dispute')
    return Expect(1, rf"^{TOPIC}:2:8: yaml-syntax: .*quoted value that starts here")


@case
def unclosed_bracket(p: Path) -> Expect:
    replace(p / RECORDS, "aliases: [Lopez, Minister Ana Lopez]", "aliases: [Lopez, Minister Ana Lopez")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, 'aliases: [Lopez')}:14: yaml-syntax: .*'\[' opened")


@case
def unclosed_brace_in_briefing(p: Path) -> Expect:
    replace(p / BRIEFING, "authors: [Test Analyst]", "authors: {Test Analyst")
    return Expect(1, rf"^{BRIEFING}:4:10: yaml-syntax: .*'\{{' opened here", "close it with '}'")


@case
def tab_in_indentation(p: Path) -> Expect:
    replace(p / RECORDS, "    name: Northland", "\tname: Northland")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, 'Northland')}:\d+: yaml-syntax: ", "hint: indent with spaces")


@case
def duplicate_key(p: Path) -> Expect:
    replace(p / RECORDS, "    name: Northland\n", "    name: Northland\n    name: Southland\n")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, 'Southland')}:5: duplicate-key: ")


@case
def annotations_file_that_is_a_scalar(p: Path) -> Expect:
    (p / RECORDS).write_text("just some words\n")
    return Expect(1, rf"^{RECORDS}:1:1: wrong-type: an annotations file must be a mapping")


@case
def briefing_that_is_a_list(p: Path) -> Expect:
    (p / BRIEFING).write_text("- title: x\n- bluf: y\n")
    return Expect(1, rf"^{BRIEFING}:1:1: wrong-type: ")


@case
def front_matter_that_is_a_scalar(p: Path) -> Expect:
    (p / TOPIC).write_text("---\njust words\n---\nbody\n")
    return Expect(1, rf"^{TOPIC}:2:1: wrong-type: ")


@case
def two_yaml_documents(p: Path) -> Expect:
    with (p / RECORDS).open("a") as file:
        file.write("---\npeople: []\n")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, '---')}:1: yaml-syntax: .*second YAML document")


@case
def python_object_tag(p: Path) -> Expect:
    replace(p / RECORDS, "name: Northland", "name: !!python/object/apply:os.system [touch /tmp/pwned]")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, 'python')}:11: yaml-tag: .*'!!python/object/apply:os.system'")


@case
def custom_tag_on_a_mapping(p: Path) -> Expect:
    replace(p / BRIEFING, "bluf: |", "bluf: !secret |")
    replace(p / RECORDS, "countries:\n  - id: northland", "countries:\n  - !custom\n    id: northland")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, '!custom')}:5: yaml-tag: .*'!custom'")


@case
def binary_and_set_tags(p: Path) -> Expect:
    replace(p / RECORDS, "name: Northland", "name: !!binary aGVsbG8=")
    replace(p / BRIEFING, "authors: [Test Analyst]", "authors: !!set {Test Analyst}")
    return Expect(1, rf"^{BRIEFING}:4:10: yaml-tag: .*'!!set'")


@case
def billion_laughs(p: Path) -> Expect:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{c}: &{c} [" + ",".join([f"*{chr(ord(c) - 1)}"] * 9) + "]" for c in "bcdefghi"]
    (p / "content/annotations/bomb.yaml").write_text("\n".join(lines) + "\n")
    return Expect(1, r"^content/annotations/bomb.yaml:2:\d+: yaml-alias: ")


@case
def deep_flow_nesting(p: Path) -> Expect:
    (p / "content/annotations/deep.yaml").write_text("people: " + "[" * 20000 + "]" * 20000 + "\n")
    return Expect(1, r"^content/annotations/deep.yaml:1:\d+: yaml-too-deep: ")


@case
def deep_block_nesting_with_an_alias(p: Path) -> Expect:
    """An alias sends the document to the pure-Python parser, whose recursion must not escape."""
    body = "".join("  " * level + "- \n" for level in range(900))  # within LibYAML's limit of 1000
    (p / "content/annotations/deep.yaml").write_text("people:\n" + body + "a: &x 1\nb: *x\n")
    return Expect(1, r"^content/annotations/deep.yaml(:\d+:\d+)?: yaml-too-deep: ")


@case
def numbers_yaml_reads_unlike_written(p: Path) -> Expect:
    replace(p / RECORDS, "name: Northland", "name: 0x1F")
    replace(p / RECORDS, "title: Foreign Minister", "title: 1:20")
    replace(p / TOPIC, "title: The reef dispute", "title: 0755")
    line = line_of(p / RECORDS, "0x1F")
    return Expect(
        0, rf"^{RECORDS}:{line}:11: warning: yaml-number: '0x1F' is read as the number 31", 'quote it ("0x1F")'
    )


@case
def yes_and_no_in_text(p: Path) -> Expect:
    replace(p / RECORDS, "name: Northland", "name: no")
    return Expect(1, rf"^{RECORDS}:{line_of(p / RECORDS, 'name: no')}:11: wrong-type: .*boolean false", "quote")


# ---------------------------------------------------------------- sizes and empty files


@case
def content_file_over_the_limit(p: Path) -> Expect:
    replace(p / TOPIC, "The reef is", "x" * (MAX_CONTENT_BYTES + 10))
    return Expect(1, rf"^{TOPIC}: file-too-large: file is [\d,]+ bytes")


@case
def raw_capture_over_its_limit(p: Path) -> Expect:
    with (p / RAW).open("r+b") as file:
        file.truncate(21 * 1024 * 1024)  # sparse: quick to make, never read
    return Expect(1, rf"^{RAW}: file-too-large: ")


@case
def one_huge_line_under_the_limit(p: Path) -> Expect:
    with (p / TOPIC).open("a") as file:
        file.write("\n" + "word " * 300_000 + "[[nowhere]]\n")
    return Expect(1, rf"^{TOPIC}:{line_of(p / TOPIC, 'word word')}:1500001: unknown-id: ")


@case
def empty_annotations_file(p: Path) -> Expect:
    (p / "content/annotations/empty.yaml").write_bytes(b"")
    return Expect(0, r"^content/annotations/empty.yaml:1: warning: empty-file: ")


@case
def empty_topic(p: Path) -> Expect:
    (p / TOPIC).write_bytes(b"")
    return Expect(1, rf"^{TOPIC}:1:1: missing-front-matter: ")


@case
def empty_briefing(p: Path) -> Expect:
    (p / BRIEFING).write_bytes(b"")
    return Expect(1, rf"^{BRIEFING}:1:1: missing-field: ")


@case
def empty_raw_capture(p: Path) -> Expect:
    (p / RAW).write_bytes(b"")
    return Expect(1, rf"^{SOURCE}:{line_of(p / SOURCE, 'sha256:')}:9: sha256-mismatch: ")


# ---------------------------------------------------------------- what is not a file, or not read


@case
def yml_suffix_is_read(p: Path) -> Expect:
    (p / RECORDS).rename(p / "content/annotations/records.yml")
    return Expect(
        0, r"^1 sources, 4 entities, .* topics; ", hint="", absent=r"^content/(?!briefing.yaml:1: warning: no-sitemap)"
    )


@case
def capture_kept_beside_its_source_and_edition_in_content(p: Path) -> Expect:
    """What the build reads after all is not 'unread': a capture named by raw:, a previous edition."""
    (p / RAW).rename(p / "content/sources/wire.txt")
    replace(p / SOURCE, "raw: raw/wire-2020-01-02.txt", "raw: wire.txt")
    (p / "content/editions").mkdir()
    shutil.copy(p / "site/briefing.json", p / "content/editions/last.json")
    replace(
        p / BRIEFING, "topics: [reef-dispute]", "topics: [reef-dispute]\nprevious_edition: content/editions/last.json"
    )
    (p / "content/sources/notes.txt").write_text("not a capture\n")
    return Expect(0, r"^content/sources/notes.txt: warning: unread-file: ", absent=r"wire.txt|content/editions")


@case
def file_where_a_content_folder_should_be(p: Path) -> Expect:
    shutil.rmtree(p / "content/topics")
    (p / "content/topics").write_text("not a folder\n")
    return Expect(1, r"^content/topics: not-a-folder: ")


@case
def folder_named_like_a_topic(p: Path) -> Expect:
    (p / "content/topics/folder.md").mkdir()
    return Expect(1, r"^content/topics/folder.md: not-a-file: this file is a folder")


@case
def socket_named_like_annotations(p: Path) -> Expect:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(p / "content/annotations/sock.yaml"))
    return Expect(1, r"^content/annotations/sock.yaml: not-a-file: this file is a socket")


@case
def dangling_symlink(p: Path) -> Expect:
    (p / "content/topics/gone.md").symlink_to("removed.md")
    return Expect(1, r"^content/topics/gone.md: broken-link: this file is a link to 'removed.md', which does not exist")


@case
def symlink_loop(p: Path) -> Expect:
    (p / "content/topics/a.md").symlink_to("b.md")
    (p / "content/topics/b.md").symlink_to("a.md")
    return Expect(1, r"^content/topics/a.md: broken-link: .*loop")


@case
def symlink_to_a_device(p: Path) -> Expect:
    (p / "content/topics/null.md").symlink_to("/dev/null")
    return Expect(1, r"^content/topics/null.md: outside-project: this file leads outside the project")


@case
def folders_linked_elsewhere_in_the_project_are_read(p: Path) -> Expect:
    (p / "content/topics").rename(p / "elsewhere")
    (p / "content/topics").symlink_to("../elsewhere")
    (p / "content/sources/raw").rename(p / "elsewhere/raw")
    (p / "content/sources/raw").symlink_to(p / "elsewhere/raw")  # absolute, and inside
    replace(p / "elsewhere/reef-dispute.md", "[[blue-reef]]", "[[nowhere]]")
    return Expect(1, rf"^{TOPIC}:{line_of(p / TOPIC, 'nowhere')}:\d+: unknown-id: ")


@case
def symlinks_that_stay_inside_are_followed(p: Path) -> Expect:
    (p / "content/shared").mkdir()
    (p / RECORDS).rename(p / "content/shared/records.yaml")
    (p / RECORDS).symlink_to("../shared/records.yaml")
    (p / "v2").mkdir()
    (p / "content").rename(p / "v2/content")
    (p / "content").symlink_to("v2/content")
    return Expect(0, r"^content/shared: warning: unread-file: 'shared' is not read: content/ holds briefing.yaml")


@case
def file_names_in_other_cases_and_suffixes(p: Path) -> Expect:
    shutil.copy(p / TOPIC, p / "content/topics/other.MD")
    shutil.copy(p / TOPIC, p / "content/topics/other.markdown")
    (p / "content/annotations/more.YAML").write_text("people: []\n")
    (p / "content/topics/drafts").mkdir()
    return Expect(
        0, r"^content/topics/other.MD: warning: unread-file: 'other.MD' is not read: only names ending in '.md'"
    )


@case
def editor_and_system_litter_is_ignored(p: Path) -> Expect:
    for name in ("reef-dispute.md~", ".reef-dispute.md.swp", ".#reef-dispute.md", "#reef-dispute.md#", ".DS_Store"):
        (p / "content/topics" / name).write_bytes(b"\0 not content")
    (p / "content/annotations/.hidden.yaml").write_text("people: [}\n")
    return Expect(0, r"^1 sources, 4 entities, .* topics; ", hint="", absent=r"unread-file|reef-dispute.md.|hidden")


@case
def file_name_with_a_newline(p: Path) -> Expect:
    shutil.copy(p / TOPIC, p / "content/topics/a\nb.md")
    return Expect(1, r"^content/topics/a\\nb.md: invalid-id: file name 'a\\nb.md' does not give a valid id")


@case
def file_name_that_is_not_utf8(p: Path) -> Expect:
    (p / "content/annotations").joinpath(os.fsdecode(b"caf\xe9.yaml")).write_text("people:\n  - id: [\n")
    return Expect(1, r"^content/annotations/caf\\xe9.yaml:2:9: yaml-syntax: ")


@case
def file_name_of_255_bytes(p: Path) -> Expect:
    name = "a" * 250 + ".yaml"
    (p / "content/annotations" / name).write_text("people:\n  - id: x\n    name: x\n    name: y\n")
    return Expect(1, rf"^content/annotations/{name}:4:5: duplicate-key: ")


# ---------------------------------------------------------------- nothing outside the project


@case
def briefing_linked_outside(p: Path) -> Expect:
    (p / BRIEFING).rename(p.parent / "briefing-outside.yaml")
    (p / BRIEFING).symlink_to(p.parent / "briefing-outside.yaml")
    return Expect(1, rf"^{BRIEFING}: outside-project: briefing.yaml leads outside the project")


@case
def topics_folder_linked_to_etc(p: Path) -> Expect:
    shutil.rmtree(p / "content/topics")
    (p / "content/topics").symlink_to("/etc")
    return Expect(1, r"^content/topics: outside-project: this folder leads outside the project")


@case
def annotations_file_linked_outside(p: Path) -> Expect:
    (p / "content/annotations/passwd.yaml").symlink_to("../../../../../../../../etc/passwd")
    return Expect(1, r"^content/annotations/passwd.yaml: outside-project: this file leads outside the project")


@case
def raw_path_climbing_out(p: Path) -> Expect:
    replace(p / SOURCE, "raw: raw/wire-2020-01-02.txt", "raw: ../../../../etc/passwd")
    return Expect(1, rf"^{SOURCE}:{line_of(p / SOURCE, 'raw:')}:6: outside-project: .*points outside content/sources/")


@case
def raw_path_absolute(p: Path) -> Expect:
    replace(p / SOURCE, "raw: raw/wire-2020-01-02.txt", "raw: /etc/passwd")
    return Expect(1, rf"^{SOURCE}:{line_of(p / SOURCE, 'raw:')}:6: outside-project: .*'/etc/passwd' is absolute")


@case
def raw_folder_linked_outside(p: Path) -> Expect:
    shutil.rmtree(p / "content/sources/raw")
    (p / "content/sources/raw").symlink_to("/etc")
    return Expect(1, rf"^{SOURCE}:{line_of(p / SOURCE, 'raw:')}:6: outside-project: .*leads outside the project")


@case
def raw_capture_linked_to_another_file_of_the_project(p: Path) -> Expect:
    (p / RAW).unlink()
    (p / RAW).symlink_to("../../briefing.yaml")  # inside the project: read, and found not to be the capture
    return Expect(1, rf"^{SOURCE}:{line_of(p / SOURCE, 'sha256:')}:9: sha256-mismatch: ")


@case
def raw_capture_linked_out_by_an_absolute_link(p: Path) -> Expect:
    (p / RAW).unlink()
    (p / RAW).symlink_to("/etc/hostname")
    return Expect(1, rf"^{SOURCE}:{line_of(p / SOURCE, 'raw:')}:6: outside-project: .*leads outside the project")


@case
def content_folder_linked_outside(p: Path) -> Expect:
    outside = p.parent / "content-outside"
    shutil.rmtree(outside, ignore_errors=True)
    shutil.copytree(p / "content", outside)
    shutil.rmtree(p / "content")
    (p / "content").symlink_to(outside)
    return Expect(1, r"^content: outside-project: content folder leads outside the project")


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_file(project: Path, name: str):
    fails_and_keeps_the_site(project, CASES[name](project))


# ---------------------------------------------------------------- as separate processes


def test_a_fifo_never_blocks_the_build(project: Path):
    """A FIFO opened for reading would wait for a writer forever: it is reported from the listing."""
    os.mkfifo(project / "content/topics/pipe.md")
    os.mkfifo(project / "content/topics/notes")
    (project / RAW).unlink()
    os.mkfifo(project / RAW)
    site = (project / "site/index.html").read_bytes()
    for args in (("check", "--no-cache"), ("build",)):
        result = subprocess_cli(*args, "--project", project)
        assert result.code == 1 and "Traceback" not in result.stderr, result.stderr
        assert re.search(r"^content/topics/pipe.md: not-a-file: this file is a named pipe", result.stderr, re.M)
        line = line_of(project / SOURCE, "raw:")
        assert re.search(rf"^{SOURCE}:{line}:6: not-a-file: raw capture .* is a named pipe", result.stderr, re.M)
        assert re.search(r"^content/topics/notes: warning: unread-file: ", result.stderr, re.M)
    assert (project / "site/index.html").read_bytes() == site


def test_an_unreadable_file(project: Path):
    """As root, permissions do not stop reading; without the capabilities that bypass them, they do."""
    if not shutil.which("setpriv"):
        pytest.fail("setpriv (util-linux) is needed to drop root's capabilities for this test")
    (project / RECORDS).chmod(0)
    drop = "-dac_override,-dac_read_search"
    prefix = ("setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}")
    result = subprocess_cli("check", "--no-cache", "--project", project, prefix=prefix)
    assert result.code == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.search(rf"^{RECORDS}: unreadable: cannot read this file: Permission denied", result.stderr, re.M)


def traced(project: Path, *args: str) -> tuple[Run, list[str]]:
    """Run the CLI under strace; every path the build gave to a file system call."""
    if not shutil.which("strace"):
        pytest.fail("strace is needed: run the tests with scripts/test, which installs it")
    log = project.parent / "strace.log"
    calls = "openat,openat2,open,getdents64,newfstatat,statx,stat,lstat,readlink,readlinkat,access,faccessat2"
    prefix = ("strace", "-f", "-qq", "-s", "4096", "-e", f"trace={calls}", "-o", str(log))
    result = subprocess_cli(*args, "--project", project, prefix=prefix)
    return result, log.read_text(errors="replace").splitlines()


def test_nothing_outside_is_listed_opened_or_stated(project: Path, tmp_path: Path):
    """Links and raw: paths that lead to a folder outside the project full of files: the build reads the
    links (readlink) and refuses them, and no system call names anything in that folder, or any path
    through the links."""
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("a.md", "b.yaml", "c.txt", "briefing.yaml"):
        shutil.copy(project / (BRIEFING if name == "briefing.yaml" else TOPIC), outside / name)
    shutil.rmtree(project / "content/topics")
    (project / "content/topics").symlink_to(outside)
    (project / "content/annotations/linked.yaml").symlink_to(outside / "b.yaml")
    (project / BRIEFING).unlink()
    (project / BRIEFING).symlink_to(outside / "briefing.yaml")
    shutil.rmtree(project / "content/sources/raw")
    (project / "content/sources/raw").symlink_to(outside)
    climb = os.path.relpath(outside / "c.txt", project / "content/sources")
    replace(project / SOURCE, "raw: raw/wire-2020-01-02.txt", f"raw: {climb}")
    result, calls = traced(project, "check", "--no-cache")
    assert result.code == 1 and "Traceback" not in result.stderr, result.stderr
    for shown in ("content/topics", "content/annotations/linked.yaml", BRIEFING):
        assert re.search(rf"^{shown}: outside-project: ", result.stderr, re.M), result.stderr
    assert re.search(rf"^{SOURCE}:\d+:6: outside-project: ", result.stderr, re.M), result.stderr
    through = [str(project / "content/topics") + "/", str(project / "content/sources/raw") + "/"]
    for call in calls:
        if call.split("(")[0].split()[-1] in ("readlink", "readlinkat"):
            assert str(outside) not in call.split('"')[1], call  # the link itself; its text names outside
            continue
        assert str(outside) not in call and not any(path in call for path in through), call
    assert any("readlink" in call and str(outside) in call for call in calls)


def test_raw_paths_out_are_refused_before_any_system_call(project: Path):
    replace(project / SOURCE, "raw: raw/wire-2020-01-02.txt", "raw: ../../../../../../../etc/ssl/certs")
    result, calls = traced(project, "check", "--no-cache")
    assert result.code == 1 and "points outside content/sources/" in result.stderr, result.stderr
    assert not [call for call in calls if "/etc/ssl" in call or "etc/ssl/certs" in call]


# ---------------------------------------------------------------- import writes inside content/ only


def test_import_writes_nothing_through_a_link_out_or_onto_a_fifo(project: Path, tmp_path: Path):
    capture = tmp_path / "article.txt"
    capture.write_text(
        "Talks resume\n\nThe ministers met on Thursday (2 January) to talk about the reef and the fishing quotas.\n"
    )
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(project / "content/sources/raw")
    (project / "content/sources/raw").symlink_to(outside)
    result = cli("import", capture, "--project", project, "--id", "talks", "--published", "2020-01-02")
    assert result.code == 2 and "Traceback" not in result.stderr, result.stderr
    assert "content/sources/raw/talks.txt leads outside the project's content folder" in result.stderr
    assert not list(outside.iterdir()) and not (project / "content/sources/talks.md").exists()
    (project / "content/sources/raw").unlink()
    (project / "content/sources/raw").mkdir()
    os.mkfifo(project / "content/sources/raw/talks.txt")
    result = cli("import", capture, "--project", project, "--id", "talks", "--published", "2020-01-02", "--force")
    assert result.code == 2 and "content/sources/raw/talks.txt is a named pipe (FIFO), not a file" in result.stderr


def test_import_refuses_a_capture_the_build_would_refuse(project: Path, tmp_path: Path):
    capture = tmp_path / "article.txt"
    capture.write_bytes(b"Talks resume\n\nThe ministers \x1b[1mmet\x1b[0m on Thursday.\n")
    result = cli("import", capture, "--project", project, "--id", "talks", "--published", "2020-01-02")
    assert result.code == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"{capture}:3:15: control-character: invisible character U+001B (escape)" in result.stderr
