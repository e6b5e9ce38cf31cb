"""Standard metadata on the built seed briefing: JSON-LD, the page head, CSL-JSON authors, the original
address of a source and "open in original" Text Fragment links to the cited words.

The seed briefing has no ``base_url`` and records no source's address, so the module also builds a copy
of it with both (``published``): what a briefing published on the web gives.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import REPO, edit, parse, run_cli

BASE = "https://briefings.example.org/japan-russia/"
URLS = {  # two sources given an address; one has a fragment of its own
    "rferl-2017-04-27": "https://www.rferl.org/a/putin-abe-vow-to-work-together/28455555.html",
    "nikkei-2017-09-07": "https://asia.nikkei.com/Politics/Putin-Abe-vow-teamwork?page=2&x=1#top",
}
AGENTS = {"Person", "Organization"}


@pytest.fixture(scope="module")
def document(seed_site: Path) -> dict:
    return json.loads((seed_site / "briefing.json").read_text())


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed briefing with a base_url and the addresses of two sources, built once."""
    root = tmp_path_factory.mktemp("published")
    shutil.copytree(REPO / "content", root / "project/content")
    edit(root / "project/content/briefing.yaml", "\nlanguage: en\n", f"\nlanguage: en\nbase_url: {BASE}\n")
    for source_id, url in URLS.items():
        edit(root / f"project/content/sources/{source_id}.md", "\nlanguage: en\n", f'\nlanguage: en\nurl: "{url}"\n')
    result = run_cli("build", "--project", root / "project", "--output", root / "site", "--no-cache")
    assert result.code == 0, result.stderr
    return root / "site"


def _pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if "pagefind" not in path.parts)


def _json_ld(path: Path) -> dict:
    [script] = parse(path).find_all("script", type="application/ld+json")
    return json.loads(script.string)


def _walk(value: object):
    """Every JSON object in a JSON-LD document."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def test_quotations_name_their_speaker_source_and_the_language_of_their_text(seed_site: Path, document: dict):
    """Before: 11 Quotations, none with isBasedOn or spokenByCharacter, 11 marked ja or ru (the language
    spoken) although their text is an English rendering. After: the language of the rendering's source."""
    sources = {source["id"]: source for source in document["sources"]}
    entities = {entity["id"]: entity for entity in document["entities"]}
    translated = 0
    for quote in document["quotes"]:
        data = _json_ld(seed_site / quote["page"])
        first = quote["renderings"][0]
        assert data["@type"] == "Quotation" and data["text"] == first["quote"]
        assert data["isBasedOn"]["@type"] == "NewsArticle"
        assert data["isBasedOn"]["identifier"] == first["source"]
        assert data["isBasedOn"]["headline"] == sources[first["source"]]["title"]
        assert data["inLanguage"] == sources[first["source"]]["language"]
        speaker = entities[quote["speaker"]]
        expected = "Person" if speaker["kind"] == "person" else "Organization"
        for key in ("creator", "spokenByCharacter"):
            assert data[key] == {"@type": expected, "name": speaker["name"]}
        translated += bool(quote["language"]) and quote["language"] != data["inLanguage"]
    assert len(document["quotes"]) >= 5 and translated >= 5  # spoken in ja/ru, shown in English


def test_no_json_ld_object_is_a_thing_and_attendees_are_people_or_organisations(seed_site: Path, document: dict):
    """Before: 36 attendees typed Thing over the seed's events. After: none."""
    entities = {entity["name"]: entity for entity in document["entities"]}
    attendees = 0
    for page in _pages(seed_site):
        data = _json_ld(page)
        assert all(item.get("@type") != "Thing" for item in _walk(data)), page
        for attendee in data.get("attendee", []):
            kind = entities[attendee["name"]]["kind"]
            assert attendee["@type"] == ("Person" if kind == "person" else "Organization"), attendee
            attendees += 1
    assert attendees >= 20


def test_without_a_base_url_no_page_claims_an_absolute_address(seed_site: Path):
    for page in _pages(seed_site):
        head = parse(page).head
        assert head.find("link", rel="canonical") is None, page
        for name in ("og:url", "og:image"):
            assert head.find("meta", property=name) is None, (page, name)
        assert head.find("meta", property="og:title")["content"] == head.title.string


