"""Safeguards on the content of a penalty decision: the kinds the law and the prior notice allow
(行政处罚法 Arts 38, 44, 45, 62, 63), the collective discussion's conclusion (Art 57 ¶2). Each
rule is refused with a Chinese message naming the field and the article, with the same status
through the action, the API and the page, and writes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.actions.penalty_checks import minor_mitigation_note
from zhifa.cases.models import Case, CaseEvent, Decision
from zhifa.cases.record import Place
from zhifa.cases.tests.conftest import Flow
from zhifa.cases.tests.pages_helpers import Snapshot, at, post_step
from zhifa.core.errors import DomainError
from zhifa.parties.generate import make_resident_id
from zhifa.parties.models import Party
from zhifa.testing import parties as pf
from zhifa.testing.review import checklist

pytestmark = pytest.mark.django_db

VIAS = ("action", "api", "page")


def _written(case: Case) -> tuple[int, int, str, int]:
    case.refresh_from_db()
    return (
        CaseEvent.objects.filter(case=case).count(),
        Decision.objects.filter(case=case).count(),
        case.status,
        case.version,
    )


def _decide(via: str, case: Case, persona, api, body: dict) -> tuple[int, str]:
    """Ask for the decision through one interface; return (status, message)."""
    if via == "action":
        kwargs = dict(body)
        if "fine" in kwargs:
            kwargs["fine"] = Decimal(kwargs["fine"])
        try:
            actions.decide(case, actor=persona.user, **kwargs)
        except DomainError as exc:
            return exc.status, exc.message
        return 200, ""
    case.refresh_from_db()
    if via == "api":
        client = api(persona).client
        response = client.post(
            f"/api/v1/cases/{case.pk}/decide",
            {"version": case.version, **body},
            content_type="application/json",
        )
        data = response.json()
        return response.status_code, f"{data.get('field', '')} {data.get('message', '')}"
    response = post_step(persona.client(), case, "decide", body)
    return response.status_code, response.content.decode()


# --- 行政处罚法 Arts 38, 44, 45, 62, 63: the kinds decided --------------------------------------


KIND_CASES = [
    # (item, decided kinds, status, words of the message)
    ("road", ["jail"], 422, "处罚种类：「jail」无效"),  # not a penalty kind at all (Art 9)
    ("road", ["correction_order"], 422, "责令改正不是行政处罚"),  # Art 28: no penalty left
    ("road", ["fine", "warning"], 409, "处罚依据未规定警告"),  # DL-002 provides no warning (Art 38)
    ("site", ["fine", "warning"], 409, "警告未在行政处罚事先告知书中告知"),  # Arts 44, 62
]


@pytest.mark.parametrize("via", VIAS)
@pytest.mark.parametrize(("item", "kinds", "status", "words"), KIND_CASES)
def test_the_decided_kinds_are_provided_and_notified(
    flow, items, frozen, leader, api, via, item, kinds, status, words
):
    """# 行政处罚法 Arts 38, 44, 45, 62, 63: only kinds the penalty provision provides and the
    prior notice announced (the page offers every kind; the page refuses an unknown one as a
    bad choice)."""
    flow.item = items[item]
    case = flow.reviewed()
    at(frozen, 14)
    before = _written(case)
    body: dict = {"outcome": "penalty", "fine": "5000", "penalty_kinds": kinds}
    got, message = _decide(via, case, leader, api, body)
    assert got == status
    if via == "page" and kinds == ["jail"]:
        assert "jail" in message  # the form refuses the choice it does not offer
    else:
        assert words in message
        assert "处罚种类" in message
        assert "第" in message
        assert "条" in message
    assert _written(case) == before


def test_the_notified_kinds_are_decided(flow, items, frozen, leader):
    """The notified kinds (and 责令改正 beside them) pass; a subset of them too."""
    flow.item = items["site"]
    case = flow.reviewed()
    at(frozen, 14)
    decision = actions.decide(
        case, actor=leader.user, fine=Decimal("5000"), penalty_kinds=["fine", "correction_order"]
    )
    assert decision.penalty_kinds == ["fine", "correction_order"]


# --- 行政处罚法 Art 57 ¶2: the decision is the discussion's conclusion ---------------------------


def _discussed(flow, *, agreed_outcome: str = "penalty", agreed_fine: str = "18000") -> Case:
    flow.fine = Decimal("18000")
    case = flow.reviewed(discretion_level="serious")
    assert case.requires_collective_discussion
    actions.record_collective_discussion(
        case,
        actor=flow.leader.user,
        held_on=flow.day + timedelta(days=12),
        attendee_ids=flow.attendee_ids,
        conclusion="同意给予行政处罚",
        agreed_outcome=agreed_outcome,
        agreed_fine=Decimal(agreed_fine) if agreed_fine else None,
    )
    return flow.refresh()


DISCUSSION_CASES = [
    # (agreed fine, the decision, words of the message)
    ("18000", {"outcome": "penalty", "fine": "15000"}, "与集体讨论决定的 18000.00 元不一致"),
    (
        "18000",
        {"outcome": "no_penalty", "no_penalty_reason": "first_minor"},
        "与集体讨论决定的「给予行政处罚」不一致",
    ),
    ("18000", {"outcome": "transfer"}, "与集体讨论决定的「给予行政处罚」不一致"),
]


@pytest.mark.parametrize("via", VIAS)
@pytest.mark.parametrize(("agreed", "body", "words"), DISCUSSION_CASES)
def test_the_decision_follows_the_collective_discussion(
    flow, frozen, leader, api, via, agreed, body, words
):
    """# 行政处罚法 Art 57 ¶2: a decision other than the discussion's conclusion needs a new
    discussion."""
    case = _discussed(flow, agreed_fine=agreed)
    at(frozen, 14)
    before = _written(case)
    got, message = _decide(via, case, leader, api, body)
    assert got == 409
    assert words in message
    assert "第57条第2款" in message
    assert _written(case) == before


def test_the_discussed_decision_is_made(flow, frozen, leader):
    case = _discussed(flow)
    at(frozen, 14)
    decision = actions.decide(case, actor=leader.user)
    assert (decision.outcome, decision.fine) == ("penalty", Decimal("18000"))
    assert Snapshot.of(case).status == "decided"


# --- 行政处罚法 Art 30: the party's age on the day of the act (from the resident ID) -------------

# The flow's act is on START - 3 = 2026-02-27.
THIRTEEN = date(2012, 2, 28)  # 13 on the day of the act, 14 the day after
FOURTEEN = date(2012, 2, 27)  # 14 on the day of the act


def _minor(east_street, born: date) -> Party:
    return pf.person(
        name="小明",
        street=east_street,
        id_number=make_resident_id(region="110101", born=born, sequence=17),
    )


def test_the_age_is_counted_from_the_resident_id(east_street, db):
    party = _minor(east_street, THIRTEEN)
    assert party.birth_date == THIRTEEN
    assert party.age_on(date(2026, 2, 27)) == 13
    assert party.age_on(date(2026, 2, 28)) == 14
    assert pf.organisation(name="某公司").birth_date is None


AGE_CASES = [
    # (born, outcome, extra report fields, status, words)
    (THIRTEEN, "penalty", {}, 409, "未满十四周岁"),
    (FOURTEEN, "no_penalty", {"no_penalty_reason": "under_age"}, 409, "不适用「不满十四周岁」"),
]


@pytest.mark.parametrize("via", ["action", "api"])
@pytest.mark.parametrize(("born", "outcome", "extra", "status", "words"), AGE_CASES)
def test_a_party_under_14_is_not_penalised(
    flow, east_street, frozen, api, via, born, outcome, extra, status, words
):
    """# 行政处罚法 Art 30: under 14 on the day of the act: no penalty; the ground 不满十四周岁
    only for such a party."""
    flow.party = _minor(east_street, born)
    case = flow.filed()
    at(frozen, 7)
    before = _written(case)
    body: dict = {"findings": "擅自挖掘人民路人行道", "outcome": outcome} | extra
    if outcome == "penalty":
        body |= {"fine": "5000", "penalty_kinds": ["fine"], "discretion_level": "general"}
    if via == "action":
        if "fine" in body:
            body["fine"] = Decimal(body["fine"])
        with pytest.raises(DomainError) as exc:
            actions.submit_report(case, actor=flow.handler.user, **body)
        got, message = exc.value.status, exc.value.message
    else:
        case.refresh_from_db()
        response = api(flow.handler).client.post(
            f"/api/v1/cases/{case.pk}/report",
            {"version": case.version, **body},
            content_type="application/json",
        )
        got, message = response.status_code, response.json()["message"]
    assert got == status
    assert words in message
    assert "第30条" in message
    assert _written(case) == before


def test_a_party_of_14_may_be_penalised_and_mitigation_is_prompted(flow, east_street, frozen):
    flow.party = _minor(east_street, FOURTEEN)
    case = flow.reported()
    assert case.status != "filed"
    note = minor_mitigation_note(case.party, case.act_on)
    assert "14 周岁" in note
    assert "从轻或者减轻" in note


@pytest.mark.parametrize("level", ["heavier", "serious"])
def test_a_party_of_14_to_17_is_not_placed_in_a_heavier_band(flow, east_street, frozen, level):
    """# 行政处罚法 Art 30: 14 to 17 on the day of the act → 应当从轻或者减轻."""
    flow.party = _minor(east_street, FOURTEEN)
    case = flow.filed()
    before = _written(case)
    with pytest.raises(DomainError) as exc:
        actions.submit_report(
            case,
            actor=flow.handler.user,
            findings="擅自挖掘人民路人行道",
            outcome="penalty",
            fine=Decimal("15000"),
            penalty_kinds=["fine"],
            discretion_level=level,
            on=flow.day + timedelta(days=7),
        )
    assert exc.value.status == 409
    assert exc.value.code == "minor_not_mitigated"
    assert "裁量档次" in exc.value.message
    assert "第30条" in exc.value.message
    assert _written(case) == before


