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
line); the *footer* is everything after. Within each region, pattern rules
name what a line is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.textmatch import squash

PROSE_MIN_WORDS = 15
HEADING_MAX_WORDS = 8

# Each rule: (reason, pattern). The first that matches names the line's furniture.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (
            "site navigation",
            r"^(accessibility links|skip to (main )?content|breaking news|menu|search|home|sign in|log ?in|"
            r"main navigation|toggle navigation|back to top|print|close)$",
        ),
        ("copyright notice of the site", r"^(©|\(c\)|copyright\b)|all rights reserved"),
        (
            "cookie notice",
            r"\bcookies?\b.{0,120}\b(agree|accept|consent|settings|preferences|policy|continu(e|ing) to)\b|"
            r"^(accept|reject|allow|manage)( all)? cookies$|^cookie (settings|preferences|policy)$",
        ),
        (
            "paywall or subscription prompt",
            r"\{\{|free articles?\b|subscri(be|ption)|trial period|unlimited access|"
            r"^try \d+ (days?|weeks?|months?)|^offer ends|^sign up|newsletter|already a (subscriber|member)",
        ),
        (
            "advertising (sponsored content)",
            r"^(sponsored( content)?|advertisement|about sponsored content\b)|"
            r"commissioned by .* business bureau",
        ),
        (
            "photo gallery or image label",
            r"^photo gallery\b|^\W*\d+x\d+ image$|\(click to open\)|^(image|video|watch)\s*:?$",
        ),
        ("share or follow prompt", r"^(share( this( article)?)?|tweet|email|please join on \w+|follow us\b)"),
        ("donation appeal", r"\bdonat(e|ions?)\b|paypal"),
        ("comment form", r"^leave a (reply|comment)$|email address will not be published|required fields are marked"),
    )
)
_ICON_RUN = re.compile(r"[a-z][A-Z]")
_RELATED_HEADING = re.compile(
    r"^(latest (videos|news|stories)|related( (stories|articles|coverage))?|more (from|on|stories)\b.*|"
    r"most (read|popular|viewed)|read more|recommended( for you)?|you may also like|trending( now)?|top stories)$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*([-•*·]|\d+[.)])\s+")
_ATTRIBUTION = re.compile(r"^((with )?(additional )?reporting by|editing by|compiled by)\b", re.IGNORECASE)
_BARE_URL = re.compile(r"^\s*https?://\S+\s*$")
_URL_WITH_TEXT = re.compile(r"^\s*https?://\S+\s+\S")
CAPTION = re.compile(
    r"\((left|right|centre|center)\)|, (left|right),|©|\b(photo|getty images|afp photo|ap photo)\b", re.IGNORECASE
)
_HARD_FOOTER = {
    "copyright notice of the site",
    "paywall or subscription prompt",
    "advertising (sponsored content)",
    "donation appeal",
    "comment form",
    "list of other stories",
}


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the capture
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Decision:
    """What curation does with one line: keep it (as paragraph or heading), use it as metadata, or remove it."""

    kind: str  # "paragraph", "heading", "title", "standfirst", "header" or "removed"
    reason: str = ""


@dataclass
class Curation:
    lines: list[Line]
    decisions: dict[int, Decision] = field(default_factory=dict)
    body_start: int = 0  # index into lines

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


def furniture_reason(text: str) -> str | None:
    """The reason a line is site furniture wherever it appears, or None."""
    stripped = text.strip()
    if len(_ICON_RUN.findall(stripped)) >= 4 and "Icon" in stripped:
        return "icon and menu labels run together (page furniture)"
    if _RELATED_HEADING.match(stripped):
        return "list of other stories"
    for reason, pattern in _RULES:
        if pattern.search(stripped):
            return reason
    return None


def is_prose(line: Line) -> bool:
    """A line long enough to be a paragraph, and not furniture or a photo caption."""
    return line.words >= PROSE_MIN_WORDS and furniture_reason(line.text) is None and not CAPTION.search(line.text)


