"""Proposing a draft source's metadata from its capture: title, standfirst, byline, publisher, date, wire services.

Every proposal quotes the capture, so the analyst can check it against the
words it came from. Where the capture does not say (a weekday with no date,
no outlet name), nothing is guessed: the proposal is left empty and the
import says what to supply.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from briefing.ingest.furniture import Curation, Decision, repeated
from briefing.ingest.lines import Line, furniture_reason, is_author_role, is_caption, is_heading
from briefing.origins import WIRE_SERVICES, phrases_in

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAYS = [name.lower() for name in calendar.day_name]
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?=\d{1,2}\s+[A-Za-z]{3}|\b)"  # "12 Sep 201712 Sep 2017": a repeat glued on

# Most specific first: a full date dates the article; a bare weekday does not.
_FULL_DATES = (
    re.compile(rf"\b{_MONTH}\s?{_DAY}(?:,\s*|\s+){_YEAR}", re.IGNORECASE),  # also "Sep.12,2017"
    re.compile(rf"\b{_DAY} {_MONTH},? {_YEAR}", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)/(?P<month>\d\d)/(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),  # 08.09.2017: day first
    # 09/07/2017 05:12 PM EDT: month first where a 12-hour clock or a US time zone says the page is American
    re.compile(
        r"\b(?P<month>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b"
        r"(?=,?\s+\d{1,2}:\d\d\s*(?:[AaPp]\.?[Mm]\.?|[ECMP][SD]T\b))"
    ),
    re.compile(r"\b(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>(?:19|20)\d\d)\b"),  # 07/09/2017: day first
)
_PARTIAL_DATES = (
    re.compile(rf"\b(?:on )?{_WEEKDAY},? \(?{_DAY} {_MONTH}\)?", re.IGNORECASE),
    re.compile(rf"\b(?:on )?{_WEEKDAY},? \(?{_MONTH} {_DAY}\)?", re.IGNORECASE),
    re.compile(rf"\bon {_MONTH} {_DAY}\b(?!,? \d)", re.IGNORECASE),
    re.compile(rf"\bon {_DAY} {_MONTH}\b(?!,? \d)", re.IGNORECASE),
)
_WEEKDAY_ONLY = re.compile(rf"\b(?:on |agreed |said |last )?{_WEEKDAY}\b", re.IGNORECASE)
_PERSON = r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}"
_BYLINE_LABEL = re.compile(r"^(?:by\s+|(?:text|words)\s*:\s*|authors?\s*:?\s+)", re.IGNORECASE)
_LABEL = r"(?i:by)\s+|(?:Text|Words)\s*:\s*|Authors?\s*:?\s+"
_BYLINE = re.compile(rf"^(?:{_LABEL})?{_PERSON}(?:(?:, | and | & ){_PERSON})*$")
# A role after the names: "Mika Sorensen | Former Danish diplomat", "Name, staff reporter", "Name / Paper Staff Writer"
_BYLINE_ROLE = re.compile(
    r"\s*\|\s*[A-Z][^|]{0,60}$|,\s*(?:senior |chief |contributing |staff )*(?:reporter|writer|correspondent|editor)s?$|"
    r"\s?/\s*[A-Z][^/]{0,50}(?:reporter|writer|correspondent|editor)s?$",
    re.IGNORECASE,
)
_NAME_ALONE = re.compile(r"^\s*[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}\s*$")
_LABEL_ALONE = re.compile(r"^(by|authors?|text|words)\s*:?$", re.IGNORECASE)
_TITLE_MIN_WORDS = 4
_STANDFIRST_MIN_WORDS = 5


@dataclass
class DateProposal:
    published: str  # YYYY-MM-DD, YYYY-MM or ""
    evidence: str
    line: int
    note: str = ""


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
    proposal.date, proposal.weekday_only = _date(curation, as_of)
    # the site's own copyright line names the outlet outright: better than a short header line taken for it
    proposal.publisher = _publisher(proposal.publisher, _publisher_from_footer(curation))
    if not proposal.byline:
        _byline_after_article(curation, proposal)
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


def _named(name: str, text: str) -> bool:
    if "." in name or "(" in name:
        return name.lower() in text.lower()
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def _decide_header(curation: Curation, proposal: Proposal) -> None:
    header = curation.header()
    twice = repeated(curation.lines)
    candidates: list[tuple[int, Line]] = []
    for index, line in enumerate(header):
        labelled = index > 0 and _LABEL_ALONE.match(header[index - 1].text.strip()) is not None
        reason = curation.furniture.get(line.number)
        if _full_date(line.text) and _is_dateline(line) and reason not in _NOT_DATELINES:
            curation.decisions[line.number] = Decision("header", "dateline")
        elif reason:
            curation.decisions[line.number] = Decision("removed", reason)
        elif _is_byline(line.text) or (labelled and _BYLINE.match(line.text.strip())):
            proposal.byline = line.text.strip()
            curation.decisions[line.number] = Decision("header", "byline")
        elif _LABEL_ALONE.match(line.text.strip()):
            curation.decisions[line.number] = Decision("removed", "the label of the byline below it")
        elif is_caption(line.text):
            reason = "photo caption (repeated)" if index in twice else "photo caption"
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
    for position, (index, line) in enumerate(candidates):
        decision = _header_decision(position, title_at, line, index in twice, proposal)
        curation.decisions[line.number] = decision
    _keep_heading_above_article(curation, header)
    if not proposal.byline:
        _bare_name_byline(curation, header, proposal)


def _bare_name_byline(curation: Curation, header: list[Line], proposal: Proposal) -> None:
    """A name alone under the headline, with its date, reading time or job title just below it ("Anna Kostina",
    then "October 4th, 2017"): the byline, written without "By"."""
    titled = False
    for index, line in enumerate(header):
        decision = curation.decisions[line.number]
        titled = titled or decision.kind == "title"
        if not titled or decision.reason != "page furniture above the article" or not _NAME_ALONE.match(line.text):
            continue
        below = header[index + 1 : index + 3]
        if any(_vouches_for_byline(curation, other) for other in below):
            proposal.byline = line.text.strip()
            curation.decisions[line.number] = Decision("header", "byline")
            return


def _vouches_for_byline(curation: Curation, line: Line) -> bool:
    decision = curation.decisions[line.number]
    return (
        decision.reason == "dateline"
        or curation.furniture.get(line.number) == "reading time"
        or (line.words <= 6 and is_author_role(line.text))
    )


def _keep_heading_above_article(curation: Curation, header: list[Line]) -> None:
    """A heading just above the first paragraph, below the headline, is the article's ("Opening Statement")."""
    no_article = len(header) == len(curation.lines)
    if no_article or not any(curation.decisions[line.number].kind == "title" for line in header[:-1]):
        return
    last = header[-1]
    if curation.decisions[last.number].reason == "page furniture above the article" and is_heading(last):
        curation.decisions[last.number] = Decision("heading")