def test_with_a_base_url_every_page_has_its_canonical_address_and_a_social_card(published: Path):
    """Before: 0 pages with a canonical link, og:url or og:image. After: every page but the 404 page, whose
    address is every missing one."""
    pages = _pages(published)
    image = None
    for page in pages:
        relative = page.relative_to(published).as_posix()
        head = parse(page).head
        images = {meta["content"] for meta in head.find_all("meta", property="og:image")}
        assert len(images) == 1, relative
        image = images.pop()
        canonical = head.find_all("link", rel="canonical")
        if relative == "404.html":
            assert not canonical and head.find("meta", property="og:url") is None
            continue
        assert [link["href"] for link in canonical] == [BASE + relative]
        assert head.find("meta", property="og:url")["content"] == BASE + relative
        assert head.find("meta", property="og:title")["content"] == head.title.string
        assert head.find("meta", property="og:type")["content"] in {"article", "website"}
    assert len(pages) > 100 and image is not None and image.startswith(BASE)
    png = (published / image.removeprefix(BASE)).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1200, 630)  # the IHDR chunk: width, height


def test_csl_json_authors_are_people_with_family_and_given_names(seed_site: Path, document: dict):
    """Before: the one byline "Sawako Uchida and Lee Jay Walker" was one literal author. After: two people."""
    items = {item["id"]: item for item in json.loads((seed_site / "sources.csl.json").read_text())}
    bylines = {source["id"]: source["byline"] for source in document["sources"] if source["byline"]}
    assert bylines
    people = 0
    for source_id, byline in bylines.items():
        authors = items[source_id]["author"]
        for author in authors:
            assert ("family" in author and author["given"]) or "literal" in author, author
            assert " and " not in author.get("literal", "")
            assert (author.get("given", "") + " " + author.get("family", "")).strip() in byline or author.get(
                "literal", ""
            ) in byline
            people += "family" in author
    assert people >= 2
    for source_id in set(items) - set(bylines):
        assert "author" not in items[source_id]


def test_a_source_page_shows_its_original_address(published: Path, browser):
    page = browser.new_page()
    try:
        for source_id, url in URLS.items():
            soup = parse(published / f"sources/{source_id}.html")
            [link] = soup.select("main a.original-url")
            assert link["href"] == url and link.get_text(strip=True) == url
            assert {"external", "noopener"} <= set(link["rel"])
            page.goto((published / f"sources/{source_id}.html").as_uri())
            assert page.locator("main a.original-url").is_visible()
    finally:
        page.close()
    assert not parse(published / "sources/mtt-2017-04.html").select("a.original-url")  # no address known


def _directive_terms(href: str) -> list[str]:
    directive = href.split(":~:text=", 1)[1]
    return [unquote(part.removeprefix("-").removesuffix("-")) for part in directive.split(",")]


def test_every_citation_of_a_source_with_an_address_opens_the_cited_words_there(published: Path):
    """Before: 0 links to the cited words on a publisher's page. After: one beside every citation (evidence,
    renderings, the notes of a page) of a source whose address is known, none for the others. (The print
    view, where print CSS hides them, is left out: a printed link cannot be followed.)"""
    texts = {source_id: _text(published / f"sources/{source_id}.html") for source_id in URLS}
    linked = unlinked = 0
    for page in _pages(published):
        if page.name == "print.html":
            continue
        soup = parse(page)
        citations = soup.select("main li.evidence, main li.rendering, main .cited-sources li")
        for citation in citations:
            source_id = re.search(r"sources/([a-z0-9-]+)\.html", str(citation)).group(1)
            originals = citation.select("a.original-link")
            if source_id not in URLS:
                assert not originals, (page, citation)
                unlinked += 1
                continue
            [original] = originals
            href = original["href"]
            if not citation.select("a[href*='.html#q']"):  # the whole source cited, no words located
                assert href == URLS[source_id]
                continue
            address, _, fragment = URLS[source_id].partition("#")
            assert href.startswith(f"{address}#{fragment}:~:text="), href
            assert {"external", "noopener"} <= set(original["rel"])
            terms = _directive_terms(href)
            position = 0
            for term in terms:  # each term is in the source's text, in order
                found = texts[source_id].find(term, position)
                assert found >= 0, (page.name, term)
                position = found + len(term)
            linked += 1
    assert linked >= 20 and unlinked >= 20


