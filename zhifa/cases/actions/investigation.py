"""Investigation (调查取证): evidence of the eight kinds (Art 46), transcripts (Art 55),
evidence preservation (Art 56), and the investigation report with the proposed handling."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction

from zhifa.calendar import periods
from zhifa.cases import clocks, guards
from zhifa.cases.actions._common import (
    LEADER,
    case_url,
    happened,
    notify_role,
    required_text,
    today,
)
from zhifa.cases.actions.penalty_checks import (
    check_first_violation,
    check_minor_mitigation,
    check_party_age,
)
from zhifa.cases.choices import DeadlineKind, EvidenceKind, NoPenaltyReason, Outcome
from zhifa.cases.models import Case, CaseEvent, EvidencePreservation, Proposal, Transcript
from zhifa.cases.record import Place, Upload
from zhifa.cases.workflow import advance, lock_case
from zhifa.core.actions import settle_notifications
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.law import fines, statute
from zhifa.law.choices import HEARING_PENALTIES, NON_PENALTY_MEASURES, BandLevel, PenaltyKind
from zhifa.org.models import User

SERIOUS_PENALTIES = HEARING_PENALTIES  # revocation, suspension, closure: a "heavier" penalty


def add_evidence(
    case: Case,
    *,
    actor: User,
    kind: str,
    uploads: list[Upload] | tuple[Upload, ...] = (),
    description: str = "",
    place: Place | None = None,
    corrects: CaseEvent | None = None,
) -> CaseEvent:
    """Evidence of one of the eight kinds of Art 46, with its files. A correction is a new event
    pointing at the one it corrects — the original stays."""
    if kind not in EvidenceKind.values:
        raise InvalidInput(
            "invalid_choice", f"证据种类「{kind}」不是第46条规定的证据种类", field="kind"
        )
    if not uploads and not description.strip():
        raise InvalidInput("required", "请上传证据文件或填写证据说明", field="uploads")
    if corrects is not None and corrects.case_id != case.pk:
        raise InvalidInput("wrong_case", "被更正的记录不属于本案", field="corrects")
    with transaction.atomic():
        case = lock_case(case, "add_evidence", actor=actor)
        files = [replace(u, kind=kind, description=u.description or description) for u in uploads]
        return advance(
            case,
            "add_evidence",
            actor=actor,
            place=place,
            evidence=files,
            payload={
                "kind": kind,
                "description": description,
                "files": [u.name for u in uploads],
            },
            kind="correct_evidence" if corrects else None,
            corrects=corrects,
        )


def record_transcript(
    case: Case,
    *,
    actor: User,
    kind: str,
    started_at: datetime,
    ended_at: datetime,
    place: str,
    content: str,
    interviewee: str = "",
    party_signed: bool = True,
    refusal_note: str = "",
    evidence: tuple[Upload, ...] = (),
) -> Transcript:
    """询问笔录 / 现场检查笔录, made by at least two certified officers (Arts 42, 55)."""
    content = required_text(content, "content", "笔录内容")
    place = required_text(place, "place", "地点")
    if ended_at <= started_at:
        raise InvalidInput("invalid_times", "结束时间必须晚于开始时间", field="ended_at")
    happened(ended_at, "ended_at", "笔录结束时间")  # a transcript records what was said
    if not party_signed and not refusal_note.strip():
        raise InvalidInput("required", "当事人拒绝签名的，应当注明情况", field="refusal_note")
    with transaction.atomic():
        # Art 42: two certified handlers on the day of the transcript (the precondition)
        case = lock_case(case, "record_transcript", actor=actor, on=started_at.date())
        transcript = Transcript.objects.create(
            case=case,
            kind=kind,
            started_at=started_at,
            ended_at=ended_at,
            place=place,
            interviewee=interviewee,
            content=content,
            party_signed=party_signed,
            refusal_note=refusal_note,
        )
        advance(
            case,
            "record_transcript",
            actor=actor,
            place=Place(place),
            evidence=evidence,
            payload={
                "transcript": transcript.pk,
                "kind": kind,
                "interviewee": interviewee,
                "content": content,
                "started_at": started_at,
                "ended_at": ended_at,
                "party_signed": party_signed,
                "refusal_note": refusal_note,
            },
        )
    return transcript


def request_preservation(
    case: Case, *, actor: User, items: str, on: date | None = None
) -> EvidencePreservation:
    items = required_text(items, "items", "登记保存物品")
    with transaction.atomic():
        case = lock_case(case, "request_preservation", actor=actor, on=today(on))
        row = EvidencePreservation.objects.create(case=case, items=items, requested_on=today(on))
        advance(case, "request_preservation", actor=actor, payload={"items": items})
        notify_role(
            LEADER,
            title=f"{case.number} 申请先行登记保存",
            url=case_url(case.pk),
            kind="preservation_request",
            dedup_key=f"preservation:{row.pk}",
        )
    return row


def approve_preservation(
    preservation: EvidencePreservation, *, actor: User, on: date | None = None
) -> EvidencePreservation:
    """先行登记保存 with the head's approval; a decision is due within 7 working days (Art 56)."""
    day = today(on)
    with transaction.atomic():
        case = lock_case(preservation.case_id, "approve_preservation", actor=actor, on=day)
        row = EvidencePreservation.objects.select_for_update().get(pk=preservation.pk)
        if row.approved_on is not None:
            raise DomainError("already_approved", "该先行登记保存已经批准")
        due = periods.add_working_days(
            day, statute.EVIDENCE_PRESERVATION_DECISION_WD, side=periods.Side.BUREAU
        )
        row.approved_on, row.approved_by, row.decision_due = day, actor, due.date
        row.save(update_fields=["approved_on", "approved_by", "decision_due"])
        clocks.start(case, DeadlineKind.EVIDENCE_PRESERVATION, started_on=day, due=due)
        advance(
            case,
            "approve_preservation",
            actor=actor,
            payload={"preservation": row.pk, "decision_due": due.date},
        )
        settle_notifications(f"preservation:{row.pk}")
    return row


