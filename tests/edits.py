"""The edits a rebuild must answer exactly as a cold build does (test_incremental): of a source's text and
its capture, annotations, topics, briefing.yaml's analytic records, templates and the stylesheet, ids, events
in the timeline, and the previous edition. Each takes the project folder and changes it in place."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

from conftest import REPO, edit
from rebuilds import RAW, SOURCE, builder_for, edit_source_word


def edit_source_text(project: Path) -> None:
    """A new paragraph, in both the curated text and its raw capture (with the new sha256)."""
    raw = project / RAW
    old_sha = hashlib.sha256(raw.read_bytes()).hexdigest()
    raw.write_bytes(raw.read_bytes() + b"\nPutin and Abe will meet again in Vladivostok.\n")
    new_sha = hashlib.sha256(raw.read_bytes()).hexdigest()
    edit(project / SOURCE, old_sha, new_sha, every=True)
    source = project / SOURCE
    source.write_text(source.read_text() + "\nPutin and Abe will meet again in Vladivostok.\n")


def insert_paragraph_first(project: Path) -> None:
    """A new first paragraph: every paragraph after it, and every cited passage in them, moves down one, so
    the anchors that claims and quotes link to change while their own records do not."""
    raw = project / RAW
    old_sha = hashlib.sha256(raw.read_bytes()).hexdigest()
    first = "\nRussian President Vladimir Putin and Japanese"  # the first paragraph, in the capture and the body
    new_first = "\nThe two leaders spoke for three hours.\n" + first  # in the same place in both: curation keeps order
    edit(raw, first, new_first)
    edit(project / SOURCE, old_sha, hashlib.sha256(raw.read_bytes()).hexdigest(), every=True)
    edit(project / SOURCE, first, new_first)


def withdraw_a_source(project: Path) -> None:
    """How well the claims citing it are supported changes, and they are flagged; the claims themselves do not."""
    edit(project / SOURCE, "\nlanguage: en\n", "\nlanguage: en\nstatus: withdrawn\nstatus_note: Retracted.\n")


def reattribute_a_paragraph(project: Path) -> None:
    """¶4 now comes from Reuters: the origins and counts of the claims quoting it change, and its page."""
    edit(project / SOURCE, "  - paragraphs: 4\n    origin: [afp, tass]", "  - paragraphs: 4\n    origin: reuters")


def drop_a_reference(project: Path) -> None:
    """A claim stops being about North Korea: that entity's page must no longer list it."""
    edit(
        project / "content/annotations/claims.yaml", "moscow-talks-2017-04-27, north-korea]", "moscow-talks-2017-04-27]"
    )


def drop_an_alias(project: Path) -> None:
    """ "Abe" alone no longer counts as a mention of Shinzo Abe: source pages and his page change."""
    edit(project / "content/annotations/entities.yaml", "aliases: [Abe, Prime", "aliases: [Prime")


def edit_annotation(project: Path) -> None:
    edit(project / "content/annotations/claims.yaml", 'statement: "', 'statement: "Edited. ', every=True)


def edit_topic(project: Path) -> None:
    edit(project / "content/topics/sanctions.md", "## ", "## Revised: ", every=True)


BRIEFING = "content/briefing.yaml"


def edit_an_assumption(project: Path) -> None:
    """Words after its first clause: the home page and the print view change, nothing that names it."""
    edit(project / BRIEFING, "a personal one between the two leaders", "a personal one between the two men")


def rename_an_assumption(project: Path) -> None:
    """Its first clause, by which the source pages citing it name it ("cited by assumption: …")."""
    edit(project / BRIEFING, "An oil embargo can only come through", "An oil embargo can come only through")


def move_an_indicators_citation(project: Path) -> None:
    """Other words of the same source: the highlight moves on the source page, the marker on the home page."""
    edit(
        project / BRIEFING,
        '[@nikkei-2017-09-07, \\"in conjunction with the Asia-Pacific Economic Cooperation leaders\' summit\\"]',
        '[@nikkei-2017-09-07, \\"Abe next meets with Putin this coming November\\"]',
    )


