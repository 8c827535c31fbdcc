"""Legal review (法制审核, Art 58) and collective discussion (集体讨论, Art 57 ¶2)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zhifa.cases import actions
from zhifa.cases.api import present
from zhifa.cases.api.common import ERRORS, DayIn, Happened, Money, StepIn, caller, case_for, choice
from zhifa.cases.api.results import DiscussionResult, LegalReviewResult
from zhifa.cases.api.schemas import DiscussionOut
from zhifa.cases.choices import CheckResult, Outcome, ReviewCheck, ReviewOutcome

router = Router(tags=["法制审核与集体讨论"])


class CheckIn(Schema):
    item: str = choice(ReviewCheck, "审核事项")
    result: str = choice(CheckResult, "审核结论")
    note: str = Field("", description="说明 (有问题的必填)")


class ReviewOpinionIn(StepIn):
    outcome: str = choice(ReviewOutcome, "审核结论")
    opinion: str
    checklist: list[CheckIn] = Field(
        description="审核内容 (第58条)：执法主体、事实、证据、依据、程序、裁量、文书各一项；"
        "有问题的须写明说明；任何一项有问题的不能审核通过，退回的至少一项有问题",
    )
    on: Happened | None = None


class DiscussionIn(StepIn):
    held_on: Happened
    attendee_ids: list[int] = Field(
        description="参加人员：在职执法人员的 id (非辅助人员)，不少于本地规定人数",
    )
    conclusion: str
    agreed_outcome: str = choice(Outcome, "讨论决定的处理意见")
    agreed_fine: Money | None = None


@router.post(
    "/{int:case_id}/legal-review",
    response={201: LegalReviewResult, **ERRORS},
    summary="提交法制审核 (第58条；在听取陈述申辩之后)",
)
def submit_legal_review(request: HttpRequest, case_id: int, payload: DayIn) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    row = actions.submit_legal_review(
        case, actor=user, on=payload.on, expected_version=payload.version
    )
    case.refresh_from_db()
    return Status(201, {**present.review(row), "case": present.summary(case, user)})


@router.post(
    "/{int:case_id}/legal-review/opinion",
    response={200: LegalReviewResult, **ERRORS},
    summary="法制审核意见 (同意，或退回补充调查；审核人须有法律职业资格且非承办人)",
)
def record_legal_review(request: HttpRequest, case_id: int, payload: ReviewOpinionIn) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    row = actions.record_legal_review(
        case,
        actor=user,
        outcome=payload.outcome,
        opinion=payload.opinion,
        checklist=[c.model_dump() for c in payload.checklist],
        on=payload.on,
        expected_version=payload.version,
    )
    case.refresh_from_db()
    return {**present.review(row), "case": present.summary(case, user)}


@router.post(
    "/{int:case_id}/collective-discussion",
    response={201: DiscussionResult, **ERRORS},
    summary="负责人集体讨论 (情节复杂或重大违法，第57条第2款)",
)
def record_collective_discussion(
    request: HttpRequest, case_id: int, payload: DiscussionIn
) -> Status[dict]:
    user = caller(request)
    case = case_for(request, case_id)
    row = actions.record_collective_discussion(
        case,
        actor=user,
        held_on=payload.held_on,
        attendee_ids=payload.attendee_ids,
        conclusion=payload.conclusion,
        agreed_outcome=payload.agreed_outcome,
        agreed_fine=payload.agreed_fine,
        expected_version=payload.version,
    )
    return Status(201, present.with_case(DiscussionOut, row, case, user))
