"""Simple procedure (简易程序): on-the-spot decisions, Arts 51–53 and 68–71."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.audit import verify_case
from zhifa.cases.guards import GuardRefused
from zhifa.cases.models import Case, CaseDeadline
from zhifa.cases.record import Place

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)


def _on_the_spot(handler, handler2, item, party, street, **kwargs):
    params = {"penalty_kinds": ["fine"], "fine": Decimal("50"), "on": DAY}
    return actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=item,
        party=party,
        facts="随地吐痰",
        place=Place("人民路地铁站口"),
        street=street,
        **(params | kwargs),
    )


def test_it_decides_on_the_spot_with_a_numbered_decision_and_review_first_notice(
    handler, handler2, items, citizen, east_street, frozen
):
    decision = _on_the_spot(handler, handler2, items["spit"], citizen, east_street)
    case = decision.case
    assert case.procedure == "simple"
    assert case.status == "served"  # handed over on the spot = served (Art 52 ¶1)
    assert decision.number.startswith("示范城管当罚字〔2026〕第")
    assert "应当先申请行政复议" in decision.remedy_notice  # 行政复议法 Art 23
    assert case.payment_due == date(2026, 3, 17)  # 15 days (Art 67)
    kinds = set(CaseDeadline.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == {"payment", "simple_filing"}
    assert verify_case(case) is None


def test_it_collects_up_to_100_yuan_on_the_spot(
    handler, handler2, items, citizen, east_street, frozen
):
    """Art 68: collection on the spot ≤ ¥100; the cash goes to the bureau within 2 WD (Art 71)."""
    decision = _on_the_spot(
        handler, handler2, items["spit"], citizen, east_street, collect_on_spot=True
    )
    case = decision.case
    assert (case.status, case.paid) == ("performed", Decimal("50"))
    handover = CaseDeadline.objects.get(case=case, kind="cash_handover")
    assert handover.due_on == date(2026, 3, 4)


@pytest.mark.parametrize(
    ("party", "fine", "ok"),
    [
        ("citizen", "200", True),
        ("citizen", "201", False),
        ("company", "3000", True),
        ("company", "3001", False),
    ],
)
def test_the_simple_procedure_limit_is_200_for_a_person_and_3000_for_an_organisation(
    handler, handler2, items, citizen, company, east_street, frozen, party, fine, ok, request
):
    """Art 51 (inclusive limits), on an item whose range allows both sides of the limit."""
    who = citizen if party == "citizen" else company
    before = Case.objects.count()

    def call():
        return _on_the_spot(handler, handler2, items["road"], who, east_street, fine=Decimal(fine))

    if ok:
        assert call().case.fine == Decimal(fine)
    else:
        with pytest.raises(GuardRefused) as exc:
            call()
        assert "简易程序限额" in exc.value.message
        assert Case.objects.count() == before


def test_it_refuses_on_the_spot_collection_above_100(
    handler, handler2, items, citizen, east_street, frozen
):
    with pytest.raises(GuardRefused, match="第68条"):
        _on_the_spot(
            handler,
            handler2,
            items["spit"],
            citizen,
            east_street,
            fine=Decimal("200"),
            serious_facts="经劝阻拒不改正 (情节严重)",
            collect_on_spot=True,
        )


def test_it_files_the_decision_with_the_bureau(
    handler, handler2, leader, items, citizen, east_street, frozen
):
    """Art 52 ¶3: on-the-spot decisions are filed (备案)."""
    decision = _on_the_spot(handler, handler2, items["spit"], citizen, east_street)
    actions.file_simple_decision(decision.case, actor=leader.user, on=DAY)
    decision.refresh_from_db()
    assert decision.filed_with_bureau_on == DAY
    assert CaseDeadline.objects.get(case=decision.case, kind="simple_filing").met_on == DAY


def test_a_warning_alone_is_performed_at_once(
    handler, handler2, items, citizen, east_street, frozen
):
    decision = _on_the_spot(
        handler, handler2, items["spit"], citizen, east_street, penalty_kinds=["warning"], fine=None
    )
    assert decision.case.status == "performed"
    assert decision.case.fine is None
