"""Dates in legal order (issue 8 §3.9): no step dated before the step it depends on — the day
the case reached the status the step is taken in (``Case.status_on``) — and no record of the
future, transcripts and on-the-spot decisions included. Refused with 422 naming the field,
nothing written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.models import Case, CaseDeadline, CaseEvent
from zhifa.cases.record import Place
from zhifa.cases.tests.conftest import Flow, on_the_day
from zhifa.cases.tests.pages_helpers import SHANGHAI, at, day
from zhifa.core.errors import InvalidInput
from zhifa.testing.review import checklist

pytestmark = pytest.mark.django_db


def _written(case: Case) -> tuple[int, int]:
    return (
        CaseEvent.objects.filter(case=case).count(),
        CaseDeadline.objects.filter(case=case).count(),
    )


Stage = Callable[[Flow], Case]
Step = Callable[[Flow, Case, date], object]

# (the stage the case is brought to, the day it reached its status, the step dated earlier)
CASES: dict[str, tuple[Stage, int, str, Step]] = {
    "report before filing": (
        Flow.filed,
        0,
        "on",
        lambda fl, c, d: actions.submit_report(
            c,
            actor=fl.handler.user,
            findings="擅自挖掘",
            outcome="penalty",
            fine=fl.fine,
            penalty_kinds=fl.kinds,
            discretion_level="general",
            on=d,
        ),
    ),
    "notice before the report": (
        Flow.reported,
        7,
        "on",
        lambda fl, c, d: actions.notify_intended_penalty(c, actor=fl.handler.user, on=d),
    ),
    "legal review before the notice": (
        Flow.notified,
        8,
        "on",
        lambda fl, c, d: actions.submit_legal_review(c, actor=fl.handler.user, on=d),
    ),
    "review opinion before its submission": (
        lambda fl: _submitted(fl),
        10,
        "on",
        lambda fl, c, d: actions.record_legal_review(
            c, actor=fl.reviewer.user, outcome="passed", opinion="同意", checklist=checklist(), on=d
        ),
    ),
    "decision before the review": (
        Flow.reviewed,
        11,
        "on",
        lambda fl, c, d: actions.decide(c, actor=fl.leader.user, on=d),
    ),
    "closing before the service": (
        Flow.served,
        15,
        "on",
        lambda fl, c, d: actions.close_case(c, actor=fl.leader.user, on=d),
    ),
}


def _submitted(flow: Flow) -> Case:
    case = flow.heard()
    with on_the_day(day(10)):
        actions.submit_legal_review(case, actor=flow.handler.user, on=day(10))
    return flow.refresh()


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_step_is_dated_before_the_step_it_depends_on(flow, frozen, name):
    stage, reached, field, step = CASES[name]
    case = stage(flow)
    assert case.status_on == day(reached)
    at(frozen, 40)
    before = _written(case)
    with pytest.raises(InvalidInput) as refused:
        step(flow, case, day(reached) - timedelta(days=1))
    assert refused.value.code == "before_previous_step"
    assert refused.value.field == field
    assert str(day(reached)) in refused.value.message
    assert _written(case) == before


def test_the_same_day_is_in_order(flow, frozen):
    case = flow.reported()
    at(frozen, 7)
    notice = actions.notify_intended_penalty(case, actor=flow.handler.user, on=day(7))
    assert notice.notified_on == day(7)


def test_a_payment_known_late_is_not_out_of_order(flow, frozen):
    """A fact outside the bureau's sequence (a bank payment) is entered when its slip arrives:
    paid on the day of the decision, before its service was recorded (``in_order=False``)."""
    from zhifa.performance import actions as perf

    case = flow.served()
    assert case.status_on == day(15)
    at(frozen, 20)
    payment = perf.record_payment(
        case, actor=flow.handler.user, amount=Decimal("5000"), paid_on=day(14), channel="bank"
    )
    assert payment.paid_on == day(14)


def test_a_transcript_of_the_future_is_refused(flow, frozen):
    """A transcript records what was said: its times are not after now."""
    case = flow.filed()
    now = datetime.combine(day(0), datetime.min.time(), SHANGHAI) + timedelta(hours=10)
    before = _written(case)
    with pytest.raises(InvalidInput) as refused:
        actions.record_transcript(
            case,
            actor=flow.handler.user,
            kind="interview",
            started_at=now + timedelta(minutes=30),
            ended_at=now + timedelta(hours=1),
            place="人民路12号",
            interviewee="项目经理",
            content="问：……答：……",
        )
    assert (refused.value.code, refused.value.field) == ("future_date", "ended_at")
    assert _written(case) == before


@pytest.mark.parametrize(
    ("on", "act_on", "field"),
    [
        (date(2026, 3, 3), None, "on"),  # decided tomorrow
        (date(2026, 3, 2), date(2026, 3, 3), "act_on"),  # an act of tomorrow
    ],
)
def test_an_on_the_spot_decision_of_the_future_is_refused(
    handler, handler2, items, east_street, citizen, frozen, on, act_on, field
):
    before = Case.objects.count()
    with pytest.raises(InvalidInput) as refused:
        actions.decide_on_the_spot(
            actor=handler.user,
            co_handler=handler2.officer,
            violation_item=items["spit"],
            party=citizen,
            facts="随地吐痰",
            place=Place("人民路"),
            street=east_street,
            act_on=act_on,
            penalty_kinds=["warning"],
            on=on,
        )
    assert (refused.value.code, refused.value.field) == ("future_date", field)
    assert Case.objects.count() == before
