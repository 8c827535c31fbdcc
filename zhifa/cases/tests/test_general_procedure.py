"""The general procedure (普通程序) end to end through the actions."""

from datetime import timedelta
from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.audit import verify_case
from zhifa.cases.choices import CaseStatus
from zhifa.cases.models import CaseDeadline
from zhifa.documents.choices import DocumentKind as K
from zhifa.testing.review import checklist, returned

pytestmark = pytest.mark.django_db


def test_a_penalty_case_walks_from_clue_to_archive(flow, frozen):
    case = flow.served()
    assert case.status == CaseStatus.SERVED
    assert case.payment_due == flow.day + timedelta(days=30)  # served +15 days (Art 67)
    from zhifa.performance.actions import record_payment

    record_payment(
        case,
        actor=flow.handler.user,
        amount=Decimal("5000"),
        paid_on=case.payment_due,
        channel="bank",
        reference="FS2026001",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.PERFORMED
    actions.close_case(case, actor=flow.leader.user, on=case.payment_due)
    actions.archive_case(case, actor=flow.leader.user, on=case.payment_due)
    case.refresh_from_db()
    assert case.status == CaseStatus.ARCHIVED
    assert case.legal_review_done
    assert case.paid == Decimal("5000")
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        "register_clue",
        "request_filing",
        "approve_filing",
        "submit_report",
        "notify",
        "record_notice_service",  # served through the delivery app (Arts 44, 62)
        "service_completed",  # … with its 送达回证 (民事诉讼法 Art 87)
        "waive_statement",
        "submit_legal_review",
        "pass_legal_review",
        "decide",
        "record_service",
        "service_completed",
        "record_payment",
        "close",
        "archive",
    ]
    assert verify_case(case) is None
    open_clocks = CaseDeadline.objects.filter(case=case, met_on__isnull=True, cancelled=False)
    assert not open_clocks.exists()
    # 归档 freezes the record: nothing can be appended afterwards, not even by a job.
    from zhifa.cases.models.events import ImmutableRecord
    from zhifa.cases.record import append_event

    with pytest.raises(ImmutableRecord, match="已归档"):
        append_event(case, "deadline_missed", actor=None)


def test_a_no_penalty_decision_needs_no_notice_and_closes_once_served(flow, frozen):
    """Art 33 ¶1 首违不罚: no prior notice (Art 44 concerns penalties); legal review still
    applies under the bureau's rule; the decision is served, then the case closes."""
    case = flow.reported(outcome="no_penalty")
    actions.submit_legal_review(case, actor=flow.handler.user, on=flow.day + timedelta(days=8))
    actions.record_legal_review(
        case,
        actor=flow.reviewer.user,
        outcome="passed",
        opinion="符合首违不罚条件",
        checklist=checklist(),
        on=flow.day + timedelta(days=9),
    )
    decision = actions.decide(
        case, actor=flow.leader.user, education_given=True, on=flow.day + timedelta(days=10)
    )
    assert decision.outcome == "no_penalty"
    assert decision.no_penalty_reason == "first_minor"
    assert "不罚字" in decision.number
    flow.serve(K.NO_PENALTY_DECISION, flow.day + timedelta(days=11))
    actions.close_case(case, actor=flow.leader.user, on=flow.day + timedelta(days=11))
    case.refresh_from_db()
    assert (case.status, case.fine, case.closing_reason) == ("closed", None, "不予处罚决定已送达")


def test_a_transfer_is_decided_and_closed_without_service(flow, frozen):
    """Art 57 ¶1(4): transferred to the judicial organs."""
    from django.test import override_settings

    case = flow.reported(outcome="transfer")
    assert not case.requires_legal_review
    with override_settings():
        decision = actions.decide(case, actor=flow.leader.user, on=flow.day + timedelta(days=8))
    assert (decision.outcome, decision.transfer_to) == ("transfer", "示范区公安分局")
    actions.close_case(case, actor=flow.leader.user, on=flow.day + timedelta(days=8))
    case.refresh_from_db()
    assert case.status == "closed"


def test_a_hearing_is_offered_requested_noticed_held_and_then_reviewed(flow, frozen, bureau):
    """Art 63: a fine above the local threshold (organisation > ¥50,000) → hearing rights;
    request within 5 WD (Art 64(1)); notice ≥ 7 WD before (Art 64(2)); a hearing held makes
    legal review required (Art 58 ¶1(2))."""
    from zhifa.testing import factories as f

    flow.item = flow.item.__class__.objects.get(code="RQ-001")  # 无证燃气经营 ¥50k–500k
    flow.fine = Decimal("150000")  # inside the 一般 band ¥100,000–200,000
    flow.kinds = ["fine", "confiscate_gains"]
    case = flow.notified()
    assert case.hearing_offered
    notice = case.notices.get()
    assert notice.hearing_request_due == flow.day + timedelta(days=15)  # 5 WD after the 10th
    hearing = actions.request_hearing(
        case, actor=flow.handler.user, requested_on=flow.day + timedelta(days=12)
    )
    host = f.OfficerFactory(unit=bureau, name="主持人")
    actions.schedule_hearing(
        case,
        actor=flow.leader.user,
        notified_on=flow.day + timedelta(days=14),
        hearing_on=flow.day + timedelta(days=25),
        place="区城管委听证室",
        host=host,
    )
    actions.record_hearing(
        case,
        actor=flow.leader.user,
        held_on=flow.day + timedelta(days=25),
        minutes="当事人陈述其已停止经营……",
    )
    case.refresh_from_db()
    assert case.hearing_held
    assert case.requires_legal_review
    hearing.refresh_from_db()
    assert hearing.concluded


def test_legal_review_can_return_the_case_for_more_investigation(flow, frozen):
    case = flow.heard()
    actions.submit_legal_review(case, actor=flow.handler.user, on=flow.day + timedelta(days=10))
    actions.record_legal_review(
        case,
        actor=flow.reviewer.user,
        outcome="returned",
        opinion="挖掘面积证据不足，请补充现场勘验笔录",
        checklist=returned(),
        on=flow.day + timedelta(days=11),
    )
    case.refresh_from_db()
    assert (case.status, case.legal_review_done) == ("investigating", False)
    # More investigation, a new report, a new notice: the cycle starts again.
    actions.submit_report(
        case,
        actor=flow.handler.user,
        findings="补充勘验：挖掘面积15平方米",
        outcome="penalty",
        fine=Decimal("6000"),
        penalty_kinds=["fine"],
        discretion_level="general",
        on=flow.day + timedelta(days=15),
    )
    assert case.proposals.count() == 2
