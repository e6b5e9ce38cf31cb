"""The seed briefing's built site, checked by parsing its HTML and following its links."""

from __future__ import annotations

import posixpath
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from briefing.textmatch import squash
from conftest import REPO, parse, run_cli, tree_digest

PAGE_TYPES = {
    "home": "index.html",
    "topic": "topics/kuril-islands-dispute.html",
    "event": "events/",
    "entity": "entities/",
    "source": "sources/rferl-2017-04-27.html",
    "timeline": "timeline.html",
    "quotes": "quotes/index.html",
    "claims matrix": "claims/index.html",
}


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def internal_links(page: str, soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(target page, fragment) for every relative link on a page."""
    links = []
    for element in soup.find_all(href=True) + soup.find_all(src=True):
        value = element.get("href") or element.get("src")
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            continue
        target = (
            posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) if parts.path else page
        )
        links.append((target, unquote(parts.fragment)))
    return links


def test_every_internal_link_and_anchor_resolves(seed_site: Path):
    soups = {page: parse(seed_site / page) for page in html_pages(seed_site)}
    checked = 0
    for page, soup in soups.items():
        for target, fragment in internal_links(page, soup):
            assert (seed_site / target).is_file(), f"{page} links to missing {target}"
            if fragment:
                assert target in soups and soups[target].find(id=fragment), (
                    f"{page} links to missing {target}#{fragment}"
                )
            checked += 1
    assert checked > 2000


def test_every_page_type_is_reachable_from_home_in_a_few_clicks(seed_site: Path):
    depth = {"index.html": 0}
    queue = deque(["index.html"])
    while queue:
        page = queue.popleft()
        for target, _ in internal_links(page, parse(seed_site / page)):
            if target.endswith(".html") and target not in depth:
                depth[target] = depth[page] + 1
                queue.append(target)
    unlinked = set(html_pages(seed_site)) - set(depth) - {"404.html"}  # the server's not-found page
    assert not unlinked, f"pages not linked from anywhere: {sorted(unlinked)}"
    for kind, prefix in PAGE_TYPES.items():
        nearest = min(d for p, d in depth.items() if p.startswith(prefix))
        assert nearest <= 2, f"{kind} pages are {nearest} clicks from home"


def test_every_citation_lands_on_a_highlight_of_exactly_the_cited_words(seed_site: Path):
    landed = 0
    for page in html_pages(seed_site):
        soup = parse(seed_site / page)
        for item in soup.select(".cited-sources li"):
            link = item.find("a", href=lambda h: h and "#q" in h)
            if link is None:
                continue
            target, fragment = internal_links(page, BeautifulSoup(str(link), "html.parser"))[0]
            quoted = item.get_text().split(": “", 1)[1].rsplit("”", 1)[0]
            source = parse(seed_site / target)
            pieces = source.select(f'mark.cited[data-span="{fragment}"]')
            assert pieces and pieces[0].get("id") == fragment, f"{page}: {fragment} not highlighted in {target}"
            assert squash("".join(p.get_text() for p in pieces)) == squash(quoted)
            landed += 1
    assert landed > 150


def test_markdown_citations_link_to_spans(seed_site: Path):
    soup = parse(seed_site / "topics/kuril-islands-dispute.html")
    markers = soup.select("article.prose a.cite")
    assert len(markers) >= 5
    for marker in markers:
        assert "#q" in marker["href"] or marker["href"].endswith(".html")
        assert marker.get_text().startswith("[")


def test_entity_mentions_are_found_through_aliases(seed_site: Path):
    soup = parse(seed_site / "sources/rferl-2017-04-27.html")
    mentions = {a.get_text(): a["href"] for a in soup.select("a.mention")}
    for alias in ("Northern Territories", "Southern Kuriles"):
        assert mentions[alias] == "../entities/kuril-islands.html"
    kuril = parse(seed_site / "entities/kuril-islands.html")
    sentences = [li.get_text(" ", strip=True) for li in kuril.select("ul.mentions li")]
    assert any("Northern Territories" in s and "Southern Kuriles" in s for s in sentences)


def test_template_syntax_in_a_capture_is_shown_as_text(seed_site: Path):
    soup = parse(seed_site / "sources/nikkei-2017-09-07.html")
    removed = soup.select_one("table.removed").get_text()
    assert "{{numberArticlesLeft}}" in removed


def test_quote_renderings_side_by_side_with_differences_marked(seed_site: Path):
    soup = parse(seed_site / "quotes/index.html")
    differences = {word.strip(",.") for mark in soup.select("mark.diff") for word in mark.get_text().split()}
    assert {"got", "gotten"} <= differences
    assert {"belligerent", "military"} <= differences
    for block in soup.select(".quote-block"):
        assert len(block.select(".rendering")) >= 1


def test_claims_matrix_counts_independent_origins(seed_site: Path):
    soup = parse(seed_site / "claims/index.html")
    header = [th.get_text(" ", strip=True) for th in soup.select("table.matrix thead th")]
    assert header[0] == "Claim" and header[-2:] == ["Independent origins", "Confidence"]
    rows = soup.select("table.matrix tbody tr")
    assert len(rows) == len(list(seed_site.glob("claims/*.html"))) - 1  # one row per claim page
    for row in rows:
        cells = row.find_all("td")
        graded = sum(1 for cell in cells[:-2] if cell.select("a.grade-cell:not(.contra)"))
        origins = int(cells[-2].select_one(".count").get_text())
        assert cells[-2].select_one(".origin-names").get_text(strip=True)
        assert 1 <= origins <= max(1, graded) + 2


def test_source_page_shows_provenance_and_numbered_paragraphs(seed_site: Path):
    soup = parse(seed_site / "sources/rferl-2017-04-27.html")
    paragraphs = soup.select(".source-text .para")
    assert [p["id"] for p in paragraphs] == [f"p{n}" for n in range(1, len(paragraphs) + 1)]
    assert soup.find("a", href="raw/rferl-2017-04-27.txt")
    assert (seed_site / "sources/raw/rferl-2017-04-27.txt").read_bytes() == (
        REPO / "content/sources/raw/rferl-2017-04-27.txt"
    ).read_bytes()
    assert len(soup.select("code.hash")[0].get_text()) == 64
    assert soup.select(".backlinks li")


def test_source_data_view_shows_the_record_with_file_and_line(seed_site: Path):
    soup = parse(seed_site / "claims/index.html")
    first_claim = soup.select_one("table.matrix tbody th a")["href"]
    claim = parse(seed_site / "claims" / first_claim)
    summary = claim.select_one("details.source-data summary").get_text()
    assert "content/annotations/claims.yaml:" in summary
    code = claim.select_one("details.source-data .highlight").get_text()
    assert f"id: {Path(first_claim).stem}" in code


def test_event_pages_link_previous_and_next(seed_site: Path):
    soup = parse(seed_site / "timeline.html")
    events = [a["href"] for a in soup.select(".timeline-event h2 a")]
    middle = parse(seed_site / events[len(events) // 2])
    assert middle.select_one('a[rel="prev"]') and middle.select_one('a[rel="next"]')
    assert soup.select(".status-scheduled .badge.scheduled")


def test_two_builds_are_byte_identical(seed_site: Path, tmp_path: Path):
    again = tmp_path / "again"
    assert run_cli("build", "--project", REPO, "--output", again, "--no-cache").code == 0
    assert tree_digest(again) == tree_digest(seed_site)


@pytest.mark.parametrize("page", ["index.html", "topics/sanctions.html", "sources/nikkei-2017-09-07.html"])
def test_every_page_has_one_h1_navigation_breadcrumbs_and_handling_note(seed_site: Path, page: str):
    soup = parse(seed_site / page)
    assert len(soup.find_all("h1")) == 1
    assert soup.select_one('nav[aria-label="Main"]')
    assert soup.select_one(".handling").get_text(strip=True).startswith("UNCLASSIFIED")
    if page != "index.html":
        assert soup.select_one("nav.breadcrumbs")
