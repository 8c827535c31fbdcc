"""Documents before the decision: 事先告知 (Art 44), 陈述申辩笔录 and its 复核意见 (Art 45), 听证
(Arts 63–65, with the host's 听证报告), 法制审核 (Art 58), 集体讨论 (Art 57 ¶2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhifa.cases import attendees
from zhifa.cases.models import (
    Case,
    CollectiveDiscussion,
    Hearing,
    LegalReview,
    PriorNotice,
    Statement,
)
from zhifa.core.config import local_rules
from zhifa.core.errors import InvalidInput
from zhifa.documents.contexts import common
from zhifa.documents.contexts.investigation import proposal_block
from zhifa.documents.formatting import cn_date, cn_due, lines, money, zh
from zhifa.law import statute
from zhifa.law.choices import PenaltyKind


def _notice(row: PriorNotice) -> dict[str, Any]:
    kinds = list(row.intended_kinds or [])
    return {
        "notified_on": cn_date(row.notified_on),
        "served_on": cn_date(row.served_on),
        "intended_labels": [zh(PenaltyKind(k).label) for k in kinds if k in PenaltyKind.values],
        "intended_lines": common.penalty_lines(kinds, row.intended_fine),
        "intended_fine": money(row.intended_fine),
        "statement_due": cn_due(row.statement_due),
        "hearing_offered": row.hearing_offered,
        "hearing_request_due": cn_due(row.hearing_request_due),
        "hearing_request_wd": statute.HEARING_REQUEST_WD,
        # Arts 44, 64(1): counted from receipt — the notice is printed before it is served
        "statement_wd": local_rules().statement_period_working_days,
        "waived_on": cn_date(row.statement_waived_on),
    }


def prior_notice(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """行政处罚事先告知书 (Art 44): intended penalty, facts, reasons, basis, and the rights to
    state, defend and (where it applies) ask for a hearing."""
    row = common.pick(PriorNotice.objects.filter(case=case), extra, "notice", "事先告知")
    return {
        "notice": _notice(row),
        "proposal": proposal_block(row.proposal),
        "evidence": common.evidence(case),
    }


def hearing_rights(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """听证告知书 (Arts 63, 64(1)): the party may ask for a hearing within 5 working days."""
    rows = PriorNotice.objects.filter(case=case, hearing_offered=True)
    row = common.pick(rows, extra, "notice", "告知听证权利的事先告知")
    return {"notice": _notice(row), "proposal": proposal_block(row.proposal)}


def _hearing(row: Hearing) -> dict[str, Any]:
    return {
        "requested_on": cn_date(row.requested_on),
        "notified_on": cn_date(row.notified_on),
        "scheduled_on": cn_date(row.scheduled_on),
        "place": row.place,
        "host": common.officer(row.host, "主持人") if row.host else None,
        "held_on": cn_date(row.held_on),
        "party_absent": row.party_absent,
        "minutes_lines": lines(row.minutes),
        "agents_max": statute.HEARING_AGENTS_MAX,
    }


def hearing_notice(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """听证通知书 (Art 64(2)–(5)): time and place at least 7 working days ahead; public unless
    secrets or privacy; the party may bring one or two agents and ask the host to withdraw."""
    rows = Hearing.objects.filter(case=case, scheduled_on__isnull=False)
    return {"hearing": _hearing(common.pick(rows, extra, "hearing", "已安排的听证"))}


def hearing_record(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    rows = Hearing.objects.filter(case=case, held_on__isnull=False)
    return {"hearing": _hearing(common.pick(rows, extra, "hearing", "已举行的听证"))}


def legal_review(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """法制审核意见书 (Art 58)."""
    rows = LegalReview.objects.filter(case=case, decided_on__isnull=False)
    row = common.pick(rows, extra, "review", "法制审核意见")
    proposal = common.latest_proposal(case)
    return {
        "review": {
            "submitted_on": cn_date(row.submitted_on),
            "reviewer": row.reviewer.display_name if row.reviewer else "",
            "decided_on": cn_date(row.decided_on),
            "outcome_label": row.get_outcome_display(),
            "opinion_lines": lines(row.opinion),
            "reasons": list(row.reasons or []),
            # Art 58: 执法主体、事实、证据、依据、程序、裁量、文书 — 结论 and 说明 of each
            "checklist": row.checklist_rows,
        },
        "proposal": proposal_block(proposal) if proposal else None,
    }


def discussion_record(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """集体讨论记录 (Art 57 ¶2): who attended — each officer with the post held (heads
    first); a record made before attendees were officers lists the names it kept."""
    rows = CollectiveDiscussion.objects.filter(case=case)
    row = common.pick(rows, extra, "discussion", "集体讨论")
    proposal = common.latest_proposal(case)
    officers = attendees.ordered(row.attendee_officers.select_related("unit", "user"))
    people = [{"name": o.name, "unit": o.unit.name, "post": attendees.post(o)} for o in officers]
    return {
        "discussion": {
            "held_on": cn_date(row.held_on),
            "chair": row.chair.display_name,
            "attendees": list(row.attendees or []),
            "people": people or [{"name": n, "unit": "", "post": ""} for n in row.attendees or []],
            "conclusion_lines": lines(row.conclusion),
            "agreed_outcome": row.get_agreed_outcome_display(),
            "agreed_fine": money(row.agreed_fine),
        },
        "proposal": proposal_block(proposal) if proposal else None,
    }


def _statement(case: Case, extra: dict[str, Any]) -> Statement:
    return common.pick(Statement.objects.filter(case=case), extra, "statement", "陈述申辩")


def statement_record(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """陈述申辩笔录 (Art 45): what the party stated, when, in reply to which notice — the party
    checks and signs it; a statement received after the period is marked, and still heard."""
    row = _statement(case, extra)
    notice = row.notice
    return {
        "statement": {
            "id": row.pk,
            "received_on": cn_date(row.received_on),
            "content_lines": lines(row.content),
            "late": notice.late(row.received_on),
            "notice_served_on": cn_date(notice.served_on),
            "statement_due": cn_date(notice.statement_due),
        },
        "notice": _notice(notice),
    }


def _adopted(value: Any) -> bool | None:
    if value in (True, "yes", "1", "true", "adopted"):
        return True
    if value in (False, "no", "0", "false", "rejected"):
        return False
    return None


def statement_review(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """陈述申辩复核意见书 (Art 45): the bureau re-examined the facts, reasons and evidence the
    party raised and adopts what is established — never increasing the penalty because the party
    defended itself. Whether it was adopted and why: the statement's own record, else entered
    when the opinion is written (``extra``: adopted, reasons)."""
    row = _statement(case, extra)
    adopted = row.adopted if row.adopted is not None else _adopted(extra.get("adopted"))
    reasons = lines(row.response) or lines(extra.get("reasons"))
    if adopted is None:
        raise InvalidInput(
            "required", "是否采纳：请选择复核结论 (行政处罚法第45条)", field="adopted"
        )
    if not adopted and not reasons:
        raise InvalidInput(
            "required",
            "不予采纳的理由：不予采纳的，应当写明理由 (行政处罚法第45条)",
            field="reasons",
        )
    proposal = row.notice.proposal
    return {
        "statement": {
            "id": row.pk,
            "received_on": cn_date(row.received_on),
            "content_lines": lines(row.content),
        },
        "review": {
            "statement_id": row.pk,
            "adopted": adopted,
            "reasons_lines": reasons,
            "reviewed_on": cn_date(on),
        },
        "notice": _notice(row.notice),
        "proposal": proposal_block(proposal),
    }


def hearing_report(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """听证报告 (Art 65: the decision is made on the basis of the hearing record): the host's
    report to the head — the hearing held, the facts and penalty proposed, what the party said,
    and the host's opinion (entered when written by hand; from the step: the Art 65 rule)."""
    rows = Hearing.objects.filter(case=case, held_on__isnull=False)
    row = common.pick(rows, extra, "hearing", "已举行的听证")
    return {
        "hearing": _hearing(row),
        "proposal": proposal_block(row.notice.proposal),
        "notice": _notice(row.notice),
        "opinion_lines": lines(extra.get("opinion")),
    }
