"""The holiday table in Django admin (ADR 0002 amended by ADR 0013): the system administrator
corrects a day, and the correction is the year's schedule entered again — checked like a notice,
recorded with who and what (``ScheduleImport``), and the provisional due dates it moves
recomputed on the case with its ``deadline_recomputed`` event, as the import does."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zhifa.calendar.models import CalendarYear, DayKind, Holiday, ScheduleImport
from zhifa.cases import actions as case_actions
from zhifa.cases.choices import DeadlineKind
from zhifa.cases.models import CaseDeadline, CaseEvent
from zhifa.cases.record import Place
from zhifa.law.actions import import_catalog
from zhifa.law.catalog_io import DEFAULT_CATALOG, parse
from zhifa.law.models import ViolationItem
from zhifa.security.choices import EventKind
from zhifa.security.models import SecurityEvent
from zhifa.testing import parties as pf

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
ADD = reverse("admin:legal_calendar_holiday_add")


@pytest.fixture
def december_28():
    with time_machine.travel(datetime(2026, 12, 28, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def spit(db) -> ViolationItem:
    """随地吐痰 (¥50, on the spot) from the seed catalog."""
    raw = [
        r for r in json.loads(DEFAULT_CATALOG.read_text(encoding="utf-8")) if r["code"] == "SR-001"
    ]
    import_catalog(parse(json.dumps(raw).encode(), "json"))
    return ViolationItem.objects.get(code="SR-001")


@pytest.fixture
def spot_case(december_28, handler, handler2, spit, east_street):
    """Decided on the spot on Monday 28 December 2026: its 备案 clock runs into 2027, whose
    schedule is not entered (provisional)."""
    return case_actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=spit,
        party=pf.person(name="王小明", street=east_street),
        facts="随地吐痰",
        place=Place("人民路"),
        street=east_street,
        penalty_kinds=["fine"],
        fine=Decimal(50),
    ).case


def _filing(case) -> CaseDeadline:
    return CaseDeadline.objects.get(case=case, kind=DeadlineKind.SIMPLE_FILING)


def test_a_holiday_added_in_the_admin_recomputes_the_provisional_clock(
    system_admin, handler, spot_case
):
    before = _filing(spot_case)
    assert before.provisional
    response = system_admin.client().post(
        ADD, {"date": "2026-12-29", "kind": DayKind.HOLIDAY, "name": "更正测试"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    after = _filing(spot_case)
    assert after.due_on > before.due_on  # one working day fewer before it
    event = CaseEvent.objects.get(case=spot_case, kind="deadline_recomputed")
    [change] = event.payload["changes"]
    assert (change["kind"], change["old_due_on"], change["new_due_on"]) == (
        "simple_filing",
        before.due_on.isoformat(),
        after.due_on.isoformat(),
    )
    assert "2026 年节假日安排已录入" in event.payload["reason"]
    row = ScheduleImport.objects.get()
    assert (row.year, row.actor, row.replaced, row.recomputed) == (2026, system_admin.user, True, 1)
    assert "2026-12-29 设为放假（更正测试）" in row.text
    assert row.source == CalendarYear.objects.get(year=2026).source  # the notice it corrects
    [logged] = SecurityEvent.objects.filter(kind=EventKind.ADMIN_CHANGE)
    assert (logged.actor_name, logged.object_type) == ("sysadmin", "legal_calendar.holiday")
    page = handler.client().get(f"/cases/{spot_case.pk}/").content.decode()
    assert "期限按节假日安排重新计算" in page


def test_a_day_removed_in_the_admin_is_an_ordinary_day_again(system_admin, december_28):
    system_admin.client().post(ADD, {"date": "2026-12-29", "kind": "holiday", "name": "x"})
    holiday = Holiday.objects.get(date=date(2026, 12, 29))
    url = reverse("admin:legal_calendar_holiday_delete", args=[holiday.pk])
    assert system_admin.client().post(url, {"post": "yes"}).status_code == 302
    assert not Holiday.objects.filter(date=date(2026, 12, 29)).exists()
    assert "2026-12-29 改为普通日" in ScheduleImport.objects.order_by("-id")[0].text


def test_a_statutory_holiday_cannot_be_removed(system_admin):
    national_day = Holiday.objects.get(date=date(2026, 10, 1))
    url = reverse("admin:legal_calendar_holiday_delete", args=[national_day.pk])
    response = system_admin.client().post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "（国庆节）是法定节假日，安排中却未放假" in response.content.decode()
    assert Holiday.objects.filter(pk=national_day.pk).exists()
    assert not ScheduleImport.objects.exists()
    assert not SecurityEvent.objects.filter(kind=EventKind.ADMIN_CHANGE).exists()


def test_a_weekday_is_not_made_a_make_up_working_day(system_admin):
    national_day = Holiday.objects.get(date=date(2026, 10, 1))
    url = reverse("admin:legal_calendar_holiday_change", args=[national_day.pk])
    response = system_admin.client().post(
        url, {"date": "2026-10-01", "kind": DayKind.WORKDAY, "name": "国庆节"}
    )
    assert response.status_code == 200
    assert "2026-10-01 是周四，本就是工作日，不能作为调休上班日" in response.content.decode()
    national_day.refresh_from_db()
    assert national_day.kind == DayKind.HOLIDAY


def test_a_day_of_a_year_not_entered_is_refused_on_its_field(system_admin):
    response = system_admin.client().post(
        ADD, {"date": "2027-02-11", "kind": DayKind.HOLIDAY, "name": "春节"}
    )
    assert response.status_code == 200
    assert "2027 年的节假日安排尚未录入" in response.content.decode()
    assert not Holiday.objects.filter(date=date(2027, 2, 11)).exists()


def test_a_year_is_not_added_or_deleted_in_the_admin_only_annotated(system_admin):
    client = system_admin.client()
    year = CalendarYear.objects.get(year=2026)
    assert client.get(reverse("admin:legal_calendar_calendaryear_add")).status_code == 403
    url = reverse("admin:legal_calendar_calendaryear_change", args=[year.pk])
    assert client.post(url, {"note": "已核对"}).status_code == 302
    year.refresh_from_db()
    assert year.note == "已核对"
    delete = reverse("admin:legal_calendar_calendaryear_delete", args=[year.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


@pytest.mark.parametrize("persona", ["leader", "security_admin"])
def test_no_one_else_edits_holidays(request, persona):
    client = request.getfixturevalue(persona).client()
    response = client.post(ADD, {"date": "2026-12-29", "kind": "holiday", "name": "x"})
    assert response.status_code == 403
    assert not Holiday.objects.filter(date=date(2026, 12, 29)).exists()
