"""``build.py serve``: live reload in real Chromium, the error overlay, safe file serving, clean exits."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.project import open_project
from briefing.serve import QUIET_MS, Preview, watch
from conftest import Server, edit, free_port, start_server, wait_until_serving

RECORDS = "content/annotations/records.yaml"
TOPIC = "content/topics/reef-dispute.md"


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    port = free_port()
    process = start_server(project, port)
    wait_until_serving(process, port)
    running = Server(process, port, project)
    yield running
    if process.poll() is None:
        process.kill()
        process.communicate()


def open_live(server: Server, browser, path: str):
    """A page from the server, once livereload.js is connected to it."""
    page = browser.new_page()
    page.goto(server.url + path)
    page.wait_for_function("() => window.LiveReload !== undefined")
    return page


def wait_for_words(page, words: str) -> None:
    """Until the words are on the page (document.body is briefly null while a page reloads)."""
    page.wait_for_function(f"() => !!document.body && document.body.innerText.includes({words!r})", timeout=15000)


@pytest.mark.parametrize(
    "raw_path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/static/../../../etc/passwd",
        "/%2E%2E%5C%2E%2E%5Cetc%5Cpasswd",
        "//etc/passwd",
    ],
)
def test_path_traversal_gets_404(server: Server, raw_path: str):
    status, body = server.get(raw_path)
    assert status == 404
    assert b"root:" not in body and b"Page not found" in body


def test_symlink_leading_outside_is_not_served(server: Server, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    (server.project / "site" / "leak.txt").symlink_to(secret)
    status, body = server.get("/leak.txt")
    assert status == 404 and b"top secret" not in body


def test_pages_and_the_404_page_carry_the_reload_script(server: Server):
    status, body = server.get("/topics/reef-dispute.html")
    assert status == 200 and b'<script src="/livereload.js?port=' in body
    status, body = server.get("/no/such/page.html")
    assert status == 404
    assert b'<base href="/">' in body and b"/livereload.js?port=" in body and b"Page not found" in body
    assert server.get("/livereload.js")[0] == 200


def test_port_in_use_is_one_clear_line(server: Server):
    second = start_server(server.project, server.port)
    output, _ = second.communicate(timeout=60)
    assert second.returncode == 2
    assert f"error: port {server.port} on 127.0.0.1 is already in use; choose another one with --port N" in output
    assert "Traceback" not in output


def test_ctrl_c_stops_cleanly(server: Server):
    code, output = server.stop()
    assert code == 0
    assert "Traceback" not in output and "stopped" in output


@pytest.mark.browser
def test_saved_words_appear_in_the_open_page_by_themselves(server: Server, browser):
    page = open_live(server, browser, "topics/reef-dispute.html")
    edit(server.project / TOPIC, "The reef is", "Freshly saved words: the reef is")
    wait_for_words(page, "Freshly saved words")
    page.close()


@pytest.mark.browser
def test_a_broken_file_shows_an_overlay_until_it_is_fixed(server: Server, browser):
    page = open_live(server, browser, "topics/reef-dispute.html")
    records = server.project / RECORDS
    good = records.read_text()
    records.write_text(good.replace("    kind: reef\n", "    kind: [reef\n"))
    overlay = page.locator("#build-errors")
    overlay.wait_for(timeout=15000)
    assert "content/annotations/records.yaml:" in overlay.inner_text()
    assert "malformed YAML" in overlay.inner_text()
    assert page.locator("h1").inner_text() == "The reef dispute"  # the last good page stays
    records.write_text(good)
    overlay.wait_for(state="detached", timeout=15000)
    assert page.locator("h1").inner_text() == "The reef dispute"
    page.close()


@pytest.mark.browser
def test_template_errors_show_the_template_and_line(server: Server, browser):
    page = open_live(server, browser, "index.html")
    (server.project / "templates").mkdir()
    broken = '{% extends "base.html" %}\n{% block content %}\n{{ missing.value }}\n{% endblock %}\n'
    (server.project / "templates/entities.html").write_text(broken)
    overlay = page.locator("#build-errors")
    overlay.wait_for(timeout=15000)
    assert "templates/entities.html:3: template-error: UndefinedError" in overlay.inner_text()
    page.close()


@pytest.mark.browser
def test_no_save_is_missed_in_a_burst(server: Server, browser):
    page = open_live(server, browser, "topics/reef-dispute.html")
    topic = server.project / TOPIC
    original = topic.read_text()
    for n in range(6):  # faster than a rebuild: some saves land while one is running
        topic.write_text(original.replace("The reef is", f"Burst save {n}: the reef is"))
        time.sleep(0.04 * (n % 3))
    wait_for_words(page, "Burst save 5")
    time.sleep(0.5)
    page.wait_for_load_state("load")
    assert "Burst save 5" in page.inner_text("article")
    page.close()


@pytest.mark.browser
def test_the_print_view_follows_a_save_too(server: Server, browser):
    page = open_live(server, browser, "print.html")
    edit(server.project / TOPIC, "The reef is", "Printed words: the reef is")
    wait_for_words(page, "Printed words")
    page.close()


def test_an_output_file_removed_while_serving_is_written_again_by_the_next_save(server: Server):
    """The watcher reports files removed from the output; the next rebuild after a save writes them again
    (it does not list the output folders otherwise)."""
    removed = server.project / "site/404.html"
    topic_page = server.project / "site/topics/reef-dispute.html"
    removed.unlink()
    time.sleep(1)  # the removal reaches the watcher on its own, and waits for a save
    assert not removed.exists()
    edit(server.project / TOPIC, "The reef is", "Saved after a removal: the reef is")
    wait_for_bytes(topic_page, b"Saved after a removal")
    assert removed.exists()  # written by the same build: it swaps in a whole new site


def test_a_save_no_watcher_saw_is_built_at_the_first_quiet_moment(project: Path):
    """A file saved during serve's first build, or before its watcher started, is built all the same."""
    preview = Preview(open_project(project), log=lambda message: None)
    preview.rebuild()
    edit(project / TOPIC, "The reef is", "Saved before the watcher: the reef is")
    with watching(preview):
        wait_for_bytes(project / "site/topics/reef-dispute.html", b"Saved before the watcher")


