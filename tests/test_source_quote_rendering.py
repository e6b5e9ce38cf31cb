"""A quote on a source's page shows that source's rendering (issue 26).

The seed briefing has quotes rendered differently by several sources: Putin's "got a lot worse" (IBTimes,
with the editorial "[Abe]") and "gotten a lot worse" (RFE/RL); "We call on all governments …" (IBTimes,
RFE/RL) and "We are urging all the states …" (Modern Tokyo Times, TASS's translation). Each source's page
must name the quote by its own words, link to where it gives them, and nowhere show another source's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from briefing.diagnostics import Location
from briefing.model import Quote, Ref, Rendering
from briefing.textmatch import squash
from conftest import REPO, parse


@dataclass(frozen=True)
class Said:
    quote_id: str
    source_id: str
    words: str

    @property
    def label(self) -> str:
        """A quote's label: its words, cut at 77 characters and an ellipsis past 80."""
        return self.words if len(self.words) <= 80 else self.words[:77].rstrip() + "…"


def _renderings() -> list[Said]:
    records = yaml.safe_load((REPO / "content/annotations/quotes.yaml").read_text(encoding="utf-8"))
    return [
        Said(quote["id"], rendering["source"], rendering["quote"])
        for quote in records["quotes"]
        for rendering in quote["renderings"]
    ]


RENDERINGS = _renderings()
# Quotes whose sources word them differently: where showing the wrong rendering is visible.
DIFFERING = sorted(
    {s.quote_id for s in RENDERINGS if len({t.label for t in RENDERINGS if t.quote_id == s.quote_id}) > 1}
)


def _others(said: Said) -> list[Said]:
    """The renderings of the same quote by other sources, in other words."""
    return [
        s for s in RENDERINGS if s.quote_id == said.quote_id and s.source_id != said.source_id and s.label != said.label
    ]


def _plain(text: str) -> str:
    return " ".join(squash(text).split())


def test_the_seed_has_quotes_worded_differently_by_their_sources():
    assert {"putin-situation-worse", "putin-refrain-from-rhetoric"} <= set(DIFFERING)


def _quote_entry(page: BeautifulSoup, quote_id: str) -> Tag:
    """The quote's entry among the records that refer to the source."""
    section = page.find("section", class_="backlinks")
    assert section is not None
    link = section.find("a", href=f"../quotes/{quote_id}.html")
    assert link is not None, quote_id
    entry = link.find_parent("li")
    assert isinstance(entry, Tag)
    return entry


@pytest.mark.parametrize(
    "said", [s for s in RENDERINGS if s.quote_id in DIFFERING], ids=lambda s: f"{s.quote_id}@{s.source_id}"
)
def test_a_source_page_names_a_quote_by_its_own_rendering(seed_site: Path, said: Said):
    page = parse(seed_site / "sources" / f"{said.source_id}.html")
    entry = _quote_entry(page, said.quote_id)
    assert entry.find("a", href=f"../quotes/{said.quote_id}.html").get_text() == said.label
    here = entry.find("a", class_="quote-here")  # where this source gives the words: its own citation
    assert here is not None and here["href"].startswith("#")
    marks = page.select(f'mark[data-span="{here["href"][1:]}"]')  # the words, cut where a mention links
    assert _plain("".join(mark.get_text() for mark in marks)) == _plain(said.words)
    assert "no rendering of its own" not in entry.get_text()
    for other in _others(said):
        assert other.label not in page.get_text(), f"{other.source_id}'s words on {said.source_id}'s page"
    titles = [mark["title"] for mark in marks]  # who cites the words, named when they are pointed at
    assert all(f"quote: {_plain(said.words)[:30]}" in _plain(title) for title in titles)


@pytest.mark.parametrize(
    "said", [s for s in RENDERINGS if s.quote_id in DIFFERING], ids=lambda s: f"{s.quote_id}@{s.source_id}"
)
def test_the_print_view_and_json_ld_of_a_source_hold_no_other_rendering(seed_site: Path, said: Said):
    """The PDF's source appendix lists a source's facts, not quotes; its page's JSON-LD is the article's."""
    appendix = parse(seed_site / "print.html").find(id=f"source-{said.source_id}").find_parent("article")
    page = parse(seed_site / "sources" / f"{said.source_id}.html")
    data = [json.loads(script.get_text()) for script in page.find_all("script", type="application/ld+json")]
    assert data
    for other in _others(said):
        assert _plain(other.words)[:40] not in _plain(appendix.get_text(" "))
        assert _plain(other.words)[:40] not in _plain(json.dumps(data, ensure_ascii=False))


class _View:
    """What ``quote_on_source`` reads of the templates' ``briefing``: quotes and sources by id."""

    def __init__(self, quote: Quote, publishers: dict[str, str]) -> None:
        self.quotes = {quote.id: quote}
        self.sources = {sid: type("Source", (), {"publisher": name})() for sid, name in publishers.items()}


def test_a_source_without_a_rendering_of_its_own_is_told_whose_words_it_shows():
    """Only where the source gives no rendering are another's words shown, with their publisher's name."""
    from briefing.render.sourcequotes import quote_on_source  # here: the tests of the pages run on any version

    quote = Quote(
        id="q",
        renderings=[
            Rendering(source=Ref("wire-a", Location("")), quote="got a lot worse"),
            Rendering(source=Ref("paper-b", Location("")), quote="gotten a lot worse"),
        ],
    )
    view = _View(quote, {"wire-a": "Wire A", "paper-b": "Paper B"})
    assert quote_on_source(view, "q", "paper-b").label == "gotten a lot worse"  # type: ignore[arg-type]
    assert quote_on_source(view, "q", "paper-b").worded_by == ""  # type: ignore[arg-type]
    elsewhere = quote_on_source(view, "q", "paper-c")  # type: ignore[arg-type]
    assert (elsewhere.label, elsewhere.worded_by, elsewhere.anchor) == ("got a lot worse", "Wire A", "")
