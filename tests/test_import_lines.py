"""What `import` keeps and removes, by class of page structure (issue 26): every removal has a reason a
person can check, sentences between and after paragraphs stay, and lines the rules are unsure of are kept for
review."""

from __future__ import annotations

import datetime as dt

import pytest
from importing import PARAGRAPHS, TITLE, curated, kept_texts, reason_for

from briefing.ingest.furniture import Decision
from briefing.ingest.metadata import propose


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


def test_a_promotion_between_paragraphs_interrupts_the_article_without_ending_it():
    promo = [
        "Sign up to First Edition",
        "Our morning email breaks down the key stories of the day and why they matter to you",
        "Privacy Notice: Newsletters may contain info about charities",
    ]
    curation = curated(PARAGRAPHS[0], *promo, *PARAGRAPHS[1:])
    assert kept_texts(curation) == PARAGRAPHS
    assert {reason_for(curation, line) for line in promo} == {"paywall or subscription prompt"}


def test_a_heading_just_above_the_first_paragraph_is_the_articles():
    header = ["The Example Post", TITLE, "Monday, September 4, 2017 (AM)", "Print", "Opening Statement"]
    curation = curated(*PARAGRAPHS, header=header)
    assert kept_texts(curation) == ["Opening Statement", *PARAGRAPHS]


@pytest.mark.parametrize("timestamp", ["2h ago", "35 mins ago", "14.05 BST", "Updated at 14.12 BST", "9:41 a.m."])
def test_live_blog_timestamps_of_every_form_are_removed(timestamp: str):
    assert reason_for(curated(PARAGRAPHS[0], timestamp, *PARAGRAPHS[1:]), timestamp) == "live-blog timestamp"


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


def test_a_related_story_label_takes_its_headlines_and_a_reporters_bio_ends_the_article():
    related = ["RELATED STORY", "Abe and Putin agree to meet again in November"]
    bio = "Dana Whitcomb is a national security reporter covering Asia for the Example Post."
    curation = curated(PARAGRAPHS[0], *related, *PARAGRAPHS[1:], bio)
    assert kept_texts(curation) == PARAGRAPHS


def test_a_long_standfirst_followed_by_a_byline_and_date_is_not_the_first_paragraph():
    standfirst = (
        "Japan lodged a protest over the plan, which comes as the two countries discuss joint economic projects"
    )
    curation = curated(
        *PARAGRAPHS, header=["The Example Post", TITLE, standfirst, "By Staff Reporter", "Sept. 22, 2017"]
    )
    assert kept_texts(curation) == PARAGRAPHS
