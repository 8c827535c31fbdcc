"""Regressions found while building the pages: the head may decide not to penalise after a
penalty was proposed (with the ground, Art 33/57); the party's windows close with the decision."""

from __future__ import annotations

import pytest

from zhifa.cases import actions
from zhifa.cases.tests.pages_helpers import at, post_step
from zhifa.core.errors import InvalidInput
from zhifa.testing.review import checklist

pytestmark = pytest.mark.django_db


def test_the_head_may_decide_not_to_penalise_after_hearing_the_party(flow, frozen, leader):
    case = flow.reviewed()
    at(frozen, 14)
    with pytest.raises(InvalidInput) as exc:
        actions.decide(case, actor=leader.user, outcome="no_penalty")
    assert exc.value.field == "no_penalty_reason"
    decision = actions.decide(
        case, actor=leader.user, outcome="no_penalty", no_penalty_reason="facts_not_established"
    )
    assert (decision.outcome, decision.fine) == ("no_penalty", None)
    assert decision.no_penalty_reason == "facts_not_established"


def test_the_decision_page_can_decide_not_to_penalise(flow, frozen, leader):
    case = flow.reviewed()
    at(frozen, 14)
    refused = post_step(leader.client(), case, "decide", {"outcome": "no_penalty"})
    assert refused.status_code == 422
    assert "不予行政处罚须写明" in refused.content.decode()
    response = post_step(
        leader.client(),
        case,
        "decide",
        {"outcome": "no_penalty", "no_penalty_reason": "facts_not_established"},
    )
    assert response.status_code == 302


def test_the_partys_statement_period_is_not_left_open_after_the_decision(
    flow, frozen, handler, reviewer, leader
):
    from zhifa.cases.models import CaseDeadline
    from zhifa.cases.tests.pages_helpers import day

    case = flow.notified()  # statement period: to 2026-03-17 (day 15)
    actions.submit_legal_review(case, actor=handler.user, on=day(16))
    actions.record_legal_review(
        case,
        actor=reviewer.user,
        outcome="passed",
        opinion="同意",
        checklist=checklist(),
        on=day(17),
    )
    actions.decide(case, actor=leader.user, on=day(18))
    still_open = CaseDeadline.objects.filter(
        case=case, kind="statement", met_on__isnull=True, cancelled=False
    )
    assert not still_open.exists()
