"""Shared by the import tests: an article's paragraphs and header, curating them between given lines, and
importing an HTML page built around a given body."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from briefing.ingest import import_capture
from briefing.ingest.furniture import Curation, curate
from briefing.ingest.metadata import propose
from briefing.project import open_project
from briefing.scaffold import create_project

PARAGRAPHS = [
    "Japan and Russia agreed on Thursday to start joint economic projects on the disputed islands, officials said.",
    "The two governments will send a survey team in October to study tourism and fish farming on the islands.",
    "Officials in Tokyo said the projects would be carried out under a legal framework acceptable to both sides.",
]
HEADER = ["The Daily Example", "Home", "World", "Japan and Russia agree island projects", "By Ana Lopez"]


def curated(*body: str, header: list[str] | None = None, footer: list[str] | None = None) -> Curation:
    lines = [*(HEADER if header is None else header), *body, *(footer or ["© 2017 The Daily Example"])]
    curation = curate("\n".join(lines) + "\n")
    propose(curation, dt.date(2017, 12, 31))
    return curation


def kept_texts(curation: Curation) -> list[str]:
    return [line.text for line, _ in curation.kept()]


def reason_for(curation: Curation, text: str) -> str:
    line = next(line for line in curation.lines if line.text == text)
    decision = curation.decisions[line.number]
    assert decision.kind == "removed", f"{text!r} was kept as {decision.kind}"
    return decision.reason


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | The Example Post</title>
<meta property="og:site_name" content="The Example Post">{meta}</head><body>
<header><a href="/">The Example Post</a><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>{title}</h1>
{body}
<div class="share-bar"><a href="#">Share on Facebook</a></div>
</article>
<aside class="related"><h2>Related</h2>
<ul><li><a href="/a">Abe to visit Moscow next month for talks</a></li></ul></aside>
</main><footer><p>Contact us</p><p>© 2017 The Example Post. All rights reserved.</p></footer></body></html>
"""
TITLE = "Japan and Russia agree on five island projects"


def import_page(tmp_path: Path, body: str, meta: str = "", **flags: object) -> tuple[dict, str, list[str]]:
    project = tmp_path / "b"
    if not project.exists():
        create_project(project, "Test briefing", force=False)
    capture = tmp_path / "page.html"
    capture.write_text(PAGE.format(title=TITLE, meta=meta, body=body), encoding="utf-8")
    result = import_capture(open_project(project), capture, source_id="page", force=True, **flags)
    _, front, text = result.source_path.read_text(encoding="utf-8").split("---\n", 2)
    raw = (project / "content/sources/raw/page.txt").read_text(encoding="utf-8")
    return yaml.safe_load(front), front + text, raw.splitlines()
