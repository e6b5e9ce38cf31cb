"""Text that reads right, checked on the real built seed site: no words glued where two elements meet
(on the page or in what Pagefind indexes), no doubled punctuation, each quote once per page, topics that
list only what is about them, backlinks that do not break a source's text."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment

from briefing.render.spacing import separate_blocks
from conftest import parse

RAW = {"script", "style", "pre", "template", "noscript", "textarea"}


def glued(soup: BeautifulSoup) -> list[str]:
    """Where two text nodes meet with no space and a word or number on each side ("When|1945", "B|2",
    "Seko|1 mention"): what any reader of the page's text nodes (search indexes, screen readers' "read all",
    copy and paste) gets as one word. Words split by inline markup inside them ("got<mark>ten</mark>") are
    not a thing the templates write."""
    found, previous = [], ""
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or any(parent.name in RAW for parent in node.parents):
            continue
        text = str(node)
        if not text:
            continue
        if previous and not previous[-1].isspace() and not text[0].isspace():
            left, right = previous[-1], text[0]
            if (left.isalnum() or left in "])”.") and (right.isalnum() or right in "[“"):
                found.append(f"{previous[-20:]}|{text[:20]}")
        previous = text
    return found


def pages(site: Path) -> list[Path]:
    return [path for path in sorted(site.rglob("*.html")) if "pagefind" not in path.parts]


def test_no_words_glued_where_elements_meet(seed_site: Path) -> None:
    """1091 such places on 109 pages before (dt/dd pairs, grade badges, counts, table cells), 0 now."""
    found = {path.relative_to(seed_site).as_posix(): glued(parse(path)) for path in pages(seed_site)}
    assert {page: where for page, where in found.items() if where} == {}


def test_search_index_has_no_glued_words(seed_site: Path) -> None:
    """Pagefind indexes a page's text as its text nodes run together: "When" and "2016" of an event's
    facts were indexed (and shown in result snippets) as "When2016"."""
    contents = {}
    for path in (seed_site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.index(b"{") :])
        contents[fragment["url"]] = fragment["content"]
    assert len(contents) >= 100
    event = next(text for url, text in contents.items() if url.startswith("/events/"))
    assert re.search(r"\bWhen \S", event), event[:300]
    templates_words = re.compile(
        r"\b(When|Who|Where|Topics|About|Origins|Supports|Speaker|Occasion|Language)(?=[A-Z0-9])"
    )
    assert {url: templates_words.findall(text) for url, text in contents.items() if templates_words.search(text)} == {}


def test_block_spacing_leaves_preformatted_text_and_inline_runs_alone() -> None:
    html = "<dl><dt>When</dt><dd>1945</dd></dl><pre><b>a</b><p>b</p></pre><a>Seko</a><span>1</span><br>x"
    spaced = separate_blocks(html)
    assert "<pre><b>a</b><p>b</p></pre>" in spaced
    assert "<dt>When</dt>\n<dd>" in spaced and "</span>\n<br>x" in spaced  # between elements, not inside
    assert "<a>Seko</a><span>1</span>" in spaced  # inline: the template's own business
    assert BeautifulSoup(spaced, "html.parser").get_text().split() == ["When", "1945", "ab", "Seko1", "x"]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _share_a_phrase(a: str, b: str, length: int = 5) -> bool:
    runs = {tuple(_words(a)[i : i + length]) for i in range(max(1, len(_words(a)) - length + 1))}
    words = _words(b)
    return any(tuple(words[i : i + length]) in runs for i in range(max(1, len(words) - length + 1)))


def test_topic_pages_list_only_the_quotes_about_them(seed_site: Path) -> None:
    """A quote is on a topic's page when it was said at an event of that topic alone, or a claim of the
    topic rests on its words; a meeting shared with other topics does not bring in all that was said there
    (every topic page listed all 10 quotes of the briefing before; the Kuril Islands page listed Putin and Abe
    on North Korea)."""
    data = json.loads((seed_site / "briefing.json").read_text(encoding="utf-8"))
    events = {event["id"]: event for event in data["events"]}
    quotes = {quote["id"]: quote for quote in data["quotes"]}
    listed_somewhere = set()
    for topic in data["topics"]:
        soup = parse(seed_site / "topics" / f"{topic['id']}.html")
        section = soup.find(id="quotes-heading")
        listed = {a["href"].split("/")[-1][:-5] for a in section.parent.select(".quote-more a")} if section else set()
        listed_somewhere |= listed
        claims = [c for c in data["claims"] if topic["id"] in c["topics"]]
        for quote_id in listed:
            quote = quotes[quote_id]
            own = events.get(quote["occasion"], {}).get("topics") == [topic["id"]]
            rests = any(
                e["source"] == r["source"] and _share_a_phrase(e["quote"], r["quote"])
                for c in claims
                for e in c["evidence"] + c.get("contradicting", [])
                for r in quote["renderings"]
            )
            assert own or rests, (topic["id"], quote_id)
        for quote in quotes.values():  # and none about it is left out
            if events.get(quote["occasion"], {}).get("topics") == [topic["id"]]:
                assert quote["id"] in listed, (topic["id"], quote["id"])
    kuril = parse(seed_site / "topics/kuril-islands-dispute.html").find(id="quotes-heading")
    assert kuril is None or len(kuril.parent.select(".quote-more a")) < len(quotes)
    assert listed_somewhere


def test_each_quote_once_and_one_heading_per_speaker(seed_site: Path) -> None:
    """On every page, no two quote blocks show the same words (identical renderings, one translation relayed
    by two outlets, are shown once with both sources), and quote groups are headed once per speaker or
    occasion (44 repeated headings on 8 pages before)."""
    for path in pages(seed_site):
        main = parse(path).find("main")
        if main is None:
            continue
        shown = [" ".join(b.get_text(" ").split()) for b in main.select(".renderings blockquote")]
        if path.name != "index.html" or path.parent.name != "quotes":  # the index lists each quote once anyway
            assert len(shown) == len(set(shown)), path
        headings = [h.get_text(" ", strip=True) for h in main.select(".quote-group > h3")]
        assert len(headings) == len(set(headings)), (path, headings)
    moscow = parse(seed_site / "events/moscow-talks-2017-04-27.html")
    assert len(moscow.select(".quote-group")) >= 2 and len(moscow.select(".quote-block")) > len(
        moscow.select(".quote-group")
    )


def test_no_doubled_full_stops(seed_site: Path) -> None:
    """A cited passage that ends its sentence gets no second stop after its closing quote (33 ".”." in the
    print view before), and a shortened label ends in one ellipsis, not ",..."."""
    for path in pages(seed_site):
        soup = parse(path)
        for element in soup(["script", "style", "pre"]):
            element.decompose()
        text = " ".join(soup.get_text("").split())
        assert not re.search(r"[.!?][”\"’']\.(?!\.)", text), path
        assert not re.search(r"[,;:]\.\.\.", text), path  # Jinja's truncate: "Tillerson,..."


def test_who_cites_a_source_is_listed_after_its_text_not_between_paragraphs(seed_site: Path) -> None:
    """Source pages had a "cited by" list under each cited paragraph (52 lists inside the article text);
    now one list after it, an entry per cited paragraph that links to the paragraph and to the cited words,
    all of which still resolve."""
    entries = 0
    for path in sorted(seed_site.glob("sources/*.html")):
        soup = parse(path)
        article = soup.select_one("article.source-text")
        if article is None:
            continue
        assert not article.select(".span-citers, ul, ol"), path
        cited_paragraphs = {mark.find_parent(class_="para")["id"] for mark in article.select("mark.cited")}
        listed = soup.select(".source-citers ol > li")
        assert {li.select_one("a.pnum-ref")["href"][1:] for li in listed} == cited_paragraphs, path
        for li in listed:
            for link in li.select(".span-citers li > a:first-child"):
                assert article.select_one(f"mark.cited#{link['href'][1:]}") is not None, (path, link["href"])
        entries += len(listed)
    assert entries >= 20
