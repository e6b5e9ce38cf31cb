"""The ICD 203 parts of the seed briefing as a reader meets them: the confidence of the bottom line, key
judgments named by their words and their confidence said in words wherever a page refers to one, and the
assumptions, alternatives and indicators around them (home page, print view, claim and source pages,
briefing.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from briefing.pipeline import Builder
from briefing.project import open_project
from conftest import REPO, edit, parse, tree_digest

SECTIONS = {  # briefing.yaml list → its heading on the home page
    "assumptions": "Key assumptions",
    "alternatives": "Alternatives weighed",
    "indicators": "Indicators to watch",
}
CONFIDENCE = re.compile(r"^(high|moderate|low) confidence$")


@pytest.fixture(scope="module")
def written() -> dict:
    return yaml.safe_load((REPO / "content/briefing.yaml").read_text())


@pytest.fixture(scope="module")
def home(seed_site: Path) -> BeautifulSoup:
    return parse(seed_site / "index.html")


def visible_text(element: Tag) -> str:
    return " ".join(element.get_text(" ").split())


def judgment_words(judgment: dict) -> str:
    """The judgment as the site names it: its words up to the end of its first clause."""
    return re.split(r"[:;]\s| — |\.\s", judgment["judgment"])[0].rstrip(".")


def test_the_seed_briefing_states_each_part_within_the_bounds_asked_for(written: dict):
    assert written["bluf_confidence"] in ("high", "moderate", "low")
    assert 2 <= len(written["assumptions"]) <= 4
    assert 2 <= len(written["alternatives"]) <= 3
    assert 3 <= len(written["indicators"]) <= 5
    text = yaml.safe_dump({name: written[name] for name in SECTIONS})
    assert len(re.findall(r'\[@[a-z0-9-]+, \\?"', text)) >= 8, "they rest on the sources' exact words"


def test_home_shows_the_parts_after_the_key_judgments_in_order(home: BeautifulSoup, written: dict):
    headings = [h.get_text(strip=True) for h in home.select("main h2")]
    at = headings.index("Key judgments")
    assert headings[at + 1 : at + 4] == list(SECTIONS.values()), headings
    for name, heading in SECTIONS.items():
        section = home.find("h2", string=heading).find_parent("section")
        items = section.select("ol.analysis-list > li")
        assert [li["id"] for li in items] == [record["id"] for record in written[name]]


def test_each_part_links_the_key_judgments_it_bears_on_by_their_words_with_confidence(
    home: BeautifulSoup, written: dict
):
    judgments = {judgment["id"]: judgment for judgment in written["key_judgments"]}
    checked = 0
    for name in SECTIONS:
        for record in written[name]:
            item = home.find("li", id=record["id"])
            links = [a for a in item.select("dl.analysis-facts dd a") if a["href"].startswith("#kj-")]
            assert [a["href"][1:] for a in links] == record.get("judgments", []), record["id"]
            for link in links:
                judgment = judgments[link["href"][1:]]
                assert home.find("li", id=judgment["id"], class_="judgment") is not None
                assert link.get_text() == judgment_words(judgment)
                badge = link.find_next_sibling("span")
                assert badge.get_text() == f"{judgment['confidence']} confidence"
                checked += 1
    assert checked >= 10


def test_readers_see_words_not_ids_or_field_names(home: BeautifulSoup, written: dict):
    main = visible_text(home.select_one("main"))
    for name in ("key_judgments", *SECTIONS):
        for record in written[name]:
            assert record["id"] not in main
    for field in ("why_less_likely", "would_be_right_if", "would_mean", "judgments:", "bluf_confidence"):
        assert field not in main
    alternative = home.find("li", id=written["alternatives"][0]["id"])
    assert [dt.get_text() for dt in alternative.select("dt")] == [
        "Why it is less likely",
        "It would be right if",
        "Weighed against",
    ]


def test_their_citations_are_markers_that_land_on_the_cited_words(home: BeautifulSoup, seed_site: Path):
    for name in SECTIONS:
        section = home.find("h2", string=SECTIONS[name]).find_parent("section")
        markers = section.select("a.cite")
        assert markers, name
        for marker in markers:
            page, _, anchor = marker["href"].partition("#")
            assert anchor and parse(seed_site / page).select_one(f"mark.cited#{anchor}") is not None


def test_source_pages_say_which_assumption_alternative_or_indicator_cites_them(seed_site: Path, written: dict):
    nikkei = parse(seed_site / "sources/nikkei-2017-09-07.html")
    citers = visible_text(nikkei.select_one("section.source-citers"))
    assert "cited by assumption: Nikkei's account of the Vladivostok talks is" in citers
    assert "cited by alternative reading: Russia backs a total oil ban after all" in citers
    assert "cited by indicator: Whether Moscow and Beijing put the road map" in citers
    backlinks = {a["href"] for a in nikkei.select(".backlinks a")}
    assert {f"../index.html#{record['id']}" for record in written["assumptions"][:2]} <= backlinks
    titles = " ".join(mark["title"] for mark in nikkei.select("mark.cited[title]"))
    assert "cited by assumption: " in titles and "asm-" not in titles and "kj-" not in titles


def test_source_pages_name_who_cites_a_passage_not_their_ids(seed_site: Path):
    nikkei = parse(seed_site / "sources/nikkei-2017-09-07.html")
    titles = [mark["title"] for mark in nikkei.select("mark.cited[title]")]
    assert titles and all(title.startswith("cited by ") for title in titles)
    assert any("claim: Although Japan is a close U.S. ally" in title for title in titles)
    claims = yaml.safe_load((REPO / "content/annotations/claims.yaml").read_text())["claims"]
    for claim in claims:
        assert not any(re.search(rf"\b{claim['id']}\b", title) for title in titles), claim["id"]


def test_bluf_says_its_confidence_in_words(home: BeautifulSoup, written: dict):
    confidence = home.select_one("section.bluf .bluf-confidence")
    assert visible_text(confidence) == f"{written['bluf_confidence']} confidence in this bottom line"


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
        referred = [li for li in soup.select(".backlinks li") if "a key judgment resting on" in li.get_text()]
        assert referred and all(li.select_one(".confidence") for li in referred)
        assert "kj-" not in visible_text(soup.select_one("main"))
        supported += 1
    assert supported >= 20


def test_print_view_holds_them_after_the_key_judgments(seed_site: Path, written: dict):
    soup = parse(seed_site / "print.html")
    chapters = [h.get_text(strip=True) for h in soup.select("section.chapter > h2")]
    assert chapters[:2] == ["Bottom line up front and key judgments", "Assumptions, alternatives and indicators"]
    assert soup.select_one('.toc a[href="#analysis"]')
    chapter = soup.find("h2", id="analysis").find_parent("section")
    for name, heading in SECTIONS.items():
        assert chapter.find("h3", string=heading)
        for record in written[name]:
            item = chapter.find("li", id=record["id"])
            assert item is not None
            assert {a["href"] for a in item.select("dd a")} >= {f"#{ref}" for ref in record.get("judgments", [])}
            assert all(a["href"].startswith("#note-") for a in item.select("a.cite"))
    assert visible_text(soup.select_one(".bluf .bluf-confidence")) == "moderate confidence in this bottom line"


def test_briefing_json_has_them(seed_site: Path, written: dict, home: BeautifulSoup):
    document = json.loads((seed_site / "briefing.json").read_text())["briefing"]
    assert document["bluf_confidence"] == written["bluf_confidence"]
    judgments = {judgment["id"] for judgment in document["key_judgments"]}
    for name in SECTIONS:
        assert [record["id"] for record in document[name]] == [record["id"] for record in written[name]]
        for exported, record in zip(document[name], written[name], strict=True):
            text_field = name[:-1]
            assert exported[text_field] == record[text_field].strip()
            assert set(exported["judgments"]) <= judgments
            page, _, anchor = exported["page"].partition("#")
            assert page == "index.html" and home.find(id=anchor) is not None
    assert all(record["would_mean"] for record in document["indicators"])


def test_a_judgment_is_named_with_the_names_its_links_show_also_after_a_rename(project: Path, tmp_path: Path):
    """A ``[[id]]`` in a judgment shows the record's name wherever the judgment is named by its words; renaming
    the record in another file renames it there too, in a rebuild as in a cold build."""
    edit(
        project / "content/briefing.yaml",
        "judgment: Talks will continue.",
        "judgment: Talks on the [[blue-reef]] will continue.",
    )
    builder = Builder(open_project(project))
    builder.build()

    def named() -> list[str]:
        home = parse(project / "site/index.html")
        claim = parse(project / "site/claims/talks-continue.html")
        supports = claim.find("dt", string="Supports").find_next_sibling("dd")
        return [a.get_text() for a in [*home.find("li", id="asm-ministers-stay").select("dd a"), *supports.select("a")]]

    assert named() == ["Talks on the Blue Reef will continue"] * 2
    edit(project / "content/annotations/records.yaml", "name: Blue Reef", "name: Azure Shoal")
    builder.build()
    assert named() == ["Talks on the Azure Shoal will continue"] * 2
    Builder(open_project(project, tmp_path / "cold")).build()
    assert tree_digest(project / "site") == tree_digest(tmp_path / "cold")
