"""What the handlers are told of their cases (issue 9 §2): the party stated or asked for a
hearing online, a service failed, a fine was paid, legal review returned the case — each a
notification linking to the case (or its 送达 page), to the handlers but not to the one who did
it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.tests.pages_helpers import at
from zhifa.core.models import Notification
from zhifa.documents.choices import DocumentKind as K
from zhifa.testing.review import returned
from zhifa.testing.service import in_force

pytestmark = pytest.mark.django_db


def _told(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind))


def test_a_statement_through_the_party_page_tells_both_handlers(
    flow, frozen, django_capture_on_commit_callbacks
):
    case = flow.notified()
    at(frozen, 9)
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_statement(
            case, actor=None, content="已恢复路面", received_on=flow.day + timedelta(days=9)
        )
    for persona in (flow.handler, flow.handler2):
        (note,) = _told(persona.user, "party_statement")
        assert case.number in note.title
        assert note.url == f"/cases/{case.pk}/"


def test_a_statement_recorded_by_staff_tells_nobody(
    flow, frozen, django_capture_on_commit_callbacks
):
    case = flow.notified()
    at(frozen, 9)
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_statement(
            case, actor=flow.handler.user, content="口头陈述", received_on=flow.day + timedelta(9)
        )
    assert not Notification.objects.filter(kind="party_statement").exists()


def test_a_returned_review_tells_the_handlers(flow, frozen, django_capture_on_commit_callbacks):
    case = flow.heard()
    at(frozen, 10)
    actions.submit_legal_review(case, actor=flow.handler.user, on=flow.day + timedelta(days=10))
    at(frozen, 11)
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_legal_review(
            flow.refresh(),
            actor=flow.reviewer.user,
            outcome="returned",
            opinion="挖掘面积证据不足，请补充勘验",
            checklist=returned(),
            on=flow.day + timedelta(days=11),
        )
    (note,) = _told(flow.handler.user, "review_returned")
    assert "挖掘面积证据不足" in note.title


def test_a_payment_tells_the_other_handler_not_the_one_who_recorded_it(
    flow, frozen, django_capture_on_commit_callbacks
):
    from zhifa.performance import actions as perf

    case = flow.served()
    at(frozen, 20)
    with django_capture_on_commit_callbacks(execute=True):
        perf.record_payment(
            case, actor=flow.handler.user, amount=Decimal("2000"), paid_on=date(2026, 3, 20),
            channel="bank",
        )  # fmt: skip
    assert _told(flow.handler.user, "payment_recorded") == []
    (note,) = _told(flow.handler2.user, "payment_recorded")
    assert "尚欠 ¥3,000.00" in note.title


def test_a_failed_service_tells_the_other_handler(flow, frozen, django_capture_on_commit_callbacks):
    from zhifa.delivery import actions as delivery

    flow.reported()
    at(frozen, 8)
    actions.notify_intended_penalty(
        flow.refresh(), actor=flow.handler.user, on=flow.day + timedelta(8)
    )
    doc = in_force(flow.refresh(), K.PRIOR_NOTICE)
    assert doc is not None
    posted = delivery.serve_by_post(
        doc, actor=flow.handler.user, tracking_number="EA1", posted_on=flow.day + timedelta(8),
        address="人民路12号",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        delivery.record_failure(posted, actor=flow.handler.user, reason="查无此人，邮件退回")
    (note,) = _told(flow.handler2.user, "service_failed")
    assert "查无此人" in note.title
    assert note.url == f"/delivery/case/{flow.case.pk}/"
