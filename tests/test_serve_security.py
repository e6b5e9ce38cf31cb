"""``build.py serve`` answers only its own user: raw requests to the real server with foreign ``Host``
headers, websocket handshakes from foreign origins, the safety headers on every response, a 404 (never a
500 or a traceback) for every path it cannot serve, a deleted briefing.yaml, and clean stops on signals.

One server serves the module's requests (started once); the tests that change the project or stop the
server start one of their own.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.serve import Guard
from conftest import MINIMAL, REPO, Server, edit, free_port, start_server, wait_until_serving
from rawhttp import (
    Reply,
    closed_by_server,
    frame,
    get,
    handshake_headers,
    open_websocket,
    read_frame,
    request_bytes,
    send,
)

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import Corpus  # noqa: E402

TITLE = b"The reef dispute"  # a topic page's heading: a request that reached the site
PAGE = "/topics/reef-dispute.html"
SAFETY_HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}


def assert_safety_headers(reply: Reply) -> None:
    for name, value in SAFETY_HEADERS.items():
        assert reply.headers.get(name) == [value], f"{name} on a {reply.status} response: {reply.headers}"


def assert_no_traceback(server: Server) -> None:
    log = server.log()
    assert "Traceback" not in log and not re.search(r"^5\d\d ", log, re.MULTILINE), log[-4000:]


# ---------------------------------------------------------------- the module's server


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """serve on a copy of the minimal project, with a few things planted in its output for the path tests:
    a folder with an index page, symlinks inside and out of the site, a symlink loop."""
    folder = tmp_path_factory.mktemp("serve-security")
    project = folder / "project"
    shutil.copytree(MINIMAL, project)
    (folder / "secret.txt").write_text("root:x:0:0 top secret\n")
    (folder / "outside").mkdir()
    (folder / "outside/index.html").write_text("<p>root:x:0:0 outside</p>")
    port = free_port()
    process = start_server(project, port, log_file=folder / "serve.log")
    server = Server(process, port, project, folder / "serve.log")
    try:
        wait_until_serving(process, port)
        site = project / "site"
        (site / "folder").mkdir()
        (site / "folder/index.html").write_text("<!doctype html><title>folder</title><p>folder index</p>")
        (site / "inside.html").symlink_to(site / "folder/index.html")
        (site / "leak.txt").symlink_to(folder / "secret.txt")
        (site / "outside").symlink_to(folder / "outside")
        (site / "loop").symlink_to(site / "loop")
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# ---------------------------------------------------------------- Host


OWN_HOSTS = ["127.0.0.1:{port}", "127.0.0.1", "localhost:{port}", "LocalHost:{port}", "[::1]:{port}", "[0::1]:{port}"]
FOREIGN_HOSTS = [
    "evil.example",
    "evil.example:{port}",
    "127.0.0.1.evil.example:{port}",
    "localhost.evil.example:{port}",
    "evil.localhost:{port}",
    "localhost.:{port}",
    "127.0.0.1:{other}",
    "localhost:{port}0",
    "127.0.0.2:{port}",
    "0.0.0.0:{port}",
    "2130706433:{port}",  # 127.0.0.1 as one number: a name here
    "127.1:{port}",
    "[::2]:{port}",
    "[::ffff:127.0.0.1]:{port}",
    "::1",
    "[::1",
    "",
    "127.0.0.1:",
    "127.0.0.1:{port}:{port}",
    "127.0.0.1:+{port}",
    "127.0.0.1:99999",
    "user@127.0.0.1:{port}",
    "127.0.0.1:{port}/evil",
    "lоcalhost:{port}",  # a Cyrillic o
]
ENDPOINTS = ["/", PAGE, "/__build__", "/livereload.js", "/no/such/page", "/livereload"]


@pytest.mark.parametrize("host", OWN_HOSTS)
def test_its_own_host_names_are_answered(site: Server, host: str):
    reply = get(site.port, PAGE, host.format(port=site.port))
    assert reply.status == 200 and TITLE in reply.body
    assert_safety_headers(reply)


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_any_other_host_name_is_refused_on_every_endpoint(site: Server, host: str, path: str):
    reply = get(site.port, path, host.format(port=site.port, other=site.port + 1))
    assert reply.status == 400
    assert TITLE not in reply.body and b"generation" not in reply.body and b"LiveReload" not in reply.body
    if reply.body:  # tornado itself answers a malformed Host with a bare 400, without a body to sniff
        assert_safety_headers(reply)
        assert reply.header("content-type") == "text/plain; charset=utf-8"


def test_a_refused_websocket_handshake_for_another_host_never_upgrades(site: Server):
    headers = handshake_headers(f"http://127.0.0.1:{site.port}")
    reply = send(site.port, request_bytes("/livereload", f"evil.example:{site.port}", headers=headers))
    assert reply.status == 400
    assert_safety_headers(reply)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "FOO"])
def test_a_foreign_host_is_refused_whatever_the_method(site: Server, method: str):
    reply = send(site.port, request_bytes(PAGE, "evil.example", method=method, headers=[("Content-Length", "0")]))
    assert reply.status == 400
    assert_safety_headers(reply)


@pytest.mark.parametrize(
    "request_",
    [
        pytest.param(request_bytes(PAGE, None, version="HTTP/1.0"), id="HTTP/1.0 without Host"),
        pytest.param(request_bytes(PAGE, None), id="HTTP/1.1 without Host"),
        pytest.param(request_bytes(PAGE, "127.0.0.1", headers=[("Host", "evil.example")]), id="own then foreign"),
        pytest.param(request_bytes(PAGE, "evil.example", headers=[("Host", "127.0.0.1")]), id="foreign then own"),
    ],
)
def test_a_missing_or_repeated_host_is_refused(site: Server, request_: bytes):
    reply = send(site.port, request_)
    assert reply.status == 400 and TITLE not in reply.body


@pytest.mark.parametrize(
    ("bound", "allowed", "refused"),
    [
        ("preview.lan", ["preview.lan:8000", "PREVIEW.LAN", "localhost:8000"], ["evil.example:8000", "10.0.0.1:8000"]),
        ("10.0.0.7", ["10.0.0.7:8000", "127.0.0.1:8000"], ["10.0.0.8:8000", "evil.example:8000"]),
        ("::1", ["[::1]:8000", "[0:0::1]"], ["::1", "[::2]:8000"]),
        ("fe80::1", ["[fe80::1]:8000", "[::1]:8000"], ["[fe80::2]:8000"]),
        ("0.0.0.0", ["192.168.1.5:8000", "[2001:db8::1]:8000", "localhost"], ["evil.example:8000", "10.0.0.1:80"]),
        ("::", ["10.0.0.1:8000", "[::1]:8000"], ["evil.example", "rebind.evil.example:8000"]),
    ],
)
def test_the_host_names_allowed_follow_the_address_given_with_host(bound: str, allowed: list[str], refused: list[str]):
    """--host NAME or ADDRESS adds that one; a wildcard address adds every IP address (never a name but this
    machine's own), since the server cannot list the addresses it is reached by. Checked on the guard itself:
    the tests' servers bind 127.0.0.1 only."""
    guard = Guard.for_server(bound, 8000)
    assert [host for host in allowed if not guard.allows_host(host)] == []
    assert [host for host in refused if guard.allows_host(host)] == []
    assert guard.allows_origin(f"http://{allowed[0]}") and not guard.allows_origin("http://evil.example:8000")


# ---------------------------------------------------------------- websocket Origin


OWN_ORIGINS = ["http://127.0.0.1:{port}", "http://localhost:{port}", "http://[::1]:{port}", "HTTP://LOCALHOST:{port}"]
FOREIGN_ORIGINS = [
    "http://evil.example",
    "http://evil.example:{port}",
    "https://evil.example",
    "null",
    "file://",
    "https://127.0.0.1:{port}",
    "ws://127.0.0.1:{port}",
    "http://127.0.0.1",
    "http://127.0.0.1:{other}",
    "http://127.0.0.1:{port}.evil.example",
    "http://localhost.evil.example:{port}",
    "http://user@127.0.0.1:{port}",
    "http://127.0.0.1:{port}/",
    "http://0.0.0.0:{port}",
    "",
    "127.0.0.1:{port}",
]


@pytest.mark.parametrize("origin", [*OWN_ORIGINS, None])
def test_its_own_pages_connect_to_the_live_reload_websocket(site: Server, origin: str | None):
    """None: no Origin at all, which no browser sends (a program on this machine): let through."""
    sock, reply = open_websocket(site.port, origin and origin.format(port=site.port))
    with sock:
        assert reply.status == 101
        assert_safety_headers(reply)
        sock.sendall(frame(json.dumps({"command": "hello", "protocols": []}).encode()))
        opcode, payload = read_frame(sock)
        assert opcode == 0x1 and json.loads(payload)["command"] == "hello"


@pytest.mark.parametrize("origin", FOREIGN_ORIGINS)
def test_a_foreign_origin_cannot_open_the_websocket(site: Server, origin: str):
    sock, reply = open_websocket(site.port, origin.format(port=site.port, other=site.port + 1))
    with sock:
        assert reply.status == 403 and "upgrade" not in reply.headers
        assert_safety_headers(reply)


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param([("Sec-Fetch-Site", "same-origin")], id="claims same-origin"),
        pytest.param([("Sec-Fetch-Site", "none")], id="claims a direct navigation"),
        pytest.param([("Origin", "http://127.0.0.1:{port}")], id="then its own origin"),
    ],
)
def test_a_foreign_origin_is_refused_whatever_else_the_handshake_says(site: Server, extra: list[tuple[str, str]]):
    """tornado skips its own origin check when ``Sec-Fetch-Site`` says same-origin: serve does not."""
    extra = [(name, value.format(port=site.port)) for name, value in extra]
    sock, reply = open_websocket(site.port, "http://evil.example", *extra)
    with sock:
        assert reply.status == 403


