"""/api/v1/cases/{id}/…: performance (执行) — payments, deferral and instalments (Art 66), 催告
(行政强制法 Art 54) and the party's statement after it (Art 36), the application to court
(Art 53), and what is owed on a day. Mounted under ``/cases/`` beside the case router
(``zhifa/api.py``); the paths and operation ids are those it had inside ``zhifa.cases.api``
(generated clients keep their method names)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhifa.cases.api import present
from zhifa.cases.api.common import (
    ERRORS,
    Happened,
    Money,
    StepIn,
    caller,
    case_for,
    choice,
    row_of,
    versioned,
)
from zhifa.cases.api.schemas import CaseSummaryOut
from zhifa.core.errors import InvalidInput
from zhifa.performance import actions
from zhifa.performance import present as perf_present
from zhifa.performance.api_schemas import (
    CourtOut,
    OwedOut,
    PaymentOut,
    PlanOut,
    ReminderOut,
    ReminderStatementOut,
)
from zhifa.performance.models import (
    Channel,
    CourtApplication,
    CourtStage,
    PaymentPlan,
    PlanKind,
)

router = Router(tags=["履行与强制执行"])
# As published before the move to this app (``module_function`` of zhifa.cases.api.*).
OLD_IDS = "zhifa_cases_api_performance_"


class PaymentResult(PaymentOut):
    case: CaseSummaryOut


class PlanResult(PlanOut):
    case: CaseSummaryOut


class ReminderResult(ReminderOut):
    case: CaseSummaryOut


class ReminderStatementResult(ReminderStatementOut):
    case: CaseSummaryOut


class CourtResult(CourtOut):
    case: CaseSummaryOut


class PaymentIn(StepIn):
    amount: Money
    paid_on: Happened
    channel: str = choice(Channel, "缴款方式")
    reference: str = ""


class InstalmentIn(Schema):
    due_on: date
    amount: Money


class PlanIn(StepIn):
    kind: str = choice(PlanKind, "方式")
    reason: str
    instalments: list[InstalmentIn] = Field(..., description="延期缴纳为一期 (新的缴纳日期)")
    on: Happened | None = None


class PlanDecisionIn(StepIn):
    approve: bool
    note: str = ""
    on: Happened | None = None


class ReminderIn(StepIn):
    """The 催告书 is then served through ``/api/v1/delivery/…`` (行政强制法 Art 38)."""

    on: Happened | None = None


class ReminderStatementIn(StepIn):
    """The party's statement after the 催告书 was served, and the bureau's re-examination
    (行政强制法 Art 36)."""

    content: str = Field(..., description="陈述申辩内容：当事人提出的事实、理由和证据")
    received_on: Happened | None = Field(None, description="收到陈述申辩的日期，不早于催告书送达")
    adopted: bool = Field(..., description="复核结论：成立的，应当采纳")
    reasons: str = Field("", description="复核意见；不予采纳的必填 (行政强制法第36条)")


class CourtIn(StepIn):
    court: str = ""
    on: Happened | None = None


class CourtProgressIn(StepIn):
    stage: str = choice(CourtStage, "进展")
    on: Happened
    court_case_number: str = ""
    note: str = ""
    amount_recovered: Money | None = None


@router.post(
    "/{int:case_id}/payments",
    response={201: PaymentResult, **ERRORS},
    summary="登记缴款 (先抵罚款再抵加处罚款；缴清即为已履行)",
    operation_id=OLD_IDS + "record_payment",
)
def record_payment(request: HttpRequest, case_id: int, payload: PaymentIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "record_payment", user, payload.version):
        row = actions.record_payment(
            case,
            actor=user,
            amount=payload.amount,
            paid_on=payload.paid_on,
            channel=payload.channel,
            reference=payload.reference,
        )
    return Status(201, present.with_case(PaymentOut, row, case, user))


def _plan_result(plan: PaymentPlan, request: HttpRequest) -> dict:
    user = caller(request)
    case = plan.case
    case.refresh_from_db()
    return {**perf_present.plan(plan), "case": present.summary(case, user)}


@router.post(
    "/{int:case_id}/payment-plans",
    response={201: PlanResult, **ERRORS},
    summary="申请延期或分期缴纳罚款 (确有经济困难，第66条第2款)",
    operation_id=OLD_IDS + "request_payment_plan",
)
def request_payment_plan(request: HttpRequest, case_id: int, payload: PlanIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "request_payment_plan", user, payload.version):
        row = actions.request_payment_plan(
            case,
            actor=user,
            kind=payload.kind,
            reason=payload.reason,
            instalments=[(i.due_on, i.amount) for i in payload.instalments],
            on=payload.on,
        )
    return Status(201, _plan_result(row, request))


@router.post(
    "/{int:case_id}/payment-plans/{int:plan_id}/decision",
    response={200: PlanResult, **ERRORS},
    summary="审批延期或分期缴纳 (负责人)",
    operation_id=OLD_IDS + "decide_payment_plan",
)
def decide_payment_plan(
    request: HttpRequest, case_id: int, plan_id: int, payload: PlanDecisionIn
) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    row = row_of(PaymentPlan, case, plan_id, "延期/分期缴纳申请")
    with versioned(case, "decide_payment_plan", user, payload.version):
        row = actions.decide_payment_plan(
            row, actor=user, approve=payload.approve, note=payload.note, on=payload.on
        )
    return _plan_result(row, request)


@router.post(
    "/{int:case_id}/reminders",
    response={201: ReminderResult, **ERRORS},
    summary="催告 (法定复议、诉讼期限届满仍未履行；送达后10个工作日，行政强制法第54条)",
    operation_id=OLD_IDS + "issue_reminder",
)
def issue_reminder(request: HttpRequest, case_id: int, payload: ReminderIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "issue_reminder", user, payload.version):
        row = actions.issue_reminder(case, actor=user, on=payload.on)
    return Status(201, present.with_case(ReminderOut, row, case, user))


@router.post(
    "/{int:case_id}/reminder-statements",
    response={201: ReminderStatementResult, **ERRORS},
    summary="记录催告后当事人的陈述申辩及复核 (催告书送达后；成立的应当采纳，行政强制法第36条)",
)
def record_reminder_statement(
    request: HttpRequest, case_id: int, payload: ReminderStatementIn
) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "record_reminder_statement", user, payload.version):
        row = actions.record_reminder_statement(
            case,
            actor=user,
            content=payload.content,
            received_on=payload.received_on,
            adopted=payload.adopted,
            reasons=payload.reasons,
        )
    return Status(201, present.with_case(ReminderStatementOut, row, case, user))


@router.post(
    "/{int:case_id}/court-applications",
    response={201: CourtResult, **ERRORS},
    summary="申请人民法院强制执行 (催告期满后，法定期限届满之日起三个月内，行政强制法第53条)",
    operation_id=OLD_IDS + "apply_to_court",
)
def apply_to_court(request: HttpRequest, case_id: int, payload: CourtIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "apply_to_court", user, payload.version):
        row = actions.apply_to_court(case, actor=user, on=payload.on, court=payload.court)
    return Status(201, present.with_case(CourtOut, row, case, user))


@router.post(
    "/{int:case_id}/court-applications/{int:application_id}/progress",
    response={200: CourtResult, **ERRORS},
    summary="登记法院受理、裁定及执行结果 (执行到位金额计为缴款)",
    operation_id=OLD_IDS + "record_court_result",
)
def record_court_result(
    request: HttpRequest, case_id: int, application_id: int, payload: CourtProgressIn
) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    row = row_of(CourtApplication, case, application_id, "强制执行申请")
    with versioned(case, "record_court_result", user, payload.version):
        row = actions.record_court_result(
            row,
            actor=user,
            stage=payload.stage,
            on=payload.on,
            court_case_number=payload.court_case_number,
            note=payload.note,
            amount_recovered=payload.amount_recovered,
        )
    return present.with_case(CourtOut, row, case, user)


@router.get(
    "/{int:case_id}/balance",
    response={200: OwedOut, **ERRORS},
    summary="某日应缴金额 (罚款及加处罚款明细)",
    tags=["案件查询"],
    operation_id="zhifa_cases_api_reads_balance",
)
def balance(request: HttpRequest, case_id: int, on: date | None = None) -> dict:
    case = case_for(request, case_id)
    result = perf_present.owed(case, on or timezone.localdate())
    if result is None:
        raise InvalidInput("no_fine", "本案没有罚款，无需缴纳")
    return result
