"""The case workflow: every step declared once, the table that checks it, and the write path.

A ``Step`` says everything about one step of the procedure: its name (``StepName``), the
statuses it starts from and where it leads, who may take it, its preconditions (one
``problems(facts)`` function, asked by the case page *and* by ``lock_case`` under the row
lock, so the page's greyed button and the action's refusal can never disagree), the event it
writes (``EventKind``), the documents it makes and the clocks it starts and meets. The case's
own steps are declared below; ``performance`` and ``delivery`` declare theirs in their apps and
``register`` them from ``ready()`` (so ``cases`` never imports them).

``lock_case`` locks the row, checks the client's version (handed in by the page or the API
through ``expecting_version``), the table and the preconditions; ``advance`` writes the move and
its event in the caller's transaction and reserves the step's documents (rendered after commit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from zhifa.cases import preconditions as pre
from zhifa.cases.access import can_act_on
from zhifa.cases.choices import BEFORE_DECISION, OPEN_STATUSES, DeadlineKind, EventKind, Procedure
from zhifa.cases.choices import CaseStatus as S
from zhifa.cases.choices import StepName as N
from zhifa.cases.facts import Facts, Problem, ProblemsOf, no_problems
from zhifa.cases.guards import GuardRefused
from zhifa.cases.models import Case, CaseEvent
from zhifa.cases.record import CHAIN_FIELDS, Place, Upload, append_event
from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.documents.choices import DocumentKind as D
from zhifa.org.choices import Role
from zhifa.org.models import User

HANDLERS = frozenset({Role.CASE_HANDLER, Role.STREET_OFFICER})
FIELD = HANDLERS | {Role.AUXILIARY}
LEADERS = frozenset({Role.LEADER})
REVIEWERS = frozenset({Role.LEGAL_REVIEWER})
BOTH = frozenset({Procedure.SIMPLE, Procedure.GENERAL})
GENERAL = frozenset({Procedure.GENERAL})
SIMPLE = frozenset({Procedure.SIMPLE})

# The documents a step makes: fixed kinds, or chosen from the step's event (e.g. the decision
# makes a 行政处罚决定书 or a 不予行政处罚决定书 as decided).
Documents = tuple[str, ...] | Callable[[Case, CaseEvent], tuple[str, ...]]


@dataclass(frozen=True)
class Step:
    name: str  # a StepName
    label: str
    sources: frozenset[str]
    target: str | None  # None: the status does not change
    roles: frozenset[str]
    procedures: frozenset[str] = GENERAL
    handler_only: bool = True  # handler roles must be among the case's active handlers
    # The party may take this step itself (through its page after electronic service): it then
    # runs with no staff actor, after the same status and procedure checks.
    party_may: bool = False
    problems: ProblemsOf = no_problems  # the preconditions, asked by the page and the action
    event: str | None = None  # the EventKind it writes (default: its name)
    documents: Documents = ()  # the 文书 the step makes, reserved in its transaction
    starts: tuple[str, ...] = ()  # DeadlineKinds the step starts
    meets: tuple[str, ...] = ()  # DeadlineKinds the step meets
    # Only concerns a case when something waits for it (a preservation to approve, a plan to
    # decide…): when its preconditions fail it is listed with the others, not greyed.
    conditional: bool = False
    side: str = ""  # "exit": leaves the main road; "beside": possible at many stages
    # Taken only through another app's procedure, never by its own page, API or a direct call:
    # e.g. "delivery" for the service of a document, recorded when the delivery app completes a
    # service with its mode's rules and proof (行政处罚法 Art 61; 民事诉讼法 Arts 87–95).
    via: str = ""
    # Dates in legal order (``check_dates``): the form field the step's legal day is entered
    # in (named by the refusal), and whether that day may not precede the day the case reached
    # its status. Off for facts outside the bureau's sequence, entered when they become known
    # (a payment at the bank, an application for review, a court's judgment).
    dated: str = "on"
    in_order: bool = True
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def event_kind(self) -> str:
        return self.event or self.name

    def documents_for(self, case: Case, event: CaseEvent) -> tuple[str, ...]:
        docs = self.documents
        return docs(case, event) if callable(docs) else docs


def _s(*statuses: str) -> frozenset[str]:
    return frozenset(statuses)


PRE_NOTICE = _s(S.INVESTIGATED, S.NOTIFIED, S.REVIEWED, S.DISCUSSED)
AFTER_DECISION = _s(S.DECIDED, S.SERVED, S.REMINDED, S.COURT, S.PERFORMED)
INVESTIGATION = _s(S.CLUE, S.FILING_PENDING, S.INVESTIGATING)
ALL_BUT_ARCHIVED = frozenset(S.values) - {S.ARCHIVED}


def _transcript_documents(case: Case, event: CaseEvent) -> tuple[str, ...]:
    kind = event.payload.get("kind")
    return (D.SITE_INSPECTION,) if kind == "site_inspection" else (D.INTERVIEW,)


def _decision_documents(case: Case, event: CaseEvent) -> tuple[str, ...]:
    outcome = event.payload.get("outcome")
    if outcome == "penalty":
        return (D.PENALTY_DECISION,)
    if outcome == "no_penalty":
        return (D.NO_PENALTY_DECISION,)
    return ()


def _hearing_documents(case: Case, event: CaseEvent) -> tuple[str, ...]:
    report = getattr(D, "HEARING_REPORT", None)
    return (D.HEARING_RECORD, report) if report else (D.HEARING_RECORD,)


def _statement_documents(case: Case, event: CaseEvent) -> tuple[str, ...]:
    kind = getattr(D, "STATEMENT_RECORD", None)
    return (kind,) if kind else ()


def _closing_documents(case: Case, event: CaseEvent) -> tuple[str, ...]:
    return (D.CLOSING_APPROVAL,) if case.procedure == Procedure.GENERAL else ()


def _archive_documents(case: Case, event: CaseEvent) -> tuple[str, ...]:
    note = getattr(D, "FILE_NOTE", None)
    return (D.FILE_INDEX, note) if note else (D.FILE_INDEX,)


CASE_STEPS = [
    # intake and filing (立案, 行政处罚法 Art 54)
    Step(
        N.REQUEST_FILING,
        "提请立案",
        _s(S.CLUE),
        S.FILING_PENDING,
        HANDLERS,
        handler_only=False,
    ),
    # Art 54: the 立案审批表 is made when the head has decided, so it carries the handlers'
    # proposal and the head's 审批意见 together (the form a court reads).
    Step(
        N.APPROVE_FILING,
        "批准立案",
        _s(S.FILING_PENDING),
        S.INVESTIGATING,
        LEADERS,
        problems=pre.approve_filing,
        documents=(D.FILING_APPROVAL,),
        starts=(DeadlineKind.DECISION,),
    ),
    Step(
        N.REJECT_FILING, "不予立案", _s(S.CLUE, S.FILING_PENDING), S.NOT_FILED, LEADERS, side="exit"
    ),
    Step(N.WITHDRAW, "撤销立案", BEFORE_DECISION - {S.CLUE}, S.WITHDRAWN, LEADERS, side="exit"),
    Step(N.ASSIGN_HANDLER, "指派承办人", OPEN_STATUSES, None, LEADERS, BOTH, side="beside"),
    Step(
        N.RECUSE_HANDLER,
        "决定回避",
        OPEN_STATUSES,
        None,
        LEADERS,
        BOTH,
        problems=pre.recuse_handler,
        side="beside",
    ),
    # investigation (Arts 46, 55, 56)
    Step(N.ADD_EVIDENCE, "调查取证", INVESTIGATION | PRE_NOTICE, None, FIELD, handler_only=False),
    # 作废错误记录 (Art 47): a wrong transcript or evidence entry is voided by a new event with
    # its reason — never edited — before the decision relies on it; documents citing it are
    # flagged for re-issue (documents.checks.reissue_needed).
    Step(
        N.VOID_ENTRY,
        "作废错误记录",
        INVESTIGATION | PRE_NOTICE,
        None,
        HANDLERS | LEADERS,
        problems=pre.void_entry,
        conditional=True,
        side="beside",
    ),
    Step(
        N.RECORD_TRANSCRIPT,
        "制作笔录",
        _s(S.INVESTIGATING),
        None,
        HANDLERS,
        problems=pre.record_transcript,
        documents=_transcript_documents,
        dated="started_at",
    ),
    # 责令改正 (Art 28 ¶1): an order, not a penalty — it may be issued as soon as the act is
    # established, with a deadline the officer sets; its 责令(限期)改正通知书 is served.
    Step(
        N.ORDER_CORRECTION,
        "责令改正通知",
        _s(S.INVESTIGATING) | PRE_NOTICE,
        None,
        HANDLERS,
        problems=pre.record_transcript,  # Art 42: two certified handlers on the day
        documents=(D.CORRECTION_ORDER,),
        starts=(DeadlineKind.CORRECTION,),
    ),
    Step(
        N.REQUEST_PRESERVATION,
        "申请先行登记保存",
        _s(S.INVESTIGATING),
        None,
        HANDLERS,
    ),
    Step(
        N.APPROVE_PRESERVATION,
        "批准先行登记保存",
        _s(S.INVESTIGATING),
        None,
        LEADERS,
        problems=pre.approve_preservation,
        # Art 56: with the head's approval the 先行登记保存通知书 is made and served
        documents=(D.PRESERVATION_NOTICE,),
        starts=(DeadlineKind.EVIDENCE_PRESERVATION,),
        conditional=True,
    ),
    Step(
        N.DECIDE_PRESERVATION,
        "作出登记保存处理决定",
        _s(S.INVESTIGATING) | PRE_NOTICE,
        None,
        HANDLERS,
        problems=pre.decide_preservation,
        documents=(D.PRESERVATION_DECISION,),
        meets=(DeadlineKind.EVIDENCE_PRESERVATION,),
        conditional=True,
    ),
    Step(
        N.SUBMIT_REPORT,
        "调查终结报告",
        _s(S.INVESTIGATING),
        S.INVESTIGATED,
        HANDLERS,
        problems=pre.submit_report,
        documents=(D.INVESTIGATION_REPORT,),
    ),
    # prior notice, statement, hearing (Arts 44, 45, 63–65)
    Step(
        N.NOTIFY,
        "事先告知",
        _s(S.INVESTIGATED),
        S.NOTIFIED,
        HANDLERS,
        problems=pre.notify,
        documents=(D.PRIOR_NOTICE,),
        starts=(DeadlineKind.STATEMENT, DeadlineKind.HEARING_REQUEST),
    ),
    Step(
        N.RECORD_STATEMENT,
        "记录陈述申辩",
        _s(S.NOTIFIED),
        None,
        HANDLERS,
        party_may=True,
        problems=pre.record_statement,
        documents=_statement_documents,
        meets=(DeadlineKind.STATEMENT,),  # the party has been heard: the wait ends (Art 62)
        dated="received_on",
    ),
    # Art 45: the bureau re-examines what the party stated and records whether it adopts it
    # (and why not); the 陈述申辩复核意见书 states it, and the decision cites it.
    Step(
        N.REVIEW_STATEMENT,
        "复核陈述申辩",
        _s(S.NOTIFIED, S.REVIEWED, S.DISCUSSED),
        None,
        HANDLERS,
        problems=pre.review_statement,
        documents=(D.STATEMENT_REVIEW,),
        conditional=True,
    ),
    Step(
        N.RECORD_NOTICE_SERVICE,
        "登记告知书送达",
        _s(S.NOTIFIED),
        None,
        HANDLERS | LEADERS,
        handler_only=False,
        party_may=True,
        problems=pre.record_notice_service,
        via="delivery",
        starts=(DeadlineKind.STATEMENT, DeadlineKind.HEARING_REQUEST),
        dated="served_on",
    ),
    Step(
        N.WAIVE_STATEMENT,
        "当事人放弃陈述申辩",
        _s(S.NOTIFIED),
        None,
        HANDLERS,
        problems=pre.waive_statement,
        meets=(DeadlineKind.STATEMENT, DeadlineKind.HEARING_REQUEST),
    ),
    Step(
        N.REQUEST_HEARING,
        "当事人申请听证",
        _s(S.NOTIFIED),
        None,
        HANDLERS,
        party_may=True,
        problems=pre.request_hearing,
        meets=(DeadlineKind.HEARING_REQUEST,),
        conditional=True,
        dated="requested_on",
    ),
    Step(
        N.SCHEDULE_HEARING,
        "通知听证",
        _s(S.NOTIFIED),
        None,
        HANDLERS | LEADERS,
        problems=pre.schedule_hearing,
        documents=(D.HEARING_NOTICE,),
        conditional=True,
        dated="notified_on",
    ),
    Step(
        N.RECORD_HEARING,
        "记录听证",
        _s(S.NOTIFIED),
        None,
        HANDLERS | LEADERS,
        problems=pre.record_hearing,
        documents=_hearing_documents,
        conditional=True,
        dated="held_on",
    ),
    # legal review (Art 58) and collective discussion (Art 57 ¶2)
    Step(
        N.SUBMIT_LEGAL_REVIEW,
        "提交法制审核",
        _s(S.INVESTIGATED, S.NOTIFIED),
        S.LEGAL_REVIEW,
        HANDLERS,
        problems=pre.submit_legal_review,
    ),
    Step(
        N.PASS_LEGAL_REVIEW,
        "法制审核通过",
        _s(S.LEGAL_REVIEW),
        S.REVIEWED,
        REVIEWERS,
        problems=pre.reviewer,
        documents=(D.LEGAL_REVIEW,),
    ),
    Step(
        N.RETURN_FOR_INVESTIGATION,
        "退回补充调查",
        _s(S.LEGAL_REVIEW),
        S.INVESTIGATING,
        REVIEWERS,
        problems=pre.reviewer,
        documents=(D.LEGAL_REVIEW,),
        side="exit",
    ),
    Step(
        N.RECORD_DISCUSSION,
        "集体讨论",
        _s(S.INVESTIGATED, S.NOTIFIED, S.REVIEWED),
        S.DISCUSSED,
        LEADERS,
        problems=pre.record_discussion,
        documents=(D.DISCUSSION_RECORD,),
    ),
    # Art 60: the time limit from filing, extended by the head within the local cap
    Step(
        N.EXTEND_TIME_LIMIT,
        "延长办案期限",
        BEFORE_DECISION - {S.CLUE, S.FILING_PENDING},
        None,
        LEADERS,
        handler_only=False,
        problems=pre.extend_time_limit,
        side="beside",
    ),
    # decision (Arts 57, 59–62)
    Step(
        N.DECIDE,
        "作出决定",
        PRE_NOTICE,
        S.DECIDED,
        LEADERS,
        problems=pre.decide,
        documents=_decision_documents,
        meets=(DeadlineKind.DECISION,),
        starts=(DeadlineKind.SERVICE,),
    ),
    # after the decision
    Step(
        N.RECORD_SERVICE,
        "送达决定书",
        _s(S.DECIDED),
        S.SERVED,
        HANDLERS | LEADERS,
        party_may=True,
        via="delivery",
        meets=(DeadlineKind.SERVICE,),
        starts=(DeadlineKind.PAYMENT,),
        dated="served_on",
    ),
    Step(
        N.FILE_SIMPLE_DECISION,
        "当场处罚决定备案",
        AFTER_DECISION | {S.CLOSED},
        None,
        HANDLERS | LEADERS,
        SIMPLE,
        handler_only=False,
        problems=pre.file_simple_decision,
        meets=(DeadlineKind.SIMPLE_FILING,),
        conditional=True,
        in_order=False,  # follows the decision only (its own check), not a payment since
    ),
    Step(
        N.RECORD_REMEDY,
        "登记复议/诉讼",
        AFTER_DECISION,
        None,
        HANDLERS | LEADERS | REVIEWERS,
        BOTH,
        handler_only=False,
        problems=pre.record_remedy,
        side="beside",
        dated="applied_on",
        in_order=False,  # the party applies when it likes (行政复议法 Art 20; 行诉法 46)
    ),
    Step(
        N.RECORD_REMEDY_RESULT,
        "登记复议/诉讼结果",
        AFTER_DECISION,
        None,
        HANDLERS | LEADERS | REVIEWERS,
        BOTH,
        handler_only=False,
        problems=pre.record_remedy_result,
        conditional=True,
        side="beside",
        dated="decided_on",
        in_order=False,
    ),
    # documents (zhifa.documents): issued at any stage until the file is archived
    Step(
        N.ISSUE_DOCUMENT,
        "制作文书",
        ALL_BUT_ARCHIVED,
        None,
        HANDLERS | LEADERS | REVIEWERS,
        BOTH,
        handler_only=False,
    ),
    # closing and archiving
    Step(
        N.CLOSE,
        "结案",
        _s(S.DECIDED, S.SERVED, S.PERFORMED, S.COURT, S.REMINDED),
        S.CLOSED,
        LEADERS,
        BOTH,
        problems=pre.close,
        documents=_closing_documents,
    ),
    Step(
        N.ARCHIVE,
        "归档",
        _s(S.CLOSED, S.NOT_FILED, S.WITHDRAWN),
        S.ARCHIVED,
        # 归档 is the leader's, who signs the file off; no longer the system administrator's,
        # who sees no case data (三员分立, ADR 0013).
        LEADERS,
        BOTH,
        problems=pre.archive,
        documents=_archive_documents,
    ),
]

STEPS: dict[str, Step] = {}
_ORDER = {name: i for i, name in enumerate(N.values)}


def register(*steps: Step) -> None:
    """Add steps to the table (other apps call this from ``ready()``). Each name must be a
    ``StepName``; the table keeps ``StepName``'s order (the order the case page lists them)."""
    for step in steps:
        if step.name not in _ORDER:
            raise ValueError(f"{step.name} is not a StepName")
        if step.event_kind not in EventKind.values:
            raise ValueError(f"{step.event_kind} is not an EventKind")
        STEPS[step.name] = step
    ordered = sorted(STEPS.values(), key=lambda s: _ORDER[s.name])
    STEPS.clear()
    STEPS.update({s.name: s for s in ordered})


