"""An HTML page imported whole (issue 26): every visible line is kept or listed as removed with a reason,
the markup and the extractor judge each line, and where they disagree the line is kept for review."""

from __future__ import annotations

from pathlib import Path

import pytest
from importing import PARAGRAPHS, import_page


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