def _is_dateline(line: Line) -> bool:
    """A line that dates the page: short, or a 'Published on …, updated at …' line, and not a sentence."""
    text = line.text.strip()
    return len(text) < 60 or (line.words <= 16 and not text.endswith((".", "!", "?")))


# a job title in lower case before the name ("By North Asia correspondent Mark Tilden"), not a name ("Ana Writer")
_ROLE_IN_BYLINE = re.compile(r"^((?i:by)\s+)(?:[\w-]+\s+){0,3}?(?:correspondent|reporter|editor|writer)\s+(?=[A-Z])")


def _is_byline(text: str) -> bool:
    """'By A and B', 'A and B', 'Text: A', 'A (now) and B (earlier)': names, with a label or more than one."""
    names = re.sub(r"\s*[(\[](?:[a-z][a-z ]{0,20}|\S+@\S+)[)\]]|\s+\S+@\S+\.\w+$", "", text).strip()
    names = _ROLE_IN_BYLINE.sub(r"\1", names)  # "By North Asia correspondent Mark Tilden"
    names = re.sub(r" in [A-Z][a-z]+(?= and |$)", "", names)  # "Name in Tokyo and Name in Moscow"
    with_role = _BYLINE_ROLE.search(names) is not None and is_author_role(names)
    names = _BYLINE_ROLE.sub("", names)
    return bool(_BYLINE.match(names)) and (" and " in names or with_role or bool(_BYLINE_LABEL.match(names)))


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


