"""A withdrawn source is flagged wherever its words are used or linked, and its evidence is never counted."""

from __future__ import annotations

import json
import posixpath
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from conftest import REPO, edit, parse, run_cli

WITHDRAWN = "ibtimes-2017-04-27"
SOURCE_PAGE = f"sources/{WITHDRAWN}.html"
BESIDE = 40  # characters of text after a link in which its flag must stand


@pytest.fixture(scope="module")
def withdrawn_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seed briefing with IBTimes withdrawn, built with its PDF; and the build's report."""
    project = tmp_path_factory.mktemp("withdrawn") / "project"
    shutil.copytree(REPO / "content", project / "content")
    edit(
        project / f"content/sources/{WITHDRAWN}.md",
        "grading:",
        "status: withdrawn\nstatus_note: The outlet withdrew the article.\ngrading:",
    )
    result = run_cli("pdf", "--project", project, "--no-cache")
    assert result.code == 0, result.stderr
    return project, result.stderr


def _text_after(link: Tag, limit: int) -> str:
    """The text that follows ``link`` in its document, up to ``limit`` characters."""
    found = ""
    for node in link.next_elements:
        if isinstance(node, NavigableString) and link not in node.parents:
            found += str(node)
            if len(found.strip()) >= limit:
                break
    return found


def _links_to_withdrawn(site: Path) -> list[tuple[str, Tag]]:
    found = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.startswith("pagefind/"):
            continue
        for link in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True):
            parts = urlsplit(link["href"])
            if parts.scheme or parts.netloc:
                continue
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(relative), unquote(parts.path)))
                if parts.path
                else relative
            )
            if target == SOURCE_PAGE and relative != SOURCE_PAGE:
                found.append((relative, link))
    return found


def test_every_link_to_a_withdrawn_source_says_so_beside_it(withdrawn_project):
    site = withdrawn_project[0] / "site"
    links = _links_to_withdrawn(site)
    assert len(links) > 100
    unflagged = [
        f"{page}: {link.get_text(' ', strip=True)!r} then {_text_after(link, BESIDE).strip()[:BESIDE]!r}"
        for page, link in links
        if "withdrawn" not in (link.get_text(" ") + _text_after(link, BESIDE)[: BESIDE + 20]).lower()
    ]
    assert not unflagged, f"{len(unflagged)} of {len(links)} links unflagged:\n" + "\n".join(unflagged[:40])


def test_every_record_resting_on_it_says_so_in_the_json_and_counts_leave_it_out(withdrawn_project):
    document = json.loads((withdrawn_project[0] / "site/briefing.json").read_text())
    cites = lambda items: any(item["source"] == WITHDRAWN for item in items)  # noqa: E731
    claims = [c for c in document["claims"] if cites(c["evidence"])]
    events = [e for e in document["events"] if cites(e["evidence"])]
    quotes = [q for q in document["quotes"] if cites(q["renderings"])]
    judgments = [j for j in document["briefing"]["key_judgments"] if {c["id"] for c in claims} & set(j["claims"])]
    assert claims and events and quotes and judgments
    for record in claims + events + quotes + judgments:
        assert any("withdrawn" in flag for flag in record["flags"]), record["id"]
        assert all(WITHDRAWN not in flag and "ibtimes" not in flag for flag in record["flags"])  # names, not ids
    for claim in claims:
        assert all(WITHDRAWN not in group["sources"] for group in claim["origins"])
    only_ibtimes = [c for c in claims if {e["source"] for e in c["evidence"]} == {WITHDRAWN}]
    assert only_ibtimes and all(c["independent_origins"] == 0 for c in only_ibtimes)
    parts = [part for name in ("assumptions", "alternatives", "indicators") for part in document["briefing"][name]]
    citing = [part for part in parts if f"[@{WITHDRAWN}" in json.dumps(part)]
    assert citing and all(any("withdrawn" in flag for flag in part["flags"]) for part in citing)
    assert not [part["id"] for part in parts if part not in citing and part["flags"]]
    dependent = claims + events + quotes
    others = [r for r in document["claims"] + document["events"] + document["quotes"] if r not in dependent]
    assert not [record["id"] for record in others if record["flags"]]


def test_the_report_names_every_dependent_claim_and_judgment_at_its_line(withdrawn_project):
    project, report = withdrawn_project
    document = json.loads((project / "site/briefing.json").read_text())
    for claim in document["claims"]:
        if any(e["source"] == WITHDRAWN for e in claim["evidence"]):
            assert f"claim '{claim['id']}' relies on source '{WITHDRAWN}', which is withdrawn" in report
    briefing_yaml = (project / "content/briefing.yaml").read_text().splitlines()
    flagged = [j["id"] for j in document["briefing"]["key_judgments"] if j["flags"]]
    for judgment_id in flagged:
        line = next(line for line in report.splitlines() if f"key judgment '{judgment_id}' cites claim" in line)
        path, number = line.split(":")[:2]
        assert path == "content/briefing.yaml" and briefing_yaml[int(number) - 1].strip().startswith("claims:")


def test_the_pdf_flags_each_dependent_key_judgment(withdrawn_project):
    project = withdrawn_project[0]
    document = json.loads((project / "site/briefing.json").read_text())
    text = subprocess.run(
        ["pdftotext", "-layout", str(project / "site/briefing.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    squashed = " ".join(text.split())
    flagged = [j for j in document["briefing"]["key_judgments"] if j["flags"]]
    assert flagged
    for judgment in flagged:
        claim = next(c for c in document["claims"] if c["id"] in judgment["claims"] and c["flags"])
        assert f"Warning: cites the claim “{claim['statement']}”, which rests on" in squashed, judgment["id"]
    soup = parse(project / "site/print.html")
    for judgment in flagged:
        assert "withdrawn" in soup.find(id=judgment["id"]).get_text(), judgment["id"]


def test_the_feed_marks_the_source_and_the_events_resting_on_it(withdrawn_project):
    import xml.etree.ElementTree as ElementTree

    project = withdrawn_project[0]
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.parse(project / "site/feed.xml").getroot().findall(f"{atom}entry")
    by_id = {entry.find(f"{atom}id").text.rsplit(":", 1)[1]: entry for entry in entries}
    assert by_id[f"source/{WITHDRAWN}"].find(f"{atom}title").text.startswith("[Withdrawn] ")
    document = json.loads((project / "site/briefing.json").read_text())
    flagged = [event["id"] for event in document["events"] if event["flags"]]
    assert flagged
    for event_id in flagged:
        summary = by_id[f"event/{event_id}"].find(f"{atom}summary").text
        assert summary.startswith("Warning: rests on International Business Times UK"), event_id
    others = [e["id"] for e in document["events"] if not e["flags"]]
    assert all("Warning:" not in by_id[f"event/{event_id}"].find(f"{atom}summary").text for event_id in others)


def test_claim_counts_say_which_sources_were_set_aside(withdrawn_project):
    site = withdrawn_project[0] / "site"
    header = parse(site / "claims/moscow-agreed-to-cooperate-on-north-korea.html").select_one(".page-header .origins")
    assert header.get_text(" ", strip=True) == (
        "1 independent origin in 3 sources (1 withdrawn or discredited, not counted)"
    )
