"""Issuing: the 文号, the record, freezing, corrections, signatures, who may issue what."""

from __future__ import annotations

import hashlib

import pytest
from django.db import DatabaseError, connection, transaction

from zhifa.cases.audit import verify_case
from zhifa.cases.models import CaseEvent, EvidenceFile
from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.documents import actions, availability
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.contexts import digest
from zhifa.documents.models import Document, FrozenDocument, Signature
from zhifa.documents.renderer import render_pending
from zhifa.documents.tests.conftest import PHOTO, day, pdf_text, stored

pytestmark = pytest.mark.django_db
PNG = PHOTO


def test_it_numbers_each_kind_per_year_without_gaps(flow, frozen):
    case = flow.filed()
    numbers = [
        actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1)).number
        for _ in range(3)
    ]
    assert numbers == [f"示范城管责改字〔2026〕第{n}号" for n in (1, 2, 3)]
    other = actions.issue_document(case, K.SERVICE_ADDRESS, actor=flow.handler.user, on=day(1))
    assert other.number == "示范城管送确字〔2026〕第1号"


def test_a_refusal_gives_the_number_back(flow, frozen):
    """A document the case cannot support (no transcript yet) is refused inside the transaction:
    nothing is written, no number is consumed."""
    case = flow.filed()
    events, documents = case.event_count, Document.objects.count()
    with pytest.raises(DomainError):
        actions.issue_document(case, K.SITE_INSPECTION, actor=flow.handler.user, on=day(1))
    assert Document.objects.count() == documents
    case.refresh_from_db()
    assert case.event_count == events
    doc = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    assert doc.number == "示范城管责改字〔2026〕第1号"
    case.refresh_from_db()
    assert case.event_count == events + 2  # issue_document, then document_rendered


def test_the_decision_document_carries_the_decisions_own_number(flow, frozen):
    """The decide step reserved it in its transaction (the step's event); 制作 returns it."""
    case = flow.decided()
    decision = case.decisions.get()
    made = Document.objects.get(case=case, kind=K.PENALTY_DECISION)
    assert made.number == decision.number == "示范城管罚决字〔2026〕第1号"
    assert CaseEvent.objects.get(pk=made.event_id).kind == "decide"
    assert made.render_state == "pending"  # rendered after the step's commit
    doc = actions.issue_document(case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(14))
    assert doc.pk == made.pk
    assert doc.render_state == "rendered"
    assert Document.objects.filter(kind=K.PENALTY_DECISION).count() == 1


def test_the_context_digest_is_in_the_case_chain_and_the_pdf_is_evidence_of_its_render(
    flow, frozen
):
    case = flow.filed()
    doc = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    event = CaseEvent.objects.get(pk=doc.event_id)
    assert event.kind == "issue_document"
    assert event.payload["number"] == doc.number
    assert event.payload["context_sha256"] == doc.context_sha256 == digest(doc.context)
    render_row = doc.rendered()
    rendered = CaseEvent.objects.get(pk=render_row.event_id)
    assert rendered.kind == "document_rendered"
    assert rendered.seq == event.seq + 1
    assert rendered.payload["context_sha256"] == doc.context_sha256
    evidence = EvidenceFile.objects.get(event=rendered)
    data = stored(doc)
    assert evidence.file.name == doc.pdf.name  # one file: the download is the evidence
    assert (evidence.sha256, evidence.sm3) == (doc.pdf_sha256, doc.pdf_sm3)
    assert render_row.pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert render_row.pages == doc.pages == 1
    case.refresh_from_db()
    assert case.chain_head_sm3 == rendered.digest_sm3
    assert verify_case(case) is None


def test_an_issued_document_is_frozen(flow, frozen):
    case = flow.filed()
    doc = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    doc.number = "改过的文号"
    with pytest.raises(FrozenDocument):
        doc.save()
    with pytest.raises(FrozenDocument):
        Document.objects.filter(pk=doc.pk).update(context_sha256="0" * 64)
    with pytest.raises(FrozenDocument):
        doc.rendered().delete()
    with pytest.raises(FrozenDocument):
        doc.delete()
    with pytest.raises(FrozenDocument):
        Document.objects.filter(pk=doc.pk).delete()


def test_the_database_refuses_to_change_an_issued_document(flow, frozen):
    """Even a stray SQL statement (the trigger of migration 0003)."""
    case = flow.filed()
    doc = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE documents_document SET context_sha256 = %s WHERE id = %s", ["0" * 64, doc.pk]
        )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE documents_documentrender SET pdf_sha256 = %s WHERE document_id = %s",
            ["0" * 64, doc.pk],
        )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM documents_documentrender WHERE document_id = %s", [doc.pk])
    assert Document.objects.get(pk=doc.pk).context_sha256 == doc.context_sha256
    assert Document.objects.get(pk=doc.pk).pdf_sha256 == doc.pdf_sha256