def test_no_penalty_on_the_spot_for_a_party_under_14(handler, handler2, items, east_street, frozen):
    """# 行政处罚法 Art 30 on the spot: the act today (2026-03-02), born 2012-03-03 → 13."""
    party = _minor(east_street, date(2012, 3, 3))
    cases_before = Case.objects.count()
    with pytest.raises(DomainError) as exc:
        _on_the_spot(handler, handler2, items, east_street, party)
    assert exc.value.status == 409
    assert exc.value.code == "party_under_14"
    assert "第30条" in exc.value.message
    assert Case.objects.count() == cases_before


def _on_the_spot(handler, handler2, items, east_street, party, **kwargs):
    return actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=items["spit"],
        party=party,
        facts="随地吐痰",
        place=Place("人民路地铁站口"),
        street=east_street,
        penalty_kinds=["fine"],
        fine=Decimal("50"),
        **kwargs,
    )


# --- 行政处罚法 Art 36 on the spot -------------------------------------------------------------


@pytest.mark.parametrize("acted", [date(2024, 3, 1), date(2023, 3, 2)])
def test_the_limitation_applies_on_the_spot(
    handler, handler2, items, east_street, citizen, frozen, acted
):
    """# 行政处罚法 Art 36: an act of more than 2 years ago (today 2026-03-02) is not penalised."""
    cases_before = Case.objects.count()
    with pytest.raises(DomainError) as exc:
        _on_the_spot(handler, handler2, items, east_street, citizen, act_on=acted)
    assert exc.value.status == 409
    assert "第36条" in exc.value.message
    assert Case.objects.count() == cases_before


