"""Prior notice (事先告知, Art 44), statement and defence (Art 45), hearing (Arts 63–65)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Status

from zhifa.cases import actions
from zhifa.cases.api import present
from zhifa.cases.api.common import (
    ERRORS,
    DayIn,
    Happened,
    StepIn,
    caller,
    case_for,
    officer,
    versioned,
)
from zhifa.cases.api.results import HearingResult, NoticeResult, StatementResult
from zhifa.cases.api.schemas import NoticeOut, StatementOut
from zhifa.cases.models import Case, Hearing
from zhifa.org.models import User

router = Router(tags=["事先告知与听证"])


class NoticeIn(StepIn):
    on: Happened | None = None  # the day the notice is made; served through /delivery


class StatementIn(StepIn):
    content: str
    received_on: Happened | None = None


class HearingRequestIn(StepIn):
    requested_on: Happened | None = None


class HearingScheduleIn(StepIn):
    hearing_on: date
    notified_on: Happened
    place: str
    host_id: int


class HearingRecordIn(StepIn):
    held_on: Happened
    minutes: str = ""
    party_absent: bool = False


def _hearing(row: Hearing, case: Case, user: User) -> dict:
    case.refresh_from_db()
    return {**present.hearing(row), "case": present.summary(case, user)}


@router.post(
    "/{int:case_id}/notice",
    response={201: NoticeResult, **ERRORS},
    summary="制作行政处罚事先告知书 (拟处罚及陈述、申辩、听证权利，第44条；经送达接口送达)",
)
def notify(request: HttpRequest, case_id: int, payload: NoticeIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    row = actions.notify_intended_penalty(
        case, actor=user, on=payload.on, expected_version=payload.version
    )
    return Status(201, present.with_case(NoticeOut, row, case, user))


@router.post(
    "/{int:case_id}/statements",
    response={201: StatementResult, **ERRORS},
    summary="记录当事人陈述申辩 (第45条)",
)
def record_statement(request: HttpRequest, case_id: int, payload: StatementIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "record_statement", user, payload.version):
        row = actions.record_statement(
            case, actor=user, content=payload.content, received_on=payload.received_on
        )
    return Status(201, present.with_case(StatementOut, row, case, user))


@router.post(
    "/{int:case_id}/waive-statement",
    response={200: NoticeResult, **ERRORS},
    summary="当事人明确放弃陈述申辩和听证 (第62条)",
)
def waive_statement(request: HttpRequest, case_id: int, payload: DayIn) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "waive_statement", user, payload.version):
        row = actions.waive_statement(case, actor=user, on=payload.on)
    return present.with_case(NoticeOut, row, case, user)


@router.post(
    "/{int:case_id}/hearing/request",
    response={201: HearingResult, **ERRORS},
    summary="当事人申请听证 (告知后5个工作日内，第64条第1项)",
)
def request_hearing(request: HttpRequest, case_id: int, payload: HearingRequestIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "request_hearing", user, payload.version):
        row = actions.request_hearing(case, actor=user, requested_on=payload.requested_on)
    return Status(201, _hearing(row, case, user))


@router.post(
    "/{int:case_id}/hearing/schedule",
    response={200: HearingResult, **ERRORS},
    summary="通知听证 (举行7个工作日前通知，主持人非本案调查人员，第64条)",
)
def schedule_hearing(request: HttpRequest, case_id: int, payload: HearingScheduleIn) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    host = officer(payload.host_id, "host_id")
    with versioned(case, "schedule_hearing", user, payload.version):
        row = actions.schedule_hearing(
            case,
            actor=user,
            hearing_on=payload.hearing_on,
            notified_on=payload.notified_on,
            place=payload.place,
            host=host,
        )
    return _hearing(row, case, user)


@router.post(
    "/{int:case_id}/hearing/record",
    response={200: HearingResult, **ERRORS},
    summary="记录听证 (听证笔录；当事人无正当理由缺席视为放弃)",
)
def record_hearing(request: HttpRequest, case_id: int, payload: HearingRecordIn) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "record_hearing", user, payload.version):
        row = actions.record_hearing(
            case,
            actor=user,
            held_on=payload.held_on,
            minutes=payload.minutes,
            party_absent=payload.party_absent,
        )
    return _hearing(row, case, user)
