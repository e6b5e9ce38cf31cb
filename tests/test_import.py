"""``build.py import``: a raw capture becomes a draft source that builds, keeps the article and explains each cut."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from briefing.diagnostics import Diagnostics
from briefing.ingest import kept_line_numbers
from briefing.load import load
from briefing.project import open_project
from conftest import REPO, parse, run_cli

# The five seed captures, byte for byte as saved (the curated sources record their sha256).
CAPTURES = sorted((REPO / "content/sources/raw").glob("*.txt"))
IBTIMES, JIJI, MTT, NIKKEI, RFERL = range(5)
# The captures that date themselves only by a weekday need the date given.
GIVEN_DATES = {"mtt-2017-04.txt": "2017-04", "nikkei-2017-09-07.txt": "2017-09-07"}


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def import_seed(capture: Path, project: Path, source_id: str, *extra: str):
    published = ("--published", GIVEN_DATES[capture.name]) if capture.name in GIVEN_DATES else ()
    return run_cli("import", capture, "--project", project, "--id", source_id, *published, *extra)


@pytest.fixture(scope="module")
def imported_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new project with every seed capture imported into it."""
    folder = tmp_path_factory.mktemp("imported") / "briefing"
    assert run_cli("new", folder).code == 0
    for number, capture in enumerate(CAPTURES):
        result = import_seed(capture, folder, f"seed-{number}")
        assert result.code == 0, result.stderr
    return folder


def test_seed_captures_are_all_here():
    assert [path.stem.split("-")[0] for path in CAPTURES] == ["ibtimes", "jiji", "mtt", "nikkei", "rferl"]


def test_every_imported_seed_capture_builds_as_a_draft_with_a_warning(imported_project: Path):
    result = run_cli("build", "--project", imported_project)
    assert result.code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == len(CAPTURES), result.stderr
    assert all("draft-source" in line for line in warnings), result.stderr
    for number in range(len(CAPTURES)):
        page = parse(imported_project / f"site/sources/seed-{number}.html")
        assert page.select(".para[id^='p']"), f"seed-{number} has no paragraphs"


@pytest.mark.parametrize("capture", CAPTURES, ids=lambda path: path.name)
def test_import_copies_the_capture_byte_for_byte_and_records_its_sha256(capture: Path, imported_project: Path):
    number = CAPTURES.index(capture)
    raw = imported_project / f"content/sources/raw/seed-{number}.txt"
    assert raw.read_bytes() == capture.read_bytes()
    meta = front_matter(imported_project / f"content/sources/seed-{number}.md")
    assert meta["sha256"] == hashlib.sha256(capture.read_bytes()).hexdigest()
    assert meta["draft"] is True
    assert meta["grading"]["reliability"] == "F"
    assert all(removal["reason"] for removal in meta.get("removed", []))


def test_import_keeps_the_lines_hand_curation_keeps(tmp_path: Path):
    """Precision and recall of kept lines against content/, the figure benchmarks/import_accuracy.py prints."""
    curated = load(open_project(REPO), Diagnostics())
    assert curated is not None
    by_digest = {source.sha256: source for source in curated.sources.values()}
    shutil.copytree(REPO / "content", tmp_path / "content")
    found = expected = agreed = 0
    for number, capture in enumerate(CAPTURES):
        source = by_digest[hashlib.sha256(capture.read_bytes()).hexdigest()]
        assert import_seed(capture, tmp_path, f"draft-{number}").code == 0
        drafts = load(open_project(tmp_path), Diagnostics())
        raw = curated.raw_text(source.id)
        mine = kept_line_numbers([b.text for b in drafts.sources[f"draft-{number}"].blocks], raw)
        theirs = kept_line_numbers([b.text for b in source.blocks], raw)
        found, expected, agreed = found + len(mine), expected + len(theirs), agreed + len(mine & theirs)
    assert agreed / found >= 0.95 and agreed / expected >= 0.95, (agreed, found, expected)


