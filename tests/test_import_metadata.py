"""What `import` proposes about a capture, by class of page structure (issue 26): wires only from
attribution in the text, bylines, dates, headlines and publishers in the forms outlets write them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from importing import HEADER, PARAGRAPHS, TITLE, curated, import_page, kept_texts

from briefing.byline import csl_names
from briefing.ingest.furniture import curate
from briefing.ingest.metadata import propose

ATTRIBUTED = [
    ("TOKYO (Kyodo) -- Japan on Friday added six companies to its list of entities whose assets are frozen.", "kyodo"),
    ("Seoul's presidential office said the resolution showed the world's will, Yonhap news agency reported.", "yonhap"),
    ("Kono said all countries must carry out the sanctions fully, according to Japan's Kyodo news agency.", "kyodo"),
    ("The six-party talks have been dormant since late 2008 and no date is set to resume them. (Yonhap)", "yonhap"),
    ("Reuters and AFP journalists were among those invited to the briefing in the capital on Monday.", None),
    ("The photograph of the two leaders, taken by a Reuters photographer, was shared widely on Monday.", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "wire"), ATTRIBUTED)
def test_wires_come_only_from_attribution_in_the_text(text: str, wire: str | None):
    curation = curate("\n".join([*HEADER, PARAGRAPHS[0], text, *PARAGRAPHS[1:]]) + "\n")
    proposal = propose(curation, dt.date(2017, 12, 31))
    assert proposal.wire_services == ([wire] if wire else [])
    for wire, words, line in proposal.wire_evidence:
        assert words in curation.lines[line - 1].text, (wire, words, line)


def test_a_photo_credit_never_makes_a_wire():
    caption = "The two leaders shake hands in Vladivostok, Russia, September 7, 2017. REUTERS/Sergei Ilnitsky"
    curation = curate("\n".join([*HEADER, PARAGRAPHS[0], caption, *PARAGRAPHS[1:]]) + "\n")
    assert propose(curation, dt.date(2017, 12, 31)).wire_services == []


def test_a_declared_byline_leaves_out_organisations(tmp_path: Path):
    meta = '<meta name="author" content="Min-ji Park; David Keller; Associated Press">'
    front, _, raw = import_page(tmp_path, "".join(f"<p>{p}</p>" for p in PARAGRAPHS), meta, published="2017-09-07")
    assert front["byline"] == "By Min-ji Park, David Keller"
    assert "By Min-ji Park, David Keller" in raw


def test_the_headline_is_found_below_the_sites_menu_not_in_a_tagline_above_it():
    header = ["The Example Post", "Independent news from the north", "News", "Business", "Opinion", "World", TITLE]
    curation = curated(*PARAGRAPHS, header=[*header, "By Ana Lopez", "Sept. 7, 2017"])
    assert next(line.text for line in curation.lines if curation.decisions[line.number].kind == "title") == TITLE


@pytest.mark.parametrize(
    ("phrase", "wire"),
    [
        ("a Kremlin spokesman said, according to the state-run TASS news agency", "tass"),
        ("officials said, according to the Russian news agency RIA Novosti", "ria-novosti"),
        ("and Kyodo News reported that the team would return on Saturday", "kyodo"),
    ],
)
def test_an_attribution_with_words_before_the_agency_is_found(phrase: str, wire: str):
    text = f"The survey team will visit fish farms and a geothermal plant on the islands this week, {phrase}."
    curation = curate("\n".join([*HEADER, PARAGRAPHS[0], text, *PARAGRAPHS[1:]]) + "\n")
    assert propose(curation, dt.date(2017, 12, 31)).wire_services == [wire]


def test_the_masthead_wins_over_its_companys_legal_name_in_the_copyright_line():
    footer = ["© 2017 Example Post News & Media Limited or its affiliated companies. All rights reserved"]
    header = ["The Example Post", "News", "World", "Asia", TITLE]
    curation = curate("\n".join([*header, *PARAGRAPHS, *footer]) + "\n")
    assert propose(curation, dt.date(2017, 12, 31)).publisher == "The Example Post"


@pytest.mark.parametrize(
    ("header", "byline"),
    [
        (["Author Jonas Hartl"], "Author Jonas Hartl"),
        (["Author", "Dr. Kenji Aoyama"], "Dr. Kenji Aoyama"),
        (["Mika Sorensen | Former Danish diplomat in Tokyo"], "Mika Sorensen | Former Danish diplomat in Tokyo"),
        (["Helen Marsh (now) and Tom Ashby (earlier)"], "Helen Marsh (now) and Tom Ashby (earlier)"),
    ],
)
def test_bylines_with_labels_roles_and_notes_are_found(header: list[str], byline: str):
    curation = curate("\n".join(["The Example Post", TITLE, *header, *PARAGRAPHS]) + "\n")
    assert propose(curation, dt.date(2017, 12, 31)).byline == byline


@pytest.mark.parametrize("dateline", ["Published On 12 Sep 201712 Sep 2017", "Sep 12,2017", "08.09.2017 14:20"])
def test_dates_in_compact_glued_and_numeric_forms(dateline: str):
    curation = curate("\n".join(["The Example Post", TITLE, dateline, *PARAGRAPHS]) + "\n")
    date = propose(curation, dt.date(2017, 12, 31)).date
    assert date is not None and date.published in ("2017-09-12", "2017-09-08")


@pytest.mark.parametrize(
    ("text", "wire"),
    [("officials said, according to Russian state news agency TASS", "tass")],
)
def test_an_agency_after_four_descriptive_words_is_found(text: str, wire: str):
    line = f"The garrison will be expanded next year to guard the new coastal missile systems, {text}."
    curation = curate("\n".join([*HEADER, PARAGRAPHS[0], line, *PARAGRAPHS[1:]]) + "\n")
    assert propose(curation, dt.date(2017, 12, 31)).wire_services == [wire]


@pytest.mark.parametrize(
    "byline", ["By Lee Min-ho, staff reporter", "By Taro Miyoshi / Asuka Shimbun Staff Writer", "By KIM SOO-HYUN"]
)
def test_bylines_with_a_role_after_the_name(byline: str):
    curation = curate("\n".join(["The Example Post", TITLE, byline, *PARAGRAPHS]) + "\n")
    assert propose(curation, dt.date(2017, 12, 31)).byline == byline


def test_a_byline_after_the_article_is_found():
    curation = curated(*PARAGRAPHS, "BY KIM SOO-HYUN [kim.soohyun@example.co.kr]", header=["The Example Post", TITLE])
    assert propose(curation, dt.date(2017, 12, 31)).byline == "BY KIM SOO-HYUN [kim.soohyun@example.co.kr]"


def test_a_copyright_policy_link_names_no_publisher():
    footer = ["Read our T&Cs and Copyright Policy"]
    curation = curate("\n".join(["The Example Post", "News", "World", "Asia", TITLE, *PARAGRAPHS, *footer]) + "\n")
    assert propose(curation, dt.date(2017, 12, 31)).publisher == "The Example Post"


def test_the_headline_of_a_declared_title_with_a_section_label_before_it(tmp_path: Path):
    meta = f'<meta property="og:title" content="Perspective | {TITLE}">'
    front, _, _ = import_page(tmp_path, "".join(f"<p>{p}</p>" for p in PARAGRAPHS), meta, published="2017-09-07")
    assert front["title"] == TITLE


@pytest.mark.parametrize(
    ("dateline", "day"),
    [
        ("09/07/2017 05:12 PM EDT", "2017-09-07"),
        ("07/09/2017", "2017-09-07"),
        ("Posted 9/7/2017, 5:12 p.m.", "2017-09-07"),
    ],
)
def test_a_slashed_date_is_month_first_only_where_the_page_tells_the_clock_the_american_way(dateline: str, day: str):
    curation = curate("\n".join(["The Example Post", TITLE, dateline, *PARAGRAPHS]) + "\n")
    date = propose(curation, dt.date(2017, 12, 31)).date
    assert date is not None and date.published == day


def test_additional_reporting_from_an_agency_ends_the_article_and_names_its_wire():
    credit = "Additional reporting from Agence France-Presse"
    curation = curated(*PARAGRAPHS, credit, "Join our Telegram channel for more")
    assert kept_texts(curation) == [*PARAGRAPHS, credit]
    assert propose(curation, dt.date(2017, 12, 31)).wire_services == ["afp"]


def test_a_byline_with_a_job_title_before_the_name():
    curation = curate(
        "\n".join(["The Example Post", TITLE, "By North Asia correspondent Mark Tilden", *PARAGRAPHS]) + "\n"
    )
    byline = propose(curation, dt.date(2017, 12, 31)).byline
    assert byline == "By North Asia correspondent Mark Tilden"
    assert csl_names(byline) == [{"given": "Mark", "family": "Tilden"}]


@pytest.mark.parametrize("below", ["October 4th, 2017", "5–6 minutes", "Japan Correspondent In Tokyo"])
def test_a_name_alone_under_the_headline_with_its_date_reading_time_or_title_below_is_the_byline(below: str):
    curation = curate("\n".join(["The Example Post", TITLE, "Anna Kostina", below, *PARAGRAPHS]) + "\n")
    assert propose(curation, dt.date(2017, 12, 31)).byline == "Anna Kostina"


def test_a_name_alone_with_nothing_to_vouch_for_it_is_not_a_byline():
    curation = curate("\n".join(["The Example Post", TITLE, "North Asia", *PARAGRAPHS]) + "\n")
    assert propose(curation, dt.date(2017, 12, 31)).byline == ""


def test_the_paper_and_role_after_a_slash_are_not_an_author():
    assert csl_names("By Taro Miyoshi / Asuka Shimbun Staff Writer") == [{"given": "Taro", "family": "Miyoshi"}]
