"""Machine-readable outputs: briefing.json against its schema, CSL-JSON, the Atom feed, sitemap, robots, JSON-LD."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, edit, parse, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def document(seed_site: Path) -> dict:
    return json.loads((seed_site / "briefing.json").read_text())


def test_briefing_json_follows_its_schema(document: dict):
    schema = json.loads((REPO / "schemas/briefing.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def test_every_id_in_briefing_json_has_a_page_and_resolves(document: dict, seed_site: Path):
    ids = {}
    for section in ("sources", "entities", "events", "quotes", "claims", "topics"):
        for record in document[section]:
            assert (seed_site / record["page"]).is_file(), record["page"]
            ids[record["id"]] = section
    assert len(ids) == sum(len(document[s]) for s in ("sources", "entities", "events", "quotes", "claims", "topics"))
    mentioned = set()
    for section in ("events", "quotes", "claims"):
        for record in document[section]:
            for key in ("evidence", "renderings", "contradicting"):
                for selector in record.get(key, []):
                    mentioned.add(selector["source"])
                    page = seed_site / selector["url"].split("#")[0]
                    assert parse(page).find(id=selector["anchor"]) is not None
            for key in ("participants", "topics", "about"):
                mentioned.update(record.get(key, []))
    for judgment in document["briefing"]["key_judgments"]:
        mentioned.update(judgment["claims"])
    assert mentioned - set(ids) == set()


def test_sources_as_csl_json(seed_site: Path):
    items = json.loads((seed_site / "sources.csl.json").read_text())
    assert len(items) == 5
    for item in items:
        assert item["type"] == "article-newspaper" and item["title"] and item["container-title"]
        assert item["issued"]["date-parts"][0][0] == 2017


def test_atom_feed_lists_events_and_sources_newest_first(seed_site: Path, document: dict):
    feed = ET.parse(seed_site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(document["events"]) + len(document["sources"])
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")
        assert (seed_site / href).is_file()
        assert entry.findtext(f"{ATOM}id").startswith("tag:")


def test_sitemap_needs_a_base_url(seed_site: Path, project: Path):
    assert not (seed_site / "sitemap.xml").exists()
    result = run_cli("--project", project)
    assert "warning: no-sitemap: sitemap.xml is not written" in result.stderr
    edit(
        project / "content/briefing.yaml",
        "topics: [reef-dispute]",
        "topics: [reef-dispute]\nbase_url: https://example.org/reef/",
    )
    result = run_cli("--project", project)
    assert result.code == 0 and "no-sitemap" not in result.stderr
    urls = [
        loc.text
        for loc in ET.parse(project / "site/sitemap.xml")
        .getroot()
        .iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert "https://example.org/reef/index.html" in urls and all(
        u.startswith("https://example.org/reef/") for u in urls
    )
    assert "Sitemap: https://example.org/reef/sitemap.xml" in (project / "site/robots.txt").read_text()


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        ("index.html", "Report"),
        ("sources/rferl-2017-04-27.html", "NewsArticle"),
        ("events/moscow-talks-2017-04-27.html", "Event"),
        ("entities/vladimir-putin.html", "Person"),
        ("entities/russia.html", "Country"),
        ("entities/kuril-islands.html", "Place"),
        ("entities/reuters.html", "Organization"),
        ("quotes/putin-situation-worse.html", "Quotation"),
        ("topics/sanctions.html", "Article"),
    ],
)
def test_json_ld_and_meta_on_pages(seed_site: Path, page: str, kind: str):
    soup = parse(seed_site / page)
    [script] = soup.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org" and data["@type"] == kind
    assert soup.find("meta", attrs={"name": "description"})["content"]
    assert soup.find("meta", property="og:title")["content"]


def test_claim_pages_carry_a_claim(seed_site: Path):
    page = next((seed_site / "claims").glob("*-*.html"))
    data = json.loads(parse(page).find("script", type="application/ld+json").string)
    assert data["@type"] == "Claim" and data["appearance"]
