"""The printable briefing: the one-file PDF (WeasyPrint) and browser print of a page (Chromium), read back as text."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, parse, run_cli

HANDLING_START = "UNCLASSIFIED — open sources only."
NAVIGATION = ("Skip to content", "People & places", "Sources cited on this page")


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="session")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("pdf") / "site"
    result = run_cli("pdf", "--project", REPO, "--output", output, "--no-cache")
    assert result.code == 0, result.stderr
    assert "PDF:" in result.stdout
    return output


@pytest.fixture(scope="session")
def pages(pdf_site: Path) -> list[str]:
    return pdf_pages(pdf_site / "briefing.pdf")


def titles(folder: str, key: str = "title") -> list[str]:
    found = []
    for path in sorted((REPO / "content" / folder).glob("*.md")):
        front = path.read_text().split("---\n")[1]
        found.append(yaml.safe_load(front)[key])
    return found


def test_pdf_holds_every_topic_event_and_source(pages: list[str]):
    text = flat(" ".join(pages))
    events = [e["title"] for e in yaml.safe_load((REPO / "content/annotations/events.yaml").read_text())["events"]]
    for title in titles("topics") + titles("sources") + events:
        assert flat(title) in text, f"{title!r} is not in the PDF"


def test_cover_and_running_furniture(pages: list[str]):
    assert "Japan–Russia diplomacy" in pages[0] and "As of 8 September 2017" in pages[0]
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert HANDLING_START in page, f"no handling note on page {number}"


def test_table_of_contents_gives_the_real_page_numbers(pages: list[str]):
    toc_page = next(i for i, page in enumerate(pages) if "Contents" in page)
    entries = re.findall(r"^\s*(\S.*?)[ .]{4,}(\d+)\s*$", pages[toc_page], re.MULTILINE)
    assert len(entries) >= 11
    for heading, number in entries:
        heading = heading.strip(" .")
        found = next(
            i
            for i, page in enumerate(pages)
            if i > toc_page and re.search(r"^\s*" + re.escape(heading) + r"\s*$", page, re.MULTILINE)
        )
        assert found + 1 == int(number), f"contents says {heading!r} is on page {number}, it is on {found + 1}"


def test_every_citation_marker_has_its_note(pages: list[str]):
    notes_start = max(i for i, page in enumerate(pages) if re.search(r"^\s*Notes\s*$", page, re.MULTILINE))
    body = " ".join(pages[:notes_start])
    notes = " ".join(pages[notes_start:])
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert len(markers) > 50
    for number in markers:
        assert re.search(rf"^\s*{number}\.\s+\S", notes, re.MULTILINE), f"citation [{number}] has no note"
    assert re.search(r"Radio Free Europe/Radio Liberty, “Putin, Abe Vow.*”, 27 April 2017, ¶\d+", flat(notes))


def test_no_navigation_in_the_pdf(pages: list[str]):
    text = " ".join(pages)
    for words in NAVIGATION:
        assert words not in text


def test_pdf_is_deterministic_and_dated_from_the_briefing(pdf_site: Path, tmp_path: Path):
    again = tmp_path / "again"
    assert run_cli("pdf", "--project", REPO, "--output", again, "--no-cache").code == 0
    assert (again / "briefing.pdf").read_bytes() == (pdf_site / "briefing.pdf").read_bytes()
    info = subprocess.run(["pdfinfo", str(pdf_site / "briefing.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"CreationDate:\s+Fri Sep\s+8 00:00:00 2017", info), info


def test_home_links_the_pdf_and_the_print_view(pdf_site: Path):
    home = parse(pdf_site / "index.html")
    assert home.find("a", href="briefing.pdf") and home.find("a", href="print.html")


def test_print_view_is_one_document_with_endnotes(pdf_site: Path):
    soup = parse(pdf_site / "print.html")
    markers = {a["href"] for a in soup.select("main a.cite")}
    assert markers and all(href.startswith("#note-") for href in markers)
    for href in markers:
        assert soup.find(id=href[1:]) is not None


@pytest.mark.browser
def test_browser_print_of_a_topic_page(seed_site: Path, browser, tmp_path: Path):
    page = browser.new_page()
    page.goto((seed_site / "topics/kuril-islands-dispute.html").as_uri())
    pdf = tmp_path / "topic.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    page.close()
    printed = pdf_pages(pdf)
    text = flat(" ".join(printed))
    assert "The Kuril Islands dispute" in text
    for words in ("Skip to content", "People & places Quotes Claims Sources"):
        assert words not in text
    for number, page_text in enumerate(printed, start=1):
        assert f"Page {number} of {len(printed)}" in page_text
        assert HANDLING_START in page_text
    body, _, cited = text.partition("Sources cited on this page")
    assert cited, "the printed page lists the sources it cites"
    for number in {int(n) for n in re.findall(r"\[(\d+)\]", body)}:
        assert re.search(rf"(^|\s){number}\. \S", cited), f"marker [{number}] has no entry"
    assert re.search(r"¶\d+", cited)


def test_pdf_states_the_bluf_confidence_and_the_assumptions_alternatives_and_indicators(pages: list[str]):
    """After the key judgments, on the first pages after the contents, with each judgment named and its
    confidence in words."""
    written = yaml.safe_load((REPO / "content/briefing.yaml").read_text())
    start = next(i for i, page in enumerate(pages) if "Key judgments" in page and "Contents" not in page)
    assert "moderate confidence in this bottom line" in flat(pages[start]), "the BLUF's confidence, beside it"
    chapter = flat(" ".join(pages[start + 1 : start + 5]))
    headings = ["Key assumptions", "Alternatives weighed", "Indicators to watch"]
    found = [chapter.find(heading) for heading in headings]
    assert -1 not in found and found == sorted(found), found
    for name in ("assumptions", "alternatives", "indicators"):
        for record in written[name]:
            first_words = " ".join(record[name[:-1]].split()[:6])
            assert flat(first_words) in chapter, f"{record['id']} is not in the PDF"
    assert "Why it is less likely" in chapter and "It would be right if" in chapter and "What it would mean" in chapter
    assert re.search(r"Underpins Russia is unlikely to support .* moderate confidence", chapter)
    assert not re.search(r"\b(kj|asm|alt|ind)-[a-z]", chapter)
