"""The case workflow as one table: which step may run from which status, who may run it, and
where it leads. ``lock_case`` checks the table under a row lock; ``advance`` writes the move and
its event in the caller's transaction. Guards beyond the table live in ``guards.py``."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.cases.access import can_act_on
from zhifa.cases.choices import BEFORE_DECISION, OPEN_STATUSES, Procedure
from zhifa.cases.choices import CaseStatus as S
from zhifa.cases.models import Case, CaseEvent
from zhifa.cases.record import CHAIN_FIELDS, Place, Upload, append_event
from zhifa.core.errors import DomainError, NotAllowed
from zhifa.org.choices import Role
from zhifa.org.models import User

HANDLERS = frozenset({Role.CASE_HANDLER, Role.STREET_OFFICER})
FIELD = HANDLERS | {Role.AUXILIARY}
LEADERS = frozenset({Role.LEADER})
REVIEWERS = frozenset({Role.LEGAL_REVIEWER})
BOTH = frozenset({Procedure.SIMPLE, Procedure.GENERAL})
GENERAL = frozenset({Procedure.GENERAL})


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the status does not change
    roles: frozenset[str]
    procedures: frozenset[str] = GENERAL
    handler_only: bool = True  # handler roles must be among the case's active handlers
    # The party may take this step itself (through its page after electronic service): it then
    # runs with no staff actor, after the same status and procedure checks.
    party_may: bool = False


def _s(*statuses: str) -> frozenset[str]:
    return frozenset(statuses)


PRE_NOTICE = _s(S.INVESTIGATED, S.NOTIFIED, S.REVIEWED, S.DISCUSSED)
AFTER_DECISION = _s(S.DECIDED, S.SERVED, S.REMINDED, S.COURT, S.PERFORMED)
INVESTIGATION = _s(S.CLUE, S.FILING_PENDING, S.INVESTIGATING)

STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        # intake and filing (立案, 行政处罚法 Art 54)
        Step(
            "request_filing", "提请立案", _s(S.CLUE), S.FILING_PENDING, HANDLERS, handler_only=False
        ),
        Step("approve_filing", "批准立案", _s(S.FILING_PENDING), S.INVESTIGATING, LEADERS),
        Step("reject_filing", "不予立案", _s(S.CLUE, S.FILING_PENDING), S.NOT_FILED, LEADERS),
        Step("withdraw", "撤销立案", BEFORE_DECISION - {S.CLUE}, S.WITHDRAWN, LEADERS),
        Step("assign_handler", "指派承办人", OPEN_STATUSES, None, LEADERS, BOTH),
        Step("recuse_handler", "决定回避", OPEN_STATUSES, None, LEADERS, BOTH),
        # investigation (Arts 46, 55, 56)
        Step(
            "add_evidence", "调查取证", INVESTIGATION | PRE_NOTICE, None, FIELD, handler_only=False
        ),
        Step("record_transcript", "制作笔录", _s(S.INVESTIGATING), None, HANDLERS),
        Step("request_preservation", "申请先行登记保存", _s(S.INVESTIGATING), None, HANDLERS),
        Step("approve_preservation", "批准先行登记保存", _s(S.INVESTIGATING), None, LEADERS),
        Step(
            "decide_preservation",
            "作出登记保存处理决定",
            _s(S.INVESTIGATING) | PRE_NOTICE,
            None,
            HANDLERS,
        ),
        Step("submit_report", "调查终结报告", _s(S.INVESTIGATING), S.INVESTIGATED, HANDLERS),
        # prior notice, statement, hearing (Arts 44, 45, 63–65)
        Step("notify", "事先告知", _s(S.INVESTIGATED), S.NOTIFIED, HANDLERS),
        Step("record_statement", "记录陈述申辩", _s(S.NOTIFIED), None, HANDLERS, party_may=True),
        Step(
            "record_notice_service",
            "登记告知书送达",
            _s(S.NOTIFIED),
            None,
            HANDLERS | LEADERS,
            handler_only=False,
            party_may=True,
        ),
        Step("waive_statement", "当事人放弃陈述申辩", _s(S.NOTIFIED), None, HANDLERS),
        Step("request_hearing", "当事人申请听证", _s(S.NOTIFIED), None, HANDLERS, party_may=True),
        Step("schedule_hearing", "通知听证", _s(S.NOTIFIED), None, HANDLERS | LEADERS),
        Step("record_hearing", "记录听证", _s(S.NOTIFIED), None, HANDLERS | LEADERS),
        # legal review (Art 58) and collective discussion (Art 57 ¶2)
        Step(
            "submit_legal_review",
            "提交法制审核",
            _s(S.INVESTIGATED, S.NOTIFIED),
            S.LEGAL_REVIEW,
            HANDLERS,
        ),
        Step("pass_legal_review", "法制审核通过", _s(S.LEGAL_REVIEW), S.REVIEWED, REVIEWERS),
        Step(
            "return_for_investigation",
            "退回补充调查",
            _s(S.LEGAL_REVIEW),
            S.INVESTIGATING,
            REVIEWERS,
        ),
        Step(
            "record_discussion",
            "集体讨论",
            _s(S.INVESTIGATED, S.NOTIFIED, S.REVIEWED),
            S.DISCUSSED,
            LEADERS,
        ),
        # decision (Arts 57, 59–62)
        Step("decide", "作出决定", PRE_NOTICE, S.DECIDED, LEADERS),
        # after the decision
        Step(
            "record_service",
            "送达决定书",
            _s(S.DECIDED),
            S.SERVED,
            HANDLERS | LEADERS,
            party_may=True,
        ),
        Step(
            "file_simple_decision",
            "当场处罚决定备案",
            AFTER_DECISION | {S.CLOSED},
            None,
            HANDLERS | LEADERS,
            frozenset({Procedure.SIMPLE}),
            handler_only=False,
        ),
        Step(
            "record_remedy",
            "登记复议/诉讼",
            AFTER_DECISION,
            None,
            HANDLERS | LEADERS | REVIEWERS,
            BOTH,
            handler_only=False,
        ),
        Step(
            "record_remedy_result",
            "登记复议/诉讼结果",
            AFTER_DECISION,
            None,
            HANDLERS | LEADERS | REVIEWERS,
            BOTH,
            handler_only=False,
        ),
        # performance (Arts 66–73; 行政强制法 Arts 53–55) — implemented in zhifa.performance
        Step(
            "record_payment",
            "登记缴款",
            _s(S.SERVED, S.REMINDED, S.COURT),
            None,
            HANDLERS | LEADERS,
            BOTH,
            handler_only=False,
        ),
        Step("request_payment_plan", "申请延期/分期缴纳", _s(S.SERVED), None, HANDLERS, BOTH),
        Step("decide_payment_plan", "审批延期/分期缴纳", _s(S.SERVED), None, LEADERS, BOTH),
        Step("issue_reminder", "催告", _s(S.SERVED), S.REMINDED, HANDLERS, BOTH),
        Step(
            "record_reminder_service",
            "登记催告书送达",
            _s(S.REMINDED),
            None,
            HANDLERS | LEADERS,
            BOTH,
            handler_only=False,
            party_may=True,
        ),
        Step(
            "apply_to_court",
            "申请法院强制执行",
            _s(S.REMINDED),
            S.COURT,
            HANDLERS | LEADERS,
            BOTH,
            handler_only=False,
        ),
        Step(
            "record_court_result",
            "登记法院执行结果",
            _s(S.COURT),
            None,
            HANDLERS | LEADERS,
            BOTH,
            handler_only=False,
        ),
        Step(
            "record_cash_handover",
            "当场收缴罚款交至机关",
            _s(S.PERFORMED, S.CLOSED),
            None,
            HANDLERS | LEADERS,
            frozenset({Procedure.SIMPLE}),
            handler_only=False,
        ),
        # documents (zhifa.documents): issued at any stage until the file is archived
        Step(
            "issue_document",
            "制作文书",
            frozenset(S.values) - {S.ARCHIVED},
            None,
            HANDLERS | LEADERS | REVIEWERS,
            BOTH,
            handler_only=False,
        ),
        # closing and archiving
        Step(
            "close",
            "结案",
            _s(S.DECIDED, S.SERVED, S.PERFORMED, S.COURT, S.REMINDED),
            S.CLOSED,
            LEADERS,
            BOTH,
        ),
        Step(
            "archive",
            "归档",
            _s(S.CLOSED, S.NOT_FILED, S.WITHDRAWN),
            S.ARCHIVED,
            LEADERS | {Role.ADMIN},
            BOTH,
        ),
    ]
}


class StepRefused(DomainError):
    """A step the table does not allow now (HTTP 409)."""


def check_table(case: Case, step: Step, actor: User | None) -> None:
    """Raise when the table refuses ``step`` for ``actor`` on ``case`` as it is now. No actor:
    the party acting through its own page — allowed only for ``party_may`` steps."""
    if case.procedure not in step.procedures:
        raise StepRefused(
            "wrong_procedure",
            f"{case.get_procedure_display()}案件没有「{step.label}」这一步骤",
        )
    if case.status not in step.sources:
        raise StepRefused(
            "step_not_allowed",
            f"案件当前状态为「{case.get_status_display()}」，不能{step.label}"
            "(不得跳过或重复程序步骤)",
        )
    if actor is None:
        if not step.party_may:
            raise NotAllowed("staff_only", f"「{step.label}」须由执法人员办理")
        return
    if actor.role not in step.roles:
        raise NotAllowed("role_not_allowed", f"{actor.get_role_display()}不能{step.label}")
    if not can_act_on(actor, case, handler_only=step.handler_only and actor.role in HANDLERS):
        raise NotAllowed("not_your_case", f"您不是本案承办人或不在本案数据范围内，不能{step.label}")


def lock_case(
    case: Case | int, step_name: str, *, actor: User | None, expected_version: int | None = None
) -> Case:
    """Lock the case row (inside ``transaction.atomic``) and check the step against the table.

    Two people acting on the same case at once: the second waits for the row lock, then sees the
    first one's result (a moved status or a new version) and is refused."""
    pk = case.pk if isinstance(case, Case) else case
    locked = Case.objects.select_for_update().get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        raise StepRefused(
            "stale_version",
            f"案件已被他人更新(当前版本 {locked.version}，您的版本 {expected_version})，"
            "请刷新后重试",
        )
    check_table(locked, STEPS[step_name], actor)
    return locked


def advance(
    case: Case,
    step_name: str,
    *,
    actor: User | None,
    payload: dict | None = None,
    fields: list[str] | tuple[str, ...] = (),
    to: str | None = None,
    place: Place | None = None,
    evidence: tuple[Upload, ...] | list[Upload] = (),
    kind: str | None = None,
    corrects: CaseEvent | None = None,
) -> CaseEvent:
    """Apply the step's status move (or ``to``), bump the version, append the event and save the
    case — all inside the caller's transaction."""
    step = STEPS[step_name]
    target = to or step.target
    if target and target != case.status:
        payload = {"from": case.status, "to": target, **(payload or {})}
        case.status = target
    case.version += 1
    event = append_event(
        case,
        kind or step_name,
        actor=actor,
        payload=payload,
        place=place,
        evidence=evidence,
        corrects=corrects,
    )
    case.save(update_fields=["status", "version", *CHAIN_FIELDS, *fields])
    return event
