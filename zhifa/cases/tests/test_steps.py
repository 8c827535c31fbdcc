"""``available_steps``: at each stage of a general case, exactly the steps the actions would
accept are allowed, for each role; the others say why not."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.steps import available_steps, next_step
from zhifa.cases.tests.pages_helpers import day
from zhifa.cases.views.registry import all_pages

pytestmark = pytest.mark.django_db

LEADER_ALWAYS = {"assign_handler", "recuse_handler"}


def allowed(case, persona, on) -> set[str]:
    """The steps the case page offers (those with a page)."""
    return {s.name for s in available_steps(case, persona.user, on, only=all_pages()) if s.allowed}


def reasons(case, persona, on) -> dict[str, str]:
    return {s.name: s.reason for s in available_steps(case, persona.user, on, only=all_pages())}


def test_a_clue(flow, frozen, leader, handler):
    case = flow.clue()
    assert allowed(case, handler, day(0)) == {"request_filing", "add_evidence"}
    # No handler yet: nobody to recuse.
    assert allowed(case, leader, day(0)) == {"reject_filing", "assign_handler"}


def test_filing_pending(flow, frozen, leader, handler, reviewer):
    case = flow.clue()
    actions.request_filing(
        case,
        actor=handler.user,
        handlers=[handler.officer, flow.handler2.officer],
        violation_item=flow.item,
        party=flow.party,
        act_on=day(-3),
        on=day(0),
    )
    case.refresh_from_db()
    assert allowed(case, handler, day(0)) == {"add_evidence"}
    assert allowed(case, leader, day(0)) == {"approve_filing", "reject_filing", "withdraw"} | (
        LEADER_ALWAYS
    )
    assert allowed(case, reviewer, day(0)) == set()
    assert reasons(case, handler, day(0))["approve_filing"] == "须由负责人办理"


def test_investigating(flow, frozen, leader, handler, handler2):
    case = flow.filed()
    mine = {
        "add_evidence",
        "record_transcript",
        "order_correction",  # 责令改正 (Art 28)
        "request_preservation",
        "submit_report",
    }
    assert allowed(case, handler, day(1)) == mine
    assert allowed(case, leader, day(1)) == {"withdraw", "extend_time_limit"} | LEADER_ALWAYS
    why = reasons(case, leader, day(1))
    assert why["approve_preservation"] == "没有待批准的先行登记保存申请"
    assert "不能事先告知" in why["notify"]  # not from this status


def test_a_preservation_waits_for_its_approval_and_blocks_the_report(flow, frozen, leader, handler):
    case = flow.filed()
    actions.request_preservation(case, actor=handler.user, items="挖掘机一台", on=day(1))
    assert "approve_preservation" in allowed(case, leader, day(1))
    assert "先行登记保存" in reasons(case, handler, day(1))["submit_report"]
    assert "submit_report" not in allowed(case, handler, day(1))


def test_a_handler_who_is_not_on_the_case_may_not_sign_its_transcripts(flow, frozen, bureau):
    from zhifa.testing import factories as f

    case = flow.filed()
    user = f.UserFactory(username="outsider", role="case_handler", org_unit=bureau)
    f.certify(f.OfficerFactory(name="外人", unit=bureau, user=user))
    why = {s.name: s.reason for s in available_steps(case, user, day(1))}
    assert "不是本案承办人" in why["record_transcript"]
    assert why["add_evidence"] == ""  # evidence: any field officer of the bureau


def test_investigated(flow, frozen, leader, handler):
    case = flow.reported()
    assert allowed(case, handler, day(7)) == {"add_evidence", "notify", "order_correction"}
    assert allowed(case, leader, day(7)) == {"withdraw", "extend_time_limit"} | LEADER_ALWAYS
    assert "事先告知" in reasons(case, leader, day(7))["decide"]


def test_notified_while_the_statement_period_runs(flow, frozen, leader, handler):
    case = flow.notified()
    assert allowed(case, handler, day(8)) == {
        "add_evidence",
        "order_correction",
        "record_statement",
        "waive_statement",
    }
    why = reasons(case, handler, day(8))
    assert "陈述申辩期限" in why["submit_legal_review"]
    assert "不属于应当告知听证" in why["request_hearing"]


def test_heard(flow, frozen, leader, handler):
    case = flow.heard()
    assert allowed(case, handler, day(9)) == {
        "add_evidence",
        "order_correction",
        "record_statement",
        "submit_legal_review",
    }
    assert "已声明放弃" in reasons(case, handler, day(9))["waive_statement"]
    assert "法制审核" in reasons(case, leader, day(9))["decide"]


def test_in_legal_review(flow, frozen, leader, handler, reviewer, handler2):
    case = flow.heard()
    actions.submit_legal_review(case, actor=handler.user, on=day(10))
    case.refresh_from_db()
    assert allowed(case, reviewer, day(10)) == {"pass_legal_review", "return_for_investigation"}
    assert allowed(case, handler, day(10)) == set()
    assert allowed(case, leader, day(10)) == {"withdraw", "extend_time_limit"} | LEADER_ALWAYS


def test_reviewed(flow, frozen, leader, handler):
    case = flow.reviewed()
    assert allowed(case, leader, day(11)) == {
        "decide",
        "record_discussion",
        "withdraw",
        "extend_time_limit",  # 行政处罚法 Art 60
    } | (LEADER_ALWAYS)
    assert allowed(case, handler, day(11)) == {"add_evidence", "order_correction"}
    assert next_step(available_steps(case, handler.user, day(11))).name == "record_discussion"


def test_decided(flow, frozen, leader, handler, reviewer):
    case = flow.decided()
    assert allowed(case, handler, day(14)) == {"record_remedy"}
    assert allowed(case, leader, day(14)) == {"record_remedy"} | LEADER_ALWAYS
    assert allowed(case, reviewer, day(14)) == {"record_remedy"}
    # The service of the decision has no case form: it is the next step, taken on the 送达 page
    # with a legal mode and its proof (Art 61; 民事诉讼法 Arts 87–95) — for a leader too.
    for persona in (handler, leader):
        step = next_step(available_steps(case, persona.user, day(14)))
        assert step is not None
        assert (step.name, step.allowed) == ("record_service", True)
        assert step.url == f"/delivery/case/{case.pk}/"
    assert "决定书尚未送达" in reasons(case, leader, day(14))["close"]


def test_served_and_unpaid(flow, frozen, leader, handler):
    case = flow.served()
    assert allowed(case, handler, day(15)) == {
        "record_remedy",
        "record_payment",
        "request_payment_plan",
    }
    assert allowed(case, leader, day(15)) == {"record_remedy", "record_payment"} | LEADER_ALWAYS
    assert "缴款期限" in reasons(case, handler, day(15))["issue_reminder"]


def test_paid_then_closed_then_archived(flow, frozen, leader, handler):
    from zhifa.performance.actions import record_payment

    case = flow.served()
    record_payment(case, actor=handler.user, amount=Decimal(5000), paid_on=day(20), channel="bank")
    case.refresh_from_db()
    assert allowed(case, leader, day(20)) == {"close", "record_remedy"} | LEADER_ALWAYS
    actions.close_case(case, actor=leader.user, on=day(20))
    case.refresh_from_db()
    assert allowed(case, leader, day(20)) == {"archive"}
    assert allowed(case, handler, day(20)) == set()


def test_a_simple_case_offers_only_steps_of_its_procedure(
    handler, handler2, leader, items, citizen, east_street, frozen
):
    from zhifa.cases.record import Place

    decision = actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=items["spit"],
        party=citizen,
        facts="随地吐痰",
        place=Place("人民路"),
        street=east_street,
        penalty_kinds=["fine"],
        fine=Decimal(50),
        collect_on_spot=True,
        on=day(0),
    )
    case = decision.case
    names = {s.name for s in available_steps(case, handler.user, day(0))}
    assert "submit_report" not in names
    assert {"file_simple_decision", "record_cash_handover", "close"} <= names
    assert allowed(case, handler, day(0)) == {
        "file_simple_decision",
        "record_cash_handover",
        "record_remedy",
    }
    assert allowed(case, handler2, day(0)) == {
        "file_simple_decision",
        "record_cash_handover",
        "record_remedy",
    }
    assert (
        allowed(case, leader, day(0))
        == {
            "file_simple_decision",
            "record_cash_handover",
            "close",
            "record_remedy",
        }
        | LEADER_ALWAYS
    )


def test_the_next_step_names_who_takes_it(flow, frozen, handler):
    case = flow.filed()
    state = next_step(available_steps(case, handler.user, day(1)))
    assert (state.name, state.who) == ("submit_report", "执法队员或街道执法队员")
    case = flow.heard()
    assert next_step(available_steps(case, handler.user, day(9))).name == "submit_legal_review"


def test_there_is_no_next_step_while_the_party_may_still_speak(flow, frozen, handler):
    case = flow.notified()
    assert next_step(available_steps(case, handler.user, day(8))) is None
    # Once the statement period is over, the case goes to legal review.
    later = case.notices.get().statement_due + timedelta(days=1)
    assert next_step(available_steps(case, handler.user, later)).name == "submit_legal_review"


def test_an_on_the_spot_case_is_next_filed_and_shows_no_cash_step_without_cash(
    handler, handler2, items, citizen, east_street, frozen
):
    """行政处罚法 Art 52 ¶3: the on-the-spot decision is filed with the bureau — the officer's
    next duty while the party has its 15 days to pay."""
    from zhifa.cases.record import Place

    decision = actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=items["spit"],
        party=citizen,
        facts="随地吐痰",
        place=Place("人民路"),
        street=east_street,
        penalty_kinds=["fine"],
        fine=Decimal(50),
        on=day(0),
    )
    case = decision.case
    states = available_steps(case, handler.user, day(0), only=all_pages())
    assert "record_cash_handover" not in {s.name for s in states if s.current}
    deadlines = case.deadlines.filter(met_on__isnull=True, cancelled=False)
    assert next_step(states, deadlines).name == "file_simple_decision"
