"""Running a year of cases through the real actions in date order.

Each case is a *story*: a generator that yields the moment of its next step and, when resumed,
performs that step through ``zhifa.cases.actions`` / ``zhifa.performance.actions``. The
``Timeline`` resumes the stories in date order across all cases, so case and decision numbers
are handed out in the order a real bureau would, and it sets the clock to that moment while a
step runs: the actions stamp their events with ``timezone.now()`` (they take no time argument),
and a timeline whose every event says "recorded today" would not be a year.

A story stops when its next step lies beyond the horizon (the end of the year, or today for the
current year): that case is still open, as some cases are at any year's end. A step refused
because a period would run into a year without a holiday schedule (``CalendarNotCovered``) stops
the story too; the action wrote nothing.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings

from zhifa.calendar.periods import CalendarNotCovered
from zhifa.demo.generators.case_mix import FineBook
from zhifa.demo.generators.cast import Cast
from zhifa.demo.generators.workdays import WorkCalendar

Story = Generator[datetime, None, Any]  # yields moments; may return a value


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """``timezone.now()`` (and so ``localdate()`` and ``auto_now_add``) returns ``moment``."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@dataclass
class Year:
    """What every story needs: the year, its horizon, the calendar, the people, the dice."""

    year: int
    horizon: date
    rng: random.Random
    cal: WorkCalendar
    cast: Cast
    fines: FineBook
    counts: Counter[str] = field(default_factory=Counter)
    now: datetime | None = None  # the moment of the step running
    _queue: list[tuple[datetime, int, Story]] = field(default_factory=list)
    _serial: int = 0

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(settings.TIME_ZONE)

    def at(self, day: date, *, field_work: bool = False) -> datetime:
        """A moment on ``day``: office hours, or any daylight hour for work in the street; on the
        day of the step running, a little after it (a case's record runs forward)."""
        if self.now is not None and day <= self.now.date():
            later = self.now + timedelta(minutes=self.rng.randint(5, 90))
            return later if later.date() == self.now.date() else self.now + timedelta(seconds=30)
        start, end = (7 * 60 + 30, 19 * 60) if field_work else (8 * 60 + 45, 17 * 60 + 20)
        minute = self.rng.randint(start, end)
        return datetime.combine(
            day, time(minute // 60, minute % 60, self.rng.randint(0, 59)), self.tz
        )

    def wd(self, day: date, low: int, high: int) -> date:
        """``low``…``high`` working days after ``day`` (0: the day itself if it is one)."""
        n = self.rng.randint(low, high)
        return self.cal.on_or_after(day) if n == 0 else self.cal.add_working_days(day, n)

    def days(self, day: date, low: int, high: int) -> date:
        return day + timedelta(days=self.rng.randint(low, high))

    def spawn(self, story: Story) -> None:
        """Start a story (a case, or a side branch of one such as the 备案 of a decision)."""
        try:
            first = next(story)
        except StopIteration:
            return
        self._push(first, story)

    def _push(self, moment: datetime, story: Story) -> None:
        self._serial += 1
        heapq.heappush(self._queue, (moment, self._serial, story))

    def run(self) -> None:
        while self._queue:
            moment, _, story = heapq.heappop(self._queue)
            if moment.date() > self.horizon:
                self.counts["open_at_horizon"] += 1
                story.close()
                continue
            self.now = moment
            try:
                with clock_at(moment):
                    following = next(story)
            except StopIteration:
                continue
            except CalendarNotCovered:
                self.counts["stopped_uncovered_year"] += 1
                continue
            self._push(max(following, moment), story)
        self.now = None
