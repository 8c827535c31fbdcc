"""A year without a published schedule is counted provisionally: for the party's periods never
shorter than the real one can be, for the bureau's duties never later (docs/legal-rules.md).

The proof on real data: 2026's periods computed as if its schedule were unknown, against the
real 2026 schedule (国办发明电〔2025〕7号), for every start day from 1 December 2025."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from zhifa.calendar import periods
from zhifa.calendar.periods import Side
from zhifa.calendar.tests.helpers import forget_year

pytestmark = pytest.mark.django_db

Rule = Callable[[date, Side], periods.DueDate]

# Each period as the actions count it (行政处罚法 Arts 45, 56, 60, 61, 64, 67, 71; 行政强制法 54).
PARTY_PERIODS: dict[str, Rule] = {
    "statement 5 working days (Art 45)": lambda d, s: periods.add_working_days(d, 5, side=s),
    "hearing request 5 working days (Art 64)": lambda d, s: periods.add_working_days(d, 5, side=s),
    "payment 15 days (Art 67)": lambda d, s: periods.add_days(d, 15, side=s),
    "催告 wait 10 working days (行政强制法 Art 54)": lambda d, s: periods.add_working_days(
        d, 10, side=s
    ),
}
BUREAU_PERIODS: dict[str, Rule] = {
    "service 7 working days (Art 61)": lambda d, s: periods.add_working_days(d, 7, side=s),
    "decision 90 days (Art 60)": lambda d, s: periods.add_days(d, 90, side=s),
    "preservation 7 working days (Art 56)": lambda d, s: periods.add_working_days(d, 7, side=s),
    "cash hand-over 2 working days (Art 71)": lambda d, s: periods.add_working_days(d, 2, side=s),
    "review answer 10 working days (行政复议法 Art 48)": lambda d, s: periods.add_working_days(
        d, 10, side=s
    ),
}
STARTS = [date(2025, 12, 1) + timedelta(days=i) for i in range(396)]  # to 2026-12-31


def _both(rule: Rule, side: Side) -> tuple[list[periods.DueDate], list[periods.DueDate]]:
    real = [rule(d, side) for d in STARTS]
    forget_year(2026)
    return real, [rule(d, side) for d in STARTS]


@pytest.mark.parametrize("name", list(PARTY_PERIODS))
def test_a_party_period_is_never_shorter_than_the_real_one(name):
    real, guessed = _both(PARTY_PERIODS[name], Side.PARTY)
    shorter = [
        (s, r.date, g.date)
        for s, r, g in zip(STARTS, real, guessed, strict=True)
        if g.date < r.date
    ]
    assert shorter == []
    assert all(g.provisional for g in guessed if g.date.year == 2026)


@pytest.mark.parametrize("name", list(BUREAU_PERIODS))
def test_a_bureau_duty_never_ends_later_than_the_real_one(name):
    real, guessed = _both(BUREAU_PERIODS[name], Side.BUREAU)
    later = [
        (s, r.date, g.date)
        for s, r, g in zip(STARTS, real, guessed, strict=True)
        if g.date > r.date
    ]
    assert later == []
    assert all(g.provisional for g in guessed if g.date.year == 2026)


def test_the_hearing_notice_lead_counted_backwards_is_early_for_the_bureau():
    """Art 64(2): notice 7 working days before the hearing — counted back, the bureau's date is
    the earliest the real one can be."""
    hearings = [date(2026, 1, 5) + timedelta(days=i) for i in range(350)]
    real = [periods.add_working_days(d, -7, side=Side.BUREAU).date for d in hearings]
    forget_year(2026)
    guessed = [periods.add_working_days(d, -7, side=Side.BUREAU).date for d in hearings]
    assert [(h, r, g) for h, r, g in zip(hearings, real, guessed, strict=True) if g > r] == []


def test_a_period_into_2027_is_provisional_and_depends_on_the_side():
    """Dec 30–31 may be bridged to 元旦 and Jan 2–3 (a weekend) may become working days."""
    party = periods.add_working_days(date(2026, 12, 28), 7, side=Side.PARTY)
    bureau = periods.add_working_days(date(2026, 12, 28), 7, side=Side.BUREAU)
    assert party == periods.DueDate(date(2027, 1, 11), provisional=True)
    assert bureau == periods.DueDate(date(2027, 1, 5), provisional=True)
    assert periods.add_working_days(date(2026, 3, 2), 7).provisional is False


def test_the_statutory_holidays_of_an_uncovered_year_are_rest_days_for_everyone():
    """全国年节及纪念日放假办法 Art 2: 2027-02-05 is 除夕, 02-08 初三 (a Monday)."""
    for side in Side:
        assert periods.is_working_day(date(2027, 2, 8), side=side) is False
        assert periods.add_days(date(2027, 1, 24), 15, side=side).date >= date(2027, 2, 9)


def test_a_date_in_a_year_without_schedule_is_provisional():
    assert periods.is_provisional(date(2027, 3, 3)) is True
    assert periods.is_provisional(date(2026, 12, 31)) is True  # next year's 元旦 may bridge it
    assert periods.is_provisional(date(2026, 12, 10)) is False
    assert periods.uncovered_years(2025, 2027) == [2027]


def test_refuse_mode_names_the_year(settings):
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "CALENDAR_UNCOVERED_YEAR": "refuse"}
    with pytest.raises(periods.CalendarNotCovered) as exc:
        periods.add_working_days(date(2026, 12, 21), 10)
    assert exc.value.year == 2027
    assert "缺少 2027 年的法定节假日安排" in exc.value.message
    assert periods.add_working_days(date(2026, 12, 1), 5).date == date(2026, 12, 8)


def test_without_counting_make_up_days_as_working_no_weekend_is_guessed(settings):
    settings.ZHIFA_LOCAL_RULES = {
        **settings.ZHIFA_LOCAL_RULES,
        "MAKEUP_DAYS_ARE_WORKING_DAYS": False,
    }
    # Jan 2–3 stay rest days even for the bureau: Dec 29, 30, 31, Jan 4, 5, 6, 7
    assert periods.add_working_days(date(2026, 12, 28), 7, side=Side.BUREAU).date == date(
        2027, 1, 7
    )