def is_heading(line: Line) -> bool:
    text = line.text.strip()
    return 0 < line.words <= HEADING_MAX_WORDS and text[-1] not in ".,;:!?" and text[0].isupper()


def curate(raw_text: str, header_lines: int = 0) -> Curation:
    """Decide, for every non-blank line of a capture, whether it is article text, metadata or furniture.

    ``header_lines``: how many first lines are known to be the header (what an HTML page declares as its
    title, byline and date), whatever they look like: a long headline is not the article's first line."""
    lines = [Line(number, text) for number, text in enumerate(raw_text.splitlines(), start=1) if text.strip()]
    curation = Curation(lines)
    rule_reasons = _rule_reasons(lines)
    prose = [
        index
        for index, line in enumerate(lines)
        if index >= header_lines and is_prose(line) and index not in rule_reasons
    ]
    if not prose:
        for index, line in enumerate(lines):
            curation.decisions[line.number] = Decision("removed", rule_reasons.get(index, "no article text"))
        curation.body_start = len(lines)
        return curation
    start = prose[0]
    end = _article_end(lines, start, prose, rule_reasons)
    curation.body_start = start
    twice = repeated(lines)
    previous_reason = ""
    for index, line in enumerate(lines):
        reason = rule_reasons.get(index)
        if index < start:
            continue  # the header is decided by the metadata proposer
        if index > end:
            reason = reason or _footer_reason(line, previous_reason)
            curation.decisions[line.number] = Decision("removed", reason)
            previous_reason = reason
        elif reason:
            curation.decisions[line.number] = Decision("removed", reason)
        elif index in twice or (line.words < PROSE_MIN_WORDS and CAPTION.search(line.text)):
            curation.decisions[line.number] = Decision("removed", "photo caption")
        elif is_heading(line) and not _BARE_URL.match(line.text) and index not in (start, end):
            curation.decisions[line.number] = Decision("heading")
        else:
            curation.decisions[line.number] = Decision("paragraph")
    return curation


def _footer_reason(line: Line, previous_reason: str) -> str:
    """After the article, a short line no rule names continues the furniture before it (a prompt's second line)."""
    if _URL_WITH_TEXT.match(line.text):
        return "links to the outlet's other sites"
    if previous_reason and line.words <= HEADING_MAX_WORDS:
        return previous_reason
    return "after the end of the article: outlet boilerplate"


def _rule_reasons(lines: list[Line]) -> dict[int, str]:
    """Reasons from the pattern rules, by line index; a 'list of other stories' heading takes its list with it."""
    reasons: dict[int, str] = {}
    in_list = False
    for index, line in enumerate(lines):
        reason = furniture_reason(line.text)
        if in_list and (_LIST_ITEM.match(line.text) or reason is None and line.words <= 20):
            reasons[index] = "list of other stories"
            continue
        in_list = reason == "list of other stories"
        if reason:
            reasons[index] = reason
    return reasons


def _article_end(lines: list[Line], start: int, prose: list[int], rule_reasons: dict[int, str]) -> int:
    for index in range(start, len(lines)):
        if _ATTRIBUTION.match(lines[index].text.strip()):
            return index
    footer = next((i for i in range(start, len(lines)) if rule_reasons.get(i) in _HARD_FOOTER), len(lines))
    last = start
    for index in range(start, footer):
        if (
            index in prose
            or _BARE_URL.match(lines[index].text)
            or (is_heading(lines[index]) and any(p > index for p in prose if p < footer))
        ):
            last = index
    return last


def repeated(lines: list[Line]) -> set[int]:
    """Indexes of lines whose text occurs more than once (repeated captions and titles)."""
    seen: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        seen.setdefault(squash(line.text), []).append(index)
    return {index for indexes in seen.values() if len(indexes) > 1 for index in indexes}
