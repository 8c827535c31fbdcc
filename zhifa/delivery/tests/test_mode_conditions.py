"""When a mode may be used at all: 公告送达 only after a failed attempt on record or a stated
reason that the party cannot be found (民事诉讼法 Art 95); 电子送达 only on a 送达地址确认书 the
party signed (or whose signed paper was scanned) consenting to it (行政处罚法 Art 61 ¶2).

Each rule: one parametrized test over every disallowed state, refused the same way by the
action, the API and the page, with nothing written."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from zhifa.cases.models import CaseEvent
from zhifa.core.actions import create_api_token
from zhifa.core.errors import DomainError
from zhifa.delivery import actions
from zhifa.delivery.choices import ServiceMode, ServiceStatus
from zhifa.delivery.models import PartyLink, Service
from zhifa.delivery.tests.conftest import PHONE, PNG, consent, decided_with_decision
from zhifa.documents import actions as doc_actions
from zhifa.documents.choices import DocumentKind

pytestmark = pytest.mark.django_db
API = "/api/v1/delivery/documents/{}/"
PAGE = "/delivery/case/{}/serve/{}/{}/"


def _api(persona: Any) -> Client:
    _, raw = create_api_token(persona.user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _counts() -> tuple[int, int, int]:
    return Service.objects.count(), CaseEvent.objects.count(), PartyLink.objects.count()


# --- 公告送达: 民事诉讼法 Art 95 -------------------------------------------------------------


def _nothing_tried(flow: Any, doc: Any) -> None:
    return None


def _postal_still_pending(flow: Any, doc: Any) -> None:
    """A letter posted and not yet back: no failure on record yet."""
    actions.serve_by_post(
        doc,
        actor=flow.handler.user,
        tracking_number="EA100",
        posted_on=date(2026, 3, 16),
        address="人民路12号",
    )


def _other_document_failed(flow: Any, doc: Any) -> None:
    """A failed attempt for another document of the case does not count for this one."""
    other = doc_actions.issue_document(
        flow.refresh(), DocumentKind.PRIOR_NOTICE, actor=flow.handler.user, on=date(2026, 3, 16)
    )
    started = actions.serve_by_post(
        other,
        actor=flow.handler.user,
        tracking_number="EA200",
        posted_on=date(2026, 3, 16),
        address="人民路12号",
    )
    actions.record_failure(started, actor=flow.handler.user, reason="查无此人，邮件退回")


@pytest.mark.parametrize(
    "before",
    [_nothing_tried, _postal_still_pending, _other_document_failed],
    ids=["no_attempt", "attempt_pending", "another_document_failed"],
)
@pytest.mark.parametrize("through", ["action", "api", "page"])
def test_public_notice_needs_a_failed_attempt_or_the_party_not_found(
    flow, clock, before: Callable[[Any, Any], None], through: str
):
    """民事诉讼法 Art 95: 受送达人下落不明，或者用其他方式无法送达的，公告送达 — refused (422,
    field whereabouts_unknown) without a failed service of this document and without a stated
    reason; nothing is written."""
    case, doc = decided_with_decision(flow)
    before(flow, doc)
    counts = _counts()
    body = {"published_on": "2026-03-16", "place": "本机关公告栏", "whereabouts_unknown": "  "}
    if through == "action":
        with pytest.raises(DomainError) as refused:
            actions.serve_by_public_notice(
                doc, actor=flow.handler.user, published_on=date(2026, 3, 16), place="本机关公告栏"
            )
        assert refused.value.status == 422
        assert refused.value.code == "public_notice_not_allowed"
        assert refused.value.field == "whereabouts_unknown"
        message = refused.value.message
    elif through == "api":
        response = _api(flow.handler).post(
            API.format(doc.pk) + "public-notice", body, content_type="application/json"
        )
        assert response.status_code == 422, response.content.decode()
        assert response.json()["field"] == "whereabouts_unknown"
        message = response.json()["message"]
    else:
        response = flow.handler.client().post(PAGE.format(case.pk, doc.pk, "public_notice"), body)
        assert response.status_code == 422
        message = response.content.decode()
    assert "民事诉讼法第九十五条" in message
    assert "受送达人下落不明的情况" in message
    assert _counts() == counts
    assert not doc.services.filter(mode=ServiceMode.PUBLIC_NOTICE).exists()


def test_public_notice_after_a_failed_attempt_names_it(flow, clock):
    """The failed postal attempt is the basis kept in the record and on the 送达回证."""
    _case, doc = decided_with_decision(flow)
    posted = actions.serve_by_post(
        doc,
        actor=flow.handler.user,
        tracking_number="EA300",
        posted_on=date(2026, 3, 16),
        address="人民路12号",
    )
    actions.record_failure(posted, actor=flow.handler.user, reason="查无此人，邮件退回")
    service = actions.serve_by_public_notice(
        doc, actor=flow.handler.user, published_on=date(2026, 3, 16), place="本机关公告栏"
    )
    assert service.status == ServiceStatus.PENDING
    assert service.started_event is not None
    assert service.started_event.payload["basis"] == "邮寄送达未能送达：查无此人，邮件退回"


def test_public_notice_with_the_party_not_found(flow, clock):
    """A stated reason (下落不明) suffices without an earlier attempt; the 送达回证 repeats it."""
    _case, doc = decided_with_decision(flow)
    response = _api(flow.handler).post(
        API.format(doc.pk) + "public-notice",
        {
            "published_on": "2026-03-16",
            "place": "本机关公告栏",
            "whereabouts_unknown": "经营场所已关闭，电话停机，下落不明",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content.decode()
    service = Service.objects.get(pk=response.json()["id"])
    assert service.status == ServiceStatus.PENDING
    clock.move_to("2026-04-15 09:00 +0800")
    assert actions.complete_due_public_notices() == 1
    service.refresh_from_db()
    assert service.served_on == date(2026, 4, 15)
    assert service.whereabouts_unknown == "经营场所已关闭，电话停机，下落不明"
    assert service.started_event is not None
    assert service.started_event.payload["basis"].startswith("受送达人下落不明：")
    # the completion on the deemed date made the 送达回证 (民事诉讼法 Art 87)
    assert service.receipt is not None
    assert service.receipt.kind == DocumentKind.SERVICE_RECEIPT
    assert service.receipt.event_id == service.completed_event_id
    assert "下落不明" in service.receipt.context["extra"]["note"]


# --- 电子送达: 行政处罚法 Art 61 ¶2 -------------------------------------------------------------


def _no_consent(flow: Any) -> None:
    return None


def _consent_without_electronic(flow: Any) -> None:
    consent(flow, date(2026, 3, 16), electronic=False)


def _consent_not_signed(flow: Any) -> None:
    """The 确认书 issued in the case, but the party never signed it."""
    consent(flow, date(2026, 3, 16), signed=False)


def _consent_signature_refused(flow: Any) -> None:
    """The party refused to sign the 确认书: no consent at all."""
    case = flow.refresh()
    refusal = doc_actions.capture_signature(
        case,
        actor=flow.handler.user,
        kind=DocumentKind.SERVICE_ADDRESS,
        role="party",
        name="王经理",
        refused=True,
        refusal_note="当事人拒绝签署",
    )
    actions.record_consent(
        case.party,
        actor=flow.handler.user,
        case=case,
        signed_on=date(2026, 3, 16),
        electronic=True,
        phone=PHONE,
        signature=refusal,
    )


def _consent_superseded_by_refusal(flow: Any) -> None:
    """A signed consent, then a later 确认书 withdrawing electronic service."""
    consent(flow, date(2026, 3, 10))
    consent(flow, date(2026, 3, 16), electronic=False)


@pytest.mark.parametrize(
    ("before", "code"),
    [
        (_no_consent, "no_consent"),
        (_consent_without_electronic, "no_consent"),
        (_consent_not_signed, "consent_not_signed"),
        (_consent_signature_refused, "consent_not_signed"),
        (_consent_superseded_by_refusal, "no_consent"),
    ],
    ids=["none", "not_electronic", "unsigned", "signature_refused", "withdrawn"],
)
@pytest.mark.parametrize("through", ["action", "api", "page"])
def test_electronic_service_needs_a_signed_consent(
    flow, clock, outbox, before: Callable[[Any], None], code: str, through: str
):
    """行政处罚法 Art 61 ¶2: 当事人同意并签订确认书的，可以电子送达 — refused (409) in every
    other state; no service, no link, no event."""
    case, doc = decided_with_decision(flow)
    before(flow)
    counts = _counts()
    if through == "action":
        with pytest.raises(DomainError) as refused:
            actions.start_electronic_service(doc, actor=flow.handler.user)
        assert refused.value.status == 409
        assert refused.value.code == code
        message = refused.value.message
    elif through == "api":
        response = _api(flow.handler).post(
            API.format(doc.pk) + "electronic", {}, content_type="application/json"
        )
        assert response.status_code == 409, response.content.decode()
        assert response.json()["code"] == code
        message = response.json()["message"]
    else:
        response = flow.handler.client().post(
            PAGE.format(case.pk, doc.pk, "electronic"), {"channel": "sms"}
        )
        assert response.status_code == 409
        message = response.content.decode()
    assert "行政处罚法第六十一条第二款" in message
    assert _counts() == counts
    assert outbox.messages() == []


@pytest.mark.parametrize("signed_by", ["signature", "scan"])
def test_electronic_service_on_a_signed_or_scanned_consent(flow, clock, outbox, signed_by):
    """Signed on the tablet (the case's 确认书) or on paper, scanned (the party's general one)."""
    _case, doc = decided_with_decision(flow)
    if signed_by == "signature":
        row = consent(flow, date(2026, 3, 16))
    else:
        row = actions.record_consent(
            flow.refresh().party,
            actor=flow.handler.user,
            signed_on=date(2026, 3, 1),
            electronic=True,
            phone=PHONE,
            scan=io.BytesIO(PNG),
        )
    service = actions.start_electronic_service(doc, actor=flow.handler.user)
    assert service.consent == row
    assert service.status == ServiceStatus.PENDING
    assert PartyLink.objects.filter(service=service).count() == 1
