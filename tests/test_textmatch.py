import random
import re

from briefing.model import Span
from briefing.nearest import closest_passage
from briefing.textmatch import NameFinder, find_occurrences, normalise, squash


def test_normalise_unifies_quotes_dashes_ellipsis_and_spaces():
    assert squash("“It’s  fine”\u00a0— really…") == '"It\'s fine" - really...'
    assert squash("proposed -- for") == squash("proposed — for") == "proposed - for"


def _normalised_one_character_at_a_time(text: str) -> tuple[str, list[int]]:
    """The normal form by its definition, character by character, with each character's original offset
    (for the quotes and dashes the test uses)."""
    text = text.translate(str.maketrans({"’": "'", "`": "'", "“": '"', "—": "-"}))
    characters: list[str] = []
    offsets: list[int] = []
    index = 0
    while index < len(text):
        end = index + 1
        if text[index].isspace():
            while end < len(text) and text[end].isspace():
                end += 1
            if index > 0 and end < len(text):  # whitespace at either end is dropped
                characters.append(" ")
                offsets.append(index)
        elif text[index] == "-":
            while end < len(text) and text[end] == "-":
                end += 1
            characters.append("-")
            offsets.append(index)
        elif text[index] == "\u2026":
            characters.append("...")
            offsets += [index] * 3
        else:
            characters.append(text[index])
            offsets.append(index)
        index = end
    return "".join(characters), offsets


def test_normal_form_and_offsets_follow_the_definition():
    pieces = ["a", "b.", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "-", "--", "—", "…", "’", "`", "“", "x y"]
    rng = random.Random(5)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        expected, offsets = _normalised_one_character_at_a_time(text)
        normal = normalise(text)
        mapped = [normal.original_span(index, index + 1)[0] for index in range(len(normal.text))]
        assert (squash(text), normal.text, mapped) == (expected, expected, offsets), repr(text)


def test_offsets_point_into_the_original_text():
    text = "Putin said, “We are urging all the states…” ok"
    blocks = [normalise(text)]
    [found] = find_occurrences('"We are urging all the states...', blocks)
    assert text[found.start : found.end] == "“We are urging all the states…"


def test_prefix_and_suffix_pick_one_occurrence():
    blocks = [normalise("Abe met Putin. Later Putin left.")]
    assert len(find_occurrences("Putin", blocks)) == 2
    [after_met] = find_occurrences("Putin", blocks, prefix="Abe met")
    [before_left] = find_occurrences("Putin", blocks, suffix="left")
    assert (after_met.start, before_left.start) == (8, 21)


def test_closest_passage_names_the_nearest_words():
    blocks = [normalise("Nothing here."), normalise("the situation has unfortunately gotten a lot worse")]
    passage = closest_passage("the situation has got a lot worse", blocks)
    assert passage is not None and passage.block == 1
    assert "lot worse" in passage.text and not passage.is_sentence


def test_a_paraphrase_is_answered_with_the_sentence_that_shares_most_of_its_words():
    """In-order similarity finds a fragment for a paraphrase; the analyst needs the sentence to copy from."""
    blocks = [
        normalise("Officials met on Monday. The weather was fine."),
        normalise(
            "The two leaders met for three hours. They called for a resumption of six-party international talks "
            "on North Korea's nuclear programme, the Kremlin said. Trade was also discussed."
        ),
    ]
    passage = closest_passage("the leaders want six-party talks on North Korea to resume", blocks)
    assert passage is not None and passage.is_sentence and passage.block == 1
    assert passage.text == (
        "They called for a resumption of six-party international talks on North Korea's nuclear programme, "
        "the Kremlin said."
    )


def test_name_finder_finds_what_one_longest_first_regex_finds() -> None:
    """The Aho–Corasick finder must keep the regex's semantics: leftmost, longest, whole words, no overlaps."""
    names = ["Ab", "Abc", "Ab Abc", "bc", "c", "Abc-d", "Ško"]
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))) + r")(?![\w-])"
    )
    finder = NameFinder(names)
    pieces = ["Ab", "Abc", "bc", "-", " ", "_", "c", "Ab Abc", "é", "Ško", "d", "."]
    rng = random.Random(11)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert finder.finditer(text) == [m.span() for m in pattern.finditer(text)], text


def test_name_finder_without_names_finds_nothing() -> None:
    assert NameFinder([]).finditer("Abe Shinzo") == []
    assert NameFinder([""]).empty


def test_a_passage_anchor_names_its_words_and_which_occurrence_of_them():
    text = "He said no. Then, asked again, he said no."
    first = Span.found("s", 2, text, text.index("said no"), text.index("said no") + 7)
    second = Span.found("s", 2, text, text.rindex("said no"), text.rindex("said no") + 7)
    assert first.anchor.startswith("q3-") and second.anchor == first.anchor + "-2"
    moved = "Later, he said no. Then, asked again, he said no."
    assert Span.found("s", 2, moved, moved.index("said no"), moved.index("said no") + 7).anchor == first.anchor
