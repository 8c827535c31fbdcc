"""The statutory holidays of 全国年节及纪念日放假办法 (2024 revision, Art 2), computed, and the
windows around them that bound what a coming schedule can move (checked on 2008–2026)."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from chinese_calendar import constants

from zhifa.calendar import statutory


def test_it_computes_the_2027_lunar_festivals_and_qingming():
    by_name = {f.name: f.days for f in statutory.festivals(2027)}
    assert by_name["春节"] == tuple(date(2027, 2, 5) + timedelta(days=i) for i in range(4))
    assert by_name["清明节"] == (date(2027, 4, 5),)
    assert by_name["端午节"] == (date(2027, 6, 9),)
    assert by_name["中秋节"] == (date(2027, 9, 15),)
    assert by_name["元旦"] == (date(2027, 1, 1),)
    assert by_name["劳动节"] == (date(2027, 5, 1), date(2027, 5, 2))
    assert by_name["国庆节"] == (date(2027, 10, 1), date(2027, 10, 2), date(2027, 10, 3))
    assert sum(len(days) for days in by_name.values()) == 13  # Art 2, from 2025


def test_the_qingming_term_agrees_with_chinese_calendar_for_a_century_and_a_half():
    for year in range(1950, 2100):
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
        expected = next(d for d, name in terms if name == "清明")
        assert statutory.qingming(year) == expected, year


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_holiday_was_a_holiday_in_the_real_schedule(year):
    for festival in statutory.festivals(year):
        for day in festival.days:
            assert chinese_calendar.is_holiday(day), (festival.name, day)


def _festival_of(day: date, name: str) -> list[statutory.Festival]:
    return [
        f
        for y in (day.year - 1, day.year, day.year + 1)
        for f in statutory.festivals(y)
        if f.name in name or name in f.name
    ]


NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
}


def test_every_bridged_weekday_since_2008_lies_in_a_rest_window():
    """The party's provisional periods treat these weekdays as rest days: every weekday the
    State Council ever gave off around a festival must be inside one."""
    outside = [
        (day, name)
        for day, name in constants.holidays.items()
        if day.year >= 2008 and day.weekday() < 5 and name in NAMES
        if not any(f.may_rest(day) or day in f.days for f in _festival_of(day, NAMES[name]))
    ]
    assert outside == []


def test_every_make_up_working_day_since_2008_lies_in_a_work_window():
    """The bureau's provisional periods count these weekend days as working days."""
    outside = [
        (day, name)
        for day, name in constants.workdays.items()
        if day.year >= 2008 and name in NAMES
        if not any(f.may_work(day) for f in _festival_of(day, NAMES[name]))
    ]
    assert outside == []


def test_the_coming_new_year_may_move_late_december():
    assert statutory.december_reach(2027) == date(2026, 12, 28)
    guess = statutory.guess(2027)
    assert date(2026, 12, 31) in guess.may_rest  # Thursday: may be bridged
    assert date(2027, 1, 2) in guess.may_work  # Saturday: may become a make-up working day
    assert date(2027, 1, 1) in guess.statutory
