"""Shared fixtures: the seed briefing built once, copies of the minimal project, a CLI runner, a browser,
and ``serve`` run in a process of its own (``start_server``, ``Server``)."""

from __future__ import annotations

import hashlib
import http.client
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing.output import MARKER
from briefing.pipeline import Builder
from briefing.project import open_project
from briefing.screenshots import serving
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


def cold(project: Path, output: Path) -> dict[str, str]:
    """The tree digest of a build from scratch into ``output`` (one process, no cache): what any rebuild of
    the same content must write."""
    Builder(open_project(project, output)).build()
    return tree_digest(output)


@pytest.fixture
def key(tmp_path: Path) -> Path:
    """Where a test's build cache signing key goes (made by the first build that saves a cache)."""
    return tmp_path / "keys" / "signing-key"


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
    return build_into_temporary_folder(tmp_path_factory, REPO, "seed")


def build_into_temporary_folder(tmp_path_factory: pytest.TempPathFactory, project: Path, name: str) -> Path:
    """A cold build of ``project`` into a new temporary folder; the build must succeed."""
    output = tmp_path_factory.mktemp(name) / "site"
    result = run_cli("build", "--project", project, "--output", output, "--no-cache")
    assert result.code == 0, result.stderr
    return output


@pytest.fixture(scope="session")
def served_site(seed_site: Path) -> Iterator[str]:
    """The seed site, served over http for the whole session."""
    with serving(seed_site) as address:
        yield address


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


# ---------------------------------------------------------------- serve in a process of its own


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    project: Path
    log_file: Path | None = None  # where its output goes, if not to a pipe read when it stops

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def get(self, raw_path: str) -> tuple[int, bytes]:
        """A request with the path sent exactly as given (no client-side normalisation)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest("GET", raw_path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    def log(self) -> str:
        """What it printed so far (only with a ``log_file``)."""
        assert self.log_file is not None, "start the server with a log file to read its log while it runs"
        return self.log_file.read_text(encoding="utf-8", errors="replace")

    def stop(self, signum: int = signal.SIGINT) -> tuple[int, str]:
        code, output = stop_server(self.process, signum=signum)
        return code, self.log() if self.log_file is not None else output


def stop_server(process: subprocess.Popen, timeout: float = 30, signum: int = signal.SIGINT) -> tuple[int, str]:
    """Ctrl-C (or ``signum``), as a user stops serve; its exit code and log (if it went to a pipe). If it does
    not stop, it is made to print every thread's stack (faulthandler, on SIGABRT) and the test fails with
    them: where it hung."""
    process.send_signal(signum)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        output, _ = process.communicate(timeout=30)
        raise AssertionError(f"serve did not stop within {timeout:.0f} s of signal {signum}:\n{output}") from None
    return process.returncode, output or ""


def start_server(project: Path, port: int, *options: str, log_file: Path | None = None) -> subprocess.Popen:
    """serve in a process of its own, its output to a pipe (read when it stops) or to ``log_file``. Ctrl-C
    must reach it even where the tests were started in the background of a script, which starts them with
    SIGINT ignored (as POSIX shells do): it is put back to its default, which Python turns into
    KeyboardInterrupt."""
    command = [sys.executable, str(REPO / "build.py"), "serve", "--project", str(project), "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"}
    if log_file is None:
        output = subprocess.PIPE
    else:
        output = log_file.open("w", encoding="utf-8")
    try:
        return subprocess.Popen(
            [*command, *options],
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            preexec_fn=_interruptible,
        )
    finally:
        if log_file is not None:
            output.close()  # the child has its own copy


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_until_serving(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout is not None else "(see its log file)"
            raise AssertionError(f"serve exited early:\n{output}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("serve did not start listening")
