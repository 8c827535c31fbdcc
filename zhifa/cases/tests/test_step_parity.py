"""The page and the action never disagree: for every step, in every stage a general case passes
through, for every staff role, "the case page offers the step" ⇔ "the action succeeds".

Both ask the step's one ``problems`` function (``workflow.Step.problems``) after the same table
check, so a precondition written only in the action (or only for the page) shows up here as a
mismatch naming the step, the stage and the role. Each action is tried with valid input of the
day inside a savepoint that is rolled back, so the stages are built once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from zhifa.cases import actions
from zhifa.cases.actions.safeguards import extend_time_limit
from zhifa.cases.facts import Facts
from zhifa.cases.models import Case, CaseDeadline, EvidencePreservation, Remedy
from zhifa.cases.steps import step_state
from zhifa.cases.tests.pages_helpers import at
from zhifa.cases.workflow import STEPS, expecting_version, through
from zhifa.core.errors import DomainError
from zhifa.org.choices import Role
from zhifa.performance import actions as perf
from zhifa.performance.models import CourtApplication, Payment, PaymentPlan
from zhifa.testing import factories as f
from zhifa.testing.review import checklist, returned

pytestmark = pytest.mark.django_db

Call = Callable[[Case, Any, Any], object]


class Rollback(Exception):
    pass


def _now(case: Case) -> datetime:
    return timezone.now().replace(microsecond=0)


def _row(model: type, case: Case, **filters: Any) -> Any:
    row = model.objects.filter(case=case, **filters).order_by("-id").first()
    if row is None:
        raise DomainError("no_row", "没有可办理的记录")
    return row


def _decision_due(case: Case) -> Any:
    row = CaseDeadline.objects.filter(case=case, kind="decision").order_by("-id").first()
    return row.due_on if row else timezone.localdate() + timedelta(days=60)


def _via_delivery(call: Callable[[], Any]) -> Any:
    with through("delivery"):
        return call()


# One valid call per step: (case, user, flow) → the action, with input of the day.
CALLS: dict[str, Call] = {
    "request_filing": lambda c, u, fl: actions.request_filing(
        c,
        actor=u,
        handlers=[fl.handler.officer, fl.handler2.officer],
        violation_item=fl.item,
        party=fl.party,
        act_on=c.found_on - timedelta(days=3),
        on=timezone.localdate(),
    ),
    "approve_filing": lambda c, u, fl: actions.approve_filing(c, actor=u),
    "reject_filing": lambda c, u, fl: actions.reject_filing(c, actor=u, reason="不属于本机关管辖"),
    "withdraw": lambda c, u, fl: actions.withdraw_case(c, actor=u, reason="违法事实不能成立"),
    "assign_handler": lambda c, u, fl: actions.assign_handler(c, fl.third.officer, actor=u),
    "recuse_handler": lambda c, u, fl: actions.recuse_handler(
        c, fl.handler2.officer, actor=u, reason="与当事人有利害关系"
    ),
    "add_evidence": lambda c, u, fl: actions.add_evidence(
        c, actor=u, kind="documentary", description="营业执照复印件"
    ),
    "record_transcript": lambda c, u, fl: actions.record_transcript(
        c,
        actor=u,
        kind="interview",
        started_at=_now(c) - timedelta(hours=1),
        ended_at=_now(c) - timedelta(minutes=20),
        place="执法大队询问室",
        content="问：你是否知道……答：知道。",
        interviewee="王某",
        party_signed=True,
    ),
    "void_entry": lambda c, u, fl: actions.void_entry(
        c,
        actor=u,
        entry=next(iter(actions.investigation.voidable_entries(c)), c.events.first()),
        reason="笔录日期记错",
    ),
    "order_correction": lambda c, u, fl: actions.investigation.order_correction(
        c,
        actor=u,
        content="立即停止占道，恢复原状",
        due_on=timezone.localdate() + timedelta(days=7),
    ),
    "request_preservation": lambda c, u, fl: actions.request_preservation(
        c, actor=u, items="挖掘机1台"
    ),
    "approve_preservation": lambda c, u, fl: actions.approve_preservation(
        _row(EvidencePreservation, c, approved_on__isnull=True), actor=u
    ),
    "decide_preservation": lambda c, u, fl: actions.decide_preservation(
        _row(EvidencePreservation, c, approved_on__isnull=False, decided_on__isnull=True),
        actor=u,
        decision="解除先行登记保存",
    ),
    "extend_time_limit": lambda c, u, fl: extend_time_limit(
        c,
        actor=u,
        reason="案情复杂，需补充鉴定",
        new_due=_decision_due(c) + timedelta(days=20),
    ),
    "submit_report": lambda c, u, fl: actions.submit_report(
        c,
        actor=u,
        findings="擅自挖掘人民路人行道约12平方米",
        outcome="penalty",
        fine=fl.fine,
        penalty_kinds=fl.kinds,
        discretion_level="general",
    ),
    "notify": lambda c, u, fl: actions.notify_intended_penalty(c, actor=u),
    "record_statement": lambda c, u, fl: actions.record_statement(
        c, actor=u, content="我已及时恢复原状，请求从轻处罚"
    ),
    # the service steps are taken by the delivery app (``via``): called as it calls them
    "record_notice_service": lambda c, u, fl: _via_delivery(
        lambda: actions.record_notice_service(c, actor=u, served_on=timezone.localdate())
    ),
    "review_statement": lambda c, u, fl: actions.review_statement(
        c, actor=u, adopted=False, reasons="所称已恢复原状与现场检查笔录不符"
    ),
    "waive_statement": lambda c, u, fl: actions.waive_statement(c, actor=u),
    "request_hearing": lambda c, u, fl: actions.request_hearing(c, actor=u),
    "schedule_hearing": lambda c, u, fl: actions.schedule_hearing(
        c,
        actor=u,
        hearing_on=timezone.localdate() + timedelta(days=14),
        notified_on=timezone.localdate(),
        place="本局听证室",
        host=fl.reviewer.officer,
    ),
    "record_hearing": lambda c, u, fl: actions.record_hearing(
        c, actor=u, held_on=timezone.localdate(), minutes="听证笔录……"
    ),
    "submit_legal_review": lambda c, u, fl: actions.submit_legal_review(c, actor=u),
    "pass_legal_review": lambda c, u, fl: actions.record_legal_review(
        c, actor=u, outcome="passed", opinion="事实清楚，证据确凿", checklist=checklist()
    ),
    "return_for_investigation": lambda c, u, fl: actions.record_legal_review(
        c, actor=u, outcome="returned", opinion="证据不足，请补充调查", checklist=returned()
    ),
    "record_discussion": lambda c, u, fl: actions.record_collective_discussion(
        c,
        actor=u,
        held_on=timezone.localdate(),
        attendee_ids=fl.attendee_ids,
        conclusion="同意给予行政处罚",
        agreed_outcome="penalty",
        agreed_fine=fl.fine,
    ),
    "decide": lambda c, u, fl: actions.decide(c, actor=u),
    "record_service": lambda c, u, fl: _via_delivery(
        lambda: actions.record_service(c, actor=u, served_on=timezone.localdate())
    ),
    "record_remedy": lambda c, u, fl: actions.record_remedy(
        c, actor=u, kind="review", applied_on=timezone.localdate(), body="示范区人民政府"
    ),
    "record_remedy_result": lambda c, u, fl: actions.record_remedy_result(
        _row(Remedy, c, decided_on__isnull=True),
        actor=u,
        result="upheld",
        decided_on=timezone.localdate(),
        result_received_on=timezone.localdate(),
    ),
    "record_payment": lambda c, u, fl: perf.record_payment(
        c, actor=u, amount=Decimal("100"), paid_on=timezone.localdate(), channel="bank"
    ),
    "request_payment_plan": lambda c, u, fl: perf.request_payment_plan(
        c,
        actor=u,
        kind="deferral",
        reason="经营困难",
        instalments=[(timezone.localdate() + timedelta(days=60), fl.fine)],
    ),
    "decide_payment_plan": lambda c, u, fl: perf.decide_payment_plan(
        _row(PaymentPlan, c, status="requested"), actor=u, approve=True
    ),
    "issue_reminder": lambda c, u, fl: perf.issue_reminder(c, actor=u),
    "record_reminder_statement": lambda c, u, fl: perf.record_reminder_statement(
        c, actor=u, content="罚款过重，请求减免加处罚款", adopted=False, reasons="无减免的法定情形"
    ),
    "apply_to_court": lambda c, u, fl: perf.apply_to_court(c, actor=u),
    "record_court_result": lambda c, u, fl: perf.record_court_result(
        _row(CourtApplication, c), actor=u, stage="accepted", on=timezone.localdate()
    ),
    "record_cash_handover": lambda c, u, fl: perf.record_cash_handover(
        _row(Payment, c, channel="on_spot", handed_over_on__isnull=True),
        actor=u,
        on=timezone.localdate(),
    ),
    "close": lambda c, u, fl: actions.close_case(c, actor=u, reason="已履行"),
    "archive": lambda c, u, fl: actions.archive_case(c, actor=u),
}

# Steps whose input is a document or a service of another app: their parity is tested there.
ELSEWHERE = frozenset({"issue_document", "file_simple_decision", "record_reminder_service"})


def test_every_step_has_a_call_or_is_tested_elsewhere():
    missing = set(STEPS) - set(CALLS) - ELSEWHERE
    assert not missing, f"steps without a parity call: {sorted(missing)}"


STAGES: dict[str, Callable[[Any], Case]] = {
    "clue": lambda fl: fl.clue(),
    "filed": lambda fl: fl.filed(),
    "reported": lambda fl: fl.reported(),
    "notified": lambda fl: fl.notified(),
    "stated": lambda fl: _stated(fl),
    "heard": lambda fl: fl.heard(),
    "reviewed": lambda fl: fl.reviewed(),
    "decided": lambda fl: fl.decided(),
    "served": lambda fl: fl.served(),
}
# The day (of the flow) each stage is looked at: inside the statement period for "notified",
# after the payment deadline for "served" (so 催告 can be asked about).
STAGE_DAY = {"notified": 9, "stated": 10, "served": 200}


def _stated(fl: Any) -> Case:
    """Notified, and the party stated its case (not re-examined yet, Art 45)."""
    case = fl.notified()
    actions.record_statement(
        case, actor=fl.handler.user, content="已恢复原状", received_on=fl.day + timedelta(days=9)
    )
    return fl.refresh()


def _attempt(call: Call, case: Case, user: Any, flow: Any, version: int | None = None) -> str:
    """'' when the action succeeded (then rolled back), else the refusal's code. ``version``:
    the case version the client holds, as a page or the API hands it to the step."""
    try:
        with transaction.atomic(), expecting_version(version):
            call(Case.objects.get(pk=case.pk), user, flow)
            raise Rollback
    except Rollback:
        return ""
    except DomainError as exc:
        return exc.code or "refused"


@pytest.mark.parametrize("stage", list(STAGES))
def test_the_page_offers_a_step_exactly_when_its_action_succeeds(
    stage, flow, frozen, handler, leader, reviewer, bureau
):
    flow.third = _third_officer(bureau)
    case = STAGES[stage](flow)
    at(frozen, STAGE_DAY.get(stage, 20))
    today = timezone.localdate()
    mismatches = []
    offered = 0
    for name, call in CALLS.items():
        step = STEPS[name]
        if case.procedure not in step.procedures:
            continue
        for persona in (handler, leader, reviewer):
            case.refresh_from_db()
            state = step_state(case, step, persona.user, Facts(case, today, persona.user))
            refused = _attempt(call, case, persona.user, flow)
            if state.allowed and not refused:
                offered += 1
                stale = _attempt(call, case, persona.user, flow, version=case.version - 1)
                if stale != "stale_version":
                    mismatches.append(f"{name}: a stale version is not refused ({stale})")
            if state.allowed != (refused == ""):
                mismatches.append(
                    f"{name} / {persona.user.get_role_display()}: page "
                    f"{'offers' if state.allowed else 'refuses (' + state.reason + ')'}, "
                    f"action {'succeeds' if not refused else 'refuses (' + refused + ')'}"
                )
    assert not mismatches, f"stage {stage}:\n" + "\n".join(mismatches)
    assert offered >= 2, f"stage {stage}: the matrix offered almost nothing ({offered})"


def _third_officer(bureau: Any) -> Any:
    from types import SimpleNamespace

    user = f.UserFactory(username="handler3", name="周强", role=Role.CASE_HANDLER, org_unit=bureau)
    officer = f.OfficerFactory(name="周强", unit=bureau, user=user)
    f.certify(officer)
    return SimpleNamespace(user=user, officer=officer)
