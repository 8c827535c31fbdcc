"""行政处罚法 Arts 44, 45, 62, 64(1): the periods to state, defend and ask for a hearing run
from the day the 事先告知书 *reaches* the party. Making the notice starts no clock; its service
in the delivery app does; before it the party's answers and the steps towards the decision are
refused, and the notice prints the periods counted from its receipt."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.models import Case, CaseDeadline, CaseEvent
from zhifa.cases.tests.conftest import Flow
from zhifa.cases.tests.pages_helpers import at, day
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.documents.choices import DocumentKind as K

pytestmark = pytest.mark.django_db

MADE = 8  # the flow's day the notice is made (2026-03-10)


def _unserved(flow: Flow, *, hearing: bool = False) -> Case:
    if hearing:  # Art 63: an organisation fined above the local threshold may ask for one
        flow.item = flow.item.__class__.objects.get(code="RQ-001")
        flow.fine = Decimal("150000")
        flow.kinds = ["fine", "confiscate_gains"]
    case = flow.reported()
    actions.notify_intended_penalty(case, actor=flow.handler.user, on=day(MADE))
    return flow.refresh()


def _written(case: Case) -> tuple[int, int]:
    return (
        CaseEvent.objects.filter(case=case).count(),
        CaseDeadline.objects.filter(case=case).count(),
    )


Answer = Callable[[Flow, Case, date], object]

ANSWERS: dict[str, Answer] = {
    "record_statement": lambda fl, c, d: actions.record_statement(
        c, actor=fl.handler.user, content="已整改", received_on=d
    ),
    "waive_statement": lambda fl, c, d: actions.waive_statement(c, actor=fl.handler.user, on=d),
    "request_hearing": lambda fl, c, d: actions.request_hearing(
        c, actor=fl.handler.user, requested_on=d
    ),
    "submit_legal_review": lambda fl, c, d: actions.submit_legal_review(
        c, actor=fl.handler.user, on=d
    ),
}


def test_making_the_notice_starts_no_period(flow, frozen):
    """# Arts 44, 64(1): unknown until served — no statement or hearing clock yet."""
    at(frozen, MADE)
    case = _unserved(flow, hearing=True)
    notice = case.notices.get()
    assert notice.notified_on == day(MADE)
    assert (notice.served_on, notice.statement_due, notice.hearing_request_due) == (None,) * 3
    assert not case.deadlines.filter(kind__in=["statement", "hearing_request"]).exists()


@pytest.mark.parametrize("step", sorted(ANSWERS))
def test_nothing_answers_an_unserved_notice(flow, frozen, step):
    """# Arts 44, 45, 62, 64(1): every answer and the way to the decision wait for service."""
    at(frozen, MADE + 3)
    case = _unserved(flow, hearing=step == "request_hearing")
    before = _written(case)
    with pytest.raises(DomainError) as refused:
        ANSWERS[step](flow, case, day(MADE + 3))
    assert refused.value.code == "notice_not_served"
    assert "尚未送达" in refused.value.message
    assert "第44条" in refused.value.message
    assert _written(case) == before


def test_the_periods_run_from_the_service(flow, frozen):
    """# Arts 44, 64(1): served two days after it was made, the periods count from then."""
    at(frozen, MADE + 2)
    case = _unserved(flow, hearing=True)
    flow.serve(K.PRIOR_NOTICE, day(MADE + 2))  # 2026-03-12, a Thursday
    notice = case.notices.get()
    assert notice.served_on == day(MADE + 2)
    # 5 working days each (the local default; Art 64(1)) after Thursday 12 March
    assert notice.statement_due == date(2026, 3, 19)
    assert notice.hearing_request_due == date(2026, 3, 19)
    clock = CaseDeadline.objects.get(case=case, kind="statement")
    assert (clock.started_on, clock.due_on) == (day(MADE + 2), date(2026, 3, 19))


@pytest.mark.parametrize("step", ["record_statement", "waive_statement", "request_hearing"])
def test_no_answer_dated_before_the_service(flow, frozen, step):
    """# Arts 44, 45: the party answers a notice it has received."""
    at(frozen, MADE + 3)
    case = _unserved(flow, hearing=step == "request_hearing")
    flow.serve(K.PRIOR_NOTICE, day(MADE + 2))
    case = flow.refresh()
    before = _written(case)
    with pytest.raises(InvalidInput) as refused:
        ANSWERS[step](flow, case, day(MADE + 1))
    assert refused.value.code == "before_notice"
    assert str(day(MADE + 2)) in refused.value.message
    assert _written(case) == before


def test_the_notice_prints_the_periods_from_its_receipt(flow, frozen):
    """# Arts 44, 64(1): printed before it is served, the notice counts from its receipt."""
    from zhifa.documents import render
    from zhifa.documents.models import Document

    at(frozen, MADE)
    case = _unserved(flow, hearing=True)
    doc = Document.objects.get(case=case, kind=K.PRIOR_NOTICE)
    assert doc.issued_on == day(MADE)
    assert doc.context["notice"]["statement_due"] == ""
    html = render.render_html(doc.kind, dict(doc.context))
    statement = "如需陈述、申辩，请在收到本告知书之日起5个工作日内向本机关提出"
    hearing = "如要求听证，请在收到本告知书之日起5个工作日内向本机关提出"
    assert statement in html
    assert hearing in html


def test_the_service_is_not_dated_before_the_notice(flow, frozen):
    """# Arts 44, 64(1): a notice is served after it is made."""
    from zhifa.cases.workflow import through

    at(frozen, MADE)
    case = _unserved(flow)
    before = _written(case)
    with through("delivery"), pytest.raises(InvalidInput) as refused:
        actions.record_notice_service(case, actor=flow.handler.user, served_on=day(MADE - 1))
    # the generic order check (the case became 已事先告知 the day the notice was made)
    assert refused.value.code == "before_previous_step"
    assert str(day(MADE)) in refused.value.message
    assert _written(case) == before


def test_a_statement_ends_the_wait_for_the_statement_period(flow, frozen):
    """# Art 62: the party has been heard once it stated its case — through its page or in
    person — so the statement period no longer holds the case up (a waiver does the same)."""
    at(frozen, MADE)
    case = _unserved(flow)
    flow.serve(K.PRIOR_NOTICE, day(MADE))
    at(frozen, MADE + 1)
    actions.record_statement(
        flow.refresh(), actor=None, content="已恢复路面", received_on=day(MADE + 1)
    )
    clock = CaseDeadline.objects.get(case=case, kind="statement")
    assert clock.met_on == day(MADE + 1)
    at(frozen, MADE + 2)  # before the period's end (day 15)
    review = actions.submit_legal_review(flow.refresh(), actor=flow.handler.user, on=day(MADE + 2))
    assert review.submitted_on == day(MADE + 2)


def test_a_statement_does_not_end_the_hearing_request_period(flow, frozen):
    """# Arts 63, 64(1): stating is not waiving the hearing — its 5 working days still run."""
    at(frozen, MADE)
    case = _unserved(flow, hearing=True)
    flow.serve(K.PRIOR_NOTICE, day(MADE))
    at(frozen, MADE + 1)
    actions.record_statement(
        flow.refresh(), actor=None, content="请求从轻", received_on=day(MADE + 1)
    )
    at(frozen, MADE + 2)
    with pytest.raises(DomainError) as refused:
        actions.submit_legal_review(flow.refresh(), actor=flow.handler.user, on=day(MADE + 2))
    assert "听证申请期限" in refused.value.message
    assert not case.reviews.exists()
