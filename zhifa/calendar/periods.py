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
- A year without a holiday schedule (and the late-December days its 元旦 break may still move)
  is counted provisionally (the default, ``ZHIFA_CALENDAR_UNCOVERED_YEAR=provisional``) or
  refused (``refuse``: ``CalendarNotCovered``). Provisionally means on the statutory holidays
  (全国年节及纪念日放假办法 Art 2, computed: ``statutory``) and weekends, with the days only the
  coming notice will settle resolved by the period's ``Side``: the party's own periods are
  never shorter than the real one can be, the bureau's duties never end later than the real
  one can (docs/legal-rules.md, "A year without a schedule"). Every such result is flagged
  ``provisional`` — never silently.
"""

from __future__ import annotations

import calendar as std_calendar
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.core.cache import cache

from zhifa.calendar import statutory
from zhifa.core.config import local_rules
from zhifa.core.errors import DomainError, InvalidInput

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


class CalendarOutOfRange(InvalidInput):
    """A date the legal calendar cannot count: before the first or after the last year whose
    festivals it can compute (a typed year such as 0099 or 2999, not a real deadline)."""

    def __init__(self, day: date) -> None:
        super().__init__(
            "calendar_out_of_range",
            f"日期 {day.isoformat()} 超出法定日历可以计算的范围"
            f"（{statutory.FIRST_YEAR}–{statutory.LAST_YEAR} 年），请检查输入的日期或期间",
        )


# The longest period a form or the API may ask for, by kind: ten years each. The law counts
# periods of days, months and a few years; a typed 10^9 is a clear refusal, not an hour of
# counting.
LIMITS = {"working_days": 2_500, "days": 3_660, "months": 120, "years": 10}


class Side(StrEnum):
    """Whose period it is, which decides how a day the coming schedule may still turn counts.

    ``PARTY``: the party's own period (statement, hearing request, payment, the wait after a
    催告): the provisional date is the latest the real one can be, so no right is cut short.
    ``BUREAU``: the bureau's duty (service, the decision limit, hand-over, filing, answers):
    the earliest the real one can be, so the bureau is never late. A call that does not say is
    counted for the party: an omission never shortens a party's right."""

    PARTY = "party"
    BUREAU = "bureau"


@dataclass(frozen=True)
class DueDate:
    """A computed date. ``provisional`` is True when a day that no published schedule settles
    was counted (a year without a schedule, or late December before the next year's notice):
    shown and printed with 暂定 until the schedule is entered and the date recomputed."""

    date: date
    provisional: bool = False

    def __str__(self) -> str:
        return self.date.isoformat()


@dataclass
class _YearData:
    covered: bool
    holidays: frozenset[date]
    workdays: frozenset[date]


class _Schedule:
    """An in-process copy of the holiday table, reloaded when an edit bumps the version."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._years: dict[int, _YearData] = {}
        self._version: object = None
        self._checked_at = 0.0

    def clear_local(self) -> None:
        """Forget this process's copy (inside a transaction that changed the table, so the
        change is counted at once; other processes see it after commit, ``invalidate``)."""
        with self._lock:
            self._years.clear()
            self._checked_at = 0.0

    def invalidate(self) -> None:
        self.clear_local()
        try:
            cache.incr(_VERSION_KEY)
        except ValueError:
            cache.set(_VERSION_KEY, 1, None)

    def year(self, year: int) -> _YearData:
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
    def _load(year: int) -> _YearData:
        """The year's rows. Listed days are official even in a year not marked covered (the
        next year's notice may list late-December days of this one)."""
        from zhifa.calendar.models import CalendarYear, DayKind, Holiday

        covered = CalendarYear.objects.filter(year=year).exists()
        rows = Holiday.objects.filter(date__year=year).values_list("date", "kind")
        holidays = frozenset(d for d, k in rows if k == DayKind.HOLIDAY)
        workdays = frozenset(d for d, k in rows if k == DayKind.WORKDAY)
        return _YearData(covered, holidays, workdays)


schedule = _Schedule()


def invalidate() -> None:
    """Call after any change to the holiday table (the admin and the actions do)."""
    schedule.invalidate()