def _text(page: Path) -> str:
    return " ".join(parse(page).select_one("article.source-text").get_text("").split())


def test_chromium_scrolls_an_open_in_original_link_to_the_cited_words(published: Path, browser, tmp_path: Path):
    """The links work in a browser: on a stand-in for the publisher's page (the article's text as published,
    from the source's page here), Chromium scrolls each cited passage into view."""
    source_id = "rferl-2017-04-27"
    targets = {}
    for page in _pages(published):
        for citation in parse(page).select("main li.evidence, main li.rendering, main .cited-sources li"):
            original = citation.select_one("a.original-link")
            located = citation.select_one(f"a[href*='{source_id}.html#q']")
            if original is not None and located is not None and ":~:" in original["href"]:
                targets[located["href"].split("#")[1]] = original["href"].split("#", 1)[1]
    article = parse(published / f"sources/{source_id}.html").select_one("article.source-text")
    for extra in article.select(".span-citers, .pnum"):
        extra.decompose()  # the site's own additions, not the publisher's
    stand_in = tmp_path / "article.html"
    stand_in.write_text(f"<!doctype html><meta charset=utf-8><body style='font-size:20px'>{article}</body>")
    tab = browser.new_page(viewport={"width": 800, "height": 500})
    far = 0
    try:
        for anchor, fragment in sorted(targets.items()):
            tab.goto("about:blank")  # a text directive applies on loading a document, not within one
            tab.goto(f"{stand_in.as_uri()}#{fragment}")
            tab.wait_for_function(
                """id => { const box = document.getElementById(id).getBoundingClientRect();
                           return box.bottom > 0 && box.top < window.innerHeight; }""",
                arg=anchor,
                timeout=10_000,
            )
            far += tab.evaluate("window.scrollY") > 300  # not the top of the page: the browser moved there
    finally:
        tab.close()
    assert len(targets) >= 20 and far >= 15


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_new_links_and_the_overdue_status_pass_axe(published: Path, browser, scheme: str):
    """axe-core (WCAG 2.1 AA and best practice) on what this adds: "open in original" links, a source's
    original address, the "outcome not reported" status, in light and dark mode."""
    axe = (REPO / "tests/axe/node_modules/axe-core/axe.min.js").read_text()
    found: dict[str, list[Path]] = {".original-link": [], ".original-url": [], ".badge.overdue": []}
    for path in _pages(published):
        soup = parse(path)
        for selector, paths in found.items():
            if path.name != "print.html" and soup.select_one(selector) and len(paths) < 3:
                paths.append(path)
    assert all(found.values()), found
    context = browser.new_context(color_scheme=scheme, viewport={"width": 320, "height": 640})
    tab = context.new_page()
    problems, checked = [], 0
    try:
        for path in sorted({path for paths in found.values() for path in paths}):
            selectors = [s for s in found if parse(path).select_one(s)]
            tab.goto(path.as_uri())
            tab.add_script_tag(content=axe)
            result = tab.evaluate(
                """selectors => axe.run({include: selectors.map(s => [s])},
                    {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""",
                selectors,
            )
            problems += [
                f"{path.name}: {v['id']} at {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]
            ]
            wide = tab.evaluate(
                """selectors => selectors.some(s => [...document.querySelectorAll(s)].some(
                    e => e.getBoundingClientRect().right > document.documentElement.clientWidth))""",
                selectors,
            )  # the page as a whole is the layout's concern; these must not widen it
            problems += [f"{path.name}: wider than 320 px"] if wide else []
            checked += 1
    finally:
        context.close()
    assert checked >= 5 and not problems, "\n".join(problems)
