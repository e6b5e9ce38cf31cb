"""Proposing a draft source's metadata from its capture: title, standfirst, byline, publisher, date, wire services.

Every proposal quotes the capture, so the analyst can check it against the
words it came from. Where the capture does not say (a weekday with no date,
no outlet name), nothing is guessed: the proposal is left empty and the
import says what to supply.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from briefing.ingest.bylines import bare_name_byline, byline_after_article, is_byline, is_label_alone
from briefing.ingest.dates import DateProposal, date_of, full_date, is_dateline
from briefing.ingest.furniture import Curation, Decision
from briefing.ingest.lines import Line, furniture_reason, is_caption, is_heading
from briefing.origins import WIRE_SERVICES, phrases_in

_TITLE_MIN_WORDS = 4
_STANDFIRST_MIN_WORDS = 5


@dataclass
class Proposal:
    title: str = ""
    standfirst: str = ""
    byline: str = ""
    publisher: str = ""
    date: DateProposal | None = None
    weekday_only: DateProposal | None = None  # a weekday with no date: the analyst must supply the date
    wire_services: list[str] = field(default_factory=list)  # ids, e.g. "reuters"
    wire_evidence: list[tuple[str, str, int]] = field(default_factory=list)  # (id, words, line; 0: publisher)


def propose(curation: Curation, as_of: dt.date) -> Proposal:
    """Decide the header lines of ``curation`` and propose metadata from them and from the kept text."""
    proposal = Proposal()
    _decide_header(curation, proposal)
    proposal.date, proposal.weekday_only = date_of(curation, as_of)
    # the site's own copyright line names the outlet outright: better than a short header line taken for it
    proposal.publisher = _publisher(proposal.publisher, _publisher_from_footer(curation))
    if not proposal.byline:
        _take_byline(curation, proposal, byline_after_article(curation))
    find_wires(curation, proposal)
    return proposal


def find_wires(curation: Curation, proposal: Proposal) -> None:
    """The wire services the kept text attributes its reporting to ("(Reuters) -", "reported by AFP", "With
    reporting by Kyodo"), never a mere mention or a photo credit; and the publisher itself when it is a wire
    service, so that its relays count as one origin with it. Each with the words and line that show it."""
    proposal.wire_evidence = wire_evidence(curation, proposal.publisher)
    proposal.wire_services = list(dict.fromkeys(wire for wire, _, _ in proposal.wire_evidence))


def wire_evidence(curation: Curation, publisher: str = "") -> list[tuple[str, str, int]]:
    """Each wire service found, with the words that attribute to it and their line (0: the publisher)."""
    found = [
        (wire, phrase.text, int(phrase.where))
        for phrase in phrases_in(((str(line.number), line.text) for line, _ in curation.kept()), WIRE_SERVICES)
        for wire in phrase.wires
    ]
    own = [wire for wire, names in WIRE_SERVICES.items() if any(_same_name(publisher, name) for name in names)]
    return [(wire, f"the publisher, {publisher}", 0) for wire in own] + found


def _same_name(publisher: str, name: str) -> bool:
    return bool(publisher) and publisher.casefold().removeprefix("the ").strip() == name.casefold()


def _decide_header(curation: Curation, proposal: Proposal) -> None:
    header = curation.header()
    twice = curation.repeated
    candidates: list[tuple[int, Line]] = []
    for index, line in enumerate(header):
        labelled = index > 0 and is_label_alone(header[index - 1].text)
        reason = curation.furniture.get(line.number)
        if full_date(line.text) and is_dateline(line) and reason not in _NOT_DATELINES:
            curation.decisions[line.number] = Decision("header", "dateline")
        elif reason:
            curation.decisions[line.number] = Decision("removed", reason)
        elif is_byline(line.text, labelled):
            _take_byline(curation, proposal, line)
        elif is_label_alone(line.text):
            curation.decisions[line.number] = Decision("removed", "the label of the byline below it")
        elif is_caption(line.text):
            reason = "photo caption (repeated)" if line.number in twice else "photo caption"
            curation.decisions[line.number] = Decision("removed", reason)
        else:
            candidates.append((index, line))
    masthead_at = _masthead_position(candidates, header)
    if masthead_at is not None:
        masthead = candidates.pop(masthead_at)[1]
        proposal.publisher = masthead.text.strip()
        reason = "the outlet's name above the site's navigation (proposed as publisher)"
        curation.decisions[masthead.number] = Decision("removed", reason)
    title_at = _title_position(candidates, header)
    for position, (_, line) in enumerate(candidates):
        decision = _header_decision(position, title_at, line, line.number in twice, proposal)
        curation.decisions[line.number] = decision
    _keep_heading_above_article(curation, header)
    if not proposal.byline:
        _take_byline(curation, proposal, bare_name_byline(curation, header))


def _take_byline(curation: Curation, proposal: Proposal, line: Line | None) -> None:
    if line is not None:
        proposal.byline = line.text.strip()
        curation.decisions[line.number] = Decision("header", "byline")


def _keep_heading_above_article(curation: Curation, header: list[Line]) -> None:
    """A heading just above the first paragraph, below the headline, is the article's ("Opening Statement")."""
    no_article = len(header) == len(curation.lines)
    if no_article or not any(curation.decisions[line.number].kind == "title" for line in header[:-1]):
        return
    last = header[-1]
    if curation.decisions[last.number].reason == "page furniture above the article" and is_heading(last):
        curation.decisions[last.number] = Decision("heading")


def _title_position(candidates: list[tuple[int, Line]], header: list[Line]) -> int | None:
    """Which candidate is the headline: the first of four words or more below the site's last menu (a run of
    three or more short lines), so that a tagline under the masthead is not taken for it."""
    long = [position for position, (_, line) in enumerate(candidates) if line.words >= _TITLE_MIN_WORDS]
    if not long:
        return None
    for end in reversed(_menu_run_ends(header)):
        below = [position for position in long if candidates[position][0] > end]
        if below:
            return below[0]
    return long[0]


def _menu_run_ends(header: list[Line]) -> list[int]:
    """Header indexes where a run of three or more consecutive short lines ("News", "World", "Asia") ends."""
    ends, run = [], 0
    for index, line in enumerate(header):
        run = run + 1 if _short(line) else 0
        if run >= 3 and (index + 1 == len(header) or not _short(header[index + 1])):
            ends.append(index)
    return ends


def _short(line: Line) -> bool:
    return line.words <= 3 and not line.text.rstrip().endswith((".", "!", "?"))


def _header_decision(
    position: int,
    title_at: int | None,
    line: Line,
    is_repeated: bool,
    proposal: Proposal,
) -> Decision:
    text = line.text.strip()
    if title_at is not None and position == title_at:
        proposal.title = text
        return Decision("title")
    if proposal.title and text == proposal.title:
        return Decision("removed", "the title again")
    if is_repeated:
        return Decision("removed", "repeated line (caption or heading shown twice)")
    if title_at is not None and position < title_at:
        if position == 0 and _is_masthead(text) and not proposal.publisher:
            proposal.publisher = text
            return Decision("removed", "the outlet's name at the top of the page (proposed as publisher)")
        return Decision("removed", "section label above the headline")
    is_name = line.words <= 5 and all(word[0].isupper() for word in text.split())
    if is_name and not proposal.publisher:
        proposal.publisher = text
        return Decision("removed", "the outlet's name (proposed as publisher)")
    if title_at is not None and position == title_at + 1 and line.words >= _STANDFIRST_MIN_WORDS:
        proposal.standfirst = text
        return Decision("standfirst")
    if title_at is None and not proposal.title:
        proposal.title = text
        return Decision("title")
    return Decision("removed", "page furniture above the article")


_COMPANY_FORM = re.compile(
    r"(?:,?\s+(?:holdings|inc|ltd|llc|plc|limited|corporation|corp|group|co|gmbh|s\.?a)\.?)+$", re.IGNORECASE
)
_NOT_DATELINES = frozenset({"copyright notice of the site", "list of other stories"})
_NAME_JOINERS = frozenset({"of", "the", "and", "for", "on", "de", "&"})


def _is_masthead(text: str) -> bool:
    """A name as an outlet's masthead writes it: a few capitalised words, 'of' and 'the' between them
    ('Ministry of Foreign Affairs of Japan'), more than one word or a name in capitals ('NHK')."""
    words = text.split()
    capitalised = [word for word in words if word.lower() not in _NAME_JOINERS]
    return (
        0 < len(words) <= 7
        and bool(capitalised)
        and all(word[0].isupper() for word in capitalised)
        and (len(words) > 1 or (text.isupper() and len(text) >= 3))
        and not re.search(r"[|:>/•]|\d", text)
    )


def _masthead_position(candidates: list[tuple[int, Line]], header: list[Line]) -> int | None:
    """Which of the first candidates is the outlet's name: one written as a masthead with the site's navigation
    just below it; else the very first candidate, if a run of menu items follows it ("Interfax")."""
    for position, (index, line) in enumerate(candidates[:3]):
        below = header[index + 1 : index + 4]
        if _is_masthead(line.text.strip()) and any(furniture_reason(b.text) == "site navigation" for b in below):
            return position
    if candidates:
        index, line = candidates[0]
        text, below = line.text.strip(), header[index + 1 : index + 4]
        one_word = len(text.split()) == 1 and text[:1].isupper() and text[1:].islower()
        if (_is_masthead(text) or one_word) and len(below) == 3 and all(_short(b) for b in below):
            return 0
    return None


_COPYRIGHT_NAME = re.compile(
    r"(?:©|\(c\)|copyright)(?!\s+(?:policy|notice|information|statement)\b)\s*(?:copyright\s*|©\s*)?"
    r"(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?"
    r"(?P<name>[A-Z][\w&/. -]*?(?:, (?!all\b)[A-Z][\w&/. -]*?)*)(?:\s+\d{4})?[.,]",
    re.IGNORECASE,
)


def _publisher(masthead: str, copyright_holder: str) -> str:
    """The copyright line's name without its company form ("The Asuka Shimbun" of "The Asuka Shimbun
    Holdings"), unless it is the masthead's company ("The Daily Ledger" over "Daily Ledger News & Media
    Limited or its affiliated companies")."""
    copyright_holder = _COMPANY_FORM.sub("", copyright_holder).strip()
    core = re.sub(r"^the\s+", "", masthead.strip(), flags=re.IGNORECASE).casefold()
    if core and core in copyright_holder.casefold():
        return masthead
    return copyright_holder or masthead


def _publisher_from_footer(curation: Curation) -> str:
    """The outlet a removed copyright line names, e.g. 'IBTimes' in '© Copyright IBTimes 2024.'."""
    for line in curation.of_kind("removed"):
        match = _COPYRIGHT_NAME.search(line.text)
        if match and match.group("name").strip().lower() not in {"copyright", "all rights reserved"}:
            return match.group("name").strip()
    return ""
