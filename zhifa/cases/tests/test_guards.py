"""Each guard beyond the table, with every disallowed state it covers. A refusal is a 409 with
a Chinese message citing the article, and nothing is written."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.guards import GuardRefused
from zhifa.cases.models import Case, CaseEvent, CaseHandler
from zhifa.core.errors import InvalidInput
from zhifa.org import actions as org_actions
from zhifa.testing import factories as f
from zhifa.testing.review import checklist

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)


# --- 行政处罚法 Art 42: two certified handlers -------------------------------------------------


def _expired(o):
    f.certify(o, issued_on=date(2020, 1, 1), expires_on=date(2025, 12, 31))


def _suspended(o):
    c = f.certify(o)
    org_actions.suspend_certificate(c, on=date(2026, 1, 5), reason="停职", actor=None)


def _cancelled(o):
    c = f.certify(o)
    org_actions.cancel_certificate(c, on=date(2026, 1, 5), reason="调出", actor=None)


def _not_yet(o):
    f.certify(o, issued_on=date(2026, 6, 1), expires_on=date(2031, 5, 31))


def _left(o):
    f.certify(o)
    o.left_on = date(2026, 2, 1)
    o.save()


def _auxiliary(o):
    o.is_auxiliary = True
    o.save()


def _uncertified(o):
    pass


@pytest.mark.parametrize(
    "spoil", [_expired, _suspended, _cancelled, _not_yet, _left, _auxiliary, _uncertified]
)
def test_filing_needs_two_certified_handlers(flow, bureau, spoil, frozen):
    """Art 42: a second handler who is not qualified on the day leaves only one."""
    second = f.OfficerFactory(unit=bureau, name="第二人")
    spoil(second)
    case = flow.clue()
    with pytest.raises(GuardRefused) as exc:
        actions.request_filing(
            case,
            actor=flow.handler.user,
            handlers=[flow.handler.officer, second],
            violation_item=flow.item,
            party=flow.party,
            act_on=DAY - timedelta(days=3),
            on=DAY,
        )
    assert exc.value.code == "two_handlers"
    assert "第42条" in exc.value.message
    assert not CaseHandler.objects.filter(case=case).exists()
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_filing_refuses_a_single_handler(flow, frozen):
    case = flow.clue()
    with pytest.raises(GuardRefused, match="不得少于2人"):
        actions.request_filing(
            case,
            actor=flow.handler.user,
            handlers=[flow.handler.officer],
            violation_item=flow.item,
            party=flow.party,
            act_on=DAY - timedelta(days=3),
            on=DAY,
        )


def test_a_recusal_leaves_one_handler_and_blocks_the_next_handler_step(flow, frozen):
    """Art 43: recusal does not stop the investigation, but the next signed step needs two."""
    case = flow.filed()
    actions.recuse_handler(
        case, flow.handler2.officer, actor=flow.leader.user, reason="与当事人系近亲属", on=DAY
    )
    with pytest.raises(GuardRefused) as exc:
        actions.submit_report(
            case,
            actor=flow.handler.user,
            findings="…",
            outcome="penalty",
            fine=Decimal("5000"),
            penalty_kinds=["fine"],
            on=DAY,
        )
    assert exc.value.code == "two_handlers"


def test_the_act_cannot_come_after_its_discovery(flow, frozen):
    case = flow.clue()
    with pytest.raises(InvalidInput) as exc:
        actions.request_filing(
            case,
            actor=flow.handler.user,
            handlers=[flow.handler.officer, flow.handler2.officer],
            violation_item=flow.item,
            party=flow.party,
            act_on=DAY + timedelta(days=1),
            on=DAY,
        )
    assert (exc.value.code, exc.value.field) == ("act_after_finding", "act_on")


# --- Art 36: limitation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("act_on", "continuing", "ended", "extended", "refused"),
    [
        (date(2024, 3, 2), False, None, False, False),  # exactly 2 years: still in time
        (date(2024, 3, 1), False, None, False, True),  # 2 years and a day
        (date(2021, 3, 2), False, None, True, False),  # 5 years where life/health is involved
        (date(2021, 3, 1), False, None, True, True),
        (date(2020, 1, 1), True, None, False, False),  # continuing, not ended: never expired
        (date(2020, 1, 1), True, date(2024, 3, 1), False, True),  # ended over 2 years ago
        (date(2020, 1, 1), True, date(2024, 3, 5), False, False),
    ],
)
def test_the_limitation_period(flow, frozen, act_on, continuing, ended, extended, refused):
    case = flow.clue()
    call = lambda: actions.request_filing(  # noqa: E731
        case,
        actor=flow.handler.user,
        handlers=[flow.handler.officer, flow.handler2.officer],
        violation_item=flow.item,
        party=flow.party,
        act_on=act_on,
        continuing=continuing,
        act_ended_on=ended,
        extended_limitation=extended,
        on=DAY,
    )
    if refused:
        with pytest.raises(GuardRefused) as exc:
            call()
        assert exc.value.code == "limitation_expired"
        assert "第36条" in exc.value.message
        assert Case.objects.get(pk=case.pk).status == "clue"
    else:
        call()
        assert Case.objects.get(pk=case.pk).status == "filing_pending"


# --- Arts 44, 45, 58, 57, 62: before the decision ---------------------------------------------


def test_the_decision_needs_the_statement_period_over(flow, frozen):
    """Art 62: notified on the 10th, statement due 5 WD later; deciding on the 12th refused."""
    case = flow.notified()
    with pytest.raises(GuardRefused) as exc:
        actions.submit_legal_review(case, actor=flow.handler.user, on=DAY + timedelta(days=12))
    assert "陈述申辩期限" in exc.value.message
    assert case.reviews.count() == 0


def test_the_decision_is_possible_once_the_statement_period_is_over(flow, frozen):
    case = flow.notified()
    due = case.notices.get().statement_due
    actions.submit_legal_review(case, actor=flow.handler.user, on=due + timedelta(days=1))
    assert case.reviews.count() == 1


def test_the_decision_needs_passed_legal_review(flow, frozen):
    """Art 58: no decision without passing review where required — checked by the guard even
    where the table would allow the step (a case notified and heard)."""
    from zhifa.cases.guards import decision_problems

    case = flow.heard()
    problems = decision_problems(case, "penalty", DAY + timedelta(days=12))
    assert any("第58条" in p for p in problems)
    with pytest.raises(GuardRefused) as exc:
        actions.decide(case, actor=flow.leader.user, on=DAY + timedelta(days=12))
    assert exc.value.code == "decision_not_ready"
    assert not case.decisions.exists()


def test_the_decision_needs_collective_discussion_for_a_serious_case(flow, frozen):
    """Art 57 ¶2: the serious band makes collective discussion required."""
    flow.fine = Decimal("18000")
    case = flow.reviewed(discretion_level="serious")
    assert case.requires_collective_discussion
    with pytest.raises(GuardRefused) as exc:
        actions.decide(case, actor=flow.leader.user, on=DAY + timedelta(days=14))
    assert "集体讨论" in exc.value.message
    assert not case.decisions.exists()


def test_a_discussion_needs_the_quorum(flow, frozen):
    flow.fine = Decimal("18000")
    case = flow.reviewed(discretion_level="serious")
    with pytest.raises(InvalidInput) as exc:
        actions.record_collective_discussion(
            case,
            actor=flow.leader.user,
            held_on=DAY + timedelta(days=12),
            attendee_ids=[flow.leader.officer.pk, flow.leader.officer.pk, flow.reviewer.officer.pk],
            conclusion="同意",
            agreed_outcome="penalty",
            agreed_fine=Decimal("18000"),
        )
    assert exc.value.field == "attendee_ids"
    assert "不得少于3人" in exc.value.message  # the same officer twice counts once


def test_the_penalty_may_not_rise_after_the_defence(flow, frozen):
    """Art 45: not heavier than notified because the party defended itself."""
    case = flow.reviewed()
    with pytest.raises(GuardRefused) as exc:
        actions.decide(
            case, actor=flow.leader.user, fine=Decimal("6000"), on=DAY + timedelta(days=14)
        )
    assert exc.value.code == "penalty_increased"
    assert "第45条" in exc.value.message
    assert not case.decisions.exists()


def test_the_penalty_may_be_lowered_after_the_defence(flow, frozen):
    case = flow.reviewed()
    decision = actions.decide(
        case, actor=flow.leader.user, fine=Decimal("3000"), on=DAY + timedelta(days=14)
    )
    assert decision.fine == Decimal("3000")


# --- Catalog range and bands -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "fine", "level", "error", "code"),
    [
        ("road", "25000", "general", GuardRefused, "fine_above_maximum"),  # road: ≤ ¥20,000
        ("site", "1000", "", GuardRefused, "fine_below_minimum"),  # site: ¥2,000–20,000
        ("road", "19000", "minor", InvalidInput, "reason_required"),  # outside the minor band
    ],
)
def test_the_fine_must_lie_in_the_catalog_range(
    flow, items, frozen, item, fine, level, error, code
):
    flow.item = items[item]
    case = flow.filed()
    with pytest.raises(error) as exc:
        actions.submit_report(
            case,
            actor=flow.handler.user,
            findings="…",
            outcome="penalty",
            fine=Decimal(fine),
            penalty_kinds=["fine"],
            discretion_level=level,
            on=DAY,
        )
    assert exc.value.code == code
    assert not case.proposals.exists()


def test_a_fine_outside_its_band_with_a_reason_is_flagged_for_legal_review(flow, frozen, settings):
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "LEGAL_REVIEW_ALL_GENERAL": False}
    case = flow.filed()
    proposal = actions.submit_report(
        case,
        actor=flow.handler.user,
        findings="…",
        outcome="penalty",
        fine=Decimal("19000"),
        penalty_kinds=["fine"],
        discretion_level="minor",
        out_of_band_reason="挖掘主干道且拒不恢复，危害较大",
        on=DAY,
    )
    case.refresh_from_db()
    assert proposal.out_of_band
    assert case.requires_legal_review


def test_a_penalty_the_provision_does_not_provide_is_refused(flow, frozen):
    case = flow.filed()
    with pytest.raises(GuardRefused) as exc:
        actions.submit_report(
            case,
            actor=flow.handler.user,
            findings="…",
            outcome="penalty",
            fine=Decimal("5000"),
            penalty_kinds=["fine", "revoke_permit"],
            on=DAY,
        )
    assert exc.value.code == "penalty_not_provided"


# --- Hearing (Arts 63–64) -----------------------------------------------------------------------


@pytest.fixture
def gas_notified(flow, frozen):
    flow.item = flow.item.__class__.objects.get(code="RQ-001")
    flow.fine = Decimal("150000")
    flow.kinds = ["fine"]
    return flow.notified()


def test_a_late_hearing_request_is_refused(flow, gas_notified):
    due = gas_notified.notices.get().hearing_request_due
    with pytest.raises(GuardRefused) as exc:
        actions.request_hearing(
            gas_notified, actor=flow.handler.user, requested_on=due + timedelta(days=1)
        )
    assert exc.value.code == "hearing_request_late"
    assert not gas_notified.hearings.exists()


@pytest.mark.parametrize(
    ("notified", "hearing", "ok"),
    [
        (date(2026, 3, 16), date(2026, 3, 25), True),  # 7 WD between (17,18,19,20,23,24,25)
        (date(2026, 3, 16), date(2026, 3, 24), False),  # 6 WD
    ],
)
def test_the_hearing_notice_comes_7_working_days_before(
    flow, gas_notified, bureau, notified, hearing, ok
):
    actions.request_hearing(
        gas_notified, actor=flow.handler.user, requested_on=DAY + timedelta(days=12)
    )
    host = f.OfficerFactory(unit=bureau)
    call = lambda: actions.schedule_hearing(  # noqa: E731
        gas_notified,
        actor=flow.leader.user,
        notified_on=notified,
        hearing_on=hearing,
        place="听证室",
        host=host,
    )
    if ok:
        assert call().scheduled_on == hearing
    else:
        with pytest.raises(GuardRefused, match="七日前"):
            call()


def test_an_investigator_may_not_chair_the_hearing(flow, gas_notified):
    actions.request_hearing(
        gas_notified, actor=flow.handler.user, requested_on=DAY + timedelta(days=12)
    )
    with pytest.raises(GuardRefused) as exc:
        actions.schedule_hearing(
            gas_notified,
            actor=flow.leader.user,
            notified_on=date(2026, 3, 16),
            hearing_on=date(2026, 3, 30),
            place="听证室",
            host=flow.handler.officer,
        )
    assert exc.value.code == "host_is_investigator"


# --- Legal review (Art 58) ----------------------------------------------------------------------


def test_a_reviewer_needs_the_legal_qualification(flow, frozen, legal_section):
    case = flow.heard()
    actions.submit_legal_review(case, actor=flow.handler.user, on=DAY + timedelta(days=10))
    flow.reviewer.officer.has_legal_qualification = False
    flow.reviewer.officer.save()
    with pytest.raises(GuardRefused) as exc:
        actions.record_legal_review(
            case,
            actor=flow.reviewer.user,
            outcome="passed",
            opinion="同意",
            checklist=checklist(),
            on=DAY + timedelta(days=11),
        )
    assert "法律职业资格" in exc.value.message


def test_a_handler_may_not_review_their_own_case(flow, frozen, handler):
    case = flow.heard()
    actions.submit_legal_review(case, actor=flow.handler.user, on=DAY + timedelta(days=10))
    CaseHandler.objects.create(
        case=case, officer=flow.reviewer.officer, role="assist", assigned_on=DAY
    )
    with pytest.raises(GuardRefused, match="承办人"):
        actions.record_legal_review(
            case,
            actor=flow.reviewer.user,
            outcome="passed",
            opinion="同意",
            checklist=checklist(),
            on=DAY + timedelta(days=11),
        )


# --- Closing ------------------------------------------------------------------------------------


def test_an_unpaid_case_cannot_be_closed(flow, frozen):
    case = flow.served()
    with pytest.raises(GuardRefused) as exc:
        actions.close_case(case, actor=flow.leader.user, on=DAY + timedelta(days=16))
    assert "尚未履行" in exc.value.message
