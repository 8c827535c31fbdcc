"""The scans and photos of service are checked by content as the case's evidence is
(core.uploads): the signed 确认书's scan (PDF, PNG or JPEG), the 送达回证's photo, the photos of
a lodging (留置送达) — on the pages and through the API."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.core.tests.test_uploads import PDF, WINDOWS_EXE
from zhifa.delivery.models import Service, ServiceConsent
from zhifa.delivery.tests.conftest import PHONE, PNG, decided_with_decision
from zhifa.delivery.tests.test_api import BASE, _client

pytestmark = pytest.mark.django_db


def test_a_program_sent_as_the_consent_scan_is_refused_on_the_page(flow, clock):
    case, _doc = decided_with_decision(flow)
    response = flow.handler.client().post(
        f"/delivery/case/{case.pk}/consent/",
        {
            "electronic": "on",
            "phone": PHONE,
            "signed_on": "2026-03-16",
            "all_cases": "on",
            "scan": SimpleUploadedFile("确认书.pdf", WINDOWS_EXE, "application/pdf"),
        },
    )
    assert response.status_code == 422
    refused = "签署件扫描件 (PDF/PNG/JPEG)：「确认书.pdf」的内容不是允许的类型"
    assert f"{refused}（检测为Windows 可执行程序）" in response.content.decode()
    assert not ServiceConsent.objects.exists()


def test_the_consent_scan_is_kept_under_its_digest_and_detected_type(flow, clock):
    case, _doc = decided_with_decision(flow)
    response = flow.handler.client().post(
        f"/delivery/case/{case.pk}/consent/",
        {
            "electronic": "on",
            "phone": PHONE,
            "signed_on": "2026-03-16",
            "all_cases": "on",
            "scan": SimpleUploadedFile("确认书.jpg", PNG, "image/jpeg"),
        },
    )
    assert response.status_code == 302, response.content.decode()
    row = ServiceConsent.objects.get()
    digest = hashlib.sha256(PNG).hexdigest()
    assert row.scan_sha256 == digest
    assert row.scan.name == f"consents/{digest}.png"


def test_the_consent_scan_opens_only_to_those_who_see_the_party_whole_and_is_audited(
    flow, clock, auxiliary
):
    """The signed 确认书 carries the party's signature, address and contacts whole: auxiliary
    staff (masked data, 行政处罚法 Art 50) get 403; a handler's opening is an audit row."""
    from zhifa.security.choices import EventKind
    from zhifa.security.models import SecurityEvent

    case, _doc = decided_with_decision(flow)
    flow.handler.client().post(
        f"/delivery/case/{case.pk}/consent/",
        {
            "electronic": "on",
            "phone": PHONE,
            "signed_on": "2026-03-16",
            "all_cases": "on",
            "scan": SimpleUploadedFile("确认书.png", PNG, "image/png"),
        },
    )
    row = ServiceConsent.objects.get()
    url = f"/delivery/consent/{row.pk}/scan/"
    assert auxiliary.client().get(url).status_code == 403
    opened = flow.handler.client().get(url)
    assert opened.status_code == 200
    assert opened["Cache-Control"] == "private, no-store"
    audit = SecurityEvent.objects.get(kind=EventKind.DOCUMENT_DOWNLOADED)
    assert (audit.actor_id, audit.detail["kind"]) == (flow.handler.user.pk, "consent_scan")


def test_a_pdf_is_not_a_photo_of_a_lodging_through_the_api(flow, clock):
    _case, doc = decided_with_decision(flow)
    response = _client(flow.handler).post(
        f"{BASE}documents/{doc.pk}/lodging",
        {
            "served_on": "2026-03-16",
            "address": "人民路12号",
            "refusal_note": "拒收",
            "photos": [SimpleUploadedFile("1.jpg", PDF, content_type="image/jpeg")],
        },
    )
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "photos"
    assert body["message"].startswith("拍照、录像：「1.jpg」的内容不是允许的类型（检测为PDF 文档）")
    assert not Service.objects.filter(document=doc).exists()


def test_a_program_is_not_a_receipt_on_the_in_person_page(flow, clock):
    case, doc = decided_with_decision(flow)
    response = flow.handler.client().post(
        f"/delivery/case/{case.pk}/serve/{doc.pk}/in_person/",
        {
            "served_on": "2026-03-16",
            "recipient": "王经理",
            "receipt_scan": SimpleUploadedFile("回证.png", WINDOWS_EXE, "image/png"),
        },
    )
    assert response.status_code == 422
    assert (
        "已签收的送达回证照片/扫描件：「回证.png」的内容不是允许的类型" in response.content.decode()
    )
    assert not Service.objects.filter(document=doc).exists()