def test_import_proposes_metadata_with_its_evidence(imported_project: Path):
    ibtimes = front_matter(imported_project / f"content/sources/seed-{IBTIMES}.md")
    assert ibtimes["title"] == "Putin and Abe call for de-escalation of North Korea tensions"
    assert ibtimes["standfirst"].startswith("Russian and Japanese leaders")
    # No year in the capture: the latest year up to the new project's as-of date (2024-03-15) that fits.
    assert str(ibtimes["published"]) == "2023-04-27"
    assert ibtimes["published_evidence"] == "on Thursday (27 April)"
    assert "fell on a Thursday" in ibtimes["published_note"] and "2024-03-15" in ibtimes["published_note"]
    mtt = front_matter(imported_project / f"content/sources/seed-{MTT}.md")
    assert mtt["byline"] == "Sawako Uchida and Lee Jay Walker"
    assert mtt["publisher"] == "Modern Tokyo Times"
    jiji = front_matter(imported_project / f"content/sources/seed-{JIJI}.md")
    assert jiji["published_evidence"] == "September 2, 2017"
    # The new project has no wire-service organizations yet: they are named for the analyst, not referenced.
    text = (imported_project / f"content/sources/seed-{RFERL}.md").read_text()
    assert "not yet annotated as organizations" in text and "afp, reuters, tass" in text
    assert "names not yet annotated:" in text