def test_a_correction_is_a_new_numbered_document_and_the_old_one_shows_it(flow, frozen):
    case = flow.decided()
    old = actions.issue_document(case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(14))
    new = actions.issue_document(
        case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(15), corrects=old
    )
    assert new.number == "示范城管罚决字〔2026〕第2号"  # the decision sequence: no duplicate
    assert new.corrects == old
    assert old.corrections.get() == new
    assert f"本文书更正本机关{'2026年3月16日'}制发的行政处罚决定书（{old.number}）" in pdf_text(
        stored(new)
    )
    with pytest.raises(DomainError) as exc:
        actions.issue_document(
            case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(15), corrects=old
        )
    assert exc.value.code == "already_corrected"
    case.refresh_from_db()
    assert verify_case(case) is None


def test_a_correction_must_be_of_the_same_kind_and_case(flow, frozen):
    case = flow.filed()
    order = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    with pytest.raises(InvalidInput):
        actions.issue_document(
            case, K.SERVICE_ADDRESS, actor=flow.handler.user, on=day(1), corrects=order
        )


def test_signatures_and_refusals_are_placed_on_the_document(flow, frozen):
    case = flow.filed()
    party = actions.capture_signature(
        case, actor=flow.handler.user, kind=K.CORRECTION_ORDER, role="party",
        name=case.party.name, png=PNG,
    )  # fmt: skip
    assert len(party.image_sha256) == 64
    doc = actions.issue_document(
        case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1), signatures=[party]
    )
    party.refresh_from_db()
    assert party.document == doc
    assert doc.context["signatures"][0]["sha256"] == party.image_sha256
    assert b"/Subtype /Image" in stored(doc)  # the signature image is in the PDF
    with pytest.raises(InvalidInput):  # a signature goes on one document only
        actions.issue_document(
            case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1), signatures=[party]
        )
    refusal = actions.capture_signature(
        case, actor=flow.handler.user, kind=K.SERVICE_ADDRESS, role="party",
        name=case.party.name, refused=True, refusal_note="拒绝签名，已录像",
    )  # fmt: skip
    doc = actions.issue_document(
        case, K.SERVICE_ADDRESS, actor=flow.handler.user, on=day(1), signatures=[refusal.pk]
    )
    assert "受送达人拒绝签名：拒绝签名，已录像" in pdf_text(stored(doc))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"png": None}, "image"),
        ({"png": b"GIF89a..."}, "image"),
        ({"refused": True, "refusal_note": ""}, "refusal_note"),
        ({"name": " "}, "name"),
        ({"role": "mayor"}, "role"),
    ],
)
def test_a_signature_needs_an_image_or_a_recorded_refusal(flow, frozen, fields, field):
    case = flow.filed()
    params = {"kind": K.CORRECTION_ORDER, "role": "party", "name": "王", "png": PNG} | fields
    with pytest.raises(InvalidInput) as exc:
        actions.capture_signature(case, actor=flow.handler.user, **params)
    assert exc.value.field == field


def test_a_captured_signature_cannot_be_changed(flow, frozen):
    case = flow.filed()
    sig = actions.capture_signature(
        case, actor=flow.handler.user, kind=K.CORRECTION_ORDER, role="party", name="王", png=PNG
    )
    sig.name = "李"
    with pytest.raises(FrozenDocument):
        sig.save()
    assert Signature.objects.get(pk=sig.pk).name == "王"


def test_a_kind_is_refused_before_its_step(flow, frozen):
    case = flow.filed()
    assert K.PENALTY_DECISION not in availability.available_kinds(case)
    with pytest.raises(DomainError) as exc:
        actions.issue_document(case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(1))
    assert exc.value.code == "kind_not_available"
    assert "尚未作出相应的决定" in exc.value.message


def test_available_kinds_follow_the_case(flow, frozen):
    case = flow.clue()
    assert availability.available_kinds(case) == []  # a clue has no party yet
    case = flow.decided()
    kinds = availability.available_kinds(case)
    assert {K.FILING_APPROVAL, K.INVESTIGATION_REPORT, K.PRIOR_NOTICE, K.LEGAL_REVIEW} <= set(kinds)
    assert K.PENALTY_DECISION not in kinds  # the decide step made it
    assert K.HEARING_NOTICE not in kinds
    assert K.ENFORCEMENT_REMINDER not in kinds


def test_auxiliary_staff_cannot_issue(flow, frozen, auxiliary):
    case = flow.filed()
    with pytest.raises(NotAllowed):
        actions.issue_document(case, K.CORRECTION_ORDER, actor=auxiliary.user, on=day(1))


def test_another_streets_officer_cannot_issue(flow, frozen, other_street_officer):
    case = flow.filed()
    with pytest.raises(NotAllowed):
        actions.issue_document(case, K.CORRECTION_ORDER, actor=other_street_officer.user, on=day(1))


def test_issued_documents_go_into_the_electronic_case_file(flow, frozen):
    """The case file export (cases.casefile) carries each issued PDF, attached by its event."""
    import io
    import zipfile

    from zhifa.cases.casefile import export_casefile, verify_casefile

    case = flow.decided()
    doc = actions.issue_document(case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(14))
    render_pending(Document.objects.values_list("id", flat=True))  # as after each commit
    case.refresh_from_db()
    data = export_casefile(case)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(doc.number in name for name in names)
    assert verify_casefile(data) == []
