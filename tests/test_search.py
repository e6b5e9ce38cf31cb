"""Full-text search in real Chromium: served over http it finds pages; opened from a folder it says why not."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served_site(seed_site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(seed_site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def results(page, base: str, query: str) -> list[str]:
    """The result links once Pagefind's UI has shown them all: it adds them one by one as their fragments load."""
    page.goto(f"{base}search.html?q={query}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    found: list[str] = []
    for _ in range(50):
        shown = [link.get_attribute("href") for link in page.locator(".pagefind-ui__result-link").all()]
        if shown == found:
            break
        found = shown
        page.wait_for_timeout(300)
    return found


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kuril", ["/topics/kuril-islands-dispute.html", "/entities/kuril-islands.html"]),
        ("six-party", ["/topics/six-party-talks.html"]),
        ("Kono", ["/entities/taro-kono.html"]),
    ],
)
def test_search_finds_the_expected_pages(served_site: str, browser, query: str, expected: list[str]):
    page = browser.new_page()
    found = results(page, served_site, query)
    for path in expected:
        assert path in found, f"{path} not among {found}"
    page.close()


def test_words_are_found_where_they_were_written_not_where_an_entity_page_repeats_them(served_site: str, browser):
    """Entity pages list the sentences that mention them; those are indexed on their source page only."""
    page = browser.new_page()
    pages = {link.split("#")[0] for link in results(page, served_site, "imploded")}  # results and their sections
    assert pages == {"/sources/mtt-2017-04.html"}
    page.close()


def test_results_show_page_type_and_filters(served_site: str, browser):
    page = browser.new_page()
    results(page, served_site, "Putin")
    titles = page.locator(".pagefind-ui__result-title").all_inner_texts()
    assert any(title.startswith("Topic · ") for title in titles)
    assert page.locator(".pagefind-ui__result-excerpt").first.inner_text().strip()
    assert shown_filters(page, {"type", "topic"}) >= {"type", "topic"}
    page.close()


def shown_filters(page, expected: set[str]) -> set[str]:
    """The filter names once the expected ones are all shown, or after 10 s: Pagefind adds each as its file loads."""
    names: set[str] = set()
    for _ in range(50):
        names = {name.strip().lower() for name in page.locator(".pagefind-ui__filter-name").all_inner_texts()}
        if expected <= names:
            break
        page.wait_for_timeout(200)
    return names


def test_header_search_box_submits_to_the_search_page(served_site: str, browser):
    page = browser.new_page()
    page.goto(served_site + "timeline.html")
    page.get_by_role("searchbox").fill("Vladivostok")
    page.get_by_role("search").get_by_role("button").click()
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    assert "search.html?q=Vladivostok" in page.url
    page.close()


def test_from_a_folder_search_explains_and_offers_the_indexes(seed_site: Path, browser):
    page = browser.new_page()
    page.goto((seed_site / "search.html").as_uri() + "?q=Kuril")
    notice = page.locator("#search-unavailable")
    assert notice.is_visible()
    assert page.get_by_role("searchbox").get_attribute("placeholder") == "Search needs a web server"
    assert "opened from a folder" in notice.inner_text()
    notice.get_by_role("link", name="Timeline").click()
    assert page.url.endswith("timeline.html")
    page.close()
