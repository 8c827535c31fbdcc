"""The decision (Arts 57–62), on the spot (simple procedure, Arts 51–53, 68), service (Art 61),
the party's review or litigation, closing and archiving."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from zhifa.cases import actions
from zhifa.cases.api import present
from zhifa.cases.api.common import (
    ERRORS,
    DayIn,
    FormDate,
    FormDecimal,
    FormInt,
    FormMoney,
    Happened,
    Money,
    StepIn,
    caller,
    case_for,
    choice,
    officer,
    party,
    row_of,
    street,
    uploads,
    versioned,
    violation_item,
)
from zhifa.cases.api.results import DecisionResult
from zhifa.cases.api.results import RemedyResult as RemedyResultOut
from zhifa.cases.api.schemas import CaseSummaryOut, DecisionOut, RemedyOut
from zhifa.cases.choices import (
    CourtRuling,
    EvidenceKind,
    NoPenaltyReason,
    Outcome,
    RemedyKind,
    RemedyResult,
)
from zhifa.cases.models import Remedy
from zhifa.cases.record import Place
from zhifa.law.choices import BandLevel

router = Router(tags=["决定、送达与结案"])


class DecideIn(StepIn):
    outcome: str | None = choice(Outcome, "决定 (不填则按集体讨论意见或调查终结报告)", default=None)
    fine: Money | None = None
    penalty_kinds: list[str] | None = None
    education_given: bool = False
    no_penalty_reason: str = choice(
        NoPenaltyReason, "不予处罚理由 (不填则按调查终结报告)", default=""
    )
    on: Happened | None = None


class OnTheSpotIn(Schema):
    co_handler_id: int
    violation_code: str
    party_id: int
    facts: str
    place: str = ""
    latitude: FormDecimal = None
    longitude: FormDecimal = None
    street_id: FormInt = None
    act_on: FormDate = None
    penalty_kinds: list[str]
    fine: FormMoney = None
    discretion_level: str = choice(BandLevel, "裁量档次", default="")
    serious_facts: str = ""  # 分档: the finding that the case is serious (情节严重)
    collect_on_spot: bool = False
    hard_to_collect_later: bool = False
    party_signed: bool = True
    evidence_kind: str = choice(EvidenceKind, "所附文件的证据种类", default="audio_visual")
    on: FormDate = None


class RemedyIn(StepIn):
    kind: str = choice(RemedyKind, "类型")
    applied_on: Happened
    body: str


class RemedyOutcomeIn(StepIn):
    result: str = choice(RemedyResult, "结果")
    decided_on: Happened
    result_received_on: Happened | None = Field(
        None,
        description="结果文书送达当事人的日期 (维持、变更的必填)："
        "复议后起诉期限自收到复议决定书之日起15日 (行政诉讼法第45条)；"
        "一审判决上诉期限自送达之日起15日，一审裁定10日 (第85条)",
    )
    ruling: str = choice(CourtRuling, "裁判类型 (行政诉讼维持、变更的必填)", default="")
    new_fine: Money | None = None
    note: str = ""


class CloseIn(StepIn):
    reason: str = ""
    opinion: str = Field("", description="审批意见，印在结案审批表上 (缺省为「同意结案。」)")
    on: Happened | None = None


class ArchiveIn(DayIn):
    opinion: str = Field("", description="审批意见，印在备考表上 (缺省为「同意归档。」)")


@router.post(
    "/{int:case_id}/decide",
    response={200: DecisionResult, **ERRORS},
    summary="作出决定 (处罚/不予处罚/移送；须已告知并听取陈述申辩、已审核、已讨论)",
)
def decide(request: HttpRequest, case_id: int, payload: DecideIn) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    row = actions.decide(
        case,
        actor=user,
        outcome=payload.outcome,
        fine=payload.fine,
        penalty_kinds=payload.penalty_kinds,
        education_given=payload.education_given,
        no_penalty_reason=payload.no_penalty_reason,
        on=payload.on,
        expected_version=payload.version,
    )
    return present.with_case(DecisionOut, row, case, user)


@router.post(
    "/on-the-spot",
    response={201: DecisionResult, **ERRORS},
    summary="简易程序当场处罚 (multipart；警告或罚款≤200元/3000元，第51条；可当场收缴，第68条)",
)
def decide_on_the_spot(
    request: HttpRequest,
    payload: Form[OnTheSpotIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[dict]:
    user = caller(request)
    row = actions.decide_on_the_spot(
        actor=user,
        co_handler=officer(payload.co_handler_id, "co_handler_id"),
        violation_item=violation_item(payload.violation_code),
        party=party(user, payload.party_id),
        facts=payload.facts,
        place=Place(payload.place, payload.latitude, payload.longitude),
        street=street(payload.street_id),
        act_on=payload.act_on,
        penalty_kinds=payload.penalty_kinds,
        fine=payload.fine,
        discretion_level=payload.discretion_level,
        serious_facts=payload.serious_facts,
        collect_on_spot=payload.collect_on_spot,
        hard_to_collect_later=payload.hard_to_collect_later,
        party_signed=payload.party_signed,
        evidence=uploads(files, payload.evidence_kind),
        on=payload.on,
    )
    return Status(201, present.with_case(DecisionOut, row, row.case, user))


@router.post(
    "/{int:case_id}/simple-filing",
    response={200: DecisionResult, **ERRORS},
    summary="当场处罚决定备案 (第52条第3款)",
)
def file_simple_decision(request: HttpRequest, case_id: int, payload: DayIn) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "file_simple_decision", user, payload.version):
        row = actions.file_simple_decision(case, actor=user, on=payload.on)
    return present.with_case(DecisionOut, row, case, user)


@router.post(
    "/{int:case_id}/remedies",
    response={201: RemedyResultOut, **ERRORS},
    summary="登记当事人申请行政复议或提起行政诉讼 (期间不计加处罚款，第73条)",
)
def record_remedy(request: HttpRequest, case_id: int, payload: RemedyIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "record_remedy", user, payload.version):
        row = actions.record_remedy(
            case, actor=user, kind=payload.kind, applied_on=payload.applied_on, body=payload.body
        )
    return Status(201, present.with_case(RemedyOut, row, case, user))


@router.post(
    "/{int:case_id}/remedies/{int:remedy_id}/result",
    response={200: RemedyResultOut, **ERRORS},
    summary="登记复议/诉讼结果 (维持、变更、撤销、确认违法、撤回)",
)
def record_remedy_result(
    request: HttpRequest, case_id: int, remedy_id: int, payload: RemedyOutcomeIn
) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    row = row_of(Remedy, case, remedy_id, "复议/诉讼")
    with versioned(case, "record_remedy_result", user, payload.version):
        row = actions.record_remedy_result(
            row,
            actor=user,
            result=payload.result,
            decided_on=payload.decided_on,
            result_received_on=payload.result_received_on,
            ruling=payload.ruling,
            new_fine=payload.new_fine,
            note=payload.note,
        )
    return present.with_case(RemedyOut, row, case, user)


@router.post(
    "/{int:case_id}/close",
    response={200: CaseSummaryOut, **ERRORS},
    summary="结案 (履行完毕、执行终结、撤销或无需履行)",
)
def close(request: HttpRequest, case_id: int, payload: CloseIn) -> dict:
    user = caller(request)
    case = actions.close_case(
        case_for(request, case_id),
        actor=user,
        reason=payload.reason,
        opinion=payload.opinion,
        on=payload.on,
        expected_version=payload.version,
    )
    return present.summary(case, user)


@router.post(
    "/{int:case_id}/archive",
    response={200: CaseSummaryOut, **ERRORS},
    summary="归档 (案卷封存，记录不可再追加)",
)
def archive(request: HttpRequest, case_id: int, payload: ArchiveIn) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    with versioned(case, "archive", user, payload.version):
        case = actions.archive_case(case, actor=user, opinion=payload.opinion, on=payload.on)
    return present.summary(case, user)
