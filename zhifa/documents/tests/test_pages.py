"""The staff pages: a case's documents, issuing, downloads, signature capture, the court
package button — each only for those who may see the case."""

from __future__ import annotations

import base64

import pytest
from django.template import Context, Template
from django.test import Client

from zhifa.documents import actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.models import Document, Signature
from zhifa.documents.tests.conftest import PHOTO, day

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(flow, frozen):
    case = flow.decided()
    return actions.issue_document(case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(14))


def test_the_case_documents_page_lists_documents_and_what_can_be_made(issued, handler):
    page = handler.client().get(f"/documents/case/{issued.case_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert issued.number in html
    assert f"/documents/{issued.pk}/pdf/" in html
    assert f"/documents/{issued.pk}/docx/" in html
    assert f"/documents/case/{issued.case_id}/issue/legal_review/" in html  # 制作文书
    assert "尚未催告" in html  # kinds not yet possible, with the reason


def test_downloads_check_who_may_see_the_case(
    issued, handler, other_street_officer, street_officer
):
    pdf = handler.client().get(f"/documents/{issued.pk}/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    word = handler.client().get(f"/documents/{issued.pk}/docx/")
    assert word.status_code == 200
    assert "attachment" in word["Content-Disposition"]
    assert street_officer.client().get(f"/documents/{issued.pk}/pdf/").status_code == 200
    assert other_street_officer.client().get(f"/documents/{issued.pk}/pdf/").status_code == 404
    assert (
        other_street_officer.client().get(f"/documents/case/{issued.case_id}/").status_code == 404
    )
    assert Client().get(f"/documents/{issued.pk}/pdf/").status_code == 302  # to the login


def test_a_document_is_issued_from_its_page(flow, frozen, handler):
    case = flow.filed()
    url = f"/documents/case/{case.pk}/issue/correction_order/"
    assert "改正期限" in handler.client().get(url).content.decode()
    response = handler.client().post(url, {"deadline": "2026-03-20", "requirement": "恢复路面"})
    assert response.status_code == 302
    doc = Document.objects.get(kind=K.CORRECTION_ORDER)
    assert doc.context["extra"] == {"deadline": "2026-03-20", "requirement": "恢复路面"}


def test_a_refused_issue_is_shown_on_the_page(flow, frozen, handler):
    case = flow.filed()
    response = handler.client().post(f"/documents/case/{case.pk}/issue/penalty_decision/", {})
    assert response.status_code == 422
    assert "尚未作出相应的决定" in response.content.decode()
    assert not Document.objects.exclude(kind=K.FILING_APPROVAL).exists()  # the filing step's only


def test_a_draft_preview_takes_no_number(flow, frozen, handler):
    case = flow.filed()
    response = handler.client().post(f"/documents/case/{case.pk}/preview/correction_order/", {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert not Document.objects.exclude(kind=K.FILING_APPROVAL).exists()  # the filing step's only


def test_a_correction_from_the_page(issued, leader):
    response = leader.client().post(f"/documents/{issued.pk}/correct/")
    assert response.status_code == 302
    assert issued.corrections.count() == 1
    html = leader.client().get(f"/documents/case/{issued.case_id}/").content.decode()
    assert f"已被 {issued.corrections.get().number} 更正" in html


def test_a_signature_is_drawn_on_the_phone_page(flow, frozen, handler):
    case = flow.filed()
    url = f"/documents/case/{case.pk}/sign/"
    page = handler.client().get(url + "?kind=correction_order").content.decode()
    assert 'id="sign-pad"' in page
    assert "documents/sign.js" in page
    assert "<script>" not in page  # no inline script (CSP)
    data = "data:image/png;base64," + base64.b64encode(PHOTO).decode()
    response = handler.client().post(
        url, {"kind": "correction_order", "role": "party", "name": "王经理", "image": data}
    )
    assert response.status_code == 302
    sig = Signature.objects.get()
    assert (sig.name, sig.refused, len(sig.image_sha256)) == ("王经理", False, 64)
    assert handler.client().get(f"/documents/signature/{sig.pk}/").status_code == 200
    form = handler.client().get(f"/documents/case/{case.pk}/issue/correction_order/")
    assert "王经理" in form.content.decode()  # offered for placing on the document


def test_a_refusal_to_sign_is_recorded_on_the_page(flow, frozen, handler):
    case = flow.filed()
    url = f"/documents/case/{case.pk}/sign/"
    bad = handler.client().post(url, {"kind": "correction_order", "role": "party", "name": "王"})
    assert bad.status_code == 422
    assert "请在签名区域内签名" in bad.content.decode()
    handler.client().post(
        url,
        {"kind": "correction_order", "role": "party", "name": "王", "refused": "on",
         "refusal_note": "拒绝签名，已录像"},
    )  # fmt: skip
    assert Signature.objects.get().refused


def test_the_case_page_can_include_the_documents_section(issued, rf, handler):
    html = Template('{% include "documents/_case_documents.html" %}').render(
        Context({"case": issued.case})
    )
    assert 'id="documents"' in html
    assert issued.number in html


def test_the_home_page_shows_my_recent_documents(issued, leader):
    html = leader.client().get("/").content.decode()
    assert 'id="panel-documents"' in html
    assert issued.number in html