def edit_template(project: Path) -> None:
    (project / "templates").mkdir(exist_ok=True)
    base = (REPO / "templates/base.html").read_text()
    (project / "templates/base.html").write_text(base.replace("</footer>", "<p>Draft for review.</p></footer>"))


def edit_page_template(project: Path, words: str = "Reviewed source") -> None:
    """An override of the source pages' template: the other pages do not read it."""
    (project / "templates").mkdir(exist_ok=True)
    source = (REPO / "templates/source.html").read_text()
    (project / "templates/source.html").write_text(
        source.replace("{% block content %}", f"{{% block content %}}<p>{words}</p>", 1)
    )


def edit_stylesheet(project: Path) -> None:
    """A project's own static file replaces the default one (render keeps static files by template digest)."""
    (project / "templates/static").mkdir(parents=True, exist_ok=True)
    css = (REPO / "templates/static/style.css").read_text()
    (project / "templates/static/style.css").write_text(css + "\n.draft { color: red; }\n")


def add_then_delete_a_topic(project: Path) -> None:
    topic = project / "content/topics/extra-topic.md"
    topic.write_text("---\ntitle: Extra\nsummary: A topic that will be deleted.\n---\nSee [[kuril-islands]].\n")
    builder_for(project).build()  # the site now has the extra topic page …
    topic.unlink()  # … which must disappear


def rename_an_id(project: Path) -> None:
    for path in (project / "content").rglob("*"):
        if path.suffix in (".yaml", ".md"):
            text = path.read_text()
            renamed = re.sub(r"\bkuril-islands(?![\w-])", "southern-kurils", text)
            if renamed != text:
                path.write_text(renamed)


EDITION = "editions/2017-09-01.json"


def name_a_previous_edition(project: Path) -> None:
    """The last build's briefing.json kept as the previous edition, with one judgment's confidence and one
    claim's statement changed in it: the home page and the print view say what changed since."""
    document = json.loads((project / "site/briefing.json").read_text(encoding="utf-8"))
    document["briefing"]["key_judgments"][0]["confidence"] = "low"
    document["claims"][0]["id"] = "a-claim-since-dropped"
    (project / "editions").mkdir(exist_ok=True)
    (project / EDITION).write_text(json.dumps(document), encoding="utf-8")
    briefing = project / "content/briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8") + f"previous_edition: {EDITION}\n", encoding="utf-8")


def edit_the_previous_edition(project: Path) -> None:
    """Only the earlier edition's file changes, not briefing.yaml: a judgment it had is gone."""
    document = json.loads((project / EDITION).read_text(encoding="utf-8"))
    document["briefing"]["key_judgments"].append(
        {"id": "kj-since-removed", "judgment": "A judgment the last edition made.", "confidence": "high"}
    )
    (project / EDITION).write_text(json.dumps(document), encoding="utf-8")


def add_an_event(project: Path) -> None:
    """A new event, with a page of its own and a place in the timeline (its ids change: no patched load)."""
    edit(
        project / "content/annotations/events.yaml",
        "events:\n",
        "events:\n  - id: later-talks-2018\n    title: Talks resume\n    kind: other\n    date: 2018\n"
        "    status: happened\n    topics: [six-party-talks]\n    evidence:\n      - source: ibtimes-2017-04-27\n"
        '        quote: "which have been controlled by Russia since World War II"\n\n',
    )


def move_an_event(project: Path) -> None:
    """An event's date moves it to another place in the timeline, its ids and everything else the same."""
    edit(project / "content/annotations/events.yaml", "    date: 2009\n", "    date: 1944\n")


EDITS: list[Callable[[Path], None]] = [
    edit_source_text,
    edit_source_word,
    insert_paragraph_first,
    withdraw_a_source,
    reattribute_a_paragraph,
    drop_a_reference,
    drop_an_alias,
    edit_annotation,
    edit_topic,
    edit_an_assumption,
    rename_an_assumption,
    move_an_indicators_citation,
    edit_template,
    edit_page_template,
    edit_stylesheet,
    add_then_delete_a_topic,
    add_an_event,
    move_an_event,
    rename_an_id,
    name_a_previous_edition,
    edit_the_previous_edition,
]
