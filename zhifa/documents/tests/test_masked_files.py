"""Least privilege (docs/adr/0012): a document's files carry the party's data whole, as served
on the party. Staff who see the party masked on the pages (auxiliary staff) see each document's
number, kind and date, never its files: the PDF, the Word file, the 80 mm slip, a draft, the
court package are refused with the reason, and the refusal is in the security audit log."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.record import Place
from zhifa.documents import actions as doc_actions
from zhifa.documents.access import FILES_REFUSED
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.tests.conftest import day
from zhifa.parties.tests.conftest import ID18
from zhifa.security.choices import EventKind, Outcome
from zhifa.security.models import SecurityEvent
from zhifa.testing import parties as pf

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
ADDRESS = "北京市东城区东华门街道南池子大街1号"


@pytest.fixture
def decision(handler, handler2, items, east_street, frozen, quick_pdf):
    """An on-the-spot decision against a natural person, its PDF and 80 mm slip rendered."""
    person = pf.person(
        name="王小明", id_number=ID18, phone=PHONE, address=ADDRESS, street=east_street
    )
    made = actions.decide_on_the_spot(
        actor=handler.user, co_handler=handler2.officer, violation_item=items["spit"],
        party=person, facts="在地铁站口随地吐痰", place=Place("人民路地铁站口"),
        street=east_street, act_on=day(-1),
        penalty_kinds=["fine"], fine=Decimal("50"), party_signed=True, on=day(0),
    )  # fmt: skip
    doc = doc_actions.issue_document(
        made.case, K.ON_THE_SPOT_DECISION, actor=handler.user, on=day(0)
    )
    assert doc.render_state == "rendered"
    return doc


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("fmt", ["pdf", "docx", "roll"])
def test_auxiliary_staff_get_the_documents_metadata_not_its_file(auxiliary, decision, fmt):
    response = auxiliary.client().get(f"/documents/{decision.pk}/{fmt}/")
    body = _body(response)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    text = body.decode()
    assert FILES_REFUSED in text
    assert decision.number in text
    for secret in (ID18, PHONE, ADDRESS, "南池子"):
        assert secret not in text


def test_the_refusal_is_in_the_security_audit_log(auxiliary, decision):
    auxiliary.client().get(f"/documents/{decision.pk}/pdf/")
    event = SecurityEvent.objects.filter(kind=EventKind.DOCUMENT_DOWNLOADED).latest("seq")
    assert (event.outcome, event.actor) == (Outcome.DENIED, auxiliary.user)
    assert event.detail["reason"] == "personal_data_masked"


def test_auxiliary_staff_get_no_print_page_and_no_draft(auxiliary, decision):
    client = auxiliary.client()
    assert client.get(f"/documents/{decision.pk}/print/").status_code == 403
    preview = client.post(f"/documents/case/{decision.case_id}/preview/{K.FILE_NOTE}/")
    assert preview.status_code == 403
    assert not _body(preview).startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["handler", "street_officer"])
def test_those_who_see_the_party_whole_download_the_file(request, decision, persona):
    who = request.getfixturevalue(persona)
    response = who.client().get(f"/documents/{decision.pk}/pdf/")
    assert response.status_code == 200
    assert _body(response).startswith(b"%PDF")
