from briefing.textmatch import closest_passage, find_occurrences, normalise, squash


def test_normalise_unifies_quotes_dashes_ellipsis_and_spaces():
    assert squash("“It’s  fine”\u00a0— really…") == '"It\'s fine" - really...'
    assert squash("proposed -- for") == squash("proposed — for") == "proposed - for"


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
    assert "lot worse" in passage.text
