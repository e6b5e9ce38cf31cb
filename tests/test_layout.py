"""Every page kind at 320 px, 390 px and desktop, light and dark, in real Chromium: nothing scrolls sideways,
axe-core finds nothing, the claims matrix is readable, a topic page leads with its claims; every page title
is distinct and every page links the favicon.

The seed briefing is served over http (the search page needs it) and each page is loaded once per colour
scheme, then measured at each width by resizing the one page.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from briefing.diagnostics import Diagnostics
from briefing.titles import check_titles, page_title
from conftest import REPO, parse

AXE = REPO / "tests/axe/node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = [320, 390, 1280]
SEARCH = "search.html?q=Putin"


def first(site: Path, folder: str) -> str:
    return sorted(f"{folder}/{p.name}" for p in (site / folder).glob("*.html") if p.name != "index.html")[0]


def page_kinds(site: Path) -> list[str]:
    """A page of every kind the issue names, the search page with results included."""
    return [
        "index.html",
        first(site, "topics"),
        "claims/index.html",
        first(site, "claims"),
        "sources/index.html",
        first(site, "sources"),
        "entities/index.html",
        first(site, "entities"),
        first(site, "events"),
        "quotes/index.html",
        first(site, "quotes"),
        "timeline.html",
        "print.html",
        SEARCH,
    ]


def load(page, base: str, path: str) -> None:
    page.goto(base + path)
    if path == SEARCH:
        page.wait_for_selector(".pagefind-ui__result-link", timeout=30000)
        page.wait_for_function("document.querySelectorAll('.pagefind-ui__result').length >= 5", timeout=30000)


def axe_violations(page, script: str) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=script)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{v['id']} ({len(v['nodes'])}×) at {[n['target'] for n in v['nodes'][:2]]}" for v in result["violations"]]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_scrolls_sideways_and_axe_finds_nothing(seed_site: Path, served_site: str, browser, scheme: str):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run the tests with scripts/test, which installs axe-core with npm")
    script = AXE.read_text()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems = []
    for path in page_kinds(seed_site):
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        load(page, served_site, path)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            scroll, client = page.evaluate(
                "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
            )
            if scroll > client:
                problems.append(f"{path} at {width} px scrolls sideways: {scroll} > {client}")
            problems += [f"{path} at {width} px: {v}" for v in axe_violations(page, script)]
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_claims_matrix_is_readable_at_every_width(served_site: str, browser):
    """Every column, Confidence included, is inside the window; on a phone each claim is a card that keeps
    its table semantics for screen readers and shows only the sources that bear on it."""
    page = browser.new_page()
    page.goto(served_site + "claims/index.html")
    claims = page.locator("table.matrix tbody tr").count()
    assert claims > 0
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        outside = page.evaluate(
            """() => [...document.querySelectorAll('table.matrix tbody td:last-child, table.matrix thead th')]
                 .filter(cell => getComputedStyle(cell).display !== 'none' && cell.getClientRects().length)
                 .filter(cell => { const r = cell.getBoundingClientRect();
                                   return r.right > document.documentElement.clientWidth + 0.5 || r.left < 0; })
                 .map(cell => cell.textContent.trim().slice(0, 40))"""
        )
        region = page.locator(".table-scroll")
        if region.count():
            assert region.evaluate("el => el.scrollWidth <= el.clientWidth"), f"the matrix scrolls at {width} px"
        if width > 400:
            assert not outside, f"cut off at {width} px: {outside}"
        confidence = page.locator("table.matrix tbody td:last-child").first
        assert confidence.is_visible() and confidence.bounding_box()["x"] + 10 < width
    page.set_viewport_size({"width": 390, "height": 800})
    labels = page.evaluate(
        "[...document.querySelectorAll('table.matrix tbody tr:first-child td')]"
        ".filter(td => getComputedStyle(td).display !== 'none')"
        ".map(td => getComputedStyle(td, '::before').content)"
    )
    assert labels[-1] == '"Confidence: "' and labels[-2] == '"Independent origins: "', labels
    assert all(label not in ("none", "normal") for label in labels), labels
    empty = page.evaluate(
        "[...document.querySelectorAll('table.matrix td.cell')].filter(td => !td.querySelector('.grade-cell'))"
        ".map(td => getComputedStyle(td).display)"
    )
    assert empty and set(empty) == {"none"}
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    roles = [node.get("role", {}).get("value") for node in tree if not node.get("ignored")]
    assert roles.count("table") >= 1
    assert roles.count("rowheader") == claims and roles.count("columnheader") >= 3
    page.close()


@pytest.mark.browser
def test_a_topic_on_a_phone_leads_with_its_summary_and_claims(seed_site: Path, served_site: str, browser):
    topic = first(seed_site, "topics")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served_site + topic)
    first_section = page.locator("main h2:visible").first.text_content()
    assert first_section.strip() == "Claims"
    assert page.locator(".page-header .summary").bounding_box()["y"] < 844
    collapsed = page.locator("details.collapsible")
    assert collapsed.count() >= 2
    for summary in collapsed.locator("summary").all():
        assert summary.locator(".count").text_content().strip("()").isdigit()
    assert not page.evaluate("[...document.querySelectorAll('details.collapsible')].some(d => d.open)")
    closed_height = page.evaluate("document.scrollingElement.scrollHeight")
    page.evaluate("document.querySelectorAll('details.collapsible').forEach(d => d.open = true)")
    assert page.evaluate("document.scrollingElement.scrollHeight") > closed_height
    page.close()


@pytest.mark.browser
def test_referred_to_by_columns_do_not_split_an_item(seed_site: Path, served_site: str, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(served_site + "topics/sanctions.html")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    items = page.locator(".backlinks li")
    assert items.count() > 4 and page.locator(".backlinks ul").evaluate("ul => getComputedStyle(ul).columnCount") == "2"
    split = page.evaluate(
        "[...document.querySelectorAll('.backlinks li')].filter(li => li.getClientRects().length > 1).length"
    )
    assert split == 0
    page.close()


def test_every_page_title_is_distinct(seed_site: Path):
    titles: dict[str, str] = {}
    for path in sorted(seed_site.rglob("*.html")):
        title = page_title(path.read_bytes())
        relative = path.relative_to(seed_site).as_posix()
        assert title, relative
        assert title not in titles, f"{relative} and {titles.get(title)} share the title {title!r}"
        titles[title] = relative


def test_the_build_warns_about_pages_that_share_a_title():
    page = b"<!doctype html><html><head><title>Same &amp; title</title></head><body></body></html>"
    diagnostics = Diagnostics()
    check_titles({"a.html": page, "b/c.html": page, "d.html": page.replace(b"Same", b"Other")}, diagnostics)
    [warning] = diagnostics.warnings
    assert warning.code == "duplicate-title" and str(warning.location) == "a.html"
    assert "“Same & title”" in warning.message and "b/c.html" in warning.message


@pytest.mark.browser
def test_every_page_links_the_favicon_and_it_is_served(seed_site: Path, served_site: str):
    for path in sorted(seed_site.rglob("*.html")):
        icons = parse(path).select('link[rel="icon"]')
        assert len(icons) == 1, path
        assert (path.parent / icons[0]["href"]).resolve() == (seed_site / "static/favicon.svg").resolve(), path
    with urllib.request.urlopen(served_site + "static/favicon.svg") as response:
        assert response.status == 200 and response.read().lstrip().startswith(b"<svg")


@pytest.mark.browser
def test_with_many_sources_the_claim_and_its_confidence_stay_in_view(served_site: str, browser):
    """The seed's matrix, its source columns repeated to 25: the sources scroll in their region while the
    claim and the Confidence column stay inside the window."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(served_site + "claims/index.html")
    page.evaluate(
        """() => { for (const tr of document.querySelectorAll('table.matrix tr')) {
             const sources = [...tr.children].slice(1, -2);
             for (let i = 0; i < 4; i++) for (const cell of sources)
               tr.insertBefore(cell.cloneNode(true), tr.children[tr.children.length - 2]); } }"""
    )
    region = page.locator(".table-scroll")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it does scroll now
    for scrolled in (0, 10_000):
        region.evaluate(f"el => el.scrollLeft = {scrolled}")
        confidence = page.locator("table.matrix tbody tr:first-child > :last-child").bounding_box()
        claim = page.locator("table.matrix tbody tr:first-child > th").bounding_box()
        box = region.bounding_box()
        assert box["x"] - 1 <= claim["x"] and confidence["x"] + confidence["width"] <= box["x"] + box["width"] + 1
    page.close()