def decide_preservation(
    preservation: EvidencePreservation, *, actor: User, decision: str, on: date | None = None
) -> EvidencePreservation:
    decision = required_text(decision, "decision", "处理决定")
    day = today(on)
    with transaction.atomic():
        case = lock_case(preservation.case_id, "decide_preservation", actor=actor, on=day)
        row = EvidencePreservation.objects.select_for_update().get(pk=preservation.pk)
        if row.approved_on is None:
            raise DomainError("not_approved", "先行登记保存尚未经负责人批准")
        if row.decided_on is not None:
            raise DomainError("already_decided", "该先行登记保存已作出处理决定")
        row.decided_on, row.decision = day, decision[:200]
        row.save(update_fields=["decided_on", "decision"])
        clocks.meet(case, DeadlineKind.EVIDENCE_PRESERVATION, day)
        late = row.decision_due is not None and day > row.decision_due
        advance(
            case,
            "decide_preservation",
            actor=actor,
            payload={"preservation": row.pk, "decision": decision, "late": late},
        )
    return row


def _validate_penalty(
    case: Case,
    *,
    fine: Decimal | None,
    penalty_kinds: list[str],
    level: str,
    base: Decimal | None,
    out_of_band_reason: str,
    serious_facts: str = "",
) -> bool:
    """Fine and penalties against the catalog: outside the statutory range is refused — for a
    tiered fine (分档), outside the tier the finding of seriousness allows; outside the
    discretion band needs a written reason and legal review. Returns out_of_band."""
    item = case.violation_item
    assert item is not None
    unknown = [k for k in penalty_kinds if k not in PenaltyKind.values]
    if unknown or not penalty_kinds:
        raise InvalidInput("invalid_choice", "请选择正确的处罚种类", field="penalty_kinds")
    not_in_item = [
        k for k in penalty_kinds if k not in item.penalty_kinds and k not in NON_PENALTY_MEASURES
    ]
    if not_in_item:
        labels = "、".join(PenaltyKind(k).label for k in not_in_item)
        raise guards.GuardRefused(
            "penalty_not_provided", f"「{item.name}」的处罚依据未规定{labels}"
        )
    if level and level not in BandLevel.values:
        raise InvalidInput("invalid_choice", f"裁量档次「{level}」无效", field="discretion_level")
    if PenaltyKind.FINE not in penalty_kinds:
        if fine:
            raise InvalidInput(
                "fine_without_kind", "处罚种类未选罚款，不应填写罚款金额", field="fine"
            )
        return False
    if fine is None:
        raise InvalidInput("required", "请填写罚款金额", field="fine")
    serious = bool(serious_facts.strip())
    check = fines.check_fine(
        item, case.party_kind, fine, level=level or None, base=base, serious=serious
    )
    if check.code == "seriousness_not_found":  # the finding is a field the user can fill
        raise InvalidInput("serious_facts_required", check.message, field="serious_facts")
    if not check.ok:
        raise guards.GuardRefused(f"fine_{check.code}", check.message)
    out_of_band = check.within_band is False
    if out_of_band and not out_of_band_reason.strip():
        raise InvalidInput(
            "reason_required",
            check.message + "：请填写超出裁量基准的书面理由",
            field="out_of_band_reason",
        )
    return out_of_band


