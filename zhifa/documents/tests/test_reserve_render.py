"""Reserve in the step's transaction, render after its commit (ADR 0010): the number and the
frozen context are taken under the lock, the files are made outside it; a failed render keeps
its number, is shown on the case page and is retried by the job — numbers stay gapless."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import transaction

from zhifa.cases.audit import verify_case
from zhifa.cases.models import CaseEvent
from zhifa.core.errors import NotAllowed
from zhifa.documents import actions, render, renderer, tasks
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.contexts import digest
from zhifa.documents.models import Document, DocumentRender, NotRendered
from zhifa.documents.tests.conftest import day, pdf_text, stored

pytestmark = pytest.mark.django_db


def _broken(*args, **kwargs):
    raise RuntimeError("printer on fire")


def test_reserve_numbers_and_freezes_inside_the_transaction_and_renders_nothing(flow, frozen):
    case = flow.filed()
    with transaction.atomic():
        event = CaseEvent.objects.filter(case=case).order_by("-seq").first()
        doc = actions.reserve(case, K.CORRECTION_ORDER, event=event, actor=flow.handler.user)
    assert doc.number == "示范城管责改字〔2026〕第1号"
    assert doc.event_id == event.pk
    assert doc.context_sha256 == digest(doc.context)
    assert doc.render_state == "pending"
    assert not DocumentRender.objects.filter(document=doc).exists()
    with pytest.raises(NotRendered):
        doc.pdf  # noqa: B018  (the files do not exist yet)
    assert renderer.render_pending([doc.pk]) == {doc.pk: "rendered"}
    doc = Document.objects.get(pk=doc.pk)
    assert doc.render_state == "rendered"
    assert doc.number in pdf_text(stored(doc))


def test_a_step_reserves_its_documents_and_renders_them_after_commit(
    flow, frozen, django_capture_on_commit_callbacks
):
    """The decide step: its 行政处罚决定书 is numbered in the step's transaction, linked to the
    step's event, and rendered by the after-commit callback."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = flow.decided()
    doc = Document.objects.get(case=case, kind=K.PENALTY_DECISION)
    assert CaseEvent.objects.get(pk=doc.event_id).kind == "decide"
    assert doc.number == case.decisions.get().number
    assert doc.render_state == "pending"  # committed, not rendered: nothing held the lock
    for callback in callbacks:
        callback()
    doc = Document.objects.get(pk=doc.pk)
    assert doc.render_state == "rendered"
    assert "行政处罚决定书" in pdf_text(stored(doc))
    case.refresh_from_db()
    assert verify_case(case) is None


def test_the_context_is_frozen_at_reservation(flow, frozen):
    """A later change of the case does not change what the document says."""
    case = flow.filed()
    with transaction.atomic():
        doc = actions.reserve(case, K.CORRECTION_ORDER, event=None, actor=flow.handler.user)
    party = case.party
    old_name = party.name
    type(party).objects.filter(pk=party.pk).update(name="改名后的公司")
    renderer.render_pending([doc.pk])
    text = pdf_text(stored(Document.objects.get(pk=doc.pk)))
    assert old_name in text
    assert "改名后的公司" not in text


def test_a_failed_render_keeps_the_number_and_the_retry_job_renders_it(flow, frozen, monkeypatch):
    case = flow.filed()
    monkeypatch.setattr(render, "html_to_pdf", _broken)
    failed = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    assert failed.number == "示范城管责改字〔2026〕第1号"  # committed: kept for good
    assert failed.render_state == "render_failed"
    assert "printer on fire" in failed.last_failure().error
    # the next document (its render fails too) takes the next number: no gap, no reuse
    second = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    assert second.number == "示范城管责改字〔2026〕第2号"
    monkeypatch.undo()
    # the job waits a little for the after-commit render of fresh documents
    assert tasks.retry_renders.call() == {"rendered": 0, "failed": 0}
    frozen.shift(timedelta(minutes=3))
    # both failed ones, and the 立案审批表 the filing step reserved (its after-commit render never
    # ran: a test's transaction does not commit)
    assert tasks.retry_renders.call() == {"rendered": 3, "failed": 0}
    for doc in Document.objects.filter(kind=K.CORRECTION_ORDER):
        doc = Document.objects.get(pk=doc.pk)
        assert doc.render_state == "rendered"
        assert doc.number in pdf_text(stored(doc))
    numbers = sorted(
        int(re.search(r"第(\d+)号", n).group(1))
        for n in Document.objects.filter(kind=K.CORRECTION_ORDER).values_list("number", flat=True)
    )
    assert numbers == [1, 2]
    # the failed attempt stays in the history next to the success
    statuses = list(DocumentRender.objects.filter(document=failed).values_list("status", flat=True))
    assert statuses == ["failed", "rendered"]
    case.refresh_from_db()
    assert verify_case(case) is None


def test_a_render_is_recorded_once_per_layout(flow, frozen):
    case = flow.filed()
    doc = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    events = case.__class__.objects.get(pk=case.pk).event_count
    assert renderer.render_pending([doc.pk]) == {doc.pk: "rendered"}  # nothing to do
    assert DocumentRender.objects.filter(document=doc).count() == 1
    assert case.__class__.objects.get(pk=case.pk).event_count == events


def test_the_case_page_shows_a_failed_render_with_a_rerender_button(
    flow, frozen, monkeypatch, handler
):
    case = flow.filed()
    with monkeypatch.context() as m:
        m.setattr(render, "html_to_pdf", _broken)
        doc = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    page = handler.client().get(f"/cases/{case.pk}/").content.decode()
    assert "生成失败" in page
    assert "printer on fire" in page
    assert f"/documents/{doc.pk}/rerender/" in page
    response = handler.client().post(f"/documents/{doc.pk}/rerender/")
    assert response.status_code == 302
    assert Document.objects.get(pk=doc.pk).render_state == "rendered"
    page = handler.client().get(f"/cases/{case.pk}/").content.decode()
    assert f"/documents/{doc.pk}/rerender/" not in page
    assert f"/documents/{doc.pk}/pdf/" in page


def test_a_pending_download_says_so_instead_of_failing(flow, frozen, handler):
    case = flow.filed()
    with transaction.atomic():
        doc = actions.reserve(case, K.CORRECTION_ORDER, event=None, actor=flow.handler.user)
    response = handler.client().get(f"/documents/{doc.pk}/pdf/", follow=True)
    assert response.status_code == 200
    assert "尚未生成" in response.content.decode()


def test_auxiliary_staff_cannot_rerender(flow, frozen, auxiliary, monkeypatch):
    case = flow.filed()
    with monkeypatch.context() as m:
        m.setattr(render, "html_to_pdf", _broken)
        doc = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    with pytest.raises(NotAllowed):
        actions.rerender(doc, actor=auxiliary.user)
    assert Document.objects.get(pk=doc.pk).render_state == "render_failed"


def test_deferred_renders_leave_step_documents_for_the_job(
    flow, frozen, django_capture_on_commit_callbacks
):
    with renderer.deferred_renders(), django_capture_on_commit_callbacks() as callbacks:
        case = flow.filed()
    assert not [c for c in callbacks if "render_pending" in repr(c.__code__.co_names)]
    doc = Document.objects.get(case=case, kind=K.FILING_APPROVAL)
    assert doc.render_state == "pending"
    assert doc in renderer.missing_renders()
