"""Two people acting on the same case at once: exactly one succeeds; the other gets 409 and no
second event is written. Real threads with their own database connections, on SQLite (WAL,
BEGIN IMMEDIATE) and PostgreSQL (SELECT … FOR UPDATE)."""

import threading
from datetime import date

import pytest
from django.db import connection

from zhifa.cases import actions
from zhifa.cases.models import CaseEvent
from zhifa.cases.workflow import StepRefused
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls):
    """Start every call at the same moment; return (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def test_two_leaders_approving_the_same_filing_one_wins(flow, bureau):
    case = flow.clue()
    actions.request_filing(
        case,
        actor=flow.handler.user,
        handlers=[flow.handler.officer, flow.handler2.officer],
        violation_item=flow.item,
        party=flow.party,
        act_on=date(2026, 2, 27),
        on=date(2026, 3, 2),
    )
    second_leader = f.UserFactory(username="leader2", role="leader", org_unit=bureau)
    day = date(2026, 3, 3)
    results, errors = _race(
        [
            lambda: actions.approve_filing(case, actor=flow.leader.user, on=day),
            lambda: actions.approve_filing(case, actor=second_leader, on=day),
        ]
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], StepRefused)
    assert errors[0].status == 409
    assert CaseEvent.objects.filter(case=case, kind="approve_filing").count() == 1
    case.refresh_from_db()
    assert case.status == "investigating"
    assert case.event_count == CaseEvent.objects.filter(case=case).count()


def test_a_decision_and_a_withdrawal_at_once_one_wins(flow):
    case = flow.reviewed()
    day = date(2026, 3, 16)
    results, errors = _race(
        [
            lambda: actions.decide(case, actor=flow.leader.user, on=day),
            lambda: actions.withdraw_case(
                case, actor=flow.leader.user, reason="当事人已死亡", on=day
            ),
        ]
    )
    assert (len(results), len(errors)) == (1, 1)
    assert isinstance(errors[0], StepRefused)
    case.refresh_from_db()
    assert case.status in {"decided", "withdrawn"}
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert len(kinds & {"decide", "withdraw"}) == 1


def test_many_payments_at_once_never_overpay(flow):
    """Ten cashiers record ¥1,000 each on a ¥5,000 fine at the same time: five succeed."""
    from zhifa.performance.actions import record_payment

    case = flow.served()
    results, errors = _race(
        [
            lambda: record_payment(
                case,
                actor=flow.handler.user,
                amount="1000",
                paid_on=date(2026, 3, 20),
                channel="bank",
            )
            for _ in range(10)
        ]
    )
    case.refresh_from_db()
    assert len(results) == 5
    assert case.paid == 5000
    assert case.status == "performed"
    assert all(getattr(e, "status", None) in (409, 422) for e in errors)
