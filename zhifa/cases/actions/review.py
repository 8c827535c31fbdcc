"""Legal review (法制审核, Art 58) and collective discussion (集体讨论, Art 57 ¶2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhifa.cases import attendees, guards, review_checklist
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
from zhifa.org.models import Officer, User


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
    checklist: Any,
    on: date | None = None,
    expected_version: int | None = None,
) -> LegalReview:
    """法制审核意见 (Art 58): the checklist — 执法主体、事实、证据、依据、程序、裁量、文书, each
    通过 or 有问题 with a note (``cases.review_checklist``) — and the opinion; passed (only when
    every item passed), or returned for more investigation (at least one item with a problem:
    the case goes back to 调查取证 and needs a new report)."""
    opinion = required_text(opinion, "opinion", "审核意见")
    if outcome not in ReviewOutcome.values:
        raise InvalidInput("invalid_choice", f"审核结论「{outcome}」无效", field="outcome")
    rows = review_checklist.parse(checklist)
    review_checklist.check_outcome(rows, outcome)
    day = today(on)
    step = "pass_legal_review" if outcome == ReviewOutcome.PASSED else "return_for_investigation"
    with transaction.atomic():
        # Art 58 ¶2: a qualified reviewer who did not handle the case (the precondition)
        case = lock_case(case, step, actor=actor, expected_version=expected_version, on=day)
        review = LegalReview.objects.filter(case=case, decided_on__isnull=True).latest("id")
        review.reviewer, review.decided_on = actor, day
        review.outcome, review.opinion, review.checklist = outcome, opinion, rows
        review.save(update_fields=["reviewer", "decided_on", "outcome", "opinion", "checklist"])
        case.legal_review_done = outcome == ReviewOutcome.PASSED
        advance(
            case,
            step,
            actor=actor,
            fields=["legal_review_done"],
            payload={"outcome": outcome, "opinion": opinion, "checklist": rows},
        )
        if outcome != ReviewOutcome.PASSED:
            notify_handlers(
                case.pk,
                kind="review_returned",
                title=f"{case.number}：法制审核退回补充调查 — {opinion[:60]}",
            )
    return review


def _officer_ids(raw: Sequence[Any] | None) -> list[int]:
    ids: list[int] = []
    for value in raw or ():
        text = str(value).strip()
        if not text.isdigit():
            raise InvalidInput(
                "invalid_attendee", f"参加人员：「{text}」不是执法人员编号", field="attendee_ids"
            )
        if int(text) not in ids:
            ids.append(int(text))
    return ids


def discussion_attendees(raw: Sequence[Any] | None, held_on: date) -> list[Officer]:
    """The officers named (ids, each counted once), heads first: each serving on the day — not
    auxiliary staff (Art 42), not one who had left or not yet joined — and at least the local
    quorum of them (Art 57 ¶2 sets none; ``COLLECTIVE_DISCUSSION_MIN_ATTENDEES``)."""
    ids = _officer_ids(raw)
    found = Officer.objects.select_related("unit", "user").in_bulk(ids)
    for pk in ids:
        officer = found.get(pk)
        if officer is None:
            raise InvalidInput(
                "unknown_attendee", f"参加人员：编号{pk}的执法人员不存在", field="attendee_ids"
            )
        if officer.is_auxiliary:
            raise InvalidInput(
                "auxiliary_attendee",
                f"参加人员：{officer.name}为辅助人员，不能参加负责人集体讨论"
                " (行政处罚法第57条第2款)",
                field="attendee_ids",
            )
        if not officer.is_active_on(held_on):
            raise InvalidInput(
                "attendee_not_serving",
                f"参加人员：{officer.name}在{held_on}不在职 (已调出、离职或尚未入职)",
                field="attendee_ids",
            )
    minimum = local_rules().collective_discussion_min_attendees
    if len(ids) < minimum:
        raise InvalidInput(
            "too_few_attendees", f"集体讨论参加人员不得少于{minimum}人", field="attendee_ids"
        )
    return attendees.ordered(found[pk] for pk in ids)


def record_collective_discussion(
    case: Case,
    *,
    actor: User,
    held_on: date,
    attendee_ids: Sequence[Any],
    conclusion: str,
    agreed_outcome: str,
    agreed_fine: Decimal | None = None,
    expected_version: int | None = None,
) -> CollectiveDiscussion:
    """负责人集体讨论, chaired by a leader, after legal review where that is required; the
    attendees are officers (``attendee_ids``), their names kept as printed on the record."""
    conclusion = required_text(conclusion, "conclusion", "讨论结论")
    officers = discussion_attendees(attendee_ids, held_on)
    names = [o.name for o in officers]
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
        discussion.attendee_officers.set(officers)
        case.collective_discussion_done = True
        advance(
            case,
            "record_discussion",
            actor=actor,
            fields=["collective_discussion_done"],
            payload={
                "held_on": held_on,
                "attendees": names,
                "attendee_ids": [o.pk for o in officers],
                "conclusion": conclusion,
                "agreed_outcome": agreed_outcome,
                "agreed_fine": agreed_fine,
            },
        )
    return discussion