@pytest.mark.parametrize(
    "message",
    [b"not json", b"[]", b"42", b'{"url": "/x"}', b'{"command": 5}', b"[" * 100_000, b"\xff\xfe"],
    ids=["text", "list", "number", "no command", "command not text", "deeply nested", "not UTF-8"],
)
def test_a_junk_websocket_message_closes_that_connection_only(site: Server, message: bytes):
    sock, reply = open_websocket(site.port, f"http://127.0.0.1:{site.port}")
    with sock:
        assert reply.status == 101
        sock.sendall(frame(message))
        assert closed_by_server(sock)
    assert get(site.port, PAGE).status == 200
    assert_no_traceback(site)


# ---------------------------------------------------------------- headers


def test_every_kind_of_response_carries_the_safety_headers(site: Server):
    port, own = site.port, f"127.0.0.1:{site.port}"
    replies = {
        "page": get(port, PAGE),
        "stylesheet": get(port, "/static/style.css"),
        "404": get(port, "/no/such/page.html"),
        "redirect": get(port, "/folder"),
        "build status": get(port, "/__build__"),
        "livereload.js": get(port, "/livereload.js"),
        "HEAD": get(port, PAGE, method="HEAD"),
        "405": send(port, request_bytes(PAGE, own, method="POST", headers=[("Content-Length", "0")])),
        "400": get(port, PAGE, "evil.example"),
        "websocket without upgrade": get(port, "/livereload"),
        "websocket 403": open_websocket(port, "http://evil.example")[1],
        "websocket 101": open_websocket(port, f"http://{own}")[1],
    }
    expected = {"404": 404, "redirect": 302, "405": 405, "400": 400, "websocket 403": 403, "websocket 101": 101}
    expected["websocket without upgrade"] = 400
    for name, reply in replies.items():
        assert reply.status == expected.get(name, 200), name
        assert_safety_headers(reply)
    assert replies["stylesheet"].header("content-type") == "text/css; charset=utf-8"


