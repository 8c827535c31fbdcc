"""Clue (线索), filing (立案, 行政处罚法 Art 54), handlers (Arts 42–43), withdrawal."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from zhifa.cases import actions
from zhifa.cases.api import present
from zhifa.cases.api.common import (
    ERRORS,
    DayIn,
    FormDecimal,
    FormInt,
    FormStr,
    Happened,
    StepIn,
    caller,
    case_for,
    choice,
    officer,
    officers,
    party,
    street,
    uploads,
    versioned,
    violation_item,
)
from zhifa.cases.api.schemas import CaseSummaryOut
from zhifa.cases.choices import EvidenceKind, Source
from zhifa.cases.record import Place

router = Router(tags=["线索与立案"])


class ClueIn(Schema):
    source: str = choice(Source, "案件来源")
    found_on: Happened
    facts: str
    place: str = ""
    latitude: FormDecimal = None
    longitude: FormDecimal = None
    street_id: FormInt = None
    violation_code: FormStr = None
    party_id: FormInt = None
    evidence_kind: str = choice(EvidenceKind, "所附文件的证据种类", default="audio_visual")


class FilingIn(StepIn):
    handler_ids: list[int] = Field(..., description="承办人 (Officer id)，第一位为主办；至少两名")
    violation_code: str
    party_id: int
    act_on: Happened
    continuing: bool = False
    act_ended_on: Happened | None = None
    extended_limitation: bool = False
    major_public_interest: bool = False
    complex_case: bool = False
    on: Happened | None = None


class ReasonIn(StepIn):
    reason: str
    on: Happened | None = None


class HandlerIn(StepIn):
    officer_id: int
    on: Happened | None = None


@router.post(
    "/clues",
    response={201: CaseSummaryOut, **ERRORS},
    summary="登记线索 (multipart，可附现场照片等文件)",
)
def register_clue(
    request: HttpRequest,
    payload: Form[ClueIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[dict]:
    user = caller(request)
    case = actions.register_clue(
        source=payload.source,
        found_on=payload.found_on,
        facts=payload.facts,
        place=Place(payload.place, payload.latitude, payload.longitude),
        street=street(payload.street_id),
        actor=user,
        violation_item=violation_item(payload.violation_code) if payload.violation_code else None,
        party=party(user, payload.party_id) if payload.party_id else None,
        evidence=uploads(files, payload.evidence_kind),
    )
    return Status(201, present.summary(case, user))


@router.post(
    "/{int:case_id}/request-filing",
    response={200: CaseSummaryOut, **ERRORS},
    summary="提请立案 (承办人、案由、当事人、违法行为日期；第36条追责期限、第42条两名执法人员)",
)
def request_filing(request: HttpRequest, case_id: int, payload: FilingIn) -> dict:
    user = caller(request)
    case = actions.request_filing(
        case_for(request, case_id),
        actor=user,
        handlers=officers(payload.handler_ids, "handler_ids"),
        violation_item=violation_item(payload.violation_code),
        party=party(user, payload.party_id),
        act_on=payload.act_on,
        continuing=payload.continuing,
        act_ended_on=payload.act_ended_on,
        extended_limitation=payload.extended_limitation,
        major_public_interest=payload.major_public_interest,
        complex_case=payload.complex_case,
        on=payload.on,
        expected_version=payload.version,
    )
    return present.summary(case, user)


class ApprovalIn(DayIn):
    opinion: str = ""  # 审批意见, printed on the 立案审批表 (default "同意立案。")


@router.post(
    "/{int:case_id}/approve-filing",
    response={200: CaseSummaryOut, **ERRORS},
    summary="批准立案 (负责人；起算90日办案期限，第60条)",
)
def approve_filing(request: HttpRequest, case_id: int, payload: ApprovalIn) -> dict:
    user = caller(request)
    case = actions.approve_filing(
        case_for(request, case_id),
        actor=user,
        opinion=payload.opinion,
        on=payload.on,
        expected_version=payload.version,
    )
    return present.summary(case, user)


@router.post(
    "/{int:case_id}/reject-filing",
    response={200: CaseSummaryOut, **ERRORS},
    summary="不予立案 (负责人，须写明理由)",
)
def reject_filing(request: HttpRequest, case_id: int, payload: ReasonIn) -> dict:
    user = caller(request)
    case = actions.reject_filing(
        case_for(request, case_id),
        actor=user,
        reason=payload.reason,
        on=payload.on,
        expected_version=payload.version,
    )
    return present.summary(case, user)


@router.post(
    "/{int:case_id}/withdraw",
    response={200: CaseSummaryOut, **ERRORS},
    summary="撤销立案 (负责人，须写明理由；各项期限终止)",
)
def withdraw(request: HttpRequest, case_id: int, payload: ReasonIn) -> dict:
    user = caller(request)
    case = actions.withdraw_case(
        case_for(request, case_id),
        actor=user,
        reason=payload.reason,
        on=payload.on,
        expected_version=payload.version,
    )
    return present.summary(case, user)


@router.post(
    "/{int:case_id}/handlers",
    response={200: CaseSummaryOut, **ERRORS},
    summary="指派承办人 (负责人；须持有效执法证，第42条)",
)
def assign_handler(request: HttpRequest, case_id: int, payload: HandlerIn) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    who = officer(payload.officer_id, "officer_id")
    with versioned(case, "assign_handler", user, payload.version):
        case = actions.assign_handler(case, who, actor=user, on=payload.on)
    return present.summary(case, user)


@router.post(
    "/{int:case_id}/handlers/{int:officer_id}/recuse",
    response={200: CaseSummaryOut, **ERRORS},
    summary="决定承办人回避 (负责人，第43条)",
)
def recuse_handler(request: HttpRequest, case_id: int, officer_id: int, payload: ReasonIn) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    who = officer(officer_id, "officer_id")
    with versioned(case, "recuse_handler", user, payload.version):
        case = actions.recuse_handler(case, who, actor=user, reason=payload.reason, on=payload.on)
    return present.summary(case, user)