class _Counter:
    """Answers "is this a working day?" and remembers whether it had to guess.

    ``prefer_rest``: how a day the coming schedule may still turn is counted — as a rest day
    (the result moves later when counting forward) or as a working day (earlier)."""

    def __init__(self, *, prefer_rest: bool) -> None:
        self.provisional = False
        self.prefer_rest = prefer_rest
        rules = local_rules()
        self.mode = rules.calendar_uncovered_year
        self.makeup_working = rules.makeup_days_are_working_days

    def is_working_day(self, day: date) -> bool:
        data = schedule.year(day.year)
        if day in data.holidays:
            return False
        if day in data.workdays:
            return self.makeup_working
        if data.covered:
            if (
                day.month < 12
                or is_covered(day.year + 1)
                or day < statutory.december_reach(day.year + 1)
            ):
                return day.weekday() < 5
            # Late December: the next year's notice may still bridge it or make it a working day.
            return self._guess(day, day.year + 1)
        return self._guess(day, day.year)

    def _guess(self, day: date, year: int) -> bool:
        if not statutory.FIRST_YEAR <= year <= statutory.LAST_YEAR:
            raise CalendarOutOfRange(day)
        known = statutory.guess(year)
        if day in known.statutory:  # 全国年节及纪念日放假办法 Art 2: always a rest day
            self._uncertain(year)
            return False
        if day in known.may_rest or (day in known.may_work and self.makeup_working):
            self._uncertain(year)
            return not self.prefer_rest
        if day.year == year:  # any day of a year without a schedule is provisional
            self._uncertain(year)
        return day.weekday() < 5

    def _uncertain(self, year: int) -> None:
        if self.mode != "provisional":
            raise CalendarNotCovered(year)
        self.provisional = True


def _prefer_rest(side: Side, *, forward: bool = True) -> bool:
    """The party's dates are the latest possible, the bureau's the earliest. Counting forward,
    more rest days give a later date; counting backwards, an earlier one."""
    return (side is Side.PARTY) == forward


def is_working_day(day: date, *, side: Side = Side.PARTY) -> bool:
    """Whether ``day`` is a working day. For a day the coming schedule may still turn, the
    answer is the ``side``'s (raises CalendarNotCovered in ``refuse`` mode)."""
    return _Counter(prefer_rest=_prefer_rest(side)).is_working_day(day)


def is_covered(year: int) -> bool:
    return schedule.year(year).covered


def is_provisional(day: date) -> bool:
    """Whether a date computed to fall on ``day`` can still move when a schedule is entered: its
    year has no schedule, or it is late December before the next year's notice."""
    if not is_covered(day.year):
        return True
    return day >= statutory.december_reach(day.year + 1) and not is_covered(day.year + 1)


def uncovered_years(first: int, last: int) -> list[int]:
    return [y for y in range(first, last + 1) if not is_covered(y)]


def _counted(start: date) -> date:
    """``start`` if the calendar can count from it (else CalendarOutOfRange, before any date
    arithmetic can overflow)."""
    if not statutory.FIRST_YEAR <= start.year <= statutory.LAST_YEAR:
        raise CalendarOutOfRange(start)
    return start


def _roll_forward(day: date, counter: _Counter) -> date:
    while not counter.is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, n: int, *, side: Side = Side.PARTY) -> DueDate:
    """The date ``n`` working days after ``start`` (start excluded). ``n`` may be negative
    (the date by which something must happen ``n`` working days before ``start``)."""
    _counted(start)
    counter = _Counter(prefer_rest=_prefer_rest(side, forward=n >= 0))
    step = 1 if n >= 0 else -1
    day = start
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if counter.is_working_day(day):
            remaining -= 1
    return DueDate(day, counter.provisional)


def add_days(start: date, n: int, *, side: Side = Side.PARTY) -> DueDate:
    """``n`` calendar days after ``start``; a period ending on a rest day ends on the next
    working day (民事诉讼法 Art 85 ¶3)."""
    _counted(start)
    counter = _Counter(prefer_rest=_prefer_rest(side))
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


def add_months(start: date, n: int, *, side: Side = Side.PARTY) -> DueDate:
    """``n`` months after ``start`` (民法典 Art 202), extended off a rest day (Art 203)."""
    _counted(start)
    counter = _Counter(prefer_rest=_prefer_rest(side))
    day = _roll_forward(add_months_plain(start, n), counter)
    return DueDate(day, counter.provisional)


def add_years(start: date, n: int, *, side: Side = Side.PARTY) -> DueDate:
    return add_months(start, 12 * n, side=side)


def working_days_between(start: date, end: date, *, side: Side = Side.PARTY) -> int:
    """Working days in (start, end]: how many working days ``end`` lies after ``start``. For the
    party (a notice period the party is owed) uncertain days are not counted; for the bureau
    (time it has taken) they are."""
    _counted(start)
    counter = _Counter(prefer_rest=_prefer_rest(side))
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if counter.is_working_day(day):
            count += 1
    return count
