"""Dates in a capture: a full date that dates the page, a day and month whose year is inferred, or a weekday
that dates nothing (the analyst must then give the date)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from briefing.ingest.furniture import Curation
from briefing.ingest.lines import Line

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


@dataclass
class DateProposal:
    published: str  # YYYY-MM-DD, YYYY-MM or ""
    evidence: str
    line: int
    note: str = ""


def is_dateline(line: Line) -> bool:
    """A line that dates the page: short, or a 'Published on …, updated at …' line, and not a sentence."""
    text = line.text.strip()
    return len(text) < 60 or (line.words <= 16 and not text.endswith((".", "!", "?")))


def full_date(text: str) -> re.Match[str] | None:
    """The first full date in ``text`` that is a real day ("31.13.2017" is not)."""
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            try:
                _day(match)
            except ValueError:
                continue
            return match
    return None


def _day(match: re.Match[str]) -> dt.date:
    return dt.date(int(match.group("year")), _month_number(match), int(match.group("day")))


def _month_number(match: re.Match[str]) -> int:
    month = match.group("month").lower().rstrip(".")
    return int(month) if month.isdigit() else _MONTHS[month]


def date_of(curation: Curation, as_of: dt.date) -> tuple[DateProposal | None, DateProposal | None]:
    """The publication date, from a dateline in the header, else from the first date the article gives."""
    for line in curation.of_kind("header"):
        match = full_date(line.text)
        if match:
            day = _day(match)
            return DateProposal(day.isoformat(), match.group(0), line.number), None
    kept = [line for line, _ in curation.kept()]
    for line in kept[:4]:
        match = full_date(line.text)
        if match:
            day = _day(match)
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