def test_import_refers_to_wire_services_and_entities_already_annotated(tmp_path: Path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    result = import_seed(CAPTURES[RFERL], tmp_path, "rferl-again")
    assert result.code == 0, result.stderr
    assert "known entities: vladimir-putin" in result.stdout
    assert sorted(front_matter(tmp_path / "content/sources/rferl-again.md")["wire_services"]) == [
        "afp",
        "reuters",
        "tass",
    ]


def test_import_never_overwrites_without_force(imported_project: Path):
    source = imported_project / "content/sources/seed-0.md"
    source.write_text(source.read_text() + "\nAnalyst's own paragraph.\n")
    again = import_seed(CAPTURES[0], imported_project, "seed-0")
    assert again.code == 2 and "--force" in again.stderr
    assert "Analyst's own paragraph." in source.read_text()
    assert import_seed(CAPTURES[0], imported_project, "seed-0", "--force").code == 0
    assert "Analyst's own paragraph." not in source.read_text()


def test_a_weekday_alone_does_not_date_an_article(tmp_path: Path):
    assert run_cli("new", tmp_path / "b").code == 0
    result = run_cli("import", CAPTURES[NIKKEI], "--project", tmp_path / "b")
    assert result.code == 2
    assert "'agreed Thursday'" in result.stderr and "--published" in result.stderr
    assert not list((tmp_path / "b/content/sources/raw").glob("putin-abe*"))
    bad = run_cli("import", CAPTURES[0], "--project", tmp_path / "b", "--published", "2017-02-30")
    assert bad.code == 2 and "YYYY-MM-DD" in bad.stderr


def test_import_refuses_text_that_is_not_utf8(tmp_path: Path):
    assert run_cli("new", tmp_path / "b").code == 0
    capture = tmp_path / "latin1.txt"
    capture.write_bytes("Caf\xe9 talks resume in Portvale\n".encode("latin-1"))
    result = run_cli("import", capture, "--project", tmp_path / "b")
    assert result.code == 2 and "not UTF-8" in result.stderr


ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Fishing talks resume in Portvale | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-12">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav>
<article>
<h1>Fishing talks resume in Portvale</h1>
<p>Negotiators from both coasts met in Portvale on Tuesday to resume talks on the fishing quotas that have divided
the two harbours for a decade, officials said after the first session.</p>
<p>The delegations agreed to publish a joint statement on the quotas before the end of the month, according to the
chief negotiator, who said the mood in the room had been constructive and calm.</p>
<p>Fishermen waiting outside the town hall said they hoped the talks would end the seasonal closures that have cut
their catch by a third since the dispute began, and called for a quick settlement.</p>
</article>
<footer><p>© 2024 Harbour Gazette. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


def test_an_html_page_is_kept_byte_for_byte_and_its_text_extracted(tmp_path: Path):
    assert run_cli("new", tmp_path / "b").code == 0
    page = tmp_path / "gazette.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    result = run_cli("import", page, "--project", tmp_path / "b", "--id", "gazette-2024-03-12")
    assert result.code == 0, result.stderr
    sources = tmp_path / "b/content/sources"
    assert (sources / "raw/gazette-2024-03-12.html").read_bytes() == page.read_bytes()
    meta = front_matter(sources / "gazette-2024-03-12.md")
    assert meta["capture"] == "raw/gazette-2024-03-12.html"
    assert meta["capture_sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    assert meta["raw"] == "raw/gazette-2024-03-12.txt"
    assert str(meta["published"]) == "2024-03-12"
    assert meta["publisher"] == "Harbour Gazette"
    body = (sources / "gazette-2024-03-12.md").read_text().split("---\n", 2)[2]
    assert "Negotiators from both coasts met in Portvale" in body
    assert "Subscribe" not in body and "All rights reserved" not in body
    build = run_cli("build", "--project", tmp_path / "b")
    assert build.code == 0, build.stderr
    assert "draft-source" in build.stderr and "error" not in build.stderr
    (sources / "raw/gazette-2024-03-12.html").write_bytes(page.read_bytes() + b"<!-- edited -->")
    tampered = run_cli("check", "--project", tmp_path / "b")
    assert tampered.code == 1 and "sha256-mismatch" in tampered.stderr


DATELINED = """World | Asia
Ministers agree to meet again over the fishing dispute
Talks in Portvale narrowed the differences, officials said.
By Ana Writer and Bo Reporter
Published: March 14, 2024 10:32 GMT
Updated: March 15, 2024 08:00 GMT
PORTVALE -- Delegations from Northland and Southmark ended two days of talks in Portvale on Thursday and agreed to \
meet again in May, officials said.
The talks covered quotas in the waters around the Grey Banks, which Southmark calls the Silver Shoals, and were held \
behind closed doors.
(c) 2024 Example News. All rights reserved.
"""


def test_header_lines_the_front_matter_does_not_hold_whole_are_listed_as_removed(tmp_path: Path):
    """The build accounts for every raw line: a dateline whose date alone becomes published_evidence, and a second
    dateline, are recorded as removed, so the draft builds with nothing but its draft warning."""
    assert run_cli("new", tmp_path / "b").code == 0
    capture = tmp_path / "datelined.txt"
    capture.write_text(DATELINED, encoding="utf-8")
    assert run_cli("import", capture, "--project", tmp_path / "b", "--id", "datelined").code == 0
    meta = front_matter(tmp_path / "b/content/sources/datelined.md")
    assert meta["published_evidence"] == "March 14, 2024"
    removed = {removal["text"]: removal["reason"] for removal in meta["removed"]}
    assert "published_evidence" in removed["Published: March 14, 2024 10:32 GMT"]
    assert "Updated: March 15, 2024 08:00 GMT" in removed
    result = run_cli("check", "--project", tmp_path / "b")
    assert result.code == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "warning" in line or "error" in line] == [
        "content/sources/datelined.md:2:1: warning: draft-source: source 'datelined' is a draft: review its "
        "curation, then remove 'draft: true'"
    ], result.stderr


@pytest.mark.parametrize(
    ("capture", "said"),
    [(IBTIMES, "¶4 says 'reported by Reuters': reuters"), (RFERL, "says 'With reporting by AFP, Reuters, and TASS'")],
)
def test_import_proposes_where_a_relayed_text_comes_from(imported_project: Path, capture: int, said: str):
    draft = (imported_project / f"content/sources/seed-{capture}.md").read_text(encoding="utf-8")
    notes = draft.split("---\n")[1]
    assert "#   where its words come from (write 'origin:' for the whole text" in notes
    assert said in notes


@pytest.mark.parametrize(
    ("title_element", "headline", "site"),
    [
        ("Kuril gambit: what Abe wants – Asia Pacific Monitor", "Kuril gambit: what Abe wants", "Asia Pacific Monitor"),
        ("Herald | Six-party talks - a new hope", "Six-party talks - a new hope", "Herald"),
        ("Talks resume &amp; stall | The Harbour Gazette", "Talks resume & stall", "The Harbour Gazette"),
        ("Talks resume", "Talks resume", ""),
        ("Talks resume in May", "Talks resume", ""),
        ("Another story entirely | Herald", "Talks resume", ""),
        ("Talks resume | a very long tail that is a standfirst rather than a name", "Talks resume", ""),
    ],
)  # fmt: skip
def test_the_site_is_read_from_the_title_element_around_the_declared_headline(title_element, headline, site):
    from briefing.ingest.html import site_in_title

    assert site_in_title(f"<html><head><title>{title_element}</title></head></html>", headline) == site
