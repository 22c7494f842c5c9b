"""The month view of the leersessie calendar: which month an address asks for, and the grid of
its weeks (Monday first) with the sessions of each day. Pure functions over dates: the one
query for the month is ``selectors.sessions_in_month``."""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from leernetwerk.learning.models import LearningSessionPage

__all__ = ["MonthDay", "MonthGrid", "month_grid", "parse_month"]

#: The months the calendar pages through; an address outside them shows the current month.
FIRST_YEAR, LAST_YEAR = 2000, 2199

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(value: str | None, *, today: date) -> date:
    """The first day of the month ``?maand=YYYY-MM`` names; anything else (empty, malformed,
    month 13, a year far away) is the current month, never an error."""
    match = _MONTH.fullmatch((value or "").strip())
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


@dataclass
class MonthDay:
    """One cell of the grid: a day of the month (or ``None`` for the days before the first and
    after the last), and its sessions."""

    day: date | None
    is_today: bool = False
    sessions: list[LearningSessionPage] = field(default_factory=list)


@dataclass
class MonthGrid:
    month: date
    weeks: list[list[MonthDay]]
    weekdays: list[date]  # a Monday-to-Sunday week, for the column headers
    previous: date | None
    following: date | None

    @property
    def session_days(self) -> list[MonthDay]:
        """The days that have sessions: the phone's list."""
        return [cell for week in self.weeks for cell in week if cell.sessions]


def month_grid(*, month: date, sessions: Iterable[LearningSessionPage], today: date) -> MonthGrid:
    """The weeks of ``month`` as rows of seven days from Monday, each day with its sessions (by
    their local start date)."""
    first = month.replace(day=1)
    by_day: dict[date, list[LearningSessionPage]] = defaultdict(list)
    for session in sessions:
        by_day[timezone.localtime(session.starts_at).date()].append(session)
    weeks = [
        [
            MonthDay(day=day, is_today=day == today, sessions=by_day.get(day, []))
            if day.month == first.month
            else MonthDay(day=None)
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
            first.year, first.month
        )
    ]
    monday = first - timedelta(days=first.weekday())
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return MonthGrid(
        month=first,
        weeks=weeks,
        weekdays=[monday + timedelta(days=n) for n in range(7)],
        previous=previous if previous.year >= FIRST_YEAR else None,
        following=following if following.year <= LAST_YEAR else None,
    )
