"""/api/v1/delivery/: the same actions as the pages, typed and documented. Refusals carry the
article (电子送达 without consent: 行政处罚法 Art 61 ¶2 → 409)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhifa.cases.models import CaseEvent
from zhifa.core.actions import create_api_token
from zhifa.delivery.models import Service
from zhifa.delivery.tests.conftest import PHONE, PNG, decided_with_decision
from zhifa.documents import actions as doc_actions
from zhifa.documents.choices import DocumentKind

pytestmark = pytest.mark.django_db
BASE = "/api/v1/delivery/"


def _client(persona) -> Client:
    _, raw = create_api_token(persona.user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_postal_service_and_its_receipt(flow, clock):
    """民事诉讼法 Art 91: served on the date on the receipt."""
    case, doc = decided_with_decision(flow)
    api = _client(flow.handler)
    body = {"tracking_number": "EA1", "posted_on": "2026-03-16", "address": "人民路12号"}
    started = api.post(f"{BASE}documents/{doc.pk}/postal", body, content_type="application/json")
    assert started.status_code == 201, started.content.decode()
    assert started.json()["status"] == "pending"
    sid = started.json()["id"]
    done = api.post(
        f"{BASE}services/{sid}/postal-receipt",
        {"received_on": "2026-03-16"},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content.decode()
    assert done.json()["served_on"] == "2026-03-16"
    assert done.json()["proof"]["receipt_on"] == "2026-03-16"
    # the 送达回证 is made by the completion itself (民事诉讼法 Art 87)
    receipt = Service.objects.get(pk=sid).receipt
    assert receipt is not None
    assert receipt.kind == DocumentKind.SERVICE_RECEIPT
    assert done.json()["receipt_number"] == receipt.number
    listing = api.get(f"{BASE}cases/{case.pk}/services").json()
    assert listing["service_due"]["due_on"] == "2026-03-25"
    assert listing["service_due"]["met_on"] == "2026-03-16"
    # the prior notice's service (in person, by the flow) is listed too
    assert [s["mode"] for s in listing["services"] if s["document_id"] == doc.pk] == ["postal"]


def test_electronic_service_is_refused_without_consent(flow, clock):
    _case, doc = decided_with_decision(flow)
    response = _client(flow.handler).post(
        f"{BASE}documents/{doc.pk}/electronic", {}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "no_consent"


def test_consent_then_electronic_service(flow, clock, outbox, django_capture_on_commit_callbacks):
    case, doc = decided_with_decision(flow)
    api = _client(flow.handler)
    # 行政处罚法 Art 61 ¶2: the party signs the 确认书 (here on the handler's tablet)
    signature = doc_actions.capture_signature(
        case,
        actor=flow.handler.user,
        kind=DocumentKind.SERVICE_ADDRESS,
        role="party",
        name="王经理",
        png=PNG,
    )
    consent = api.post(
        f"{BASE}cases/{case.pk}/consents",
        {
            "signed_on": "2026-03-16",
            "electronic": True,
            "phone": PHONE,
            "signature_id": signature.pk,
        },
        content_type="application/json",
    )
    assert consent.status_code == 201, consent.content.decode()
    assert "送确字" in consent.json()["document_number"]
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(
            f"{BASE}documents/{doc.pk}/electronic",
            {"channel": "sms"},
            content_type="application/json",
        )
    assert started.status_code == 201, started.content.decode()
    assert started.json()["proof"]["channel"] == "sms"
    assert outbox.last()["to"] == PHONE
    refused = api.post(
        f"{BASE}documents/{doc.pk}/electronic",
        {"channel": "email"},
        content_type="application/json",
    )
    assert refused.status_code == 409


def test_lodging_with_photos_as_multipart(flow, clock):
    _case, doc = decided_with_decision(flow)
    response = _client(flow.handler).post(
        f"{BASE}documents/{doc.pk}/lodging",
        {
            "served_on": "2026-03-16",
            "address": "人民路12号",
            "refusal_note": "拒收",
            "photos": [SimpleUploadedFile("1.png", PNG, content_type="image/png")],
        },
    )
    assert response.status_code == 201, response.content.decode()
    assert response.json()["proof"]["photos"] == 1


def test_public_notice_and_the_deemed_date(flow, clock):
    _case, doc = decided_with_decision(flow)
    response = _client(flow.handler).post(
        f"{BASE}documents/{doc.pk}/public-notice",
        {"published_on": "2026-03-16", "place": "公告栏", "whereabouts_unknown": "查无此人"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["proof"]["deemed_on"] == "2026-04-15"


def test_a_case_out_of_scope_is_404(flow, clock, other_street_officer):
    case, doc = decided_with_decision(flow)
    api = _client(other_street_officer)
    assert api.get(f"{BASE}cases/{case.pk}/services").status_code == 404
    response = api.post(
        f"{BASE}documents/{doc.pk}/in-person",
        {"served_on": "2026-03-16"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_in_person_without_proof_is_422(flow, clock):
    case, doc = decided_with_decision(flow)
    events = CaseEvent.objects.filter(case=case).count()
    response = _client(flow.handler).post(
        f"{BASE}documents/{doc.pk}/in-person",
        {"served_on": "2026-03-16"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["field"] == "signature"
    assert not Service.objects.filter(document=doc).exists()  # nothing was written
    assert CaseEvent.objects.filter(case=case).count() == events


def test_the_endpoints_are_documented(db):
    schema = Client().get("/api/v1/openapi.json").json()
    paths = [p for p in schema["paths"] if p.startswith(BASE)]
    assert len(paths) >= 10
    assert "送达" in str(schema["paths"][f"{BASE}documents/{{document_id}}/electronic"])