register(*CASE_STEPS)

# Checks other apps add to closing and archiving (e.g. the court's end, the file's documents).
CLOSING_CHECKS: list[ProblemsOf] = []
ARCHIVING_CHECKS: list[ProblemsOf] = []
# Preconditions other apps add to a case step (e.g. delivery: no decision while the prior
# notice's service is pending, Art 62), asked after the step's own ``problems``.
STEP_CHECKS: dict[str, list[ProblemsOf]] = {}
# What other apps do in a step's transaction once its event is written (e.g. performance: the
# decision's service, a remedy or a plan moves the Art 53 court-window clock; the on-the-spot
# decision's fine collected on the spot), keyed by step name — "decide_on_the_spot" included,
# which creates its case and so is not a table step.
StepEffect = Callable[[Case, CaseEvent], None]
STEP_EFFECTS: dict[str, list[StepEffect]] = {}
# Makers of the documents a step declares, called in the step's transaction with
# (case, event, kinds, actor, day); ``documents`` registers the one that reserves them.
DocumentMaker = Callable[[Case, CaseEvent, tuple[str, ...], User | None, date], None]
DOCUMENT_MAKERS: list[DocumentMaker] = []


class StepRefused(DomainError):
    """A step the table or its preconditions do not allow now (HTTP 409)."""


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


