"""The case is not closed (nor archived) while its file lacks a served 送达回证: every document
addressed to the party (decision, prior notice, 催告书…) still in force needs a completed
service and its receipt (民事诉讼法 Art 87; 行政处罚法 Art 61) — ``delivery.checks``, registered
in ``workflow.CLOSING_CHECKS`` and ``ARCHIVING_CHECKS``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from zhifa.cases import actions as case_actions
from zhifa.cases.choices import CaseStatus
from zhifa.cases.guards import GuardRefused
from zhifa.cases.models import CaseEvent
from zhifa.cases.tests.pages_helpers import post_step
from zhifa.cases.workflow import ARCHIVING_CHECKS, CLOSING_CHECKS
from zhifa.core.actions import create_api_token
from zhifa.core.errors import DomainError
from zhifa.delivery import actions
from zhifa.delivery.checks import file_service_problems, missing_service
from zhifa.delivery.models import Service
from zhifa.delivery.tests.conftest import PNG, decided_with_decision, issue
from zhifa.documents import actions as doc_actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.performance import actions as perf

pytestmark = pytest.mark.django_db
SERVED_ON = date(2026, 3, 16)


def _serve(flow: Any, doc: Any) -> Service:
    signature = doc_actions.capture_signature(
        flow.refresh(),
        actor=flow.handler.user,
        kind=K.SERVICE_RECEIPT,
        role="party",
        name="王经理",
        png=PNG,
    )
    return actions.serve_in_person(
        doc, actor=flow.handler.user, served_on=SERVED_ON, signature=signature
    )


def _performed(flow: Any) -> tuple[Any, Any, Service]:
    """Decision issued, served in person on 16 March (its 送达回证 made by the completion), the
    fine paid: only the file is left."""
    _case, doc = decided_with_decision(flow)
    service = _serve(flow, doc)
    assert service.receipt is not None
    assert service.receipt.kind == K.SERVICE_RECEIPT
    assert service.receipt.event_id == service.completed_event_id
    perf.record_payment(
        flow.refresh(), actor=flow.handler.user, amount="5000", paid_on=SERVED_ON, channel="bank"
    )
    assert flow.refresh().status == CaseStatus.PERFORMED
    return flow.refresh(), doc, service


def _no_receipt(flow: Any, doc: Any, service: Service) -> str:
    """A service recorded before completion made the 送达回证 (an old record): served, and no
    receipt in the file."""
    Service.objects.filter(pk=service.pk).update(receipt=None)
    return f"《行政处罚决定书》{doc.number}已送达，尚未制作送达回证"


def _notice_never_served(flow: Any, doc: Any, service: Service) -> str:
    notice = issue(flow, K.PRIOR_NOTICE, SERVED_ON)
    return f"《{notice.get_kind_display()}》{notice.number}尚未送达"


def _service_failed(flow: Any, doc: Any, service: Service) -> str:
    """An attempt that failed is no service."""
    other = issue(flow, K.CORRECTION_ORDER, SERVED_ON)
    posted = actions.serve_by_post(
        other, actor=flow.handler.user, tracking_number="EA1", posted_on=SERVED_ON, address="x"
    )
    actions.record_failure(posted, actor=flow.handler.user, reason="查无此人，邮件退回")
    return f"《{other.get_kind_display()}》{other.number}尚未送达"


STATES = [_no_receipt, _notice_never_served, _service_failed]
IDS = ["served_without_receipt", "document_never_served", "attempt_failed"]


def test_the_check_is_registered_for_closing_and_archiving():
    assert file_service_problems in CLOSING_CHECKS
    assert file_service_problems in ARCHIVING_CHECKS


@pytest.mark.parametrize("state", STATES, ids=IDS)
@pytest.mark.parametrize("through", ["action", "api", "page"])
def test_closing_needs_every_served_document_with_its_receipt(
    flow, clock, state: Callable[[Any, Any, Service], str], through: str
):
    """民事诉讼法 Art 87: refused (409), listing what is missing; nothing written."""
    case, doc, service = _performed(flow)
    missing = state(flow, doc, service)
    case = flow.refresh()
    events = CaseEvent.objects.filter(case=case).count()
    if through == "action":
        with pytest.raises(GuardRefused) as refused:
            case_actions.close_case(case, actor=flow.leader.user, on=SERVED_ON)
        assert refused.value.code == "service_receipt_missing"
        message = refused.value.message
    elif through == "api":
        _, raw = create_api_token(flow.leader.user)
        response = Client(headers={"Authorization": f"Bearer {raw}"}).post(
            f"/api/v1/cases/{case.pk}/close",
            {"on": SERVED_ON.isoformat(), "version": case.version},
            content_type="application/json",
        )
        assert response.status_code == 409, response.content.decode()
        assert response.json()["code"] == "service_receipt_missing"
        message = response.json()["message"]
    else:
        response = post_step(flow.leader.client(), case, "close", {"on": SERVED_ON.isoformat()})
        assert response.status_code == 409
        message = response.content.decode()
    assert missing in message
    assert "民事诉讼法第八十七条" in message
    case.refresh_from_db()
    assert case.status == CaseStatus.PERFORMED
    assert CaseEvent.objects.filter(case=case).count() == events


def test_with_every_receipt_in_the_file_it_closes_and_archives(flow, clock):
    """A corrected document needs no service of its own: its correction is what is served."""
    case, _doc, _service = _performed(flow)
    order = issue(flow, K.CORRECTION_ORDER, SERVED_ON)
    corrected = doc_actions.issue_document(
        flow.refresh(), K.CORRECTION_ORDER, actor=flow.handler.user, on=SERVED_ON, corrects=order
    )
    assert missing_service(case.pk) == [
        f"《{corrected.get_kind_display()}》{corrected.number}尚未送达"
    ]
    served = _serve(flow, corrected)
    assert served.receipt is not None  # made by the completion (民事诉讼法 Art 87)
    assert missing_service(case.pk) == []
    case_actions.close_case(flow.refresh(), actor=flow.leader.user, on=SERVED_ON)
    case_actions.archive_case(flow.refresh(), actor=flow.leader.user, on=SERVED_ON)
    assert flow.refresh().status == CaseStatus.ARCHIVED


def test_an_old_service_without_its_receipt_gets_it_by_hand(flow, clock):
    """``issue_receipt`` is left for services recorded before completion made the 送达回证:
    it makes the missing one and the case closes; a service that has one is refused another."""
    case, doc, service = _performed(flow)
    with pytest.raises(DomainError) as again:
        actions.issue_receipt(service, actor=flow.handler.user)
    assert again.value.code == "receipt_exists"
    missing = _no_receipt(flow, doc, service)
    assert missing_service(case.pk) == [missing]
    receipt = actions.issue_receipt(Service.objects.get(pk=service.pk), actor=flow.handler.user)
    assert receipt.kind == K.SERVICE_RECEIPT
    assert receipt.number
    assert Service.objects.get(pk=service.pk).receipt_id == receipt.pk
    assert missing_service(case.pk) == []
    case_actions.close_case(flow.refresh(), actor=flow.leader.user, on=SERVED_ON)
    assert flow.refresh().status == CaseStatus.CLOSED