def submit_report(
    case: Case,
    *,
    actor: User,
    findings: str,
    outcome: str,
    fine: Decimal | None = None,
    penalty_kinds: list[str] | None = None,
    discretion_level: str = "",
    base: Decimal | None = None,
    out_of_band_reason: str = "",
    no_penalty_reason: str = "",
    transfer_to: str = "",
    serious_facts: str = "",
    on: date | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """案件调查终结报告: what the investigation established and the proposed handling. Decides
    what follows: prior notice (penalty), hearing rights (Art 63), legal review (Art 58) and
    collective discussion (Art 57 ¶2)."""
    findings = required_text(findings, "findings", "调查认定的事实")
    if outcome not in Outcome.values:
        raise InvalidInput("invalid_choice", f"拟处理意见「{outcome}」无效", field="outcome")
    if outcome == Outcome.NO_PENALTY and no_penalty_reason not in NoPenaltyReason.values:
        raise InvalidInput(
            "required", "不予处罚须写明第33条或第57条规定的理由", field="no_penalty_reason"
        )
    if outcome == Outcome.TRANSFER:
        transfer_to = required_text(transfer_to, "transfer_to", "移送机关")
    kinds = list(penalty_kinds or [])
    day = today(on)
    with transaction.atomic():
        # Arts 42, 56: two handlers, every preservation decided (the preconditions)
        case = lock_case(
            case, "submit_report", actor=actor, expected_version=expected_version, on=day
        )
        check_party_age(case.party, case.act_on, outcome, no_penalty_reason)  # Art 30
        check_first_violation(case, outcome, no_penalty_reason)  # Art 33 ¶1
        if outcome == Outcome.PENALTY:
            check_minor_mitigation(case.party, case.act_on, discretion_level)  # Art 30
        out_of_band = False
        if outcome == Outcome.PENALTY:
            out_of_band = _validate_penalty(
                case,
                fine=fine,
                penalty_kinds=kinds,
                level=discretion_level,
                base=base,
                out_of_band_reason=out_of_band_reason,
                serious_facts=serious_facts,
            )
        else:
            fine, kinds = None, []
        serious_facts = serious_facts.strip() if outcome == Outcome.PENALTY else ""
        proposal = Proposal.objects.create(
            case=case,
            submitted_on=day,
            author=actor,
            findings=findings,
            outcome=outcome,
            no_penalty_reason=no_penalty_reason if outcome == Outcome.NO_PENALTY else "",
            transfer_to=transfer_to,
            penalty_kinds=kinds,
            fine=fine,
            discretion_level=discretion_level,
            base=base,
            out_of_band_reason=out_of_band_reason,
            out_of_band=out_of_band,
            serious_facts=serious_facts,
        )
        penalty = outcome == Outcome.PENALTY
        case.hearing_offered = penalty and fines.hearing_required(
            case.party_kind, amount=fine, penalty_kinds=kinds
        )
        # A hearing already held (before a review returned the case) still requires review.
        reasons = guards.legal_review_reasons(
            case, out_of_band=out_of_band, hearing_held=case.hearing_held
        )
        case.requires_legal_review = outcome != Outcome.TRANSFER and bool(reasons)
        case.requires_collective_discussion = penalty and (
            case.complex_case
            or discretion_level == BandLevel.SERIOUS
            or any(k in SERIOUS_PENALTIES for k in kinds)
        )
        advance(
            case,
            "submit_report",
            actor=actor,
            fields=["hearing_offered", "requires_legal_review", "requires_collective_discussion"],
            payload={
                "findings": findings,
                "outcome": outcome,
                "fine": fine,
                "penalty_kinds": kinds,
                "discretion_level": discretion_level,
                "out_of_band": out_of_band,
                "out_of_band_reason": out_of_band_reason,
                "serious_facts": serious_facts,
                "no_penalty_reason": no_penalty_reason,
                "transfer_to": transfer_to,
                "legal_review_reasons": reasons,
                "hearing_offered": case.hearing_offered,
            },
        )
    return proposal


def order_correction(
    case: Case,
    *,
    actor: User,
    content: str,
    due_on: date,
    on: date | None = None,
    expected_version: int | None = None,
) -> Case:
    """责令改正 (行政处罚法 Art 28 ¶1): the party is ordered to correct the act by ``due_on``.
    Not a penalty: it needs no prior notice; the deadline is the bureau's, set in the order."""
    content = required_text(content, "content", "责令改正的内容")
    day = today(on)
    if due_on <= day:
        raise InvalidInput(
            "due_not_after_order", "改正期限应晚于责令改正之日 (第28条)", field="due_on"
        )
    with transaction.atomic():
        case = lock_case(
            case, "order_correction", actor=actor, expected_version=expected_version, on=day
        )
        clocks.start(case, DeadlineKind.CORRECTION, started_on=day, due=periods.DueDate(due_on))
        advance(
            case,
            "order_correction",
            actor=actor,
            payload={"content": content, "ordered_on": day, "due_on": due_on},
        )
    return case


# The record entries a wrong one of which is voided (and then entered again, correctly).
VOIDABLE = ("record_transcript", "add_evidence", "correct_evidence")


def voidable_entries(case: Case) -> list[CaseEvent]:
    """The case's transcripts and evidence entries not yet voided or corrected, latest first."""
    gone = CaseEvent.objects.filter(case=case, corrects__isnull=False).values("corrects_id")
    return list(
        CaseEvent.objects.filter(case=case, kind__in=VOIDABLE).exclude(pk__in=gone).order_by("-seq")
    )


def void_entry(
    case: Case,
    *,
    actor: User,
    entry: CaseEvent,
    reason: str,
    on: date | None = None,
    expected_version: int | None = None,
) -> CaseEvent:
    """作废错误记录: a wrong entry (a transcript with a wrong date, a mistyped fact, a photo of
    another place) is never edited in place. A new event voids it, with the reason; the entry
    leaves the evidence the documents list, and the documents that cited it are flagged for
    re-issue (``documents.checks.reissue_needed``) — 行政处罚法 Art 47: the full record of
    what was done, mistakes included."""
    reason = required_text(reason, "reason", "作废理由")
    day = today(on)
    with transaction.atomic():
        case = lock_case(case, "void_entry", actor=actor, expected_version=expected_version, on=day)
        if entry.case_id != case.pk or entry.pk not in {e.pk for e in voidable_entries(case)}:
            raise InvalidInput(
                "not_voidable",
                "只能作废本案尚未作废的笔录或证据记录",
                field="entry",
            )
        event = advance(
            case,
            "void_entry",
            actor=actor,
            corrects=entry,
            payload={
                "entry": entry.seq,
                "entry_kind": entry.kind,
                "reason": reason,
            },
        )
        transcript = (entry.payload or {}).get("transcript")
        if entry.kind == "record_transcript" and transcript:
            Transcript.objects.filter(pk=transcript, case=case).update(voided=event)
    return event