# The app whose procedure is running (``through("delivery")``): a ``via`` step is refused
# outside it, whoever calls — page, API, command or admin.
_through: ContextVar[str] = ContextVar("workflow_through", default="")

VIA_LABELS = {"delivery": "送达"}
# The page of each such app for a case (a URL name taking ``case_id``), registered from its
# ``ready()``: the case page links the step there.
VIA_PAGES: dict[str, str] = {}


@contextmanager
def through(app: str) -> Iterator[None]:
    """Within this block steps declared ``via=app`` may be taken (the app's own procedure)."""
    token = _through.set(app)
    try:
        yield
    finally:
        _through.reset(token)


def check_via(step: Step) -> None:
    """Refuse a ``via`` step taken outside its app's procedure (409 via_app)."""
    if step.via and _through.get() != step.via:
        where = VIA_LABELS.get(step.via, step.via)
        raise StepRefused(
            "via_app",
            f"「{step.label}」只能在「{where}」页面按法定送达方式办理并留存送达凭证"
            " (行政处罚法第六十一条，民事诉讼法第八十七条至第九十五条)",
        )


def problems_of(step: Step, facts: Facts) -> list[Problem]:
    """The step's preconditions on ``facts``. A period that cannot be computed (a year without
    a holiday schedule, in ``refuse`` mode) is a problem like any other, never an error."""
    try:
        found = step.problems(facts)
        for check in STEP_CHECKS.get(step.name, ()):
            found = [*found, *check(facts)]
        return found
    except DomainError as exc:
        return [Problem(exc.code, exc.message, exc.field)]


