"""Building a briefing that lives in another folder: templates, escaping, flags, origins, the write stage."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import edit, parse, run_cli, tree_digest

SOURCE = "content/sources/wire-2020-01-02.md"
RECORDS = "content/annotations/records.yaml"


def build(project: Path) -> Path:
    result = run_cli("--project", project)
    assert result.code == 0, result.stderr
    return project / "site"


def test_builds_another_folder_with_the_default_templates(project: Path):
    site = build(project)
    soup = parse(site / "index.html")
    assert soup.h1.get_text() == "Reef talks"
    assert (site / "static/style.css").is_file()
    assert not (project / "templates").exists()


def test_project_template_overrides_a_default_by_name(project: Path):
    (project / "templates").mkdir()
    (project / "templates/entities.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Who is who in {{ info.title }}</h1>{% endblock %}'
    )
    (project / "templates/static").mkdir()
    (project / "templates/static/style.css").write_text("body { color: black; }\n")
    site = build(project)
    assert parse(site / "entities/index.html").h1.get_text() == "Who is who in Reef talks"
    assert parse(site / "topics/reef-dispute.html").h1.get_text() == "The reef dispute"
    assert (site / "static/style.css").read_text() == "body { color: black; }\n"


def test_template_error_names_the_template_and_line(project: Path):
    (project / "templates").mkdir()
    (project / "templates/home.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{{ nope.x }}\n{% endblock %}\n'
    )
    result = run_cli("--project", project)
    assert result.code == 1
    assert "templates/home.html:3: template-error: UndefinedError" in result.stderr


@pytest.mark.parametrize("cache", ["cache", "no-cache"])
def test_broken_link_from_a_template_fails_the_build_and_keeps_the_site(project: Path, cache: str):
    """With its cache, the build would replace the changed files in place; without, it assembles a new site
    beside the output, its pages staged while the search index is made: either way, nothing is left."""
    site = build(project)
    before = tree_digest(site)
    (project / "templates").mkdir()
    (project / "templates/home.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>x</h1><a href="nowhere.html">x</a>'
        '<a href="#missing">y</a>{% endblock %}'
    )
    result = run_cli("--project", project, *(["--no-cache"] if cache == "no-cache" else []))
    assert result.code == 1
    assert "index.html: broken-link: link 'nowhere.html' points to nowhere.html" in result.stderr
    assert (
        "index.html: broken-link: link '#missing' points to #missing, which index.html does not have" in result.stderr
    )
    assert tree_digest(site) == before
    assert sorted(path.name for path in project.glob(".site*")) == []


def test_template_syntax_and_html_in_content_are_shown_as_text(project: Path):
    edit(
        project / "content/topics/reef-dispute.md",
        "The reef is",
        "{{ 7*7 }} {% if true %}x{% endif %} <script>alert(1)</script> The reef is",
    )
    edit(
        project / RECORDS,
        "statement: The ministers agreed to keep talking.",
        "statement: 'The ministers agreed {{ 6*7 }} <script>alert(2)</script>'",
    )
    site = build(project)
    topic = parse(site / "topics/reef-dispute.html")
    text = topic.select_one("article.prose").get_text()
    assert "{{ 7*7 }} {% if true %}x{% endif %} <script>alert(1)</script>" in text
    claim = parse(site / "claims/talks-continue.html")
    assert claim.h1.get_text() == "The ministers agreed {{ 6*7 }} <script>alert(2)</script>"
    for page in (topic, claim):
        executable = [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
        assert [s.get("src") for s in executable] == ["../static/site.js"]
        for data in page.find_all("script", type="application/ld+json"):
            assert "</script" not in data.string and "<script" not in data.string
            json.loads(data.string)


def test_withdrawn_source_flags_claims_and_judgments(project: Path):
    edit(project / SOURCE, "grading:", "status: withdrawn\nstatus_note: The wire retracted the story.\ngrading:")
    result = run_cli("--project", project)
    assert result.code == 0
    assert (
        "warning: discredited-evidence: claim 'talks-continue' relies on source 'wire-2020-01-02', which is withdrawn"
        in result.stderr
    )
    assert "key judgment 'kj-talks' cites claim 'talks-continue'" in result.stderr
    site = project / "site"
    flag = parse(site / "claims/talks-continue.html").select_one(".flag-box").get_text()
    assert "rests on Example Wire, “Ministers agree to talk again” (2 January 2020), which is withdrawn" in flag
    assert "withdrawn" in parse(site / "index.html").select_one("#kj-talks .flag").get_text()


def test_outlets_relaying_one_wire_report_count_as_one_origin(project: Path):
    second = project / "content/sources/relay-2020-01-03.md"
    text = (project / SOURCE).read_text().replace("publisher: Example Wire", "publisher: Daily Relay")
    second.write_text(text)
    edit(
        project / RECORDS,
        "        origin: example-wire\n",
        "        origin: example-wire\n"
        "      - source: relay-2020-01-03\n"
        "        quote: agreed to talk again next month\n"
        "        credibility: 2\n"
        "        origin: example-wire\n",
    )
    site = build(project)
    soup = parse(site / "claims/index.html")
    assert soup.select_one("table.matrix tbody tr .origins-cell .count").get_text() == "1"
    names = soup.select_one("table.matrix tbody tr .origin-names").get_text(" ", strip=True)
    assert names == "Example Wire , relayed by Example Wire and Daily Relay"
    edit(project / RECORDS, "        origin: example-wire\n", "        origin: own\n")
    soup = parse(build(project) / "claims/index.html")
    assert soup.select_one("table.matrix tbody tr .origins-cell .count").get_text() == "2"
    names = soup.select_one("table.matrix tbody tr .origin-names").get_text(" ", strip=True)
    assert names == "Example Wire (own reporting); Example Wire , relayed by Daily Relay"


def test_code_blocks_are_highlighted_with_pygments(project: Path):
    soup = parse(build(project) / "topics/reef-dispute.html")
    code = soup.select_one("article.prose div.highlight")
    assert code is not None and code.select("span.nb")  # 'print' is a builtin


def _seconds(duration: str) -> float:
    number, unit = duration.split()
    return float(number) / (1000 if unit == "ms" else 1)


def test_every_build_ends_with_a_summary(project: Path):
    result = run_cli("--project", project, "--no-cache")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    counts = r"\d+ sources, \d+ entities, .* \d+ claims, \d+ topics; \d+ warning\(s\) about the content"
    assert re.fullmatch(counts, lines[0])
    pages = re.fullmatch(r"pages: (\d+) \((.*)\)", lines[1])
    assert pages is not None
    by_type = {kind: int(count) for count, kind in (part.split(" ") for part in pages.group(2).split(", "))}
    assert by_type.keys() >= {"sources", "claims", "topics", "events", "index"}
    assert sum(by_type.values()) == int(pages.group(1))
    timing = re.fullmatch(r"time: ([\d.]+ m?s) \((.*)\)", lines[3])
    assert timing is not None
    stages = {
        name: _seconds(duration) for name, duration in (part.split(" ", 1) for part in timing.group(2).split(", "))
    }
    assert list(stages) == ["load", "validate", "link", "render", "search", "write"]  # no cache: no restore or save
    # the total is the whole build: every stage (each rounded when printed) and what runs between them
    assert _seconds(timing.group(1)) >= sum(stages.values()) - 0.05 * len(stages)


def test_unchanged_files_are_not_rewritten(project: Path):
    site = build(project)
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    result = run_cli("--project", project)
    written = int(re.search(r"wrote (\d+) file", result.stdout).group(1))
    assert written <= 4  # at most Pagefind's filter/metadata indexes, which are not byte-stable upstream
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*.html")} == before
    edit(project / "content/topics/reef-dispute.md", "The reef is", "The disputed reef is")
    result = run_cli("--project", project)
    assert result.code == 0
    changed = [p for p in site.rglob("*.html") if p.stat().st_mtime_ns != before.get(p)]
    assert site / "topics/reef-dispute.html" in changed
    assert site / "events/ministers-meet-2020-01-02.html" not in changed


def test_stale_pages_disappear_when_a_record_is_deleted(project: Path):
    site = build(project)
    assert (site / "places" / "x").exists() is False and (site / "entities/blue-reef.html").exists()
    edit(project / "content/topics/reef-dispute.md", "[[blue-reef]]", "the reef")
    edit(project / "content/topics/reef-dispute.md", "entities: [blue-reef, ana-lopez]", "entities: [ana-lopez]")
    records = (project / RECORDS).read_text()
    start = records.index("places:")
    end = records.index("events:")
    (project / RECORDS).write_text(records[:start] + records[end:])
    build(project)
    assert not (site / "entities/blue-reef.html").exists()


def test_project_without_briefing_yaml_is_explained(tmp_path: Path):
    result = run_cli("--project", tmp_path)
    assert result.code == 2
    assert "no content/briefing.yaml here" in result.stderr


def test_an_interrupted_swap_is_recovered(project: Path):
    site = build(project)
    before = tree_digest(site)
    shutil.move(site, project / ".site.old")
    build(project)
    assert tree_digest(site) == before
    assert not (project / ".site.old").exists()
