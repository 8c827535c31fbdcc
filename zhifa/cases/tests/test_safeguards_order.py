"""Timing safeguards: the Art 60 time limit as a gate on the decision, and its extension
(延长办案期限) by the head within the local cap. Refusals are 409/422 with a Chinese message
citing the article, the same through the action, the API and the page, and write nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import override_settings

from zhifa.cases import actions
from zhifa.cases.choices import DeadlineKind
from zhifa.cases.guards import GuardRefused
from zhifa.cases.models import Case, CaseDeadline, CaseEvent, Decision
from zhifa.cases.tests.conftest import START
from zhifa.cases.tests.pages_helpers import (
    Snapshot,
    assert_done,
    assert_refused,
    at,
    day,
    post_step,
    step_url,
)
from zhifa.core.errors import DomainError, InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db

# 行政处罚法 Art 60: 90 days from filing (filed on START); the 90th day, 2026-05-31, is a Sunday,
# so the period ends on the next working day (Art 85 with the calendar's rule).
DUE = date(2026, 6, 1)
CAP = date(2026, 6, 30)  # START + 120: the local rule's default, +30 days in all
LAST = (DUE - START).days  # the flow's day number of the due date
LATE = LAST + 1


def _decision_clock(case: Case) -> CaseDeadline:
    return CaseDeadline.objects.get(
        case=case, kind=DeadlineKind.DECISION, met_on__isnull=True, cancelled=False
    )


def _written(case: Case) -> tuple[int, int, int]:
    return (
        CaseEvent.objects.filter(case=case).count(),
        CaseDeadline.objects.filter(case=case).count(),
        Decision.objects.filter(case=case).count(),
    )


# --- 行政处罚法 Art 60: the decision within the limit -------------------------------------------


def test_the_decision_is_refused_after_the_time_limit(flow, frozen):
    """# 行政处罚法 Art 60: decided the day after the 90th day, without an extension."""
    case = flow.reviewed()
    assert _decision_clock(case).due_on == DUE
    late = at(frozen, LATE)
    before = _written(case)
    with pytest.raises(GuardRefused) as exc:
        actions.decide(case, actor=flow.leader.user, on=late)
    assert exc.value.code == "time_limit_exceeded"
    assert "第60条" in exc.value.message
    assert str(DUE) in exc.value.message
    assert _written(case) == before


def test_the_decision_on_the_last_day_is_in_time(flow, frozen):
    case = flow.reviewed()
    last = at(frozen, LAST)
    decision = actions.decide(case, actor=flow.leader.user, on=last)
    assert decision.decided_on == DUE


def test_an_extension_moves_the_due_date_and_lets_the_decision_through(flow, frozen):
    case = flow.reviewed()
    at(frozen, 80)
    new_due = DUE + timedelta(days=20)
    row = actions.extend_time_limit(
        case, actor=flow.leader.user, reason="需补充鉴定意见", new_due=new_due
    )
    assert row.due_on == new_due
    assert row.started_on == START
    # the old due date stays on record (superseded, never edited in place) and in the event
    old = CaseDeadline.objects.get(case=case, kind=DeadlineKind.DECISION, cancelled=True)
    assert old.due_on == DUE
    event = CaseEvent.objects.filter(case=case, kind="extend_time_limit").get()
    assert event.payload["old_due"] == str(DUE)
    assert event.payload["new_due"] == str(new_due)
    assert event.payload["reason"] == "需补充鉴定意见"
    assert event.actor == flow.leader.user
    late = at(frozen, 105)
    decision = actions.decide(case, actor=flow.leader.user, on=late)
    assert decision.decided_on == late
    assert _decision_clock_met(case) == late


def _decision_clock_met(case: Case):
    return CaseDeadline.objects.get(case=case, kind=DeadlineKind.DECISION, cancelled=False).met_on


def test_a_second_extension_within_the_cap(flow, frozen):
    case = flow.filed()
    at(frozen, 30)
    actions.extend_time_limit(
        case, actor=flow.leader.user, reason="鉴定", new_due=DUE + timedelta(days=10)
    )
    actions.extend_time_limit(case, actor=flow.leader.user, reason="再次鉴定", new_due=CAP)
    assert _decision_clock(case).due_on == CAP
    assert CaseDeadline.objects.filter(case=case, kind=DeadlineKind.DECISION).count() == 3


@override_settings()
def test_the_cap_is_the_local_rule(flow, frozen, settings):
    """rules.md §1.4: the extension is a local rule (ZHIFA_DECISION_EXTENSION_MAX_DAYS)."""
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "DECISION_EXTENSION_MAX_DAYS": 60}
    case = flow.filed()
    at(frozen, 10)
    cap = date(2026, 7, 30)  # START + 150 days, a Thursday
    row = actions.extend_time_limit(case, actor=flow.leader.user, reason="鉴定", new_due=cap)
    assert row.due_on == cap


