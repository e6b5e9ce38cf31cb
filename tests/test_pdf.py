"""The printable briefing: the one-file PDF (WeasyPrint) and browser print of a page (Chromium), read back as text."""

from __future__ import annotations

import re
import subprocess
import zlib
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
            if i != toc_page and re.search(r"^\s*" + re.escape(heading) + r"\s*$", page, re.MULTILINE)
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
    """The BLUF's confidence beside it on the summary pages; the analysis chapter in full after the contents,
    with each judgment named and its confidence in words."""
    written = yaml.safe_load((REPO / "content/briefing.yaml").read_text())
    assert "moderate confidence in this bottom line" in flat(pages[0] + pages[1]), "the BLUF's confidence, beside it"
    heading = re.compile(r"^\s*Assumptions, alternatives and indicators\s*$", re.MULTILINE)
    start = next(i for i, page in enumerate(pages) if heading.search(page))
    chapter = flat(" ".join(pages[start : start + 4]))
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


# -- the reader's PDF: summary first, tagged, headings kept with their text


def body_lines(page: str, first: bool) -> list[str]:
    """A page's text lines without the running header (pages after the first) and the footer (the
    handling note and page number), flattened."""
    lines = [flat(line).strip() for line in page.splitlines()]
    footer = next((i for i, line in enumerate(lines) if line.startswith(HANDLING_START)), len(lines))
    lines = [line for line in lines[:footer] if line]
    return lines if first else lines[1:]


@pytest.fixture(scope="module")
def print_view(pdf_site: Path):
    return parse(pdf_site / "print.html")


def test_summary_is_on_pages_one_and_two(pages: list[str], print_view):
    """Cover, BLUF, every key judgment and the assumptions and alternatives in brief come first; the
    contents and the rest follow."""
    summary = flat(pages[0] + " " + pages[1])
    title = flat(print_view.select_one(".cover h1").get_text()).strip()
    assert title in flat(pages[0]) and "As of 8 September 2017" in pages[0]
    bluf = [flat(p.get_text()).strip() for p in print_view.select(".bluf > p:not(.judgment-meta)")]
    assert bluf and all(paragraph in summary for paragraph in bluf)
    written = yaml.safe_load((REPO / "content/briefing.yaml").read_text())
    judgments = print_view.select(".judgments > li")
    assert len(judgments) == len(written["key_judgments"])
    for item in judgments:
        words = " ".join(flat(item.find("p").get_text()).split()[:12])
        assert words in summary, f"key judgment {words!r} is not on pages 1–2"
    brief = print_view.select(".in-brief .brief-list > li")
    assert len(brief) == len(written["assumptions"]) + len(written["alternatives"])  # by their lead sentences
    for item in brief:
        lead = flat(item.get_text()).replace("In full", "").strip()
        assert " ".join(lead.split()[:10]) in summary
    assert re.search(r"In full, page \d+", summary), "each item points to its full entry"
    assert summary.index("Bottom line up front") < summary.index("Key judgments")
    assert "Contents" not in summary or summary.index("Key judgments") < summary.index("Contents"), "summary first"


def words(text: str) -> str:
    """Text as its words only, so list bullets and line breaks in the PDF do not count."""
    return " ".join(re.findall(r"\w+", text))


def test_key_judgments_in_the_pdf_read_as_in_the_print_view(pages: list[str], print_view):
    """The PDF shows print.html's key-judgment section as it is, each judgment with the claims it rests
    on, on pages 1–2."""
    summary = words(pages[0] + " " + pages[1])
    for item in print_view.select(".judgments > li"):
        assert words(item.get_text()) in summary, f"{words(item.get_text())[:80]!r} is not on pages 1–2 as written"
    assert not re.search(r"\bclaims? \d+\b", summary, re.IGNORECASE), "key judgments name their claims, not numbers"


