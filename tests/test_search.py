"""Full-text search in real Chromium: served over http it finds pages; opened from a folder it says why not.

A large briefing's index is made in parts that the search page merges: the seed briefing indexed in small
parts must find what its one-part index finds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing import search
from briefing.pipeline import Builder
from briefing.project import open_project
from conftest import REPO, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed briefing, its index dealt into parts of 20 pages (a large briefing's hold 2,500)."""
    output = tmp_path_factory.mktemp("split") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_PAGES", 20)
        Builder(open_project(REPO, output=output)).build()
    return output


@pytest.fixture(scope="module")
def served_split_site(split_site: Path) -> Iterator[str]:
    with serving(split_site) as address:
        yield address


def results(page, base: str, query: str) -> list[str]:
    """The result links once Pagefind's UI has shown them all: it adds them one by one as their fragments load."""
    page.goto(f"{base}search.html?q={query}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    found: list[str] = []
    for _ in range(50):
        shown = results_shown(page)
        if shown == found:
            break
        found = shown
        page.wait_for_timeout(300)
    return found


def results_shown(page) -> list[str]:
    return [link.get_attribute("href") for link in page.locator(".pagefind-ui__result-link").all()]


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
    """The filter names once the expected ones are all shown, or after 30 s (a loaded machine is slow):
    Pagefind adds each as its file loads."""
    names: set[str] = set()
    for _ in range(150):
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


def test_a_large_index_is_made_in_parts_each_a_bundle_of_its_own(split_site: Path, seed_site: Path):
    merged = json.loads((split_site / "pagefind/parts.json").read_text())["merge"]
    assert len(merged) >= 5
    assert json.loads((seed_site / "pagefind/parts.json").read_text()) == {"merge": []}
    indexed = 0
    for folder in ["", *merged]:
        bundle = split_site / "pagefind" / folder
        assert (bundle / "pagefind.js").is_file(), folder
        assert (bundle / "pagefind-ui.js").is_file() == (folder == ""), "only the main bundle carries the UI"
        indexed += json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]
    whole = json.loads((seed_site / "pagefind/pagefind-entry.json").read_text())["languages"]["en"]["page_count"]
    assert indexed == whole


def every_result(page, base: str, query: str) -> tuple[str, set[str]]:
    """The count Pagefind's UI gives, and every result link, once "Load more results" has shown them all
    (the parts rank the pages by their own statistics, so the first few may differ from one index's)."""
    results(page, base, query)
    more = page.locator(".pagefind-ui__button")
    while more.count():
        more.click()
        page.wait_for_timeout(300)
    return page.locator(".pagefind-ui__message").inner_text(), set(results_shown(page))


@pytest.mark.parametrize("query", ["Kuril", "six-party", "Putin"])
def test_the_parts_merged_find_what_one_index_finds(served_site: str, served_split_site: str, browser, query: str):
    page = browser.new_page()
    count, found = every_result(page, served_split_site, query)
    assert shown_filters(page, {"type", "topic"}) >= {"type", "topic"}
    assert (count, found) == every_result(page, served_site, query)
    page.close()
