"""Sentence breaks in news prose: abbreviations, initials and honorifics do not end a sentence; real ends do,
and the offsets give back the exact text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing.sentences import sentence_breaks, split_sentences

CASES = [
    ("The U.N. Security Council met. Russia objected.", ["The U.N. Security Council met.", "Russia objected."]),
    ("A U.S. ally. The talks went on.", ["A U.S. ally.", "The talks went on."]),
    ("He is an ally of the U.S. He said so.", ["He is an ally of the U.S.", "He said so."]),
    ("Abe flies to St. Petersburg in May. He will speak.", ["Abe flies to St. Petersburg in May.", "He will speak."]),
    ("Mr. Abe met Mrs. May and Dr. Kim. They talked.", ["Mr. Abe met Mrs. May and Dr. Kim.", "They talked."]),
    ("Gen. Mattis and Sen. McCain spoke.", ["Gen. Mattis and Sen. McCain spoke."]),
    ("J. Smith wrote it. Then he left.", ["J. Smith wrote it.", "Then he left."]),
    ("George W. Bush spoke. Putin listened.", ["George W. Bush spoke.", "Putin listened."]),
    ("Resolution No. 5 passed. No. The vote failed.", ["Resolution No. 5 passed.", "No.", "The vote failed."]),
    ("It grew 3.5 times. Exports fell 2.1 percent.", ["It grew 3.5 times.", "Exports fell 2.1 percent."]),
    ("They met on Sept. 7 in Vladivostok. Abe left.", ["They met on Sept. 7 in Vladivostok.", "Abe left."]),
    ('"It got worse." Putin said so.', ['"It got worse."', "Putin said so."]),
    ("“It got worse,” he said. “We agree.”", ["“It got worse,” he said.", "“We agree.”"]),
    ("Is it over? Yes! It is (mostly). Fine.", ["Is it over?", "Yes!", "It is (mostly).", "Fine."]),
    ("Talks (in the U.K.) ended. Next.", ["Talks (in the U.K.) ended.", "Next."]),
    ("Prices e.g. Oil rose. Then fell.", ["Prices e.g. Oil rose.", "Then fell."]),
    ("In 2017 the U.N. imposed sanctions.", ["In 2017 the U.N. imposed sanctions."]),
    ("one sentence without a stop", ["one sentence without a stop"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_breaks_are_offsets_into_the_text(text: str, expected: list[str]) -> None:
    """Each break's stop is the end of one sentence's text and its start the next one's first character."""
    for stop, start in sentence_breaks(text):
        assert text[stop - 1] in ".!?\"'”’)]" and not text[stop:start].strip() and text[start].strip()


def test_no_mention_sentence_is_cut_at_an_abbreviation(seed_site: Path) -> None:
    """Entity pages quote the sentence each mention is in: none ends at "U.N.", "St." or an initial, or starts
    with the words that followed one (220 sentences; 12 were cut before)."""
    cut = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:St|Mr|Mrs|Ms|Dr|Gen|No)\.|\s[A-Z]\.)$")
    sentences = []
    for path in sorted(seed_site.glob("entities/*.html")):
        for item in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("ul.mentions li"):
            item.find("a").extract()
            sentences.append(item.get_text(" ", strip=True))
    assert len(sentences) >= 100
    assert [s for s in sentences if cut.search(s) or s[:1].islower()] == []