def test_an_act_within_two_years_is_penalised_on_the_spot(
    handler, handler2, items, east_street, citizen, frozen
):
    decision = _on_the_spot(handler, handler2, items, east_street, citizen, act_on=date(2024, 3, 2))
    assert decision.case.act_on == date(2024, 3, 2)


# --- 行政处罚法 Art 33 ¶3: education for every no-penalty decision -----------------------------


def _no_penalty_reviewed(flow, reason: str) -> Case:
    """Reported as not to be penalised, and passed legal review (the bureau's rule)."""
    case = flow.reported("no_penalty", no_penalty_reason=reason)
    actions.submit_legal_review(case, actor=flow.handler.user, on=flow.day + timedelta(days=8))
    actions.record_legal_review(
        case,
        actor=flow.reviewer.user,
        outcome="passed",
        opinion="符合不予处罚条件",
        checklist=checklist(),
        on=flow.day + timedelta(days=9),
    )
    return flow.refresh()


@pytest.mark.parametrize("via", VIAS)
@pytest.mark.parametrize("reason", ["minor", "first_minor", "no_fault"])
def test_a_no_penalty_decision_records_the_education(flow, frozen, leader, api, via, reason):
    """# 行政处罚法 Art 33 ¶3: not penalised → educated (recorded in the decision)."""
    case = _no_penalty_reviewed(flow, reason)
    at(frozen, 14)
    before = _written(case)
    body = {"outcome": "no_penalty", "no_penalty_reason": reason}
    got, message = _decide(via, case, leader, api, body)
    assert got == 422
    assert "已对当事人进行教育" in message
    assert "第33条第3款" in message
    assert _written(case) == before
    got, _ = _decide(via, case, leader, api, body | {"education_given": True})
    assert got in (200, 302)
    assert Decision.objects.get(case=case).education_given