def require_ready(step: Step, facts: Facts) -> None:
    """Refuse the step (409) with its preconditions' reasons, the first one's code and field."""
    problems = problems_of(step, facts)
    if problems:
        raise GuardRefused(
            problems[0].code, "；".join(p.message for p in problems), field=problems[0].field
        )


# The version of the case the client holds (the page's hidden field, the API's ``version``),
# set once for a request by ``expecting_version`` and checked by the first ``lock_case``.
_expected: ContextVar[list[int] | None] = ContextVar("expected_version", default=None)


@contextmanager
def expecting_version(version: int | None) -> Iterator[None]:
    """Within this block the first ``lock_case`` refuses a case whose version is not
    ``version`` (HTTP 409 stale_version): a page or API client acting on what it saw."""
    token = _expected.set([version] if version is not None else None)
    try:
        yield
    finally:
        _expected.reset(token)


def _take_expected(explicit: int | None) -> int | None:
    held = _expected.get()
    if held:
        version = held.pop()
        return explicit if explicit is not None else version
    return explicit


def check_dates(case: Case, step: Step, on: date) -> None:
    """Dates in legal order (issue §3.9): a step's legal day is not before the day the case
    reached the status the step is taken in, i.e. before the step it depends on (行政处罚法
    Arts 44, 55, 57, 62 presuppose their order; a court reads the dates). 422, naming the
    step's date field. (Future dates are refused where they are entered: the forms'
    ``date_field``, the API's ``Happened``, and the actions taking times — transcripts and
    the on-the-spot decision — through ``actions._common.happened``.)"""
    since = case.status_on
    if step.in_order and since is not None and on < since:
        raise InvalidInput(
            "before_previous_step",
            f"「{step.label}」的日期 {on} 早于案件进入「{case.get_status_display()}」的日期 "
            f"{since}：不得早于其所依据的前一程序步骤",
            field=step.dated,
        )


