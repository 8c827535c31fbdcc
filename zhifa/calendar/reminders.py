"""From 1 November, next year's holiday schedule is missing until someone enters it: the
administrator's and every leader's home say so, and a daily job tells them once.

The State Council publishes the schedule in October–December (2024-10-25, 2024-11-12,
2025-11-04 for 2024–2026); from November, periods of the party and the bureau already reach
into the next year (a 90-day decision limit from early October ends in January)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhifa.calendar import periods

REMIND_FROM = (11, 1)  # month, day


@dataclass(frozen=True)
class Missing:
    year: int
    current: bool  # this year itself has no schedule (reminded any day)


def missing_schedule(today: date) -> Missing | None:
    """The year whose schedule should be entered now, if any."""
    if not periods.is_covered(today.year):
        return Missing(today.year, True)
    if (today.month, today.day) >= REMIND_FROM and not periods.is_covered(today.year + 1):
        return Missing(today.year + 1, False)
    return None
