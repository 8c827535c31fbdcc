"""Service dates by mode (民事诉讼法 Arts 87–95, applied by 行政处罚法 Art 61) and the periods that
run from them: 15 days to pay (Art 67), the statement and hearing periods after the prior notice
(Arts 44, 64), the 10 working days after a 催告书 (行政强制法 Art 54). A service date may fall on a
holiday; a calendar-day period ending on a rest day ends on the next working day (民事诉讼法
Art 85 ¶3)."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.calendar import periods
from zhifa.cases import actions as case_actions
from zhifa.cases.choices import CaseStatus
from zhifa.cases.models import CaseEvent, EvidenceFile, PriorNotice
from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.delivery import actions, rules, selectors
from zhifa.delivery.choices import ServiceStatus
from zhifa.delivery.models import Service
from zhifa.delivery.tests.conftest import PNG, decided_with_decision, issue, photo
from zhifa.documents import actions as doc_actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.models import Document
from zhifa.performance import actions as perf
from zhifa.performance import selectors as perf_selectors
from zhifa.testing.service import in_force

UNKNOWN = "经户籍地、经营场所查找，当事人已搬离，电话停机，下落不明"

pytestmark = pytest.mark.django_db


def _decided_on(flow, clock, decided: date) -> tuple[object, Document]:
    """A case decided on ``decided`` (the flow decides on its 14th day) with its decision."""
    flow.day = date.fromordinal(decided.toordinal() - 14)
    clock.move_to(f"{decided.isoformat()} 17:00 +0800")
    return decided_with_decision(flow)


def test_in_person_on_a_holiday_is_served_that_day(flow, clock):
    """Art 87: the signature date on the receipt is the service date — 2 October 2026 (国庆) is
    a service date like any other. The 15 days to pay end on Saturday 17 October, so they end
    on Monday 19 October (Art 85 ¶3). The service deadline (7 working days after the decision
    of 28 September, Art 61) was 13 October and is met."""
    case, doc = _decided_on(flow, clock, date(2026, 9, 28))
    signature = doc_actions.capture_signature(
        flow.refresh(),
        actor=flow.handler.user,
        kind=K.SERVICE_RECEIPT,
        role="party",
        name="王经理",
        png=PNG,
    )
    clock.move_to("2026-10-02 10:00 +0800")
    service = actions.serve_in_person(
        doc, actor=flow.handler.user, served_on=date(2026, 10, 2), signature=signature
    )
    case = flow.refresh()
    assert service.served_on == date(2026, 10, 2)
    assert not periods.is_working_day(date(2026, 10, 2))
    assert case.status == CaseStatus.SERVED
    assert case.served_on == date(2026, 10, 2)
    assert case.payment_due == date(2026, 10, 19)
    due = selectors.service_due(case)
    assert due is not None
    assert (due.due_on, due.met_on) == (date(2026, 10, 13), date(2026, 10, 2))
    # the completion made the 送达回证, the recipient's signature on it (Art 87)
    receipt = service.receipt
    assert receipt is not None
    assert receipt.kind == K.SERVICE_RECEIPT
    assert receipt.number
    assert receipt.event_id == service.completed_event_id
    assert receipt.context["extra"]["served_on"] == "2026-10-02"
    signature.refresh_from_db()
    assert signature.document_id == receipt.pk
    with pytest.raises(DomainError) as again:
        actions.issue_receipt(service, actor=flow.handler.user)
    assert again.value.code == "receipt_exists"


def test_public_notice_is_deemed_served_thirty_days_later_even_on_a_holiday(flow, clock):
    """Art 95: published 1 September 2026 → served 1 October 2026 (国庆): the deemed date stands;
    the 15 days to pay then run to Friday 16 October, a working day."""
    case, doc = _decided_on(flow, clock, date(2026, 8, 31))
    clock.move_to("2026-09-01 10:00 +0800")
    service = actions.serve_by_public_notice(
        doc,
        actor=flow.handler.user,
        published_on=date(2026, 9, 1),
        place="本机关公告栏及政府网站",
        whereabouts_unknown=UNKNOWN,
    )
    assert service.deemed_on == date(2026, 10, 1) == rules.deemed_served_on(date(2026, 9, 1))
    assert service.status == ServiceStatus.PENDING
    clock.move_to("2026-09-30 23:00 +0800")
    assert actions.complete_due_public_notices() == 0
    assert flow.refresh().status == CaseStatus.DECIDED
    clock.move_to("2026-10-01 01:00 +0800")
    assert actions.complete_due_public_notices() == 1
    service.refresh_from_db()
    case = flow.refresh()
    assert service.served_on == date(2026, 10, 1)
    assert case.served_on == date(2026, 10, 1)
    assert case.payment_due == date(2026, 10, 16)
    assert actions.complete_due_public_notices() == 0  # idempotent


def test_a_backdated_public_notice_completes_at_once(flow, clock):
    _case, doc = _decided_on(flow, clock, date(2026, 8, 31))
    clock.move_to("2026-10-09 10:00 +0800")
    service = actions.serve_by_public_notice(
        doc,
        actor=flow.handler.user,
        published_on=date(2026, 9, 1),
        place="公告栏",
        whereabouts_unknown=UNKNOWN,
    )
    assert service.status == ServiceStatus.SERVED
    assert service.served_on == date(2026, 10, 1)


def test_postal_service_completes_on_the_date_on_the_receipt(flow, clock):
    """Art 91: the receipt's date of receipt is the service date (19 March 2026); payment is due
    15 days later, Friday 3 April."""
    case, doc = decided_with_decision(flow)
    service = actions.serve_by_post(
        doc,
        actor=flow.handler.user,
        tracking_number="EA123456789CN",
        posted_on=date(2026, 3, 16),
        address="示范区人民路12号",
    )
    assert flow.refresh().status == CaseStatus.DECIDED
    clock.move_to("2026-03-20 10:00 +0800")
    with pytest.raises(InvalidInput):
        actions.record_postal_receipt(
            service, actor=flow.handler.user, received_on=date(2026, 3, 15)
        )
    with pytest.raises(InvalidInput):
        actions.record_postal_receipt(
            service, actor=flow.handler.user, received_on=date(2026, 3, 21)
        )
    actions.record_postal_receipt(service, actor=flow.handler.user, received_on=date(2026, 3, 19))
    case = flow.refresh()
    assert case.served_on == date(2026, 3, 19)
    assert case.payment_due == date(2026, 4, 3)
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds[-3:] == ["service_started", "record_service", "service_completed"]


def test_lodging_needs_a_witness_or_a_photo(flow, clock):
    """Art 89: refusal noted; a witness signs, or the lodging is photographed or filmed."""
    _case, doc = decided_with_decision(flow)
    base = {
        "served_on": date(2026, 3, 16),
        "address": "示范区人民路12号",
        "refusal_note": "拒绝签收",
    }
    with pytest.raises(InvalidInput) as refused:
        actions.serve_by_lodging(doc, actor=flow.handler.user, **base)
    assert "第八十九条" in refused.value.message
    service = actions.serve_by_lodging(doc, actor=flow.handler.user, photos=[photo()], **base)
    assert service.served_on == date(2026, 3, 16)
    assert EvidenceFile.objects.filter(event=service.completed_event).count() == 1
    assert flow.refresh().served_on == date(2026, 3, 16)


def test_lodging_with_witnesses_only(flow, clock):
    _case, doc = decided_with_decision(flow)
    service = actions.serve_by_lodging(
        doc,
        actor=flow.handler.user,
        served_on=date(2026, 3, 16),
        address="人民路12号",
        refusal_note="当事人拒收",
        witnesses=["社区主任 李明", " "],
    )
    assert service.witnesses == "社区主任 李明"


def test_in_person_needs_proof_and_a_refusal_is_lodging(flow, clock):
    """Art 87: the signed receipt is the proof; a refusal to sign is lodging (Art 89)."""
    _case, doc = decided_with_decision(flow)
    with pytest.raises(InvalidInput) as no_proof:
        actions.serve_in_person(doc, actor=flow.handler.user, served_on=date(2026, 3, 16))
    assert no_proof.value.code == "proof_required"
    refusal = doc_actions.capture_signature(
        flow.refresh(),
        actor=flow.handler.user,
        kind=K.SERVICE_RECEIPT,
        role="party",
        name="王经理",
        refused=True,
        refusal_note="拒绝签字",
    )
    with pytest.raises(InvalidInput) as refused:
        actions.serve_in_person(
            doc, actor=flow.handler.user, served_on=date(2026, 3, 16), signature=refusal
        )
    assert refused.value.code == "refused_use_lodging"


def test_entrusted_service_on_the_date_signed(flow, clock):
    _case, doc = decided_with_decision(flow)
    service = actions.serve_by_entrustment(
        doc,
        actor=flow.handler.user,
        entrusted_body="示范区东城街道办事处",
        served_on=date(2026, 3, 16),
    )
    assert service.served_on == date(2026, 3, 16)
    assert flow.refresh().status == CaseStatus.SERVED


def test_the_prior_notice_served_by_post_restarts_the_statement_period(flow, clock):
    """Arts 44, 64: the statement and hearing periods run from the day the notice reached the
    party (received 12 March → 5 working days → 19 March). The notice is made by the notify
    step and not yet served (not ``flow.notified()``, which serves it in person)."""
    flow.reported()
    case_actions.notify_intended_penalty(
        flow.refresh(), actor=flow.handler.user, on=date(2026, 3, 10)
    )
    case = flow.refresh()
    doc = in_force(case, K.PRIOR_NOTICE)
    assert doc is not None
    assert not Service.objects.filter(document=doc).exists()
    assert PriorNotice.objects.get(case=case).statement_due is None  # runs from the service
    service = actions.serve_by_post(
        doc,
        actor=flow.handler.user,
        tracking_number="EA1",
        posted_on=date(2026, 3, 10),
        address="人民路12号",
    )
    actions.record_postal_receipt(service, actor=flow.handler.user, received_on=date(2026, 3, 12))
    notice = PriorNotice.objects.get(case=case)
    assert notice.served_on == date(2026, 3, 12)
    assert notice.statement_due == date(2026, 3, 19)


def test_the_reminder_served_by_post_starts_the_ten_working_days(flow, clock):
    """行政强制法 Art 54: the court may be asked 10 working days after the 催告书 is served."""
    flow.day = date(2025, 3, 3)
    clock.move_to("2025-03-18 17:00 +0800")
    case = flow.served()
    end = perf_selectors.statutory_period_end(case)
    assert end is not None
    on = date.fromordinal(end.toordinal() + 1)
    clock.move_to(f"{on.isoformat()} 17:00 +0800")
    perf.issue_reminder(flow.refresh(), actor=flow.handler.user, on=on)
    doc = issue(flow, K.ENFORCEMENT_REMINDER, on)
    service = actions.serve_by_post(
        doc, actor=flow.handler.user, tracking_number="EA2", posted_on=on, address="人民路12号"
    )
    received = date.fromordinal(on.toordinal() + 4)
    clock.move_to(f"{received.isoformat()} 17:00 +0800")
    actions.record_postal_receipt(service, actor=flow.handler.user, received_on=received)
    reminder = flow.refresh().reminders.get()
    assert reminder.served_on == received
    assert reminder.wait_until == periods.add_working_days(received, 10).date


def test_a_served_document_is_not_served_again(flow, clock):
    _case, doc = decided_with_decision(flow)
    pending = actions.serve_by_post(
        doc,
        actor=flow.handler.user,
        tracking_number="EA3",
        posted_on=date(2026, 3, 16),
        address="人民路12号",
    )
    actions.serve_by_entrustment(
        doc, actor=flow.handler.user, entrusted_body="东城街道办事处", served_on=date(2026, 3, 16)
    )
    pending.refresh_from_db()
    assert pending.status == ServiceStatus.FAILED
    assert "已于 2026-03-16 委托送达" in pending.failure_reason
    with pytest.raises(DomainError) as again:
        actions.serve_by_entrustment(
            doc,
            actor=flow.handler.user,
            entrusted_body="东城街道办事处",
            served_on=date(2026, 3, 16),
        )
    assert again.value.code == "already_served"


def test_only_documents_for_the_party_are_served(flow, clock):
    flow.decided()
    report = issue(flow, K.INVESTIGATION_REPORT, date(2026, 3, 9))
    with pytest.raises(DomainError) as refused:
        actions.serve_by_entrustment(
            report, actor=flow.handler.user, entrusted_body="街道", served_on=date(2026, 3, 16)
        )
    assert refused.value.code == "not_served_kind"


def test_a_corrected_document_is_not_served(flow, clock):
    _case, doc = decided_with_decision(flow)
    doc_actions.issue_document(
        flow.refresh(),
        K.PENALTY_DECISION,
        actor=flow.handler.user,
        on=date(2026, 3, 16),
        corrects=doc,
    )
    with pytest.raises(DomainError) as refused:
        actions.serve_by_entrustment(
            doc, actor=flow.handler.user, entrusted_body="街道", served_on=date(2026, 3, 16)
        )
    assert refused.value.code == "corrected"


def test_the_decision_is_served_by_its_handlers_or_a_leader(
    flow, clock, leader, other_street_officer
):
    """Service of a decision is the handlers' or a leader's step (the case table); an officer of
    another street may serve nothing here."""
    _case, doc = decided_with_decision(flow)
    with pytest.raises(NotAllowed):
        actions.serve_by_entrustment(
            doc, actor=other_street_officer.user, entrusted_body="街道", served_on=date(2026, 3, 16)
        )
    assert not Service.objects.filter(document=doc).exists()
    actions.serve_by_entrustment(
        doc, actor=leader.user, entrusted_body="街道", served_on=date(2026, 3, 16)
    )
    assert Service.objects.filter(document=doc).count() == 1


def test_a_failed_attempt_is_recorded(flow, clock):
    case, doc = decided_with_decision(flow)
    service = actions.serve_by_post(
        doc,
        actor=flow.handler.user,
        tracking_number="EA4",
        posted_on=date(2026, 3, 16),
        address="人民路12号",
    )
    actions.record_failure(service, actor=flow.handler.user, reason="查无此人，邮件退回")
    service.refresh_from_db()
    assert service.status == ServiceStatus.FAILED
    assert CaseEvent.objects.filter(case=case, kind="service_failed").exists()
    with pytest.raises(DomainError):
        actions.record_postal_receipt(
            service, actor=flow.handler.user, received_on=date(2026, 3, 16)
        )


def test_service_before_issue_or_in_the_future_is_refused(flow, clock):
    _case, doc = decided_with_decision(flow)
    for day in (date(2026, 3, 15), date(2026, 3, 17)):
        with pytest.raises(InvalidInput):
            actions.serve_by_entrustment(
                doc, actor=flow.handler.user, entrusted_body="街道", served_on=day
            )


def test_a_notice_served_by_public_notice_is_answered_once_deemed_served(flow, clock):
    """民事诉讼法 Art 95, 行政处罚法 Arts 44, 64(1): published on 10 March, the notice is deemed
    served 30 days later; before that the party's periods have not begun, so a waiver is
    refused, and they run from the deemed day. The notice is the notify step's, not yet served
    (not ``flow.notified()``, which serves it in person)."""
    flow.reported()
    case_actions.notify_intended_penalty(
        flow.refresh(), actor=flow.handler.user, on=date(2026, 3, 10)
    )
    doc = in_force(flow.refresh(), K.PRIOR_NOTICE)
    assert doc is not None
    clock.move_to("2026-03-10 10:00 +0800")
    service = actions.serve_by_public_notice(
        doc,
        actor=flow.handler.user,
        published_on=date(2026, 3, 10),
        place="公告栏",
        whereabouts_unknown=UNKNOWN,
    )
    clock.move_to("2026-03-11 10:00 +0800")
    with pytest.raises(DomainError) as refused:
        case_actions.waive_statement(flow.refresh(), actor=flow.handler.user, on=date(2026, 3, 11))
    assert refused.value.code == "notice_not_served"
    clock.move_to("2026-04-09 10:00 +0800")
    assert actions.complete_due_public_notices() == 1
    service.refresh_from_db()
    event = service.completed_event
    assert event is not None
    assert event.payload["case_step"] == "record_notice_service"
    notice = PriorNotice.objects.get(case=flow.case)
    assert notice.served_on == date(2026, 4, 9)
    assert notice.statement_due == date(2026, 4, 16)  # 5 working days after Thursday 9 April
