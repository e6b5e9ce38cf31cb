"""Text Fragment links (``#:~:text=``) to cited words on the publisher's page, for any text."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from briefing.textfragment import cited_words_url, encode_term, fragment_url, text_directive

URL = "https://news.example/a/1"


def terms(url: str) -> list[str]:
    """The directive's parts, decoded; a prefix keeps its trailing '-' marker."""
    directive = url.split("#", 1)[1].split(":~:text=", 1)[1]
    assert "#" not in directive and " " not in directive
    return [unquote(part[:-1]) + "-" if part.endswith("-") else unquote(part) for part in directive.split(",")]


@pytest.mark.parametrize(
    "words",
    [
        "Kuril - Southern Kuriles, and more",
        "A & B, C-D",
        "100% sure #1 ?",
        "“belligerent” rhetoric — must end",
        "a,b-c&d=e;f/g?h#i%j",
        ":~:text=injected",
        "Путин и Абэ",
        "安倍晋三",
        "<script>alert(1)</script>",
        "tabs\tand\nnew\u00a0lines",
    ],
)
def test_hostile_words_round_trip(words: str):
    url = fragment_url(URL, words)
    assert url.startswith(URL + "#:~:text=")
    directive = url.split(":~:text=", 1)[1]
    assert not set(directive) & set("-&, #\n\t<>\"'"), directive  # every delimiter percent-encoded
    assert terms(url) == [" ".join(words.split())]


def test_delimiters_are_percent_encoded():
    assert encode_term("a-b") == "a%2Db"
    assert encode_term("a&b") == "a%26b"
    assert encode_term("a,b") == "a%2Cb"
    assert encode_term("a b") == "a%20b"


def test_a_long_quote_is_linked_by_its_first_and_last_words():
    words = "one two three four five six seven eight nine ten eleven twelve"
    assert terms(fragment_url(URL, words)) == ["one two three four", "nine ten eleven twelve"]
    assert terms(fragment_url(URL, "one two three")) == ["one two three"]


def test_a_prefix_picks_the_occurrence():
    assert text_directive("the talks", prefix="said that") == "text=said%20that-,the%20talks"


def test_the_pages_own_fragment_is_kept_and_an_old_directive_replaced():
    assert fragment_url(URL + "#top", "x") == URL + "#top:~:text=x"
    assert fragment_url(URL + "#top:~:text=old", "new") == URL + "#top:~:text=new"
    assert fragment_url(URL + "?q=1&r=2", "x") == URL + "?q=1&r=2#:~:text=x"


def test_nothing_to_point_at_leaves_the_address():
    assert fragment_url(URL, "  \n ") == URL
    assert fragment_url("", "words") == ""
    assert cited_words_url(URL, ["text"], 3, 0, 4) == URL


def test_repeated_words_get_the_words_before_them():
    paragraphs = ["The talks went well.", "Officials said the talks went well again."]
    start = paragraphs[1].index("the talks")
    url = cited_words_url(URL, paragraphs, 1, start, start + len("the talks went well"))
    assert terms(url) == ["Officials said-", "the talks went well"]
    once = cited_words_url(URL, paragraphs, 1, paragraphs[1].index("again"), len(paragraphs[1]) - 1)
    assert terms(once) == ["again"]
