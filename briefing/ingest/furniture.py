"""Sorting the lines of a raw capture into the article's own words and site furniture.

A capture saved from a web page is the article plus whatever the page put
around it: menus, captions, share prompts, paywall offers, lists of other
stories, copyright and donation lines. Curation removes lines, it never
rewrites them, so every line gets exactly one decision, and every removal
carries a reason the analyst can review.

The capture is read in three regions. The *header* runs up to the first
line of prose (title, standfirst, byline, dateline, captions); the *body*
runs from there to the article's end (an attribution such as "With
reporting by …", or the last paragraph before the first unmistakable footer
line); the *footer* is everything after. Within each region, the pattern rules
of `lines` name what a line is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.ingest.lines import (
    ATTRIBUTION,
    BARE_URL,
    CAPTION,
    CREDIT,
    HEADING_MAX_WORDS,
    LIST_ITEM,
    PHOTO_LABEL,
    PROSE_MIN_WORDS,
    SENTENCE_END,
    SUMMARY_HEADING,
    TRANSCRIPT_CUE,
    URL_WITH_TEXT,
    Line,
    furniture_reason,
    is_author_bio,
    is_caption,
    is_header_line,
    is_heading,
    is_prose,
)
from briefing.textmatch import squash

_STANDFIRST_MAX_LINES = 2
_HEADER_LINES_BELOW = 4  # how far below a standfirst line its byline or date may stand
NOTES = "the notes and references after the article"
ABOUT_AUTHOR = "about the author"
_BOXES = {"paywall or subscription prompt", "advertising (sponsored content)", "cookie notice"}
_INTERRUPTIONS = {"paywall or subscription prompt", "advertising (sponsored content)", "list of other stories"}
_INTERRUPTION_MAX_LINES = 12
_HARD_FOOTER = {
    "copyright notice of the site",
    "paywall or subscription prompt",
    "advertising (sponsored content)",
    "donation appeal",
    "comment form",
    "comment section",
    "list of other stories",
    NOTES,
    ABOUT_AUTHOR,
}


@dataclass
class Decision:
    """What curation does with one line: keep it (as paragraph or heading), use it as metadata, or remove it."""

    kind: str  # "paragraph", "heading", "title", "standfirst", "header" or "removed"
    reason: str = ""
    review: str = ""  # why a kept line needs the analyst's eye: two signals disagreed about it


@dataclass
class Curation:
    lines: list[Line]
    decisions: dict[int, Decision] = field(default_factory=dict)
    body_start: int = 0  # index into lines
    furniture: dict[int, str] = field(default_factory=dict)  # reasons the rules and markup give, by line number
    repeated: set[int] = field(default_factory=set)  # numbers of lines whose text the capture has more than once

    def kept(self) -> list[tuple[Line, Decision]]:
        return [
            (line, self.decisions[line.number])
            for line in self.lines
            if self.decisions[line.number].kind in ("paragraph", "heading")
        ]

    def header(self) -> list[Line]:
        return self.lines[: self.body_start]

    def of_kind(self, kind: str) -> list[Line]:
        return [line for line in self.lines if self.decisions[line.number].kind == kind]


def curate(raw_text: str, known_reasons: dict[int, str] | None = None, article: set[int] | None = None) -> Curation:
    """Decide, for every non-blank line of a capture, whether it is article text, metadata or furniture.

    ``known_reasons``: furniture reasons by line index that the capture's markup gives (an HTML page's
    ``<nav>``); ``article``: indexes of the lines an extractor took for the article, if it found any (the
    article starts at one of them)."""
    lines = [Line(number, text) for number, text in enumerate(raw_text.splitlines(), start=1) if text.strip()]
    curation = Curation(lines)
    rule_reasons = {**_rule_reasons(lines), **(known_reasons or {})}
    curation.furniture = {lines[index].number: reason for index, reason in rule_reasons.items()}
    prose = [i for i, line in enumerate(lines) if is_prose(line) and i not in rule_reasons]
    starts = [i for i in prose if article is None or i in article] or prose
    if not starts:
        for index, line in enumerate(lines):
            curation.decisions[line.number] = Decision("removed", rule_reasons.get(index, "no article text"))
        curation.body_start = len(lines)
        return curation
    start = _entry_heading_above(lines, _past_standfirst(lines, starts), rule_reasons)
    end = _article_end(lines, start, prose, rule_reasons)
    curation.body_start = start
    repeats = repeated(lines)
    curation.repeated = {lines[index].number for index in repeats}
    previous_reason = ""
    for index, line in enumerate(lines[start:], start=start):
        reason = rule_reasons.get(index)
        if index > end:
            reason = reason or ("the author's bio" if is_author_bio(line.text) else "")
            reason = reason or _footer_reason(line, previous_reason)
            previous_reason = reason
        elif not reason:
            reason = _body_line_reason(line, index in repeats, index == end) or _beside_photo_label(lines, index)
            reason = reason or ("pull quote (repeats the article's words)" if _pull_quote(lines, index) else "")
        curation.decisions[line.number] = Decision("removed", reason) if reason else _kept(line, index == end)
    return curation


def _body_line_reason(line: Line, is_repeated: bool, at_edge: bool) -> str:
    if CREDIT.search(line.text):
        return "photo caption (it carries a picture credit)"
    if is_repeated and not (is_heading(line) and not at_edge):
        return "repeated on the page (a caption or heading shown twice)"
    if line.words < PROSE_MIN_WORDS and CAPTION.search(line.text):
        return "photo caption"
    return ""


def _beside_photo_label(lines: list[Line], index: int) -> str:
    """A photo's label or credit on a line of its own, and its caption: a bare label ("Photo/Illustration")
    comes before the caption, a credit with a name ("Photo: Name", "© AP Photo / Name") after it."""
    text = lines[index].text.strip()
    if PHOTO_LABEL.match(text):
        return "photo label or credit"
    if lines[index].words >= PROSE_MIN_WORDS * 2:
        return ""
    before = lines[index - 1].text.strip() if index > 0 else ""
    after = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
    if PHOTO_LABEL.match(before) and not _names_someone(before):
        return "photo caption (below its photo label)"
    if (PHOTO_LABEL.match(after) and _names_someone(after)) or (after.startswith("©") and CREDIT.search(after)):
        return "photo caption (above its credit)"
    return ""


def _names_someone(label: str) -> bool:
    return bool(re.search(r"[:/]\s*[A-Z]", label)) and not re.search(r"/\s*illu?st?ration", label, re.IGNORECASE)


def _pull_quote(lines: list[Line], index: int) -> bool:
    """A short line whose words all occur, in order, in a longer line just above: the article quoting itself
    (a heading summarises what follows it, a pull quote repeats what it follows)."""
    words = _plain_words(lines[index].text)
    if not 5 <= len(words) < PROSE_MIN_WORDS * 2:
        return False
    for other in lines[max(0, index - 3) : index]:
        if other.words >= 1.5 * len(words):
            remaining = iter(_plain_words(other.text))
            if all(word in remaining for word in words):
                return True
    return False


def _plain_words(text: str) -> list[str]:
    return re.findall(r"[\w'’]+", text.casefold())


def _kept(line: Line, at_edge: bool) -> Decision:
    if is_heading(line) and not BARE_URL.match(line.text) and not at_edge:
        return Decision("heading")
    text = line.text.strip()
    confident = SENTENCE_END.search(text) or BARE_URL.match(text) or ATTRIBUTION.match(text)
    if line.words < PROSE_MIN_WORDS and not confident:
        return Decision("paragraph", review="a short line among the paragraphs, neither a sentence nor a heading")
    return Decision("paragraph")


def _past_standfirst(lines: list[Line], starts: list[int]) -> int:
    """The first paragraph: past the long lines of a standfirst (up to two) that a byline or a date line follows,
    as header lines follow a headline ("Vivian Lau and Oleg Petrenko", "PUBLISHED : 8:30pm, 7 Sep, 2017")."""
    last_followed = None
    for position, first in enumerate(starts[: _STANDFIRST_MAX_LINES + 1]):
        after = starts[position + 1] if position + 1 < len(starts) else len(lines)
        if any(is_header_line(lines[i]) for i in range(first + 1, min(after, first + 1 + _HEADER_LINES_BELOW))):
            last_followed = position
    if last_followed is None or last_followed + 1 >= len(starts):
        return starts[0]
    return starts[last_followed + 1]


def _entry_heading_above(lines: list[Line], start: int, rule_reasons: dict[int, str]) -> int:
    """A live blog's first entry opens with a timestamp and a heading: the heading is the article's."""
    if start >= 2 and is_heading(lines[start - 1]) and rule_reasons.get(start - 2) == "live-blog timestamp":
        return start - 1
    return start


def _footer_reason(line: Line, previous_reason: str) -> str:
    """After the article, a short line no rule names continues the furniture before it (a prompt's second line)."""
    if URL_WITH_TEXT.match(line.text):
        return "links to the outlet's other sites"
    if previous_reason and (line.words <= HEADING_MAX_WORDS or previous_reason in (NOTES, ABOUT_AUTHOR)):
        return previous_reason
    return "after the end of the article: outlet boilerplate"


def _rule_reasons(lines: list[Line]) -> dict[int, str]:
    """Reasons from the pattern rules, by line index; a 'list of other stories' heading takes its list with it,
    and a live blog's 'Summary' or 'Key events' heading its list of points (lines that are not sentences)."""
    reasons: dict[int, str] = {}
    in_list = in_summary = False
    listed: set[str] = set()
    for index, line in enumerate(lines):
        reason = furniture_reason(line.text)
        headline_like = 4 <= line.words <= 20 and not line.text.rstrip().endswith(".")  # not a paragraph
        if in_list and (LIST_ITEM.match(line.text) or reason is None and headline_like):
            reasons[index] = "list of other stories"
            continue
        if in_summary and _in_summary(line, reason, listed):
            reasons[index] = reason or "a live blog's summary or key events, above its entries"
            listed.add(squash(line.text))
            continue
        in_list = reason == "list of other stories"
        in_summary = bool(SUMMARY_HEADING.match(line.text.strip()))
        listed = set()
        if in_summary:
            reason = "a live blog's summary or key events, above its entries"
        if reason:
            reasons[index] = reason
    _fill_boxes(reasons)
    return reasons


def _fill_boxes(reasons: dict[int, str]) -> None:
    """A line between two lines of one promotion or notice box ("Sign up to …", its pitch, "Privacy Notice: …
    newsletters …") belongs to the box."""
    for index, reason in list(reasons.items()):
        if reason not in _BOXES:
            continue
        for gap in (1, 2):
            if reasons.get(index + gap + 1) == reason and all(index + k not in reasons for k in range(1, gap + 1)):
                reasons.update({index + k: reason for k in range(1, gap + 1)})


def _in_summary(line: Line, reason: str | None, listed: set[str]) -> bool:
    """A point of a live blog's summary: a line that is not a sentence, a caption or a line the list already
    gave (the entries' first heading repeats the first key event); its timestamps belong to it."""
    if reason == "live-blog timestamp":
        return True
    return (
        reason is None
        and line.words <= 30
        and not SENTENCE_END.search(line.text.strip())
        and not is_caption(line.text)
        and squash(line.text) not in listed
    )


def _article_end(lines: list[Line], start: int, prose: list[int], rule_reasons: dict[int, str]) -> int:
    """The index of the article's last line: an attribution ("With reporting by …"), else the last paragraph
    before the first unmistakable footer line, then any short sentences that follow it ("The group returns on
    Sunday.", "… contributed to this report."), but not an author's bio closing a commentary."""
    for index in range(start, len(lines)):
        if ATTRIBUTION.match(lines[index].text.strip()):
            return index
    footer = _footer_start(lines, start, prose, rule_reasons)
    last = start
    for index in range(start, footer):
        if (
            index in prose
            or BARE_URL.match(lines[index].text)
            or (is_heading(lines[index]) and any(p > index for p in prose if p < footer))
        ):
            last = index
    while last > start and is_author_bio(lines[last].text):
        last -= 1
    while last + 1 < footer and _closes_article(lines[last + 1], rule_reasons.get(last + 1)):
        last += 1
    return last


def _footer_start(lines: list[Line], start: int, prose: list[int], rule_reasons: dict[int, str]) -> int:
    """The first unmistakable footer line; a promotion or advertisement the article's paragraphs resume after
    (a newsletter box between a live blog's entries, a paywall offer mid-article) is an interruption."""
    for index in range(start, len(lines)):
        reason = rule_reasons.get(index)
        if reason not in _HARD_FOOTER:
            continue
        if reason in _INTERRUPTIONS and _prose_resumes(index, prose, rule_reasons):
            continue
        return index
    return len(lines)


def _prose_resumes(index: int, prose: list[int], rule_reasons: dict[int, str]) -> bool:
    after = next((p for p in prose if p > index), None)
    return (
        after is not None
        and after - index <= _INTERRUPTION_MAX_LINES
        and not any(rule_reasons.get(i) in _HARD_FOOTER - _INTERRUPTIONS for i in range(index, after))
    )


def _closes_article(line: Line, rule_reason: str | None) -> bool:
    """A sentence after the last long paragraph is still the article's, unless a rule names it; so is a
    transcript's speaker label ("Sergey Lavrov:") or stage direction ("(Laughter)")."""
    text = line.text.strip()
    return (
        rule_reason is None
        and (line.words >= 3 and SENTENCE_END.search(text) is not None or TRANSCRIPT_CUE.match(text) is not None)
        and not is_caption(text)
        and not is_author_bio(text)
    )


def repeated(lines: list[Line]) -> set[int]:
    """Indexes of lines of three words or more whose text occurs more than once (repeated captions and titles;
    a live blog's entry headings, repeated in its key events, stay as headings)."""
    seen: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line.words >= 3:  # not "(Applause)" in a transcript
            seen.setdefault(squash(line.text).casefold(), []).append(index)  # a pitch repeated in capitals too
    return {index for indexes in seen.values() if len(indexes) > 1 for index in indexes}