# ---------------------------------------------------------------- paths it cannot serve


ODD_PATHS = [
    "/" + "a" * 300,
    "/" + "a" * 256,
    "/topics/" + "b" * 300 + ".html",
    "/" + "%41" * 300,
    "/" + "/".join(["c" * 250] * 20),
    "/" + "d/" * 6000,
    "/" + "%2e%2e/" * 2000 + "etc/passwd",
    "/%00",
    "/index.html%00",
    "/index.html%00.css",
    "/%ff",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/%e2%82",
    "/%",
    "/%zz",
    "/%%",
    "/%u002e%u002e/etc/passwd",
    "/..",
    "/../",
    "/.",
    "/./index.html",
    "/../../etc/passwd",
    "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/%252e%252e/etc/passwd",
    "/%5c..%5c..%5cetc%5cpasswd",
    "/..\\..\\etc\\passwd",
    "/index.html\\",
    "/index.html/",
    "/index.html/x",
    "/topics",
    "/topics/",
    "/leak.txt",
    "/outside",
    "/outside/",
    "/outside/index.html",
    "/loop",
    "/loop/x",
    b"/\xc3\xbcn\xc3\xafcode.html",
    b"/\xff\xfe",
    "*",
    "http://evil.example/",
    "/index.html;x",
]


