"""Legal review (法制审核, Art 58) and collective discussion (集体讨论, Art 57 ¶2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from zhifa.cases import guards
from zhifa.cases.actions._common import (
    REVIEWER,
    case_url,
    notify_handlers,
    notify_role,
    required_text,
    today,
)
from zhifa.cases.choices import Outcome, ReviewOutcome
from zhifa.cases.models import Case, CollectiveDiscussion, LegalReview, Proposal
from zhifa.cases.workflow import advance, lock_case
from zhifa.core.config import local_rules
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.org.models import User


def _proposal(case: Case) -> Proposal:
    proposal = Proposal.objects.filter(case=case).order_by("-id").first()
    if proposal is None:
        raise DomainError("no_report", "尚无调查终结报告")
    return proposal


def submit_legal_review(
    case: Case, *, actor: User, on: date | None = None, expected_version: int | None = None
) -> LegalReview:
    """Before the head decides (Art 58): after the party was heard, so the reviewer sees the
    statement, the defence and the hearing record."""
    day = today(on)
    with transaction.atomic():
        # Art 58: required, after the party was heard (the step's preconditions)
        case = lock_case(
            case, "submit_legal_review", actor=actor, expected_version=expected_version, on=day
        )
        proposal = _proposal(case)
        reasons = guards.legal_review_reasons(
            case, out_of_band=proposal.out_of_band, hearing_held=case.hearing_held
        )
        review = LegalReview.objects.create(case=case, submitted_on=day, reasons=reasons)
        advance(case, "submit_legal_review", actor=actor, payload={"reasons": reasons})
        notify_role(
            REVIEWER,
            title=f"{case.number} 待法制审核",
            url=case_url(case.pk),
            kind="legal_review",
            dedup_key=f"review:{review.pk}",
        )
    return review


def record_legal_review(
    case: Case,
    *,
    actor: User,
    outcome: str,
    opinion: str,
    on: date | None = None,
    expected_version: int | None = None,
) -> LegalReview:
    """法制审核意见: passed, or returned for more investigation (the case goes back to
    调查取证 and needs a new report)."""
    opinion = required_text(opinion, "opinion", "审核意见")
    if outcome not in ReviewOutcome.values:
        raise InvalidInput("invalid_choice", f"审核结论「{outcome}」无效", field="outcome")
    day = today(on)
    step = "pass_legal_review" if outcome == ReviewOutcome.PASSED else "return_for_investigation"
    with transaction.atomic():
        # Art 58 ¶2: a qualified reviewer who did not handle the case (the precondition)
        case = lock_case(case, step, actor=actor, expected_version=expected_version, on=day)
        review = LegalReview.objects.filter(case=case, decided_on__isnull=True).latest("id")
        review.reviewer, review.decided_on = actor, day
        review.outcome, review.opinion = outcome, opinion
        review.save(update_fields=["reviewer", "decided_on", "outcome", "opinion"])
        case.legal_review_done = outcome == ReviewOutcome.PASSED
        advance(
            case,
            step,
            actor=actor,
            fields=["legal_review_done"],
            payload={"outcome": outcome, "opinion": opinion},
        )
        if outcome != ReviewOutcome.PASSED:
            notify_handlers(
                case.pk,
                kind="review_returned",
                title=f"{case.number}：法制审核退回补充调查 — {opinion[:60]}",
            )
    return review


def record_collective_discussion(
    case: Case,
    *,
    actor: User,
    held_on: date,
    attendees: list[str],
    conclusion: str,
    agreed_outcome: str,
    agreed_fine: Decimal | None = None,
    expected_version: int | None = None,
) -> CollectiveDiscussion:
    """负责人集体讨论, chaired by a leader, after legal review where that is required."""
    conclusion = required_text(conclusion, "conclusion", "讨论结论")
    names = [a.strip() for a in attendees if a.strip()]
    minimum = local_rules().collective_discussion_min_attendees
    if len(set(names)) < minimum:
        raise InvalidInput(
            "too_few_attendees", f"集体讨论参加人员不得少于{minimum}人", field="attendees"
        )
    if agreed_outcome not in Outcome.values:
        raise InvalidInput("invalid_choice", "请选择讨论决定的处理意见", field="agreed_outcome")
    with transaction.atomic():
        # Art 58 before Art 57 ¶2; the party heard if a penalty was proposed (preconditions)
        case = lock_case(
            case, "record_discussion", actor=actor, expected_version=expected_version, on=held_on
        )
        if agreed_outcome == Outcome.PENALTY:
            problems = guards.notice_problems(case, held_on)
            if problems:
                raise guards.GuardRefused("notice_pending", "；".join(problems))
            guards.require_no_increase(case, agreed_fine)
        discussion = CollectiveDiscussion.objects.create(
            case=case,
            held_on=held_on,
            chair=actor,
            attendees=names,
            conclusion=conclusion,
            agreed_outcome=agreed_outcome,
            agreed_fine=agreed_fine,
        )
        case.collective_discussion_done = True
        advance(
            case,
            "record_discussion",
            actor=actor,
            fields=["collective_discussion_done"],
            payload={
                "held_on": held_on,
                "attendees": names,
                "conclusion": conclusion,
                "agreed_outcome": agreed_outcome,
                "agreed_fine": agreed_fine,
            },
        )
    return discussion