def _byline_after_article(curation: Curation, proposal: Proposal) -> None:
    """A byline some outlets put after the article ("BY KIM SOO-HYUN [kim@…]"): the line after the last kept one."""
    kept = curation.kept()
    if not kept:
        return
    after = [line for line in curation.lines if line.number > kept[-1][0].number][:2]
    for line in after:
        if _is_byline(line.text) and (_BYLINE_LABEL.match(line.text.strip()) or "@" in line.text):
            proposal.byline = line.text.strip()
            curation.decisions[line.number] = Decision("header", "byline")
            return


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


def _full_date(text: str) -> re.Match[str] | None:
    """The first full date in ``text`` that is a real day ("31.13.2017" is not)."""
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            try:
                dt.date(int(match.group("year")), _month_number(match), int(match.group("day")))
            except ValueError:
                continue
            return match
    return None


def _month_number(match: re.Match[str]) -> int:
    month = match.group("month").lower().rstrip(".")
    return int(month) if month.isdigit() else _MONTHS[month]


def _date(curation: Curation, as_of: dt.date) -> tuple[DateProposal | None, DateProposal | None]:
    """The publication date, from a dateline in the header, else from the first date the article gives."""
    for line in curation.of_kind("header"):
        match = _full_date(line.text)
        if match:
            day = dt.date(int(match.group("year")), _month_number(match), int(match.group("day")))
            return DateProposal(day.isoformat(), match.group(0), line.number), None
    kept = [line for line, _ in curation.kept()]
    for line in kept[:4]:
        match = _full_date(line.text)
        if match:
            day = dt.date(int(match.group("year")), _month_number(match), int(match.group("day")))
            note = "The article's first full date; check that it is the publication date, not an event's."
            return DateProposal(day.isoformat(), match.group(0), line.number, note), None
    for line in kept[:4]:
        for pattern in _PARTIAL_DATES:
            match = pattern.search(line.text)
            if match:
                return _infer_year(match, line, as_of), None
    for line in kept:
        match = _WEEKDAY_ONLY.search(line.text)
        if match:
            return None, DateProposal("", match.group(0), line.number)
    return None, None


def _infer_year(match: re.Match[str], line: Line, as_of: dt.date) -> DateProposal:
    """A day and month with no year: take the latest year up to the briefing's as-of date that fits."""
    month, day = _month_number(match), int(match.group("day"))
    weekday = (match.groupdict().get("weekday") or "").lower()
    for year in range(as_of.year, as_of.year - 30, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate > as_of or (weekday and _WEEKDAYS[candidate.weekday()] != weekday):
            continue
        date = f"{day} {calendar.month_name[month]}"
        reason = (
            f"the latest year up to the briefing's as-of date ({as_of.isoformat()}) in which {date} fell on a "
            f"{weekday.title()}"
            if weekday
            else f"the latest {date} on or before the briefing's as-of date ({as_of.isoformat()})"
        )
        note = (
            f"The capture gives no year ('{match.group(0)}'); {year} is inferred as {reason}. "
            "Publication on the day the article reports is assumed. Check both."
        )
        return DateProposal(candidate.isoformat(), match.group(0), line.number, note)
    return DateProposal("", match.group(0), line.number)
