"""The built site opened from file:// in real Chromium, as a reader would use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.textmatch import squash

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()


def test_every_page_type_is_a_few_clicks_from_home(seed_site: Path, page):
    home = (seed_site / "index.html").as_uri()
    page.goto(home)
    page.click(".cards a >> nth=0")
    assert "/topics/" in page.url and page.locator("h1").count() == 1
    page.click("ol.mini-timeline a >> nth=0")
    assert "/events/" in page.url
    page.click("dl.facts a[href*='entities/'] >> nth=0")
    assert "/entities/" in page.url
    for label, fragment in [
        ("Timeline", "timeline.html"),
        ("People & places", "entities/index.html"),
        ("Quotes", "quotes/index.html"),
        ("Claims", "claims/index.html"),
        ("Sources", "sources/index.html"),
    ]:
        page.goto(home)
        page.get_by_role("navigation", name="Main").get_by_role("link", name=label, exact=True).click()
        assert page.url.endswith(fragment), page.url
    page.click("table.data tbody a >> nth=0")
    assert "/sources/" in page.url and page.locator(".source-text .para").count() > 3


def test_a_citation_lands_on_the_highlighted_words(seed_site: Path, page):
    page.goto((seed_site / "claims/index.html").as_uri())
    page.click("table.matrix tbody th a >> nth=0")
    quote = page.locator("li.evidence blockquote").first.inner_text().strip().strip("“”")
    page.locator("li.evidence a.cite").first.click()
    assert "/sources/" in page.url and "#q" in page.url
    target = page.locator("mark.cited:target")
    assert target.count() == 1
    anchor = page.url.split("#", 1)[1]
    pieces = page.locator(f'mark.cited[data-span="{anchor}"]')
    assert squash("".join(pieces.all_inner_texts())) == squash(quote)
    highlighted = target.evaluate("el => getComputedStyle(el).backgroundColor")
    plain = page.locator("mark.cited:not(:target)").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert highlighted != plain
    assert target.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")


def test_readable_and_filterable_without_javascript(seed_site: Path, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((seed_site / "index.html").as_uri())
    assert "Bottom line up front" in page.inner_text("main")
    page.goto((seed_site / "timeline.html").as_uri())
    everything = page.locator(".timeline-event:visible").count()
    page.get_by_label("The six-party talks").check()
    visible = page.locator(".timeline-event:visible")
    assert 0 < visible.count() < everything
    for index in range(visible.count()):
        assert "topic-six-party-talks" in visible.nth(index).get_attribute("class")
    context.close()


@pytest.mark.parametrize("path", ["index.html", "sources/nikkei-2017-09-07.html", "claims/index.html"])
def test_usable_on_a_phone(seed_site: Path, browser, path: str):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto((seed_site / path).as_uri())
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    context.close()
