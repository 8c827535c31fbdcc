"""The guards behind each step, asked in advance: why the case is not ready for a step now.
Each check repeats, without writing anything, what the step's action checks under the row lock
(``guards``, ``performance.actions.reminder_problems``, ``aftercare.closing_problem``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property

from zhifa.cases import guards
from zhifa.cases.actions.aftercare import closing_problem
from zhifa.cases.choices import CaseStatus as S
from zhifa.cases.choices import Outcome
from zhifa.cases.models import (
    Case,
    CaseHandler,
    CollectiveDiscussion,
    EvidencePreservation,
    Hearing,
    PriorNotice,
    Proposal,
    Remedy,
)
from zhifa.org.models import Officer, User
from zhifa.performance import selectors as perf
from zhifa.performance.actions import reminder_problems
from zhifa.performance.models import (
    COURT_ENDED,
    Channel,
    CourtApplication,
    Payment,
    PaymentPlan,
    PlanStatus,
    Reminder,
)
from zhifa.performance.surcharge import ZERO, Computation


class Facts:
    """What the guards look at, loaded once per page (each on first use)."""

    def __init__(self, case: Case, on: date) -> None:
        self.case = case
        self.on = on

    @cached_property
    def handlers(self) -> list[Officer]:
        return guards.active_handlers(self.case)

    @cached_property
    def handler_problems(self) -> list[str]:
        return guards.handler_problems(self.handlers, self.on)

    @cached_property
    def proposal(self) -> Proposal | None:
        return Proposal.objects.filter(case=self.case).order_by("-id").first()

    @cached_property
    def notice(self) -> PriorNotice | None:
        return guards.latest_notice(self.case)

    @cached_property
    def hearing(self) -> Hearing | None:
        return Hearing.objects.filter(case=self.case).order_by("-id").first()

    @cached_property
    def preservations(self) -> list[EvidencePreservation]:
        return list(EvidencePreservation.objects.filter(case=self.case).order_by("id"))

    @cached_property
    def balance(self) -> Computation:
        return perf.balance(self.case, self.on)

    @cached_property
    def pending_remedy(self) -> Remedy | None:
        return Remedy.objects.filter(case=self.case, decided_on__isnull=True).first()

    @property
    def penalty_proposed(self) -> bool:
        return self.proposal is not None and self.proposal.outcome == Outcome.PENALTY

    def decision_outcome(self) -> str | None:
        discussion = CollectiveDiscussion.objects.filter(case=self.case).order_by("-id").first()
        if discussion is not None:
            return discussion.agreed_outcome
        return self.proposal.outcome if self.proposal else None


Check = Callable[[Facts], list[str]]


def none(f: Facts) -> list[str]:
    return []


def _handlers(f: Facts) -> list[str]:
    return f.handler_problems


def _approve_filing(f: Facts) -> list[str]:
    case = f.case
    problem = guards.limitation_problem(
        act_on=case.act_on,
        act_ended_on=case.act_ended_on,
        continuing=case.continuing,
        extended=case.extended_limitation,
        found_on=case.found_on,
    )
    return ([problem] if problem else []) + f.handler_problems


def _recuse(f: Facts) -> list[str]:
    return [] if f.handlers else ["本案没有可回避的承办人"]


def _approve_preservation(f: Facts) -> list[str]:
    if any(p.approved_on is None for p in f.preservations):
        return []
    return ["没有待批准的先行登记保存申请"]


def _decide_preservation(f: Facts) -> list[str]:
    if any(p.approved_on and p.decided_on is None for p in f.preservations):
        return []
    return ["没有已批准、待作出处理决定的先行登记保存"]


def _submit_report(f: Facts) -> list[str]:
    problems = list(f.handler_problems)
    if any(p.decided_on is None for p in f.preservations):
        problems.append("先行登记保存的证据尚未作出处理决定 (行政处罚法第56条)")
    return problems


def _notify(f: Facts) -> list[str]:
    if not f.penalty_proposed:
        return ["拟处理意见不是给予行政处罚，无需事先告知 (第44条)"]
    return f.handler_problems


def _waive(f: Facts) -> list[str]:
    if f.notice is None:
        return ["尚未事先告知"]
    if f.notice.statement_waived_on:
        return ["当事人已声明放弃陈述申辩"]
    if f.hearing is not None:
        return ["当事人已申请听证，不能再记为放弃"]
    return []


def _request_hearing(f: Facts) -> list[str]:
    notice = f.notice
    if notice is None or not notice.hearing_offered:
        return ["本案不属于应当告知听证的情形 (第63条)"]
    if f.hearing is not None:
        return ["当事人已申请听证"]
    if notice.statement_waived_on:
        return ["当事人已声明放弃陈述申辩和听证"]
    if notice.hearing_request_due and f.on > notice.hearing_request_due:
        return [f"听证申请期限已于 {notice.hearing_request_due} 届满 (第64条)"]
    return []


def _schedule_hearing(f: Facts) -> list[str]:
    if f.hearing is None:
        return ["当事人未申请听证"]
    if f.hearing.held_on:
        return ["听证已经举行"]
    return []


def _record_hearing(f: Facts) -> list[str]:
    if f.hearing is None:
        return ["当事人未申请听证"]
    if f.hearing.scheduled_on is None:
        return ["听证尚未通知"]
    if f.hearing.held_on:
        return ["听证已经记录"]
    return []


def _submit_review(f: Facts) -> list[str]:
    if not f.case.requires_legal_review:
        return ["本案不属于须法制审核的情形"]
    if f.proposal is None:
        return ["尚无调查终结报告"]
    return guards.notice_problems(f.case, f.on) if f.penalty_proposed else []


def _discussion(f: Facts) -> list[str]:
    if f.case.requires_legal_review and f.case.status != S.REVIEWED:
        return ["须先经法制审核，再提交负责人集体讨论 (第58条)"]
    return guards.notice_problems(f.case, f.on) if f.penalty_proposed else []


def _decide(f: Facts) -> list[str]:
    outcome = f.decision_outcome()
    if outcome is None:
        return ["尚无调查终结报告"]
    return guards.decision_problems(f.case, outcome, f.on)


def _file_simple(f: Facts) -> list[str]:
    decision = f.case.decisions.filter(on_the_spot=True).first()
    if decision is None or decision.filed_with_bureau_on:
        return ["该当场处罚决定已经备案"]
    return []


def _record_remedy(f: Facts) -> list[str]:
    return ["已有尚未终结的复议或诉讼"] if f.pending_remedy else []


def _remedy_result(f: Facts) -> list[str]:
    return [] if f.pending_remedy else ["没有尚未终结的复议或诉讼"]


def _record_payment(f: Facts) -> list[str]:
    return ["当事人已缴清罚款和加处罚款"] if f.balance.total_owed == ZERO else []


def _request_plan(f: Facts) -> list[str]:
    if f.balance.unpaid_principal == ZERO:
        return ["罚款已缴清"]
    if PaymentPlan.objects.filter(case=f.case, status=PlanStatus.REQUESTED).exists():
        return ["已有待审批的延期/分期申请"]
    return []


def _decide_plan(f: Facts) -> list[str]:
    if PaymentPlan.objects.filter(case=f.case, status=PlanStatus.REQUESTED).exists():
        return []
    return ["没有待审批的延期/分期申请"]


def _reminder(f: Facts) -> list[str]:
    return reminder_problems(f.case, f.on)


def _court(f: Facts) -> list[str]:
    reminder = Reminder.objects.filter(case=f.case).order_by("-id").first()
    if reminder is None:
        return ["尚未催告"]
    problems = []
    if f.on <= reminder.wait_until:
        problems.append(
            f"催告书送达后10个工作日 ({reminder.wait_until}) 届满后仍未履行的，方可申请"
            "法院强制执行 (行政强制法第54条)"
        )
    if f.balance.total_owed == ZERO:
        problems.append("当事人已履行完毕，无需申请强制执行")
    window = perf.court_window_end(f.case)
    if window is None or f.on > window:
        problems.append(f"申请期限已于 {window} 届满 (行政强制法第53条)")
    return problems


def _court_result(f: Facts) -> list[str]:
    application = CourtApplication.objects.filter(case=f.case).order_by("-id").first()
    if application is None:
        return ["尚未申请法院强制执行"]
    if application.stage in COURT_ENDED:
        return ["法院执行已经终结"]
    return []


def _close(f: Facts) -> list[str]:
    problem = closing_problem(f.case)
    return [f"不能结案：{problem}"] if problem else []


def _cash_handover(f: Facts) -> list[str]:
    waiting = Payment.objects.filter(
        case=f.case, channel=Channel.ON_SPOT, handed_over_on__isnull=True
    )
    return [] if waiting.exists() else ["没有待交至机关的当场收缴罚款"]


# Steps that only concern a case when something is waiting for them (a preservation to
# approve, a plan to decide, a remedy pending, cash to hand over…): when their check fails they
# are listed with the other steps, not greyed among the current ones.
CONDITIONAL = frozenset(
    {
        "approve_preservation",
        "decide_preservation",
        "request_hearing",
        "schedule_hearing",
        "record_hearing",
        "file_simple_decision",
        "record_remedy_result",
        "decide_payment_plan",
        "record_court_result",
        "cash_handover",
    }
)


CASE_CHECKS: dict[str, Check] = {
    "approve_filing": _approve_filing,
    "recuse_handler": _recuse,
    "record_transcript": _handlers,
    "approve_preservation": _approve_preservation,
    "decide_preservation": _decide_preservation,
    "submit_report": _submit_report,
    "notify": _notify,
    "waive_statement": _waive,
    "request_hearing": _request_hearing,
    "schedule_hearing": _schedule_hearing,
    "record_hearing": _record_hearing,
    "submit_legal_review": _submit_review,
    "record_discussion": _discussion,
    "decide": _decide,
    "file_simple_decision": _file_simple,
    "record_remedy": _record_remedy,
    "record_remedy_result": _remedy_result,
    "record_payment": _record_payment,
    "request_payment_plan": _request_plan,
    "decide_payment_plan": _decide_plan,
    "issue_reminder": _reminder,
    "apply_to_court": _court,
    "record_court_result": _court_result,
    "close": _close,
    "cash_handover": _cash_handover,
}


def reviewer_problem(user: User, case: Case) -> str | None:
    """行政处罚法 Art 58 ¶2 and impartiality: what ``record_legal_review`` checks of the
    reviewer."""
    officer = Officer.objects.filter(user=user).first()
    if officer is None or not officer.has_legal_qualification:
        return "法制审核人员须取得国家统一法律职业资格 (行政处罚法第58条第2款)"
    if CaseHandler.objects.filter(case=case, officer=officer).exists():
        return f"{officer.name} 是本案承办人，不得审核本案"
    return None


ACTOR_CHECKS: dict[str, Callable[[User, Case], str | None]] = {
    "pass_legal_review": reviewer_problem,
    "return_for_investigation": reviewer_problem,
}
