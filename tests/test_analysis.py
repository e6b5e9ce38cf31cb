"""The analytic parts of the seed briefing as a reader meets them: key judgments named by their words and
their confidence said in words wherever a page refers to one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from briefing.pipeline import Builder
from briefing.project import open_project
from conftest import REPO, edit, parse, tree_digest

CONFIDENCE = re.compile(r"^(high|moderate|low) confidence$")


@pytest.fixture(scope="module")
def written() -> dict:
    return yaml.safe_load((REPO / "content/briefing.yaml").read_text())


@pytest.fixture(scope="module")
def home(seed_site: Path) -> BeautifulSoup:
    return parse(seed_site / "index.html")


def visible_text(element: Tag) -> str:
    return " ".join(element.get_text(" ").split())


def test_every_judgment_shown_says_its_confidence_in_words(home: BeautifulSoup, seed_site: Path, written: dict):
    """On the home page, in the print view, and where a claim page lists the judgments it supports."""
    print_view = parse(seed_site / "print.html")
    for page in (home, print_view):
        judgments = page.select("ol.judgments > li")
        assert len(judgments) == len(written["key_judgments"])
        for item in judgments:
            assert CONFIDENCE.match(item.select_one(".judgment-meta .confidence").get_text())
    supported = 0
    for claim in sorted((seed_site / "claims").glob("*-*.html")):
        soup = parse(claim)
        supports = soup.find("dt", string="Supports")
        if supports is None:
            continue
        links = supports.find_next_sibling("dd").select("a")
        badges = supports.find_next_sibling("dd").select(".confidence")
        assert len(links) == len(badges) >= 1, claim.name
        assert all(CONFIDENCE.match(badge.get_text()) for badge in badges)
        assert all(not link.get_text().startswith(("kj-", "key judgment")) for link in links)
        referred = [li for li in soup.select(".backlinks li") if "(judgment)" in li.get_text()]
        assert referred and all(li.select_one(".confidence") for li in referred)
        assert "kj-" not in visible_text(soup.select_one("main"))
        supported += 1
    assert supported >= 20


def test_source_pages_name_who_cites_a_passage_not_their_ids(seed_site: Path):
    nikkei = parse(seed_site / "sources/nikkei-2017-09-07.html")
    titles = [mark["title"] for mark in nikkei.select("mark.cited[title]")]
    assert titles and all(title.startswith("cited by ") for title in titles)
    assert any("claim: Although Japan is a close U.S. ally" in title for title in titles)
    claims = yaml.safe_load((REPO / "content/annotations/claims.yaml").read_text())["claims"]
    for claim in claims:
        assert not any(re.search(rf"\b{claim['id']}\b", title) for title in titles), claim["id"]


def test_a_judgment_is_named_with_the_names_its_links_show_also_after_a_rename(project: Path, tmp_path: Path):
    """A ``[[id]]`` in a judgment shows the record's name wherever the judgment is named by its words; renaming
    the record in another file renames it there too, in a rebuild as in a cold build."""
    briefing = project / "content/briefing.yaml"
    edit(briefing, "judgment: Talks will continue.", "judgment: Talks on the [[blue-reef]] will continue.")
    builder = Builder(open_project(project))
    builder.build()

    def named() -> list[str]:
        claim = parse(project / "site/claims/talks-continue.html")
        return [a.get_text() for a in claim.find("dt", string="Supports").find_next_sibling("dd").select("a")]

    assert named() == ["Talks on the Blue Reef will continue"]
    edit(project / "content/annotations/records.yaml", "name: Blue Reef", "name: Azure Shoal")
    builder.build()
    assert named() == ["Talks on the Azure Shoal will continue"]
    Builder(open_project(project, tmp_path / "cold")).build()
    assert tree_digest(project / "site") == tree_digest(tmp_path / "cold")
