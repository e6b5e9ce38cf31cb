"""Shared fixtures: the seed briefing built once, copies of the minimal project, a CLI runner, a browser."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing.output import MARKER
from briefing.search import UNSTABLE_FILES

REPO = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
CHROMIUM = "/usr/bin/chromium"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> Run:
    """Run ``python build.py ARGS`` as a user would, in a separate process."""
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Run(result.returncode, result.stdout, result.stderr)


def edit(path: Path, old: str, new: str, every: bool = False) -> None:
    """Replace ``old`` (which must be there) by ``new`` in a file: the first occurrence, or ``every`` one."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, -1 if every else 1), encoding="utf-8")


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by relative path.

    Pagefind's filter/metadata indexes are not byte-stable between runs (see briefing.search); they
    are left out, and so is the output's marker, which names them; everything else — pages, exports, the
    search fragments — must match.
    """
    digests = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not UNSTABLE_FILES.match(relative) and relative != MARKER:
            digests[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session", autouse=True)
def user_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Builds run by the tests sign their caches with a key made for the session, not the user's own."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own briefing (content/), built once into a temporary folder."""
    output = tmp_path_factory.mktemp("seed") / "site"
    result = run_cli("build", "--project", REPO, "--output", output, "--no-cache")
    assert result.code == 0, result.stderr
    return output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the minimal fixture project."""
    target = tmp_path / "project"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session (Debian's /usr/bin/chromium, never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the tests with scripts/test, which installs it")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()
