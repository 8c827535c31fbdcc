"""The statutory holidays of a year, computed (全国年节及纪念日放假办法, 2024 revision, Art 2),
and how far the State Council's yearly schedule can plausibly move the rest days around them.

A year without a published schedule is counted on these (``periods``, provisional mode). The
law fixes 13 days (Art 2): 元旦 1 (Jan 1), 春节 4 (除夕 and 正月初一–初三), 清明 1 (the day of the
清明 solar term), 劳动节 2 (May 1–2), 端午 1 (五月初五), 中秋 1 (八月十五), 国庆 3 (Oct 1–3). They
are always rest days. What only the yearly notice settles (Arts 6, 7) is the rest around them:
weekdays given off to bridge a break (调休放假, and 补假 for a holiday falling on a weekend) and
weekend days turned into working days (调休上班). ``Festival.rest_window`` bounds the first,
``Festival.work_window`` the second. The windows are the envelope of every State Council
schedule 2008–2026 (tested against the data shipped in chinese-calendar) with a day or two of
margin; a schedule outside them would have no precedent.

Lunar dates come from ``lunardate`` (computed, 1900–2099); the 清明 term from the sun's apparent
longitude reaching 15° (Meeus, Astronomical Algorithms ch. 25, low accuracy: ~0.01°, i.e. about
a quarter of an hour), on Beijing time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from lunardate import LunarDate

# The years guess() can compute: lunardate covers 1900–2099, and a year's guess needs the next
# year's 元旦 window and 春节 (so 2099's needs 2100).
FIRST_YEAR, LAST_YEAR = 1901, 2098

BEIJING = timedelta(hours=8)
_J2000 = 2451545.0
_UNIX_EPOCH_JD = 2440587.5


@dataclass(frozen=True)
class Festival:
    name: str
    days: tuple[date, ...]  # the statutory holidays (Art 2): always rest days
    rest_window: tuple[date, date]  # weekdays in it may be given off (bridges, 补假)
    work_window: tuple[date, date]  # weekends in it may become make-up working days

    def may_rest(self, day: date) -> bool:
        return self.rest_window[0] <= day <= self.rest_window[1]

    def may_work(self, day: date) -> bool:
        return self.work_window[0] <= day <= self.work_window[1]


def _span(anchor: date, before: int, after: int) -> tuple[date, date]:
    return anchor - timedelta(days=before), anchor + timedelta(days=after)


def _sun_longitude(jd: float) -> float:
    """The sun's apparent ecliptic longitude in degrees (Meeus 25.2–25.8)."""
    t = (jd - _J2000) / 36525
    l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    m = math.radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    centre = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * math.sin(m)
        + (0.019993 - 0.000101 * t) * math.sin(2 * m)
        + 0.000289 * math.sin(3 * m)
    )
    omega = math.radians(125.04 - 1934.136 * t)
    return (l0 + centre - 0.00569 - 0.00478 * math.sin(omega)) % 360


def _jd(moment: datetime) -> float:
    return moment.timestamp() / 86400 + _UNIX_EPOCH_JD


def qingming(year: int) -> date:
    """The day (Beijing time) the sun reaches 15° of longitude: the 清明 solar term."""
    from datetime import UTC

    low = _jd(datetime(year, 3, 30, tzinfo=UTC))
    high = _jd(datetime(year, 4, 10, tzinfo=UTC))
    while high - low > 1e-5:  # about a second
        mid = (low + high) / 2
        if _sun_longitude(mid) < 15:
            low = mid
        else:
            high = mid
    moment = datetime.fromtimestamp((low - _UNIX_EPOCH_JD) * 86400, tz=UTC) + BEIJING
    return moment.date()


def _lunar(year: int, month: int, day: int) -> date:
    return LunarDate(year, month, day).to_solar_date()


@lru_cache(maxsize=64)
def festivals(year: int) -> tuple[Festival, ...]:
    """The seven festivals of ``year`` with their windows (offsets: docs/legal-rules.md)."""
    new_year = date(year, 1, 1)
    eve = _lunar(year, 1, 1) - timedelta(days=1)  # 除夕: the day before 正月初一
    tomb = qingming(year)
    labour = date(year, 5, 1)
    dragon = _lunar(year, 5, 5)
    moon = _lunar(year, 8, 15)
    national = date(year, 10, 1)

    def run(first: date, n: int) -> tuple[date, ...]:
        return tuple(first + timedelta(days=i) for i in range(n))

    return (
        Festival("元旦", (new_year,), _span(new_year, 2, 2), _span(new_year, 4, 6)),
        Festival("春节", run(eve, 4), _span(eve, 2, 8), _span(eve, 7, 13)),
        Festival("清明节", (tomb,), _span(tomb, 2, 2), _span(tomb, 5, 5)),
        Festival("劳动节", run(labour, 2), _span(labour, 2, 4), _span(labour, 9, 11)),
        Festival("端午节", (dragon,), _span(dragon, 2, 2), _span(dragon, 5, 5)),
        Festival("中秋节", (moon,), _span(moon, 2, 2), _span(moon, 5, 5)),
        Festival("国庆节", run(national, 3), _span(national, 2, 7), _span(national, 12, 12)),
    )


@dataclass(frozen=True)
class Guess:
    """What is known of a year without a schedule: its statutory holidays (certain) and the
    days the coming schedule may turn (uncertain)."""

    statutory: dict[date, str]
    may_rest: frozenset[date]  # weekdays that may be given off
    may_work: frozenset[date]  # weekend days that may become working days


@lru_cache(maxsize=16)
def guess(year: int) -> Guess:
    """The festivals of ``year`` and the 元旦 of ``year + 1``, whose break and make-up days may
    reach back into late December (the 2019 notice moved 2018-12-29 and 12-31)."""
    relevant = [*festivals(year), festivals(year + 1)[0]]
    statutory = {d: f.name for f in relevant for d in f.days}
    may_rest: set[date] = set()
    may_work: set[date] = set()
    for f in relevant:
        day = min(f.rest_window[0], f.work_window[0])
        while day <= max(f.rest_window[1], f.work_window[1]):
            if day not in statutory:
                if day.weekday() < 5 and f.may_rest(day):
                    may_rest.add(day)
                elif day.weekday() >= 5 and f.may_work(day):
                    may_work.add(day)
            day += timedelta(days=1)
    return Guess(statutory, frozenset(may_rest), frozenset(may_work))


def december_reach(year: int) -> date:
    """The first day of ``year - 1`` that the schedule of ``year`` may still change."""
    first = festivals(year)[0]
    return min(first.rest_window[0], first.work_window[0])
