"""Every legal period is computed here (rules.md §8). Nothing else adds days to a date.

Counting rules:
- The start day is not counted; the period starts the next day (民事诉讼法 Art 85 ¶2;
  民法典 Art 201).
- Working days (工作日) exclude weekends and statutory holidays and include the State Council's
  make-up working days (调休上班日; configurable, rules.md §8 marks it UNVERIFIED). Periods of
  "2/3/5/7 days" in 行政处罚法 (Art 85), of 10 days or less in 行政强制法 (Art 69) and of
  "3/5/7/10 days" in 行政复议法 (Art 88) are working days.
- Calendar periods (days, months, years) ending on a rest day end on the next working day
  (民事诉讼法 Art 85 ¶3; 民法典 Art 203). A month/year period ends on the corresponding day of the
  final month, or that month's last day if it has none (民法典 Art 202).
- A year without a holiday schedule is refused (``CalendarNotCovered``), or, when configured
  ``provisional``, computed on weekends only and flagged provisional. Never silently.
"""

from __future__ import annotations

import calendar as std_calendar
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache

from zhifa.core.config import local_rules
from zhifa.core.errors import DomainError

_VERSION_KEY = "zhifa:calendar:version"
_CHECK_EVERY = 5.0  # seconds between checks of the shared version (edits are rare)


class CalendarNotCovered(DomainError):
    def __init__(self, year: int) -> None:
        super().__init__(
            "calendar_year_missing",
            f"缺少 {year} 年的法定节假日安排：请管理员按国务院办公厅通知录入 {year} 年的"
            "放假和调休日期后再计算期限。",
        )
        self.year = year


@dataclass(frozen=True)
class DueDate:
    """A computed date. ``provisional`` is True when a year without a holiday schedule was
    crossed and weekends-only was assumed (only in ``provisional`` mode)."""

    date: date
    provisional: bool = False

    def __str__(self) -> str:
        return self.date.isoformat()


@dataclass
class _YearData:
    holidays: frozenset[date]
    workdays: frozenset[date]


class _Schedule:
    """An in-process copy of the holiday table, reloaded when an edit bumps the version."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._years: dict[int, _YearData | None] = {}
        self._version: object = None
        self._checked_at = 0.0

    def invalidate(self) -> None:
        with self._lock:
            self._years.clear()
            self._checked_at = 0.0
        try:
            cache.incr(_VERSION_KEY)
        except ValueError:
            cache.set(_VERSION_KEY, 1, None)

    def year(self, year: int) -> _YearData | None:
        now = time.monotonic()
        if now - self._checked_at > _CHECK_EVERY:
            version = cache.get(_VERSION_KEY)
            with self._lock:
                if version != self._version:
                    self._years.clear()
                    self._version = version
                self._checked_at = now
        if year not in self._years:
            loaded = self._load(year)
            with self._lock:
                self._years[year] = loaded
        return self._years[year]

    @staticmethod
    def _load(year: int) -> _YearData | None:
        from zhifa.calendar.models import CalendarYear, DayKind, Holiday

        if not CalendarYear.objects.filter(year=year).exists():
            return None
        rows = Holiday.objects.filter(date__year=year).values_list("date", "kind")
        holidays = frozenset(d for d, k in rows if k == DayKind.HOLIDAY)
        workdays = frozenset(d for d, k in rows if k == DayKind.WORKDAY)
        return _YearData(holidays, workdays)


schedule = _Schedule()


def invalidate() -> None:
    """Call after any change to the holiday table (the admin and the actions do)."""
    schedule.invalidate()


class _Counter:
    """Answers "is this a working day?" and remembers whether it had to guess."""

    def __init__(self) -> None:
        self.provisional = False
        rules = local_rules()
        self.mode = rules.calendar_uncovered_year
        self.makeup_working = rules.makeup_days_are_working_days

    def is_working_day(self, day: date) -> bool:
        data = schedule.year(day.year)
        if data is None:
            if self.mode != "provisional":
                raise CalendarNotCovered(day.year)
            self.provisional = True
            return day.weekday() < 5
        if day in data.holidays:
            return False
        if day in data.workdays:
            return self.makeup_working
        return day.weekday() < 5


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day (raises CalendarNotCovered for an uncovered year)."""
    return _Counter().is_working_day(day)


def is_covered(year: int) -> bool:
    return schedule.year(year) is not None


def _roll_forward(day: date, counter: _Counter) -> date:
    while not counter.is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, n: int) -> DueDate:
    """The date ``n`` working days after ``start`` (start excluded). ``n`` may be negative
    (the date by which something must happen ``n`` working days before ``start``)."""
    counter = _Counter()
    step = 1 if n >= 0 else -1
    day = start
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if counter.is_working_day(day):
            remaining -= 1
    return DueDate(day, counter.provisional)


def add_days(start: date, n: int) -> DueDate:
    """``n`` calendar days after ``start``; a period ending on a rest day ends on the next
    working day (民事诉讼法 Art 85 ¶3)."""
    counter = _Counter()
    day = _roll_forward(start + timedelta(days=n), counter)
    return DueDate(day, counter.provisional)


def add_days_plain(start: date, n: int) -> date:
    """``n`` calendar days after ``start`` without the rest-day extension: for dates the law
    deems something to have happened (公告送达 deemed served when 30 days have passed, 民事诉讼法
    Art 95), which may fall on a holiday, not for deadlines."""
    return start + timedelta(days=n)


def add_months_plain(start: date, n: int) -> date:
    """The corresponding day ``n`` months later, or that month's last day (民法典 Art 202),
    without the rest-day extension (for validity periods, not procedural deadlines)."""
    month_index = start.month - 1 + n
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last = std_calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def add_months(start: date, n: int) -> DueDate:
    """``n`` months after ``start`` (民法典 Art 202), extended off a rest day (Art 203)."""
    counter = _Counter()
    day = _roll_forward(add_months_plain(start, n), counter)
    return DueDate(day, counter.provisional)


def add_years(start: date, n: int) -> DueDate:
    return add_months(start, 12 * n)


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: how many working days ``end`` lies after ``start``."""
    counter = _Counter()
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if counter.is_working_day(day):
            count += 1
    return count
