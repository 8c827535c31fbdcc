"""Legal periods (rules.md §8) across the 2026 Spring Festival and National Day.

2026 schedule (国务院办公厅): Spring Festival Feb 15–23 off, make-up working Saturdays Feb 14 and
Feb 28; National Day/Mid-Autumn Oct 1–7 off, make-up working days Sun Sep 20 and Sat Oct 10.
"""

from datetime import date

import pytest

from zhifa.calendar import periods
from zhifa.calendar.models import CalendarYear, DayKind, Holiday

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before the break
        (date(2026, 2, 14), True),  # Saturday, 调休 make-up working day
        (date(2026, 2, 16), False),  # 除夕-week holiday
        (date(2026, 2, 23), False),  # last day of the break (Monday)
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # Saturday, make-up working day
        (date(2026, 3, 1), False),  # ordinary Sunday
        (date(2026, 9, 20), True),  # Sunday, make-up working day
        (date(2026, 10, 1), False),
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday, make-up working day
        (date(2026, 10, 11), False),  # ordinary Sunday
    ],
)
def test_it_knows_working_days_of_2026(day, working):
    assert periods.is_working_day(day) is working


def test_it_counts_7_working_days_over_national_day_with_the_make_up_saturday():
    """行政处罚法 Art 61/85: service within 7 working days; Oct 10 (Sat) is a working day."""
    assert periods.add_working_days(date(2026, 9, 28), 7).date == date(2026, 10, 13)


def test_it_counts_5_working_days_over_the_spring_festival():
    """Art 64(1): hearing request within 5 working days. Feb 11, 12, 13, 14 (make-up), 24."""
    assert periods.add_working_days(date(2026, 2, 10), 5).date == date(2026, 2, 24)


def test_it_excludes_the_start_day():
    """民事诉讼法 Art 85 ¶2: the day the period starts is not counted."""
    assert periods.add_working_days(date(2026, 3, 2), 1).date == date(2026, 3, 3)
    assert periods.add_days(date(2026, 3, 2), 1).date == date(2026, 3, 3)


def test_it_extends_a_calendar_period_ending_on_a_holiday():
    """民事诉讼法 Art 85 ¶3: 15-day payment period (Art 67) ending Oct 1 ends Oct 8."""
    assert periods.add_days(date(2026, 9, 16), 15).date == date(2026, 10, 8)


def test_it_extends_a_calendar_period_ending_on_an_ordinary_weekend():
    assert periods.add_days(date(2026, 3, 1), 6).date == date(2026, 3, 9)  # Sat 7 → Mon 9


def test_it_does_not_extend_a_period_ending_on_a_make_up_working_saturday():
    assert periods.add_days(date(2026, 10, 5), 5).date == date(2026, 10, 10)


def test_it_counts_90_days_from_filing():
    """Art 60: decision within 90 days of 立案 (calendar days)."""
    # Apr 5 is a Sunday inside the 清明 break (Apr 4–6): the period ends on Tuesday Apr 7.
    assert periods.add_days(date(2026, 1, 5), 90).date == date(2026, 4, 7)


def test_it_ends_a_month_period_on_the_last_day_when_there_is_no_corresponding_day():
    """民法典 Art 202: 3 months from Nov 30 ends Feb 28 (then rolled off a rest day)."""
    assert periods.add_months_plain(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert periods.add_months(date(2025, 11, 30), 3).date == date(2026, 2, 28)  # make-up day


def test_it_counts_months_into_the_spring_festival_and_rolls_forward():
    assert periods.add_months(date(2025, 11, 16), 3).date == date(2026, 2, 24)


def test_it_counts_working_days_backwards():
    """Art 64(2): notice at least 7 working days before a hearing on Oct 13 → by Sep 28."""
    assert periods.add_working_days(date(2026, 10, 13), -7).date == date(2026, 9, 28)


def test_it_counts_working_days_between_two_dates():
    assert periods.working_days_between(date(2026, 9, 28), date(2026, 10, 13)) == 7
    assert periods.working_days_between(date(2026, 10, 13), date(2026, 10, 13)) == 0


def test_it_refuses_a_year_without_a_schedule_when_configured(settings):
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "CALENDAR_UNCOVERED_YEAR": "refuse"}
    with pytest.raises(periods.CalendarNotCovered) as exc:
        periods.add_working_days(date(2026, 12, 28), 7)
    assert exc.value.year == 2027
    assert "2027" in exc.value.message


def test_it_marks_the_result_provisional_by_default():
    """Default mode: provisional (test_provisional.py has the counting rules)."""
    due = periods.add_working_days(date(2026, 12, 28), 7)
    assert due.provisional is True
    # for the party: Dec 29, (Dec 30–31 may be bridged, Jan 1 元旦), Jan 4, 5, 6, 7, 8, 11
    assert due.date == date(2027, 1, 11)
    assert periods.add_working_days(date(2026, 3, 2), 7).provisional is False


def test_it_can_treat_make_up_days_as_rest_days_when_configured(settings):
    """rules.md §8 marks the status of 调休 working weekends UNVERIFIED: it is configurable."""
    settings.ZHIFA_LOCAL_RULES = {
        **settings.ZHIFA_LOCAL_RULES,
        "MAKEUP_DAYS_ARE_WORKING_DAYS": False,
    }
    assert periods.add_working_days(date(2026, 9, 28), 7).date == date(2026, 10, 14)


def test_it_uses_a_year_an_administrator_enters():
    CalendarYear.objects.create(year=2027, source="国务院办公厅关于2027年部分节假日安排的通知")
    Holiday.objects.create(date=date(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    periods.invalidate()
    assert periods.add_working_days(date(2026, 12, 30), 2).date == date(2027, 1, 4)


def test_it_sees_an_edit_after_invalidation():
    assert periods.is_working_day(date(2026, 3, 3)) is True
    Holiday.objects.create(date=date(2026, 3, 3), kind=DayKind.HOLIDAY, name="临时")
    periods.invalidate()
    assert periods.is_working_day(date(2026, 3, 3)) is False


def test_the_seed_covers_2004_to_2026():
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert set(range(2004, 2027)) <= years
    assert 2027 not in years
