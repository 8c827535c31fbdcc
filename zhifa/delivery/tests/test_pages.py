"""Staff pages of service (/delivery/case/<id>/): the documents to serve, the due date
(行政处罚法 Art 61: 7 working days after the decision), a form per mode, the consent."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from zhifa.cases.choices import CaseStatus
from zhifa.delivery.choices import ServiceStatus
from zhifa.delivery.models import Service, ServiceConsent
from zhifa.delivery.tests.conftest import PHONE, PNG, decided_with_decision
from zhifa.documents import actions as doc_actions
from zhifa.documents.choices import DocumentKind
from zhifa.documents.models import Document

pytestmark = pytest.mark.django_db


def _png(name: str = "回证.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_the_page_lists_the_documents_and_the_due_date(flow, clock):
    case, doc = decided_with_decision(flow)
    response = flow.handler.client().get(f"/delivery/case/{case.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert doc.number in html
    assert "决定书应于 <strong>2026-03-25</strong> 前送达" in html  # 7 working days after 16 March
    assert "尚未签订" in html
    for label in ("直接送达", "电子送达", "留置送达", "邮寄送达", "公告送达", "委托送达"):
        assert label in html


def test_an_officer_of_another_street_does_not_see_it(flow, clock, other_street_officer):
    case, _ = decided_with_decision(flow)
    assert other_street_officer.client().get(f"/delivery/case/{case.pk}/").status_code == 404


def test_recording_the_consent_then_starting_electronic_service(
    flow, clock, outbox, django_capture_on_commit_callbacks
):
    case, doc = decided_with_decision(flow)
    client = flow.handler.client()
    page = client.get(f"/delivery/case/{case.pk}/serve/{doc.pk}/electronic/")
    assert "不能电子送达" in page.content.decode()
    form = client.get(f"/delivery/case/{case.pk}/consent/").content.decode()
    assert 'type="date" name="signed_on" value="2026-03-16"' in form  # a date the browser reads
    # 行政处罚法 Art 61 ¶2: the party signs the 确认书 on the handler's tablet
    signature = doc_actions.capture_signature(
        case,
        actor=flow.handler.user,
        kind=DocumentKind.SERVICE_ADDRESS,
        role="party",
        name="王经理",
        png=PNG,
    )
    response = client.post(
        f"/delivery/case/{case.pk}/consent/",
        {
            "electronic": "on",
            "phone": PHONE,
            "address": "人民路12号",
            "signed_on": "2026-03-16",
            "signature": signature.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    consent = ServiceConsent.objects.get()
    assert consent.document is not None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/delivery/case/{case.pk}/serve/{doc.pk}/electronic/", {"channel": "sms"}
        )
    assert response.status_code == 302
    assert outbox.last()["to"] == PHONE
    html = client.get(f"/delivery/case/{case.pk}/").content.decode()
    assert "送达中" in html
    assert "重发链接" in html


def test_electronic_service_without_consent_is_refused_on_the_page(flow, clock):
    case, doc = decided_with_decision(flow)
    response = flow.handler.client().post(
        f"/delivery/case/{case.pk}/serve/{doc.pk}/electronic/", {"channel": "sms"}
    )
    assert response.status_code == 409  # a rule's refusal, as through the API
    assert "第六十一条第二款" in response.content.decode()
    assert not Service.objects.filter(document=doc).exists()


def test_in_person_with_a_photo_of_the_signed_receipt(flow, clock):
    case, doc = decided_with_decision(flow)
    client = flow.handler.client()
    response = client.post(
        f"/delivery/case/{case.pk}/serve/{doc.pk}/in_person/",
        {"served_on": "2026-03-16", "recipient": "王经理", "receipt_scan": _png()},
    )
    assert response.status_code == 302, response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SERVED
    html = client.get(f"/delivery/case/{case.pk}/").content.decode()
    assert "已送达 2026-03-16" in html
    # the completion made the 送达回证 (民事诉讼法 Art 87): the page links it, no button to make it
    service = Service.objects.get(document=doc)
    receipt = service.receipt
    assert receipt is not None
    assert receipt.kind == DocumentKind.SERVICE_RECEIPT
    assert receipt.event_id == service.completed_event_id
    assert f"送达回证 {receipt.number}" in html
    assert reverse("documents:download", args=[receipt.pk, "pdf"]) in html
    assert "制作送达回证" not in html
    # a second one for the same service is refused
    receipts = Document.objects.filter(case=case, kind=DocumentKind.SERVICE_RECEIPT).count()
    response = client.post(f"/delivery/service/{service.pk}/receipt/", follow=True)
    assert "该次送达已制作送达回证" in response.content.decode()
    service.refresh_from_db()
    assert service.receipt_id == receipt.pk
    assert Document.objects.filter(case=case, kind=DocumentKind.SERVICE_RECEIPT).count() == receipts


def test_lodging_with_photos(flow, clock):
    case, doc = decided_with_decision(flow)
    response = flow.handler.client().post(
        f"/delivery/case/{case.pk}/serve/{doc.pk}/lodging/",
        {
            "served_on": "2026-03-16",
            "address": "人民路12号",
            "refusal_note": "当事人拒绝签收",
            "photos": [_png("1.png"), _png("2.png")],
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert Service.objects.get(document=doc).photo_count == 2


def test_lodging_without_proof_shows_the_law(flow, clock):
    case, doc = decided_with_decision(flow)
    response = flow.handler.client().post(
        f"/delivery/case/{case.pk}/serve/{doc.pk}/lodging/",
        {"served_on": "2026-03-16", "address": "人民路12号", "refusal_note": "拒收"},
    )
    assert response.status_code == 422
    assert "第八十九条" in response.content.decode()


def test_postal_then_its_receipt(flow, clock):
    case, doc = decided_with_decision(flow)
    client = flow.handler.client()
    client.post(
        f"/delivery/case/{case.pk}/serve/{doc.pk}/postal/",
        {"tracking_number": "EA1", "posted_on": "2026-03-16", "address": "人民路12号"},
    )
    service = Service.objects.get(document=doc)
    clock.move_to("2026-03-19 10:00 +0800")
    response = client.post(
        f"/delivery/service/{service.pk}/postal-receipt/", {"received_on": "2026-03-18"}
    )
    assert response.status_code == 302, response.content.decode()
    case.refresh_from_db()
    assert case.served_on == date(2026, 3, 18)


def test_a_public_notice_completes_when_the_page_is_read(flow, clock):
    """民事诉讼法 Art 95: the hourly job completes it; reading the page does too."""
    case, doc = decided_with_decision(flow)
    client = flow.handler.client()
    client.post(
        f"/delivery/case/{case.pk}/serve/{doc.pk}/public_notice/",
        {"published_on": "2026-03-16", "place": "本机关公告栏", "whereabouts_unknown": "查无此人"},
    )
    assert "2026-04-15 视为送达" in client.get(f"/delivery/case/{case.pk}/").content.decode()
    clock.move_to("2026-04-15 09:00 +0800")
    assert flow.handler.client().get(f"/delivery/case/{case.pk}/").status_code == 200
    service = Service.objects.get(document=doc)
    assert service.status == ServiceStatus.SERVED
    assert service.served_on == date(2026, 4, 15)


def test_a_failed_attempt_from_the_page(flow, clock):
    case, doc = decided_with_decision(flow)
    client = flow.handler.client()
    client.post(
        f"/delivery/case/{case.pk}/serve/{doc.pk}/postal/",
        {"tracking_number": "EA1", "posted_on": "2026-03-16", "address": "人民路12号"},
    )
    service = Service.objects.get(document=doc)
    response = client.post(f"/delivery/service/{service.pk}/failure/", {"reason": "邮件退回"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == ServiceStatus.FAILED


def test_the_include_for_the_case_page(flow, clock):
    case, doc = decided_with_decision(flow)
    html = render_to_string("delivery/_case_services.html", {"case": case})
    assert 'id="delivery"' in html
    assert "2026-03-25" in html
    assert doc.number in html
    assert f"/delivery/case/{case.pk}/" in html


def test_auxiliary_staff_see_contacts_masked(flow, clock, auxiliary):
    """行政处罚法 Art 50: 辅助人员 see the party's contacts masked and not its access log."""
    from zhifa.delivery import actions

    case, _ = decided_with_decision(flow)
    actions.record_consent(
        case.party,
        actor=flow.handler.user,
        case=case,
        signed_on=date(2026, 3, 16),
        electronic=True,
        phone=PHONE,
        address="北京市东城区东华门街道某胡同5号",
    )
    html = auxiliary.client().get(f"/delivery/case/{case.pk}/").content.decode()
    assert PHONE not in html
    assert "138****5678" in html
    assert "某胡同" not in html
    assert PHONE in flow.handler.client().get(f"/delivery/case/{case.pk}/").content.decode()
