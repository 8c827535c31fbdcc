"""The public verification page /v/<code>: what identifies the document and its digests, never
the party (行政处罚法 Art 50)."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from zhifa.documents import actions, verify
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.tests.conftest import day, pdf_text, stored
from zhifa.parties.masking import mask_id_number, mask_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(flow, frozen):
    case = flow.decided()
    return actions.issue_document(case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(14))


def test_the_document_carries_its_code_and_link(decision):
    text = pdf_text(stored(decision))
    assert verify.display(decision.verify_code) in text
    assert f"/v/{decision.verify_code}" in text
    assert len(decision.verify_code) == 8
    assert set(decision.verify_code) <= set(verify.ALPHABET)


def test_the_public_page_shows_number_kind_date_bureau_and_digests(decision):
    response = Client().get(f"/v/{decision.verify_code}")
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (decision.number, "行政处罚决定书", "2026年3月16日", "示范区城市管理委员会"):
        assert shown in page
    assert decision.pdf_sm3 in page
    assert decision.pdf_sha256 in page


def test_the_public_page_shows_no_personal_data(decision):
    party = decision.case.party
    page = Client().get(f"/v/{decision.verify_code}").content.decode()
    for private in (
        party.name,
        mask_name(party.name),
        party.id_number,
        mask_id_number(party.id_number),
        party.address,
        party.legal_representative,
        decision.case.number,
        decision.case.facts,
        "张伟",  # the officers
    ):
        assert private not in page, private
    assert set(verify.public_record(decision)) == {
        "number", "title", "issued_on", "bureau", "rendered", "pages", "pdf_sm3", "pdf_sha256",
        "pdf_size",
        "verify_code", "corrected_by", "corrected_on", "corrects",
    }  # fmt: skip


def test_the_code_is_read_forgivingly_and_an_unknown_one_is_not_found(decision):
    code = decision.verify_code
    assert Client().get(f"/v/{code[:4].lower()}-{code[4:]}").status_code == 200
    response = Client().get("/v/ABCD2345")
    assert response.status_code == 404
    assert "未找到" in response.content.decode()


def test_a_visitor_can_compare_a_pdf(decision):
    client = Client()
    original = io.BytesIO(stored(decision))
    original.name = "copy.pdf"
    page = client.post(f"/v/{decision.verify_code}", {"file": original}).content.decode()
    assert 'id="match"' in page
    forged = io.BytesIO(stored(decision) + b"%%forged")
    forged.name = "copy.pdf"
    page = client.post(f"/v/{decision.verify_code}", {"file": forged}).content.decode()
    assert 'id="mismatch"' in page


def test_a_corrected_document_says_so(decision, flow):
    new = actions.issue_document(
        decision.case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(15), corrects=decision
    )
    page = Client().get(f"/v/{decision.verify_code}").content.decode()
    assert f"本文书已被 {new.number} 更正" in page
    page = Client().get(f"/v/{new.verify_code}").content.decode()
    assert f"本文书更正 {decision.number}" in page