def test_an_output_file_removed_before_the_watcher_started_is_written_by_the_first_save(project: Path):
    """The save comes before the first quiet moment (QUIET_MS), whose build would have looked at every file:
    the save's build looks at every file instead of only at what the watcher reported."""
    preview = Preview(open_project(project), log=lambda message: None)
    preview.rebuild()
    removed = project / "site/404.html"
    removed.unlink()
    with watching(preview):
        time.sleep(0.2)  # the watcher is watching: the save below is reported to it
        edit(project / TOPIC, "The reef is", "Saved after a removal: the reef is")
        wait_for_bytes(project / "site/topics/reef-dispute.html", b"Saved after a removal")
        assert removed.exists()


def test_a_save_of_the_previous_edition_outside_content_is_built(project: Path):
    """The previous edition is kept outside content/ (editions/): the watcher follows it all the same."""
    preview = Preview(open_project(project), log=lambda message: None)
    preview.rebuild()
    (project / "editions").mkdir()
    edition = project / "editions/2020-01-01.json"
    edition.write_bytes((project / "site/briefing.json").read_bytes())
    edit(
        project / "content/briefing.yaml",
        "topics: [reef-dispute]",
        "topics: [reef-dispute]\nprevious_edition: editions/2020-01-01.json",
    )
    preview.rebuild()
    assert b"since the edition of 3 January 2020" in (project / "site/index.html").read_bytes()
    with watching(preview):
        time.sleep(QUIET_MS / 1000 + 0.5)  # past the first quiet moment's look at every file: only the
        edit(edition, '"as_of":"2020-01-03"', '"as_of":"2019-12-20"')  # watcher can see this save
        wait_for_bytes(project / "site/index.html", b"since the edition of 20 December 2019", timeout=10)
    assert preview.is_input(str(edition)) and not preview.is_input(str(project / ".briefing-cache/x.json"))


@contextlib.contextmanager
def watching(preview: Preview) -> Iterator[None]:
    """``watch`` running in a thread, as in ``serve``, stopped on the way out."""
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, _NoBrowsers(), stop))
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join(timeout=10)


def wait_for_bytes(path: Path, data: bytes, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while data not in path.read_bytes():
        assert time.monotonic() < deadline, f"{path.name} never held {data!r}"
        time.sleep(0.05)


class _NoBrowsers:
    """Stands in for the web server's loop: there is no page to reload."""

    def add_callback(self, *args: object) -> None:
        pass