def test_no_education_where_the_facts_are_not_established(flow, frozen, leader):
    case = _no_penalty_reviewed(flow, "facts_not_established")
    at(frozen, 14)
    decision = actions.decide(case, actor=leader.user)
    assert not decision.education_given


# --- 行政处罚法 Art 33 ¶1: 首违不罚 only for a first violation --------------------------------


def _second_case(flow, frozen) -> Flow:
    """The same party and item again, 30 days after the first flow started; the first case was
    decided (a penalty) on day 14, within ZHIFA_REPEAT_VIOLATION_MONTHS (12) of this act."""
    flow.decided()
    again = Flow(
        flow.handler, flow.handler2, flow.leader, flow.reviewer, flow.item, flow.party, flow.street
    )
    again.day = at(frozen, 30)
    again.filed()
    return again


def _report(again: Flow, reason: str) -> None:
    actions.submit_report(
        again.case,
        actor=again.handler.user,
        findings="再次擅自挖掘人民路人行道",
        outcome="no_penalty",
        no_penalty_reason=reason,
        on=again.day + timedelta(days=7),
    )


@pytest.mark.parametrize("via", ["report", "decide"])
def test_first_violation_leniency_is_refused_for_a_repeat(flow, frozen, leader, via):
    """# 行政处罚法 Art 33 ¶1: a repeat within the configured period is no first violation."""
    again = _second_case(flow, frozen)
    case = again.case
    assert case is not None
    if via == "report":
        before = _written(case)
        with pytest.raises(DomainError) as exc:
            _report(again, "first_minor")
    else:  # reported on another ground, then decided as first_minor
        _report(again, "minor")
        actions.submit_legal_review(case, actor=again.handler.user, on=again.day + timedelta(8))
        actions.record_legal_review(
            case,
            actor=again.reviewer.user,
            outcome="passed",
            opinion="同意",
            checklist=checklist(),
            on=again.day + timedelta(9),
        )
        before = _written(case)
        with pytest.raises(DomainError) as exc:
            actions.decide(
                case,
                actor=leader.user,
                no_penalty_reason="first_minor",
                education_given=True,
                on=again.day + timedelta(days=10),
            )
    assert exc.value.status == 409
    assert exc.value.code == "not_first_violation"
    assert "第33条第1款" in exc.value.message
    assert "不予处罚理由" in exc.value.message
    assert _written(case) == before


def test_first_violation_leniency_after_the_period(flow, frozen, settings):
    """Outside the window (0 months configured) the earlier penalty does not count."""
    settings.ZHIFA_DISCLOSURE = settings.ZHIFA_DISCLOSURE | {"REPEAT_VIOLATION_MONTHS": 0}
    again = _second_case(flow, frozen)
    _report(again, "first_minor")
    assert again.refresh().status != "filed"
