"""Dates of mixed precision in one order everywhere, and scheduled events the as-of date has overtaken."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefing.chronology import chronological, is_overdue
from briefing.model import Event, FuzzyDate
from conftest import edit, parse, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"
RECORDS = "content/annotations/records.yaml"


def _date(iso: str) -> FuzzyDate:
    return FuzzyDate(*(int(part) for part in iso.split("-")))


def test_a_period_sorts_after_the_days_in_it_and_before_the_next():
    dates = ["2017-05", "2017", "2017-04-30", "2017-05-31", "2017-06-01", "2017-12-31", "2017-12", "2016"]
    ordered = sorted(dates, key=lambda iso: chronological(_date(iso)))
    assert ordered == ["2016", "2017-04-30", "2017-05-31", "2017-05", "2017-06-01", "2017-12-31", "2017-12", "2017"]


@pytest.mark.parametrize(
    ("date", "as_of", "overdue"),
    [
        ("2017-05", "2017-09-08", True),
        ("2017-09", "2017-09-08", False),  # late September may still come
        ("2017-09-07", "2017-09-08", True),
        ("2017-09-08", "2017-09-08", False),  # today is not overdue
        ("2016", "2017-01-01", True),
        ("2017", "2017-06-30", False),
        ("2017-08", "2017-09", True),
    ],
)
def test_an_event_is_overdue_only_once_its_whole_period_is_past(date: str, as_of: str, overdue: bool):
    event = Event(id="e", title="E", date=_date(date), status="scheduled")
    assert is_overdue(event, _date(as_of)) is overdue
    assert not is_overdue(Event(id="h", title="H", date=_date(date), status="happened"), _date(as_of))


@pytest.fixture(scope="module")
def document(seed_site: Path) -> dict:
    return json.loads((seed_site / "briefing.json").read_text())


def _keys(times) -> list[tuple]:
    return [chronological(_date(time["datetime"])) for time in times]


def test_every_event_list_is_in_the_one_order(seed_site: Path):
    """The timeline, and the event lists of entity and topic pages, in the order of ``chronological``;
    the seed mixes year, month and day precision (before: "April 2017" came before 27 April 2017)."""
    timeline = _keys(parse(seed_site / "timeline.html").select("ol.timeline > li > time"))
    precisions = {len(time[0].isoformat()) for time in timeline}
    assert len(timeline) >= 10 and timeline == sorted(timeline)
    checked = 0
    for page in [*(seed_site / "entities").glob("*.html"), *(seed_site / "topics").glob("*.html")]:
        for listing in parse(page).select("ol.mini-timeline, ul.event-list"):
            keys = _keys(listing.select("li.event-row > time"))
            assert keys == sorted(keys), page.name
            checked += len(keys) > 1
    assert checked >= 5 and precisions


def test_sources_and_feed_entries_in_the_one_order(seed_site: Path, document: dict):
    as_of = document["briefing"]["as_of"]
    feed = ET.parse(seed_site / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}updated") == f"{as_of}T00:00:00Z"  # before: 2018-05-01, a scheduled event
    stamps = [entry.findtext(f"{ATOM}updated") for entry in feed.findall(f"{ATOM}entry")]
    assert len(stamps) == len(document["events"]) + len(document["sources"])
    assert all(stamp <= f"{as_of}T00:00:00Z" for stamp in stamps), stamps
    assert stamps == sorted(stamps, reverse=True)
    published = [s["published"]["value"] for s in document["sources"]]
    listed = [
        link["href"].split("/")[-1].removesuffix(".html")
        for link in parse(seed_site / "sources/index.html").select("main a[href*='sources/'], main a[href$='.html']")
        if link["href"].removesuffix(".html").split("/")[-1] in {s["id"] for s in document["sources"]}
    ]
    by_id = dict(zip([s["id"] for s in document["sources"]], published, strict=True))
    order = list(dict.fromkeys(listed))
    assert len(order) == len(published)
    assert [chronological(_date(by_id[i])) for i in order] == sorted(chronological(_date(by_id[i])) for i in order)


def test_an_overdue_scheduled_event_reads_as_not_reported_not_upcoming(seed_site: Path, document: dict):
    as_of = _date(document["briefing"]["as_of"])
    overdue = [e for e in document["events"] if e["status"] == "scheduled" and is_overdue(_event(e), as_of)]
    upcoming = [e for e in document["events"] if e["status"] == "scheduled" and e not in overdue]
    assert overdue and upcoming  # the seed has both
    words = f"scheduled; outcome not reported as of {as_of.human()}"
    timeline = parse(seed_site / "timeline.html")
    for event in overdue:
        page = parse(seed_site / event["page"])
        assert page.select_one("main .page-header .badge").get_text(" ", strip=True) == words
        item = timeline.find("a", href=event["page"]).find_parent("li")
        assert words in item.get_text(" ", strip=True)
    for event in upcoming:
        badge = parse(seed_site / event["page"]).select_one("main .page-header .badge").get_text(strip=True)
        assert badge == "scheduled"
    home = parse(seed_site / "index.html")
    heading = home.find("h3", string="Scheduled")
    scheduled = {a["href"] for a in heading.find_next("ul").select("a")} if heading else set()
    assert scheduled == {e["page"] for e in upcoming}
    assert words in parse(seed_site / "print.html").get_text(" ", strip=True)


def _event(record: dict) -> Event:
    return Event(id=record["id"], title=record["title"], date=_date(record["date"]["value"]), status=record["status"])


def test_the_build_warns_at_the_status_of_an_overdue_event(project: Path):
    result = run_cli("check", "--project", project)
    assert result.code == 0 and "outcome-not-reported" not in result.stderr
    edit(project / "content/briefing.yaml", "as_of: 2020-01-03", "as_of: 2020-02-15")
    assert "outcome-not-reported" not in run_cli("check", "--project", project).stderr  # February is not over
    edit(project / "content/briefing.yaml", "as_of: 2020-02-15", "as_of: 2020-03-02")
    result = run_cli("build", "--project", project, "--output", project.parent / "site")
    warnings = [line for line in result.stderr.splitlines() if ": warning: outcome-not-reported: " in line]
    assert result.code == 0 and len(warnings) == 1, result.stderr
    path, line = warnings[0].split(":")[:2]
    assert (path, (project / path).read_text().splitlines()[int(line) - 1].strip()) == (RECORDS, "status: scheduled")
    assert "ministers-meet-2020-02" in warnings[0] and "February 2020" in warnings[0]
    page = parse(project.parent / "site/events/ministers-meet-2020-02.html")
    assert "scheduled; outcome not reported as of 2 March 2020" in page.select_one("main").get_text(" ", strip=True)
