"""Credit repair (信用修复, 《信用修复管理办法》 in force 2026-04-01, rules.md §4.5): requested only
after the minimum display period (general: 3 months from the decision), with the penalty
performed in full and a credit commitment; approved or refused by a leader; an approved repair
ends the public display early."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.disclosure import actions
from zhifa.disclosure.choices import EventKind, PublicationStatus, RepairStatus
from zhifa.disclosure.models import PublicationEvent
from zhifa.disclosure.tests.conftest import publication_of, remedy_result, run_job
from zhifa.performance.actions import record_payment
from zhifa.testing.service import serve_decision

DECIDED = date(2026, 9, 28)
REPAIR_FROM = date(2026, 12, 28)
PROOF = "罚款已于2026年10月9日缴清，缴款书号 NO.2026100900012；挖掘路面已恢复"


@pytest.fixture
def shown(decided, handler):
    d = decided(DECIDED)
    serve_decision(d.case, actor=handler.user, on=DECIDED)
    run_job(DECIDED)
    return publication_of(d.case)


@pytest.fixture
def paid(shown, handler):
    record_payment(
        shown.case,
        actor=handler.user,
        amount=Decimal("5000"),
        paid_on=date(2026, 10, 9),
        channel="bank",
    )
    return shown


def ask(publication, persona, on=REPAIR_FROM, **kw):
    params = {"proof": PROOF, "commitment": True} | kw
    return actions.request_repair(publication, actor=persona.user, on=on, **params)


def test_it_refuses_a_request_before_the_minimum_display_period(paid, handler):
    with pytest.raises(DomainError, match=r"最短公示期未满.*2026-12-28起方可申请"):
        ask(paid, handler, on=date(2026, 12, 27))


def test_it_refuses_a_request_while_the_fine_is_unpaid(shown, handler):
    """Fine ¥5,000 unpaid since 2026-10-13 (served 9-28 + 15 days): the surcharge has reached its
    cap of the fine itself (行政处罚法 Art 72), so ¥10,000 is owed."""
    with pytest.raises(DomainError, match=re.escape("尚未履行完毕：仍欠罚款及加处罚款 ¥10,000.00")):
        ask(shown, handler)


def test_it_counts_the_late_surcharge_as_owed(shown, handler):
    """行政处罚法 Art 72: the surcharge is part of performing the penalty."""
    record_payment(
        shown.case,
        actor=handler.user,
        amount=Decimal("5000"),
        paid_on=date(2026, 10, 20),
        channel="bank",
    )
    with pytest.raises(DomainError, match="尚未履行完毕"):
        ask(shown, handler)


@pytest.mark.parametrize(
    ("kw", "field"), [({"proof": " "}, "proof"), ({"commitment": False}, "commitment")]
)
def test_it_needs_proof_and_a_credit_commitment(paid, handler, kw, field):
    with pytest.raises(InvalidInput) as refused:
        ask(paid, handler, **kw)
    assert refused.value.field == field


def test_an_approved_repair_ends_the_display_early(paid, handler, leader, anonymous):
    repair = ask(paid, handler)
    actions.approve_repair(repair, actor=leader.user, on=date(2026, 12, 29))
    paid.refresh_from_db()
    assert (paid.status, paid.ended_on) == (PublicationStatus.REPAIRED, date(2026, 12, 29))
    kinds = list(PublicationEvent.objects.filter(publication=paid).values_list("kind", flat=True))
    assert kinds == [EventKind.PUBLISHED, EventKind.REPAIR_REQUESTED, EventKind.REPAIRED]
    assert anonymous.get(f"/gongshi/jueding/{paid.pk}/").status_code == 404
    assert run_job(date(2027, 9, 29))["expired"] == 0  # nothing left to expire


@pytest.mark.parametrize("persona", ["handler", "reviewer", "admin_persona"])
def test_only_a_leader_decides(paid, handler, persona, request):
    repair = ask(paid, handler)
    with pytest.raises(NotAllowed, match="负责人"):
        actions.approve_repair(repair, actor=request.getfixturevalue(persona).user)


def test_a_refusal_needs_a_reason_and_keeps_the_display(paid, handler, leader):
    repair = ask(paid, handler)
    with pytest.raises(InvalidInput, match="理由"):
        actions.refuse_repair(repair, actor=leader.user, reason="")
    actions.refuse_repair(repair, actor=leader.user, reason="整改材料不全", on=REPAIR_FROM)
    repair.refresh_from_db()
    paid.refresh_from_db()
    assert (repair.status, repair.refusal_reason) == (RepairStatus.REFUSED, "整改材料不全")
    assert paid.status == PublicationStatus.PUBLISHED
    assert PublicationEvent.objects.filter(kind=EventKind.REPAIR_REFUSED).count() == 1


def test_one_open_request_at_a_time_and_each_is_decided_once(paid, handler, leader):
    repair = ask(paid, handler)
    with pytest.raises(DomainError, match="待审批"):
        ask(paid, handler)
    actions.refuse_repair(repair, actor=leader.user, reason="材料不全")
    with pytest.raises(DomainError, match="已不予修复"):
        actions.approve_repair(repair, actor=leader.user)


def test_a_withdrawn_decision_needs_no_repair(paid, handler, leader):
    remedy_result(
        paid.case,
        leader.user,
        result="revoked",
        applied_on=date(2026, 10, 1),
        decided_on=date(2026, 10, 8),
    )
    run_job(date(2026, 10, 8))
    paid.refresh_from_db()
    with pytest.raises(DomainError, match="已撤回"):
        ask(paid, handler)


def test_the_leader_approves_on_the_staff_page(paid, handler, leader, clock):
    clock(REPAIR_FROM)
    client = handler.client()
    response = client.post(f"/disclosure/{paid.pk}/repair/", {"proof": PROOF, "commitment": "1"})
    assert response.status_code == 302
    repair = paid.repairs.get()
    leader_client = leader.client()
    page = leader_client.get(f"/disclosure/{paid.pk}/").content.decode()
    assert "批准修复" in page
    leader_client.post(f"/disclosure/repairs/{repair.pk}/approve/")
    paid.refresh_from_db()
    assert paid.status == PublicationStatus.REPAIRED


def test_the_staff_page_shows_a_refusal_in_chinese(shown, handler, clock):
    clock(REPAIR_FROM)
    client = handler.client()
    client.post(f"/disclosure/{shown.pk}/repair/", {"proof": PROOF, "commitment": "1"})
    assert not shown.repairs.exists()
    page = client.get(f"/disclosure/{shown.pk}/").content.decode()
    assert "尚未履行完毕" in page