@pytest.mark.parametrize("path", ODD_PATHS, ids=lambda path: repr(path[:40]))
def test_any_path_it_cannot_serve_is_the_sites_404(site: Server, path: str | bytes):
    reply = get(site.port, path)
    assert reply.status == 404
    assert b"Page not found" in reply.body and b"root:" not in reply.body
    assert_safety_headers(reply)
    assert_no_traceback(site)


def test_the_planted_symlinks_are_there_and_one_inside_the_site_is_followed(site: Server):
    """The 404s above are the server's refusals, not missing files: a symlink within the site is served."""
    output = site.project / "site"
    assert all((output / name).is_symlink() for name in ("leak.txt", "outside", "loop", "inside.html"))
    assert get(site.port, "/inside.html").body.count(b"folder index") == 1


@pytest.mark.parametrize(
    ("path", "location"),
    [("/folder", "/folder/"), ("//folder", "/folder/"), ("/%66older", "/folder/"), ("///folder?x=1", "/folder/")],
)
def test_a_folder_redirects_to_its_own_path_never_to_another_host(site: Server, path: str, location: str):
    reply = get(site.port, path)
    assert reply.status == 302 and reply.header("location") == location
    assert get(site.port, location).body.count(b"folder index") == 1


# ---------------------------------------------------------------- briefing.yaml deleted while serving


@pytest.fixture
def own_server(project: Path, tmp_path: Path) -> Iterator[Server]:
    port = free_port()
    log = tmp_path / "serve.log"
    process = start_server(project, port, log_file=log)
    try:
        wait_until_serving(process, port)
        yield Server(process, port, project, log)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def build_status(server: Server) -> dict:
    return json.loads(get(server.port, "/__build__").body)


