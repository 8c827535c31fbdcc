"""Statutory clocks are stored rows; the scan reminds before and records after."""

from datetime import date, timedelta

import pytest
import time_machine

from zhifa.cases.models import CaseDeadline, CaseEvent
from zhifa.cases.tasks import scan_deadlines
from zhifa.core.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)  # notifications are sent on commit


def test_each_step_stores_its_due_date(flow, frozen):
    case = flow.served()
    due = dict(CaseDeadline.objects.filter(case=case).values_list("kind", "due_on"))
    assert due["decision"] == date(2026, 5, 31) + timedelta(days=1)  # 90 days, May 31 is a Sun
    assert due["statement"] == date(2026, 3, 17)  # notice served Mar 10 + 5 working days
    assert due["service"] == date(2026, 3, 25)  # decided Mar 16 + 7 working days
    assert due["payment"] == date(2026, 4, 1)  # served Mar 17 + 15 days
    met = dict(CaseDeadline.objects.filter(case=case).values_list("kind", "met_on"))
    assert met["decision"] == date(2026, 3, 16)
    assert met["service"] == date(2026, 3, 17)


def test_the_scan_reminds_the_handlers_of_a_deadline_due_soon_once(flow, frozen):
    case = flow.served()  # payment due Apr 1
    with time_machine.travel("2026-03-30 09:00 +0800", tick=False):
        assert scan_deadlines.call() == {"reminded": 1, "missed": 0}
        assert scan_deadlines.call() == {"reminded": 0, "missed": 0}
    users = set(
        Notification.objects.filter(kind="deadline_soon").values_list("user__username", flat=True)
    )
    assert users == {"handler", "handler2"}
    assert case.number in Notification.objects.first().title


def test_the_scan_records_a_missed_deadline_in_the_case_record_once(flow, frozen):
    case = flow.served()
    with time_machine.travel("2026-04-02 09:00 +0800", tick=False):
        assert scan_deadlines.call()["missed"] == 1
        assert scan_deadlines.call()["missed"] == 0
    event = CaseEvent.objects.get(case=case, kind="deadline_missed")
    assert event.payload["kind"] == "payment"
    assert event.payload["party_default"] is True
    assert event.actor is None
    from zhifa.cases.audit import verify_case

    case.refresh_from_db()
    assert verify_case(case) is None


def test_a_bureau_deadline_missed_is_told_to_the_leaders(flow, frozen):
    case = flow.decided()  # service due Mar 25, never served
    with time_machine.travel("2026-03-26 09:00 +0800", tick=False):
        scan_deadlines.call()
    users = set(
        Notification.objects.filter(kind="deadline_missed").values_list("user__username", flat=True)
    )
    assert users == {"handler", "handler2", "leader"}
    assert CaseDeadline.objects.get(case=case, kind="service").missed_recorded_at is not None


def test_met_and_cancelled_deadlines_are_left_alone(flow, frozen):
    from zhifa.cases import actions

    case = flow.filed()
    actions.withdraw_case(
        case, actor=flow.leader.user, reason="违法事实不存在", on=date(2026, 3, 3)
    )
    with time_machine.travel("2026-07-01 09:00 +0800", tick=False):
        assert scan_deadlines.call() == {"reminded": 0, "missed": 0}
