"""Performance through the API: deferral, late payment with the surcharge, 催告 and the court
application (行政处罚法 Arts 66, 72–73; 行政强制法 Arts 53–54)."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.calendar import periods
from zhifa.cases.audit import verify_case
from zhifa.cases.models import Case, CaseEvent
from zhifa.documents.choices import DocumentKind as K

pytestmark = pytest.mark.django_db


def _events(case_id: int) -> int:
    return CaseEvent.objects.filter(case_id=case_id).count()


def test_a_deferral_approved_and_paid_by_the_new_date_carries_no_surcharge(api_flow, frozen):
    """Art 66 ¶2: deferred payment on approval; the surcharge runs from the new date only."""
    flow = api_flow
    served = flow.served()
    assert served["payment_due"] == "2026-04-01"  # served 03-17 + 15 days (Art 67)
    plan = flow.step(
        flow.handler,
        "payment-plans",
        {
            "kind": "deferral",
            "reason": "受疫情影响经营困难，申请延期缴纳",
            "instalments": [{"due_on": "2026-05-15", "amount": "5000.00"}],
            "on": "2026-03-25",
        },
        expect=201,
    )
    assert (plan["status"], plan["instalments"]) == (
        "requested",
        [{"due_on": "2026-05-15", "amount": "5000.00"}],
    )
    decided = flow.step(
        flow.leader,
        f"payment-plans/{plan['id']}/decision",
        {"approve": True, "note": "同意延期至5月15日", "on": "2026-03-26"},
    )
    assert (decided["status"], decided["case"]["payment_due"]) == ("approved", "2026-05-15")

    late_for_the_old_date = flow.handler.get(f"{flow.case_id}/balance", on="2026-04-20")
    assert (late_for_the_old_date["total_owed"], late_for_the_old_date["lines"]) == ("5000.00", [])
    frozen.move_to("2026-05-15 10:00 +0800")
    assert flow.case()["owed"]["surcharge_accrued"] == "0.00"
    paid = flow.step(
        flow.handler,
        "payments",
        {"amount": "5000.00", "paid_on": "2026-05-15", "channel": "bank"},
        expect=201,
    )
    assert (paid["principal"], paid["surcharge"]) == ("5000.00", "0.00")
    assert paid["case"]["status"] == "performed"
    archived = flow.closed_and_archived("2026-05-18")
    assert (archived["status"], archived["paid"], archived["surcharge_paid"]) == (
        "archived",
        "5000.00",
        "0.00",
    )
    assert verify_case(Case.objects.get(pk=flow.case_id)) is None


def test_a_late_payment_owes_3_percent_a_day_and_settles_the_case_when_paid_in_full(
    api_flow, frozen
):
    """Art 72 ¶1(1): 3% of the fine for every day overdue; the payment settles the fine first,
    then the surcharge; once nothing is owed the case is performed."""
    flow = api_flow
    flow.served()  # due 2026-04-01
    frozen.move_to("2026-04-11 10:00 +0800")  # 10 days overdue: 04-02 … 04-11
    owed = flow.case()["owed"]
    assert owed["overdue_days"] == 10
    assert (owed["unpaid_principal"], owed["surcharge_accrued"], owed["total_owed"]) == (
        "5000.00",
        "1500.00",
        "6500.00",
    )
    [line] = owed["lines"]
    assert (line["start"], line["end"], line["days"], line["amount"]) == (
        "2026-04-02",
        "2026-04-11",
        10,
        "1500.00",
    )
    assert "3%" in line["text"]

    before = _events(flow.case_id)
    refused = flow.handler.post(
        f"{flow.case_id}/payments",
        {"amount": "6650.00", "paid_on": "2026-04-11", "channel": "bank"},
        expect=422,
    )
    assert (refused["code"], refused["field"]) == ("overpayment", "amount")
    assert "6500.00" in refused["message"]
    assert _events(flow.case_id) == before

    paid = flow.step(
        flow.handler,
        "payments",
        {"amount": "6500.00", "paid_on": "2026-04-11", "channel": "online", "reference": "E1"},
        expect=201,
    )
    assert (paid["principal"], paid["surcharge"]) == ("5000.00", "1500.00")
    assert (paid["case"]["status"], paid["case"]["surcharge_paid"]) == ("performed", "1500.00")
    frozen.move_to("2026-05-01 10:00 +0800")
    assert flow.case()["owed"]["total_owed"] == "0.00"  # nothing accrues after settlement
    assert flow.closed_and_archived("2026-05-06")["status"] == "archived"
    assert verify_case(Case.objects.get(pk=flow.case_id)) is None


def test_a_reminder_after_the_statutory_period_then_the_court_application(api_flow, frozen):
    """行政强制法 Art 54: 催告 once the review/litigation periods lapsed unused (6 months after
    service, 行政诉讼法 Art 46), the court 10 working days after the 催告 was served, within 3
    months (Art 53). Money recovered by the court settles the fine and the capped surcharge."""
    flow = api_flow
    flow.served()  # served 2026-03-17; the litigation period ends 2026-09-17
    before = _events(flow.case_id)
    early = flow.handler.post(f"{flow.case_id}/reminders", {"on": "2026-04-10"}, expect=409)
    assert early["code"] == "reminder_not_allowed"
    assert "2026-09-17" in early["message"]
    assert _events(flow.case_id) == before

    frozen.move_to("2026-09-21 10:00 +0800")
    reminder = flow.step(flow.handler, "reminders", {"on": "2026-09-21"}, expect=201)
    assert (reminder["served_on"], reminder["wait_until"]) == (None, None)
    unserved = flow.handler.post(
        f"{flow.case_id}/court-applications", {"on": "2026-09-21"}, expect=409
    )
    assert unserved["code"] == "reminder_not_served"  # 行政强制法 Arts 38, 54
    flow.serve(K.ENFORCEMENT_REMINDER, 203)  # 2026-09-21, in person (行政强制法 Art 38)
    wait_until = periods.add_working_days(date(2026, 9, 21), 10).date
    served = flow.case()["reminders"][-1]
    assert (served["served_on"], served["wait_until"]) == ("2026-09-21", wait_until.isoformat())
    assert (reminder["fine_owed"], reminder["surcharge_owed"]) == ("5000.00", "5000.00")  # cap
    assert reminder["case"]["status"] == "reminded"
    owed = flow.case()["owed"]
    assert owed["capped"] is True
    assert owed["total_owed"] == "10000.00"
    assert owed["court_window_ends"] == "2026-12-17"

    too_soon = flow.handler.post(
        f"{flow.case_id}/court-applications", {"on": wait_until.isoformat()}, expect=409
    )
    assert too_soon["code"] == "reminder_wait"
    day = periods.add_working_days(wait_until, 1).date
    frozen.move_to(f"{day} 10:00 +0800")
    application = flow.step(flow.handler, "court-applications", {"on": day.isoformat()}, 201)
    assert (application["stage"], application["window_ends_on"]) == ("applied", "2026-12-17")
    assert application["case"]["status"] == "court"
    progress = f"court-applications/{application['id']}/progress"
    flow.step(flow.leader, progress, {"stage": "accepted", "on": "2026-10-26"})
    flow.step(flow.leader, progress, {"stage": "ruled_enforce", "on": "2026-11-02"})
    executed = flow.step(
        flow.leader,
        progress,
        {
            "stage": "executed",
            "on": "2026-11-20",
            "court_case_number": "(2026)示执12号",
            "amount_recovered": "10000.00",
        },
    )
    assert (executed["stage"], executed["case"]["status"]) == ("executed", "performed")
    assert (executed["case"]["paid"], executed["case"]["surcharge_paid"]) == (
        "5000.00",
        "5000.00",
    )
    assert flow.closed_and_archived("2026-11-23")["status"] == "archived"
    kinds = [e["kind"] for e in flow.handler.get(f"{flow.case_id}/events")]
    assert kinds[-9:] == [
        "issue_reminder",
        "record_reminder_service",  # served through the delivery app (行政强制法 Art 35)
        "service_completed",
        "apply_to_court",
        "record_court_result",
        "record_court_result",
        "record_court_result",
        "close",
        "archive",
    ]
    assert verify_case(Case.objects.get(pk=flow.case_id)) is None