def lock_case(
    case: Case | int,
    step_name: str,
    *,
    actor: User | None,
    expected_version: int | None = None,
    on: date | None = None,
) -> Case:
    """Lock the case row (inside ``transaction.atomic``), check the client's version, the table
    and the step's preconditions on ``on`` (default today).

    Two people acting on the same case at once: the second waits for the row lock, then sees the
    first one's result (a moved status or a new version) and is refused."""
    pk = case.pk if isinstance(case, Case) else case
    locked = Case.objects.select_for_update().get(pk=pk)
    version = _take_expected(expected_version)
    if version is not None and locked.version != version:
        raise StepRefused(
            "stale_version",
            f"案件已被他人更新(当前版本 {locked.version}，您的版本 {version})，请刷新后重试",
        )
    step = STEPS[step_name]
    check_table(locked, step, actor)
    check_via(step)
    if on is not None:
        check_dates(locked, step, on)
    require_ready(step, Facts(locked, on or timezone.localdate(), actor))
    locked.step_day = on  # the step's legal day: its documents are dated on it (``advance``)
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
    on: date | None = None,
) -> CaseEvent:
    """Apply the step's status move (or ``to``), bump the version, append the step's event,
    save the case and reserve the step's documents — all inside the caller's transaction. The
    documents are dated ``on`` (else the day ``lock_case`` checked the step on, else the day
    of the entry)."""
    step = STEPS[step_name]
    target = to or step.target
    moved = bool(target and target != case.status)
    if target and moved:
        payload = {"from": case.status, "to": target, **(payload or {})}
        case.status = target
    case.version += 1
    event = append_event(
        case,
        kind or step.event_kind,
        actor=actor,
        payload=payload,
        place=place,
        evidence=evidence,
        corrects=corrects,
    )
    day = on or getattr(case, "step_day", None) or timezone.localdate(event.occurred_at)
    if moved:
        case.status_on = day if case.status_on is None else max(case.status_on, day)
    case.save(update_fields=["status", "status_on", "version", *CHAIN_FIELDS, *fields])
    kinds = step.documents_for(case, event)
    if kinds:
        for make in DOCUMENT_MAKERS:
            make(case, event, kinds, actor, day)
    for effect in STEP_EFFECTS.get(step.name, ()):
        effect(case, event)
    return event
