"""How dates of different precision are ordered, and what a scheduled event's date means on the as-of date.

A date known only to the month ("May 2017") or the year ("1945") is a period, not a day. The one rule,
used wherever dates are sorted (the timeline, the event lists of entities and topics, previous/next
event, quotes by occasion, sources, the Atom feed): a date sorts by the *last* day of its period, and
among dates ending on the same day the more precise one comes first. So "May 2017" sorts after every day
in May 2017 and before 1 June 2017, and "2017" after every day and month of 2017. A period is placed
where it is known to be over: nothing in it can come after it.

A scheduled event is *overdue* on the as-of date when its whole period is before it (an event scheduled
"May 2017" in a briefing as of 8 September 2017): the briefing cannot call it upcoming, and since it is
still marked scheduled, no source reports its outcome.
"""

from __future__ import annotations

import calendar
import datetime as dt

from briefing.model import Event, FuzzyDate

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def period_end(date: FuzzyDate) -> dt.date:
    """The last day a date of its precision can mean."""
    if date.day:
        return dt.date(date.year, date.month, date.day)
    month = date.month or 12
    return dt.date(date.year, month, calendar.monthrange(date.year, month)[1])


def period_start(date: FuzzyDate) -> dt.date:
    """The first day a date of its precision can mean."""
    return dt.date(date.year, date.month or 1, date.day or 1)


def chronological(date: FuzzyDate) -> tuple[dt.date, int]:
    """The sort key of a date: the end of its period, then its precision (day before month before year)."""
    return (period_end(date), _PRECISION_RANK[date.precision])


def is_overdue(event: Event, as_of: FuzzyDate) -> bool:
    """A scheduled event whose whole period ended before the as-of date (so its outcome is not reported)."""
    return event.status == "scheduled" and period_end(event.date) < period_start(as_of)


def is_upcoming(event: Event, as_of: FuzzyDate) -> bool:
    """A scheduled event that may still take place after the as-of date."""
    return event.status == "scheduled" and not is_overdue(event, as_of)


def not_after(date: FuzzyDate, limit: dt.date) -> dt.date:
    """The end of a date's period, but never later than ``limit`` (feeds must not date entries ahead)."""
    return min(period_end(date), limit)