def wait_for_status(server: Server, ok: bool, after: int, timeout: float = 20) -> dict:
    """The status of the first build after generation ``after`` that ended ``ok`` (or not)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = build_status(server)
        if status["generation"] > after and status["ok"] is ok:
            return status
        time.sleep(0.05)
    raise AssertionError(f"no {'good' if ok else 'failed'} build after generation {after}:\n{server.log()[-3000:]}")


def _delete(briefing: Path, aside: Path) -> None:
    briefing.unlink()


def _rename(briefing: Path, aside: Path) -> None:
    briefing.rename(briefing.with_name("briefing.yaml.bak"))


def _replace_with_folder(briefing: Path, aside: Path) -> None:
    briefing.unlink()
    briefing.mkdir()


def _move_content_away(briefing: Path, aside: Path) -> None:
    shutil.move(briefing.parent, aside / "content")


def _restore(briefing: Path, aside: Path, text: str) -> None:
    if (aside / "content").exists():
        shutil.move(aside / "content", briefing.parent)
    if briefing.with_name("briefing.yaml.bak").exists():
        briefing.with_name("briefing.yaml.bak").unlink()
    if briefing.is_dir():
        briefing.rmdir()
    briefing.write_text(text, encoding="utf-8")


def test_a_deleted_briefing_yaml_is_shown_on_the_page_and_recovered_from(own_server: Server, tmp_path: Path):
    """Deleted, renamed, replaced by a folder, or its whole content/ folder moved away: each time the pages
    show the problem over the last good site, and the site is built again once the file is back."""
    briefing = own_server.project / "content/briefing.yaml"
    text = briefing.read_text(encoding="utf-8")
    aside = tmp_path / "aside"
    aside.mkdir()
    generation = build_status(own_server)["generation"]
    for remove in (_delete, _rename, _replace_with_folder, _move_content_away):
        remove(briefing, aside)
        generation = wait_for_status(own_server, ok=False, after=generation)["generation"]
        page = get(own_server.port, PAGE)
        assert page.status == 200 and TITLE in page.body, remove.__name__  # the last good site
        overlay = page.body.decode()[page.body.decode().index('id="build-errors"') :]
        assert re.search(
            r"content/briefing.yaml: missing-briefing: .*\n\s+hint: put content/briefing.yaml back", overlay
        )
        _restore(briefing, aside, text)
        generation = wait_for_status(own_server, ok=True, after=generation)["generation"]
        assert b'id="build-errors"' not in get(own_server.port, PAGE).body, remove.__name__
    log = own_server.log()
    assert log.count("content/briefing.yaml: missing-briefing:") == 4
    assert "Traceback" not in log and "internal error" not in log
    code, _ = own_server.stop(signal.SIGTERM)
    assert code == 0


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` made read-only for everyone, root included (a read-only bind mount over itself)."""
    subprocess.run(["mount", "--bind", folder, folder], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", folder], check=True)
        yield
    finally:
        subprocess.run(["umount", folder], check=True)


def test_an_output_folder_it_cannot_write_is_a_diagnostic_not_a_traceback(own_server: Server):
    """The write stage reports the failure (write-failed) on the pages, over the last good site."""
    topic = own_server.project / "content/topics/reef-dispute.md"
    generation = build_status(own_server)["generation"]
    with read_only(own_server.project / "site"):
        edit(topic, "The reef is", "Saved while read-only: the reef is")
        generation = wait_for_status(own_server, ok=False, after=generation)["generation"]
        page = get(own_server.port, PAGE).body.decode()
        failure = r"site: write-failed: could not write the site: (Read-only file system|Invalid cross-device)"
        assert re.search(failure, page)
        assert "Saved while read-only" not in page  # the last good site
    edit(topic, "Saved while read-only", "Saved once writable")
    wait_for_status(own_server, ok=True, after=generation)
    assert "Saved once writable" in get(own_server.port, PAGE).body.decode()
    log = own_server.log()
    assert "Traceback" not in log and "internal error" not in log


# ---------------------------------------------------------------- stopping


@pytest.mark.parametrize(
    ("signum", "building"),
    [(signal.SIGTERM, False), (signal.SIGTERM, True), (signal.SIGINT, True)],  # Ctrl-C idle: test_serve.py
    ids=["SIGTERM idle", "SIGTERM during a rebuild", "SIGINT during a rebuild"],
)
def test_a_signal_stops_it_cleanly_and_frees_the_port(own_server: Server, signum: int, building: bool):
    if building:  # a save just before: the stop may come while its build runs, which it lets finish
        topic = own_server.project / "content/topics/reef-dispute.md"
        topic.write_text(topic.read_text(encoding="utf-8").replace("The reef is", "Saved: the reef is"))
        time.sleep(0.5)
    code, log = own_server.stop(signum)
    assert code == 0
    assert "Traceback" not in log and log.rstrip().endswith("stopped")
    with socket.socket() as sock:  # the port is free again
        sock.bind(("127.0.0.1", own_server.port))


def worker_processes(pid: int) -> set[int]:
    """The processes ``pid`` forked (from any of its threads) that are still running."""
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            children.update(int(child) for child in (task / "children").read_text().split())
    return children


def signal_dispositions(pid: int) -> dict[str, int]:
    """The kernel's masks of signals a process ignores (SigIgn) and catches (SigCgt)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return {name: int(fields[name], 16) for name in ("SigIgn", "SigCgt")}


def has(mask: int, signum: int) -> bool:
    return bool(mask >> (signum - 1) & 1)


def settled(masks: dict[str, int]) -> bool:
    """The worker's fork handler has run to its end: SIGINT ignored, SIGTERM back to its default."""
    return has(masks["SigIgn"], signal.SIGINT) and not has(masks["SigCgt"], signal.SIGTERM)


def test_render_workers_do_not_inherit_serves_signal_handling(tmp_path: Path):
    """A template edit re-renders every page in forked workers. They must not inherit serve's handlers:
    a worker that catches SIGTERM (asyncio's handler does nothing with it) outlives ``Pool.terminate``,
    which then waits for it for ever, a rebuild that never ends. SIGTERM must kill them, SIGINT (a
    terminal's Ctrl-C reaches them too) is ignored. Then SIGTERM while they run stops serve cleanly."""
    project = tmp_path / "briefing"
    Corpus(70, seed=7).write(project)  # a little over 200 pages: 2 render processes
    port, log = free_port(), tmp_path / "serve.log"
    server = Server(start_server(project, port, "--no-cache", "--workers", "2", log_file=log), port, project, log)
    try:
        wait_until_serving(server.process, port)
        assert "in 2 processes" in server.log()
        base = (REPO / "templates/base.html").read_text(encoding="utf-8")
        (project / "templates").mkdir()
        (project / "templates/base.html").write_text(base.replace("</body>", "<!-- edited --></body>"))
        deadline = time.monotonic() + 30
        while not (workers := worker_processes(server.process.pid)):
            assert time.monotonic() < deadline, "the edit's build never started its workers:\n" + server.log()
            time.sleep(0.01)
        worker = min(workers)
        with contextlib.suppress(OSError):  # the worker may have finished already: then its masks are moot
            masks = signal_dispositions(worker)
            settle = time.monotonic() + 1  # the fork handler runs just after the fork, one signal at a time
            while not settled(masks) and time.monotonic() < settle:
                masks = signal_dispositions(worker)
            assert not has(masks["SigCgt"], signal.SIGTERM) and not has(masks["SigIgn"], signal.SIGTERM)
            assert has(masks["SigIgn"], signal.SIGINT)
        code, output = server.stop(signal.SIGTERM)
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
    assert code == 0 and output.rstrip().endswith("stopped"), output
    assert "Traceback" not in output, output
    assert not any(Path(f"/proc/{worker}").exists() for worker in workers)


def test_quiet_serve_prints_only_the_problems_of_a_failed_build(project: Path, tmp_path: Path):
    """``-q``: nothing on a good build, its warnings included, nor on starting and stopping; a failed build's
    errors are still printed."""
    port, log = free_port(), tmp_path / "serve.log"
    server = Server(start_server(project, port, "-q", log_file=log), port, project, log)
    try:
        wait_until_serving(server.process, port)
        generation = build_status(server)["generation"]
        briefing = project / "content/briefing.yaml"
        text = briefing.read_text(encoding="utf-8")
        briefing.write_text(text + "as_of: [\n", encoding="utf-8")
        generation = wait_for_status(server, ok=False, after=generation)["generation"]
        briefing.write_text(text, encoding="utf-8")
        wait_for_status(server, ok=True, after=generation)
        code, printed = server.stop(signal.SIGTERM)
    finally:
        if server.process.poll() is None:
            server.process.kill()
    assert code == 0
    lines = [line for line in printed.splitlines() if line.strip()]
    problem_lines = ("content/briefing.yaml", "hint:", "build failed")
    assert lines and all(any(part in line for part in problem_lines) for line in lines), printed
    assert "warning" not in printed and "http://" not in printed and "stopped" not in printed
