"""The disclosure job running through the demo year, as ``zhifa scheduler`` runs it in a bureau.

Without it the demo's decisions would meet the job for the first time on the day ``zhifa demo``
runs: every one of them would be published months late, and the ones whose display period has
passed would never have been shown. Here the job runs every evening of the year inside the
timeline (so it sees each decision, service and review result on its day, in order), then every
evening from the year's end up to today (expiries and withdrawals continue after the last case
step). The publications, their events and the late ones are what the job itself writes.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from zhifa.demo.generators.timeline import Story, Year, clock_at
from zhifa.disclosure import jobs

EVENING = time(20, 0)


def disclosure_story(y: Year, totals: Counter[str]) -> Story:
    """The evening run of every day of the year (stops at the horizon like any story)."""
    day = date(y.year, 1, 1)
    while True:
        yield datetime.combine(day, EVENING, y.tz)
        totals.update(jobs.run(day))
        day += timedelta(days=1)


def catch_up(y: Year, today: date, totals: Counter[str]) -> None:
    """The evening runs after the horizon, up to and including today."""
    day = y.horizon + timedelta(days=1)
    while day <= today:
        moment = datetime.combine(day, EVENING, y.tz)
        with clock_at(moment):
            totals.update(jobs.run(day))
        day += timedelta(days=1)
