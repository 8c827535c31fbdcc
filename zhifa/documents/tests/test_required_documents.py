"""The case is not closed (nor archived) while its file lacks a document a step taken had to make
(行政处罚法 Art 47; the case-file rules): 立案审批表, 调查终结报告, 事先告知书, 行政处罚决定书… —
``documents.checks``, registered in ``workflow.CLOSING_CHECKS`` and ``ARCHIVING_CHECKS``; the
close page lists what is missing."""

from __future__ import annotations

import pytest

from zhifa.cases import actions, workflow
from zhifa.cases.guards import GuardRefused
from zhifa.cases.tests.pages_helpers import at, day, step_url
from zhifa.documents.checks import file_documents_problems, missing_documents
from zhifa.documents.choices import DocumentKind as K
from zhifa.performance import actions as perf

pytestmark = pytest.mark.django_db


def _performed(flow):
    case = flow.served()
    perf.record_payment(
        case, actor=flow.handler.user, amount="5000", paid_on=day(20), channel="bank"
    )
    return flow.refresh()


def test_a_case_made_by_its_steps_holds_every_document(flow, frozen):
    case = _performed(flow)
    assert missing_documents(case.pk) == []
    at(frozen, 21)
    closed = actions.close_case(case, actor=flow.leader.user, on=day(21))
    assert closed.status == "closed"


def test_closing_is_refused_while_a_step_document_is_missing(flow, frozen, monkeypatch):
    """A case whose 立案审批表 was never made (its maker out of the way while the case was
    filed): served and paid, 结案 is still refused, and the refusal and the close page name
    the missing document and the step that had to make it."""
    real = list(workflow.DOCUMENT_MAKERS)

    def all_but_the_filing_table(case, event, kinds, actor, on):
        kept = tuple(k for k in kinds if k != K.FILING_APPROVAL)
        for make in real:
            make(case, event, kept, actor, on)

    monkeypatch.setattr(workflow, "DOCUMENT_MAKERS", [all_but_the_filing_table])
    case = _performed(flow)
    monkeypatch.setattr(workflow, "DOCUMENT_MAKERS", real)
    assert missing_documents(case.pk) == ["「批准立案」应当制作的《立案审批表》"]
    assert file_documents_problems in workflow.CLOSING_CHECKS
    assert file_documents_problems in workflow.ARCHIVING_CHECKS
    at(frozen, 21)
    events = case.events.count()
    with pytest.raises(GuardRefused) as refused:
        actions.close_case(case, actor=flow.leader.user, on=day(21))
    assert refused.value.code == "document_missing"
    assert "案卷缺少文书" in refused.value.message
    assert "《立案审批表》" in refused.value.message
    assert "第四十七条" in refused.value.message
    assert case.events.count() == events
    page = flow.leader.client().get(step_url(case, "close")).content.decode()
    assert "《立案审批表》" in page
    assert flow.refresh().status == "performed"


def test_the_filing_approval_form_is_made_at_approval_with_the_heads_opinion(flow, frozen):
    """行政处罚法 Art 54: the 立案审批表 carries the handlers' proposal and the head's 审批意见 —
    made when the head decides, not before (an unsigned approval form is no approval)."""
    from zhifa.cases.record import Place
    from zhifa.documents.models import Document

    case = actions.register_clue(
        source="patrol", found_on=flow.day, facts="巡查发现擅自挖掘道路",
        street=flow.street, place=Place("人民路12号"), actor=flow.handler.user,
    )  # fmt: skip
    actions.request_filing(
        case, actor=flow.handler.user, handlers=[flow.handler.officer, flow.handler2.officer],
        violation_item=flow.item, party=flow.party, act_on=flow.day, on=flow.day,
    )  # fmt: skip
    assert not Document.objects.filter(case=case, kind=K.FILING_APPROVAL).exists()
    opinion = "同意立案，由执法一中队承办。"
    actions.approve_filing(case, actor=flow.leader.user, opinion=opinion, on=flow.day)
    doc = Document.objects.get(case=case, kind=K.FILING_APPROVAL)
    assert doc.event.kind == "approve_filing"
    assert doc.context["filing"]["leader_opinion"] == opinion
    assert doc.context["filing"]["approved_by"]