def test_pdf_is_tagged_with_title_author_and_language(pdf_site: Path):
    pdf = pdf_site / "briefing.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    written = yaml.safe_load((REPO / "content/briefing.yaml").read_text())
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    assert re.search(r"^Title:\s+" + re.escape(written["title"]) + "$", info, re.MULTILINE), "the briefing's title"
    assert re.search(r"^Author:\s+" + re.escape(", ".join(written["authors"])) + "$", info, re.MULTILINE), info
    assert re.search(r"^Creator:\s+briefing$", info, re.MULTILINE), info
    assert re.search(r"^ModDate:\s+Fri Sep\s+8 00:00:00 2017", info, re.MULTILINE), info
    assert f"/Lang ({written['language']})".encode() in pdf_objects(pdf), "the catalog states the language"
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert 'pdfuaid:part="1"' in meta, "it claims PDF/UA-1 in its XMP metadata"
    structure = struct_elements(pdf)
    roles = {role for role, _ in structure}
    assert {"H1", "H2", "H3", "L", "LI", "Table", "TH", "TD", "BlockQuote", "Link"} <= roles, roles
    headings = {role: [text for r, text in structure if r == role] for role in ("H1", "H2")}
    assert headings["H1"][0] == flat(written["title"])
    assert headings["H2"][0] == "Bottom line up front and key judgments", "the summary is read first"
    assert "Contents" in headings["H2"] and "Notes" in headings["H2"]


def test_no_page_ends_with_a_heading(pages: list[str], print_view):
    """A heading is followed on its page by at least two lines of what it heads."""
    headings = {flat(h.get_text()).strip() for h in print_view.select("h1, h2, h3, h4")}
    assert len(headings) > 50
    for number, page in enumerate(pages, start=1):
        lines = body_lines(page, number == 1)
        for size in (1, 2, 3):
            alone = " ".join(lines[-size:])
            with_one_line = " ".join(lines[-size - 1 : -1])
            assert alone not in headings, f"page {number} ends with the heading {alone!r}"
            assert with_one_line not in headings, f"page {number} ends with {with_one_line!r} and one line"


def pdf_objects(pdf: Path) -> bytes:
    """The PDF's bytes with every Flate stream inflated (WeasyPrint keeps the catalog in an object stream)."""
    data = pdf.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            parts.append(zlib.decompress(data[match.end() : end]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def struct_elements(pdf: Path) -> list[tuple[str, str]]:
    """The structure tree in reading order, as (role, text) pairs, from ``pdfinfo -struct-text``: each
    element's text is all the text of its descendants."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout
    found: list[tuple[str, list[str]]] = []
    open_elements: list[tuple[int, list[str]]] = []
    for line in out.splitlines():
        text = line.strip()
        if not text or text.startswith("/"):  # attributes such as a cell's /Headers
            continue
        depth = len(line) - len(line.lstrip())
        if text.startswith('"'):
            for _, words in open_elements:
                words.append(text[1:-1])
            continue
        while open_elements and open_elements[-1][0] >= depth:
            open_elements.pop()
        words: list[str] = []
        open_elements.append((depth, words))
        found.append((text.split(" ")[0].rstrip(":"), words))
    return [(role, flat(" ".join(words)).strip()) for role, words in found]


def test_each_quote_heading_appears_once(pages: list[str], print_view):
    """Quotes said by one speaker on one occasion share one heading; each quote keeps its own anchor."""
    chapter = print_view.find(id="quotes").parent
    headings = [flat(h.get_text()).strip() for h in chapter.select("h3")]
    assert headings and len(headings) == len(set(headings)), headings
    written = yaml.safe_load((REPO / "content/annotations/quotes.yaml").read_text())["quotes"]
    assert {a["id"] for a in chapter.select("article.quote-record")} == {f"quote-{q['id']}" for q in written}
    start = next(i for i, page in enumerate(pages) if re.search(r"^\s*Quotes\s*$", page, re.MULTILINE))
    text = "\n".join(pages[start:]).split("Claims and corroboration")[0]
    for heading in headings:
        lines = [line for line in text.splitlines() if flat(line).strip() == heading]
        assert len(lines) == 1, f"{heading!r} is printed {len(lines)} times"
