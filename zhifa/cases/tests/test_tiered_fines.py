"""Tiered statutory amounts (分档): "可以处50元罚款，情节严重的处200元罚款" (北京市市容环境卫生条例
Art 52, the seed's SR-001 随地吐痰) — two tiers, amounts between them not lawful (其间金额不适用),
and the serious tier only on a written finding that the case is serious (行政处罚法 Arts 5, 40:
the penalty matches the facts, nature, circumstances and harm). In the report, the decision and
on the spot; the discretion band applies on the spot too (Art 34)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.guards import GuardRefused
from zhifa.cases.models import Case, CaseEvent, Proposal
from zhifa.cases.record import Place
from zhifa.cases.tests.conftest import on_the_day
from zhifa.cases.tests.pages_helpers import at, day
from zhifa.core.errors import InvalidInput
from zhifa.law import fines
from zhifa.testing.review import checklist

pytestmark = pytest.mark.django_db

SERIOUS = "经劝阻拒不改正，在地铁站口人流密集处多次随地吐痰"

# (amount, serious finding, the check's code)
CASES = [
    ("50", False, "ok"),
    ("200", True, "ok"),
    ("200", False, "seriousness_not_found"),  # the serious tier without the finding
    ("50", True, "serious_tier"),  # found serious: the serious tier only
    ("120", False, "between_tiers"),  # 其间金额不适用
    ("120", True, "serious_tier"),
    ("30", False, "below_minimum"),
    ("300", True, "above_maximum"),
]


@pytest.mark.parametrize(("amount", "serious", "code"), CASES)
def test_a_tiered_fine_is_in_the_tier_the_finding_allows(items, amount, serious, code):
    check = fines.check_fine(items["spit"], "person", amount, serious=serious)
    assert check.code == code
    assert check.ok is (code == "ok")
    if not check.ok:
        assert "北京市市容环境卫生条例" in check.message


def test_the_rule_reads_as_the_regulation_says_it(items):
    rule = fines.fine_rule_for(items["spit"], "person")
    assert rule.describe() == "¥50；情节严重的 ¥200 (其间金额不适用)"


def _report(flow, fine: str, serious_facts: str = "") -> Proposal:
    flow.item = flow.item.__class__.objects.get(code="SR-001")
    flow.fine = Decimal(fine)
    flow.kinds = ["fine"]
    case = flow.filed()
    with on_the_day(day(7)):
        return actions.submit_report(
            case,
            actor=flow.handler.user,
            findings="在人民路地铁站口随地吐痰",
            outcome="penalty",
            fine=Decimal(fine),
            penalty_kinds=["fine"],
            serious_facts=serious_facts,
            on=day(7),
        )


def test_the_report_needs_the_finding_for_the_serious_tier(flow, frozen):
    """422 naming ``serious_facts``, nothing written."""
    flow.item = flow.item.__class__.objects.get(code="SR-001")
    case = flow.filed()
    events = CaseEvent.objects.filter(case=case).count()
    with on_the_day(day(7)), pytest.raises(InvalidInput) as refused:
        actions.submit_report(
            case,
            actor=flow.handler.user,
            findings="随地吐痰",
            outcome="penalty",
            fine=Decimal("200"),
            penalty_kinds=["fine"],
            on=day(7),
        )
    assert (refused.value.code, refused.value.field) == ("serious_facts_required", "serious_facts")
    assert "情节严重" in refused.value.message
    assert CaseEvent.objects.filter(case=case).count() == events
    assert not Proposal.objects.filter(case=case).exists()


@pytest.mark.parametrize(("fine", "serious"), [("120", ""), ("50", SERIOUS)])
def test_the_report_refuses_an_amount_outside_the_tier(flow, frozen, fine, serious):
    with pytest.raises(GuardRefused) as refused:
        _report(flow, fine, serious)
    assert refused.value.code in ("fine_between_tiers", "fine_serious_tier")
    assert not Proposal.objects.filter(case=flow.case).exists()


def test_the_finding_goes_from_the_report_to_the_decision(flow, frozen):
    proposal = _report(flow, "200", SERIOUS)
    assert proposal.serious_facts == SERIOUS
    case = flow.refresh()
    with on_the_day(day(8)):
        actions.notify_intended_penalty(case, actor=flow.handler.user, on=day(8))
    flow.serve("prior_notice", day(8))
    with on_the_day(day(9)):
        actions.waive_statement(flow.refresh(), actor=flow.handler.user, on=day(9))
    with on_the_day(day(10)):
        actions.submit_legal_review(flow.refresh(), actor=flow.handler.user, on=day(10))
    with on_the_day(day(11)):
        actions.record_legal_review(
            flow.refresh(),
            actor=flow.reviewer.user,
            outcome="passed",
            opinion="同意",
            checklist=checklist(),
            on=day(11),
        )
    at(frozen, 14)
    decision = actions.decide(flow.refresh(), actor=flow.leader.user, on=day(14))
    assert (decision.fine, decision.serious_facts) == (Decimal("200"), SERIOUS)


def _spot(handler, handler2, items, street, party, **kwargs) -> object:
    return actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=items["spit"],
        party=party,
        facts="在人民路地铁站口随地吐痰",
        place=Place("人民路地铁站口"),
        street=street,
        penalty_kinds=["fine"],
        **kwargs,
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "code"),
    [
        ({"fine": Decimal("200")}, InvalidInput, "serious_facts_required"),
        ({"fine": Decimal("120")}, GuardRefused, "simple_between_tiers"),
        ({"fine": Decimal("50"), "serious_facts": SERIOUS}, GuardRefused, "simple_serious_tier"),
        # the band named applies on the spot: 一般 is ¥50 for SR-001
        (
            {"fine": Decimal("200"), "serious_facts": SERIOUS, "discretion_level": "general"},
            GuardRefused,
            "simple_out_of_band",
        ),
    ],
)
def test_on_the_spot_the_tiers_and_the_band_hold(
    handler, handler2, items, east_street, citizen, frozen, kwargs, error, code
):
    before = Case.objects.count()
    with pytest.raises(error) as refused:
        _spot(handler, handler2, items, east_street, citizen, **kwargs)
    assert refused.value.code == code
    assert Case.objects.count() == before


def test_on_the_spot_the_serious_tier_with_its_finding_and_its_band(
    handler, handler2, items, east_street, citizen, frozen
):
    decision = _spot(
        handler, handler2, items, east_street, citizen, fine=Decimal("200"), serious_facts=SERIOUS
    )
    assert decision.serious_facts == SERIOUS
    assert decision.discretion_level == "heavier"  # the lowest band holding ¥200
