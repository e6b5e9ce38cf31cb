"""What `import` keeps and removes, by class of page structure (issue 26): every removal has a reason a
person can check, sentences between and after paragraphs stay, wires come only from attribution, and an
HTML page's lines are all accounted for, with the lines two signals disagree about kept for review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from briefing.byline import csl_names
from briefing.ingest import import_capture
from briefing.ingest.furniture import Curation, Decision, curate
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


@pytest.mark.parametrize(
    "caption",
    [
        "Prime Minister Shinzo Abe speaks at a news conference in Tokyo on Friday. | KYODO",
        "Russian President Vladimir Putin and Japanese Prime Minister Shinzo Abe shake hands during their meeting in "
        "Vladivostok, Russia, September 7, 2017. REUTERS/Sergei Ilnitsky",
        "Foreign Ministry spokesperson Hua Chunying speaks at a press briefing in Beijing. (Xinhua/Wang Ye)",
        "Residents of the islands pray at a cemetery on Kunashiri. (Photo: Reuters)",
        "A fishing boat in the port of Nemuro, Hokkaido, on Monday. AFP via Getty Images",
        "Ministers before their talks. Photo: Press service of the Foreign Ministry",
    ],
)
def test_a_caption_with_a_picture_credit_is_removed_whatever_its_length(caption: str):
    curation = curated(PARAGRAPHS[0], caption, *PARAGRAPHS[1:])
    assert "caption" in reason_for(curation, caption)
    assert kept_texts(curation) == PARAGRAPHS


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Read more: North Korea fires missile over Hokkaido", "link to another story"),
        ("Read also: Putin and Abe agree on five projects", "link to another story"),
        ("See also: What the sanctions mean", "link to another story"),
        ("Posted at 14:32", "live-blog timestamp"),
        ("Updated 22:10 GMT", "live-blog timestamp"),
        ("We value your privacy", "cookie notice"),
        ("Accept all", "cookie notice"),
        ("Manage preferences", "cookie notice"),
        ("Video PlayerClose", "icon and menu labels run together"),
        ("NATIONAL / POLITICS & DIPLOMACY", "breadcrumb or section label"),
    ],
)
def test_furniture_between_paragraphs_is_removed_with_a_reason_a_person_can_check(line: str, reason: str):
    curation = curated(PARAGRAPHS[0], line, *PARAGRAPHS[1:])
    assert reason_for(curation, line).startswith(reason)
    assert kept_texts(curation) == PARAGRAPHS


@pytest.mark.parametrize(
    "closing",
    [
        "The group is due to return on Sunday.",
        "The next consultation will be held in Moscow.",
        "Associated Press writer Kwan-soo Lim in Seoul contributed to this report.",
        "Some information for this report came from Reuters and AFP.",
        '"We will not give up," he said.',
    ],
)
def test_short_sentences_between_and_after_paragraphs_are_kept(closing: str):
    short = "The flight took less than an hour."
    curation = curated(PARAGRAPHS[0], short, *PARAGRAPHS[1:], closing, footer=["27 comments", "Most read"])
    assert kept_texts(curation) == [PARAGRAPHS[0], short, *PARAGRAPHS[1:], closing]
    assert reason_for(curation, "27 comments") == "comment section"


def test_an_authors_bio_and_disclaimer_closing_a_commentary_are_removed():
    bio = (
        "Ana Lopez is a senior fellow in the Asia Program at the Example Institute. She was a delegate to the "
        "six-party talks from 2005 to 2007."
    )
    disclaimer = "The views expressed in this commentary are the author's own."
    curation = curated(*PARAGRAPHS, bio, disclaimer)
    assert kept_texts(curation) == PARAGRAPHS
    assert reason_for(curation, bio) == "the author's bio"
    assert reason_for(curation, disclaimer) == "the author's disclaimer"


def test_a_pull_quote_repeating_the_paragraph_above_is_removed_but_a_heading_summarising_the_next_is_kept():
    pull = "The projects would be carried out under a legal framework"
    heading = "Survey team to study tourism and fish farming"
    curation = curated(PARAGRAPHS[0], heading, PARAGRAPHS[1], PARAGRAPHS[2], pull, PARAGRAPHS[0] + " Again.")
    assert reason_for(curation, pull).startswith("pull quote")
    assert heading in kept_texts(curation)


def test_a_live_blogs_summary_and_key_events_are_removed_and_its_entry_headings_kept():
    entries = ["Russia urges restraint", "Abe speaks to Trump"]
    curation = curated(
        "Summary",
        "North Korea says it has tested a hydrogen bomb that can be loaded onto a long-range missile",
        "Key events",
        *entries,
        "Posted at 14:32",
        entries[0],
        PARAGRAPHS[0],
        "Share",
        "Posted at 13:05",
        entries[1],
        PARAGRAPHS[1],
    )
    assert kept_texts(curation) == [entries[0], PARAGRAPHS[0], entries[1], PARAGRAPHS[1]]
    kinds = {line.text: curation.decisions[line.number].kind for line, _ in curation.kept()}
    assert kinds[entries[0]] == kinds[entries[1]] == "heading"


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


def test_every_visible_line_of_an_html_page_is_kept_or_listed_as_removed_with_a_reason(tmp_path: Path):
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    front, draft, raw = import_page(tmp_path, body, '<meta property="article:published_time" content="2017-09-07">')
    assert raw[0] == "2017-09-07", "the declared date, not shown on the page, heads the saved text"
    assert "Share on Facebook" in raw and "Abe to visit Moscow next month for talks" in raw
    removed = {line: group["reason"] for group in front["removed"] for line in group["text"].split("\n")}
    kept = [block.strip() for block in draft.split("\n\n") if block.strip() in PARAGRAPHS]
    assert kept == PARAGRAPHS
    recorded = {front["title"], str(front["published_evidence"])}
    for line in raw:
        assert line in removed or line in PARAGRAPHS or line in recorded, f"{line!r} is not accounted for"
    assert removed["Share on Facebook"].startswith("share bar")
    assert removed["Contact us"].startswith("page footer")
    assert removed["Home World"].startswith("site navigation")
    assert front["publisher"] == "The Example Post"
    assert str(front["published"]) == "2017-09-07"


def test_a_page_without_a_declared_date_is_not_given_one(tmp_path: Path):
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS).replace("on Thursday", "this week")
    with pytest.raises(Exception, match="--published"):
        import_page(tmp_path, body)


def test_a_line_the_signals_disagree_about_is_kept_and_marked_for_review(tmp_path: Path):
    boxed = "Both sides said the legal framework for the projects would take at least another year to agree on."
    body = f"<p>{PARAGRAPHS[0]}</p><div class='promo'><p>{boxed}</p></div><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>"
    _, draft, raw = import_page(tmp_path, body, published="2017-09-07")
    assert f"\n{boxed}\n" in draft, "kept, not dropped unseen"
    number = raw.index(boxed) + 1
    assert f"#     line {number} " in draft and "newsletter box" in draft


def test_a_declared_byline_leaves_out_organisations(tmp_path: Path):
    meta = '<meta name="author" content="Min-ji Park; David Keller; Associated Press">'
    front, _, raw = import_page(tmp_path, "".join(f"<p>{p}</p>" for p in PARAGRAPHS), meta, published="2017-09-07")
    assert front["byline"] == "By Min-ji Park, David Keller"
    assert "By Min-ji Park, David Keller" in raw


def test_a_class_on_a_wrapper_around_the_article_does_not_mark_its_paragraphs(tmp_path: Path):
    body = "<div class='story social-share-enabled'>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div>"
    _, draft, _ = import_page(tmp_path, body, published="2017-09-07")
    assert "kept for review" not in draft
    assert [block.strip() for block in draft.split("\n\n") if block.strip() in PARAGRAPHS] == PARAGRAPHS


def test_elements_hidden_from_the_reader_are_not_part_of_the_saved_text(tmp_path: Path):
    hidden = (
        "<div hidden><p>Mobile menu</p></div><p aria-hidden='true'>Icon label</p><p style='display: none'>Modal</p>"
    )
    _, _, raw = import_page(tmp_path, hidden + "".join(f"<p>{p}</p>" for p in PARAGRAPHS), published="2017-09-07")
    assert not {"Mobile menu", "Icon label", "Modal"} & set(raw)
    assert PARAGRAPHS[2] in raw


def test_a_promotion_between_paragraphs_interrupts_the_article_without_ending_it():
    promo = [
        "Sign up to First Edition",
        "Our morning email breaks down the key stories of the day and why they matter to you",
        "Privacy Notice: Newsletters may contain info about charities",
    ]
    curation = curated(PARAGRAPHS[0], *promo, *PARAGRAPHS[1:])
    assert kept_texts(curation) == PARAGRAPHS
    assert {reason_for(curation, line) for line in promo} == {"paywall or subscription prompt"}


def test_the_headline_is_found_below_the_sites_menu_not_in_a_tagline_above_it():
    header = ["The Example Post", "Independent news from the north", "News", "Business", "Opinion", "World", TITLE]
    curation = curated(*PARAGRAPHS, header=[*header, "By Ana Lopez", "Sept. 7, 2017"])
    assert next(line.text for line in curation.lines if curation.decisions[line.number].kind == "title") == TITLE


def test_a_long_standfirst_followed_by_a_byline_and_date_is_not_the_first_paragraph():
    standfirst = (
        "Japan lodged a protest over the plan, which comes as the two countries discuss joint economic projects"
    )
    curation = curated(
        *PARAGRAPHS, header=["The Example Post", TITLE, standfirst, "By Staff Reporter", "Sept. 22, 2017"]
    )
    assert kept_texts(curation) == PARAGRAPHS


def test_a_heading_just_above_the_first_paragraph_is_the_articles():
    header = ["The Example Post", TITLE, "Monday, September 4, 2017 (AM)", "Print", "Opening Statement"]
    curation = curated(*PARAGRAPHS, header=header)
    assert kept_texts(curation) == ["Opening Statement", *PARAGRAPHS]


@pytest.mark.parametrize("timestamp", ["2h ago", "35 mins ago", "14.05 BST", "Updated at 14.12 BST", "9:41 a.m."])
def test_live_blog_timestamps_of_every_form_are_removed(timestamp: str):
    assert reason_for(curated(PARAGRAPHS[0], timestamp, *PARAGRAPHS[1:]), timestamp) == "live-blog timestamp"


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


def test_a_row_of_share_and_print_buttons_is_removed():
    buttons = "Download the PDF Share Email"
    assert reason_for(curated(PARAGRAPHS[0], buttons, *PARAGRAPHS[1:]), buttons).startswith("share")


@pytest.mark.parametrize("unsure", ["the islands, seen from Nemuro", "(continued)", "via satellite link from Tokyo"])
def test_a_short_line_among_the_paragraphs_that_no_rule_names_is_kept_and_marked_for_review(unsure: str):
    curation = curated(PARAGRAPHS[0], unsure, *PARAGRAPHS[1:])
    line = next(line for line in curation.lines if line.text == unsure)
    assert curation.decisions[line.number].kind == "paragraph"
    assert "neither a sentence nor a heading" in curation.decisions[line.number].review


@pytest.mark.parametrize("heading", ["■ Airport at Etorofu", "2. Overview", "'Not in my lifetime'", "Energy and trade"])
def test_headings_with_markers_or_quotes_are_headings_not_lines_to_review(heading: str):
    curation = curated(PARAGRAPHS[0], heading, *PARAGRAPHS[1:])
    line = next(line for line in curation.lines if line.text == heading)
    assert curation.decisions[line.number] == Decision("heading")


def test_a_related_box_between_paragraphs_with_its_screen_reader_labels_interrupts_the_article():
    box = ["Read more", "list 1 of 2", "UN Security Council adopts new sanctions on North Korea", "list 2 of 2",
           "Abe and Putin agree joint projects on disputed islands", "end of list"]  # fmt: skip
    curation = curated(PARAGRAPHS[0], *box, "‘Dialogue, not pressure’", *PARAGRAPHS[1:])
    assert kept_texts(curation) == [PARAGRAPHS[0], "‘Dialogue, not pressure’", *PARAGRAPHS[1:]]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Time to read 3 min.", "reading time"),
        ("Lire en français", "link to the page in another language"),
        ("Permalink https://p.example.de/p/2jk8Q", "link prompt"),
        ("Click here to share on social media", "link prompt"),
        ("By registering, you agree to our T&C and Privacy Policy", "paywall or subscription prompt"),
        ("Reader Comments (2)", "comment section"),
        ("Print version", "site navigation"),
        ("News|North Korea", "breadcrumb or section label"),
    ],
)
def test_more_furniture_is_named(line: str, reason: str):
    assert reason_for(curated(PARAGRAPHS[0], line, *PARAGRAPHS[1:], footer=[]), line).startswith(reason)


def test_transcript_stage_directions_and_a_sentence_beginning_more_on_are_kept():
    lines = ["(Applause)", PARAGRAPHS[1], "(Applause)", "More on this next week."]
    assert kept_texts(curated(PARAGRAPHS[0], *lines, PARAGRAPHS[2])) == [PARAGRAPHS[0], *lines, PARAGRAPHS[2]]


def test_notes_after_the_article_are_removed_and_an_editors_initials_credit_ends_it():
    notes = [
        "Notes",
        "United Nations Security Council, Resolution 2375 (2017), S/RES/2375 (2017), 11 September 2017. ↩",
    ]
    curation = curated(*PARAGRAPHS, "jh/rc (AFP, dpa)", *notes)
    assert kept_texts(curation) == [*PARAGRAPHS, "jh/rc (AFP, dpa)"]
    assert propose(curation, dt.date(2017, 12, 31)).wire_services == ["afp", "dpa"]
    assert {reason_for(curation, line) for line in notes} == {"the notes and references after the article"}


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


def test_cells_of_a_table_in_the_article_do_not_push_its_start_below_the_table():
    cells = ["Entities", "Name", "Type", "Organization and Guidance Department", "Party body", "Jon Il Gwang"]
    curation = curated(*PARAGRAPHS[:2], *cells, PARAGRAPHS[2])
    assert kept_texts(curation)[:2] == PARAGRAPHS[:2]


def test_a_transcripts_speaker_labels_and_stage_directions_close_it():
    ending = ["Sergey Lavrov:", "I would only add that we are ready to continue.", "(Laughter)"]
    assert kept_texts(curated(*PARAGRAPHS, *ending, footer=["Document 1744-08-09-2017"])) == [*PARAGRAPHS, *ending]


def test_a_pitch_repeated_in_capitals_and_an_authors_bio_before_keywords_are_removed():
    pitch = "In a time of both misinformation and too much information, quality journalism is more crucial than ever."
    bio = "Kenji Arakawa is a professor of international relations at Hokkai Gakuen University in Sapporo."
    tail = [bio, "KEYWORDS", "Russia, Shinzo Abe, Kuril Islands", pitch.upper(), "SUBSCRIBE NOW"]
    curation = curated(PARAGRAPHS[0], pitch, *PARAGRAPHS[1:], *tail)
    assert kept_texts(curation) == PARAGRAPHS


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


@pytest.mark.parametrize(("line", "reason"), [("Related Article: Abe to visit Moscow", "link to another story"),
                                              ("Site Map", "site navigation")])  # fmt: skip
def test_related_article_links_and_site_map_links_are_furniture(line: str, reason: str):
    assert reason_for(curated(PARAGRAPHS[0], line, *PARAGRAPHS[1:]), line).startswith(reason)


def test_a_photo_credit_beginning_with_the_copyright_sign_is_not_the_sites_footer():
    curation = curated(PARAGRAPHS[0], "Aegis Ashore test site in Hawaii", "© AP Photo / Kenji Arimura", *PARAGRAPHS[1:])
    assert kept_texts(curation) == PARAGRAPHS
    assert reason_for(curation, "Aegis Ashore test site in Hawaii").startswith("photo caption")


def test_a_photo_label_goes_above_its_caption_and_a_named_credit_below_it():
    above = ["Photo/Illustration", "Former islanders arrive at the airfield on Etorofu on Saturday."]
    below = ["Kelp boats in the port of Nemuro on Thursday.", "Photo: Kenta Mori"]
    curation = curated(PARAGRAPHS[0], *above, PARAGRAPHS[1], *below, PARAGRAPHS[2])
    assert kept_texts(curation) == PARAGRAPHS


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("This article is available to members only", "paywall or subscription prompt"),
        ("Become a member to read the full story", "paywall or subscription prompt"),
    ],
)
def test_a_members_only_paywall_is_a_subscription_prompt(line: str, reason: str):
    assert reason_for(curated(*PARAGRAPHS, line, footer=[]), line) == reason


def test_an_authors_box_after_the_article_is_removed_with_its_bios():
    box = [
        "Authors",
        "Ana Lopez",
        "Ana Lopez is a researcher at the Example Institute who writes about Russia and Japan.",
    ]
    curation = curated(*PARAGRAPHS, *box)
    assert kept_texts(curation) == PARAGRAPHS
    assert {reason_for(curation, line) for line in box} <= {"about the author", "the author's bio"}


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


def test_a_related_story_label_takes_its_headlines_and_a_reporters_bio_ends_the_article():
    related = ["RELATED STORY", "Abe and Putin agree to meet again in November"]
    bio = "Dana Whitcomb is a national security reporter covering Asia for the Example Post."
    curation = curated(PARAGRAPHS[0], *related, *PARAGRAPHS[1:], bio)
    assert kept_texts(curation) == PARAGRAPHS


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
