"""Performance of a decision: payment within 15 days (Art 67), deferral/instalments (Art 66),
the surcharge (Arts 72–73), 催告 (行政强制法 Arts 35, 54), court application (Art 53)."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import actions as case_actions
from zhifa.cases.audit import verify_case
from zhifa.cases.guards import GuardRefused
from zhifa.core.errors import InvalidInput
from zhifa.documents.choices import DocumentKind as K
from zhifa.performance import actions, selectors

pytestmark = pytest.mark.django_db

SERVED = date(2026, 3, 17)  # flow.served(): fine ¥5,000, payment due Apr 1


def test_late_payment_owes_the_surcharge_and_is_performed_when_paid_in_full(flow, frozen):
    case = flow.served()
    owed = selectors.balance(case, date(2026, 4, 11))
    assert (owed.unpaid_principal, owed.surcharge_owed) == (Decimal("5000"), Decimal("1500.00"))
    with pytest.raises(InvalidInput) as exc:
        actions.record_payment(
            case, actor=flow.handler.user, amount="7000", paid_on=date(2026, 4, 11), channel="bank"
        )
    assert exc.value.field == "amount"
    payment = actions.record_payment(
        case, actor=flow.handler.user, amount="5000", paid_on=date(2026, 4, 11), channel="bank"
    )
    assert (payment.principal, payment.surcharge) == (Decimal("5000"), Decimal("0"))
    case.refresh_from_db()
    assert case.status == "served"  # the surcharge is still owed
    actions.record_payment(
        case, actor=flow.handler.user, amount="1500", paid_on=date(2026, 4, 12), channel="online"
    )
    case.refresh_from_db()
    assert (case.status, case.paid, case.surcharge) == ("performed", 5000, 1500)


def test_an_approved_deferral_moves_the_due_date_and_the_surcharge(flow, frozen):
    """Art 66 ¶2: deferral for genuine hardship, approved by the bureau."""
    case = flow.served()
    plan = actions.request_payment_plan(
        case,
        actor=flow.handler.user,
        kind="deferral",
        reason="经营困难",
        on=date(2026, 3, 20),
        instalments=[(date(2026, 6, 30), Decimal("5000"))],
    )
    actions.decide_payment_plan(plan, actor=flow.leader.user, approve=True, on=date(2026, 3, 23))
    case.refresh_from_db()
    assert case.payment_due == date(2026, 6, 30)
    assert selectors.balance(case, date(2026, 6, 30)).surcharge_accrued == 0
    assert selectors.balance(case, date(2026, 7, 2)).surcharge_accrued == Decimal("300.00")


def test_instalments_must_add_up_to_the_fine(flow, frozen):
    case = flow.served()
    with pytest.raises(InvalidInput) as exc:
        actions.request_payment_plan(
            case,
            actor=flow.handler.user,
            kind="instalments",
            reason="困难",
            on=date(2026, 3, 20),
            instalments=[
                (date(2026, 4, 30), Decimal("2000")),
                (date(2026, 5, 31), Decimal("2000")),
            ],
        )
    assert exc.value.field == "instalments"


def test_a_refused_plan_leaves_the_due_date(flow, frozen):
    case = flow.served()
    plan = actions.request_payment_plan(
        case,
        actor=flow.handler.user,
        kind="deferral",
        reason="困难",
        on=date(2026, 3, 20),
        instalments=[(date(2026, 6, 30), Decimal("5000"))],
    )
    actions.decide_payment_plan(
        plan, actor=flow.leader.user, approve=False, note="理由不充分", on=date(2026, 3, 23)
    )
    case.refresh_from_db()
    assert case.payment_due == date(2026, 4, 1)


def test_a_review_pauses_the_surcharge_and_a_changed_decision_lowers_the_fine(flow, frozen):
    case = flow.served()
    remedy = case_actions.record_remedy(
        case,
        actor=flow.handler.user,
        kind="review",
        applied_on=date(2026, 4, 3),
        body="示范区人民政府",
    )
    case_actions.record_remedy_result(
        remedy,
        actor=flow.reviewer.user,
        result="changed",
        decided_on=date(2026, 5, 20),
        result_received_on=date(2026, 5, 20),
        new_fine=Decimal("3000"),
    )
    case.refresh_from_db()
    assert case.fine == Decimal("3000")
    assert case.decisions.count() == 2
    owed = selectors.balance(case, date(2026, 5, 22))
    # Overdue Apr 2 (1 day before the review), then May 21–22: 3 days × 3% × 3000.
    assert owed.surcharge_accrued == Decimal("270.00")


def test_a_revoked_decision_ends_the_obligation_and_the_case_closes(flow, frozen):
    case = flow.served()
    remedy = case_actions.record_remedy(
        case,
        actor=flow.handler.user,
        kind="litigation",
        applied_on=date(2026, 4, 3),
        body="示范区人民法院",
    )
    case_actions.record_remedy_result(
        remedy, actor=flow.leader.user, result="revoked", decided_on=date(2026, 8, 20)
    )
    case_actions.close_case(case, actor=flow.leader.user, on=date(2026, 8, 21))
    case.refresh_from_db()
    assert (case.status, case.closing_reason) == ("closed", "处罚决定被撤销")


# --- 催告 and the court (行政强制法 Arts 53–55) ------------------------------------------------


def test_the_reminder_waits_for_the_statutory_periods(flow, frozen):
    """6 months to sue after service (Mar 17 → Sep 17); 催告 only afterwards."""
    case = flow.served()
    with pytest.raises(GuardRefused) as exc:
        actions.issue_reminder(case, actor=flow.handler.user, on=date(2026, 9, 17))
    assert "2026-09-17 届满" in exc.value.message
    reminder = actions.issue_reminder(case, actor=flow.handler.user, on=date(2026, 9, 18))
    assert (reminder.served_on, reminder.wait_until) == (None, None)  # served through delivery
    flow.serve(K.ENFORCEMENT_REMINDER, date(2026, 9, 18))
    reminder.refresh_from_db()
    assert reminder.fine_owed == Decimal("5000")
    assert reminder.surcharge_owed == Decimal("5000.00")  # capped long ago
    # 10 working days: Sep 20 (a make-up Sunday), 21–24, 28–30 (25–27 Mid-Autumn), Oct 8, 9.
    assert reminder.wait_until == date(2026, 10, 9)


def test_the_court_application_waits_10_working_days_after_the_reminder(flow, frozen):
    case = flow.served()
    actions.issue_reminder(case, actor=flow.handler.user, on=date(2026, 9, 18))
    flow.serve(K.ENFORCEMENT_REMINDER, date(2026, 9, 18))
    with pytest.raises(GuardRefused) as exc:
        actions.apply_to_court(case, actor=flow.leader.user, on=date(2026, 10, 9))
    assert exc.value.code == "reminder_wait"
    application = actions.apply_to_court(case, actor=flow.leader.user, on=date(2026, 10, 10))
    assert application.window_ends_on == date(2026, 12, 17)  # 3 months after Sep 17


def test_the_court_window_closes_3_months_after_the_litigation_period(flow, frozen):
    case = flow.served()
    actions.issue_reminder(case, actor=flow.handler.user, on=date(2026, 12, 1))
    flow.serve(K.ENFORCEMENT_REMINDER, date(2026, 12, 1))
    with pytest.raises(GuardRefused) as exc:
        actions.apply_to_court(case, actor=flow.leader.user, on=date(2026, 12, 18))
    assert exc.value.code == "court_window_closed"


def test_money_recovered_by_the_court_performs_the_decision_and_the_case_closes(flow, frozen):
    case = flow.served()
    actions.issue_reminder(case, actor=flow.handler.user, on=date(2026, 9, 18))
    flow.serve(K.ENFORCEMENT_REMINDER, date(2026, 9, 18))  # 行政强制法 Art 38: served
    application = actions.apply_to_court(case, actor=flow.leader.user, on=date(2026, 10, 13))
    actions.record_court_result(
        application,
        actor=flow.leader.user,
        stage="accepted",
        on=date(2026, 10, 16),
        court_case_number="(2026)示0101行审1号",
    )
    actions.record_court_result(
        application, actor=flow.leader.user, stage="ruled_enforce", on=date(2026, 10, 23)
    )
    actions.record_court_result(
        application,
        actor=flow.leader.user,
        stage="executed",
        on=date(2026, 11, 20),
        amount_recovered=Decimal("10000"),
    )
    case.refresh_from_db()
    assert (case.status, case.paid, case.surcharge) == ("performed", 5000, 5000)
    case_actions.close_case(case, actor=flow.leader.user, on=date(2026, 11, 20))
    case.refresh_from_db()
    assert case.status == "closed"
    assert verify_case(case) is None
