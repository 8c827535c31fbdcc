"""Legal review (法制审核, Art 58) and collective discussion (集体讨论, Art 57 ¶2)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from zhifa.cases import actions
from zhifa.cases.api import present
from zhifa.cases.api.common import ERRORS, DayIn, Happened, Money, StepIn, caller, case_for, choice
from zhifa.cases.api.results import DiscussionResult, LegalReviewResult
from zhifa.cases.api.schemas import DiscussionOut
from zhifa.cases.choices import Outcome, ReviewOutcome

router = Router(tags=["法制审核与集体讨论"])


class ReviewOpinionIn(StepIn):
    outcome: str = choice(ReviewOutcome, "审核结论")
    opinion: str
    on: Happened | None = None


class DiscussionIn(StepIn):
    held_on: Happened
    attendees: list[str]
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
        attendees=payload.attendees,
        conclusion=payload.conclusion,
        agreed_outcome=payload.agreed_outcome,
        agreed_fine=payload.agreed_fine,
        expected_version=payload.version,
    )
    return Status(201, present.with_case(DiscussionOut, row, case, user))
