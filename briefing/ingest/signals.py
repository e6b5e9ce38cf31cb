"""An HTML page's two signals about its lines, reconciled with curation's line rules.

The markup says what some lines are (``<nav>``, ``class="share"``); the
extractor (trafilatura) says which lines it takes for the article. Where the
markup names a line as furniture and the extractor agrees, the line is
removed with the markup's reason. Where the signals disagree about a line
the rules would have removed for want of a better reason, the line is kept
and marked for review: a line wrongly kept costs the analyst a ``--drop``,
a line wrongly dropped costs the briefing words its source said.
"""

from __future__ import annotations

import re
from collections import Counter

from briefing.ingest.furniture import Curation, Decision
from briefing.ingest.html import ExtractedPage
from briefing.ingest.metadata import Proposal
from briefing.textmatch import squash

_REVIEW_MIN_WORDS = 8
_HEADLINE_MIN_WORDS = 4
# Removal reasons that are a guess from a line's place, not a rule that names what the line is.
_PLACE_GUESSES = (
    "after the end of the article",
    "page furniture above the article",
    "section label above the headline",
)


def markup_reasons(page: ExtractedPage) -> dict[int, str]:
    """Furniture reasons the markup gives for lines the extractor also leaves out, by line index."""
    reasons = telling_markup(page)
    return {i: reason for i, reason in reasons.items() if not (page.extractor_found_text and page.lines[i].extracted)}


def telling_markup(page: ExtractedPage) -> dict[int, str]:
    """The markup's reason for each line that has one, except a reason the article's own text shares: a class
    on a wrapper around the article (``class="story social-share"``) names the page's layout, not furniture."""
    article = Counter(line.markup_reason for line in page.lines if line.extracted and line.markup_reason)
    taken = sum(1 for line in page.lines if line.extracted)
    wrappers = {reason for reason, count in article.items() if count >= max(3, taken / 2)}
    return {i: line.markup_reason for i, line in enumerate(page.lines) if line.markup_reason not in wrappers | {""}}


def article_lines(page: ExtractedPage) -> set[int] | None:
    """Indexes of the lines the extractor took for the article, or None if it found none."""
    return {i for i, line in enumerate(page.lines) if line.extracted} if page.extractor_found_text else None


def mark_disagreements(curation: Curation, page: ExtractedPage) -> None:
    """Mark for review every line of the article where the signals disagree; keep the ones the line rules
    removed only for where they stand (or the markup named) while the extractor took them for article text."""
    if not page.extractor_found_text:
        return
    markup = telling_markup(page)
    for index, line in enumerate(curation.lines[curation.body_start :], start=curation.body_start):
        extracted, markup_reason = page.lines[index].extracted, markup.get(index, "")
        decision = curation.decisions[line.number]
        if decision.kind in ("paragraph", "heading") and not decision.review:
            decision.review = _doubt_about_kept(extracted, markup_reason)
        elif decision.kind == "removed" and extracted and line.words >= _REVIEW_MIN_WORDS:
            why = _doubt_about_removed(decision.reason, markup_reason)
            if why:
                curation.decisions[line.number] = Decision("paragraph", review=why)


def _doubt_about_kept(extracted: bool, markup_reason: str) -> str:
    if not extracted:
        return "the line rules kept it; the extractor left it out of the article"
    if markup_reason:
        return f"the line rules and the extractor kept it; the page's markup marks it as {markup_reason}"
    return ""


def _doubt_about_removed(reason: str, markup_reason: str) -> str:
    if reason.startswith(_PLACE_GUESSES) and not markup_reason:  # markup and rules against the extractor: removed
        return f"the extractor took it for article text; the line rules removed it ({reason})"
    if markup_reason and reason == markup_reason:
        return f"the extractor took it for article text; the page's markup marks it as {markup_reason}"
    return ""


def apply_declared(page: ExtractedPage, curation: Curation, proposal: Proposal) -> None:
    """What the page declares in its metadata, where the lines gave nothing or only a guess."""
    if page.publisher:
        proposal.publisher = page.publisher
    title = declared_headline(page.title, page.publisher)
    if title and squash(title) != squash(proposal.title):
        visible = next((line for line in curation.header() if squash(line.text) == squash(title)), None)
        if visible is not None or not proposal.title:
            _retitle(curation, proposal, title, visible.number if visible else None)


def declared_headline(title: str, publisher: str) -> str:
    """The headline in a declared title: its longest part between ' | ' (not a 'Section |' label or a '| Site |
    date' suffix); nothing if that is the site's name or too short to be a headline ("The Korea Sentinel")."""
    parts = [part for part in re.split(r"\s+\|\s*|\s*\|\s+", title.strip()) if part]
    headline = max(parts, key=lambda part: len(part.split()), default="")  # "Perspective | Headline"
    if len(headline.split()) < _HEADLINE_MIN_WORDS or squash(headline).casefold() == squash(publisher).casefold():
        return ""
    return headline


def _retitle(curation: Curation, proposal: Proposal, title: str, line_number: int | None) -> None:
    for line in curation.header():
        if curation.decisions[line.number].kind == "title":
            curation.decisions[line.number] = Decision(
                "removed", "a heading above the article (the page declares another title)"
            )
    if line_number is not None:
        curation.decisions[line_number] = Decision("title")
    proposal.title = title
