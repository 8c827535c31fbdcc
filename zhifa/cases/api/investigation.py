"""Investigation (调查取证): evidence of the eight kinds (Art 46) with its files, transcripts
(Art 55), evidence preservation (Art 56), and the investigation report."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import File, Form, Router, Status, UploadedFile

from zhifa.cases import actions
from zhifa.cases.api import present
from zhifa.cases.api.common import (
    ERRORS,
    DayIn,
    FormDecimal,
    FormInt,
    Happened,
    Money,
    StepIn,
    caller,
    case_for,
    choice,
    row_of,
    uploads,
    versioned,
)
from zhifa.cases.api.results import (
    EvidenceResult,
    PreservationResult,
    ProposalResult,
    TranscriptResult,
)
from zhifa.cases.api.schemas import PreservationOut, ProposalOut, TranscriptOut
from zhifa.cases.choices import EvidenceKind, NoPenaltyReason, Outcome, TranscriptKind
from zhifa.cases.models import CaseEvent, EvidencePreservation
from zhifa.cases.record import Place
from zhifa.core.errors import InvalidInput
from zhifa.law.choices import BandLevel

router = Router(tags=["调查取证"])


class EvidenceIn(StepIn):
    kind: str = choice(EvidenceKind, "证据种类 (第46条)")
    description: str = ""
    place: str = ""
    latitude: FormDecimal = None
    longitude: FormDecimal = None
    corrects_seq: FormInt = None  # 更正某条记录：新记录指向被更正的记录，原记录不变


class TranscriptIn(StepIn):
    kind: str = choice(TranscriptKind, "笔录类型")
    started_at: datetime
    ended_at: datetime
    place: str
    content: str
    interviewee: str = ""
    party_signed: bool = True
    refusal_note: str = ""


class PreservationIn(StepIn):
    items: str
    on: Happened | None = None


class PreservationDecisionIn(StepIn):
    decision: str
    on: Happened | None = None


class ReportIn(StepIn):
    findings: str
    outcome: str = choice(Outcome, "拟处理意见")
    fine: Money | None = None
    penalty_kinds: list[str] = []
    discretion_level: str = choice(BandLevel, "裁量档次", default="")
    base: Decimal | None = None
    out_of_band_reason: str = ""
    serious_facts: str = ""  # 分档: the finding that the case is serious (情节严重)
    no_penalty_reason: str = choice(NoPenaltyReason, "不予处罚理由", default="")
    transfer_to: str = ""
    on: Happened | None = None


@router.post(
    "/{int:case_id}/evidence",
    response={201: EvidenceResult, **ERRORS},
    summary="调查取证：上传证据 (multipart，文件记录大小及 SM3/SHA-256 摘要)",
)
def add_evidence(
    request: HttpRequest,
    case_id: int,
    payload: Form[EvidenceIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    corrects = None
    if payload.corrects_seq is not None:
        corrects = CaseEvent.objects.filter(case=case, seq=payload.corrects_seq).first()
        if corrects is None:
            raise InvalidInput(
                "unknown_event", f"本案没有第 {payload.corrects_seq} 条记录", field="corrects_seq"
            )
    with versioned(case, "add_evidence", user, payload.version):
        event = actions.add_evidence(
            case,
            actor=user,
            kind=payload.kind,
            uploads=uploads(files, payload.kind),
            description=payload.description,
            place=Place(payload.place, payload.latitude, payload.longitude),
            corrects=corrects,
        )
    case.refresh_from_db()
    return Status(201, {"event": present.event(event), "case": present.summary(case, user)})


@router.post(
    "/{int:case_id}/transcripts",
    response={201: TranscriptResult, **ERRORS},
    summary="制作询问笔录/现场检查笔录 (两名执法人员，第42条、第55条)",
)
def record_transcript(request: HttpRequest, case_id: int, payload: TranscriptIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "record_transcript", user, payload.version):
        row = actions.record_transcript(
            case,
            actor=user,
            kind=payload.kind,
            started_at=payload.started_at,
            ended_at=payload.ended_at,
            place=payload.place,
            content=payload.content,
            interviewee=payload.interviewee,
            party_signed=payload.party_signed,
            refusal_note=payload.refusal_note,
        )
    return Status(201, present.with_case(TranscriptOut, row, case, user))


class VoidEntryIn(StepIn):
    entry_seq: int  # the 序号 of the transcript or evidence entry in the case record
    reason: str
    on: Happened | None = None


@router.post(
    "/{int:case_id}/void-entry",
    response={201: EvidenceResult, **ERRORS},
    summary="作废错误记录 (笔录、证据记录有误的，以新记录说明理由作废，不得修改原记录；第47条)",
)
def void_entry(request: HttpRequest, case_id: int, payload: VoidEntryIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    entry = CaseEvent.objects.filter(case=case, seq=payload.entry_seq).first()
    if entry is None:
        raise InvalidInput(
            "unknown_event", f"本案没有第 {payload.entry_seq} 条记录", field="entry_seq"
        )
    with versioned(case, "void_entry", user, payload.version):
        event = actions.void_entry(
            case, actor=user, entry=entry, reason=payload.reason, on=payload.on
        )
    case.refresh_from_db()
    return Status(201, {"event": present.event(event), "case": present.summary(case, user)})


@router.post(
    "/{int:case_id}/preservations",
    response={201: PreservationResult, **ERRORS},
    summary="申请先行登记保存 (第56条)",
)
def request_preservation(
    request: HttpRequest, case_id: int, payload: PreservationIn
) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "request_preservation", user, payload.version):
        row = actions.request_preservation(case, actor=user, items=payload.items, on=payload.on)
    return Status(201, present.with_case(PreservationOut, row, case, user))


@router.post(
    "/{int:case_id}/preservations/{int:preservation_id}/approve",
    response={200: PreservationResult, **ERRORS},
    summary="批准先行登记保存 (负责人；7个工作日内作出处理决定)",
)
def approve_preservation(
    request: HttpRequest, case_id: int, preservation_id: int, payload: DayIn
) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    row = row_of(EvidencePreservation, case, preservation_id, "先行登记保存")
    with versioned(case, "approve_preservation", user, payload.version):
        row = actions.approve_preservation(row, actor=user, on=payload.on)
    return present.with_case(PreservationOut, row, case, user)


@router.post(
    "/{int:case_id}/preservations/{int:preservation_id}/decide",
    response={200: PreservationResult, **ERRORS},
    summary="作出先行登记保存处理决定",
)
def decide_preservation(
    request: HttpRequest, case_id: int, preservation_id: int, payload: PreservationDecisionIn
) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    row = row_of(EvidencePreservation, case, preservation_id, "先行登记保存")
    with versioned(case, "decide_preservation", user, payload.version):
        row = actions.decide_preservation(row, actor=user, decision=payload.decision, on=payload.on)
    return present.with_case(PreservationOut, row, case, user)


@router.post(
    "/{int:case_id}/report",
    response={201: ProposalResult, **ERRORS},
    summary="案件调查终结报告 (拟处理意见；决定是否告知听证、法制审核、集体讨论)",
)
def submit_report(request: HttpRequest, case_id: int, payload: ReportIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    row = actions.submit_report(
        case,
        actor=user,
        findings=payload.findings,
        outcome=payload.outcome,
        fine=payload.fine,
        penalty_kinds=payload.penalty_kinds,
        discretion_level=payload.discretion_level,
        base=payload.base,
        out_of_band_reason=payload.out_of_band_reason,
        serious_facts=payload.serious_facts,
        no_penalty_reason=payload.no_penalty_reason,
        transfer_to=payload.transfer_to,
        on=payload.on,
        expected_version=payload.version,
    )
    return Status(201, present.with_case(ProposalOut, row, case, user))
