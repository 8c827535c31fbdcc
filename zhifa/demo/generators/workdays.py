"""Fast date arithmetic for the generators, read once from the legal calendar.

The actions compute their own due dates with ``zhifa.calendar.periods``; the generators only need
to *plan* dates (the next working day, five working days later…) for thousands of cases, so they
read the holiday table once into a sorted list of working days and answer by bisection. The
answers are the same as ``periods`` (tested); past the last covered day they raise
``CalendarNotCovered`` exactly as ``periods`` does.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta

from zhifa.calendar import periods
from zhifa.calendar.periods import CalendarNotCovered


class WorkCalendar:
    def __init__(self, first: date, last: date) -> None:
        self.first = first
        self.days: list[date] = []
        day = first
        self.last = first - timedelta(days=1)
        while day <= last:
            try:
                working = periods.is_working_day(day)
            except CalendarNotCovered:
                break
            if working:
                self.days.append(day)
            self.last = day
            day += timedelta(days=1)

    def _refuse(self, day: date) -> CalendarNotCovered:
        return CalendarNotCovered(day.year if day > self.last else self.first.year - 1)

    def is_working_day(self, day: date) -> bool:
        if not self.first <= day <= self.last:
            raise self._refuse(day)
        i = bisect_left(self.days, day)
        return i < len(self.days) and self.days[i] == day

    def on_or_after(self, day: date) -> date:
        """The day itself when it is a working day, else the next one (a rest day rolls on)."""
        i = bisect_left(self.days, day)
        if day < self.first or i >= len(self.days):
            raise self._refuse(day)
        return self.days[i]

    def add_working_days(self, day: date, n: int) -> date:
        """``n`` ≥ 1 working days after ``day`` (start excluded), as ``periods``."""
        i = bisect_right(self.days, day) + n - 1
        if day < self.first or i >= len(self.days):
            raise self._refuse(self.last + timedelta(days=1))
        return self.days[i]

    def add_days(self, day: date, n: int) -> date:
        """``n`` calendar days later, moved off a rest day (民事诉讼法 Art 85 ¶3)."""
        return self.on_or_after(day + timedelta(days=n))

    def add_months(self, day: date, n: int) -> date:
        return self.on_or_after(periods.add_months_plain(day, n))