def _after_decision(flow, frozen):
    case = flow.decided()
    at(frozen, 20)
    return case


def _overdue(flow, frozen):
    case = flow.filed()
    at(frozen, LATE)
    return case


def _filed_day(flow, frozen):
    case = flow.filed()
    at(frozen, 10)
    return case


REFUSALS = [
    # (state, actor, new_due offset from DUE, reason, error, code, field, words)
    (_overdue, "leader", 20, "鉴定", GuardRefused, "time_limit_exceeded", "on", "第60条"),
    (_after_decision, "leader", 20, "鉴定", DomainError, "step_not_allowed", None, "延长办案期限"),
    (_filed_day, "leader", 0, "鉴定", InvalidInput, "not_later", "new_due", "第60条"),
    (_filed_day, "leader", -5, "鉴定", InvalidInput, "not_later", "new_due", "第60条"),
    (_filed_day, "leader", 31, "鉴定", GuardRefused, "extension_over_cap", "new_due", "第60条"),
    (_filed_day, "leader", 20, "  ", InvalidInput, "required", "reason", "延长办案期限的理由"),
    (_filed_day, "handler", 20, "鉴定", NotAllowed, "role_not_allowed", None, "延长办案期限"),
]


@pytest.mark.parametrize(
    ("state", "who", "offset", "reason", "error", "code", "field", "words"), REFUSALS
)
def test_every_refused_extension(
    flow, frozen, state, who, offset, reason, error, code, field, words
):
    """# 行政处罚法 Art 60 and the local cap: each disallowed state, nothing written."""
    case = state(flow, frozen)
    before = _written(case)
    with pytest.raises(error) as exc:
        actions.extend_time_limit(
            case,
            actor=getattr(flow, who).user,
            reason=reason,
            new_due=DUE + timedelta(days=offset),
        )
    assert exc.value.code == code
    assert exc.value.field == field
    assert words in exc.value.message
    assert _written(case) == before


# --- the same through the API and the page ------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "reason", "status", "code"),
    [
        (20, "鉴定", 200, None),
        (0, "鉴定", 422, "not_later"),
        (31, "鉴定", 409, "extension_over_cap"),
    ],
)
def test_the_api_extends_or_refuses(flow, frozen, api, leader, offset, reason, status, code):
    case = flow.filed()
    at(frozen, 10)
    before = _written(case)
    body = {"reason": reason, "new_due": str(DUE + timedelta(days=offset))}
    result = api(leader).post(f"{case.pk}/extend-time-limit", body, expect=status)
    if code:
        assert result["code"] == code
        assert "第60条" in result["message"]
        assert _written(case) == before
    else:
        assert _decision_clock(case).due_on == DUE + timedelta(days=offset)


def test_the_api_refuses_a_late_decision(flow, frozen, api, leader):
    case = flow.reviewed()
    at(frozen, LATE)
    before = _written(case)
    result = api(leader).post(f"{case.pk}/decide", {"version": case.version}, expect=409)
    assert result["code"] == "time_limit_exceeded"
    assert "第60条" in result["message"]
    assert _written(case) == before


def test_the_page_extends_the_time_limit(flow, frozen, leader):
    case = flow.filed()
    at(frozen, 10)
    client = leader.client()
    text = client.get(step_url(case, "extend_time_limit")).content.decode()
    assert "第60条" in text
    assert str(DUE) in text
    assert str(CAP) in text
    response = post_step(
        client, case, "extend_time_limit", {"reason": "需补充鉴定", "new_due": str(CAP)}
    )
    assert_done(response, case, f"办案期限已延长至 {CAP}")


@pytest.mark.parametrize(
    ("new_due", "message"),
    [(CAP + timedelta(days=1), "不得晚于"), (DUE, "须晚于当前期限")],
)
def test_the_page_refuses_an_extension(flow, frozen, leader, new_due, message):
    case = flow.filed()
    at(frozen, 10)
    before = Snapshot.of(case)
    response = post_step(
        leader.client(), case, "extend_time_limit", {"reason": "鉴定", "new_due": str(new_due)}
    )
    assert_refused(response, message, before, case)


def test_the_page_greys_the_decision_after_the_limit(flow, frozen, leader):
    case = flow.reviewed()
    at(frozen, LATE)
    before = Snapshot.of(case)
    response = post_step(leader.client(), case, "decide", {"outcome": "penalty", "fine": "5000"})
    assert_refused(response, "第60条", before, case)
    assert day(LATE) > DUE
