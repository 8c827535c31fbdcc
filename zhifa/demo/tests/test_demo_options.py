"""``--year``: which years can be generated, and the current year stopping where the legal
calendar ends (periods into a year without a holiday schedule are refused)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from zhifa.calendar import periods
from zhifa.cases.audit import verify_case
from zhifa.cases.models import Case, CaseDeadline, CaseEvent
from zhifa.core.errors import DomainError
from zhifa.demo.generators.cases import build_cases, horizon_for
from zhifa.demo.generators.workdays import WorkCalendar

pytestmark = pytest.mark.django_db


def test_the_command_refuses_a_year_that_has_not_come(db) -> None:
    with pytest.raises(CommandError, match="尚未到来"):
        call_command("demo", "--year", "2031")
    assert not Case.objects.exists()


@pytest.mark.parametrize(("year", "message"), [(2027, "尚未到来"), (2003, "法定节假日表不含")])
def test_it_refuses_a_year_without_a_holiday_schedule_or_not_yet_come(db, year, message) -> None:
    with pytest.raises(DomainError, match=message):
        horizon_for(year, date(2026, 11, 27))


def test_a_current_year_stops_each_case_before_its_clocks_leave_the_calendar(
    demo_district, settings
):
    """2026 is the last year with a holiday schedule: a case filed late in 2026 would start a
    90-day clock into 2027, which the actions refuse with ``ZHIFA_CALENDAR_UNCOVERED_YEAR=refuse``
    (the default counts it provisionally) — so that case stays where it was."""
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "CALENDAR_UNCOVERED_YEAR": "refuse"}
    today = date(2026, 11, 27)
    summary = build_cases(random.Random("current"), 2026, today, scale=0.12)
    assert summary["cases"] == Case.objects.count() > 40
    assert not CaseDeadline.objects.filter(due_on__year=2027).exists()
    assert Case.objects.filter(status="filing_pending", found_on__gte=date(2026, 10, 1)).exists()
    latest = max(CaseEvent.objects.values_list("occurred_at", flat=True))
    assert latest.date() <= today
    assert [b for b in (verify_case(c) for c in Case.objects.all()) if b] == []


def test_the_work_calendar_agrees_with_the_legal_calendar(db) -> None:
    cal = WorkCalendar(date(2025, 1, 1), date(2026, 12, 31))
    rng = random.Random(7)
    for _ in range(200):
        day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 600))
        n = rng.randint(1, 12)
        assert cal.add_working_days(day, n) == periods.add_working_days(day, n).date
        assert cal.add_days(day, 15) == periods.add_days(day, 15).date
        assert cal.is_working_day(day) == periods.is_working_day(day)
    with pytest.raises(periods.CalendarNotCovered):
        cal.add_working_days(date(2026, 12, 28), 10)
